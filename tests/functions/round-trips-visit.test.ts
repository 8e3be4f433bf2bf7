import { startTestCloud, as } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { countRoundTrips } from '../../localcloud/counting-proxy';
import { childInput } from '../domain/child/fixtures';
import { ORGS, setupWorld, WHO } from '../domain/child/world';
import { approvedVolunteer } from '../domain/pairing/world';
import { setClock } from '../../src/server/time';

/**
 * Database round trips of the visit actions (issue 16's table: a check-in in at most 4 — it was
 * 14–18). Counted by a proxy in front of the local cloud, for one call, with the programme already
 * cached by the warm instance (a cold instance reads its settings once more). Each count is taken
 * again after thousands of unrelated and related documents were bulk-loaded: it must not move.
 */
const A1 = { code: ORGS.communityA1, name: '测试社区甲一', path: ['sn', ORGS.countyA, ORGS.streetA, ORGS.communityA1] };
const T0 = Date.parse('2026-03-10T02:00:00.000Z'); // 10 March 2026, 10:00 in Shanghai

interface World { cloud: LocalCloud; childId: string; pairingId: string; userId: string }

/** A fresh cloud: one child of 甲一 actively paired with 测试妈妈一 since 5 January, the clock at T0. */
async function pairedWorld(): Promise<World> {
  setClock(() => Date.parse('2026-01-05T02:00:00.000Z'));
  const cloud = await startTestCloud();
  await setupWorld(cloud);
  const childId = (await as(cloud, WHO.countyA).ok('child', 'create', childInput(80, A1.code))).id;
  const v = await approvedVolunteer(cloud, WHO.volunteer, A1, { name: '测试妈妈一' });
  const p = await as(cloud, WHO.countyA).ok('pairing', 'propose', { childId, volunteerId: v });
  await as(cloud, WHO.countyA).ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-01-02' });
  await as(cloud, WHO.volunteer).ok('pairing', 'respond', { id: p.id, accept: true });
  setClock(() => T0);
  return { cloud, childId, pairingId: p.id, userId: v };
}

/**
 * `n` more pairings (and their children) of 50 other volunteers, and 3n check-ins: a third of them
 * hers for this child, the rest theirs. `tag` keeps the ids of two loads apart.
 */
function bulkLoad(w: World, n: number, tag: string): void {
  const children = [];
  const pairings = [];
  const checkins = [];
  for (let i = 0; i < n; i++) {
    children.push({ _id: `${tag}-ch${i}`, programmeId: 'suining-2019', name: `测试儿童${i}`, category: 'left_behind', riskLevel: 'low', orgCode: A1.code, orgPath: A1.path, status: 'active' });
    pairings.push({
      _id: `${tag}-pr${i}`, programmeId: 'suining-2019', status: 'active', version: 1, childId: `${tag}-ch${i}`, childName: `测试儿童${i}`, childCategory: 'left_behind',
      childOrgCode: A1.code, childOrgName: A1.name, orgPath: A1.path, volunteerUserId: `${tag}-vol${i % 50}`, volunteerName: '测试妈妈', volunteerOrgName: A1.name,
      volunteerOrgPath: A1.path, role: 'local', reasons: [], consent: null, deadline: null, message: '', proposedAt: '2026-01-01T00:00:00.000Z', proposedBy: 'bulk',
      acceptedAt: '2026-01-01T00:00:00.000Z', closedAt: null, closedBy: null, events: [],
    });
  }
  for (let i = 0; i < 3 * n; i++) {
    const own = i % 3 === 0;
    const at = new Date(T0 - (1 + (i % 60)) * 86400_000).toISOString();
    checkins.push({
      _id: `${tag}-ck${i}`, clientId: `${tag}-${i}`, pairingId: own ? w.pairingId : `${tag}-pr${i % n}`, childId: own ? w.childId : `${tag}-ch${i % n}`,
      childName: '测试儿童', orgPath: A1.path, volunteerUserId: own ? w.userId : `${tag}-vol${i % 50}`, volunteerName: '测试妈妈', kind: 'call', at, durationMinutes: 30,
      withWhom: '孩子', problems: '', measures: '', childState: { health: '', study: '', mood: '' }, checklist: [], photos: [], location: null, flagged: false,
      keys: [], createdAt: at, revisions: [], correction: null, decisions: [], version: 1,
    });
  }
  w.cloud.store.insertMany('children', children);
  w.cloud.store.insertMany('pairings', pairings);
  w.cloud.store.insertMany('visit_checkins', checkins);
}

let seq = 0;
const body = (childId: string, over: Record<string, unknown> = {}) => ({
  clientId: `rt-client-${seq++}`, childId, kind: 'call' as const, at: new Date(T0 - 3600_000).toISOString(), durationMinutes: 30, withWhom: '孩子', problems: '', measures: '', ...over,
});

const tripsOf = async (w: World, call: () => Promise<unknown>): Promise<number> => (await countRoundTrips(w.cloud, call))[0];

afterEach(() => setClock(null));

test('a check-in as an approved paired volunteer: at most 4 round trips, the same with 100 and with thousands of records', async () => {
  const w = await pairedWorld();
  try {
    const vol = as(w.cloud, WHO.volunteer);
    await vol.ok('visit', 'checkIn', body(w.childId)); // warms the programme cache
    bulkLoad(w, 100, 'few');
    const few = await tripsOf(w, () => vol.ok('visit', 'checkIn', body(w.childId)));
    bulkLoad(w, 3000, 'many'); // 3,000 more pairings and children, 9,000 more check-ins (3,000 of them hers)
    const many = await tripsOf(w, () => vol.ok('visit', 'checkIn', body(w.childId)));
    expect(few).toBeGreaterThan(0);
    expect(many).toBe(few);
    expect(few).toBeLessThanOrEqual(4);
  } finally {
    await w.cloud.close();
  }
}, 60_000);

test('the morning timer: round trips grow by pages of 1,000 pairings, not one by one', async () => {
  const w = await pairedWorld();
  try {
    const { fireTimer } = await import('../helpers/cloud');
    const timerTrips = () => tripsOf(w, async () => expect((await fireTimer(w.cloud, 'visit', 'reminders')).ok).toBe(true));
    bulkLoad(w, 1000, 'a');
    const few = await timerTrips();
    bulkLoad(w, 2000, 'b');
    const more = await timerTrips();
    // 2,000 more pairings, each with its March items due: the old timer made about three round trips each
    expect(more - few).toBeLessThanOrEqual(30);
    expect(few).toBeLessThanOrEqual(40);
  } finally {
    await w.cloud.close();
  }
}, 120_000);
