/**
 * Visits benchmark: the overdue board for a city with 10,000 active pairings, first with no history,
 * then with 500,000 check-ins (loaded straight into the store, each with its counter keys built with
 * counterKeys as checkIn builds them). Time and database round trips per board page, by child and by
 * volunteer, and of one check-in: round trips must not grow with check-ins. Then the morning
 * reminders timer over the 10,000 pairings, with and without the history.
 * Run alone with `npm run bench -- visits`.
 */
import { DEMO_ADMIN } from '../localcloud/seed';
import { call, fmt, startBenchCloud } from './_shared';
import { counterKeys } from '../src/domain/visits';
import type { ContactKind } from '../src/programmes';
import type { OrgDoc } from '../src/server/orgs';
import { startCountingProxy } from '../localcloud/counting-proxy';
import { timerContext, timerEvent } from '../localcloud/scheduler';
import { FUNCTIONS } from '../src/functions';
import { userIdFor } from '../src/server/ids';

const PAIRINGS = 10_000;
const CHECKINS = 500_000;
const COUNTY = 'sn-chuanshan';

/**
 * The morning timer builds the area tallies and sends the reminders. It runs in-process (so a run
 * past the visit function's 20 s timeout is still measured rather than cut off) with the cloud's
 * latency on every round trip, and reports its time and round trips.
 */
async function fireTimer(count: () => number): Promise<{ s: number; trips: number; data: Record<string, number> }> {
  const n0 = count();
  const t0 = performance.now();
  const r = (await FUNCTIONS.visit(timerEvent('reminders'), timerContext('visit'))) as { ok: boolean; data: Record<string, number> };
  if (!r.ok) throw new Error('visit reminders timer failed');
  return { s: (performance.now() - t0) / 1000, trips: count() - n0, data: r.data };
}


