import { confirmFixes, type CounterFix } from '../../domain/recount';
import { slotFixes, type DonorSlotsDoc, type SlotState } from '../../domain/wish';
import { batchAfter, nextCursors, readRecountState, writeRecountState } from '../../server/recount';
import type { Db } from '../../server/runtime';
import { isoNow, nowMs } from '../../server/time';
import { DONORS, WISHES, type WishDoc } from './store';

type Donor = DonorSlotsDoc & { updatedAt?: string };

/**
 * A bounded batch of donors' open-claim slots checked against the wishes they hold (run by the
 * hourly claims timer, after finishClaims): the safety net for what no follow-up names, such as a
 * counter changed by hand or a document from before `holding` was kept. A difference is rewritten
 * once the same one is seen on two runs, only if the document is unchanged since it was read.
 */
export async function recountSlots(db: Db): Promise<{ fixed: number; watching: number }> {
  const state = await readRecountState(db, DONORS);
  const cursor = state?.cursors.donor ?? '';
  const donors = await batchAfter<Donor>(db, DONORS, cursor);
  const ids = donors.rows.map((d) => d._id);
  // at most the per-donor maximum each: one page
  const claimed = ids.length
    ? ((await db.collection(WISHES).where({ claimantId: db.command.in(ids), status: 'claimed' }).limit(1000).get()).data as WishDoc[])
    : [];
  const { apply, suspects } = confirmFixes(slotFixes(donors.rows, claimed), state?.suspects ?? {}, nowMs());
  const at = isoNow();
  const seen = new Map(donors.rows.map((d) => [d._id, d]));
  const since = new Map(claimed.map((w) => [w._id, w.claimedAt ?? at]));
  const fixed: CounterFix<SlotState>[] = [];
  for (const f of apply) {
    const d = seen.get(f.id)!;
    const holding = Object.fromEntries(f.to.holding.map((id) => [id, since.get(id) ?? at]));
    const res = await db.collection(DONORS)
      .where({ _id: f.id, openClaims: d.openClaims, updatedAt: d.updatedAt ?? db.command.exists(false) })
      .update({ openClaims: f.to.openClaims, holding: db.command.set(holding), updatedAt: at });
    if (res.updated === 1) fixed.push(f);
  }
  const cursors = nextCursors({ donor: { cursor, next: donors.next } }, suspects);
  await writeRecountState(db, DONORS, state, { cursors, suspects, lastFixed: fixed.length ? fixed : state?.lastFixed ?? [] }, at);
  if (fixed.length || Object.keys(suspects).length) {
    console.log(`[wish recount] fixed ${fixed.length} open-claim counter(s), watching ${Object.keys(suspects).length}`, fixed.map((f) => f.id).join(' '));
  }
  return { fixed: fixed.length, watching: Object.keys(suspects).length };
}
