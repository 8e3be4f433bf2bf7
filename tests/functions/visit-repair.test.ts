import { startTestCloud, as, callRaw, fireTimer } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { startSdkProxy, type SdkProxy } from '../../localcloud/counting-proxy';
import { childInput } from '../domain/child/fixtures';
import { ORGS, setupWorld, WHO } from '../domain/child/world';
import { approvedVolunteer } from '../domain/pairing/world';
import { userIdFor } from '../../src/server/ids';
import { setClock } from '../../src/server/time';

/**
 * A check-in is counted by being stored: it carries its counter keys and minutes, and counts are
 * read from the check-ins. So a failure either stores nothing (the answer is an error, the phone
 * resends, it is recorded and counted once) or stores it counted (an error after the insert still
 * says so, and the resend answers the first record). Check-ins from before counter keys are given
 * their keys by the morning timer. Failures are injected by a proxy between the SDK and the local cloud.
 */
let cloud: LocalCloud;
let childId = '';
let pairingId = '';
const A1 = { code: ORGS.communityA1, name: '测试社区甲一', path: ['sn', ORGS.countyA, ORGS.streetA, ORGS.communityA1] };
const T0 = Date.parse('2026-03-10T02:00:00.000Z');

/** Fails the next database request that `which` matches, once. */
let fault: ((req: { action?: string; collectionName?: string; stages?: { stageKey: string; stageValue: string }[] }) => boolean) | null = null;
let proxy: SdkProxy;

const homeVisits = async () => {
  const mine = await as(cloud, WHO.volunteer).ok('visit', 'mine', {});
  const item = mine.children[0].items.find((i) => i.label === '与临时监护人联系' && i.periodLabel === '2026年3月')!;
  return { done: item.done, hours: mine.serviceHours };
};
const stored = () => (cloud.store.rawDocuments('visit_checkins') as { _id: string; keys?: string[]; counted?: boolean }[]);
let seq = 0;
const input = (over: Record<string, unknown> = {}) =>
  ({ clientId: `repair-client-${seq++}`, childId, kind: 'home_visit' as const, at: new Date(T0 - 3600_000).toISOString(), durationMinutes: 30, ...over });

beforeEach(async () => {
  setClock(() => Date.parse('2026-01-05T02:00:00.000Z'));
  cloud = await startTestCloud();
  await setupWorld(cloud);
  childId = (await as(cloud, WHO.countyA).ok('child', 'create', childInput(95, A1.code))).id;
  const v = await approvedVolunteer(cloud, WHO.volunteer, A1, { name: '测试妈妈一' });
  const p = await as(cloud, WHO.countyA).ok('pairing', 'propose', { childId, volunteerId: v });
  pairingId = p.id;
  await as(cloud, WHO.countyA).ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-01-02' });
  await as(cloud, WHO.volunteer).ok('pairing', 'respond', { id: p.id, accept: true });
  setClock(() => T0);
  fault = null;
  proxy = await startSdkProxy(cloud, (body) => {
    let req = {};
    try {
      req = JSON.parse(body.toString('utf8'));
    } catch {
      /* not JSON */
    }
    if (!fault || !fault(req)) return undefined;
    fault = null;
    return { status: 200, json: { code: 'SYS_ERR', message: 'injected failure' } };
  });
});
afterEach(async () => {
  await proxy.close();
  setClock(null);
  await cloud.close();
});

test('an insert that fails stores and counts nothing and says so; the resend is recorded and counted once', async () => {
  const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const before = await homeVisits();
    const one = input({ durationMinutes: 45 });
    fault = (r) => r.action === 'database.insertDocument' && r.collectionName === 'visit_checkins';
    const res = await callRaw(cloud, WHO.volunteer, 'visit', { action: 'checkIn', data: one });
    expect(fault).toBeNull(); // the failure was injected
    expect(res.ok).toBe(false);
    expect(stored()).toHaveLength(0);
    expect(await homeVisits()).toEqual(before);
    const again = await as(cloud, WHO.volunteer).ok('visit', 'checkIn', one);
    expect(again).toMatchObject({ duplicate: false, serviceHours: 0.8 });
    expect(await homeVisits()).toEqual({ done: before.done + 1, hours: 0.8 });
  } finally {
    quiet.mockRestore();
  }
});

