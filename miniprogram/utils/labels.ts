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
