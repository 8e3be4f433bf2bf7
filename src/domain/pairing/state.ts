/**
 * 结对状态机 (pure). A pairing is proposed by staff (from a suggestion or by hand), the guardian's
 * consent is recorded, the volunteer accepts within the programme's acceptanceDays (or declines
 * with a reason, or the offer lapses), it is active, and it ends (with a reason) or is transferred
 * to another volunteer. Staff may cancel a pairing before it is active (e.g. the guardian refuses).
 */
export const PAIRING_STATUSES = ['proposed', 'consented', 'active', 'declined', 'lapsed', 'cancelled', 'ended', 'transferred'] as const;
export type PairingStatus = (typeof PAIRING_STATUSES)[number];

export const PAIRING_STATUS_LABELS: Record<PairingStatus, string> = {
  proposed: '待监护人同意',
  consented: '待志愿者确认',
  active: '结对中',
  declined: '志愿者已婉拒',
  lapsed: '逾期未确认',
  cancelled: '已撤销',
  ended: '已结束',
  transferred: '已转交',
};

export type PairingEvent = 'consent' | 'accept' | 'decline' | 'lapse' | 'cancel' | 'end' | 'transfer';

export const TRANSITIONS: Record<PairingEvent, { from: readonly PairingStatus[]; to: PairingStatus }> = {
  consent: { from: ['proposed'], to: 'consented' },
  accept: { from: ['consented'], to: 'active' },
  decline: { from: ['consented'], to: 'declined' },
  lapse: { from: ['consented'], to: 'lapsed' },
  cancel: { from: ['proposed', 'consented'], to: 'cancelled' },
  end: { from: ['active'], to: 'ended' },
  transfer: { from: ['active'], to: 'transferred' },
};

/** Statuses that hold one of the volunteer's places and one of the child's places. */
export const HOLDING: readonly PairingStatus[] = ['proposed', 'consented', 'active'];
export const holdsPlace = (s: PairingStatus): boolean => HOLDING.includes(s);

const REFUSALS: Record<PairingEvent, string> = {
  consent: '只有待监护人同意的结对才能登记同意',
  accept: '该结对当前不能确认，可能已逾期、已撤销或已处理',
  decline: '该结对当前不能婉拒，可能已逾期、已撤销或已处理',
  lapse: '只有待志愿者确认的结对才会逾期',
  cancel: '只有尚未生效的结对才能撤销',
  end: '只有结对中的关系才能结束',
  transfer: '只有结对中的关系才能转交',
};

/** The next status, or a Chinese sentence saying why the event is refused. */
export function next(from: PairingStatus, event: PairingEvent): { ok: true; to: PairingStatus } | { ok: false; message: string } {
  const t = TRANSITIONS[event];
  return t.from.includes(from) ? { ok: true, to: t.to } : { ok: false, message: REFUSALS[event] };
}

/** The status a new pairing starts in: straight to the volunteer when the programme asks no consent. */
export const initialStatus = (consentRequired: boolean): PairingStatus => (consentRequired ? 'proposed' : 'consented');

/** How the guardian's consent was given (pairing.recordConsent). */
export const CONSENT_METHODS = ['signed', 'in_person', 'phone', 'wechat'] as const;
export const CONSENT_METHOD_LABELS: Record<(typeof CONSENT_METHODS)[number], string> = { signed: '书面签字', in_person: '当面同意', phone: '电话同意', wechat: '微信同意' };
