import { startTestCloud, as, fireTimer, ADMIN } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { DEMO_STAFF, seedDemo } from '../../localcloud/seed';
import { DEMO_APPLICANTS } from '../../localcloud/seed-volunteers';
import { DEMO_DONOR } from '../../localcloud/seed-wishes';
import { UNINDEXED_SCAN_THRESHOLD, type UnindexedQuery } from '../../localcloud/db/indexes';
import { FUNCTIONS } from '../../src/functions';
import { NOTICE_SOURCES } from '../../src/server/collections';
import { userIdFor } from '../../src/server/ids';

/**
 * Issue 13 item 4: every query in src/ is served by an index declared in src/server/indexes.ts.
 * The demo world (localcloud/seed.ts, made through the real handlers) is multiplied to 10,000
 * documents in every collection a list, board or timer reads, written straight into the store
 * (one clone in fifty inside the programme's tree, the rest under another root, so the emulator,
 * which scans in memory, computes the lists quickly while the collections are past the threshold);
 * then every list and board action runs as staff of the city and of a street (and the volunteer's,
 * donor's and admin's lists, and the timers), and the local cloud must have seen no query that the
 * declared indexes cannot serve (the rule: localcloud/db/indexes.ts).
 */
const N = 10_000;
const BIG = [
  'children', 'child_history', 'volunteer_applications', 'pairings', 'wishes', 'wish_events', 'wish_donors',
  'visit_checkins', 'visit_flags', 'audit_logs', 'commendation_nominations', 'users',
  ...NOTICE_SOURCES.map((s) => s.collection),
];
const CITY = DEMO_STAFF.city.openid;
const STREET = DEMO_STAFF.street.openid;
const MUM = DEMO_APPLICANTS[2]; // approved and paired in the demo

let cloud: LocalCloud;
const failures: string[] = [];

/** The collection each reference field points at: clones point at clones of the same original. */
const REFS: Record<string, string> = {
  childId: 'children', pairingId: 'pairings', wishId: 'wishes', checkInId: 'visit_checkins',
  userId: 'users', volunteerUserId: 'users', claimantId: 'users', collectedBy: 'users', actorId: 'users',
};
const originals = new Map<string, string[]>();

/**
 * The id of a clone of `id` (an original of `coll`) that exists: clone j of a collection copies
 * original j mod m, so a clone's references stay whole and no child or volunteer gathers thousands
 * of records (about N / m each at most).
 */
function cloneOf(coll: string, id: unknown, i: number): unknown {
  const ids = originals.get(coll);
  const k = ids ? ids.indexOf(String(id)) : -1;
  if (!ids || k < 0) return id;
  const m = ids.length;
  const j = m * (1 + (i % (Math.floor(N / m) - 1))) + k;
  return `${id}~${j}`;
}

/** 49 clones in 50 live under another root: the collections hold N, the lists read N / 50. */
function elsewhere(path: unknown): unknown {
  return Array.isArray(path) ? path.map((code) => `zz-${String(code)}`) : path;
}

/** Clones of the collection's documents (new _ids, references to clones; users a new openid) until it holds N. */
function multiply(coll: string): void {
  const docs = cloud.store.rawDocuments(coll);
  if (docs.length === 0) throw new Error(`the demo world has no ${coll} to multiply`);
  const more: Record<string, unknown>[] = [];
  for (let i = docs.length; i < N; i++) {
    const d: Record<string, unknown> = { ...docs[i % docs.length], _id: `${String(docs[i % docs.length]._id)}~${i}` };
    for (const [field, target] of Object.entries(REFS)) if (typeof d[field] === 'string') d[field] = cloneOf(target, d[field], i);
    if (coll === 'users') d.openid = `clone-${i}`;
    if (coll === 'volunteer_applications') d.userId = `${String(d.userId)}~v${i}`; // one application per volunteer
    if (i % 50 !== 0) {
      d.orgPath = elsewhere(d.orgPath);
      d.volunteerOrgPath = elsewhere(d.volunteerOrgPath);
      if (coll === 'pairings') d.status = 'ended'; // the timers walk every active pairing of the programme
      if (d.staff && typeof d.staff === 'object') d.staff = { ...(d.staff as object), orgPath: elsewhere((d.staff as { orgPath?: unknown }).orgPath) };
    }
    more.push(d);
  }
  cloud.store.insertMany(coll, more);
}

beforeAll(async () => {
  // the emulator scans in memory (it has no real indexes): give the functions time, so every query runs
  cloud = await startTestCloud({ functionLimits: () => ({ timeout: 600, memorySize: 512 }) });
  cloud.indexes.mode = 'log'; // record every unindexed query instead of failing the first one
  cloud.indexes.log = () => undefined;
  await seedDemo(FUNCTIONS as never, 'suining-2019');
  // a notice of every kind for the mum, so each inbox collection has one to multiply
  for (const { collection } of NOTICE_SOURCES) {
    cloud.store.insertMany(collection, [{ userId: userIdFor(MUM), kind: 'test', text: '测试通知', at: new Date().toISOString(), read: false }]);
  }
  for (const coll of BIG) originals.set(coll, cloud.store.rawDocuments(coll).map((d) => String(d._id)));
  for (const coll of BIG) multiply(coll);
}, 60_000);
afterAll(() => cloud.close());

async function run(who: string, fn: string, action: string, data: Record<string, unknown> = {}): Promise<void> {
  const res = (await as(cloud, who).raw(fn as never, action as never, data)) as { ok: boolean; error?: { code: string; message: string } };
  if (!res.ok) failures.push(`${fn}.${action} ${JSON.stringify(data)} as ${who}: ${res.error?.code} ${res.error?.message}`);
}

