/**
 * Permissions as data (after Primero): a staff account holds a list of these keys, and its scope
 * is always its own org subtree; admins hold all of them over the whole programme.
 */
export const PERMISSIONS = {
  'org.manage': '管理组织架构',
  'staff.manage': '管理工作人员账号',
  'volunteer.review': '审核爱心妈妈报名',
  'volunteer.read': '查看爱心妈妈名册',
  'child.read': '查看儿童台账',
  'child.write': '录入和修改儿童台账',
  'child.reveal': '查看完整身份证号和电话',
  'child.export': '导出儿童台账',
  'pairing.manage': '管理结对',
  'wish.review': '审核微心愿',
  'visit.read': '查看走访记录',
  'report.read': '查看统计报表',
  'report.submit': '提交工作报告',
  'report.export': '导出附件报表',
  'commendation.manage': '评优表扬（推荐与审批）',
  'audit.read': '查看操作日志',
} as const;

export type Permission = keyof typeof PERMISSIONS;
export const PERMISSION_KEYS = Object.keys(PERMISSIONS) as Permission[];

/** Starting sets an admin can pick when creating a staff account. */
export const STAFF_TEMPLATES: Record<string, { label: string; permissions: Permission[] }> = {
  manager: {
    label: '妇联负责人',
    permissions: PERMISSION_KEYS.filter((p) => p !== 'audit.read'),
  },
  officer: {
    label: '妇联工作人员',
    permissions: ['volunteer.review', 'volunteer.read', 'child.read', 'child.write', 'pairing.manage', 'wish.review', 'visit.read', 'report.read', 'report.submit', 'report.export', 'commendation.manage'],
  },
  childDirector: {
    label: '儿童主任',
    permissions: ['child.read', 'child.write', 'visit.read'],
  },
};
