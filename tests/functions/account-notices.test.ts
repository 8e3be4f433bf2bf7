import { idKey } from '../../localcloud/db/codec';
import { startTestCloud, as, fireTimer } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { ORGS, setupWorld, WHO } from '../domain/child/world';
import { approvedVolunteer } from '../domain/pairing/world';
import { userIdFor } from '../../src/server/ids';
import { setClock } from '../../src/server/time';
import { NOTICE_SOURCES } from '../../src/server/collections';
import { startCountingProxy } from '../../localcloud/counting-proxy';

/**
 * account.notices / readNotices: one inbox over every area's in-app notices. The visit reminder is
 * driven for real (the morning timer); the other areas' notices are stored as their producers
 * write them (same shape, with their extra fields) to check only the declared fields leave.
 */
let cloud: LocalCloud;
const P = ['sn', ORGS.countyA, ORGS.streetA];
const A1 = { code: ORGS.communityA1, name: '测试社区甲一', path: [...P, ORGS.communityA1] };
let clock = Date.parse('2026-01-05T02:00:00.000Z');
const ME = WHO.volunteer;
const OTHER = WHO.otherVolunteer;

beforeAll(async () => {
  setClock(() => clock);
  cloud = await startTestCloud();
  await setupWorld(cloud);
  const kid = (await as(cloud, WHO.countyA).ok('child', 'create', childInput(60, A1.code))).id;
  const v1 = await approvedVolunteer(cloud, ME, A1, { name: '测试妈妈一' });
  await approvedVolunteer(cloud, OTHER, A1, { name: '测试妈妈二' });
  const p = await as(cloud, WHO.countyA).ok('pairing', 'propose', { childId: kid, volunteerId: v1 });
  await as(cloud, WHO.countyA).ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-01-02' });
  await as(cloud, ME).ok('pairing', 'respond', { id: p.id, accept: true });
  // months pass without a contact: the morning timer reminds her (in-app; she never accepted the template)
  clock = Date.parse('2026-06-27T00:00:00.000Z');
  expect((await fireTimer(cloud, 'visit', 'reminders')).ok).toBe(true);
  const me = userIdFor(ME);
  cloud.store.insertMany('wish_notifications', [
    { userId: me, wishId: 'wish-secret-1', kind: 'thanks', text: '孩子收到了您的心愿礼物', at: '2026-06-28T01:00:00.000Z', read: false },
    { userId: userIdFor(OTHER), wishId: 'wish-secret-2', kind: 'lapsed', text: '别人的心愿提醒', at: '2026-06-29T01:00:00.000Z', read: false },
  ]);
  cloud.store.insertMany('commendation_notifications', [
    { userId: me, nominationId: 'nom-1', kind: 'approved', text: '恭喜您被测试区妇联评为优秀爱心妈妈', at: '2026-06-26T01:00:00.000Z', read: true },
  ]);
  cloud.store.insertMany('report_notifications', [
    { userId: userIdFor(WHO.countyA), kind: 'report_due', orgCode: ORGS.countyA, periodKey: '2026-H1', text: '2026年上半年工作报告将于2026-06-30截止', at: '2026-06-27T00:00:00.000Z', read: false },
  ]);
});
/** The four notice collections and the clock as beforeAll leaves them: every test starts from
 * them (one test marks notices read, one adds a reminder, one adds sixty). */
const NOTICE_COLLECTIONS = ['visit_notifications', 'wish_notifications', 'commendation_notifications', 'report_notifications'];
let world: { clock: number; docs: Record<string, Record<string, unknown>[]> };
beforeAll(() => {
  world = { clock, docs: Object.fromEntries(NOTICE_COLLECTIONS.map((c) => [c, cloud.store.rawDocuments(c)])) };
});
afterEach(() => {
  clock = world.clock;
  for (const c of NOTICE_COLLECTIONS) {
    cloud.store.commit(cloud.store.rawDocuments(c).map((d) => ({ coll: c, key: idKey(d._id), doc: null })));
    cloud.store.insertMany(c, world.docs[c]);
  }
});
afterAll(() => {
  setClock(null);
  return cloud.close();
});

test('the shared list names the four in-app notice collections and their pages', () => {
  expect(NOTICE_SOURCES.map((s) => [s.collection, s.open])).toEqual([
    ['visit_notifications', '/packages/volunteer/pages/checkin/index'],
    ['wish_notifications', '/pages/my-claims/index'],
    ['report_notifications', '/packages/report/pages/periods/index'],
    ['commendation_notifications', '/packages/report/pages/honours/index'],
  ]);
});

test('a volunteer sees only her own notices from every area, newest first, each opening its page', async () => {
  const res = await as(cloud, ME).ok('account', 'notices', {});
  expect(res.items.map((n) => n.open)).toEqual(['/pages/my-claims/index', '/packages/volunteer/pages/checkin/index', '/packages/report/pages/honours/index']);
  expect(res.items[1].text).toContain('走访提醒');
  expect(res.items.map((n) => n.read)).toEqual([false, false, true]);
  expect(res.unread).toBe(2);
  expect(res.items.some((n) => n.text.includes('别人'))).toBe(false);
  // only the declared fields leave the server
  for (const n of res.items) expect(Object.keys(n).sort()).toEqual(['at', 'id', 'open', 'read', 'text']);
  expect(JSON.stringify(res)).not.toMatch(/wish-secret|nom-1|userId|orgCode/);
  expect(new Set(res.items.map((n) => n.id)).size).toBe(3);
});

