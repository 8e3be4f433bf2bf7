import { z } from 'zod';
import { action } from './define';
import { id, orgCode, pageInput, paged, text } from './common';
import { APPLICANT_KINDS, DECLARATIONS, PAIRING_FORMS, SERVICE_MODES, SERVICE_TIMES, SEXES, TEAM_KINDS, TEAM_SPECIALITIES } from '../programmes/enums';
import { EDUCATION, EMAIL_RE, FORMAT_MESSAGES, PHONE_RE, POLITICAL_STATUS } from '../domain/volunteer/options';
import { isCalendarDate, isValidIdNumber } from '../domain/volunteer/idcard';
import { APP_STATUSES } from '../domain/volunteer/state';

/**
 * Cloud function `volunteer`: sign-up, vetting along the programme's approval chain, roster,
 * teams and quotas. Empty strings count as "not filled" (the required check is the programme's).
 */
const formatted = (label: string, max: number, ok: (v: string) => boolean, message: string) =>
  z.string().trim().max(max).refine((v) => v === '' || ok(v), message).describe(label);
/** `.optional()` drops the label that messages.ts reads, so the wrapper is described too. */
const opt = <T extends z.ZodType>(s: T) => s.optional().describe(s.description ?? '');
const choices = <T extends readonly [string, ...string[]]>(values: T, label: string) => z.array(z.enum(values)).max(values.length).describe(label);

/** The running sign-up window as the sign-up and staff pages show it (issue 17). */
export const SignupWindowView = z.object({
  opens: z.string().nullable(),
  closes: z.string().nullable(),
  /** After 报名时间：, e.g. 2019年7月1日至2019年7月31日, 常年开放. */
  text: z.string(),
  state: z.enum(['before', 'open', 'after']),
  /** Why sign-up is closed today, naming the dates; null while open. */
  notice: z.string().nullable(),
});

/** A team kind's own recruitment window (issue 17 part 5): sign-ups whose node's default team is of this kind are held to it. */
export const TeamWindowView = SignupWindowView.extend({
  kind: z.enum(TEAM_KINDS),
  /** 异地爱心妈妈志愿服务队 */
  label: z.string(),
  /** whose sign-up it holds: unit committees' ('unit'), every other node's ('other'), both, or none (a kind no node defaults to) */
  appliesTo: z.enum(['all', 'unit', 'other', 'none']),
});

export const SignupForm = {
  applicantKind: z.enum(APPLICANT_KINDS).default('individual').describe('报名形式'),
  groupName: opt(text('团队或单位名称', 40)),
  groupSize: opt(z.number().int().min(2).max(1000).describe('团队人数')),
  name: z.string().trim().min(1).max(20).describe('姓名'),
  /** A women-only programme whose form asks no ID number reads her sex from here. */
  sex: opt(z.enum(SEXES).describe('性别')),
  birthDate: opt(formatted('出生年月', 10, isCalendarDate, FORMAT_MESSAGES.birthDate)),
  idNumber: opt(formatted('身份证号码', 18, isValidIdNumber, FORMAT_MESSAGES.idNumber)),
  /** Typed by hand; without it the number verified with WeChat's phone button is used. */
  phone: opt(formatted('联系电话', 11, (v) => PHONE_RE.test(v), FORMAT_MESSAGES.phone)),
  education: opt(z.enum(EDUCATION).describe('学历')),
  politicalStatus: opt(z.enum(POLITICAL_STATUS).describe('政治面貌')),
  employerAndPost: opt(text('工作单位及职务', 60)),
  homeAddress: opt(text('家庭住址', 100)),
  wechatOrQq: opt(text('QQ或微信号码', 40)),
  email: opt(formatted('邮箱', 60, (v) => EMAIL_RE.test(v), FORMAT_MESSAGES.email)),
  skills: opt(text('个人特长', 200)),
  pairingForms: opt(choices(PAIRING_FORMS, '结对形式')),
  pairingOther: opt(text('其他结对形式', 40)),
  serviceModes: opt(choices(SERVICE_MODES, '服务方式')),
  serviceModeOther: opt(text('其他服务方式', 40)),
  serviceTimes: opt(choices(SERVICE_TIMES, '服务时间')),
  serviceTimeOther: opt(text('其他服务时间', 40)),
  orgCode: orgCode.describe('所在地区'),
  preferredAreaCode: opt(orgCode.describe('帮扶地域')),
  preferredChild: opt(text('对帮扶儿童的要求', 200)),
  suggestions: opt(text('有何建议', 200)),
  remarks: opt(text('备注', 200)),
  photoFileId: opt(formatted('照片', 300, (v) => v.startsWith('cloud://'), FORMAT_MESSAGES.fileId)),
  declarations: choices(DECLARATIONS, '报名声明'),
};

