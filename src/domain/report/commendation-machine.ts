import { AppError } from '../../contract/errors';

/**
 * A commendation nomination as a pure state machine (like src/domain/wish/machine.ts): a node's
 * staff nominate a volunteer of their subtree for a review year; staff of a node above approve or
 * return it; the nominating node may withdraw it while it waits. Approved is final. A returned or
 * withdrawn nomination may be made again (one nomination per volunteer and year: the same record).
 * The wrong person is FORBIDDEN, the wrong state a CONFLICT, and nothing changes.
 */
export const NOMINATION_STATUSES = ['nominated', 'approved', 'returned', 'withdrawn'] as const;
export type NominationStatus = (typeof NOMINATION_STATUSES)[number];
export const NOMINATION_STATUS_LABELS: Record<NominationStatus, string> = {
  nominated: '待审批',
  approved: '已表扬',
  returned: '已退回',
  withdrawn: '已撤回',
};

/**
 * Who the caller is with respect to one nomination:
 * - `nominator`: staff of the nominating node (or the admin who nominated);
 * - `approver`: staff of a node strictly above the nominating node (or an admin who did not nominate);
 * - `inScope`: staff whose subtree holds the volunteer (may nominate her again once returned or withdrawn).
 */
export type NominationActor = 'nominator' | 'approver' | 'inScope';

export const NOMINATION_EVENTS = ['renominate', 'approve', 'return', 'withdraw'] as const;
export type NominationEvent = (typeof NOMINATION_EVENTS)[number];

interface Rule {
  from: readonly NominationStatus[];
  to: NominationStatus;
  by: readonly NominationActor[];
  label: string;
  wrongState: string;
  wrongPerson: string;
}

export const NOMINATION_RULES: Record<NominationEvent, Rule> = {
  renominate: { from: ['returned', 'withdrawn'], to: 'nominated', by: ['inScope'], label: '重新推荐', wrongState: '该爱心妈妈本年度已被推荐', wrongPerson: '该爱心妈妈不在您的管辖范围内' },
  approve: { from: ['nominated'], to: 'approved', by: ['approver'], label: '审批通过', wrongState: '这条推荐不在待审批状态', wrongPerson: '只有推荐单位的上级妇联可以审批' },
  return: { from: ['nominated'], to: 'returned', by: ['approver'], label: '退回', wrongState: '这条推荐不在待审批状态', wrongPerson: '只有推荐单位的上级妇联可以审批' },
  withdraw: { from: ['nominated'], to: 'withdrawn', by: ['nominator'], label: '撤回推荐', wrongState: '只有待审批的推荐可以撤回', wrongPerson: '只有推荐单位可以撤回推荐' },
};

/** The state a nomination moves to, or the refusal: the wrong person first, then the wrong state. */
export function decideNomination(status: NominationStatus, event: NominationEvent, actors: readonly NominationActor[]): NominationStatus {
  const rule = NOMINATION_RULES[event];
  // Stryker disable next-line MethodExpression: every nomination rule names exactly one actor kind
  if (!rule.by.some((a) => actors.includes(a))) throw new AppError('FORBIDDEN', rule.wrongPerson);
  if (!rule.from.includes(status)) throw new AppError('CONFLICT', rule.wrongState);
  return rule.to;
}

export interface NominationParties {
  /** the nominating node and its path (root → node) */
  orgCode: string;
  orgPath: readonly string[];
  /** the volunteer's node path */
  volunteerOrgPath: readonly string[];
  nominatedBy: string;
}

export interface ActingCaller {
  userId: string;
  isAdmin: boolean;
  /** the caller's staff node, when she has an active grant */
  orgCode: string | null;
}

/** The caller's parts in a nomination. Staff act from their own node; an admin without one acts from above. */
export function nominationActors(caller: ActingCaller, n: NominationParties): NominationActor[] {
  const out: NominationActor[] = [];
  if (caller.orgCode) {
    if (caller.orgCode === n.orgCode) out.push('nominator');
    else if (n.orgPath.includes(caller.orgCode)) out.push('approver');
    if (n.volunteerOrgPath.includes(caller.orgCode)) out.push('inScope');
  } else if (caller.isAdmin) {
    out.push(n.nominatedBy === caller.userId ? 'nominator' : 'approver', 'inScope');
  }
  return out;
}

/** What the caller may do now: for the page's buttons. */
export function allowed(status: NominationStatus, actors: readonly NominationActor[]): Record<'approve' | 'return' | 'withdraw', boolean> {
  // Stryker disable next-line MethodExpression: every nomination rule names exactly one actor kind
  const can = (e: NominationEvent) => NOMINATION_RULES[e].from.includes(status) && NOMINATION_RULES[e].by.some((a) => actors.includes(a));
  return { approve: can('approve'), return: can('return'), withdraw: can('withdraw') };
}