test('a failure after the insert answers an error, not a bare ok; the check-in is counted already and the resend answers it once', async () => {
  const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    await as(cloud, WHO.volunteer).ok('visit', 'checkIn', input({ kind: 'call', durationMinutes: 60 }));
    const before = await homeVisits();
    const one = input({ durationMinutes: 30 });
    // the sum of her other minutes, read beside the insert
    fault = (r) => r.action === 'database.aggregateDocuments' && r.collectionName === 'visit_checkins' && JSON.stringify(r.stages).includes('durationMinutes');
    const res = await callRaw(cloud, WHO.volunteer, 'visit', { action: 'checkIn', data: one });
    expect(fault).toBeNull();
    expect(res).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(stored()).toHaveLength(2);
    expect(await homeVisits()).toEqual({ done: before.done + 1, hours: 1.5 });
    const again = await as(cloud, WHO.volunteer).ok('visit', 'checkIn', one);
    expect(again).toMatchObject({ duplicate: true, serviceHours: 1.5 });
    expect(stored()).toHaveLength(2);
    expect(await homeVisits()).toEqual({ done: before.done + 1, hours: 1.5 });
  } finally {
    quiet.mockRestore();
  }
});

test('check-ins from before counter keys are given their keys by the morning timer, once, and then count', async () => {
  const before = await homeVisits();
  const at = new Date(T0 - 86400_000).toISOString();
  cloud.store.insertMany('visit_checkins', [1, 2].map((i) => ({
    _id: `legacy-ck${i}`, clientId: `legacy-${i}`, pairingId, childId, childName: '测试儿童', orgPath: A1.path, volunteerUserId: userIdFor(WHO.volunteer),
    volunteerName: '测试妈妈一', kind: 'home_visit', at, durationMinutes: 60, withWhom: '', problems: '', measures: '', childState: { health: '', study: '', mood: '' },
    checklist: [], photos: [], location: null, flagged: false, counted: true, createdAt: at, revisions: [], correction: null, decisions: [], version: 2,
  })));
  // minutes come from the check-ins whatever their keys; the due list needs the keys
  expect(await homeVisits()).toEqual({ done: before.done, hours: 2 });
  const run = async () => ((await fireTimer(cloud, 'visit', 'reminders')) as { ok: boolean; data: { backfilled: number } }).data.backfilled;
  expect(await run()).toBe(2);
  expect(stored().every((d) => Array.isArray(d.keys) && d.keys.includes('monthly_contact.1:2026-03') && !('counted' in d))).toBe(true);
  expect(await homeVisits()).toEqual({ done: before.done + 2, hours: 2 });
  expect(await run()).toBe(0);
  expect(await homeVisits()).toEqual({ done: before.done + 2, hours: 2 });
});

test('a flag whose write fails after the check-in is written by the resend, once', async () => {
  const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const flags = () => cloud.store.rawDocuments('visit_flags') as { checkInId: string; reason: string }[];
    const one = input({ flag: '孩子说最近常头疼' });
    fault = (r) => r.action === 'database.insertDocument' && r.collectionName === 'visit_flags';
    const res = await callRaw(cloud, WHO.volunteer, 'visit', { action: 'checkIn', data: one });
    expect(fault).toBeNull();
    expect(res.ok).toBe(false);
    expect(stored()).toHaveLength(1);
    expect(flags()).toHaveLength(0);
    const again = await as(cloud, WHO.volunteer).ok('visit', 'checkIn', one);
    expect(again.duplicate).toBe(true);
    expect(flags()).toEqual([expect.objectContaining({ checkInId: again.id, reason: '孩子说最近常头疼' })]);
    await as(cloud, WHO.volunteer).ok('visit', 'checkIn', one);
    expect(flags()).toHaveLength(1);
    expect((await as(cloud, WHO.countyA).ok('visit', 'flags', {})).total).toBe(1);
  } finally {
    quiet.mockRestore();
  }
});
