import { createHash } from 'crypto';
import type { ChildDoc } from '../../domain/child/record';
import { complianceFromCounters, counterId, counterKeys, countedRequirements, currentAndPrevious, governedRules, type ComplianceItem, type PairingFacts } from '../../domain/visits';
import type { Programme } from '../../programmes';
import type { ChildCategory, ContactKind, RiskLevel } from '../../programmes/enums';
import type { Db } from '../../server/runtime';
import type { PairingDoc } from '../pairing/store';

/**
 * Documents of the visit function:
 * - visit_checkins/{ck…}: one check-in; its id is derived from the volunteer and the device's
 *   clientId, so a retry or an offline replay inserts the same _id and is refused by the database.
 *   It carries its own contribution to the counts: `keys`, the per-period counter ids it counts
 *   toward (src/domain/visits counterKeys, fixed when it is written or corrected), and its
 *   `durationMinutes`. What is due, the boards and service hours are counted from these at read
 *   time by one indexed aggregate (countersFor, serviceMinutes), so a check-in is one insert and
 *   no document is shared between check-ins: concurrent check-ins never conflict, none is lost;
 * - (visit_counters, where a transaction per check-in bumped the counts until check-ins carried
 *   their `keys`, is gone: no longer declared, read or written);
 * - visit_volunteers/{userId}: { reminderCredits, openid } — accepted reminder subscriptions
 *   (older documents also hold a `minutes` no longer read);
 * - visit_flags/{fl…}: a needs-attention item, open until staff close it with the action taken.
 */
export const CHECKINS = 'visit_checkins';
export const VOLS = 'visit_volunteers';
export const FLAGS = 'visit_flags';
export const REMINDERS = 'visit_reminders';
/** visit_area_status/{orgCode}: { overdue, dueSoon, onTrack, at } — active pairings of the node's subtree by worst status, written by the morning timer from the counts. */
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
  /** The counter ids this check-in counts toward (counterKeys of its kind and time). */
  keys: string[];
  /** Only on check-ins written before `keys` existed; the morning timer gives them keys and drops it. */
  counted?: boolean;
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

/** The counter ids a check-in of this kind, time and checklist counts toward. */
export const keysOf = (programme: Programme, c: Pick<CheckInDoc, 'kind' | 'at'> & { checklist?: readonly string[] }): string[] =>
  counterKeys(programme, { kind: c.kind, at: c.at, checklist: c.checklist ?? [] }).map((k) => k.id);

/** The counter keys any pairing's compliance reads at `at`: each rule's current and previous period. */
export function keysAt(programme: Programme, at: number): string[] {
  const out: string[] = [];
  for (const { rule, period: p } of governedRules(programme, at, currentAndPrevious)) countedRequirements(rule).forEach((_r, i) => out.push(counterId(rule.key, i, p.key)));
  return out;
}

/** At most this many pairings per counting aggregate: an `_.in` list and the answer's rows stay within a page. */
export const COUNT_PAGE = 1000;

/**
 * The counting aggregate over check-ins: for the pairings `of` (a list of at most COUNT_PAGE ids, or
 * every pairing id in a range), how many of their check-ins count toward each of `keys`, as rows
 * `{ _id: pairingId, c: [{ k, n }] }` (one row a pairing, only pairings with a count). Served by the
 * index (pairingId, keys); one round trip.
 */
export function countRows(db: Db, of: readonly string[] | { from: string; to: string }, keys: readonly string[], limit = COUNT_PAGE) {
  const _ = db.command;
  const $ = db.command.aggregate;
  const pairingId = 'from' in of ? _.gte(of.from).and(_.lte(of.to)) : _.in([...of]);
  return db.collection(CHECKINS).aggregate()
    .match({ pairingId, keys: _.in([...keys]) })
    .project({ _id: 0, pairingId: 1, keys: 1 })
    .unwind('$keys')
    .match({ keys: _.in([...keys]) })
    .group({ _id: { p: '$pairingId', k: '$keys' }, n: $.sum(1) })
    .group({ _id: '$_id.p', c: $.push({ k: '$_id.k', n: '$n' }) })
    .limit(limit)
    .end() as Promise<{ data?: { _id: string; c: { k: string; n: number }[] }[] }>;
}

