import { EMPTY_EVIDENCE, rank, visitTallier, windowCounterIds, type Evidence, type Ranked, type ReviewWindow } from '../../domain/report/commendation';
import type { Programme } from '../../programmes';
import type { Commendation } from '../../programmes/schema';
import type { Db } from '../../server/runtime';
import { APPS } from '../volunteer/store';
import { countRows, factsOf } from '../visit/store';
import type { PairingDoc } from '../pairing/store';
import { NOMINATIONS } from './commendation-store';

/**
 * The review year's evidence of every volunteer of a subtree, in a constant number of round trips
 * (eight, three of them in parallel batches): each collection is read once, grouped by volunteer or
 * by pairing in the database, never once per volunteer. Aggregations default to 20 rows on
 * CloudBase, so each sets a limit (10,000 is the service's maximum).
 */
const LIMIT = 10000;

export interface Subject {
  userId: string;
  name: string;
  volunteerNumber: string | null;
  orgCode: string;
  orgName: string;
  orgPath: string[];
  /** server-side only: the subscribe message's recipient */
  openid?: string;
}

type PairingRow = Pick<PairingDoc, '_id' | 'childId' | 'volunteerUserId' | 'acceptedAt' | 'proposedAt' | 'role' | 'closedAt' | 'childCategory'>;

const agg = (db: Db, coll: string) => db.collection(coll).aggregate();
const rows = async <T>(p: Promise<unknown>): Promise<T[]> => ((await p) as { data?: T[] }).data ?? [];

/** Approved volunteers whose node lies in the subtree of `nodeCode`. */
async function volunteersOf(db: Db, nodeCode: string): Promise<Subject[]> {
  const res = await rows<Subject & { volunteerNumber?: string | null }>(
    agg(db, APPS).match({ status: 'approved', orgPath: nodeCode })
      .project({ _id: 0, userId: 1, openid: 1, name: 1, volunteerNumber: 1, orgCode: 1, orgName: 1, orgPath: 1 }).limit(LIMIT).end(),
  );
  return res.map((r) => ({ ...r, volunteerNumber: r.volunteerNumber ?? null }));
}

const overlaps = (p: PairingRow, startIso: string, endIso: string) =>
  !!p.acceptedAt && p.acceptedAt < endIso && (!p.closedAt || p.closedAt >= startIso);

export interface ShortlistData {
  ranked: Ranked<Subject>[];
  /** nominations of the year for these volunteers, by volunteer */
  nominations: Map<string, { _id: string; status: string; orgName: string; orgCode: string }>;
}