const staffLists: [string, string, Record<string, unknown>?][] = [
  ['account', 'listOrgs'], ['account', 'listStaff'], ['account', 'notices'],
  ['volunteer', 'listApplications'], ['volunteer', 'listApplications', { todo: true }], ['volunteer', 'listApplications', { status: 'approved' }],
  ['volunteer', 'listApplications', { keyword: '测试' }], ['volunteer', 'reviewCounts'],
  ['volunteer', 'listRoster'], ['volunteer', 'listRoster', { keyword: '测试' }], ['volunteer', 'quotaProgress'], ['volunteer', 'listTeams'],
  ['child', 'options'], ['child', 'list'], ['child', 'list', { category: 'left_behind' }], ['child', 'list', { riskLevel: 'high' }],
  ['child', 'list', { paired: false }], ['child', 'list', { needs: ['study'] }], ['child', 'list', { name: '测试' }], ['child', 'list', { page: 3 }],
  ['pairing', 'suggest'], ['pairing', 'list'], ['pairing', 'list', { status: 'active' }], ['pairing', 'allocation'],
  ['wish', 'queue'], ['wish', 'queue', { status: 'pending' }],
  ['visit', 'board'], ['visit', 'board', { view: 'volunteer' }], ['visit', 'board', { view: 'area' }], ['visit', 'board', { page: 2 }],
  ['visit', 'flags'], ['visit', 'flags', { status: 'closed' }], ['visit', 'corrections'],
  ['report', 'dashboard'], ['report', 'periods'], ['report', 'annexes'], ['report', 'shortlist'],
  ['report', 'nominations'], ['report', 'nominations', { view: 'toApprove' }],
  ...(['all', 'paired', 'unpaired', 'unpairedHighRisk', 'category:left_behind', 'risk:high', 'risk:none'].map((key) => ['report', 'drill', { tile: 'children', key }]) as [string, string, Record<string, unknown>][]),
  ...(['status:approved', 'team:none'].map((key) => ['report', 'drill', { tile: 'volunteers', key }]) as [string, string, Record<string, unknown>][]),
  ...(['status:active', 'pending'].map((key) => ['report', 'drill', { tile: 'pairings', key }]) as [string, string, Record<string, unknown>][]),
  ['report', 'drill', { tile: 'overdue' }], ['report', 'drill', { tile: 'flags' }],
  ...(['status:published', 'waiting'].map((key) => ['report', 'drill', { tile: 'wishes', key }]) as [string, string, Record<string, unknown>][]),
];

/** Whole-programme computations, too slow on the in-memory emulator over every clone: run in scope only. */
const HEAVY = new Set(['pairing.suggest', 'report.shortlist', 'report.drill', 'report.dashboard', 'volunteer.quotaProgress', 'visit.board']);

test(`the demo world is multiplied past the threshold (${UNINDEXED_SCAN_THRESHOLD} documents)`, () => {
  for (const coll of BIG) expect(cloud.store.countDocuments(coll)).toBeGreaterThanOrEqual(N);
});

test('every list and board, as staff of the city and of a street, the volunteer, a donor and the admin, and every timer: no unindexed query', async () => {
  const child = (cloud.store.rawDocuments('children')[0]._id as string);
  for (const who of [CITY, STREET]) {
    for (const [fn, action, data] of staffLists) await run(who, fn, action, data);
    await run(who, 'child', 'history', { id: child });
    await run(who, 'visit', 'timeline', { childId: child });
    await run(who, 'pairing', 'suggest', { childId: child });
    await run(who, 'pairing', 'candidates', { childId: child });
    await run(who, 'pairing', 'list', { childId: child });
  }
  for (const [fn, action] of [['volunteer', 'mine'], ['child', 'careList'], ['pairing', 'mine'], ['visit', 'mine'], ['visit', 'team'], ['report', 'mine'], ['account', 'notices'], ['wish', 'queue']]) {
    await run(MUM, fn, action);
  }
  for (const [fn, action, data] of [['wish', 'list', {}], ['wish', 'list', { sort: 'newest' }], ['wish', 'list', { category: 'books' }], ['wish', 'mine', {}], ['wish', 'thanksWall', {}], ['wish', 'donorBoard', {}], ['account', 'notices', {}]] as [string, string, Record<string, unknown>][]) {
    await run(DEMO_DONOR, fn, action, data);
  }
  // the admin acts over the whole programme (no scope filter): the lists, not the engine's suggestions
  for (const [fn, action, data] of staffLists) if (!HEAVY.has(`${fn}.${action}`)) await run(ADMIN, fn, action, data);
  await run(ADMIN, 'account', 'listAudit');
  await run(ADMIN, 'account', 'listAudit', { actorId: userIdFor(CITY) });
  for (const [fn, trigger] of [['pairing', 'lapse'], ['wish', 'claims'], ['visit', 'reminders'], ['report', 'hourly']]) {
    const res = (await fireTimer(cloud, fn, trigger)) as { ok?: boolean; error?: { message: string } };
    if (res.ok === false) failures.push(`timer ${fn}.${trigger}: ${res.error?.message}`);
  }

  const unindexed = cloud.indexes.unindexed.map((q: UnindexedQuery) => `${q.collection} ${q.action} ${q.filter} order ${q.order}`);
  expect({ failures, unindexed: [...new Set(unindexed)] }).toEqual({ failures: [], unindexed: [] });
}, 180_000);
