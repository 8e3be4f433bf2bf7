/**
 * What the audit log page (account.listAudit) calls things, in one place: a Chinese name for every
 * audited action (`audit: true` in the contract), keyed `fn.action`, and for every kind of record an
 * audit entry names (src/server/audit.ts AuditTarget.kind). tests/contract/audit-labels.test.ts
 * fails when an audited action has no name here or a name is left for an action no longer audited.
 */
export const AUDIT_ACTION_LABELS = {
  'account.claimAdmin': '成为管理员',
  'account.setupProgramme': '启用项目',
  'account.createOrg': '添加组织',
  'account.renameOrg': '修改组织名称',
  'account.moveOrg': '调整上级组织',
  'account.closeOrg': '撤销组织',
  'account.reopenOrg': '恢复组织',
  'account.importOrgs': '导入组织架构',
  'account.createStaffInvite': '生成工作人员邀请码',
  'account.redeemStaffInvite': '凭邀请码加入工作人员',
  'account.updateStaff': '调整工作人员权限',
  'account.saveProgramme': '保存项目方案新版本',
  'volunteer.getApplication': '查看报名详情',
  'volunteer.revealContact': '查看报名人完整证件号和电话',
  'volunteer.review': '审核报名',
  'volunteer.saveTeam': '保存志愿服务队',
  'volunteer.assignTeam': '调整志愿者所在队伍',
  'volunteer.extendSignup': '延长报名截止日期',
  'child.get': '查看儿童档案',
  'child.reveal': '查看儿童完整证件号或电话',
  'child.exportSheet': '导出儿童台账',
  'child.careCard': '查看结对儿童关爱卡',
  'pairing.exportSheet': '导出结对汇总表',
  'pairing.exportCard': '导出结对卡',
  'pairing.card': '查看结对卡',
  'pairing.reconcile': '核对结对名额',
  'wish.staffGet': '查看心愿详情',
  'wish.reconcile': '核对心愿认领',
  'visit.closeFlag': '关闭需关注提醒',
  'visit.reviewCorrection': '审核走访补正',
  'visit.linkTeamGroup': '绑定队伍微信群',
  'visit.unlinkTeamGroup': '解除队伍微信群绑定',
  'visit.reconcile': '核对走访统计',
  'report.drill': '查看看板明细',
  'report.get': '查看下级报送',
  'report.submit': '提交工作报送',
  'report.reopen': '退回工作报送',
  'report.exportAnnex': '导出附件报表',
  'report.exportLink': '重新获取导出文件链接',
  'report.nominate': '推荐表扬对象',
  'report.decide': '审批表扬推荐',
  'report.withdraw': '撤回表扬推荐',
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_ACTION_LABELS;
export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_LABELS) as [AuditAction, ...AuditAction[]];

/** The kinds of record an audit entry names (AuditTarget.kind). */
export const AUDIT_TARGET_LABELS: Record<string, string> = {
  child: '儿童档案',
  commendation: '表扬推荐',
  export_file: '导出文件',
  org: '组织',
  programme: '项目',
  report: '工作报送',
  staff: '工作人员',
  staff_invite: '工作人员邀请码',
  user: '用户',
  visit_checkin: '走访记录',
  visit_flag: '需关注提醒',
  volunteer_application: '爱心妈妈报名',
  volunteer_team: '志愿服务队',
  wish: '微心愿',
  pairing: '结对',
  table: '附件报表',
  card: '附件报表',
};

export const AUDIT_OUTCOMES = ['success', 'refused'] as const;
export const AUDIT_OUTCOME_LABELS: Record<(typeof AUDIT_OUTCOMES)[number], string> = { success: '成功', refused: '被拒绝' };
