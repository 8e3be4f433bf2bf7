import { startTestCloud, as, fireTimer } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { startSdkProxy, type SdkProxy } from '../../localcloud/counting-proxy';
import { childInput } from '../domain/child/fixtures';
import { ORGS, setupWorld, WHO } from '../domain/child/world';
import { approvedVolunteer } from '../domain/pairing/world';
import { userIdFor } from '../../src/server/ids';
import { setClock } from '../../src/server/time';

/**
 * A check-in whose counting fails (the counting transaction breaks partway or its commit fails)
 * stays recorded with `counted: false` and nothing counted; the morning timer counts it exactly
 * once when it is older than a few minutes, however often it runs. Failures are injected by a
 * proxy between the SDK and the local cloud.
 */
let cloud: LocalCloud;
let childId = '';
const A1 = { code: ORGS.communityA1, name: '测试社区甲一', path: ['sn', ORGS.countyA, ORGS.streetA, ORGS.communityA1] };
const T0 = Date.parse('2026-03-10T02:00:00.000Z');
let clock = T0;
const MIN = 60_000;

/** Fails the n-th database request (1-based) inside a transaction that matches `which`, once. */
let fault: { which: (action: string) => boolean; n: number } | null = null;
let proxy: SdkProxy;

const counters = () => Object.fromEntries((cloud.store.rawDocuments('visit_counters') as { _id: string; n: number }[]).map((d) => [d._id, d.n]));
const minutes = () => (cloud.store.rawDocuments('visit_volunteers') as { _id: string; minutes?: number }[]).find((d) => d._id === userIdFor(WHO.volunteer))?.minutes ?? 0;
const doc = (id: string) => (cloud.store.rawDocuments('visit_checkins') as { _id: string; counted: boolean; durationMinutes: number }[]).find((d) => d._id === id)!;
const timer = async () => ((await fireTimer(cloud, 'visit', 'reminders')) as { ok: boolean; data: { repaired: number } }).data.repaired;
const diff = (a: Record<string, number>, b: Record<string, number>) => Object.fromEntries(Object.entries(b).filter(([k, v]) => (a[k] ?? 0) !== v).map(([k, v]) => [k, v - (a[k] ?? 0)]));
let seq = 0;
const checkIn = (over: Record<string, unknown> = {}) =>
  as(cloud, WHO.volunteer).ok('visit', 'checkIn', { clientId: `repair-client-${seq++}`, childId, kind: 'home_visit', at: new Date(clock - 3600_000).toISOString(), durationMinutes: 40, ...over });

beforeAll(async () => {
  setClock(() => Date.parse('2026-01-05T02:00:00.000Z'));
  cloud = await startTestCloud();
  await setupWorld(cloud);
  childId = (await as(cloud, WHO.countyA).ok('child', 'create', childInput(95, A1.code))).id;
  const v = await approvedVolunteer(cloud, WHO.volunteer, A1, { name: '测试妈妈一' });
  const p = await as(cloud, WHO.countyA).ok('pairing', 'propose', { childId, volunteerId: v });
  await as(cloud, WHO.countyA).ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-01-02' });
  await as(cloud, WHO.volunteer).ok('pairing', 'respond', { id: p.id, accept: true });
  setClock(() => clock);
  proxy = await startSdkProxy(cloud, (body) => {
    let parsed: { action?: string; transactionId?: string } = {};
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      /* not JSON */
    }
    if (!fault || !parsed.transactionId || !fault.which(parsed.action ?? '') || --fault.n !== 0) return undefined;
    fault = null;
    return { status: 200, json: { code: 'SYS_ERR', message: 'injected failure' } };
  });
});
afterAll(async () => {
  await proxy.close();
  setClock(null);
  await cloud.close();
});

test('a check-in counts at once, exactly one per counter key and its minutes', async () => {
  const before = counters();
  const m = minutes();
  const res = await checkIn();
  expect(doc(res.id).counted).toBe(true);
  const d = diff(before, counters());
  expect(Object.keys(d).length).toBeGreaterThan(0);
  expect(Object.values(d).every((n) => n === 1)).toBe(true);
  expect(minutes()).toBe(m + 40);
  expect(await timer()).toBe(0);
});

test('a commit that fails leaves the check-in recorded and uncounted; the timer counts it once, after a few minutes', async () => {
  const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const before = counters();
    const m = minutes();
    fault = { which: (a) => a === 'database.commitTransaction', n: 1 };
    const res = await checkIn({ durationMinutes: 25 });
    expect(fault).toBeNull(); // the failure was injected
    expect(res.duplicate).toBe(false);
    expect(doc(res.id).counted).toBe(false);
    expect(counters()).toEqual(before);
    expect(minutes()).toBe(m);
    clock += 2 * MIN; // still fresh: maybe in flight, left alone
    expect(await timer()).toBe(0);
    expect(doc(res.id).counted).toBe(false);
    clock += 10 * MIN;
    expect(await timer()).toBe(1);
    expect(doc(res.id).counted).toBe(true);
    const d = diff(before, counters());
    expect(Object.keys(d).length).toBeGreaterThan(0);
    expect(Object.values(d).every((n) => n === 1)).toBe(true);
    expect(minutes()).toBe(m + 25);
    const after = counters();
    expect(await timer()).toBe(0); // run again: nothing counted twice
    expect(await timer()).toBe(0);
    expect(counters()).toEqual(after);
    expect(minutes()).toBe(m + 25);
  } finally {
    quiet.mockRestore();
  }
});

test('counting that breaks partway (after one counter was written) applies nothing; a correction meanwhile is counted with its new body', async () => {
  const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    const before = counters();
    const m = minutes();
    // the second write inside the transaction fails: the first counter's write must not survive
    fault = { which: (a) => a === 'database.modifyDocument' || a === 'database.insertDocument', n: 2 };
    const res = await checkIn({ durationMinutes: 30 });
    expect(fault).toBeNull();
    expect(doc(res.id).counted).toBe(false);
    expect(counters()).toEqual(before);
    expect(minutes()).toBe(m);
    // she corrects the duration while it is uncounted: nothing is moved (nothing was counted)
    const body = { kind: 'home_visit' as const, at: new Date(clock - 3600_000).toISOString(), durationMinutes: 50, reason: '时长记错了' };
    expect(await as(cloud, WHO.volunteer).ok('visit', 'correct', { id: res.id, version: (doc(res.id) as unknown as { version: number }).version, ...body })).toMatchObject({ applied: true });
    expect(counters()).toEqual(before);
    expect(minutes()).toBe(m);
    clock += 15 * MIN;
    expect(await timer()).toBe(1);
    expect(Object.values(diff(before, counters())).every((n) => n === 1)).toBe(true);
    expect(minutes()).toBe(m + 50);
    expect(await timer()).toBe(0);
    expect(minutes()).toBe(m + 50);
  } finally {
    quiet.mockRestore();
  }
});
