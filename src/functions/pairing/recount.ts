import { confirmFixes, recountChildPlaces, recountPaired, recountVolunteerPlaces, type ChildCount, type ChildPlaces, type CounterFix, type HoldingPairing, type VolunteerPlaces } from '../../domain/recount';
import { HOLDING } from '../../domain/pairing';
import { applyFix, batchAfter, nextCursors, readRecountState, writeRecountState } from '../../server/recount';
import type { Db } from '../../server/runtime';
import { isoNow, nowMs } from '../../server/time';
import { KIDS, PAIRINGS, VOLS, type PairingDoc } from './store';

async function holdingWhere(db: Db, field: 'volunteerUserId' | 'childId', ids: string[]): Promise<HoldingPairing[]> {
  if (!ids.length) return [];
  const _ = db.command;
  // capacity bounds what a batch holds (a few places per volunteer, two per child): one page
  const rows = (await db.collection(PAIRINGS).where({ [field]: _.in(ids), status: _.in([...HOLDING]) }).limit(1000).get()).data as PairingDoc[];
  return rows.map((p) => ({ id: p._id, childId: p.childId, volunteerUserId: p.volunteerUserId, role: p.role, status: p.status }));
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
 * A bounded batch of the pairing function's derived state checked against the pairings (run by
 * the hourly lapse timer): volunteer places, child places with their holders (the pair locks) and
 * the child's `paired` flag. What a process stopped between the writes of propose, respond,
 * cancel, end or lapse leaves behind is rewritten once the same difference is seen on two runs.
 */
export async function recountPlaces(db: Db): Promise<{ fixed: number; watching: number }> {
  const state = await readRecountState(db, VOLS);
  const cursor = (k: string) => state?.cursors[k] ?? '';
  const vols = await batchAfter<VolunteerPlaces>(db, VOLS, cursor('volunteer'));
  const kids = await batchAfter<ChildPlaces>(db, KIDS, cursor('child'));
  const byVolunteer = await holdingWhere(db, 'volunteerUserId', vols.rows.map((d) => d._id));
  const childIds = kids.rows.map((d) => d._id);
  const byChild = await holdingWhere(db, 'childId', childIds);
  const flags = childIds.length
    ? ((await db.collection('children').where({ _id: db.command.in(childIds) }).field({ paired: true }).limit(1000).get()).data as { _id: string; paired?: boolean }[])
    : [];
  const found = [
    ...recountVolunteerPlaces(vols.rows, byVolunteer),
    ...recountChildPlaces(kids.rows, byChild),
    ...recountPaired(flags, byChild),
  ];
  const { apply, suspects } = confirmFixes<unknown>(found, state?.suspects ?? {}, nowMs());
  const fixed: typeof apply = [];
  for (const f of apply) {
    const ok =
      f.kind === 'child' ? await applyChildFix(db, f as CounterFix<ChildCount>)
      : await applyFix(db, f.kind === 'paired' ? 'children' : VOLS, f as never);
    if (ok) fixed.push(f);
  }
  const cursors = nextCursors({
    volunteer: { cursor: cursor('volunteer'), next: vols.next },
    child: { cursor: cursor('child'), next: kids.next },
  }, suspects);
  // the paired flags ride on the child batch: its cursor stays while one of them is watched too
  if (Object.keys(suspects).some((k) => k.startsWith('paired:'))) cursors.child = cursor('child');
  await writeRecountState(db, VOLS, state, { cursors, suspects, lastFixed: fixed.length ? fixed : state?.lastFixed ?? [] }, isoNow());
  if (fixed.length || Object.keys(suspects).length) {
    console.log(`[pairing recount] fixed ${fixed.length} counter(s), watching ${Object.keys(suspects).length}`, fixed.map((f) => `${f.kind}:${f.id}`).join(' '));
  }
  return { fixed: fixed.length, watching: Object.keys(suspects).length };
}
