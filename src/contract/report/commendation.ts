import { z } from 'zod';
import { action } from '../define';
import { id, pageInput, paged, requiredText, text } from '../common';

/**
 * report: the yearly review and commendation (总结评优表扬; 遂宁, 厦门). Staff holding
 * commendation.manage see their subtree's volunteers ranked by the programme's weights with the
 * evidence, nominate (one nomination per volunteer and year, the evidence frozen into it); staff of
 * a node above approve or return it; the volunteer sees her approved commendations (the
 * certificate card). Rules: src/domain/report/commendation*.ts.
 */

// ---- outputs
export const Criterion = z.object({
  key: z.string(),
  label: z.string(),
  weight: z.number(),
  value: z.number(),
  text: z.string(),
  score: z.number(),
});

const NominationRef = z.object({ id: z.string(), status: z.string(), statusLabel: z.string(), orgName: z.string() });

export const ShortlistRow = z.object({
  rank: z.number().int(),
  volunteerId: z.string(),
  name: z.string(),
  volunteerNumber: z.string().nullable(),
  orgName: z.string(),
  total: z.number(),
  criteria: z.array(Criterion),
  nomination: NominationRef.nullable(),
  canNominate: z.boolean(),
});

export const NominationView = z.object({
  id: z.string(),
  version: z.number().int(),
  year: z.number().int(),
  volunteerId: z.string(),
  volunteerName: z.string(),
  volunteerOrgName: z.string(),
  orgCode: z.string(),
  orgName: z.string(),
  reason: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  rank: z.number().int(),
  total: z.number(),
  windowLabel: z.string(),
  criteria: z.array(Criterion),
  nominatedAt: z.string(),
  nominatedByName: z.string(),
  decidedAt: z.string().nullable(),
  decidedOrgName: z.string().nullable(),
  decisionReason: z.string().nullable(),
  title: z.string(),
  can: z.object({ approve: z.boolean(), return: z.boolean(), withdraw: z.boolean() }),
});

export const Honour = z.object({
  id: z.string(),
  year: z.number().int(),
  title: z.string(),
  name: z.string(),
  orgName: z.string().describe('the approving federation'),
  date: z.string().describe('YYYY-MM-DD, Asia/Shanghai'),
});

// ---- inputs
const year = z.number().int().min(2000).max(2100).describe('评优年度');
const staffAccess = ['staff', 'admin'] as const;
const errs = ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'] as const;

export const commendationContract = {
  shortlist: action({
    summary: 'The volunteers of the caller\'s subtree for a review year, ranked by the programme\'s weights, with the evidence per criterion and who is already nominated.',
    access: staffAccess,
    permission: 'commendation.manage',
    input: z.strictObject({ year: year.optional(), ...pageInput }),
    output: paged(ShortlistRow).extend({
      year: z.number().int(),
      years: z.array(z.number().int()),
      windowLabel: z.string(),
      title: z.string(),
      weights: z.array(z.object({ key: z.string(), label: z.string(), weight: z.number() })),
    }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND'],
  }),
  nominate: action({
    summary: 'Nominate a volunteer of the caller\'s subtree for a review year with a reason; one nomination per volunteer and year (a returned or withdrawn one may be made again); the evidence is frozen into it. Audited.',
    access: staffAccess,
    permission: 'commendation.manage',
    input: z.strictObject({ year, volunteerId: id('爱心妈妈'), reason: requiredText('推荐理由', 500) }),
    output: NominationView,
    errors: errs,
    audit: true,
  }),
  decide: action({
    summary: 'Approve or return a nomination, by staff of a node above the nominating one; conditional on the version read (of two approvers one wins). The volunteer is told when approved. Audited.',
    access: staffAccess,
    permission: 'commendation.manage',
    input: z.strictObject({
      id: id('推荐'),
      version: z.number().int().min(1).describe('版本号'),
      decision: z.enum(['approve', 'return']).describe('审批结果'),
      reason: text('审批意见', 200).default(''),
    }),
    output: NominationView,
    errors: errs,
    audit: true,
  }),
  withdraw: action({
    summary: 'The nominating node takes back a nomination still waiting for approval. Audited.',
    access: staffAccess,
    permission: 'commendation.manage',
    input: z.strictObject({ id: id('推荐'), version: z.number().int().min(1).describe('版本号') }),
    output: NominationView,
    errors: errs,
    audit: true,
  }),
  nominations: action({
    summary: 'Nominations of a review year in the caller\'s subtree (hers and those of the nodes below); `toApprove`: those waiting for her node\'s decision (待审批).',
    access: staffAccess,
    permission: 'commendation.manage',
    input: z.strictObject({ year: year.optional(), view: z.enum(['all', 'toApprove']).default('all').describe('范围'), ...pageInput }),
    output: paged(NominationView).extend({ year: z.number().int(), toApprove: z.number().int() }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND'],
  }),
  mine: action({
    summary: 'The calling volunteer\'s approved commendations (for the certificate card) and her latest notices; the subscribe template to ask her for.',
    access: ['volunteer'],
    input: z.strictObject({}),
    output: z.object({
      enabled: z.boolean(),
      message: z.string().nullable(),
      items: z.array(Honour),
      notices: z.array(z.object({ text: z.string(), at: z.string() })),
      templateId: z.string().nullable(),
    }),
    errors: [],
  }),
  certificate: action({
    summary: 'One approved commendation as the certificate a volunteer shared with family and friends: her name, the title, the approving federation and the date, nothing else. Anyone with the card may open it; a nomination not (or no longer) approved is not found.',
    access: 'public',
    input: z.strictObject({ id: id('荣誉证书') }),
    output: Honour,
    errors: ['NOT_FOUND'],
  }),
  subscribe: action({
    summary: 'The volunteer accepted the commendation subscribe message once (wx.requestSubscribeMessage): one message may be sent.',
    access: ['volunteer'],
    input: z.strictObject({}),
    output: z.object({ credits: z.number().int() }),
    errors: [],
  }),
} as const;
