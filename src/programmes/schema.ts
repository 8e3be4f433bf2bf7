import { z } from 'zod';
import {
  ANNEX_PURPOSES,
  APPLICANT_KINDS,
  CHILD_CATEGORIES,
  COMMENDATION_CRITERIA,
  CONTACT_KINDS,
  DECLARATIONS,
  DIFFICULT_SUBTYPES,
  LATE_START_GRACES,
  ORG_LEVELS,
  PAIRING_FORMS,
  POOR_REASONS,
  REPORT_SECTIONS,
  RISK_LEVELS,
  SIGNUP_FIELDS,
  TEAM_KINDS,
  TEAM_SPECIALITIES,
  VISIT_PERIODS,
  VOLUNTEER_ROLES,
  WISH_CATEGORIES,
  WISH_OCCASIONS,
} from './enums';
import { checkProgramme } from './invariants';

/**
 * A programme is configuration, not code (DESIGN.md "Programmes"). Field labels are given with
 * `.describe('中文')` and every refinement speaks Chinese, because an admin editing a programme
 * reads these messages. Cross-field rules live in ./invariants.ts.
 */

const oneOf = <T extends readonly [string, ...string[]]>(values: T, label: string) =>
  z.enum(values, { error: `${label}不在可选范围内` }).describe(label);
const label = (what: string, max = 60) =>
  z.string({ error: `请填写${what}` }).trim().min(1, `请填写${what}`).max(max, `${what}不能超过${max}个字`).describe(what);
const int = (what: string, min: number, max: number) =>
  z
    .number({ error: `${what}必须是数字` })
    .int(`${what}必须是整数`)
    .min(min, `${what}不能小于${min}`)
    .max(max, `${what}不能大于${max}`)
    .describe(what);
const list = <T extends z.ZodType>(item: T, what: string, min = 0) =>
  z.array(item).min(min, `请至少选择一项${what}`).describe(what);

/** Same shape as the contract's org code (src/contract/common.ts). */
export const OrgCodeSchema = z
  .string({ error: '请填写组织编码' })
  .min(1, '请填写组织编码')
  .max(40, '组织编码不能超过40个字符')
  .regex(/^[A-Za-z0-9_-]+$/, '组织编码只能包含字母、数字、下划线和短横线')
  .describe('组织编码');

export const OrgLevelSchema = oneOf(ORG_LEVELS, '组织层级');

/** One node of the org tree, as a flat list entry (root first, parentCode null only for the root). */
export const OrgNodeSeedSchema = z.object({
  code: OrgCodeSchema,
  name: label('组织名称', 40),
  level: OrgLevelSchema,
  parentCode: OrgCodeSchema.nullable().describe('上级组织'),
});
export type OrgNodeSeed = z.infer<typeof OrgNodeSeedSchema>;

/** Ages are inclusive and counted in whole years from the birth date (see ageInYears). */
export const EligibilitySchema = z
  .object({
    minAge: int('最低年龄', 16, 100),
    maxAge: int('最高年龄', 16, 100),
    applicantSex: z.enum(['female', 'any'], { error: '报名性别要求不在可选范围内' }).default('female').describe('报名性别要求'),
    requiredDeclarations: list(oneOf(DECLARATIONS, '报名声明'), '报名声明', 1),
    allowedApplicantKinds: list(oneOf(APPLICANT_KINDS, '报名形式'), '报名形式', 1),
  })
  .refine((e) => e.minAge < e.maxAge, { message: '最低年龄必须小于最高年龄', path: ['minAge'] });
export type Eligibility = z.infer<typeof EligibilitySchema>;

/** One field of the sign-up form; `label` overrides the default wording with the programme's own. */
export const SignupFieldSpecSchema = z.object({
  field: oneOf(SIGNUP_FIELDS, '报名字段'),
  required: z.boolean().describe('是否必填'),
  label: label('字段名称', 20).optional(),
});
export type SignupFieldSpec = z.infer<typeof SignupFieldSpecSchema>;

/**
 * One step of the vetting chain. The step is acted on by the applicant's nearest ancestor-or-self
 * node whose level is one of `levels` (遂宁: a county federation, or a 市直 unit's committee); a
 * step with no such node above the applicant does not apply to her (see approvalStepsFor).
 */