test('staff see their deadline reminder; a newcomer sees an empty inbox', async () => {
  const staff = await as(cloud, WHO.countyA).ok('account', 'notices', {});
  expect(staff.items).toEqual([expect.objectContaining({ open: '/packages/report/pages/periods/index', read: false })]);
  expect(Object.keys(staff.items[0]).sort()).toEqual(['at', 'id', 'open', 'read', 'text']);
  expect(staff.unread).toBe(1);
  expect(await as(cloud, 'a-newcomer').ok('account', 'notices', {})).toEqual({ items: [], unread: 0 });
  expect((await as(cloud, '').raw('account', 'notices', {})).ok).toBe(false);
});

test('limit caps the list across collections; limit 0 answers the count only; bad input is refused', async () => {
  const two = await as(cloud, ME).ok('account', 'notices', { limit: 2 });
  expect(two.items.map((n) => n.open)).toEqual(['/pages/my-claims/index', '/packages/volunteer/pages/checkin/index']);
  expect(await as(cloud, ME).ok('account', 'notices', { limit: 0 })).toEqual({ items: [], unread: 2 });
  const bad = await as(cloud, ME).raw('account', 'notices', { limit: 31 });
  expect(bad.ok).toBe(false);
  const extra = await as(cloud, ME).raw('account', 'notices', { userId: userIdFor(OTHER) });
  expect(extra.ok).toBe(false);
});

test('readNotices marks only the caller\'s notices read, and again changes nothing', async () => {
  expect(await as(cloud, ME).ok('account', 'readNotices', {})).toEqual({ unread: 0 });
  const after = await as(cloud, ME).ok('account', 'notices', {});
  expect(after.unread).toBe(0);
  expect(after.items.every((n) => n.read)).toBe(true);
  expect(after.items.length).toBe(3);
  const snap = JSON.stringify(['visit_notifications', 'wish_notifications', 'commendation_notifications', 'report_notifications'].map((c) => cloud.store.rawDocuments(c)));
  expect(await as(cloud, ME).ok('account', 'readNotices', {})).toEqual({ unread: 0 });
  expect(JSON.stringify(['visit_notifications', 'wish_notifications', 'commendation_notifications', 'report_notifications'].map((c) => cloud.store.rawDocuments(c)))).toBe(snap);
  // the other volunteer's and the staff member's notices are untouched
  const others = cloud.store.rawDocuments('wish_notifications').find((d) => (d as { wishId?: string }).wishId === 'wish-secret-2') as { read: boolean };
  expect(others.read).toBe(false);
  expect((await as(cloud, WHO.countyA).ok('account', 'notices', {})).unread).toBe(1);
  const hers = await as(cloud, OTHER).ok('account', 'notices', {}); // she has no pairing: only the wish notice
  expect(hers).toEqual({ items: [expect.objectContaining({ text: '别人的心愿提醒', read: false, open: '/pages/my-claims/index' })], unread: 1 });
});

test('a notice written later is unread again and ordered first', async () => {
  expect(await as(cloud, ME).ok('account', 'readNotices', {})).toEqual({ unread: 0 });
  clock = Date.parse('2026-07-02T00:00:00.000Z'); // now overdue: a new reminder
  await fireTimer(cloud, 'visit', 'reminders');
  const res = await as(cloud, ME).ok('account', 'notices', {});
  expect(res.unread).toBe(1);
  expect(res.items[0]).toMatchObject({ open: '/packages/volunteer/pages/checkin/index', read: false });
  expect(res.items[0].text).toContain('走访提醒');
});

test('round trips stay constant however many notices she has: one per collection, plus the counts', async () => {
  const proxy = await startCountingProxy(cloud);
  try {
    const measure = async (limit?: number) => {
      proxy.reset();
      await as(cloud, ME).ok('account', 'notices', limit === undefined ? {} : { limit });
      return proxy.count();
    };
    const few = await measure();
    const countOnly = await measure(0);
    const unreadBefore = (await as(cloud, ME).ok('account', 'notices', { limit: 0 })).unread;
    cloud.store.insertMany('wish_notifications', Array.from({ length: 60 }, (_v, i) => ({
      userId: userIdFor(ME), wishId: `bulk-${i}`, kind: 'reminder', text: `提醒${i}`, at: new Date(Date.parse('2026-07-03T00:00:00.000Z') + i * 1000).toISOString(), read: false,
    })));
    expect(await measure()).toBe(few);
    expect(few).toBeLessThanOrEqual(1 + 2 * NOTICE_SOURCES.length); // the caller, a page and a count per collection
    expect(countOnly).toBeLessThanOrEqual(1 + NOTICE_SOURCES.length);
    const res = await as(cloud, ME).ok('account', 'notices', {});
    expect(res.items.length).toBe(30);
    expect(res.items[0].text).toBe('提醒59');
    expect(res.unread).toBe(unreadBefore + 60);
  } finally {
    await proxy.close();
  }
});