const nul = z.string().nullable();
const Choice = z.object({ value: z.string(), label: z.string() });
const FieldSpec = z.object({ field: z.string(), label: z.string(), required: z.boolean() });
const FormView = z.object(SignupForm).omit({ applicantKind: true, groupName: true, groupSize: true, idNumber: true, phone: true, orgCode: true, preferredAreaCode: true, declarations: true }).partial();
const StepView = z.object({ key: z.string(), label: z.string(), orgName: z.string(), decision: z.enum(['approve', 'reject']).nullable(), opinion: nul, at: nul });
const Commitment = z.object({ required: z.boolean(), title: nul, serviceYear: z.number().int().nullable(), due: z.boolean() });

/** What the applicant sees of her own application: her sensitive values masked, no reviewer names. */
export const ApplicationView = z.object({
  id: z.string(),
  version: z.number().int(),
  status: z.enum(APP_STATUSES),
  round: z.number().int(),
  applicantKind: z.enum(APPLICANT_KINDS),
  groupName: nul,
  groupSize: z.number().int().nullable(),
  name: z.string(),
  form: FormView,
  idNumberMasked: nul,
  phoneMasked: z.string(),
  phoneVerified: z.boolean(),
  age: z.number().int(),
  orgCode: z.string(),
  orgName: z.string(),
  preferredAreaCode: nul,
  preferredAreaName: nul,
  declarations: z.array(z.object({ key: z.string(), label: z.string(), acceptedAt: z.string() })),
  steps: z.array(StepView),
  currentStepLabel: nul,
  rejectReason: nul,
  submittedAt: z.string(),
  decidedAt: nul,
  volunteerNumber: nul,
  term: z.object({ start: z.string(), end: z.string(), years: z.number().int() }).nullable(),
  commitment: Commitment,
  team: z.object({ id: z.string(), name: z.string(), kind: z.enum(TEAM_KINDS) }).nullable(),
});

const HistoryEntry = z.object({ at: z.string(), round: z.number().int(), kind: z.string(), stepLabel: nul, orgName: nul, actorName: nul, opinion: nul });
/** Staff view: adds reviewer names, the full history across rounds, and whether the caller may act now. */
export const DetailView = ApplicationView.extend({
  /** her user id: what pairing and nominations take (the view's id is the application's) */
  volunteerId: z.string(),
  steps: z.array(StepView.extend({ reviewerName: nul })),
  history: z.array(HistoryEntry),
  photoUrl: nul.describe('a temporary link to the sign-up photo (an hour), for the reviewing staff'),
  canAct: z.boolean(),
});

const QueueRow = z.object({
  id: z.string(), version: z.number().int(), name: z.string(), age: z.number().int(), phoneMasked: z.string(), orgName: z.string(),
  status: z.enum(APP_STATUSES), stepLabel: nul, submittedAt: z.string(), canAct: z.boolean(), applicantKind: z.enum(APPLICANT_KINDS), groupName: nul,
});
const RosterRow = z.object({
  /** the application's id: for actions about the application (detail, team) */
  id: z.string(),
  /** her user id: what pairing and nominations take (one id for a volunteer, issue 17) */
  volunteerId: z.string(),
  version: z.number().int(), volunteerNumber: nul, name: z.string(), age: z.number().int(), phoneMasked: z.string(), orgName: z.string(),
  teamName: nul, termEnd: nul, commitmentDue: z.boolean(), approvedAt: nul,
});
const QuotaRow = z.object({ orgCode: z.string(), orgName: z.string(), atLeast: z.number().int(), approved: z.number().int(), inReview: z.number().int() });
const TeamRow = z.object({
  id: z.string(), name: z.string(), kind: z.enum(TEAM_KINDS), speciality: z.enum(TEAM_SPECIALITIES).nullable(), orgCode: z.string(), orgName: z.string(),
  leaderId: nul, leaderName: nul, memberCount: z.number().int(),
});

