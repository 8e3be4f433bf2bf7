/**
 * Dashboard benchmark: report.dashboard for a city with 100,000 children, 10,000 active pairings
 * and 500,000 check-ins (plus volunteers, wishes and flags), loaded straight into the store; time
 * and database round trips for the city, a county and a street — first with a tenth of the data,
 * then with all of it. After each load the report timer writes every node's snapshot (its time and
 * round trips are measured too); the dashboard then reads the caller's node snapshot.
 * Run alone with `npm run bench -- report`.
 */
import type { LocalCloud } from '../localcloud/server';
import { DEMO_ADMIN } from '../localcloud/seed';
import { call, fmt, startBenchCloud } from './_shared';
import { post } from '../tests/helpers/cloud';
import type { ContactKind } from '../src/programmes';
import type { OrgDoc } from '../src/server/orgs';
import { startCountingProxy } from '../localcloud/counting-proxy';

const CHILDREN = 100_000;
const PAIRINGS = 10_000;
const CHECKINS = 500_000;
const VOLUNTEERS = 8_000;
const WISHES = 5_000;
const FLAGS = 2_000;
const COUNTIES = ['sn-chuanshan', 'sn-anju'];

const RISKS = ['low', 'medium', 'high', null] as const;
const WISH_STATES = ['pending', 'published', 'published', 'claimed', 'sent', 'received', 'thanked'];
const APP_STATES = ['approved', 'approved', 'approved', 'pending', 'district_approved', 'rejected'];

/** Loads the records with index in [from, to) of each collection (so a tenth first, then the rest). */
function load(cloud: LocalCloud, communities: OrgDoc[], share: [number, number], kinds: readonly ContactKind[], now: number): void {
  const part = (total: number) => [Math.floor(total * share[0]), Math.floor(total * share[1])];
  const org = (i: number) => communities[i % communities.length];
  const [c0, c1] = part(CHILDREN);
  const children = [];
  for (let i = c0; i < c1; i++) {
    const o = org(i);
    const created = new Date(now - ((i * 7919) % 700) * 86400_000).toISOString();
    children.push({
      _id: `bc${i}`, programmeId: 'suining-2019', name: `测试儿童${i}`, sex: 'female', birthDate: '2016-05-01', category: i % 5 ? 'left_behind' : 'difficult',
      riskLevel: RISKS[i % 4], paired: i % 10 === 0, orgCode: o.code, orgPath: o.path, createdAt: created, updatedAt: created, version: 1,
    });
  }
  cloud.store.insertMany('children', children);
  const [p0, p1] = part(PAIRINGS);
  const pairings = [];
  for (let i = p0; i < p1; i++) {
    const c = i * 10; // the paired children
    const o = org(c);
    pairings.push({
      _id: `bpr${i}`, programmeId: 'suining-2019', status: 'active', version: 1, childId: `bc${c}`, childName: `测试儿童${c}`, childCategory: c % 5 ? 'left_behind' : 'difficult',
      childOrgCode: o.code, childOrgName: o.name, orgPath: o.path, volunteerUserId: `bvol${i % 4000}`, volunteerName: `测试妈妈${i % 4000}`, role: null,
      proposedAt: '2025-09-01T02:00:00.000Z', acceptedAt: '2025-09-01T02:00:00.000Z',
    });
  }
  cloud.store.insertMany('pairings', pairings);
  const [k0, k1] = part(CHECKINS);
  for (let from = k0; from < k1; from += 50_000) {
    const batch = [];
    for (let j = from; j < Math.min(k1, from + 50_000); j++) {
      const p = j % PAIRINGS;
      const c = p * 10;
      const at = new Date(now - 3600_000 - ((j * 7919) % 365) * 86400_000).toISOString();
      batch.push({ _id: `bck${j}`, pairingId: `bpr${p}`, childId: `bc${c}`, childName: `测试儿童${c}`, orgPath: org(c).path, volunteerUserId: `bvol${p % 4000}`, kind: kinds[j % kinds.length], at, durationMinutes: 30, counted: true });
    }
    cloud.store.insertMany('visit_checkins', batch);
  }
  const [v0, v1] = part(VOLUNTEERS);
  cloud.store.insertMany('volunteer_applications', Array.from({ length: v1 - v0 }, (_x, k) => {
    const i = v0 + k;
    const o = org(i * 13);
    return { _id: `bva${i}`, userId: `bvol${i}`, status: APP_STATES[i % APP_STATES.length], name: `测试妈妈${i}`, orgCode: o.code, orgName: o.name, orgPath: o.path, teamId: i % 3 ? `team-${o.path[2]}` : null, teamName: i % 3 ? `${o.path[2]}服务队` : null, submittedAt: '2026-01-01T00:00:00.000Z' };
  }));
  const [w0, w1] = part(WISHES);
  cloud.store.insertMany('wishes', Array.from({ length: w1 - w0 }, (_x, k) => {
    const i = w0 + k;
    const o = org(i * 7);
    return { _id: `bw${i}`, childId: `bc${i * 7}`, orgCode: o.code, orgPath: o.path, child: { alias: '小同学' }, title: '书包', priceYuan: 80, status: WISH_STATES[i % WISH_STATES.length], updatedAt: new Date(now - (i % 120) * 86400_000).toISOString() };
  }));
  const [f0, f1] = part(FLAGS);
  cloud.store.insertMany('visit_flags', Array.from({ length: f1 - f0 }, (_x, k) => {
    const i = f0 + k;
    const o = org(i * 10);
    return { _id: `bfl${i}`, childId: `bc${i * 10}`, childName: '测试儿童', orgPath: o.path, volunteerName: '测试妈妈', reason: '需关注', status: i % 4 ? 'closed' : 'open', createdAt: new Date(now - (i % 60) * 86400_000).toISOString() };
  }));
}