/** The most rows one aggregate answers (CloudBase: 20 by default, 10,000 with limit). */
const MAX_ROWS = 10_000;
/** Pairings counted as one index range when their ids come sorted: half the rows an answer may hold. */
export const COUNT_RANGE = 5000;

/**
 * Counters of many pairings, counted from their check-ins: one aggregate per COUNT_PAGE pairings,
 * run in parallel. `sorted`: the ids come in `_id` order (the timer's pages), so each COUNT_RANGE of
 * them is asked for as one index range, which also finds pairings in between that the caller ignores;
 * should those fill an answer, that range is asked for by its ids instead.
 */
export async function countersFor(db: Db, programme: Programme, pairingIds: readonly string[], at: number, sorted = false): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>();
  for (const id of pairingIds) out.set(id, new Map());
  if (pairingIds.length === 0) return out;
  const keys = keysAt(programme, at);
  const split = (ids: readonly string[], size: number) => {
    const pages: string[][] = [];
    for (let i = 0; i < ids.length; i += size) pages.push(ids.slice(i, i + size));
    return pages;
  };
  const byIds = (ids: readonly string[]) => Promise.all(split(ids, COUNT_PAGE).map((page) => countRows(db, page, keys)));
  const count = async (ids: string[]) => {
    if (sorted) {
      const res = await countRows(db, { from: ids[0], to: ids[ids.length - 1] }, keys, MAX_ROWS);
      if ((res.data?.length ?? 0) < MAX_ROWS) return [res];
    }
    return byIds(ids);
  };
  const answers = sorted ? (await Promise.all(split(pairingIds, COUNT_RANGE).map(count))).flat() : await byIds(pairingIds);
  for (const res of answers) {
    for (const r of res.data ?? []) for (const x of r.c) out.get(r._id)?.set(x.k, x.n);
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

/**
 * Her active pairing with this child and the child's risk level, in one aggregate (the pairing and
 * a lookup of the child); null when she has none.
 */
export async function activePairingWithRisk(db: Db, userId: string, childId: string): Promise<{ pairing: PairingDoc; riskLevel: RiskLevel | null } | null> {
  const res = await db.collection('pairings').aggregate()
    .match({ childId, status: 'active', volunteerUserId: userId })
    .limit(1)
    .lookup({ from: 'children', localField: 'childId', foreignField: '_id', as: 'child' })
    .project({ 'child.riskLevel': 1, _id: 1, childId: 1, childName: 1, orgPath: 1, volunteerUserId: 1, volunteerName: 1, role: 1, acceptedAt: 1, proposedAt: 1 })
    .end() as { data?: (PairingDoc & { child?: { riskLevel?: RiskLevel | null }[] })[] };
  const row = res.data?.[0];
  if (!row) return null;
  const { child, ...pairing } = row;
  return { pairing: pairing as PairingDoc, riskLevel: child?.[0]?.riskLevel ?? null };
}

export async function childrenByIds(db: Db, ids: readonly string[]): Promise<Map<string, ChildDoc & { riskLevel?: RiskLevel | null }>> {
  const out = new Map<string, ChildDoc & { riskLevel?: RiskLevel | null }>();
  const unique = [...new Set(ids)];
  if (unique.length === 0) return out;
  const _ = db.command;
  const pages: string[][] = [];
  for (let i = 0; i < unique.length; i += 1000) pages.push(unique.slice(i, i + 1000));
  for (const res of await Promise.all(pages.map((ids) => db.collection('children').where({ _id: _.in(ids) }).limit(1000).get()))) {
    for (const c of res.data as (ChildDoc & { riskLevel?: RiskLevel | null })[]) out.set(c._id, c);
  }
  return out;
}

/**
 * Her service time in minutes: the sum over her check-ins (one aggregate, index volunteerUserId),
 * leaving out `except` (a check-in being written at the same moment, added by the caller).
 */
export async function serviceMinutes(db: Db, userId: string, except?: string): Promise<number> {
  const _ = db.command;
  const $ = db.command.aggregate;
  const res = await db.collection(CHECKINS).aggregate()
    .match(except ? { volunteerUserId: userId, _id: _.neq(except) } : { volunteerUserId: userId })
    .group({ _id: null, m: $.sum('$durationMinutes') })
    .end() as { data?: { m: number }[] };
  return res.data?.[0]?.m ?? 0;
}

export const hoursOf = (minutes: number): number => Math.round((minutes / 60) * 10) / 10;
