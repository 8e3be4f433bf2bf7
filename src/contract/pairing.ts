import { z } from 'zod';
import { action } from './define';
import { reconcileAction } from './reconcile';
import { id, orgCode, pageInput, paged, requiredText, text } from './common';
import { CONSENT_METHODS, PAIRING_STATUSES } from '../domain/pairing/state';

/**
 * pairing (结对): staff of a subtree get the engine's suggestions, confirm them (each confirm is
 * race-safe: a volunteer's places and a child's places are taken by conditional updates) or pair
 * by hand, record the guardian's consent, end or transfer; the volunteer accepts or declines her
 * offers and writes her 关爱寄语. Only active pairings open the child's care card.
 */
const staffAccess = ['staff', 'admin'] as const;
const pairingId = id('结对记录');
const childId = id('儿童');
/** Her user id (u…); her application id (va…, what staff lists once showed) is taken too (issue 17). */
const volunteerId = id('志愿者');
const status = z.enum(PAIRING_STATUSES).describe('结对状态');

export const SuggestionRow = z.object({
  childId: z.string(),
  childName: z.string(),
  childOrgName: z.string(),
  riskLabel: z.string(),
  volunteerId: z.string(),
  volunteerName: z.string(),
  volunteerOrgName: z.string(),
  role: z.string(),
  score: z.number(),
  reasons: z.array(z.string()),
});

export const PairingRow = z.object({
  id: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  childId: z.string(),
  /** Staff see the full name; the volunteer sees an alias until the pairing is active. */
  childName: z.string(),
  childOrgName: z.string(),
  volunteerId: z.string(),
  volunteerName: z.string(),
  volunteerOrgName: z.string(),
  role: z.string().nullable(),
  reasons: z.array(z.string()),
  consent: z
    .object({ guardianName: z.string(), relation: z.string(), method: z.string(), methodLabel: z.string(), at: z.string(), recordedAt: z.string() })
    .nullable(),
  deadline: z.string().nullable(),
  message: z.string(),
  proposedAt: z.string(),
  acceptedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closeReason: z.string().nullable(),
  version: z.number().int(),
});

export const PairingCard = z.object({
  id: z.string(),
  title: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  child: z.object({ name: z.string(), sex: z.string(), age: z.number().int(), category: z.string(), school: z.string(), orgName: z.string(), needs: z.array(z.string()) }),
  volunteer: z.object({ name: z.string(), orgName: z.string(), role: z.string(), skills: z.string() }),
  consent: PairingRow.shape.consent,
  message: z.string(),
  startedAt: z.string().nullable(),
  /** For staff: the programme's card annex (exportCard), when it has one. */
  exportLayout: z.string().nullable(),
});

// in the domain module so the report function can read pairings without building this contract
export { CONSENT_METHODS, CONSENT_METHOD_LABELS } from '../domain/pairing/state';