export async function runReportBench(): Promise<string> {
  const { cloud, programme } = await startBenchCloud('suining-2019');
  const lines: string[] = [];
  try {
    // two counties × 10 streets × 10 communities
    const orgs: OrgDoc[] = [];
    const communities: OrgDoc[] = [];
    for (const county of COUNTIES) {
      for (let s = 0; s < 10; s++) {
        const st = `${county}-st${s}`;
        orgs.push({ _id: st, code: st, name: `测试街道${s}`, level: 'street', parentCode: county, path: ['sn', county, st] });
        for (let c = 0; c < 10; c++) {
          const code = `${st}-c${c}`;
          const node: OrgDoc = { _id: code, code, name: `测试社区${s}-${c}`, level: 'community', parentCode: st, path: ['sn', county, st, code] };
          orgs.push(node);
          communities.push(node);
        }
      }
    }
    cloud.store.insertMany('orgs', orgs);
    const who: [string, string, string][] = [['city', 'sn', 'bench-report-city'], ['county', COUNTIES[0], 'bench-report-county'], ['street', `${COUNTIES[0]}-st0`, 'bench-report-street']];
    for (const [, orgCode, openid] of who) {
      const { code } = (await call(cloud.url, DEMO_ADMIN, 'account', 'createStaffInvite', { orgCode, permissions: ['report.read'] })) as { code: string };
      await call(cloud.url, openid, 'account', 'login');
      await call(cloud.url, openid, 'account', 'redeemStaffInvite', { code, name: '测试妇联' });
    }
    const proxy = await startCountingProxy(cloud);
    const rows = ['| data | dashboard of | children in subtree | round trips | time |', '| --- | --- | --- | --- | --- |'];
    const timer = ['| data | report timer run (every node\'s snapshot) | nodes | round trips | time |', '| --- | --- | --- | --- | --- |'];
    const snapshot = async (label: string) => {
      proxy.reset();
      const t0 = performance.now();
      const res = (await post(`${cloud.url}/timers/report/hourly`, {})) as { ok: boolean; data?: { dashboards?: { dashboards?: number; monthsFilled?: number; error?: boolean } } };
      const d = res.data?.dashboards;
      timer.push(`| ${label} | ${d?.error || !res.ok ? 'failed' : `ok, ${d?.monthsFilled ?? 0} past months filled`} | ${d?.dashboards ?? '—'} | ${proxy.count()} | ${fmt((performance.now() - t0) / 1000, 1)} s |`);
      if (process.env.BENCH_TRACE) console.error(timer[timer.length - 1]);
    };
    const measure = async (label: string) => {
      for (const [level, , openid] of who) {
        proxy.reset();
        const t0 = performance.now();
        const d = (await call(cloud.url, openid, 'report', 'dashboard')) as { figures: { children: { total: number } } };
        rows.push(`| ${label} | ${level} | ${d.figures.children.total.toLocaleString('en')} | ${proxy.count()} | ${fmt(performance.now() - t0)} ms |`);
        if (process.env.BENCH_TRACE) console.error(rows[rows.length - 1]);
      }
    };
    const now = Date.now();
    const kinds = programme.contactKinds as readonly ContactKind[];
    const t0 = performance.now();
    load(cloud, communities, [0, 0.1], kinds, now);
    let loadS = (performance.now() - t0) / 1000;
    await snapshot('1/10');
    await measure('1/10');
    const t1 = performance.now();
    load(cloud, communities, [0.1, 1], kinds, now);
    loadS += (performance.now() - t1) / 1000;
    await snapshot('full');
    await measure('full');
    await proxy.close();
    lines.push(
      `A city (遂宁 preset) with two counties of 10 streets × 10 communities: ${CHILDREN.toLocaleString('en')} children, ${PAIRINGS.toLocaleString('en')} active pairings, ${CHECKINS.toLocaleString('en')} check-ins over a year, ${VOLUNTEERS.toLocaleString('en')} volunteer applications, ${WISHES.toLocaleString('en')} wishes and ${FLAGS.toLocaleString('en')} flags, bulk-loaded in ${fmt(loadS, 1)} s (a tenth first, then the rest).`,
      '',
      ...timer,
      '',
      ...rows,
      '',
      'A dashboard call\'s round trips are the caller and the node\'s snapshot, whatever the data and the level. The timer run gathers the grouped aggregates once at the root (one per collection; check-ins one per month counted: this month, last month, the rule periods and, on the first run, ten older months to fill the series), reads the tree, the stored snapshots and the visit tallies, and writes one snapshot per node, 20 at a time. Times include the local emulator, which runs each aggregate in memory (mingo) over every matching record without indexes.',
    );
  } finally {
    await cloud.close();
  }
  return lines.join('\n');
}
