import { z } from 'zod';
import { action } from './define';
import { reconcileAction } from './reconcile';
import { id, pageInput, paged, requiredText, text } from './common';
import { CONTACT_KINDS } from '../programmes/enums';

/**
 * visit: 走访打卡. A volunteer logs a contact with a child she is actively paired with; each
 * check-in carries the per-period counter keys it counts toward (src/domain/visits counterKeys), so
 * what is due and the staff overdue board count a page of pairings with one indexed aggregate over
 * their check-ins, never one by one. A "needs attention" flag reaches staff
 * in scope until they close it with the action taken.
 */

// ---- outputs
const Option = z.object({ code: z.string(), label: z.string() });

export const DueItem = z.object({
  ruleLabel: z.string(),
  label: z.string(),
  periodLabel: z.string(),
  required: z.number().int(),
  done: z.number().int(),
  remaining: z.number().int(),
  dueDate: z.string(),
  status: z.string(),
  statusLabel: z.string(),
});

export const CheckInView = z.object({
  id: z.string(),
  childId: z.string(),
  kind: z.string(),
  kindLabel: z.string(),
  at: z.string(),
  durationMinutes: z.number().int(),
  withWhom: z.string(),
  problems: z.string(),
  measures: z.string(),
  childState: z.object({ health: z.string(), study: z.string(), mood: z.string() }),
  checklist: z.array(z.string()),
  photos: z.array(z.string()),
  photoUrls: z.array(z.string()).describe('temporary links to the photos (an hour), in the same order; \'\' for a file no longer kept'),
  location: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
  flagged: z.boolean(),
  volunteerName: z.string(),
  mine: z.boolean().describe('the caller is the volunteer who made it (she may correct it)'),
  editable: z.boolean(),
  corrected: z.boolean(),
  pendingCorrection: z.boolean(),
  version: z.number().int().describe('the record\'s version: a correction sends the one it was made from'),
});

/** A CONFLICT's details where the record changed or already exists: the check-in as it stands, as its volunteer sees it. */
const StoredVersion = z.object({ current: CheckInView.describe('the check-in as recorded now (its version is the one a new correction sends)') });

const BoardRow = z.object({
  key: z.string(),
  label: z.string(),
  sub: z.string(),
  worst: z.string(),
  worstLabel: z.string(),
  overdue: z.number().int(),
  dueSoon: z.number().int(),
  onTrack: z.number().int(),
  items: z.array(DueItem),
});

export const FlagView = z.object({
  id: z.string(),
  childId: z.string(),
  childName: z.string(),
  volunteerName: z.string(),
  reason: z.string(),
  status: z.string(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  action: z.string().nullable(),
});

// ---- inputs
const kind = z.enum(CONTACT_KINDS).describe('走访联系方式');
const childState = z
  .strictObject({
    health: text('身体状况', 100).default('').describe('身体状况'),
    study: text('学习情况', 100).default('').describe('学习情况'),
    mood: text('心理情绪', 100).default('').describe('心理情绪'),
  })
  .default({ health: '', study: '', mood: '' })
  .describe('孩子的状况');
const fileId = z.string().min(1).max(300).describe('照片文件编号');
const location = z
  .strictObject({
    latitude: z.number().min(-90).max(90).describe('纬度'),
    longitude: z.number().min(-180).max(180).describe('经度'),
  })
  .describe('大致位置（约1公里）');

/**
 * Proof of the WeChat group a card was opened in: the cloudID from wx.getGroupEnterInfo (or
 * wx.getShareInfo), exchanged on the server for the group's openGId (src/functions/visit/group.ts).
 * Passed as a plain string: CloudBase replaces a wx.cloud.CloudID only at the top level of
 * callFunction's data, and every call here nests its input under `data`.
 */
const groupTicket = z.strictObject({ cloudID: z.string().min(1).max(1000).describe('群聊凭证') }).describe('所在微信群的凭证');
const teamRef = {
  id: id('打卡编号').optional().describe('从哪条动态卡片打开（打卡编号）'),
  teamId: id('服务队编号').optional(),
};
const TeamGroupLink = z.object({
  teamId: z.string(),
  teamName: z.string(),
  linked: z.boolean().describe('the team has a linked WeChat group'),
  here: z.boolean().nullable().describe('the card was opened in that group (null: not opened from a group)'),
});

const checkInFields = {
  kind,
  at: z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), '时间格式不正确').describe('走访时间'),
  durationMinutes: z.number().int().min(1).max(24 * 60).describe('时长（分钟）'),
  withWhom: text('与谁（孩子、监护人、老师等）', 60).default(''),
  problems: text('发现的问题', 500).default(''),
  measures: text('解决措施', 500).default(''),
  childState,
  checklist: z.array(z.string().max(40).describe('检查项编码')).max(30).default([]).describe('走访检查清单'),
  photos: z.array(fileId).max(9).default([]).describe('照片'),
  location: location.nullable().default(null),
};

