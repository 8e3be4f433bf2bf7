import { createHash } from 'crypto';
import { AppError } from '../../contract';
import type { ChildDoc } from '../../domain/child/record';
import { complianceFromCounters, counterId, counterKeys, periodOf, previousPeriod, type ComplianceItem, type PairingFacts } from '../../domain/visits';
import type { Programme } from '../../programmes';
import type { ChildCategory, ContactKind, RiskLevel } from '../../programmes/enums';
import type { Db } from '../../server/runtime';
import type { PairingDoc } from '../pairing/store';

/**
 * Documents of the visit function:
 * - visit_checkins/{ck…}: one check-in; its id is derived from the volunteer and the device's
 *   clientId, so a retry or an offline replay inserts the same _id and is refused by the database;
 * - visit_counters/{pairingId}_{counterId}: { pairingId, key, n } — one per requirement and period
 *   (src/domain/visits counterKeys), bumped with `_.inc` on every write: boards read these only;
 * - visit_volunteers/{userId}: { minutes, count } — service hours, bumped the same way;
 * - visit_flags/{fl…}: a needs-attention item, open until staff close it with the action taken.
 */
export const CHECKINS = 'visit_checkins';
export const COUNTERS = 'visit_counters';
export const VOLS = 'visit_volunteers';
export const FLAGS = 'visit_flags';
export const REMINDERS = 'visit_reminders';
/** visit_area_status/{orgCode}: { overdue, dueSoon, onTrack, at } — active pairings of the node's subtree by worst status, written by the morning timer from the counters. */
export const AREAS = 'visit_area_status';
/** visit_area_status/~run: written by the same timer run, so the board knows the tallies exist. */
export const AREAS_RUN = '~run';

export interface CheckInBody {
  kind: ContactKind;
  at: string;
  durationMinutes: number;
  withWhom: string;
  problems: string;
  measures: string;
  childState: { health: string; study: string; mood: string };
  checklist: string[];
  photos: string[];
  location: { latitude: number; longitude: number } | null;
}

export interface CheckInDoc extends CheckInBody {
  _id: string;
  clientId: string;
  /** inputHash of the submission that made it (absent on check-ins from before it was kept): a replay must match it. */
  inputHash?: string;
  pairingId: string;
  childId: string;
  childName: string;
  orgPath: string[];
  volunteerUserId: string;
  volunteerName: string;
  flagged: boolean;
  /** false until the counters and hours were bumped (a crash in between is visible, not silent). */
  counted: boolean;
  createdAt: string;
  /** Earlier values, newest last: a correction never loses what was first recorded. */
  revisions: (CheckInBody & { replacedAt: string; by: string; reason: string })[];
  correction: { body: CheckInBody; reason: string; requestedAt: string; status: 'pending' } | null;
  /** Staff decisions on late corrections, refused ones included. */
  decisions: { reason: string; requestedAt: string; approved: boolean; note: string; by: string; at: string }[];
  version: number;
}

export interface FlagDoc {
  _id: string;
  checkInId: string;
  childId: string;
  childName: string;
  orgPath: string[];
  volunteerUserId: string;
  volunteerName: string;
  reason: string;
  status: 'open' | 'closed';
  createdAt: string;
  closedAt: string | null;
  closedBy: string | null;
  action: string | null;
}

export const checkInIdFor = (userId: string, clientId: string): string =>
  'ck' + createHash('sha256').update(`${userId}:${clientId}`).digest('hex').slice(0, 30);

/** ~1 km: two decimals of a degree. Nothing more precise is ever stored. */
export const roundLocation = (l: { latitude: number; longitude: number } | null) =>
  l ? { latitude: Math.round(l.latitude * 100) / 100, longitude: Math.round(l.longitude * 100) / 100 } : null;

export async function findCheckIn(db: Db, id: string): Promise<CheckInDoc | null> {
  return ((await db.collection(CHECKINS).doc(id).get()).data?.[0] as CheckInDoc | undefined) ?? null;
}

/** Adds `delta` to one counter document, creating it on first use; safe under concurrent writers. */
async function bump(db: Db, collection: string, id: string, field: string, delta: number, init: Record<string, unknown>): Promise<void> {
  const _ = db.command;
  const res = await db.collection(collection).where({ _id: id }).update({ [field]: _.inc(delta) });
  if ((res as { updated?: number }).updated === 1) return;
  try {
    await db.collection(collection).add({ _id: id, ...init, [field]: delta });
  } catch {
    // created concurrently by another writer: increment that one
    await db.collection(collection).where({ _id: id }).update({ [field]: _.inc(delta) });
  }
}

/** Applies one check-in's effect (sign +1) or takes it back (-1): counters, then service time. */
export async function applyCounts(db: Db, programme: Programme, c: Pick<CheckInDoc, 'pairingId' | 'volunteerUserId' | 'kind' | 'at' | 'durationMinutes'>, sign: 1 | -1): Promise<void> {
  for (const k of counterKeys(programme, { kind: c.kind, at: c.at })) {
    await bump(db, COUNTERS, `${c.pairingId}_${k.id}`, 'n', sign, { pairingId: c.pairingId, key: k.id });
  }
  await bump(db, VOLS, c.volunteerUserId, 'minutes', sign * c.durationMinutes, {});
}

/** The part of a CloudBase transaction used here: single-document reads and writes. */
interface Tx {
  collection(name: string): { doc(id: string): { get(): Promise<{ data: unknown }>; set(d: object): Promise<unknown>; update(d: object): Promise<unknown> } };
}