export const ApprovalStepSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/, '审批环节编码只能包含小写字母、数字和下划线').describe('审批环节编码'),
  label: label('审批环节名称', 30),
  levels: list(OrgLevelSchema, '审批层级', 1),
});
export type ApprovalStep = z.infer<typeof ApprovalStepSchema>;

export const TargetChildrenSchema = z.object({
  categories: list(oneOf(CHILD_CATEGORIES, '儿童类别'), '儿童类别', 1),
  /** Sub-types of 困境儿童 the programme counts; empty = any. */
  difficultSubtypes: list(oneOf(DIFFICULT_SUBTYPES, '困境儿童类型'), '困境儿童类型').default([]),
  /** 龙岗's standards for a 贫困儿童; empty = any. */
  poorReasons: list(oneOf(POOR_REASONS, '贫困原因'), '贫困原因').default([]),
  sex: z.enum(['female', 'male'], { error: '儿童性别要求不在可选范围内' }).optional().describe('儿童性别要求'),
  /** Exclusive: the child's age in whole years must be below this (遂宁 "12周岁以下" → 12). */
  ageUnder: int('儿童年龄上限', 1, 18),
  requireBothParentsAway: z.boolean().default(false).describe('要求父母双方均外出'),
  /** Inclusive: parents away at least this many months (遂宁 "半年以上" → 6). */
  minParentsAwayMonths: int('父母外出月数', 1, 120).optional(),
  ruralOnly: z.boolean().default(false).describe('仅限农村生活的儿童'),
});
export type TargetChildren = z.infer<typeof TargetChildrenSchema>;

/** A volunteer attached at `volunteerLevel` pairs only inside her ancestor-or-self node at `scopeLevel`. */
export const LevelRuleSchema = z.object({ volunteerLevel: OrgLevelSchema, scopeLevel: OrgLevelSchema });
export type LevelRule = z.infer<typeof LevelRuleSchema>;

export const PairingRulesSchema = z.object({
  forms: list(oneOf(PAIRING_FORMS, '结对形式'), '结对形式', 1),
  /** Children per volunteer when she states no capacity. */
  defaultCapacity: int('默认结对儿童数', 1, 50),
  maxCapacity: int('每位志愿者最多结对儿童数', 1, 50),
  maxVolunteersPerChild: int('每名儿童最多结对志愿者数', 1, 10).default(1),
  /** 龙岗: the volunteer's level decides the area she may pair within. Empty = no area limit. */
  levelRule: list(LevelRuleSchema, '按层级结对规则').default([]),
  /** 岳阳: one 本地 and one 异地 volunteer may care for one child together. Null = roles not counted. */
  localRemote: z.object({ local: int('本地志愿者数', 0, 5), remote: int('异地志愿者数', 0, 5) }).nullable().default(null).describe('本地与异地志愿者人数'),
  consentRequired: z.boolean().default(true).describe('需监护人同意'),
  acceptanceDays: int('志愿者确认结对期限（天）', 1, 30).default(3),
});
export type PairingRules = z.infer<typeof PairingRulesSchema>;

export const VisitRequirementSchema = z.object({
  kinds: list(oneOf(CONTACT_KINDS, '走访联系方式'), '走访联系方式', 1),
  count: int('次数', 1, 100),
  label: label('要求说明', 40),
});
export type VisitRequirement = z.infer<typeof VisitRequirementSchema>;

export const ChecklistItemSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/, '检查项编码只能包含小写字母、数字和下划线').describe('检查项编码'),
  group: label('检查项分组', 10),
  label: label('检查项', 60),
});
export type ChecklistItem = z.infer<typeof ChecklistItemSchema>;

/**
 * A frequency rule: in every `period`, for each requirement, at least `count` check-ins whose kind
 * is one of `kinds`. A check-in counts toward every requirement that lists its kind. A checklist is
 * filled on each check-in whose kind is in `checklistKinds`; with `checklistCount` > 0 the rule also
 * asks, in every period, that many check-ins of those kinds with every checklist item ticked (岳阳
 * “一看二联三问四帮”), counted like a requirement (src/domain/visits countedRequirements). 0 = the
 * checklist is offered, not counted.
 */
