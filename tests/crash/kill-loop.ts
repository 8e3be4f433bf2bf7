import { spawn, type ChildProcess } from 'child_process';
import path from 'path';
import { startTestCloud, callRaw, as, post } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { ORGS, WHO } from '../domain/child/world';
import { approvedVolunteer } from '../domain/pairing/world';
import { publishedWish, setupWishWorld } from '../domain/wish/world';
import { recountChildPlaces, recountPaired, recountVolunteerPlaces, type HoldingPairing } from '../../src/domain/recount';
import { slotFixes } from '../../src/domain/wish';
import { HOLDING } from '../../src/domain/pairing';
import { mulberry32 } from '../helpers/random';

/**
 * Kill the local cloud at random moments while proposals, consents, cancels, ends, claims, claim
 * cancels and check-ins run against it; restart it on the same data; at the end fire the timers as
 * the platform would (an hour apart, three times) and check every derived number against a
 * recount from the records, and that no acknowledged write was lost (issue 15 "Done when").
 * Used by tests/crash/kill-restart.test.ts and by `npx tsx scripts/crash-loop.ts`.
 */
const root = path.resolve(__dirname, '../..');
const A1 = { code: ORGS.communityA1, name: '测试社区甲一', path: ['sn', ORGS.countyA, ORGS.streetA, ORGS.communityA1] };
const HOUR = 3600_000;

export interface CrashWorld {
  children: string[];
  volunteers: { openid: string; userId: string }[];
  wishes: string[];
  donors: string[];
}

/** Builds the world in-process on `dataDir` (遂宁, county A's staff, children, volunteers, published wishes, donors) and closes it cleanly. */
export async function seedWorld(dataDir: string, size = { children: 8, volunteers: 5, wishes: 6, donors: 3 }): Promise<CrashWorld> {
  const cloud = await startTestCloud({ dataDir, fsync: true });
  try {
    const w = await setupWishWorld(cloud);
    const staff = as(cloud, WHO.countyA);
    const children = [w.a];
    for (let i = 0; i < size.children - 1; i++) children.push((await staff.ok('child', 'create', childInput(40 + i, A1.code))).id);
    const volunteers = [];
    for (let i = 0; i < size.volunteers; i++) {
      const openid = `crash-vol-${i}`;
      volunteers.push({ openid, userId: await approvedVolunteer(cloud, openid, A1, { name: `测试妈妈${i}` }) });
    }
    const wishes = [];
    for (let i = 0; i < size.wishes; i++) wishes.push(await publishedWish(cloud, children[i % children.length], { title: `测试心愿${i}` }));
    const donors = Array.from({ length: size.donors }, (_v, i) => `crash-donor-${i}`);
    for (const d of donors) await as(cloud, d).ok('account', 'login', {});
    return { children, volunteers, wishes, donors };
  } finally {
    await cloud.close();
  }
}

export interface Running {
  url: string;
  kill: () => Promise<void>;
}

/** Starts tests/crash/child.ts on `dataDir` with its clock moved by `offsetMs`. */
export function startCloudProcess(dataDir: string, offsetMs = 0): Promise<Running> {
  // node itself with tsx's loader (not the tsx launcher, which runs node as a child of its own):
  // the SIGKILL must reach the process that holds the database and runs the functions
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'child.ts')], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, CLOCK_OFFSET_MS: String(offsetMs), LOCALCLOUD_LATENCY_MS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => void (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY (\S+)/.exec(out);
      if (m) resolve({ url: m[1], kill: async () => void (child.kill('SIGKILL'), await exited) });
    });
    child.once('exit', (code) => reject(new Error(`the cloud process exited (${code}) before it was ready: ${err.slice(-2000)}`)));
  });
}

/** What the clients were told was done: each must still be there after every kill. */
export interface Acknowledged {
  checkIns: string[];
  pairings: string[];
}