async function txDoc<T>(t: Tx, collection: string, id: string): Promise<T | null> {
  const data = (await t.collection(collection).doc(id).get()).data;
  return ((Array.isArray(data) ? data[0] : data) as T | undefined) ?? null;
}

async function addInTx(t: Tx, collection: string, id: string, field: string, delta: number, init: Record<string, unknown>): Promise<void> {
  const cur = await txDoc<Record<string, unknown>>(t, collection, id);
  if (cur) await t.collection(collection).doc(id).update({ [field]: (Number(cur[field]) || 0) + delta });
  else await t.collection(collection).doc(id).set({ ...init, [field]: delta });
}

/**
 * Counts a check-in exactly once: its counters, her service time and `counted: true` commit in one
 * transaction or not at all, and a counted check-in is never counted again. checkIn calls it at
 * once; the morning timer calls it for check-ins left `counted: false` (a crash or a failed
 * commit). The new version makes a correction that read the uncounted check-in retry.
 */
export async function countOnce(db: Db, programme: Programme, id: string): Promise<boolean> {
  return (db as unknown as { runTransaction<R>(fn: (t: Tx) => Promise<R>): Promise<R> }).runTransaction(async (t) => {
    const c = await txDoc<CheckInDoc>(t, CHECKINS, id);
    if (!c || c.counted) return false;
    for (const k of counterKeys(programme, { kind: c.kind, at: c.at })) {
      await addInTx(t, COUNTERS, `${c.pairingId}_${k.id}`, 'n', 1, { pairingId: c.pairingId, key: k.id });
    }
    await addInTx(t, VOLS, c.volunteerUserId, 'minutes', c.durationMinutes, {});
    await t.collection(CHECKINS).doc(id).update({ counted: true, version: c.version + 1 });
    return true;
  });
}

/** The counter keys any pairing's compliance reads at `at`: each rule's current and previous period. */
export function keysAt(programme: Programme, at: number): string[] {
  const out: string[] = [];
  for (const rule of programme.visitRules) {
    const cur = periodOf(rule.period, at);
    for (const p of [previousPeriod(cur), cur]) rule.requirements.forEach((_r, i) => out.push(counterId(rule.key, i, p.key)));
  }
  return out;
}

/** Counters of many pairings in a constant number of queries (one per 1,000 documents). */
export async function countersFor(db: Db, programme: Programme, pairingIds: readonly string[], at: number): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>();
  for (const id of pairingIds) out.set(id, new Map());
  if (pairingIds.length === 0) return out;
  const _ = db.command;
  const keys = keysAt(programme, at);
  for (let skip = 0; ; skip += 1000) {
    const res = await db.collection(COUNTERS).where({ pairingId: _.in([...pairingIds]), key: _.in(keys) }).skip(skip).limit(1000).get();
    const rows = res.data as { pairingId: string; key: string; n: number }[];
    for (const r of rows) out.get(r.pairingId)?.set(r.key, r.n);
    if (rows.length < 1000) break;
  }
  return out;
}

/**
 * Facts for the engine. The risk level is the child's current one from the start of the pairing:
 * the registry keeps no dated assessments yet, so a change applies to the whole current period
 * (the stricter rule then counts earlier check-ins of the period too; see riskLevelsDuring).
 */
export function factsOf(p: PairingDoc, child: Pick<ChildDoc, 'category'> & { riskLevel?: RiskLevel | null } | undefined): PairingFacts {
  const started = p.acceptedAt ?? p.proposedAt ?? '2000-01-01T00:00:00.000Z';
  return {
    pairingStartedOn: started,
    volunteerRole: p.role ?? 'local',
    riskHistory: child?.riskLevel ? [{ level: child.riskLevel, from: started }] : [],
    childCategory: child?.category as ChildCategory | undefined,
  };
}

export function dueOf(programme: Programme, p: PairingDoc, child: Parameters<typeof factsOf>[1], counters: Map<string, number>, at: number): ComplianceItem[] {
  return complianceFromCounters(programme, factsOf(p, child), counters, at);
}

export const dueView = (i: ComplianceItem) => ({
  ruleLabel: i.ruleLabel, label: i.label, periodLabel: i.period.label, required: i.required, done: i.done, remaining: i.remaining,
  dueDate: i.dueDate, status: i.status, statusLabel: i.statusLabel,
});

export async function activePairing(db: Db, userId: string, childId: string): Promise<PairingDoc> {
  const res = await db.collection('pairings').where({ childId, volunteerUserId: userId, status: 'active' }).limit(1).get();
  const p = res.data?.[0] as PairingDoc | undefined;
  if (!p) throw new AppError('FORBIDDEN', '您不是这名孩子当前结对的爱心妈妈');
  return p;
}

export async function childrenByIds(db: Db, ids: readonly string[]): Promise<Map<string, ChildDoc & { riskLevel?: RiskLevel | null }>> {
  const out = new Map<string, ChildDoc & { riskLevel?: RiskLevel | null }>();
  const unique = [...new Set(ids)];
  if (unique.length === 0) return out;
  const _ = db.command;
  const res = await db.collection('children').where({ _id: _.in(unique) }).limit(1000).get();
  for (const c of res.data as (ChildDoc & { riskLevel?: RiskLevel | null })[]) out.set(c._id, c);
  return out;
}

export async function serviceHours(db: Db, userId: string): Promise<number> {
  const v = (await db.collection(VOLS).doc(userId).get()).data?.[0] as { minutes?: number } | undefined;
  return Math.round(((v?.minutes ?? 0) / 60) * 10) / 10;
}