export const VisitRuleSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/, '走访规则编码只能包含小写字母、数字和下划线').describe('走访规则编码'),
  label: label('走访规则名称', 40),
  appliesTo: z.object({
    role: oneOf(VOLUNTEER_ROLES, '适用志愿者'),
    /** Empty = every risk level. */
    riskLevels: list(oneOf(RISK_LEVELS, '风险等级'), '风险等级').default([]),
    /** Empty = every category the programme targets. */
    childCategories: list(oneOf(CHILD_CATEGORIES, '儿童类别'), '儿童类别').default([]),
  }).describe('适用对象'),
  period: oneOf(VISIT_PERIODS, '周期'),
  requirements: list(VisitRequirementSchema, '频次要求'),
  checklist: list(ChecklistItemSchema, '检查清单').default([]),
  checklistKinds: list(oneOf(CONTACT_KINDS, '走访联系方式'), '检查清单适用方式').default([]),
  checklistCount: int('每期需完整填写检查清单的走访次数（0为不计次）', 0, 100).default(0),
});
export type VisitRule = z.infer<typeof VisitRuleSchema>;

export const WishRulesSchema = z
  .object({
    enabled: z.boolean().default(true).describe('开展微心愿'),
    priceCapYuan: int('微心愿金额上限（元）', 1, 10000).default(200),
    categories: list(oneOf(WISH_CATEGORIES, '心愿类别'), '心愿类别', 1).default([...WISH_CATEGORIES]),
    occasions: list(oneOf(WISH_OCCASIONS, '心愿时机'), '心愿时机', 1).default([...WISH_OCCASIONS]),
    claimDays: int('认领有效期（天）', 1, 60).default(7),
    maxOpenClaimsPerDonor: int('每人同时认领上限', 1, 50).default(3),
    reminderDaysBeforeLapse: int('到期前提醒天数', 0, 30).default(2),
  })
  .refine((w) => w.reminderDaysBeforeLapse < w.claimDays, { message: '到期前提醒天数必须小于认领有效期', path: ['reminderDaysBeforeLapse'] });
export type WishRules = z.infer<typeof WishRulesSchema>;

/** 2019-02-29 rolls over to 1 March and 2019-13-01 is no time at all: neither is a real day. */
const isRealDay = (s: string) => {
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(s);
};
/** A calendar day (YYYY-MM-DD) that exists: 2019-02-30 is refused. */
const day = (what: string) =>
  z
    .string({ error: `请填写${what}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${what}格式应为 YYYY-MM-DD`)
    // a wrong format gets the regex's message alone
    .refine((s) => !/^\d{4}-\d{2}-\d{2}$/.test(s) || isRealDay(s), `${what}不是有效的日期`)
    .describe(what);

/**
 * When sign-up is open, in China's civil time, both days inclusive (opens at 00:00 of `opens`,
 * closes at 24:00 of `closes`); null = not limited on that side. The presets hold their notices'
 * dates; the running window is kept in the settings document (src/server/programme.ts).
 */
export const SignupWindowSchema = z
  .object({ opens: day('报名开始日期').nullable(), closes: day('报名截止日期').nullable() })
  .describe('报名时间');
export type SignupWindow = z.infer<typeof SignupWindowSchema>;

/** Recruitment target: at least `atLeast` volunteers from this node's subtree. */
export const QuotaSchema = z.object({ orgCode: OrgCodeSchema, atLeast: int('招募名额', 1, 100000), note: label('备注', 100).optional() });
export type Quota = z.infer<typeof QuotaSchema>;
export const QuotasSchema = z.object({ total: int('招募总数', 1, 1000000).nullable(), items: list(QuotaSchema, '招募名额') });
export type Quotas = z.infer<typeof QuotasSchema>;

/** Children to pair in this node's subtree, by category (厦门: 海沧 5 留守 + 15 困境). */
export const AllocationSchema = z.object({
  orgCode: OrgCodeSchema,
  counts: z.partialRecord(oneOf(CHILD_CATEGORIES, '儿童类别'), int('名额', 0, 100000)).describe('各类别名额'),
  note: label('备注', 100).optional(),
});
export type Allocation = z.infer<typeof AllocationSchema>;
export const AllocationsSchema = z.object({
  total: int('名额总数', 1, 1000000).nullable(),
  items: list(AllocationSchema, '名额分配'),
  note: label('分配说明', 200).optional(),
});
export type Allocations = z.infer<typeof AllocationsSchema>;

export const CoverageGoalSchema = z.object({
  categories: list(oneOf(CHILD_CATEGORIES, '儿童类别'), '儿童类别', 1),
  percent: int('结对覆盖率目标（%）', 1, 100),
  by: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '目标日期格式应为 YYYY-MM-DD').describe('目标日期'),
});
export type CoverageGoal = z.infer<typeof CoverageGoalSchema>;

