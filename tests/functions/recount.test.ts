import { startTestCloud, as, fireTimer } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { ORGS, WHO } from '../domain/child/world';
import { approvedVolunteer, db } from '../domain/pairing/world';
import { publishedWish, setupWishWorld, type WishWorld } from '../domain/wish/world';
import { userIdFor } from '../../src/server/ids';
import { setClock } from '../../src/server/time';

/**
 * Counters that heal themselves (issue 15): the counters a process killed mid-propose, mid-cancel
 * or mid-claim leaves wrong are written by hand as the crash would leave them; the hourly timers
 * (pairing `lapse`, wish `claims`) see the difference, and repair it when the next run an hour
 * later finds the same one; afterwards what the wrong counters refused works again.
 */
const T0 = Date.parse('2026-03-02T02:00:00Z');
const HOUR = 3600_000;
let t = T0;
let cloud: LocalCloud;
let w: WishWorld;
const A1 = { code: ORGS.communityA1, name: '测试社区甲一', path: ['sn', ORGS.countyA, ORGS.streetA, ORGS.communityA1] };

beforeEach(async () => {
  t = T0;
  setClock(() => t);
  cloud = await startTestCloud();
  w = await setupWishWorld(cloud);
});
afterEach(async () => {
  setClock(null);
  await cloud.close();
});

const raw = (c: string, id: string) => cloud.store.rawDocuments(c).find((d) => d._id === id) as Record<string, unknown> | undefined;
const err = (res: unknown) => (res as { ok: boolean; error?: { code: string; message: string } }).error;

test('places and their holders (the pair locks) left by a killed propose and a killed cancel are recounted by the lapse timer; the volunteer can be paired again', async () => {
  const staff = as(cloud, WHO.countyA);
  const kids: string[] = [];
  for (let i = 0; i < 3; i++) kids.push((await staff.ok('child', 'create', childInput(20 + i, A1.code))).id);
  const vOk = await approvedVolunteer(cloud, 'rc-vol-ok', A1, { name: '测试妈妈甲' });
  const vGhost = await approvedVolunteer(cloud, 'rc-vol-ghost', A1, { name: '测试妈妈乙' });
  const vCancel = await approvedVolunteer(cloud, 'rc-vol-cancel', A1, { name: '测试妈妈丙' });
  // a pairing made properly: its counters are right and must stay so
  const ok = await staff.ok('pairing', 'propose', { childId: kids[0], volunteerId: vOk });
  // a propose killed after taking both places (the child's naming its pairing: the pair's lock), before the pairing was written
  await db().collection('pairing_children').add({ _id: kids[1], held: 1, local: 1, remote: 0, holders: { [vGhost]: 'prghost0000000000000' } });
  await db().collection('pairing_volunteers').add({ _id: vGhost, capacity: 1, held: 1 });
  // a cancel killed after the pairing was cancelled, before its places and lock were given back
  const cancelled = await staff.ok('pairing', 'propose', { childId: kids[2], volunteerId: vCancel });
  await db().collection('pairings').doc(cancelled.id).update({ status: 'cancelled', closedAt: new Date(t).toISOString() });

  // what the wrong counters do: the ghost's one place is taken, kids[1] and kids[2] look paired
  expect(err(await staff.raw('pairing', 'propose', { childId: kids[1], volunteerId: vGhost }))?.code).toBe('CONFLICT');
  expect(err(await staff.raw('pairing', 'propose', { childId: kids[2], volunteerId: vGhost }))?.code).toBe('CONFLICT');

  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    // the first run only notes the differences (an operation in flight looks the same for a moment)
    expect(await fireTimer(cloud, 'pairing', 'lapse')).toEqual({ ok: true, data: { lapsed: 0, countersFixed: 0 } });
    expect(raw('pairing_volunteers', vGhost)).toMatchObject({ held: 1 });
    // ten minutes later is not yet enough; an hour later the same differences are repaired
    t += 5 * 60_000;
    expect(await fireTimer(cloud, 'pairing', 'lapse')).toEqual({ ok: true, data: { lapsed: 0, countersFixed: 0 } });
    t = T0 + HOUR;
    expect(await fireTimer(cloud, 'pairing', 'lapse')).toEqual({ ok: true, data: { lapsed: 0, countersFixed: 4 } });
    expect(log).toHaveBeenCalledWith(expect.stringContaining('[pairing recount] fixed 4 counter(s)'), expect.any(String));
  } finally {
    log.mockRestore();
  }
  expect(raw('pairing_volunteers', vGhost)).toMatchObject({ held: 0 });
  expect(raw('pairing_volunteers', vCancel)).toMatchObject({ held: 0 });
  expect(raw('pairing_children', kids[1])).toEqual({ _id: kids[1], held: 0, local: 0, remote: 0, holders: {} });
  expect(raw('pairing_children', kids[2])).toEqual({ _id: kids[2], held: 0, local: 0, remote: 0, holders: {} });
  // the pairing made properly kept its counters
  expect(raw('pairing_volunteers', vOk)).toMatchObject({ held: 1 });
  expect(raw('pairing_children', kids[0])).toMatchObject({ held: 1, local: 1, holders: { [vOk]: ok.id } });
  // what was refused now works, and a further run finds nothing to do
  await staff.ok('pairing', 'propose', { childId: kids[1], volunteerId: vGhost });
  await staff.ok('pairing', 'propose', { childId: kids[2], volunteerId: vCancel });
  t += HOUR;
  expect(await fireTimer(cloud, 'pairing', 'lapse')).toEqual({ ok: true, data: { lapsed: 0, countersFixed: 0 } });
  expect(raw('pairing_volunteers', '~recount')).toMatchObject({ suspects: {}, lastFixed: expect.arrayContaining([{ kind: 'child', id: kids[1], from: { held: 1, local: 1, remote: 0, holders: { [vGhost]: 'prghost0000000000000' } }, to: { held: 0, local: 0, remote: 0, holders: {} } }]) });
});