export const pairingContract = {
  suggest: action({
    summary: 'The engine\'s optimal suggestions for the caller\'s subtree (or a node of it): unpaired children in scope against approved volunteers with free places, each with its reasons in Chinese. With childId or volunteerId, one new child or volunteer gets hers without re-solving the subtree.',
    access: staffAccess,
    permission: 'pairing.manage',
    input: z.strictObject({
      orgCode: orgCode.optional().describe('组织范围'),
      childId: childId.optional().describe('只为这名儿童推荐'),
      volunteerId: volunteerId.optional().describe('只为这位爱心妈妈推荐'),
    }),
    output: z.object({
      suggestions: z.array(SuggestionRow),
      unmatched: z.array(z.object({ childId: z.string(), childName: z.string(), reason: z.string() })),
      objective: z.object({ highRiskCovered: z.number().int(), covered: z.number().int(), totalScore: z.number() }),
    }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND'],
  }),
  candidates: action({
    summary: 'For one child of the caller\'s subtree: the eligible volunteers with a free place, best first, with reasons — to pair by hand or to choose whom to transfer to.',
    access: staffAccess,
    permission: 'pairing.manage',
    input: z.strictObject({ childId }),
    output: z.object({ items: z.array(SuggestionRow), reason: z.string().nullable() }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND'],
  }),
  propose: action({
    summary: 'Pair one child with one volunteer (a confirmed suggestion or by hand). Takes a place of each at once; a full volunteer or child is a CONFLICT.',
    access: staffAccess,
    permission: 'pairing.manage',
    input: z.strictObject({
      childId,
      volunteerId,
      reasons: z.array(text('推荐理由', 100)).max(10).optional().describe('推荐理由'),
    }),
    output: PairingRow,
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  }),
  confirmMany: action({
    summary: 'Confirm several suggestions at once; each runs the same race-safe path as propose and answers on its own.',
    access: staffAccess,
    permission: 'pairing.manage',
    input: z.strictObject({
      items: z
        .array(z.strictObject({ childId, volunteerId, reasons: z.array(text('推荐理由', 100)).max(10).optional().describe('推荐理由') }))
        .min(1)
        .max(100)
        .describe('要确认的推荐'),
    }),
    output: z.object({
      results: z.array(z.object({ childId: z.string(), volunteerId: z.string(), ok: z.boolean(), pairingId: z.string().nullable(), code: z.string().nullable(), message: z.string().nullable() })),
    }),
    errors: ['INVALID_INPUT', 'FORBIDDEN'],
  }),
  recordConsent: action({
    summary: 'Record the guardian\'s consent (who, how, when); the offer then goes to the volunteer, who has the programme\'s acceptanceDays to answer.',
    access: staffAccess,
    permission: 'pairing.manage',
    input: z.strictObject({
      id: pairingId,
      version: z.number().int().min(1).describe('版本号'),
      guardianName: requiredText('监护人姓名', 20),
      relation: requiredText('与儿童关系', 20),
      method: z.enum(CONSENT_METHODS).describe('同意方式'),
      at: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD').describe('同意日期'),
    }),
    output: PairingRow,
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  }),
  cancel: action({
    summary: 'Withdraw a pairing not yet active (e.g. the guardian refused); both places are freed.',
    access: staffAccess,
    permission: 'pairing.manage',
    input: z.strictObject({ id: pairingId, version: z.number().int().min(1).describe('版本号'), reason: requiredText('撤销原因', 200) }),
    output: PairingRow,
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  }),
  end: action({
    summary: 'End an active pairing with a reason; the volunteer loses the care card at once.',
    access: staffAccess,
    permission: 'pairing.manage',
    input: z.strictObject({ id: pairingId, version: z.number().int().min(1).describe('版本号'), reason: requiredText('结束原因', 200) }),
    output: PairingRow,
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  }),
  transfer: action({
    summary: 'Hand an active pairing\'s child to another volunteer: the old pairing is marked transferred (access ends at once), a new one starts for the new volunteer.',
    access: staffAccess,
    permission: 'pairing.manage',
    input: z.strictObject({ id: pairingId, version: z.number().int().min(1).describe('版本号'), volunteerId: volunteerId.describe('接手的志愿者'), reason: requiredText('转交原因', 200) }),
    output: z.object({ from: PairingRow, to: PairingRow }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  }),
  list: action({
    summary: 'One page of the pairings of the caller\'s subtree, newest first.',
    access: staffAccess,
    permission: 'pairing.manage',
    input: z.strictObject({ status: status.optional(), orgCode: orgCode.optional().describe('组织范围'), childId: childId.optional(), ...pageInput }),
    output: paged(PairingRow),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND'],
  }),
  allocation: action({
    summary: '厦门: the programme\'s allocations per district and category against active and pending pairings, for the caller\'s subtree; and which pairing annexes the programme exports.',
    access: staffAccess,
    permission: 'pairing.manage',
    input: z.strictObject({}),
    output: z.object({
      total: z.number().int().nullable(),
      rows: z.array(z.object({ orgCode: z.string(), orgName: z.string(), category: z.string(), categoryLabel: z.string(), allocated: z.number().int(), paired: z.number().int(), pending: z.number().int() })),
      /** The pairing summary annexes this programme exports (exportSheet). */
      exports: z.array(z.object({ layout: z.string(), title: z.string() })),
    }),
    errors: ['FORBIDDEN'],
  }),
  exportSheet: action({
    summary: 'Export the active pairings of the caller\'s subtree as the programme\'s summary annex (厦门 附件6, 龙岗 附件3) with its exact title and headers; phones in full only for staff holding child.reveal. Audited.',
    access: staffAccess,
    permission: 'pairing.manage',
    input: z.strictObject({ layout: z.enum(['xm-6', 'lg-3']).describe('表格样式'), orgCode: orgCode.optional().describe('组织范围') }),
    output: z.object({ fileID: z.string(), url: z.string(), fileName: z.string(), count: z.number().int(), fullNumbers: z.boolean(), expiresAt: z.string() }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND'],
    audit: true,
  }),
  exportCard: action({
    summary: 'Export one pairing\'s card in the programme\'s annex layout (厦门 附件5 结对表, 遂宁 附件3 结对帮扶卡): both sides\' details and the 关爱寄语; phones in full only for staff holding child.reveal. Audited.',
    access: staffAccess,
    permission: 'pairing.manage',
    input: z.strictObject({ id: pairingId, layout: z.enum(['xm-5', 'sn-3']).describe('表格样式') }),
    output: z.object({ fileID: z.string(), url: z.string(), fileName: z.string(), count: z.number().int(), fullNumbers: z.boolean(), expiresAt: z.string() }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND'],
    audit: true,
  }),
  mine: action({
    summary: 'The volunteer\'s own pairings: offers waiting for her answer, active ones, past ones.',
    access: ['volunteer'],
    input: z.strictObject({}),
    output: z.object({ items: z.array(PairingRow) }),
    errors: ['FORBIDDEN'],
  }),
  respond: action({
    summary: 'The volunteer accepts an offer (the pairing becomes active) or declines it with a reason (both places are freed). A 关爱寄语 given with the acceptance passes WeChat\'s content security first (msgSecCheck, scene 2 评论).',
    access: ['volunteer'],
    input: z.strictObject({
      id: pairingId,
      accept: z.boolean().describe('是否接受'),
      reason: text('婉拒原因', 200).optional(),
      message: text('关爱寄语', 300).optional(),
    }),
    output: PairingRow,
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'CONTENT_REFUSED'],
  }),
  setMessage: action({
    summary: 'The volunteer writes or changes her 关爱寄语 on an active pairing; it shows on the pairing card. It passes WeChat\'s content security first (msgSecCheck, scene 2 评论).',
    access: ['volunteer'],
    input: z.strictObject({ id: pairingId, message: requiredText('关爱寄语', 300) }),
    output: PairingRow,
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'CONTENT_REFUSED'],
  }),
  card: action({
    summary: 'The pairing card (结对卡): both sides\' details and the 关爱寄语, for staff in scope or the volunteer of an active pairing. Audited.',
    access: ['volunteer', 'staff', 'admin'],
    input: z.strictObject({ id: pairingId }),
    output: PairingCard,
    errors: ['FORBIDDEN', 'NOT_FOUND'],
    audit: true,
  }),
  reconcile: reconcileAction('Admin: the places recount now (数据核对) — every volunteer\'s and child\'s places, the pair locks (holders) and the children\'s paired flags checked against the pairings, as the hourly lapse timer does; a difference seen by an earlier run at least ten minutes before is repaired, a new one watched. run: false answers the last run without running. Audited.'),
} as const;

