import { confirmFixes, recountChildPlaces, recountPaired, recountVolunteerPlaces, type ChildCount, type ChildPlaces, type CounterFix, type HoldingPairing, type VolunteerPlaces } from '../../domain/recount';
import { HOLDING } from '../../domain/pairing';
import { reconcileView } from '../../domain/recount/report';
import { RECONCILE_LIST_MAX } from '../../contract/reconcile';
import type { Handler } from '../../server/handler';
import { allOf, applyAll, applyFix, nextState, readRecountState, walk, writeRecountState, type RecountState } from '../../server/recount';
import type { Db } from '../../server/runtime';
import { isoNow, nowMs } from '../../server/time';
import { KIDS, PAIRINGS, VOLS, type PairingDoc } from './store';

function holdingWhere(db: Db, field: 'volunteerUserId' | 'childId', ids: string[]): Promise<HoldingPairing[]> {
  const _ = db.command;
  return allOf(ids, async (page) => {
    const rows = (await db.collection(PAIRINGS).where({ [field]: _.in(page), status: _.in([...HOLDING]) }).field({ childId: true, volunteerUserId: true, role: true, status: true }).limit(1000).get()).data as PairingDoc[];
    return rows.map((p) => ({ id: p._id, childId: p.childId, volunteerUserId: p.volunteerUserId, role: p.role, status: p.status }));
  });
}

/**
 * Rewrites a child's places only if they still hold what the recount saw: the counts and every
 * holder seen (any take, give-back or transfer since changes one of them); the holders are
 * replaced whole.
 */
async function applyChildFix(db: Db, fix: CounterFix<ChildCount>): Promise<boolean> {
  const { holders, ...counts } = fix.from;
  const seenHolders = Object.fromEntries(Object.entries(holders).map(([v, p]) => [`holders.${v}`, p]));
  const res = await db.collection(KIDS).where({ _id: fix.id, ...counts, ...seenHolders }).update({ ...fix.to, holders: db.command.set(fix.to.holders) });
  return (res as { updated?: number }).updated === 1;
}

/**
 * The pairing function's derived state checked against the pairings (run by the hourly lapse timer
 * and by pairing.reconcile): volunteer places, child places with their holders (the pair locks) and
 * the child's `paired` flag, a page of 1,000 counters at a time up to RECOUNT_PAGES pages a kind.
 * What a process stopped between the writes of propose, respond, cancel, end or lapse leaves behind
 * is rewritten once the same difference is seen on two runs at least CONFIRM_AFTER_MS apart.
 */
export async function recountPlaces(db: Db): Promise<{ fixed: number; watching: number; state: RecountState }> {
  const state = await readRecountState(db, VOLS);
  const cursor = (k: string) => state?.cursors[k] ?? '';
  const found: CounterFix<unknown>[] = [];
  const examined = new Set<string>();
  const vols = await walk<VolunteerPlaces>(db, VOLS, cursor('volunteer'), async (rows) => {
    for (const d of rows) examined.add(`volunteer:${d._id}`);
    found.push(...recountVolunteerPlaces(rows, await holdingWhere(db, 'volunteerUserId', rows.map((d) => d._id))));
  });
  const kids = await walk<ChildPlaces>(db, KIDS, cursor('child'), async (rows) => {
    const ids = rows.map((d) => d._id);
    for (const id of ids) examined.add(`child:${id}`).add(`paired:${id}`);
    const [byChild, flags] = await Promise.all([
      holdingWhere(db, 'childId', ids),
      db.collection('children').where({ _id: db.command.in(ids) }).field({ paired: true }).limit(1000).get(),
    ]);
    found.push(...recountChildPlaces(rows, byChild), ...recountPaired(flags.data as { _id: string; paired?: boolean }[], byChild));
  });
  const { apply, suspects } = confirmFixes<unknown>(found, state?.suspects ?? {}, nowMs(), undefined, examined);
  const fixed = await applyAll(apply, (f) =>
    f.kind === 'child' ? applyChildFix(db, f as CounterFix<ChildCount>) : applyFix(db, f.kind === 'paired' ? 'children' : VOLS, f as never));
  const after = nextState(state, { cursors: { volunteer: vols.next, child: kids.next }, suspects, fixed, checked: { volunteer: vols.seen, child: kids.seen }, at: isoNow() });
  await writeRecountState(db, VOLS, after);
  if (fixed.length || Object.keys(suspects).length) {
    console.log(`[pairing recount] fixed ${fixed.length} counter(s), watching ${Object.keys(suspects).length}`, fixed.map((f) => `${f.kind}:${f.id}`).join(' '));
  }
  return { fixed: fixed.length, watching: Object.keys(suspects).length, state: after };
}

/** 数据核对: the same recount now (run: true) or the last run as recorded. */
export const reconcile: Handler<'pairing', 'reconcile'> = async ({ run }, { db }) => {
  const res = run ? await recountPlaces(db) : null;
  return reconcileView(res?.state ?? (await readRecountState(db, VOLS)), {
    ran: run, fixedNow: res?.fixed ?? 0, max: RECONCILE_LIST_MAX, schedule: '每小时整点自动核对',
    labels: { volunteer: '爱心妈妈的名额', child: '儿童的名额与结对锁（含已结对标记）' },
  });
};
