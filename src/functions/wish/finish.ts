import { CONFIRM_AFTER_MS } from '../../domain/recount';
import type { Db } from '../../server/runtime';
import { nowMs } from '../../server/time';
import { DONORS, notify, releaseSlot, rollbackClaim, takeSlot, WISHES, wishRulesOrDefault, type DonorDoc, type WishDoc } from './store';

/**
 * Follow-ups of the claim cycle, run by the hourly claims timer. Every claim, cancel, send, lapse
 * and revoke writes the wish first — its state names who must hold its slot (`claimantId` while
 * claimed) and who must not (`releasedFrom`) — and the donor's slot second. A process stopped
 * between the two leaves a wish whose donor document disagrees; this finds every wish changed
 * since the last run (an indexed page by updatedAt, once it is older than any call can take) and
 * completes the step: the slot is taken (or, if she has none left, the claim is undone) or given
 * back, and a lapse's or revoke's notice is written (fixed ids: written once). All of it is
 * conditional and idempotent, so it may run at the same time as anything else.
 */
const STATE_ID = '~followups';
const PAGE = 500;

interface Cursor { at: string; id: string }

export const lapseNoticeId = (wishId: string, at: string) => `lapse-${wishId}-${at}`;
export const revokeNoticeId = (wishId: string, at: string) => `revoke-${wishId}-${at}`;

export async function finishClaims(db: Db): Promise<number> {
  const _ = db.command;
  const donors = db.collection(DONORS);
  const state = (await donors.doc(STATE_ID).get()).data?.[0] as { cursor?: Cursor } | undefined;
  const cursor = state?.cursor ?? { at: '', id: '' };
  const cutoff = new Date(nowMs() - CONFIRM_AFTER_MS).toISOString();
  const after = _.or([{ updatedAt: _.gt(cursor.at).and(_.lte(cutoff)) }, { updatedAt: cursor.at, _id: _.gt(cursor.id) }]);
  const rows = (await db.collection(WISHES).where(after).orderBy('updatedAt', 'asc').orderBy('_id', 'asc').limit(PAGE).get()).data as WishDoc[];
  if (!rows.length) return 0;

  const ids = [...new Set(rows.flatMap((w) => [w.status === 'claimed' ? w.claimantId : null, w.releasedFrom ?? null]).filter((x): x is string => !!x))];
  const found = ids.length ? ((await donors.where({ _id: _.in(ids) }).limit(1000).get()).data as DonorDoc[]) : [];
  const byId = new Map(found.map((d) => [d._id, d]));
  const max = (await wishRulesOrDefault(db)).maxOpenClaimsPerDonor;
  let fixed = 0;
  for (const w of rows) {
    const claimant = w.status === 'claimed' ? w.claimantId : null;
    if (claimant) {
      const d = byId.get(claimant);
      // a document from before `holding` existed is left to the recount (its count already has this wish)
      if (!d || (d.holding && !d.holding[w._id])) {
        const took = await takeSlot(db, claimant, w._id, max, !!d);
        if (took === 'full') await rollbackClaim(db, w);
        fixed++;
      }
    }
    const from = w.releasedFrom;
    if (from && from !== claimant && byId.get(from)?.holding?.[w._id] && (await releaseSlot(db, from, w._id))) fixed++;
    const last = w.trail?.[w.trail.length - 1];
    if (from && w.status === 'published' && last && (last.event === 'lapse' || last.event === 'revoke')) {
      const text = last.event === 'lapse'
        ? `您认领的心愿“${w.title}”已超过认领期限，已重新开放给其他爱心人士`
        : `您认领的心愿“${w.title}”已由工作人员撤销认领：${last.reason ?? ''}`;
      await notify(db, from, w._id, last.event === 'lapse' ? 'lapsed' : 'revoked', text, (last.event === 'lapse' ? lapseNoticeId : revokeNoticeId)(w._id, last.at));
    }
  }
  const end = rows[rows.length - 1]!;
  await donors.doc(STATE_ID).set({ cursor: { at: end.updatedAt, id: end._id } });
  if (fixed) console.log(`[wish follow-ups] completed ${fixed} claim step(s)`, rows.map((w) => w._id).join(' '));
  return fixed;
}
