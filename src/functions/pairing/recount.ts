import { confirmFixes, recountChildPlaces, recountPairLocks, recountVolunteerPlaces, type ChildPlaces, type HoldingPairing, type PairLockDoc, type VolunteerPlaces } from '../../domain/recount';
import { HOLDING } from '../../domain/pairing';
import { applyFix, batchAfter, nextCursors, readRecountState, writeRecountState } from '../../server/recount';
import type { Db } from '../../server/runtime';
import { isoNow, nowMs } from '../../server/time';
import { PAIRINGS, type PairingDoc } from './store';

const VOLS = 'pairing_volunteers';
const KIDS = 'pairing_children';
const LOCKS = 'pairing_locks';
const COLLECTION = { volunteer: VOLS, child: KIDS, lock: LOCKS } as const;

async function holdingWhere(db: Db, field: 'volunteerUserId' | 'childId', ids: string[]): Promise<HoldingPairing[]> {
  if (!ids.length) return [];
  const _ = db.command;
  // capacity bounds what a batch holds (a few places per volunteer, two per child): one page
  const rows = (await db.collection(PAIRINGS).where({ [field]: _.in(ids), status: _.in([...HOLDING]) }).limit(1000).get()).data as PairingDoc[];
  return rows.map((p) => ({ id: p._id, childId: p.childId, volunteerUserId: p.volunteerUserId, role: p.role }));
}

/**
 * A bounded batch of the pairing function's counters checked against the pairings (run by the
 * hourly lapse timer): volunteer places, child places and pair locks left wrong by a process
 * stopped mid-propose or mid-cancel are rewritten once the same difference is seen on two runs.
 */
export async function recountPlaces(db: Db): Promise<{ fixed: number; watching: number }> {
  const state = await readRecountState(db, VOLS);
  const cursor = (k: string) => state?.cursors[k] ?? '';
  const vols = await batchAfter<VolunteerPlaces>(db, VOLS, cursor('volunteer'));
  const kids = await batchAfter<ChildPlaces>(db, KIDS, cursor('child'));
  const locks = await batchAfter<PairLockDoc>(db, LOCKS, cursor('lock'));
  const byVolunteer = await holdingWhere(db, 'volunteerUserId', vols.rows.map((d) => d._id));
  const childIds = [...new Set([...kids.rows.map((d) => d._id), ...locks.rows.map((d) => d._id.slice(0, d._id.indexOf('~')))])];
  const byChild = await holdingWhere(db, 'childId', childIds);
  const found = [
    ...recountVolunteerPlaces(vols.rows, byVolunteer),
    ...recountChildPlaces(kids.rows, byChild),
    ...recountPairLocks(locks.rows, byChild),
  ];
  const { apply, suspects } = confirmFixes<unknown>(found, state?.suspects ?? {}, nowMs());
  const fixed: typeof apply = [];
  for (const f of apply) {
    if (await applyFix(db, COLLECTION[f.kind as keyof typeof COLLECTION], f as never)) fixed.push(f);
  }
  const cursors = nextCursors({
    volunteer: { cursor: cursor('volunteer'), next: vols.next },
    child: { cursor: cursor('child'), next: kids.next },
    lock: { cursor: cursor('lock'), next: locks.next },
  }, suspects);
  await writeRecountState(db, VOLS, state, { cursors, suspects, lastFixed: fixed.length ? fixed : state?.lastFixed ?? [] }, isoNow());
  if (fixed.length || Object.keys(suspects).length) {
    console.log(`[pairing recount] fixed ${fixed.length} counter(s), watching ${Object.keys(suspects).length}`, fixed.map((f) => `${f.kind}:${f.id}`).join(' '));
  }
  return { fixed: fixed.length, watching: Object.keys(suspects).length };
}
