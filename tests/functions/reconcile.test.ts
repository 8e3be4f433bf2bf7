import { startTestCloud, as, ADMIN, fireTimer } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { ORGS, WHO } from '../domain/child/world';
import { approvedVolunteer, db } from '../domain/pairing/world';
import { publishedWish, setupWishWorld, type WishWorld } from '../domain/wish/world';
import { userIdFor } from '../../src/server/ids';
import { setClock } from '../../src/server/time';

/**
 * 数据核对 (issue 15): pairing.reconcile, wish.reconcile and visit.reconcile run their recount now for
 * an admin and answer what they looked at, repaired and are watching — with when a watched
 * difference will be repaired — and, with run: false, the last run without running one.
 */
const T0 = Date.parse('2026-03-02T02:00:00Z');
const MIN = 60_000;
let t = T0;
let cloud: LocalCloud;
let w: WishWorld;
const A1 = { code: ORGS.communityA1, name: '测试社区甲一', path: ['sn', ORGS.countyA, ORGS.streetA, ORGS.communityA1] };
const admin = () => as(cloud, ADMIN);
const raw = (c: string, id: string) => cloud.store.rawDocuments(c).find((d) => d._id === id) as Record<string, unknown> | undefined;

beforeEach(async () => {
  t = T0;
  setClock(() => t);
  cloud = await startTestCloud();
  w = await setupWishWorld(cloud);
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(async () => {
  jest.restoreAllMocks();
  setClock(null);
  await cloud.close();
});

test('pairing.reconcile: a place left taken by a killed propose is watched on the first run (with when it will be repaired), repaired by a run ten minutes later; run: false only reads', async () => {
  const staff = as(cloud, WHO.countyA);
  const kid = (await staff.ok('child', 'create', childInput(40, A1.code))).id;
  const v = await approvedVolunteer(cloud, 'rcn-vol', A1, { name: '测试妈妈戊' });
  const ok = await approvedVolunteer(cloud, 'rcn-vol-ok', A1, { name: '测试妈妈己' });
  await staff.ok('pairing', 'propose', { childId: kid, volunteerId: ok });
  // a propose killed after taking her place, before its pairing was written
  await db().collection('pairing_volunteers').add({ _id: v, capacity: 1, held: 1 });

  expect(await admin().ok('pairing', 'reconcile', { run: false })).toMatchObject({ ran: false, at: null, fixed: [], watching: [], fixedNow: 0 });
  const first = await admin().ok('pairing', 'reconcile', {});
  expect(first).toMatchObject({
    ran: true, at: new Date(T0).toISOString(), complete: true, fixedNow: 0, fixedTotal: 0, watchingTotal: 1,
    checked: [{ label: '爱心妈妈的名额', count: 2 }, { label: '儿童的名额与结对锁（含已结对标记）', count: 1 }],
    watching: [{ kind: 'volunteer', kindLabel: '爱心妈妈的名额', id: v, from: '已占1个名额', to: '已占0个名额', since: new Date(T0).toISOString(), repairAfter: new Date(T0 + 10 * MIN).toISOString() }],
  });
  // run: false answers the same without running: a minute later it still says T0
  t += MIN;
  expect(await admin().ok('pairing', 'reconcile', { run: false })).toEqual({ ...first, ran: false });
  // nine minutes after the first sighting is too soon
  t = T0 + 9 * MIN;
  expect(await admin().ok('pairing', 'reconcile', {})).toMatchObject({ fixedNow: 0, watchingTotal: 1 });
  expect(raw('pairing_volunteers', v)).toMatchObject({ held: 1 });
  t = T0 + 10 * MIN;
  const fixed = await admin().ok('pairing', 'reconcile', {});
  expect(fixed).toMatchObject({
    fixedNow: 1, fixedAt: new Date(t).toISOString(), fixedTotal: 1, watching: [], watchingTotal: 0,
    fixed: [{ kind: 'volunteer', id: v, from: '已占1个名额', to: '已占0个名额' }],
  });
  expect(raw('pairing_volunteers', v)).toMatchObject({ held: 0 });
  expect(raw('pairing_volunteers', ok)).toMatchObject({ held: 1 });
  // the hourly timer runs the same recount: nothing left, and the last repair stays on record
  t += 60 * MIN;
  expect(await fireTimer(cloud, 'pairing', 'lapse')).toEqual({ ok: true, data: { lapsed: 0, countersFixed: 0 } });
  expect(await admin().ok('pairing', 'reconcile', { run: false })).toMatchObject({ at: new Date(t).toISOString(), fixedAt: new Date(T0 + 10 * MIN).toISOString(), fixed: [{ id: v }] });
});

test('pairing.reconcile looks at every counter in one run, past a page of 1,000, and repairs one on the last page', async () => {
  const rows = Array.from({ length: 1205 }, (_x, i) => ({ _id: `rcn-v${String(i).padStart(5, '0')}`, capacity: 1, held: i === 1204 ? 1 : 0 }));
  cloud.store.insertMany('pairing_volunteers', rows);
  const first = await admin().ok('pairing', 'reconcile', {});
  expect(first).toMatchObject({ complete: true, checked: [{ count: 1205 }, { count: 0 }], watching: [{ id: 'rcn-v01204' }] });
  t += 10 * MIN;
  expect(await admin().ok('pairing', 'reconcile', {})).toMatchObject({ fixedNow: 1, fixed: [{ id: 'rcn-v01204', to: '已占0个名额' }] });
});

test('wish.reconcile: a donor whose slots a killed claim left taken is watched, then repaired; her claim then works', async () => {
  const donor = as(cloud, 'rcn-donor');
  const wish = await publishedWish(cloud, w.a);
  await donor.ok('wish', 'claim', { id: wish });
  await donor.ok('wish', 'cancel', { id: wish });
  await db().collection('wish_donors').doc(userIdFor('rcn-donor')).update({ openClaims: 3 });
  const first = await admin().ok('wish', 'reconcile', {});
  expect(first).toMatchObject({
    ran: true, checked: [{ label: '爱心人士的认领名额', count: 1 }], fixedNow: 0,
    watching: [{ kind: 'donor', kindLabel: '爱心人士进行中的认领', id: userIdFor('rcn-donor'), from: '进行中的认领3个', to: '进行中的认领0个', repairAfter: new Date(T0 + 10 * MIN).toISOString() }],
  });
  expect((await donor.raw('wish', 'claim', { id: wish })).ok).toBe(false);
  t += 10 * MIN;
  expect(await admin().ok('wish', 'reconcile', {})).toMatchObject({ fixedNow: 1, fixed: [{ id: userIdFor('rcn-donor'), to: '进行中的认领0个' }], watching: [] });
  await donor.ok('wish', 'claim', { id: wish });
});

test('visit.reconcile rebuilds the area tallies now and names the nodes whose tallies changed; a second run changes nothing', async () => {
  // the wish world's pairing is a bare stand-in (no org path, never proposed): not one a timer could count
  await db().collection('pairings').where({ childId: w.a }).remove();
  const staff = as(cloud, WHO.countyA);
  const kid = (await staff.ok('child', 'create', childInput(41, A1.code))).id;
  const v = await approvedVolunteer(cloud, 'rcn-visit', A1, { name: '测试妈妈庚' });
  const p = await staff.ok('pairing', 'propose', { childId: kid, volunteerId: v });
  await staff.ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-02-01' });
  await as(cloud, 'rcn-visit').ok('pairing', 'respond', { id: p.id, accept: true });
  // tallies as a morning build left them, one of them wrong, and one for a node with no pairing any more
  await db().collection('visit_area_status').add([
    { _id: ORGS.communityA1, code: ORGS.communityA1, overdue: 5, dueSoon: 0, onTrack: 0, at: '2026-03-01T00:00:00.000Z' },
    { _id: ORGS.communityB1, code: ORGS.communityB1, overdue: 1, dueSoon: 0, onTrack: 0, at: '2026-03-01T00:00:00.000Z' },
  ]);
  const res = await admin().ok('visit', 'reconcile', {});
  expect(res).toMatchObject({ ran: true, at: new Date(T0).toISOString(), complete: true, watching: [], watchingTotal: 0, checked: [{ label: '进行中的结对', count: 1 }, { label: '有结对的地区', count: 4 }] });
  const byId = Object.fromEntries(res.fixed.map((f) => [f.id, f]));
  expect(byId[ORGS.communityA1]).toMatchObject({ kind: 'area', kindLabel: '地区走访统计', from: '逾期5，即将到期0，按时0', to: '逾期0，即将到期0，按时1' });
  expect(byId[ORGS.communityB1]).toMatchObject({ from: '逾期1，即将到期0，按时0', to: '逾期0，即将到期0，按时0' });
  expect(res.fixedNow).toBe(5); // sn, county A, street A, community A1 new or changed; community B1 gone
  expect(raw('visit_area_status', ORGS.communityA1)).toMatchObject({ overdue: 0, onTrack: 1 });
  expect(raw('visit_area_status', ORGS.communityB1)).toBeUndefined();
  t += MIN;
  const again = await admin().ok('visit', 'reconcile', {});
  expect(again).toMatchObject({ fixedNow: 0, fixedAt: new Date(T0).toISOString(), fixedTotal: 5 });
  expect(await admin().ok('visit', 'reconcile', { run: false })).toEqual({ ...again, ran: false, fixedNow: 0 });
});

test('only an admin may reconcile', async () => {
  for (const [fn, who] of [['pairing', WHO.countyA], ['wish', WHO.countyA], ['visit', WHO.volunteer]] as const) {
    const res = await as(cloud, who).raw(fn, 'reconcile', {});
    expect(res.ok ? null : res.error.code).toBe('FORBIDDEN');
  }
  expect(raw('pairing_volunteers', '~recount')).toBeUndefined();
});
