import { isDeepStrictEqual } from 'util';
import { startTestCloud, as, fireTimer } from '../helpers/cloud';
import { crashAt, startCrashProxy, writesOf, type CrashMode, type CrashProxy } from '../helpers/crash';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { ORGS, setupWorld, WHO } from '../domain/child/world';
import { approvedVolunteer } from '../domain/pairing/world';
import { setClock } from '../../src/server/time';
import { CONFIRM_AFTER_MS } from '../../src/domain/recount';

/**
 * Crash injection (issue 15 item 3): every pairing action that writes several documents is run
 * with its k-th database write failing, for every k, both as a dying process (`dead`: that write
 * and everything after it fail, the in-memory undo is lost) and as one refused request (`once`:
 * the action goes on and undoes). Then the timers run as CloudBase would (the lapse timer, twice,
 * CONFIRM_AFTER_MS apart) and the invariants must hold: every volunteer's and child's places,
 * the child's holders (the pair locks) and the child's paired flag equal a recount from the
 * live pairings. Finally the action is retried (or its next step taken) and must work.
 */
const T0 = Date.parse('2026-03-02T02:00:00Z');
let t = T0;
let cloud: LocalCloud;
let proxy: CrashProxy;
let n = 0;
const A1 = { code: ORGS.communityA1, name: '测试社区甲一', path: ['sn', ORGS.countyA, ORGS.streetA, ORGS.communityA1] };
const HOLDING = ['proposed', 'consented', 'active'];
const MODES: CrashMode[] = ['dead', 'once'];

