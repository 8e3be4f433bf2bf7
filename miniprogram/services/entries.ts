/**
 * The home page's tiles: each area adds its entries here, with the roles (and, for staff, the
 * permission) that see it, in the place its users would look first. Keep labels short: they are
 * read at a large font size.
 */
export interface Entry {
  key: string;
  label: string;
  hint: string;
  url: string;
  /** Shown when the caller holds any of these roles. */
  roles: Array<'volunteer' | 'donor' | 'staff' | 'admin' | 'applicant'>;
  permission?: string;
  /** Not shown when the caller holds any of these roles (who already has what the tile offers). */
  hideFor?: Array<'volunteer' | 'donor' | 'staff' | 'admin'>;
  /** Staff tools: the area a staff home groups them under. */
  area?: string;
}

export const ENTRIES: Entry[] = [
  // in the order a home page lists them: an applicant's sign-up; a volunteer's daily use; staff's
  // work queues, registers and reports; then the wishes everyone may help with. The inbox comes
  // first: reminders there are what a volunteer without the WeChat subscription would miss
  { key: 'notices', label: '消息', hint: '走访提醒、报送提醒、心愿进展、表扬通知', url: '/pages/notices/index', roles: ['volunteer', 'donor', 'staff', 'admin'] },
  { key: 'volunteer-signup', label: '报名成为爱心妈妈', hint: '几分钟填完，随时查看审核进度', url: '/pages/signup/index', roles: ['applicant'] },
  { key: 'visit-checkin', label: '走访打卡', hint: '完整走访表：照片、走访清单、孩子状况', url: '/packages/volunteer/pages/checkin/index', roles: ['volunteer'] },
  { key: 'pairing-mine', label: '我的结对', hint: '确认结对邀请、结对卡、关爱寄语', url: '/packages/volunteer/pages/pairings/index', roles: ['volunteer'] },
  { key: 'visit-team', label: '团队动态', hint: '队友最近的走访，谁本月还没打卡', url: '/packages/volunteer/pages/checkin-team/index', roles: ['volunteer'] },
  { key: 'wish-collect', label: '采集微心愿', hint: '为结对的孩子记下一个小心愿', url: '/packages/staff/pages/wish-collect/index', roles: ['volunteer'] },
  { key: 'report-honours', label: '我的荣誉', hint: '年度表扬证书，分享给亲友', url: '/packages/report/pages/honours/index', roles: ['volunteer'] },
  { key: 'volunteer-mine', label: '我的报名', hint: '审核进度、志愿者编号、承诺书', url: '/pages/volunteer-status/index', roles: ['applicant', 'volunteer'] },
  { key: 'visit-board', label: '走访督办', hint: '逾期未走访、需要关注的孩子', url: '/packages/staff/pages/visit-board/index', roles: ['staff', 'admin'], permission: 'visit.read', area: '走访关爱' },
  { key: 'volunteer-review', label: '报名审核', hint: '审核本级的爱心妈妈报名', url: '/packages/staff/pages/volunteer-review/index', roles: ['staff', 'admin'], permission: 'volunteer.review', area: '爱心妈妈' },
  { key: 'wish-review', label: '心愿审核', hint: '审核、撤销认领、确认收到', url: '/packages/staff/pages/wish-review/index', roles: ['staff', 'admin'], permission: 'wish.review', area: '微心愿' },
  { key: 'pairing-board', label: '结对管理', hint: '结对推荐、监护人同意、名额进度', url: '/packages/staff/pages/pairing-board/index', roles: ['staff', 'admin'], permission: 'pairing.manage', area: '儿童与结对' },
  { key: 'child-list', label: '儿童台账', hint: '一人一档、风险等级、导入导出', url: '/packages/staff/pages/child-list/index', roles: ['staff', 'admin'], permission: 'child.read', area: '儿童与结对' },
  { key: 'volunteer-roster', label: '爱心妈妈名册', hint: '名册查询与招募进度', url: '/packages/staff/pages/volunteer-roster/index', roles: ['staff', 'admin'], permission: 'volunteer.read', area: '爱心妈妈' },
  { key: 'report-dashboard', label: '数据看板', hint: '结对覆盖率、逾期走访、各地对比', url: '/packages/report/pages/dashboard/index', roles: ['staff', 'admin'], permission: 'report.read', area: '报送与统计' },
  { key: 'report-periods', label: '工作报送', hint: '按期填写、提交工作报告', url: '/packages/report/pages/periods/index', roles: ['staff', 'admin'], permission: 'report.submit', area: '报送与统计' },
  { key: 'report-annexes', label: '附件报表', hint: '按通知附件原样导出表格', url: '/packages/report/pages/annexes/index', roles: ['staff', 'admin'], permission: 'report.export', area: '报送与统计' },
  { key: 'report-commendation', label: '评优表扬', hint: '年度推荐名单、推荐与审批', url: '/packages/report/pages/commendation/index', roles: ['staff', 'admin'], permission: 'commendation.manage', area: '报送与统计' },
  { key: 'admin-orgs', label: '组织架构', hint: '添加下级组织、修改名称', url: '/packages/admin/pages/orgs/index', roles: ['staff', 'admin'], permission: 'org.manage', area: '系统管理' },
  { key: 'admin-audit', label: '操作记录', hint: '谁在何时做了什么：按人、操作、日期、记录查找', url: '/packages/admin/pages/audit/index', roles: ['admin'], area: '系统管理' },
  { key: 'admin-programme', label: '项目规则', hint: '报名条件、走访要求、心愿规则等，修改后按日期生效', url: '/packages/admin/pages/programme/index', roles: ['admin'], area: '系统管理' },
  { key: 'admin-reconcile', label: '数据核对', hint: '名额、认领、走访统计的自动核对与修正', url: '/packages/admin/pages/reconcile/index', roles: ['admin'], area: '系统管理' },
  { key: 'admin-staff', label: '工作人员', hint: '邀请工作人员、调整权限、停用账号', url: '/packages/admin/pages/staff/index', roles: ['staff', 'admin'], permission: 'staff.manage', area: '系统管理' },
  { key: 'wish-list', label: '微心愿', hint: '帮孩子圆一个小心愿', url: '/pages/wish-list/index', roles: ['donor', 'volunteer', 'staff', 'admin', 'applicant'] },
  { key: 'wish-mine', label: '我认领的心愿', hint: '寄送进度和孩子的感谢', url: '/pages/my-claims/index', roles: ['donor'] },
  { key: 'staff-join', label: '加入工作人员', hint: '妇联工作人员凭邀请码加入', url: '/packages/admin/pages/join/index', roles: ['donor', 'volunteer'], hideFor: ['staff', 'admin'] },
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
    if (e.hideFor?.some((r) => viewer.roles.includes(r))) return false;
    if (e.permission && !viewer.isAdmin && e.roles.includes('staff') && viewer.roles.includes('staff')) return viewer.permissions.includes(e.permission);
    return true;
  });
}

