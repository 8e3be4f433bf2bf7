/** Chinese words for codes shown to users. */
export const ROLE_LABELS: Record<string, string> = {
  volunteer: '爱心妈妈',
  donor: '爱心人士',
  staff: '妇联工作人员',
  admin: '管理员',
};

export const VOLUNTEER_STATUS_LABELS: Record<string, string> = {
  draft: '草稿',
  pending: '待审核',
  district_approved: '区县审核通过',
  approved: '已通过',
  rejected: '未通过',
  withdrawn: '已撤回',
};

/** 志愿服务队类型 (岳阳: 本地 / 异地 / 专业). */
export const TEAM_KIND_LABELS: Record<string, string> = { local: '本地', remote: '异地', professional: '专业' };

/** Staff permissions in words (the keys of src/contract/permissions.ts PERMISSIONS; a test keeps them equal). */
export const PERMISSION_LABELS: Record<string, string> = {
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
};

/** Org tree levels in words (src/programmes/enums.ts ORG_LEVEL_LABELS; a test keeps them equal). */
export const ORG_LEVEL_LABELS: Record<string, string> = {
  city: '市',
  district: '区/县/园区',
  street: '街道/乡镇',
  community: '村/社区',
  unit: '机关/企事业/高校妇委会',
};