beforeEach(async () => {
  t = T0;
  setClock(() => t);
  cloud = await startTestCloud();
  await setupWorld(cloud);
  proxy = await startCrashProxy(cloud);
  // a dying call logs INTERNAL, the recount logs what it fixed: both expected here
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(async () => {
  jest.restoreAllMocks();
  setClock(null);
  await proxy.close();
  await cloud.close();
});

const staff = () => as(cloud, WHO.countyA);
const raw = (c: string) => cloud.store.rawDocuments(c) as Record<string, any>[];

/** A child and an approved volunteer of their own, so each crash point starts from clean subjects. */
async function subjects(): Promise<{ child: string; vol: string; openid: string }> {
  n++;
  const child = (await staff().ok('child', 'create', childInput(200 + n, A1.code))).id;
  const openid = `crash-vol-${n}`;
  const vol = await approvedVolunteer(cloud, openid, A1, { name: `测试妈妈${n}` });
  return { child, vol, openid };
}

async function at(stage: 'proposed' | 'consented' | 'active', s: { child: string; vol: string; openid: string }) {
  const row = await staff().ok('pairing', 'propose', { childId: s.child, volunteerId: s.vol });
  if (stage === 'proposed') return row;
  const consented = await staff().ok('pairing', 'recordConsent', { id: row.id, version: row.version, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-01-02' });
  if (stage === 'consented') return consented;
  return as(cloud, s.openid).ok('pairing', 'respond', { id: row.id, accept: true });
}

/** The lapse timer as CloudBase runs it: a difference is repaired when a run CONFIRM_AFTER_MS later sees it again. */
async function timers(): Promise<void> {
  for (let i = 0; i < 2; i++) {
    expect(await fireTimer(cloud, 'pairing', 'lapse')).toMatchObject({ ok: true });
    t += CONFIRM_AFTER_MS + 60_000;
  }
}

/** Every counter, holder and paired flag, as stored and as the live pairings say it must be. */
function invariants() {
  const holding = raw('pairings').filter((p) => HOLDING.includes(p.status));
  const vols: Record<string, number> = {};
  const kids: Record<string, { held: number; local: number; remote: number; holders: Record<string, string> }> = {};
  const want = { vols: {} as typeof vols, kids: {} as typeof kids, paired: {} as Record<string, boolean> };
  const kid = (m: typeof kids, id: string) => (m[id] ??= { held: 0, local: 0, remote: 0, holders: {} });
  for (const d of raw('pairing_volunteers')) if (!String(d._id).startsWith('~')) vols[d._id] = d.held ?? 0;
  for (const d of raw('pairing_children')) kids[d._id] = { held: d.held ?? 0, local: d.local ?? 0, remote: d.remote ?? 0, holders: d.holders ?? {} };
  for (const id of Object.keys(vols)) want.vols[id] = 0;
  for (const id of Object.keys(kids)) kid(want.kids, id);
  for (const p of holding) {
    want.vols[p.volunteerUserId] = (want.vols[p.volunteerUserId] ?? 0) + 1;
    const k = kid(want.kids, p.childId);
    k.held++;
    k[p.role === 'remote' ? 'remote' : 'local']++;
    k.holders[p.volunteerUserId] = p._id;
  }
  const paired = Object.fromEntries(raw('children').map((c) => [c._id, !!c.paired]));
  for (const c of raw('children')) want.paired[c._id] = holding.some((p) => p.childId === c._id && p.status === 'active');
  return { actual: { vols, kids, paired }, want };
}

function expectWhole(label: string) {
  const { actual, want } = invariants();
  try {
    expect(actual).toEqual(want);
  } catch (err) {
    throw new Error(`${label}: ${(err as Error).message}`);
  }
}

/**
 * For each write k of `act` and each mode: fresh subjects brought to the action's starting point,
 * the crash, the timers, the invariants, then `after` (the retry or next step), the invariants again.
 */
async function everyCrashPoint<S>(
  expected: string[],
  prepare: (s: Awaited<ReturnType<typeof subjects>>) => Promise<S>,
  act: (s: Awaited<ReturnType<typeof subjects>>, state: S) => Promise<unknown>,
  after: (s: Awaited<ReturnType<typeof subjects>>, state: S) => Promise<void>,
): Promise<void> {
  const dry = await subjects();
  const state = await prepare(dry);
  expect(await writesOf(proxy, () => act(dry, state))).toEqual(expected);
  for (let k = 1; k <= expected.length; k++) {
    for (const mode of MODES) {
      const s = await subjects();
      const st = await prepare(s);
      const { fired } = await crashAt(proxy, k, mode, () => act(s, st));
      expect(fired).toBe(true);
      // a process dying after its first write leaves a state that is not whole until the timers run
      const { actual, want } = invariants();
      if (mode === 'dead') expect([k, isDeepStrictEqual(actual, want)]).toEqual([k, k === 1]);
      await timers();
      expectWhole(`after write ${k} (${expected[k - 1]}) failed, ${mode}, and the timers`);
      await after(s, st);
      expectWhole(`after write ${k} failed, ${mode}, and the retry`);
    }
  }
}

const MODIFY = 'database.modifyDocument';
const INSERT = 'database.insertDocument';

test('propose: the child\'s place, her place, the pairing; a crash at any of them heals and the proposal can be made again', async () => {
  await everyCrashPoint(
    [INSERT, INSERT, INSERT], // first pairing of both: each places document is created holding its place
    async () => null,
    (s) => staff().raw('pairing', 'propose', { childId: s.child, volunteerId: s.vol }),
    async (s) => {
      const holds = raw('pairings').some((p) => p.childId === s.child && p.volunteerUserId === s.vol && HOLDING.includes(p.status));
      if (!holds) await staff().ok('pairing', 'propose', { childId: s.child, volunteerId: s.vol });
      expect(raw('pairings').filter((p) => p.childId === s.child && HOLDING.includes(p.status))).toHaveLength(1);
    },
  );
});

test('propose on existing places documents: conditional updates, same healing', async () => {
  // the child and the volunteer were paired before (cancelled since): both documents exist
  await everyCrashPoint(
    [MODIFY, MODIFY, INSERT],
    async (s) => {
      const row = await at('proposed', s);
      await staff().ok('pairing', 'cancel', { id: row.id, version: row.version, reason: '测试' });
    },
    (s) => staff().raw('pairing', 'propose', { childId: s.child, volunteerId: s.vol }),
    async (s) => {
      if (!raw('pairings').some((p) => p.childId === s.child && HOLDING.includes(p.status))) await staff().ok('pairing', 'propose', { childId: s.child, volunteerId: s.vol });
    },
  );
});

test('consent: one write', async () => {
  await everyCrashPoint(
    [MODIFY],
    (s) => at('proposed', s),
    (_s, row) => staff().raw('pairing', 'recordConsent', { id: row.id, version: row.version, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-01-02' }),
    async (_s, row) => {
      const now = raw('pairings').find((p) => p._id === row.id)!;
      if (now.status === 'proposed') await staff().ok('pairing', 'recordConsent', { id: row.id, version: now.version, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-01-02' });
      expect(raw('pairings').find((p) => p._id === row.id)!.status).toBe('consented');
    },
  );
});

test('respond accept: the pairing, then the child\'s paired flag; the flag heals, the pairing is active once', async () => {
  await everyCrashPoint(
    [MODIFY, MODIFY],
    (s) => at('consented', s),
    (s, row) => as(cloud, s.openid).raw('pairing', 'respond', { id: row.id, accept: true }),
    async (s, row) => {
      const now = raw('pairings').find((p) => p._id === row.id)!;
      if (now.status === 'consented') await as(cloud, s.openid).ok('pairing', 'respond', { id: row.id, accept: true });
      expect(raw('pairings').find((p) => p._id === row.id)!.status).toBe('active');
      expect(raw('children').find((c) => c._id === s.child)!.paired).toBe(true);
    },
  );
});

test('respond decline: the pairing, the child\'s place, her place; both places come back', async () => {
  await everyCrashPoint(
    [MODIFY, MODIFY, MODIFY],
    (s) => at('consented', s),
    (s, row) => as(cloud, s.openid).raw('pairing', 'respond', { id: row.id, accept: false, reason: '时间不便' }),
    async (s, row) => {
      const now = raw('pairings').find((p) => p._id === row.id)!;
      if (now.status === 'consented') await as(cloud, s.openid).ok('pairing', 'respond', { id: row.id, accept: false, reason: '时间不便' });
      // her place and the child's are free again: another pairing of the two can be proposed
      await staff().ok('pairing', 'propose', { childId: s.child, volunteerId: s.vol });
    },
  );
});

test('cancel: the pairing, the child\'s place, her place; both places come back', async () => {
  await everyCrashPoint(
    [MODIFY, MODIFY, MODIFY],
    (s) => at('proposed', s),
    (_s, row) => staff().raw('pairing', 'cancel', { id: row.id, version: row.version, reason: '监护人不同意' }),
    async (s, row) => {
      const now = raw('pairings').find((p) => p._id === row.id)!;
      if (now.status === 'proposed') await staff().ok('pairing', 'cancel', { id: row.id, version: now.version, reason: '监护人不同意' });
      await staff().ok('pairing', 'propose', { childId: s.child, volunteerId: s.vol });
    },
  );
});

test('end: the pairing, the child\'s place, her place, the paired flag; all come back', async () => {
  await everyCrashPoint(
    [MODIFY, MODIFY, MODIFY, MODIFY],
    (s) => at('active', s),
    (_s, row) => staff().raw('pairing', 'end', { id: row.id, version: row.version, reason: '孩子随父母外出' }),
    async (s, row) => {
      const now = raw('pairings').find((p) => p._id === row.id)!;
      if (now.status === 'active') await staff().ok('pairing', 'end', { id: row.id, version: now.version, reason: '孩子随父母外出' });
      expect(raw('children').find((c) => c._id === s.child)!.paired).toBe(false);
      await staff().ok('pairing', 'propose', { childId: s.child, volunteerId: s.vol });
    },
  );
});