test('a difference that changes before it is confirmed is not repaired (it may be an operation in flight)', async () => {
  const staff = as(cloud, WHO.countyA);
  const kid = (await staff.ok('child', 'create', childInput(30, A1.code))).id;
  const v = await approvedVolunteer(cloud, 'rc-vol-flight', A1, { name: '测试妈妈丁' });
  // seen once with held 1 and no pairing: as mid-propose, between the place and the pairing
  await db().collection('pairing_volunteers').add({ _id: v, capacity: 1, held: 1 });
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  expect(await fireTimer(cloud, 'pairing', 'lapse')).toEqual({ ok: true, data: { lapsed: 0, countersFixed: 0 } });
  // the propose then completes (its own place taken through the function on a fresh counter)
  await db().collection('pairing_volunteers').doc(v).update({ held: 0 });
  await staff.ok('pairing', 'propose', { childId: kid, volunteerId: v });
  t += HOUR;
  expect(await fireTimer(cloud, 'pairing', 'lapse')).toEqual({ ok: true, data: { lapsed: 0, countersFixed: 0 } });
  expect(raw('pairing_volunteers', v)).toMatchObject({ held: 1 });
  jest.restoreAllMocks();
});

test('a donor whose open-claim slots were all left taken by killed claims is refused every claim until the claims timer recounts them', async () => {
  const donor = as(cloud, 'rc-donor');
  const other = as(cloud, 'rc-donor-ok');
  const first = await publishedWish(cloud, w.a);
  const second = await publishedWish(cloud, w.a, { title: '第二个心愿' });
  const third = await publishedWish(cloud, w.b, { title: '第三个心愿' }, WHO.countyB);
  // a donor with one real claim: her counter is right and stays so
  await other.ok('wish', 'claim', { id: third });
  // three claims killed after taking the slot, before the wish was written (the maximum is 3)
  await donor.ok('wish', 'claim', { id: first });
  await donor.ok('wish', 'cancel', { id: first });
  await db().collection('wish_donors').doc(userIdFor('rc-donor')).update({ openClaims: 3 });
  expect(err(await donor.raw('wish', 'claim', { id: second }))).toEqual({ code: 'CONFLICT', message: '您已有3个进行中的认领，请先完成或取消后再认领' });

  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    expect(await fireTimer(cloud, 'wish', 'claims')).toEqual({ ok: true, data: { lapsed: 0, reminded: 0, countersFixed: 0 } });
    expect(err(await donor.raw('wish', 'claim', { id: second }))?.code).toBe('CONFLICT');
    t += HOUR;
    expect(await fireTimer(cloud, 'wish', 'claims')).toEqual({ ok: true, data: { lapsed: 0, reminded: 0, countersFixed: 1 } });
    expect(log).toHaveBeenCalledWith(expect.stringContaining('[wish recount] fixed 1 open-claim counter(s)'), userIdFor('rc-donor'));
  } finally {
    log.mockRestore();
  }
  expect(raw('wish_donors', userIdFor('rc-donor'))).toMatchObject({ openClaims: 0 });
  expect(raw('wish_donors', userIdFor('rc-donor-ok'))).toMatchObject({ openClaims: 1 });
  // she can claim again, up to the real maximum
  await donor.ok('wish', 'claim', { id: second });
  await donor.ok('wish', 'claim', { id: first });
  expect(raw('wish_donors', userIdFor('rc-donor'))).toMatchObject({ openClaims: 2 });
  t += HOUR;
  expect(await fireTimer(cloud, 'wish', 'claims')).toEqual({ ok: true, data: { lapsed: 0, reminded: 0, countersFixed: 0 } });
  // the run's state is kept beside the donors, and the 爱心榜 does not show it
  expect(raw('wish_donors', '~recount')).toMatchObject({ suspects: {}, lastFixed: [{ kind: 'donor', id: userIdFor('rc-donor'), from: { openClaims: 3 }, to: { openClaims: 0 } }] });
  expect(await donor.ok('wish', 'donorBoard', {})).toEqual({ items: [] });
});
