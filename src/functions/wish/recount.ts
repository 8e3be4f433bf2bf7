import { confirmFixes, type CounterFix } from '../../domain/recount';
import { reconcileView } from '../../domain/recount/report';
import { RECONCILE_LIST_MAX } from '../../contract/reconcile';
import type { Handler } from '../../server/handler';
import { finishClaims } from './finish';
import { slotFixes, type DonorSlotsDoc, type SlotState } from '../../domain/wish';
import { allOf, applyAll, nextState, readRecountState, walk, writeRecountState, type RecountState } from '../../server/recount';
import type { Db } from '../../server/runtime';
import { isoNow, nowMs } from '../../server/time';
import { DONORS, WISHES, type WishDoc } from './store';

type Donor = DonorSlotsDoc & { updatedAt?: string };

/**
 * Donors' open-claim slots checked against the wishes they hold (run by the hourly claims timer,
 * after finishClaims, and by wish.reconcile), a page of 1,000 donors at a time up to RECOUNT_PAGES:
 * the safety net for what no follow-up names, such as a counter changed by hand or a document from
 * before `holding` was kept. A difference is rewritten once the same one is seen on two runs at
 * least CONFIRM_AFTER_MS apart, only if the document is unchanged since it was read.
 */
export async function recountSlots(db: Db): Promise<{ fixed: number; watching: number; state: RecountState }> {
  const state = await readRecountState(db, DONORS);
  const _ = db.command;
  const found: CounterFix<SlotState>[] = [];
  const examined = new Set<string>();
  const seen = new Map<string, Donor>();
  const since = new Map<string, string>();
  const at = isoNow();
  const donors = await walk<Donor>(db, DONORS, state?.cursors.donor ?? '', async (rows) => {
    for (const d of rows) {
      examined.add(`donor:${d._id}`);
      seen.set(d._id, d);
    }
    // at most the per-donor maximum each
    const claimed = await allOf(rows.map((d) => d._id), async (ids) =>
      (await db.collection(WISHES).where({ claimantId: _.in(ids), status: 'claimed' }).field({ claimantId: true, claimedAt: true }).limit(1000).get()).data as WishDoc[]);
    for (const w of claimed) since.set(w._id, w.claimedAt ?? at);
    found.push(...slotFixes(rows, claimed));
  });
  const { apply, suspects } = confirmFixes(found, state?.suspects ?? {}, nowMs(), undefined, examined);
  const fixed = await applyAll(apply, async (f) => {
    const d = seen.get(f.id)!;
    const holding = Object.fromEntries(f.to.holding.map((id) => [id, since.get(id) ?? at]));
    const res = await db.collection(DONORS)
      .where({ _id: f.id, openClaims: d.openClaims, updatedAt: d.updatedAt ?? _.exists(false) })
      .update({ openClaims: f.to.openClaims, holding: _.set(holding), updatedAt: at });
    return res.updated === 1;
  });
  const after = nextState(state, { cursors: { donor: donors.next }, suspects, fixed, checked: { donor: donors.seen }, at });
  await writeRecountState(db, DONORS, after);
  if (fixed.length || Object.keys(suspects).length) {
    console.log(`[wish recount] fixed ${fixed.length} open-claim counter(s), watching ${Object.keys(suspects).length}`, fixed.map((f) => f.id).join(' '));
  }
  return { fixed: fixed.length, watching: Object.keys(suspects).length, state: after };
}

/** 数据核对: claim steps finished, then the same recount now (run: true); or the last run as recorded. */
export const reconcile: Handler<'wish', 'reconcile'> = async ({ run }, { db }) => {
  const finished = run ? await finishClaims(db) : 0;
  const res = run ? await recountSlots(db) : null;
  return reconcileView(res?.state ?? (await readRecountState(db, DONORS)), {
    ran: run, fixedNow: finished + (res?.fixed ?? 0), max: RECONCILE_LIST_MAX, schedule: '每小时整点自动核对',
    labels: { donor: '爱心人士的认领名额' },
  });
};
