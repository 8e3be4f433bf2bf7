import { confirmFixes, recountOpenClaims, type DonorSlots } from '../../domain/recount';
import { applyFix, batchAfter, nextCursors, readRecountState, writeRecountState } from '../../server/recount';
import type { Db } from '../../server/runtime';
import { isoNow, nowMs } from '../../server/time';
import { DONORS, WISHES, type WishDoc } from './store';

/**
 * A bounded batch of donors' open-claim slots checked against the wishes they hold (run by the
 * hourly claims timer): a slot taken by a claim whose wish was never written, or kept by a cancel
 * stopped before giving it back, is returned once the same difference is seen on two runs.
 */
export async function recountSlots(db: Db): Promise<{ fixed: number; watching: number }> {
  const state = await readRecountState(db, DONORS);
  const cursor = state?.cursors.donor ?? '';
  const donors = await batchAfter<DonorSlots>(db, DONORS, cursor);
  const ids = donors.rows.map((d) => d._id);
  // at most the per-donor maximum each: one page
  const claimed = ids.length
    ? ((await db.collection(WISHES).where({ claimantId: db.command.in(ids), status: 'claimed' }).limit(1000).get()).data as WishDoc[])
    : [];
  const { apply, suspects } = confirmFixes(recountOpenClaims(donors.rows, claimed), state?.suspects ?? {}, nowMs());
  const at = isoNow();
  const fixed: typeof apply = [];
  for (const f of apply) if (await applyFix(db, DONORS, f, { updatedAt: at })) fixed.push(f);
  const cursors = nextCursors({ donor: { cursor, next: donors.next } }, suspects);
  await writeRecountState(db, DONORS, state, { cursors, suspects, lastFixed: fixed.length ? fixed : state?.lastFixed ?? [] }, at);
  if (fixed.length || Object.keys(suspects).length) {
    console.log(`[wish recount] fixed ${fixed.length} open-claim counter(s), watching ${Object.keys(suspects).length}`, fixed.map((f) => f.id).join(' '));
  }
  return { fixed: fixed.length, watching: Object.keys(suspects).length };
}
