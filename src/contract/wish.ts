import { z } from 'zod';
import { action } from './define';
import { reconcileAction } from './reconcile';
import { id, orgCode, pageInput, paged, requiredText, text } from './common';
import { WISH_CATEGORIES, WISH_OCCASIONS } from '../programmes/enums';

/**
 * wish: 微心愿. Collected by a child's active volunteer or staff in scope, reviewed by staff, then
 * published anonymised: the output schemas below are the anonymisation guard — a public or donor
 * view declares only alias, age, sex, district and the wish itself, so nothing else can leave.
 */

// ---- outputs
export const WishCard = z.object({
  id: z.string(),
  alias: z.string(),
  age: z.number().int(),
  sex: z.string(),
  district: z.string(),
  title: z.string(),
  category: z.string(),
  categoryLabel: z.string(),
  priceYuan: z.number(),
  occasion: z.string(),
  occasionLabel: z.string(),
  neededBy: z.string(),
  status: z.string(),
  statusLabel: z.string(),
});

const Option = z.object({ code: z.string(), label: z.string() });

/** Where a donor may hand a gift over: the federation office or the volunteer, never the child. */
const Handover = z.object({ mode: z.enum(['office', 'volunteer']), label: z.string(), address: z.string() });

const photoUrl = z.string().nullable().describe('a temporary link to the photo (an hour), only when the caller may see it');
const Thanks = z.object({ text: z.string(), photoFileID: z.string().nullable(), photoUrl, at: z.string() });

export const DonorClaim = z.object({
  id: z.string(),
  card: WishCard,
  claimedAt: z.string(),
  expiresAt: z.string().nullable(),
  daysLeft: z.number().int().nullable(),
  handover: z.array(Handover),
  handoverMode: z.string().nullable(),
  sentAt: z.string().nullable(),
  thanks: Thanks.nullable(),
});

const Transition = z.object({ event: z.string(), label: z.string(), from: z.string().nullable(), to: z.string(), actorId: z.string(), at: z.string(), reason: z.string().nullable() });

/** Staff and collectors see whose wish it is (the child's name), never donors. */
export const StaffWish = z.object({
  id: z.string(),
  card: WishCard,
  childId: z.string(),
  childName: z.string(),
  orgCode: z.string(),
  childWords: z.string(),
  officeAddress: z.string(),
  volunteerAddress: z.string(),
  reviewReason: z.string().nullable(),
  claim: z.object({ donorLabel: z.string(), claimedAt: z.string(), expiresAt: z.string(), handoverMode: z.string().nullable(), sentAt: z.string().nullable() }).nullable(),
  thanks: Thanks.extend({
    photoApproved: z.boolean().describe('the photo is shown to the donor and on the thanks wall'),
    photoStatus: z.string().describe('照片审核中 …, for the author and staff; empty without a photo'),
  }).nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  history: z.array(Transition),
  can: z.object({ review: z.boolean(), revoke: z.boolean(), receive: z.boolean(), thank: z.boolean(), resubmit: z.boolean(), approvePhoto: z.boolean() }),
});

// ---- inputs
const wishId = id('心愿');
const category = z.enum(WISH_CATEGORIES).describe('心愿类别');
const occasion = z.enum(WISH_OCCASIONS).describe('心愿时机');
const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD').describe('希望送达日期');
const wishFields = {
  title: requiredText('心愿内容', 40),
  category,
  priceYuan: z.number().int().min(1).max(10000).describe('预估价格（元）'),
  occasion: occasion.default('none'),
  neededBy: ymd,
  childWords: text('孩子想说的话', 100).default(''),
  officeAddress: requiredText('妇联转交地址', 100),
  volunteerAddress: text('爱心妈妈转交地址', 100).default(''),
};
const reason = requiredText('原因', 200);
const collectAccess = ['volunteer', 'staff'] as const;
const staffAccess = ['staff', 'admin'] as const;

