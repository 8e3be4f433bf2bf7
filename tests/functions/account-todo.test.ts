import { startTestCloud, as, fireTimer } from '../helpers/cloud';
import { addOrg, makeStaff, setupProgramme } from '../helpers/fixtures';
import { countRoundTrips } from '../../localcloud/counting-proxy';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { ORGS, setupWorld, WHO } from '../domain/child/world';
import { approvedVolunteer } from '../domain/pairing/world';
import { suiningForm } from '../domain/volunteer/fixtures';
import { forgetProgramme } from '../../src/server/programme';
import { setClock } from '../../src/server/time';

/**
 * account.todo, the staff home's work queue: each count is the caller's own work in her scope,
 * agrees with the page it opens, and the call's database round trips stay the same as data grows.
 */
let cloud: LocalCloud;
afterEach(async () => {
  setClock(() => Date.now());
  await cloud.close();
});

const counted = <T>(fn: () => Promise<T>): Promise<[number, T]> => countRoundTrips(cloud, fn);

const A1 = { code: ORGS.communityA1, name: '测试社区甲一', path: ['sn', ORGS.countyA, ORGS.streetA, ORGS.communityA1] };

test('遂宁: applications at her step, consents to record, open flags and overdue visits, each in her scope only; no report calendar', async () => {
  const start = Date.now();
  setClock(() => start);
  forgetProgramme();
  cloud = await startTestCloud();
  await setupWorld(cloud);
  await addOrg(cloud, 'sn-anju', 'an-st1', '测试街道一', 'street');
  const todo = (openid: string) => as(cloud, openid).ok('account', 'todo', {});
  await todo(WHO.countyA); // warm: the programme is read once per instance

  const [before, empty] = await counted(() => todo(WHO.countyA));
  expect(empty).toEqual({ review: 0, consent: 0, flags: 0, overdue: 0, reports: null });
  // a staff member with only child.read has none of these queues
  expect(await todo(WHO.reader)).toEqual({ review: null, consent: null, flags: null, overdue: null, reports: null });

  // two sign-ups in 安居区: 安居's staff review them, 船山's do not
  for (const n of [1, 2]) {
    await as(cloud, `todo-mum-${n}`).ok('account', 'login', {});
    await as(cloud, `todo-mum-${n}`).ok('volunteer', 'submit', suiningForm(n));
  }
  const counts = await as(cloud, WHO.countyB).ok('volunteer', 'reviewCounts', {});
  expect(counts.todo).toBe(2);
  expect((await todo(WHO.countyB)).review).toBe(counts.todo);
  expect((await todo(WHO.countyA)).review).toBe(0);

  // a pairing proposed in 船山: the guardian's consent is to be recorded there
  const childId = (await as(cloud, WHO.countyA).ok('child', 'create', childInput(30, A1.code))).id;
  const v = await approvedVolunteer(cloud, WHO.volunteer, A1, { name: '测试妈妈一' });
  const p = await as(cloud, WHO.countyA).ok('pairing', 'propose', { childId, volunteerId: v });
  expect((await todo(WHO.countyA)).consent).toBe(1);
  expect((await todo(WHO.countyB)).consent).toBe(0);

  // consent recorded, she accepts, checks in with a flag: one open flag, and no consent left
  await as(cloud, WHO.countyA).ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-01-02' });
  await as(cloud, WHO.volunteer).ok('pairing', 'respond', { id: p.id, accept: true });
  await as(cloud, WHO.volunteer).ok('visit', 'checkIn', {
    clientId: 'todo-flag-1', childId, kind: 'call', at: new Date(start - 60_000).toISOString(), durationMinutes: 20, flag: '孩子放学后无人照看',
  });
  expect(await todo(WHO.countyA)).toMatchObject({ consent: 0, flags: 1, overdue: 0 });
  expect((await todo(WHO.countyB)).flags).toBe(0);

  // three months on, the morning timer finds her visits overdue: 船山's queue shows the pairing, 安居's not
  const later = start + 92 * 24 * 3600_000;
  setClock(() => later);
  await fireTimer(cloud, 'visit', 'reminders');
  const [after, full] = await counted(() => todo(WHO.countyA));
  expect(full).toEqual({ review: 0, consent: 0, flags: 1, overdue: 1, reports: null });
  expect((await todo(WHO.countyB)).overdue).toBe(0);
  // the caller, then the four counts in parallel: the same whatever the data
  expect(before).toBe(5);
  expect(after).toBe(before);
});

test('晋江: a street that submits reports is told how many are due; the city, which does not submit, has no such queue', async () => {
  // 20 March 2026: February's report (due 15 March) is overdue, March's not open yet
  setClock(() => Date.parse('2026-03-20T02:00:00.000Z'));
  forgetProgramme();
  cloud = await startTestCloud();
  await setupProgramme(cloud, 'jinjiang-2024');
  await makeStaff(cloud, 'todo-street', 'jj-qingyang', ['report.submit']);
  await makeStaff(cloud, 'todo-city', 'jj', ['report.submit', 'visit.read']);
  await as(cloud, 'todo-street').ok('account', 'todo', {}); // warm: programme and the node's level
  const [trips, street] = await counted(() => as(cloud, 'todo-street').ok('account', 'todo', {}));
  expect(street).toEqual({ review: null, consent: null, flags: null, overdue: null, reports: 1 });
  expect(trips).toBeLessThanOrEqual(5);
  expect((await as(cloud, 'todo-city').ok('account', 'todo', {})).reports).toBeNull();
});

test('a volunteer or donor has no work queue', async () => {
  forgetProgramme();
  cloud = await startTestCloud();
  await setupWorld(cloud);
  for (const who of [WHO.volunteer, WHO.donor]) expect(await as(cloud, who).raw('account', 'todo', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
});