/**
 * Periodic reports up the tree: every `everyMonths` months (periods aligned to January), due on
 * `dueDay` of the period's last month (`dueMonthOffset` 0) or of the month after it (1).
 */
export const ReportCalendarSchema = z.object({
  everyMonths: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(6), z.literal(12)], { error: '报送周期只能是1、2、3、6或12个月' }).describe('报送周期（月）'),
  dueDay: int('报送截止日', 1, 28),
  dueMonthOffset: z.union([z.literal(0), z.literal(1)], { error: '截止月份只能是0或1' }).describe('截止月份（0：当月，1：次月）'),
  submitterLevels: list(OrgLevelSchema, '报送层级', 1),
  sections: list(oneOf(REPORT_SECTIONS, '报送内容'), '报送内容', 1),
});
export type ReportCalendar = z.infer<typeof ReportCalendarSchema>;

export const TermSchema = z.object({
  years: int('服务年限', 1, 10),
  yearlyCommitment: z.boolean().describe('每年签订承诺书'),
  commitmentTitle: label('承诺书名称', 30).optional(),
});
export type Term = z.infer<typeof TermSchema>;

export const CommendationSchema = z.object({
  yearly: z.boolean().describe('每年评优'),
  /** Month of the year the review is held (遂宁: 6月). */
  month: int('评优月份', 1, 12).optional(),
  weights: z.partialRecord(oneOf(COMMENDATION_CRITERIA, '评优指标'), int('权重', 0, 100)).describe('评优指标权重'),
});
export type Commendation = z.infer<typeof CommendationSchema>;

/**
 * A recruitment window of one kind of 志愿服务队, where the notice dates a team's recruitment apart
 * from the programme's: an applicant whose node's default team is of this kind (a unit committee's
 * is 异地, src/domain/volunteer/teams.ts defaultTeamOf) signs up in this window instead of the
 * programme-wide one. Like that one, the running dates are kept in the settings document.
 */
export const TeamSignupWindowSchema = z
  .object({ kind: oneOf(TEAM_KINDS, '服务队类型'), opens: day('报名开始日期').nullable(), closes: day('报名截止日期').nullable() })
  .describe('服务队报名时间');
export type TeamSignupWindow = z.infer<typeof TeamSignupWindowSchema>;

export const TeamsConfigSchema = z.object({
  kinds: list(oneOf(TEAM_KINDS, '服务队类型'), '服务队类型', 1),
  specialities: list(oneOf(TEAM_SPECIALITIES, '专业方向'), '专业方向').default([]),
  /** Empty: every team signs up in the programme's window. */
  signupWindows: list(TeamSignupWindowSchema, '各服务队报名时间').default([]),
});
export type TeamsConfig = z.infer<typeof TeamsConfigSchema>;