export const wishContract = {
  list: action({
    summary: 'The published wishes, anonymised, most urgent (or newest) first, filtered; page 1 also carries the filter choices so the first screen is one call.',
    access: 'public',
    input: z.strictObject({
      district: orgCode.optional().describe('区县'),
      category: category.optional(),
      occasion: occasion.optional(),
      sort: z.enum(['urgent', 'newest']).default('urgent').describe('排序'),
      ...pageInput,
      pageSize: z.number().int().min(1).max(30).default(10).describe('每页条数'),
    }),
    output: paged(WishCard).extend({
      filters: z.object({ districts: z.array(Option), categories: z.array(Option), occasions: z.array(Option) }).nullable(),
      myOpenClaims: z.number().int(),
      maxOpenClaims: z.number().int(),
    }),
    errors: ['INVALID_INPUT', 'NOT_FOUND'],
  }),
  get: action({
    summary: 'One wish\'s anonymised card (published, or claimed by the caller), with what the caller may do and the share title.',
    access: 'public',
    input: z.strictObject({ id: wishId }),
    output: z.object({ card: WishCard, shareTitle: z.string(), mine: z.boolean(), canClaim: z.boolean(), claimDays: z.number().int(), reminderTemplateId: z.string().nullable() }),
    errors: ['NOT_FOUND'],
  }),
  claim: action({
    summary: 'Claim a published wish for claimDays: exactly one donor wins a race; a donor holds at most maxOpenClaimsPerDonor open claims. A displayName (shown on the public 爱心榜) passes WeChat\'s content security first (msgSecCheck, scene 1 资料).',
    access: 'public',
    input: z.strictObject({
      id: wishId,
      displayName: text('爱心榜显示名称（单位或个人）', 40).default(''),
      anonymous: z.boolean().default(true).describe('匿名'),
      remind: z.boolean().default(false).describe('到期前微信提醒我'),
    }),
    output: DonorClaim,
    errors: ['INVALID_INPUT', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'CONTENT_REFUSED'],
  }),
  cancel: action({
    summary: 'The donor gives her claim up; the wish returns to the list.',
    access: 'public',
    input: z.strictObject({ id: wishId }),
    output: z.object({ card: WishCard }),
    errors: ['NOT_FOUND', 'CONFLICT', 'FORBIDDEN'],
  }),
  send: action({
    summary: 'The donor says how the gift is handed over (federation office or volunteer) and marks it sent.',
    access: 'public',
    input: z.strictObject({ id: wishId, mode: z.enum(['office', 'volunteer']).describe('转交方式'), note: text('备注（如快递单号）', 100).default('') }),
    output: DonorClaim,
    errors: ['INVALID_INPUT', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN'],
  }),
  mine: action({
    summary: 'The caller\'s claims and their progress, with handover addresses and the child\'s thanks; her latest notices (reminders, lapses, revocations, thanks).',
    access: 'public',
    input: z.strictObject({}),
    output: z.object({ items: z.array(DonorClaim), notices: z.array(z.object({ kind: z.string(), text: z.string(), at: z.string() })) }),
    errors: [],
  }),
  thanksWall: action({
    summary: 'Fulfilled wishes with the children\'s thanks (anonymised; a photo only if approved) and who helped.',
    access: 'public',
    input: z.strictObject({ ...pageInput }),
    output: paged(z.object({ card: WishCard, text: z.string(), photoFileID: z.string().nullable(), photoUrl, donor: z.string(), at: z.string() })),
    errors: [],
  }),
  donorBoard: action({
    summary: '爱心榜: donors by wishes fulfilled; an organisation\'s or person\'s chosen name, or 爱心人士.',
    access: 'public',
    input: z.strictObject({}),
    output: z.object({ items: z.array(z.object({ label: z.string(), fulfilled: z.number().int() })) }),
    errors: [],
  }),
  collect: action({
    summary: 'Collect a child\'s wish: by her active volunteer, or by staff in scope holding wish.review or child.write. Goes to review. What donors will read (title, handover addresses) passes WeChat\'s content security first (msgSecCheck, scene 3 论坛).',
    access: collectAccess,
    input: z.strictObject({ childId: id('儿童'), ...wishFields }),
    output: z.object({ id: z.string(), status: z.string() }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONTENT_REFUSED'],
  }),
  resubmit: action({
    summary: 'Change a wish that was sent back and submit it for review again (content security as in collect).',
    access: collectAccess,
    input: z.strictObject({ id: wishId, version: z.number().int().min(1).describe('版本号'), ...wishFields }),
    output: z.object({ id: z.string(), status: z.string() }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'CONTENT_REFUSED'],
  }),
  queue: action({
    summary: 'Wishes of the caller\'s subtree by status (default: awaiting review), oldest first; for a volunteer, the wishes she collected.',
    access: collectAccess,
    input: z.strictObject({ status: z.enum(['pending', 'returned', 'rejected', 'published', 'claimed', 'sent', 'received', 'thanked']).default('pending').describe('状态'), ...pageInput }),
    output: paged(StaffWish),
    errors: ['INVALID_INPUT', 'FORBIDDEN'],
  }),
  staffGet: action({
    summary: 'One wish for staff in scope or the collecting volunteer: the child\'s name, the claim, thanks and every transition. Audited.',
    access: collectAccess,
    input: z.strictObject({ id: wishId }),
    output: StaffWish,
    errors: ['FORBIDDEN', 'NOT_FOUND'],
    audit: true,
  }),
  review: action({
    summary: 'Approve (publish), send back with a reason, or reject with a reason.',
    access: staffAccess,
    permission: 'wish.review',
    input: z.strictObject({ id: wishId, decision: z.enum(['approve', 'return', 'reject']).describe('审核结果'), reason: text('原因', 200).default('') }),
    output: z.object({ id: z.string(), status: z.string() }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  }),
  revoke: action({
    summary: 'Staff revoke a donor\'s claim with a reason; the wish returns to the list.',
    access: staffAccess,
    permission: 'wish.review',
    input: z.strictObject({ id: wishId, reason }),
    output: z.object({ id: z.string(), status: z.string() }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  }),
  receive: action({
    summary: 'The volunteer or staff confirm the child received the gift.',
    access: collectAccess,
    input: z.strictObject({ id: wishId }),
    output: z.object({ id: z.string(), status: z.string() }),
    errors: ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  }),
  thank: action({
    summary: 'The child\'s thanks back to the donor: text and optionally a photo (of the gift or a letter). The text passes msgSecCheck (scene 2 评论) first; the photo reaches the donor only after WeChat\'s image check (mediaCheckAsync, verdict pushed later) passes it or staff approve it, and one showing the child\'s face only once staff approve; a risky photo is never shown.',
    access: collectAccess,
    input: z.strictObject({
      id: wishId,
      text: requiredText('感谢的话', 300),
      photoFileID: z.string().max(400).regex(/^cloud:\/\/.+/).optional().describe('照片'),
      showsFace: z.boolean().default(false).describe('照片中有孩子面部'),
    }),
    output: z.object({ id: z.string(), status: z.string(), photoApproved: z.boolean(), photoStatus: z.string() }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'CONTENT_REFUSED'],
  }),
  approvePhoto: action({
    summary: 'Staff approve a thanks photo not shown yet (waiting for WeChat\'s check, sent to a person by it, or showing the child\'s face), so the donor may see it; one WeChat found risky cannot be approved.',
    access: staffAccess,
    permission: 'wish.review',
    input: z.strictObject({ id: wishId }),
    output: z.object({ id: z.string(), photoApproved: z.boolean() }),
    errors: ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  }),
  reconcile: reconcileAction('Admin: the open-claims recount now (数据核对) — claim steps stopped between their writes finished (finishClaims), then every donor\'s open-claim slots checked against the wishes she holds, as the hourly claims timer does; a difference seen by an earlier run at least ten minutes before is repaired, a new one watched. run: false answers the last run without running. Audited.'),
} as const;
