/**
 * The home page's tiles: each area adds its entries here, with the roles (and, for staff, the
 * permission) that see it. Keep labels short: they are read at a large font size.
 */
export interface Entry {
  key: string;
  label: string;
  hint: string;
  url: string;
  /** Shown when the caller holds any of these roles. */
  roles: Array<'volunteer' | 'donor' | 'staff' | 'admin' | 'applicant'>;
  permission?: string;
}

export const ENTRIES: Entry[] = [
  // areas append their entries below
  { key: 'volunteer-signup', label: '报名成为爱心妈妈', hint: '几分钟填完，随时查看审核进度', url: '/pages/signup/index', roles: ['applicant'] },
  { key: 'volunteer-mine', label: '我的报名', hint: '审核进度、志愿者编号、承诺书', url: '/pages/volunteer-status/index', roles: ['applicant', 'volunteer'] },
  { key: 'volunteer-review', label: '报名审核', hint: '审核本级的爱心妈妈报名', url: '/packages/staff/pages/volunteer-review/index', roles: ['staff', 'admin'], permission: 'volunteer.review' },
  { key: 'volunteer-roster', label: '爱心妈妈名册', hint: '名册查询与招募进度', url: '/packages/staff/pages/volunteer-roster/index', roles: ['staff', 'admin'], permission: 'volunteer.read' },
  { key: 'child-list', label: '儿童台账', hint: '一人一档、风险等级、导入导出', url: '/packages/staff/pages/child-list/index', roles: ['staff', 'admin'], permission: 'child.read' },
];

export interface Viewer {
  roles: string[];
  permissions: string[];
  isAdmin: boolean;
  /** a WeChat user who is not (yet) a volunteer sees the sign-up entries */
  isApplicant: boolean;
}

export function entriesFor(viewer: Viewer): Entry[] {
  return ENTRIES.filter((e) => {
    const roleOk = e.roles.some((r) => (r === 'applicant' ? viewer.isApplicant : viewer.roles.includes(r)));
    if (!roleOk) return false;
    if (e.permission && !viewer.isAdmin && e.roles.includes('staff') && viewer.roles.includes('staff')) return viewer.permissions.includes(e.permission);
    return true;
  });
}
