/**
 * Round trips and time per user action (issue 16's table), through the gateway as the mini-program
 * calls them, with every database request delayed by LOCALCLOUD_LATENCY_MS (15 ms unless set; a
 * region's round trip). One 遂宁 world (county A's staff, a city reviewer, children, approved
 * volunteers, published wishes); each action runs RUNS times on fresh targets; the round trips are
 * the same every time (tests/functions/round-trips-*.test.ts assert them), the time is the median.
 * Run alone with `npm run bench -- actions`.
 */
import type { LocalCloud } from '../localcloud/server';
import { startCountingProxy } from '../localcloud/counting-proxy';
import { as, fireTimer, startTestCloud } from '../tests/helpers/cloud';
import { makeStaff } from '../tests/helpers/fixtures';
import { childInput } from '../tests/domain/child/fixtures';
import { ORGS, WHO } from '../tests/domain/child/world';
import { approvedVolunteer } from '../tests/domain/pairing/world';
import { publishedWish, setupWishWorld } from '../tests/domain/wish/world';
import { suiningForm } from '../tests/domain/volunteer/fixtures';

const RUNS = 5;
const A1 = { code: ORGS.communityA1, name: '测试社区甲一', path: ['sn', ORGS.countyA, ORGS.streetA, ORGS.communityA1] };
/** Issue 16's table: round trips at most. */
const TABLE: Record<string, number> = {
  login: 2, 'sign-up form': 1, 'volunteer sign-up (submit)': 5, 'review, first step': 5, 'review, final step': 5, 'child list page': 4,
  'pairing suggest': 6, 'pairing propose': 6, 'pairing accept': 4, 'check-in': 4, 'wish claim': 4, 'dashboard (county)': 5,
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(cloud: LocalCloud, run: () => Promise<unknown>): Promise<{ trips: number; ms: number }> {
  const proxy = await startCountingProxy(cloud);
  try {
    const t = performance.now();
    await run();
    return { trips: proxy.count(), ms: performance.now() - t };
  } finally {
    await proxy.close();
  }
}

export async function runActionsBench(): Promise<string> {
  const cloud = await startTestCloud();
  try {
    const w = await setupWishWorld(cloud);
    await makeStaff(cloud, 'bench-city', 'sn');
    const staff = as(cloud, WHO.countyA);
    const kids: string[] = [];
    for (let i = 0; i < 4 * RUNS; i++) kids.push((await staff.ok('child', 'create', childInput(60 + i, A1.code))).id);
    const vols: { openid: string; userId: string }[] = [];
    for (let i = 0; i < 2 * RUNS; i++) vols.push({ openid: `bench-vol-${i}`, userId: await approvedVolunteer(cloud, `bench-vol-${i}`, A1, { name: `测试妈妈${i}` }) });
    const wishes: string[] = [];
    for (let i = 0; i < RUNS; i++) wishes.push(await publishedWish(cloud, w.a, { title: `测试心愿${i}` }));
    await fireTimer(cloud, 'report', 'hourly');
    const results = new Map<string, { trips: number[]; ms: number[] }>();
    const note = (name: string, r: { trips: number; ms: number }) => {
      const e = results.get(name) ?? { trips: [], ms: [] };
      e.trips.push(r.trips);
      e.ms.push(r.ms);
      results.set(name, e);
    };
    for (let i = 0; i < RUNS; i++) {
      const mum = `bench-mum-${i}`;
      note('login', await measure(cloud, () => as(cloud, vols[i].openid).ok('account', 'login', {})));
      note('sign-up form', await measure(cloud, () => as(cloud, mum).ok('volunteer', 'getSignupForm', {})));
      let app = '';
      note('volunteer sign-up (submit)', await measure(cloud, async () => { app = (await as(cloud, mum).ok('volunteer', 'submit', suiningForm(300 + i, { orgCode: ORGS.streetA }))).application.id; }));
      note('review, first step', await measure(cloud, () => staff.ok('volunteer', 'review', { id: app, version: 1, decision: 'approve', opinion: '同意' })));
      note('review, final step', await measure(cloud, () => as(cloud, 'bench-city').ok('volunteer', 'review', { id: app, version: 2, decision: 'approve', opinion: '同意' })));
      note('child list page', await measure(cloud, () => staff.ok('child', 'list', {})));
      note('pairing suggest', await measure(cloud, () => staff.ok('pairing', 'suggest', {})));
      let pairing = { id: '', version: 0 };
      note('pairing propose', await measure(cloud, async () => { pairing = await staff.ok('pairing', 'propose', { childId: kids[i], volunteerId: vols[i].userId }); }));
      const consented = await staff.ok('pairing', 'recordConsent', { id: pairing.id, version: pairing.version, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-03-02' });
      note('pairing accept', await measure(cloud, () => as(cloud, vols[i].openid).ok('pairing', 'respond', { id: consented.id, accept: true })));
      note('check-in', await measure(cloud, () => as(cloud, vols[i].openid).ok('visit', 'checkIn', { clientId: `bench-ck-${i}-x`, childId: kids[i], kind: 'call', at: new Date().toISOString(), durationMinutes: 20 })));
      note('wish claim', await measure(cloud, () => as(cloud, `bench-donor-${i}`).ok('wish', 'claim', { id: wishes[i] })));
      note('dashboard (county)', await measure(cloud, () => staff.ok('report', 'dashboard', {})));
    }
    const rows = [
      `Round trips and median time of ${RUNS} calls each, ${process.env.LOCALCLOUD_LATENCY_MS ?? 0} ms added to each database round trip, through the gateway (遂宁, county staff).`,
      '',
      '| action | round trips | issue 16: at most | median time |',
      '| --- | --- | --- | --- |',
    ];
    for (const [name, r] of results) {
      const trips = [...new Set(r.trips)].join(' / ');
      rows.push(`| ${name} | ${trips} | ${TABLE[name] ?? '—'} | ${median(r.ms).toFixed(0)} ms |`);
    }
    return rows.join('\n');
  } finally {
    await cloud.close();
  }
}