/**
 * Runs clients against the cloud at `url` until `stop` resolves; each picks an operation at random.
 * Answers lost to the kill (a reset connection) are ignored; every ok answer is remembered.
 */
export async function runClients(url: string, w: CrashWorld, rnd: () => number, stop: Promise<void>, ack: Acknowledged, clients = 4): Promise<number> {
  const cloud = { url } as LocalCloud;
  let stopped = false;
  void stop.then(() => (stopped = true));
  let calls = 0;
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const raw = async (openid: string, fn: string, action: string, data: unknown) => {
    calls++;
    try {
      return (await callRaw(cloud, openid, fn, { action, data })) as { ok: boolean; data?: Record<string, unknown> };
    } catch {
      return { ok: false };
    }
  };
  const staff = WHO.countyA;
  const one = async () => {
    const r = rnd();
    if (r < 0.25) {
      const v = pick(w.volunteers);
      const res = await raw(staff, 'pairing', 'propose', { childId: pick(w.children), volunteerId: v.userId });
      if (res.ok) ack.pairings.push(String(res.data!.id));
    } else if (r < 0.55) {
      // a pairing of ours moves one step: consent, her acceptance, a cancel or an end
      const list = await raw(staff, 'pairing', 'list', {});
      const rows = ((list.data?.items ?? []) as { id: string; status: string; version: number; volunteerId: string }[]).filter((p) => (HOLDING as readonly string[]).includes(p.status));
      if (!rows.length) return;
      const p = pick(rows);
      const step = rnd();
      if (p.status === 'proposed' && step < 0.6) await raw(staff, 'pairing', 'recordConsent', { id: p.id, version: p.version, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-03-02' });
      else if (p.status === 'consented' && step < 0.7) {
        const v = w.volunteers.find((x) => x.userId === p.volunteerId);
        if (v) await raw(v.openid, 'pairing', 'respond', { id: p.id, accept: rnd() < 0.8 });
      } else if (p.status === 'active' && step < 0.5) await raw(staff, 'pairing', 'end', { id: p.id, version: p.version, reason: '测试结束' });
      else await raw(staff, 'pairing', 'cancel', { id: p.id, version: p.version, reason: '测试撤销' });
    } else if (r < 0.8) {
      const donor = pick(w.donors);
      if (rnd() < 0.6) await raw(donor, 'wish', 'claim', { id: pick(w.wishes) });
      else await raw(donor, 'wish', 'cancel', { id: pick(w.wishes) });
    } else {
      const v = pick(w.volunteers);
      const mine = await raw(v.openid, 'visit', 'mine', {});
      const kids = ((mine.data?.children ?? []) as { childId: string }[]).map((c) => c.childId);
      if (!kids.length) return;
      const clientId = `crash${Math.floor(rnd() * 1e12).toString(36)}`;
      const res = await raw(v.openid, 'visit', 'checkIn', { clientId, childId: pick(kids), kind: 'call', at: new Date().toISOString(), durationMinutes: 15 });
      if (res.ok) ack.checkIns.push(String(res.data!.id));
    }
  };
  await Promise.all(Array.from({ length: clients }, async () => {
    while (!stopped) await one();
  }));
  return calls;
}

/** Fires the hourly and daily jobs as the platform would, three times an hour apart, each in a fresh process. */
export async function settle(dataDir: string, baseOffsetMs = 0): Promise<void> {
  for (let i = 1; i <= 3; i++) {
    const cloud = await startCloudProcess(dataDir, baseOffsetMs + i * HOUR);
    try {
      for (const [fn, trigger] of [['pairing', 'lapse'], ['wish', 'claims'], ['visit', 'reminders'], ['report', 'hourly']]) await post(`${cloud.url}/timers/${fn}/${trigger}`, {});
    } finally {
      await cloud.kill();
    }
  }
}

/** Every derived number against a recount from the records, and the acknowledged writes; returns the problems. */
export async function checkInvariants(dataDir: string, ack: Acknowledged): Promise<string[]> {
  const cloud = await startTestCloud({ dataDir });
  try {
    const docs = <T>(c: string) => cloud.store.rawDocuments(c) as unknown as T[];
    const counters = <T extends { _id: string }>(c: string) => docs<T>(c).filter((d) => !d._id.startsWith('~'));
    const holding: HoldingPairing[] = docs<{ _id: string; childId: string; volunteerUserId: string; role: HoldingPairing['role']; status: string }>('pairings')
      .filter((p) => (HOLDING as readonly string[]).includes(p.status))
      .map((p) => ({ id: p._id, childId: p.childId, volunteerUserId: p.volunteerUserId, role: p.role, status: p.status }));
    const claimed = docs<{ _id: string; claimantId: string | null; status: string }>('wishes').filter((x) => x.status === 'claimed');
    const fixes = [
      ...recountVolunteerPlaces(counters('pairing_volunteers'), holding),
      ...recountChildPlaces(counters('pairing_children'), holding),
      ...recountPaired(docs('children'), holding),
      ...slotFixes(counters('wish_donors'), claimed),
    ];
    const problems = fixes.map((f) => `${f.kind} ${f.id}: holds ${JSON.stringify(f.from)}, the records say ${JSON.stringify(f.to)}`);
    // a pair holds at most one live pairing, and a wish at most one claimant
    const pairs = new Map<string, number>();
    for (const p of holding) pairs.set(`${p.childId}|${p.volunteerUserId}`, (pairs.get(`${p.childId}|${p.volunteerUserId}`) ?? 0) + 1);
    for (const [k, n] of pairs) if (n > 1) problems.push(`pair ${k}: ${n} live pairings`);
    // and never more live pairings than a volunteer's places, even for a moment a kill left behind
    const live = new Map<string, number>();
    for (const p of holding) live.set(p.volunteerUserId, (live.get(p.volunteerUserId) ?? 0) + 1);
    for (const v of counters<{ _id: string; capacity?: number }>('pairing_volunteers')) {
      if (typeof v.capacity === 'number' && (live.get(v._id) ?? 0) > v.capacity) problems.push(`volunteer ${v._id}: ${live.get(v._id)} live pairings, ${v.capacity} places`);
    }
    const ids = (c: string) => new Set(docs<{ _id: string }>(c).map((d) => d._id));
    const stored = { checkIns: ids('visit_checkins'), pairings: ids('pairings') };
    for (const id of ack.checkIns) if (!stored.checkIns.has(id)) problems.push(`check-in ${id} was acknowledged and is gone`);
    for (const id of ack.pairings) if (!stored.pairings.has(id)) problems.push(`pairing ${id} was acknowledged and is gone`);
    return problems;
  } finally {
    await cloud.close();
  }
}

/** The whole loop: `rounds` kills at random moments, then the timers, then the invariants. */
export async function killLoop(dataDir: string, opts: { seed: number; rounds: number; minMs: number; maxMs: number; log?: (s: string) => void }): Promise<{ problems: string[]; calls: number; ack: Acknowledged }> {
  const rnd = mulberry32(opts.seed);
  const w = await seedWorld(dataDir);
  const ack: Acknowledged = { checkIns: [], pairings: [] };
  let calls = 0;
  for (let round = 0; round < opts.rounds; round++) {
    const cloud = await startCloudProcess(dataDir);
    const after = opts.minMs + Math.floor(rnd() * (opts.maxMs - opts.minMs));
    const stop = new Promise<void>((resolve) => setTimeout(resolve, after));
    const running = runClients(cloud.url, w, rnd, stop, ack);
    await stop;
    await cloud.kill();
    calls += await running;
    opts.log?.(`round ${round + 1}: killed after ${after} ms; ${calls} calls so far, ${ack.pairings.length} proposals and ${ack.checkIns.length} check-ins acknowledged`);
  }
  await settle(dataDir);
  return { problems: await checkInvariants(dataDir, ack), calls, ack };
}