const header = label('表头', 80);
const annexCommon = {
  key: z.string().regex(/^[a-z0-9_-]+$/, '附件编码只能包含小写字母、数字、下划线和短横线').describe('附件编码'),
  number: label('附件编号', 10).nullable(),
  /** The annex's own heading, as printed above the table. */
  title: label('附件标题', 80),
  /** The title as the notice's 附件 list words it, where that differs (厦门 “爱心妈妈” in quotes). */
  listedAs: label('附件列表中的标题', 80).optional(),
  purpose: oneOf(ANNEX_PURPOSES, '附件用途'),
  /** Lines above the table (信息采集时间, 填报单位 …). */
  headerFields: list(header, '表头信息').default([]),
  /** Lines below it (街道妇联审核意见 …). */
  footerFields: list(header, '表尾信息').default([]),
};
/** A summary table: one row per record, `columns` are the annex's headers in order. */
export const AnnexSheetSchema = z.object({
  ...annexCommon,
  kind: z.literal('table'),
  columns: list(header, '表头', 1),
  /** Merged cells above the header row (厦门 附件6: 爱心妈妈情况 / 结对儿童情况). */
  groups: list(z.object({ label: header, start: int('起始列', 0, 200), span: int('跨列数', 1, 200) }), '表头分组').default([]),
});
export const AnnexFormSectionSchema = z.object({
  title: header.nullable(),
  fields: list(header, '字段', 1),
  /** Fields repeated once per row label (晋江 走访情况: 一季度 … 四季度). */
  rowLabels: list(header, '行标题').default([]),
  /** A free number of rows of these fields (厦门 附件1 family members). */
  repeating: z.boolean().default(false),
});
/** A form: one sheet per record, fields in reading order by section. */
export const AnnexFormSchema = z.object({
  ...annexCommon,
  kind: z.literal('form'),
  sections: list(AnnexFormSectionSchema, '表单分区', 1),
});
export const AnnexTableSchema = z.discriminatedUnion('kind', [AnnexSheetSchema, AnnexFormSchema], { error: '附件类型只能是表格或表单' });
export type AnnexTable = z.infer<typeof AnnexTableSchema>;

export const ProgrammeBaseSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{3,40}$/, '项目编号只能包含小写字母、数字和短横线（3–40位）').describe('项目编号'),
  name: label('项目名称', 60),
  brandName: z.enum(['爱心妈妈', '妇联妈妈'], { error: '品牌名称只能是“爱心妈妈”或“妇联妈妈”' }).describe('品牌名称'),
  city: label('城市', 20),
  year: int('年份', 2000, 2100),
  issuer: label('发文单位', 40),
  docNumber: label('文号', 40).nullable(),
  issuedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '发文日期格式应为 YYYY-MM-DD').nullable().describe('发文日期'),
  orgTree: list(OrgNodeSeedSchema, '组织架构', 1),
  eligibility: EligibilitySchema.describe('报名条件'),
  signupFields: list(SignupFieldSpecSchema, '报名字段', 1),
  approvalChain: list(ApprovalStepSchema, '审批流程', 1),
  teams: TeamsConfigSchema.describe('服务队'),
  targetChildren: TargetChildrenSchema.describe('结对儿童'),
  pairing: PairingRulesSchema.describe('结对规则'),
  contactKinds: list(oneOf(CONTACT_KINDS, '走访联系方式'), '走访联系方式', 1),
  visitRules: list(VisitRuleSchema, '走访规则'),
  /** No notice grants one: 'none' unless a programme says so (issue 17). */
  lateStartGrace: oneOf(LATE_START_GRACES, '结对较晚的宽限').default('none'),
  wishRules: WishRulesSchema.describe('微心愿规则'),
  signupWindow: SignupWindowSchema.default({ opens: null, closes: null }),
  quotas: QuotasSchema.nullable().describe('招募名额'),
  allocations: AllocationsSchema.nullable().describe('结对分配'),
  coverageGoal: CoverageGoalSchema.nullable().describe('覆盖率目标'),
  reportCalendar: ReportCalendarSchema.nullable().describe('报送日历'),
  term: TermSchema.nullable().describe('服务期限'),
  commendation: CommendationSchema.nullable().describe('评优'),
  annexTables: list(AnnexTableSchema, '附件表格'),
});

/** The cross-field rules (./invariants.ts) run once the shape itself is valid. */
export const ProgrammeSchema = ProgrammeBaseSchema.superRefine(checkProgramme);
/** A validated programme (defaults filled in). */
export type Programme = z.output<typeof ProgrammeSchema>;
/** What a preset or an admin writes (defaults may be left out). */
export type ProgrammeInput = z.input<typeof ProgrammeSchema>;
