/**
 * What each screen of `npm run shots` shows, for the gallery (docs/screens.md): a Chinese caption
 * for the people who run the programme and an English note for developers, grouped by who uses
 * the page. Every screen that is not a large-text variant must be here (shots/run.ts fails on one
 * that is not); large-text ones (large-*, care-*) are in the gallery only when listed here.
 */
export type Caption = { screen: string; zh: string; en: string };
export type Group = { title: string; en: string; screens: Caption[] };

export const GROUPS: Group[] = [
  {
    title: '志愿者（爱心妈妈）',
    en: 'Volunteers: signing up, their pairings and visits',
    screens: [
      { screen: 'signup', zh: '报名成为爱心妈妈，第1步：基本信息', en: 'Sign-up form, first of four steps, as a new WeChat user' },
      { screen: 'home-applicant', zh: '首页：已报名、等待审核的人', en: 'Home of an applicant waiting for review' },
      { screen: 'volunteer-status-pending', zh: '我的报名：待审核，审核进度', en: 'Application status: pending, with the review steps' },
      { screen: 'volunteer-status-approved', zh: '我的报名：已通过，志愿者编号和服务队', en: 'Application status: approved, volunteer number and team' },
      { screen: 'volunteer-status-rejected', zh: '我的报名：未通过及原因', en: 'Application status: rejected, with the reason' },
      { screen: 'home-volunteer', zh: '首页：已结对的爱心妈妈，快速打卡和常用功能', en: 'Home of an approved, paired volunteer: quick check-in and shortcuts' },
      { screen: 'notices-volunteer', zh: '消息：一条未读的表扬通知', en: 'Notices: one unread commendation' },
      { screen: 'pairings', zh: '我的结对：待确认为空，一个结对中', en: 'Her pairings: none to confirm (empty section), one active' },
      { screen: 'pairing-card', zh: '结对卡：孩子、学校、监护人和帮扶要求', en: 'Pairing card: the child, school, guardian and what is owed' },
      { screen: 'checkin', zh: '走访打卡：本期待办和完整走访表', en: 'Visit check-in: this period\'s to-dos and the full visit form' },
      { screen: 'timeline', zh: '走访记录：一次入户走访', en: 'Visit timeline of her child: one home visit' },
      { screen: 'correct', zh: '修改走访记录（提交后须审核）', en: 'Correcting a visit record (the change is reviewed)' },
      { screen: 'checkin-team', zh: '团队动态：本月打卡情况和最近动态', en: 'Team activity: who checked in this month, latest visits' },
      { screen: 'team-entry', zh: '团队动态的一条走访', en: 'One visit from the team activity' },
      { screen: 'staff-wish-collect', zh: '采集微心愿：为结对的孩子记下一个心愿', en: 'Collecting a wish for her paired child (opened from her home)' },
      { screen: 'report-honours', zh: '我的荣誉：年度优秀爱心妈妈证书', en: 'Her honours: the yearly commendation certificate' },
    ],
  },
  {
    title: '捐赠人 / 公众',
    en: 'Donors and the public: wishes',
    screens: [
      { screen: 'home-donor', zh: '首页：微信用户（爱心人士）', en: 'Home of a donor, any WeChat user' },
      { screen: 'wish-list', zh: '微心愿：等待认领的心愿，最急需在前', en: 'Wish list, most urgent first' },
      { screen: 'wish-detail', zh: '心愿详情：认领前看到的内容', en: 'A wish before claiming it' },
      { screen: 'my-claims', zh: '我认领的心愿：寄送进度和孩子的感谢', en: 'My claims: shipping progress and the child\'s thanks' },
      { screen: 'wish-list-empty', zh: '微心愿：还没有心愿（空列表）', en: 'Wish list with no wishes yet: empty state' },
      { screen: 'my-claims-empty', zh: '我认领的心愿：还没有认领（空列表）', en: 'My claims with none: empty state' },
      { screen: 'wish-list-offline', zh: '微心愿：网络不好（出错，可重试）', en: 'Wish list offline: error state with retry' },
    ],
  },
  {
    title: '工作人员（妇联）',
    en: 'Staff of the women\'s federations: review, children, pairings, wishes, visits',
    screens: [
      { screen: 'home-staff', zh: '首页：街道工作人员，今日待办和工作入口', en: 'Home of a street-level staff member: today\'s to-dos and work entries' },
      { screen: 'staff-volunteer-review', zh: '报名审核：待我审核', en: 'Volunteer review: waiting for me' },
      { screen: 'staff-volunteer-detail', zh: '报名详情：审核一份报名', en: 'One application under review' },
      { screen: 'staff-volunteer-roster', zh: '爱心妈妈名册：招募进度和名单', en: 'Volunteer roster: recruitment against quotas, the list' },
      { screen: 'staff-child-list', zh: '儿童台账：筛选和名单', en: 'Children register: filters and list' },
      { screen: 'staff-child-detail', zh: '儿童档案：不符合项目条件的说明', en: 'A child\'s file, with why she is not eligible' },
      { screen: 'staff-child-edit', zh: '修改儿童档案（长表单）', en: 'Editing a child\'s file (long form)' },
      { screen: 'staff-child-import', zh: '导入儿童台账：支持的表格', en: 'Importing the children register from a sheet' },
      { screen: 'staff-pairing-board', zh: '结对管理：结对推荐和结对列表', en: 'Pairing board: suggestions and pairings' },
      { screen: 'staff-pairing-detail', zh: '结对详情：结对帮扶卡', en: 'One pairing: its card' },
      { screen: 'staff-wish-review', zh: '心愿审核：待审核', en: 'Wish review: waiting for review' },
      { screen: 'staff-wish-review-claimed', zh: '心愿审核：已认领', en: 'Wish review: claimed tab' },
      { screen: 'staff-wish-manage', zh: '心愿办理：一个已认领的心愿', en: 'Handling a claimed wish' },
      { screen: 'staff-visit-board-child', zh: '走访督办：按儿童', en: 'Visit board by child' },
      { screen: 'staff-visit-board-volunteer', zh: '走访督办：按爱心妈妈', en: 'Visit board by volunteer' },
      { screen: 'staff-visit-board-area', zh: '走访督办：按地区', en: 'Visit board by area' },
      { screen: 'staff-visit-board-flags', zh: '走访督办：需要关注的孩子', en: 'Visit board: children flagged on a visit' },
      { screen: 'staff-visit-board-corrections', zh: '走访督办：修改申请（空列表）', en: 'Visit board: corrections, none waiting (empty state)' },
    ],
  },
  {
    title: '报表（数据看板、工作报送、评优）',
    en: 'Reports: dashboard, reporting calendar (晋江 demo data), commendation',
    screens: [
      { screen: 'report-dashboard', zh: '数据看板：覆盖率、待办指标和图表位置', en: 'Dashboard of the city (charts are left blank in shots)' },
      { screen: 'report-dashboard-areas', zh: '各地明细：各区县的数字', en: 'Per-area figures' },
      { screen: 'report-drill-children', zh: '看板明细：全部儿童', en: 'Dashboard drill-down: all children' },
      { screen: 'report-drill-volunteers', zh: '看板明细：已通过的爱心妈妈', en: 'Drill-down: approved volunteers' },
      { screen: 'report-drill-pairings', zh: '看板明细：结对中', en: 'Drill-down: active pairings' },
      { screen: 'report-drill-overdue', zh: '看板明细：走访逾期的结对（空列表）', en: 'Drill-down: overdue pairings, none (empty state)' },
      { screen: 'report-drill-flags', zh: '看板明细：待关注事项', en: 'Drill-down: open flags' },
      { screen: 'report-drill-wishes', zh: '看板明细：微心愿', en: 'Drill-down: wishes' },
      { screen: 'report-annexes', zh: '附件报表：按通知附件导出', en: 'Annex exports in the notice\'s own columns' },
      { screen: 'report-commendation', zh: '评优表扬：推荐名单', en: 'Commendation: nominations' },
      { screen: 'report-commendation-all', zh: '评优表扬：全部推荐（市级）', en: 'Commendation: all nominations, city level' },
      { screen: 'report-periods', zh: '工作报送：镇街的各期报告', en: 'Reporting calendar of a town (晋江)' },
      { screen: 'report-edit-draft', zh: '工作报告：草稿', en: 'A monthly report being written' },
      { screen: 'report-edit-submitted', zh: '工作报告：已提交（逾期），只读', en: 'A submitted (late) report, read-only' },
      { screen: 'report-periods-city', zh: '工作报送：市级看各期', en: 'Reporting calendar at the city above' },
      { screen: 'report-status', zh: '报送情况：下级提交和逾期', en: 'Who submitted a period\'s report, who is late' },
    ],
  },
  {
    title: '管理员',
    en: 'Administrators: programme set-up, organisation, staff',
    screens: [
      { screen: 'home-admin', zh: '首页：管理员', en: 'Home of the administrator' },
      { screen: 'admin-setup', zh: '启用本地区项目：选择项目方案', en: 'Programme set-up: choosing a preset' },
      { screen: 'admin-programme', zh: '项目规则：生效中的规则和版本记录', en: 'Programme rules in effect, and their versions' },
      { screen: 'admin-programme-edit', zh: '修改项目规则：微心愿规则', en: 'Editing the rules: the wish rules' },
      { screen: 'admin-programme-save', zh: '检查并保存：修改内容、生效日期和原因', en: 'Checking and saving a new version: changes, first day, reason' },
      { screen: 'admin-orgs', zh: '组织架构', en: 'Organisation tree' },
      { screen: 'admin-staff', zh: '工作人员：邀请和名单', en: 'Staff: inviting, the list' },
      { screen: 'admin-join', zh: '加入工作人员：输入邀请码', en: 'Joining as staff with an invite code' },
      { screen: 'admin-join-refused', zh: '加入工作人员：邀请码无效（提交被拒，出错）', en: 'Joining refused by the server: error state' },
      { screen: 'admin-reconcile', zh: '数据核对：名额、认领和走访统计', en: 'Data reconciliation: quotas, claims, visit tallies' },
      { screen: 'admin-audit', zh: '操作记录：按操作人、操作类型、日期、记录编号查找', en: 'Audit log with its filters: who, what, when, which record' },
    ],
  },
  {
    title: '大字体 / 关怀模式',
    en: 'Large text: WeChat\'s largest font setting (×1.5), and 关怀模式 on top (×1.75)',
    screens: [
      { screen: 'large-home-volunteer', zh: '大字体：志愿者首页', en: 'Volunteer home at the largest WeChat font (×1.5)' },
      { screen: 'large-home-staff', zh: '大字体：工作人员首页', en: 'Staff home at ×1.5' },
      { screen: 'large-wish-list', zh: '大字体：微心愿', en: 'Wish list at ×1.5' },
      { screen: 'large-admin-orgs', zh: '大字体：组织架构', en: 'Organisation tree at ×1.5' },
      { screen: 'care-home-staff', zh: '关怀模式：工作人员首页', en: 'Staff home with 关怀模式 (×1.75)' },
      { screen: 'care-signup', zh: '关怀模式：报名', en: 'Sign-up at ×1.75' },
      { screen: 'care-volunteer-status', zh: '关怀模式：我的报名', en: 'Application status at ×1.75' },
      { screen: 'care-checkin', zh: '关怀模式：走访打卡', en: 'Visit check-in at ×1.75' },
      { screen: 'care-wish-detail', zh: '关怀模式：心愿详情', en: 'A wish at ×1.75' },
      { screen: 'care-my-claims', zh: '关怀模式：我认领的心愿', en: 'My claims at ×1.75' },
      { screen: 'care-staff-volunteer-review', zh: '关怀模式：报名审核', en: 'Volunteer review at ×1.75' },
      { screen: 'care-staff-pairing-detail', zh: '关怀模式：结对详情', en: 'A pairing at ×1.75' },
      { screen: 'care-report-dashboard', zh: '关怀模式：数据看板', en: 'Dashboard at ×1.75' },
      { screen: 'care-report-calendar-edit', zh: '关怀模式：工作报告草稿（晋江）', en: 'A report being written at ×1.75' },
      { screen: 'care-admin-staff', zh: '关怀模式：工作人员', en: 'Staff administration at ×1.75' },
    ],
  },
];

/** large-* and care-* screens: every page has one (shots/care.shots.ts); the gallery shows a few. */
export const isLargeText = (screen: string) => /^(large|care)-/.test(screen);