export const visitContract = {
  checkIn: action({
    summary: 'Log a contact with a child the caller is actively paired with. clientId (made on the device) makes a retry or an offline replay record once: a repeat with the same body answers the first record (duplicate: true); a different body under a clientId already recorded answers CONFLICT and saves nothing (compared by a hash of the normalised input kept with the record), with the record as stored in error.details.current so the phone can offer a correction. Counted at once and exactly once: the record carries the per-period counter keys it counts toward and its minutes, and every count is read from the records, so concurrent check-ins never conflict; an error answer means either nothing was stored or it was stored and counted (resend: a replay). The answer\'s serviceHours include it; a flag opens a needs-attention item for staff in scope. subscribe: true (she accepted the reminder template on this tap) adds one reminder credit, kept with her OPENID; a repeat adds none.',
    access: ['volunteer'],
    input: z.strictObject({
      clientId: z.string().min(8).max(40).regex(/^[A-Za-z0-9_-]+$/, '编号格式不正确').describe('设备生成的打卡编号'),
      childId: id('儿童编号'),
      ...checkInFields,
      flag: text('需要关注的原因（安全、健康、监护问题）', 200).default('').describe('需要关注的原因'),
      subscribe: z.boolean().default(false).describe('接受了一次走访提醒（微信订阅消息）'),
    }),
    output: z.object({ id: z.string(), duplicate: z.boolean(), at: z.string(), serviceHours: z.number() }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
    conflict: StoredVersion,
  }),
  mine: action({
    summary: 'The volunteer\'s home: per actively paired child, what is due this period (counted from her check-ins), the kinds she may log and the checklist where her rule has one.',
    access: ['volunteer'],
    input: z.strictObject({}),
    output: z.object({
      children: z.array(z.object({
        childId: z.string(),
        givenName: z.string(),
        role: z.string(),
        items: z.array(DueItem),
        checklist: z.array(z.object({ key: z.string(), group: z.string(), label: z.string() })),
        checklistKinds: z.array(z.string()),
        /** a rule counts the checklist per period: only a visit with every item ticked counts */
        checklistCounted: z.boolean(),
      })),
      kinds: z.array(Option),
      serviceHours: z.number(),
      reminderTemplateId: z.string().nullable(),
    }),
    errors: [],
  }),
  board: action({
    summary: 'The overdue board for the caller\'s subtree: one page of active pairings, by child or grouped by volunteer, with what is overdue or due soon (and, under the programme\'s late-start grace, what is not asked this period: 本期结对较晚，下期起计). Counts each page\'s pairings with one aggregate over their check-ins: round trips per page do not grow with check-ins. view \'area\': one row per org node one level below the caller\'s (the whole programme\'s top level for admins), counting its pairings by their worst status (overdue, due soon, on track), from the per-area tallies the morning timer writes from the same counts; two reads a page whatever the number of pairings or check-ins.',
    access: ['staff', 'admin'],
    permission: 'visit.read',
    input: z.strictObject({ view: z.enum(['child', 'volunteer', 'area']).default('child').describe('按儿童、按爱心妈妈或按地区'), ...pageInput }),
    output: paged(BoardRow),
    errors: ['FORBIDDEN'],
  }),
  flags: action({
    summary: 'Needs-attention flags in the caller\'s subtree, open ones by default, newest first.',
    access: ['staff', 'admin'],
    permission: 'visit.read',
    input: z.strictObject({ status: z.enum(['open', 'closed']).default('open').describe('状态'), ...pageInput }),
    output: paged(FlagView),
    errors: ['FORBIDDEN'],
  }),
  closeFlag: action({
    summary: 'Close a needs-attention flag in scope, recording the action taken.',
    access: ['staff', 'admin'],
    permission: 'visit.read',
    input: z.strictObject({ id: id('关注事项编号'), action: requiredText('采取的措施', 300) }),
    output: z.object({ id: z.string(), status: z.string() }),
    errors: ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
    audit: true,
  }),
  correct: action({
    summary: 'Correct one\'s own check-in: within the correction window it is changed at once (the old values are kept); later it becomes a request staff approve. version is the one the page showed: a check-in changed since (another correction, a decision) answers CONFLICT and nothing is written, with the check-in as it stands in error.details.current (its version): the page shows it beside her edit, and applying hers on top is a new correction with that version.',
    access: ['volunteer'],
    input: z.strictObject({ id: id('打卡编号'), version: z.number().int().min(1).describe('版本号'), ...checkInFields, reason: requiredText('更正原因', 200) }),
    output: z.object({ id: z.string(), applied: z.boolean(), requestPending: z.boolean() }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
    conflict: StoredVersion,
  }),
  corrections: action({
    summary: 'Pending correction requests in the caller\'s subtree.',
    access: ['staff', 'admin'],
    permission: 'visit.read',
    input: z.strictObject({ ...pageInput }),
    output: paged(z.object({ id: z.string(), childName: z.string(), volunteerName: z.string(), reason: z.string(), requestedAt: z.string(), before: CheckInView, after: CheckInView })),
    errors: ['FORBIDDEN'],
  }),
  reviewCorrection: action({
    summary: 'Approve or refuse a late correction; an approved one changes the check-in and what it counts toward, keeping the old values. version is the one the queue showed (before.version): a check-in changed since (decided by someone else, a new request) answers CONFLICT.',
    access: ['staff', 'admin'],
    permission: 'visit.read',
    input: z.strictObject({ id: id('打卡编号'), version: z.number().int().min(1).describe('版本号'), approve: z.boolean().describe('是否同意'), note: text('说明', 200).default('') }),
    output: z.object({ id: z.string(), applied: z.boolean() }),
    errors: ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
    audit: true,
  }),
  team: action({
    summary: 'The caller\'s volunteer team: recent check-ins of its members (member name, kind, date and the child\'s alias only) and who has not checked in this month.',
    access: ['volunteer'],
    input: z.strictObject({}),
    output: z.object({
      teamName: z.string(),
      recent: z.array(z.object({ volunteerName: z.string(), childAlias: z.string(), kindLabel: z.string(), date: z.string() })),
      inactive: z.array(z.string()),
      members: z.number().int(),
    }),
    errors: ['NOT_FOUND'],
  }),
  sharedEntry: action({
    summary: 'A check-in shared to the team\'s WeChat group as a card: the activity, her name and the child\'s alias only, for members of the volunteer\'s team, for anyone who opens it inside the team\'s linked WeChat group (groupTicket resolves to that group), and for those who may link the team\'s group (its leader; staff with visit.read or volunteer.read over the team\'s org); anyone else a polite refusal. link: only for those who may link — whether the team has a group and whether this is it.',
    access: ['donor', 'volunteer', 'staff', 'admin'],
    input: z.strictObject({ id: id('打卡编号'), groupTicket: groupTicket.optional() }),
    output: z.object({ volunteerName: z.string(), childAlias: z.string(), kindLabel: z.string(), date: z.string(), link: TeamGroupLink.nullable() }),
    errors: ['FORBIDDEN', 'NOT_FOUND'],
  }),
  linkTeamGroup: action({
    summary: 'Link a volunteer team to the WeChat group a card was opened in (绑定本群): the team is the one of the check-in the card shows (id) or teamId. Allowed for the team\'s leader and for staff with visit.read or volunteer.read whose scope holds the team\'s org. Only a keyed hash of the group\'s openGId is kept; linking again replaces the earlier group.',
    access: ['volunteer', 'staff', 'admin'],
    input: z.strictObject({ ...teamRef, groupTicket }),
    output: z.object({ teamId: z.string(), teamName: z.string(), replaced: z.boolean() }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND'],
    audit: true,
  }),
  unlinkTeamGroup: action({
    summary: 'Remove the link between a volunteer team and its WeChat group (same people as linkTeamGroup); cards opened there then admit team members only.',
    access: ['volunteer', 'staff', 'admin'],
    input: z.strictObject({ ...teamRef }),
    output: z.object({ teamId: z.string(), removed: z.boolean() }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND'],
    audit: true,
  }),
  reconcile: reconcileAction('Admin: the area board\'s tallies rebuilt now from the active pairings\' check-ins (as the morning timer does, without reminding anyone; check-ins from before counter keys get theirs first). Counts of check-ins and service hours are read from the check-ins themselves and need no repair; the tallies are a whole rebuild, so nothing is watched. Answers the nodes whose tallies changed since the last build. run: false answers the last run without running. Audited.'),
  timeline: action({
    summary: 'A child\'s check-ins with photos, newest first: for her active volunteer and staff in scope.',
    access: ['volunteer', 'staff', 'admin'],
    input: z.strictObject({ childId: id('儿童编号'), ...pageInput }),
    output: paged(CheckInView),
    errors: ['FORBIDDEN', 'NOT_FOUND'],
  }),
};

export const VISIT_CORRECTION_DAYS = 3;