export async function runVisitsBench(): Promise<string> {
  const { cloud, programme } = await startBenchCloud('suining-2019');
  const lines: string[] = [];
  try {
    // 20 streets × 25 communities in one county
    const communities: OrgDoc[] = [];
    const orgs: OrgDoc[] = [];
    for (let s = 0; s < 20; s++) {
      const st = `vst${s}`;
      orgs.push({ _id: st, code: st, name: `测试街道${s}`, level: 'street', parentCode: COUNTY, path: ['sn', COUNTY, st] });
      for (let c = 0; c < 25; c++) {
        const code = `${st}c${c}`;
        const node: OrgDoc = { _id: code, code, name: `测试社区${s}-${c}`, level: 'community', parentCode: st, path: ['sn', COUNTY, st, code] };
        orgs.push(node);
        communities.push(node);
      }
    }
    cloud.store.insertMany('orgs', orgs);
    const staff = 'bench-visit-county';
    const { code } = (await call(cloud.url, DEMO_ADMIN, 'account', 'createStaffInvite', { orgCode: COUNTY, permissions: ['visit.read'] })) as { code: string };
    await call(cloud.url, staff, 'account', 'login');
    await call(cloud.url, staff, 'account', 'redeemStaffInvite', { code, name: '测试县妇联' });

    // 10,000 children and active pairings; 4,000 volunteers (2–3 children each)
    const acceptedAt = '2025-09-01T02:00:00.000Z';
    const children = [];
    const pairings = [];
    for (let i = 0; i < PAIRINGS; i++) {
      const org = communities[i % communities.length];
      const childId = `bch${i}`;
      children.push({ _id: childId, programmeId: 'suining-2019', name: `测试儿童${i}`, category: i % 4 ? 'left_behind' : 'difficult', riskLevel: (['low', 'medium', 'high'] as const)[i % 3], orgCode: org.code, orgPath: org.path, status: 'active' });
      const v = i % 4000;
      pairings.push({
        _id: `bpr${i}`, programmeId: 'suining-2019', status: 'active', version: 1, childId, childName: `测试儿童${i}`, childCategory: 'left_behind',
        childOrgCode: org.code, childOrgName: org.name, orgPath: org.path, volunteerUserId: `bvol${v}`, volunteerName: `测试妈妈${v}`,
        volunteerOrgName: org.name, volunteerOrgPath: org.path, role: 'local', reasons: [], consent: null, deadline: null, message: '',
        proposedAt: acceptedAt, proposedBy: 'bench', acceptedAt, closedAt: null, closedBy: null, closeReason: null, transferredFrom: null, transferredTo: null, events: [],
      });
    }
    // one real volunteer (a user row with the role) paired with one more child, to time her check-ins
    const me = 'bench-visit-volunteer';
    const myId = userIdFor(me);
    const myOrg = communities[0];
    cloud.store.insertMany('users', [{ _id: myId, openid: me, name: '测试妈妈', roles: ['donor', 'volunteer'], staff: null, volunteerStatus: 'approved', createdAt: acceptedAt, lastLoginAt: acceptedAt }]);
    children.push({ _id: 'bch-me', programmeId: 'suining-2019', name: '测试儿童甲', category: 'left_behind', riskLevel: 'low', orgCode: myOrg.code, orgPath: myOrg.path, status: 'active' });
    pairings.push({ ...pairings[0], _id: 'bpr-me', childId: 'bch-me', childName: '测试儿童甲', volunteerUserId: myId, volunteerName: '测试妈妈' });
    cloud.store.insertMany('children', children);
    cloud.store.insertMany('pairings', pairings);

    if (process.env.BENCH_TRACE) console.error('loaded pairings');
    const proxy = await startCountingProxy(cloud);
    const rows: string[] = ['| check-ins | board page | round trips | time |', '| --- | --- | --- | --- |'];
    const boardPages = async (n: number) => {
      for (const [label, input] of [
        ['by child, page 1', { view: 'child' }],
        ['by child, page 100', { view: 'child', page: 100 }],
        ['by volunteer, page 1', { view: 'volunteer' }],
        ['by volunteer, page 100', { view: 'volunteer', page: 100 }],
        ['by area (20 streets)', { view: 'area' }],
      ] as const) {
        proxy.reset();
        const t0 = performance.now();
        await call(cloud.url, staff, 'visit', 'board', input);
        rows.push(`| ${n.toLocaleString('en')} | ${label} | ${proxy.count()} | ${fmt(performance.now() - t0)} ms |`);
        if (process.env.BENCH_TRACE) console.error(rows[rows.length - 1]);
      }
    };
    let seq = 0;
    const checkIns = async (n: number) => {
      for (const label of ['one', 'another']) {
        proxy.reset();
        const t0 = performance.now();
        await call(cloud.url, me, 'visit', 'checkIn', { clientId: `bench-me-${seq++}`, childId: 'bch-me', kind: 'call', at: new Date(Date.now() - 3600_000).toISOString(), durationMinutes: 30 });
        rows.push(`| ${n.toLocaleString('en')} | check-in, ${label} | ${proxy.count()} | ${fmt(performance.now() - t0)} ms |`);
      }
    };
    const timer = await fireTimer(proxy.count); // the area tallies and every due item's reminder
    await boardPages(0);
    await checkIns(0);

    // 500,000 check-ins over the last year (50 per pairing), each with its counter keys
    const kinds = programme.contactKinds as readonly ContactKind[];
    const end = Date.now();
    const keyCache = new Map<string, string[]>(); // the same civil day and kind give the same keys
    const loadT0 = performance.now();
    for (let from = 0; from < CHECKINS; from += 50_000) {
      const batch = [];
      for (let j = from; j < from + 50_000; j++) {
        const p = pairings[j % PAIRINGS];
        const kind = kinds[j % kinds.length];
        const day = (j * 7919) % 365;
        const at = new Date(end - 3600_000 - day * 86400_000).toISOString();
        const ck = `${kind}|${day}`;
        if (!keyCache.has(ck)) keyCache.set(ck, counterKeys(programme, { kind, at }).map((k) => k.id));
        batch.push({
          _id: `bck${j}`, clientId: `bench-${j}`, pairingId: p._id, childId: p.childId, childName: p.childName, orgPath: p.orgPath,
          volunteerUserId: p.volunteerUserId, volunteerName: p.volunteerName, kind, at, durationMinutes: 30, withWhom: '孩子', problems: '', measures: '',
          childState: { health: '', study: '', mood: '' }, checklist: [], photos: [], location: null, flagged: false, keys: keyCache.get(ck)!, createdAt: at,
          revisions: [], correction: null, decisions: [], version: 1,
        });
      }
      cloud.store.insertMany('visit_checkins', batch);
    }
    const loadS = (performance.now() - loadT0) / 1000;
    if (process.env.BENCH_TRACE) console.error('loaded check-ins', loadS);
    await boardPages(CHECKINS);
    await checkIns(CHECKINS);
    const timer2 = await fireTimer(proxy.count);
    await proxy.close();
    lines.push(
      `A county of 500 communities, ${PAIRINGS.toLocaleString('en')} active pairings (4,000 volunteers), 遂宁 rules; ${CHECKINS.toLocaleString('en')} check-ins over a year, each with its counter keys, bulk-loaded in ${fmt(loadS, 1)} s; ${cloud.latencyMs} ms added to every round trip.`,
      '',
      ...rows,
      '',
      `The morning reminders timer over the ${PAIRINGS.toLocaleString('en')} pairings, in-process with the same latency: with no history (every requirement due, ${timer.data.reminded.toLocaleString('en')} volunteers reminded) ${timer.trips.toLocaleString('en')} round trips in ${fmt(timer.s, 1)} s; with the ${CHECKINS.toLocaleString('en')} check-ins (reminders already sent, ${timer2.data.reminded.toLocaleString('en')} volunteers reminded) ${timer2.trips.toLocaleString('en')} round trips in ${fmt(timer2.s, 1)} s. The visit function's timeout is 20 s.`,
      '',
      'Round trips count every request to /admin made by one call. They are the same with no history and with 500,000 check-ins: the child and volunteer views read a page of pairings, their children and their counts (one aggregate over their check-ins); the area view reads the org nodes below the caller and the tallies the morning timer writes. Times include the emulator, which scans and sorts in memory without indexes (the pairing page sorts 10,000 rows; the counting aggregate scans every check-in).',
    );
  } finally {
    await cloud.close();
  }
  return lines.join('\n');
}