const versioned = { id: id('报名编号'), version: z.number().int().min(0).max(1_000_000).describe('版本') };
const keyword = opt(text('搜索', 30));

export const volunteerContract = {
  getSignupForm: action({
    summary: 'The programme\'s sign-up form: fields with labels and which are required, choices, age range, declarations, template ids to subscribe to.',
    access: 'public',
    input: z.strictObject({}),
    output: z.object({
      brandName: z.string(),
      fields: z.array(FieldSpec),
      applicantKinds: z.array(Choice),
      sex: z.array(Choice),
      pairingForms: z.array(Choice),
      serviceModes: z.array(Choice),
      serviceTimes: z.array(Choice),
      education: z.array(Choice),
      politicalStatus: z.array(Choice),
      declarations: z.array(Choice),
      minAge: z.number().int(),
      maxAge: z.number().int(),
      femaleOnly: z.boolean(),
      signupWindow: SignupWindowView,
      /** the team kinds that recruit in a window of their own */
      teamWindows: z.array(TeamWindowView),
      subscribeTemplateIds: z.array(z.string()),
    }),
    errors: ['NOT_FOUND'],
  }),
  verifyPhone: action({
    summary: 'Exchange the code from WeChat\'s phone-number button for the caller\'s phone; kept on the server for her next submit.',
    access: 'public',
    input: z.strictObject({ code: z.string().trim().min(1).max(128).describe('手机号授权码') }),
    output: z.object({ phoneMasked: z.string() }),
    errors: ['INVALID_INPUT', 'UNAUTHENTICATED'],
  }),
  submit: action({
    summary: 'Submit (or resubmit after a rejection or withdrawal) the caller\'s application. Ineligible or duplicate applications are refused, and so is a sign-up outside the programme\'s window (FORBIDDEN; answering a rejection is not a new sign-up and is let through).',
    access: 'public',
    input: z.strictObject({ ...SignupForm, subscribed: z.boolean().default(false).describe('接收审核结果通知') }),
    output: z.object({ application: ApplicationView }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  }),
  mine: action({
    summary: 'The caller\'s own application (or null), with its steps, term and 承诺书 state.',
    access: 'public',
    input: z.strictObject({}),
    output: z.object({ application: ApplicationView.nullable() }),
    errors: [],
  }),
  withdraw: action({
    summary: 'The applicant withdraws her application while it is in review.',
    access: 'public',
    input: z.strictObject({ version: versioned.version, reason: opt(text('撤回原因', 100)) }),
    output: z.object({ application: ApplicationView }),
    errors: ['INVALID_INPUT', 'NOT_FOUND', 'CONFLICT'],
  }),
  subscribe: action({
    summary: 'Record one more acceptance of the result template (a one-time template allows one message per acceptance).',
    access: 'public',
    input: z.strictObject({ accepted: z.literal(true).describe('接收审核结果通知') }),
    output: z.object({ allowance: z.number().int() }),
    errors: ['INVALID_INPUT', 'NOT_FOUND'],
  }),
  acceptCommitment: action({
    summary: 'An approved volunteer accepts this service year\'s commitment letter (承诺书).',
    access: ['volunteer'],
    input: z.strictObject({ accepted: z.literal(true).describe('同意承诺书') }),
    output: z.object({ application: ApplicationView }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  }),
  listApplications: action({
    summary: 'Review queue: applications in the caller\'s subtree; `todo` keeps those waiting for the caller\'s own node.',
    access: ['staff', 'admin'],
    permission: 'volunteer.review',
    input: z.strictObject({
      todo: z.boolean().default(true).describe('只看待我审核'),
      status: opt(z.enum(APP_STATUSES).describe('状态')),
      areaCode: opt(orgCode.describe('地区')),
      keyword,
      ...pageInput,
    }),
    output: paged(QueueRow),
    errors: ['FORBIDDEN', 'NOT_FOUND'],
  }),
  reviewCounts: action({
    summary: 'Counts for the staff home: waiting for me, in review in my subtree, approved in my subtree.',
    access: ['staff', 'admin'],
    permission: 'volunteer.review',
    input: z.strictObject({}),
    output: z.object({ todo: z.number().int(), inReview: z.number().int(), approved: z.number().int() }),
    errors: ['FORBIDDEN'],
  }),
  getApplication: action({
    summary: 'One application in the caller\'s subtree, with the history of its steps (ID number and phone masked).',
    access: ['staff', 'admin'],
    input: z.strictObject({ id: versioned.id }),
    output: z.object({ application: DetailView }),
    errors: ['FORBIDDEN', 'NOT_FOUND'],
    audit: true,
  }),
  revealContact: action({
    summary: 'The full ID number and phone of one applicant in the caller\'s subtree (audited).',
    access: ['staff', 'admin'],
    permission: 'volunteer.review',
    input: z.strictObject({ id: versioned.id }),
    output: z.object({ idNumber: z.string().nullable(), phone: z.string() }),
    errors: ['FORBIDDEN', 'NOT_FOUND'],
    audit: true,
  }),
  review: action({
    summary: 'Approve or reject at the current step, as the node that acts at it. Two reviewers at once: one wins, the other gets CONFLICT.',
    access: ['staff', 'admin'],
    permission: 'volunteer.review',
    input: z.strictObject({
      ...versioned,
      decision: z.enum(['approve', 'reject']).describe('审核结果'),
      opinion: opt(text('审核意见', 200)),
      teamId: opt(id('服务队')),
    }),
    output: z.object({ application: DetailView }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
    audit: true,
  }),
  listRoster: action({
    summary: 'Approved volunteers in the caller\'s subtree; search by name, volunteer number, phone or ID number.',
    access: ['staff', 'admin'],
    permission: 'volunteer.read',
    input: z.strictObject({ areaCode: opt(orgCode.describe('地区')), teamId: opt(id('服务队')), keyword, ...pageInput }),
    output: paged(RosterRow),
    errors: ['FORBIDDEN', 'NOT_FOUND'],
  }),
  quotaProgress: action({
    summary: 'Recruitment quotas of the programme inside the caller\'s subtree, with approved and in-review counts.',
    access: ['staff', 'admin'],
    permission: 'volunteer.read',
    input: z.strictObject({}),
    output: z.object({ total: QuotaRow.nullable(), items: z.array(QuotaRow) }),
    errors: ['FORBIDDEN'],
  }),
  listTeams: action({
    summary: 'Volunteer service teams (志愿服务队) in the caller\'s subtree, with leader (leaderId: her user id, as the roster\'s volunteerId; a team saved before with her application id reads the same) and member count.',
    access: ['staff', 'admin'],
    permission: 'volunteer.read',
    input: z.strictObject({ areaCode: opt(orgCode.describe('地区')), ...pageInput }),
    output: paged(TeamRow),
    errors: ['FORBIDDEN', 'NOT_FOUND'],
  }),
  saveTeam: action({
    summary: 'Create a team at a node of the caller\'s subtree, or rename it and set its leader (a member; leaderId either of her ids, kept as her user id).',
    access: ['staff', 'admin'],
    permission: 'volunteer.review',
    input: z.strictObject({
      id: opt(id('服务队')),
      name: z.string().trim().min(1).max(40).describe('服务队名称'),
      kind: z.enum(TEAM_KINDS).describe('服务队类型'),
      speciality: opt(z.enum(TEAM_SPECIALITIES).describe('专业方向')),
      orgCode: orgCode.describe('所属组织'),
      leaderId: opt(id('队长')),
    }),
    output: z.object({ team: TeamRow }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND'],
    audit: true,
  }),
  assignTeam: action({
    summary: 'Move an approved volunteer into a team (both inside the caller\'s subtree).',
    access: ['staff', 'admin'],
    permission: 'volunteer.review',
    input: z.strictObject({ ...versioned, teamId: id('服务队') }),
    output: z.object({ application: DetailView }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
    audit: true,
  }),
  extendSignup: action({
    summary: 'Set a later closing date of the programme\'s sign-up window, or with teamKind of that team kind\'s own window (from the programme\'s when it had none, so that kind recruits longer) (staff at the programme\'s top node, or an admin).',
    access: ['staff', 'admin'],
    permission: 'volunteer.review',
    input: z.strictObject({
      closes: z.string().trim().refine(isCalendarDate, '报名截止日期格式应为 YYYY-MM-DD 且是有效日期').describe('报名截止日期'),
      teamKind: z.enum(TEAM_KINDS, { error: '服务队类型不在可选范围内' }).optional().describe('服务队类型'),
    }),
    output: z.object({ signupWindow: SignupWindowView, teamWindows: z.array(TeamWindowView) }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND'],
    audit: true,
  }),
} as const;