export async function loadShortlist(db: Db, programme: Programme, c: Commendation, nodeCode: string, w: ReviewWindow, asOfMs: number): Promise<ShortlistData> {
  const _ = db.command;
  const $ = db.command.aggregate;
  const [startIso, endIso] = [w.start.toISOString(), w.end.toISOString()];
  const subjects = await volunteersOf(db, nodeCode);
  const ids = subjects.map((s) => s.userId);
  const evidence = new Map<string, Evidence>(ids.map((id) => [id, { ...EMPTY_EVIDENCE }]));
  const nominations = new Map<string, { _id: string; status: string; orgName: string; orgCode: string }>();
  if (ids.length === 0) return { ranked: [], nominations };

  const [pairingRows, checkins, flags, noms] = await Promise.all([
    rows<PairingRow>(agg(db, 'pairings')
      .match({ volunteerUserId: _.in(ids), status: _.in(['active', 'ended', 'transferred']), acceptedAt: _.lt(endIso) })
      .project({ childId: 1, volunteerUserId: 1, acceptedAt: 1, proposedAt: 1, role: 1, closedAt: 1, childCategory: 1 }).limit(LIMIT).end()),
    rows<{ _id: string; minutes: number; n: number }>(agg(db, 'visit_checkins')
      .match({ volunteerUserId: _.in(ids), at: _.gte(startIso).and(_.lt(endIso)) })
      .group({ _id: '$volunteerUserId', minutes: $.sum('$durationMinutes'), n: $.sum(1) }).limit(LIMIT).end()),
    rows<{ _id: string; raised: number; followed: number }>(agg(db, 'visit_flags')
      .match({ volunteerUserId: _.in(ids), createdAt: _.gte(startIso).and(_.lt(endIso)) })
      .group({ _id: '$volunteerUserId', raised: $.sum(1), followed: $.sum($.cond({ if: $.eq(['$status', 'closed']), then: 1, else: 0 })) }).limit(LIMIT).end()),
    rows<{ _id: string; status: string; orgName: string; orgCode: string; volunteerUserId: string }>(agg(db, NOMINATIONS)
      .match({ year: w.year, volunteerUserId: _.in(ids) }).project({ status: 1, orgName: 1, orgCode: 1, volunteerUserId: 1 }).limit(LIMIT).end()),
  ]);
  for (const n of noms) nominations.set(n.volunteerUserId, n);
  for (const r of checkins) Object.assign(evidence.get(r._id) ?? {}, { serviceMinutes: r.minutes, checkIns: r.n });
  for (const r of flags) Object.assign(evidence.get(r._id) ?? {}, { flagsRaised: r.raised, flagsFollowed: r.followed });

  const pairings = pairingRows.filter((p) => overlaps(p, startIso, endIso));
  const childIds = [...new Set(pairings.map((p) => p.childId))];
  const [kids, counters, received] = await Promise.all([
    childIds.length ? rows<{ _id: string; riskLevel?: string | null; category?: string }>(agg(db, 'children')
      .match({ _id: _.in(childIds) }).project({ riskLevel: 1, category: 1 }).limit(LIMIT).end()) : Promise.resolve([]),
    // counted from the check-ins' counter keys (src/functions/visit/store.ts): one row per pairing
    pairings.length ? rows<{ _id: string; c: { k: string; n: number }[] }>(countRows(db, pairings.map((p) => p._id), windowCounterIds(programme, w), LIMIT)) : Promise.resolve([]),
    rows<{ wishId: string; at: string; collectedBy: string; childId: string }>(agg(db, 'wish_events')
      .match({ event: 'receive', at: _.gte(startIso).and(_.lt(endIso)) })
      .lookup({ from: 'wishes', localField: 'wishId', foreignField: '_id', as: 'w' })
      .unwind('$w')
      .match(_.or([{ 'w.collectedBy': _.in(ids) }, { 'w.childId': _.in(childIds.length ? childIds : ['-']) }]))
      .project({ _id: 0, wishId: 1, at: 1, collectedBy: '$w.collectedBy', childId: '$w.childId' }).limit(LIMIT).end()),
  ]);

  // visits: what each pairing owed and did, from its counters
  const kidMap = new Map(kids.map((k) => [k._id, k]));
  const counterMap = new Map(counters.map((r) => [r._id, new Map(r.c.map((x) => [x.k, x.n]))]));
  const tally = visitTallier(programme, w, asOfMs);
  for (const p of pairings) {
    const e = evidence.get(p.volunteerUserId);
    if (!e) continue;
    const t = tally(factsOf(p as PairingDoc, kidMap.get(p.childId) as Parameters<typeof factsOf>[1]), counterMap.get(p._id) ?? new Map());
    e.activePairings += 1;
    e.visitsRequired += t.required;
    e.visitsDone += t.done;
  }
  // wishes: received in the window, collected by her or for a child she was paired with at the time
  const fulfilled = new Map<string, Set<string>>();
  const credit = (userId: string, wishId: string) => {
    if (!evidence.has(userId)) return;
    if (!fulfilled.has(userId)) fulfilled.set(userId, new Set());
    fulfilled.get(userId)!.add(wishId);
  };
  const byChild = new Map<string, PairingRow[]>();
  for (const p of pairings) byChild.set(p.childId, [...(byChild.get(p.childId) ?? []), p]);
  for (const r of received) {
    credit(r.collectedBy, r.wishId);
    for (const p of byChild.get(r.childId) ?? []) if (p.acceptedAt! <= r.at && (!p.closedAt || p.closedAt >= r.at)) credit(p.volunteerUserId, r.wishId);
  }
  for (const [userId, set] of fulfilled) evidence.get(userId)!.wishesFulfilled = set.size;

  const ranked = rank(c, subjects.map((s) => ({ userId: s.userId, subject: s, evidence: evidence.get(s.userId)! })));
  return { ranked, nominations };
}