/** The order a staff home lists its tool groups in: daily work first, administration last. */
export const AREA_ORDER = ['走访关爱', '爱心妈妈', '儿童与结对', '微心愿', '报送与统计', '系统管理'];
export const HELP_TITLE = '我也想帮忙';

/**
 * A home's tiles in the order shown, each with the heading that starts its group (groupTitle on
 * the first of a group only). Staff and admins see 消息, their tools by area, then what anyone may
 * do (sign up, wishes …) under 我也想帮忙; everyone else one list of 常用功能.
 */
export function homeTiles(viewer: Viewer): Array<Entry & { groupTitle: string }> {
  const shown = entriesFor(viewer);
  if (!viewer.roles.includes('staff') && !viewer.isAdmin) return shown.map((e, i) => ({ ...e, groupTitle: i === 0 ? '常用功能' : '' }));
  const group = (e: Entry) => (e.key === 'notices' ? '消息' : e.area ?? HELP_TITLE);
  const order = ['消息', ...AREA_ORDER, HELP_TITLE];
  const sorted = [...shown].sort((a, b) => order.indexOf(group(a)) - order.indexOf(group(b)));
  return sorted.map((e, i) => ({ ...e, groupTitle: i === 0 || group(sorted[i - 1]) !== group(e) ? group(e) : '' }));
}
