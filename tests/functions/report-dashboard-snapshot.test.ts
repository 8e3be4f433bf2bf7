import { startTestCloud, as, fireTimer } from '../helpers/cloud';
import { makeStaff } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { db, ORGS, setupWorld } from '../domain/child/world';
import { A1, A2, buildWorld, childDocs, NOW } from '../domain/report/dashboard-world';
import { computeFigures, currentMonthWindow } from '../../src/functions/report/figures';
import { getProgramme } from '../../src/programmes';
import { setClock } from '../../src/server/time';
import { startCountingProxy } from '../../localcloud/counting-proxy';

/**
 * The dashboard's snapshots (src/functions/report/dashboard-snapshot.ts): the report timer writes
 * one per node, equal to the live figures; the dashboard shows it with its time until the next
 * run; a node without one is computed live; the month series is kept across runs. Each test builds
 * its own world (world()).
 */
let cloud: LocalCloud | null = null;
const CITY = 'staff-city-snap';
const STREET = 'staff-street-snap';
const HOUR = 3600_000;

async function world(): Promise<LocalCloud> {
  setClock(() => NOW);
  cloud = await startTestCloud();
  await setupWorld(cloud);
  await makeStaff(cloud, CITY, 'sn', ['report.read']);
  await makeStaff(cloud, STREET, ORGS.streetA, ['report.read']);
  buildWorld(cloud);
  return cloud;
}
afterEach(async () => {
  setClock(null);
  await cloud?.close();
  cloud = null;
});
const run = async (c: LocalCloud) => {
  const res = (await fireTimer(c, 'report', 'hourly')) as { data?: { dashboards?: Record<string, number> } };
  return res.data?.dashboards ?? {};
};
const withoutTime = <T extends { asOf: string }>(f: T) => ({ ...f, asOf: '' });

test('every node\'s snapshot equals its live figures (the timer gathers once at the root)', async () => {
  const c = await world();
  expect(await run(c)).toMatchObject({ dashboards: c.store.countDocuments('orgs'), removed: 0 });
  const programme = getProgramme('suining-2019')!;
  for (const o of c.store.rawDocuments('orgs') as { code: string }[]) {
    const snap = await as(c, CITY).ok('report', 'dashboard', { orgCode: o.code });
    const live = await computeFigures(db(), programme, o.code, currentMonthWindow(NOW));
    expect(withoutTime(snap.figures)).toEqual(withoutTime(live));
  }
});

test('the dashboard shows the last run, with its time, until the next run', async () => {
  const c = await world();
  await run(c);
  c.store.insertMany('children', childDocs('late', 1).slice(-1).map((d) => ({ ...d, _id: 'late-1' })));
  setClock(() => NOW + HOUR);
  const stale = await as(c, STREET).ok('report', 'dashboard', {});
  expect(stale.figures.children.total).toBe(7);
  expect(stale.figures.asOf).toBe(new Date(NOW).toISOString());
  await run(c);
  const fresh = await as(c, STREET).ok('report', 'dashboard', {});
  expect(fresh.figures.children.total).toBe(8);
  expect(fresh.figures.asOf).toBe(new Date(NOW + HOUR).toISOString());
});

test('scope holds on snapshots: a street reads its subtree only, never a sibling\'s or its parent\'s', async () => {
  const c = await world();
  await run(c);
  const err = async (input: Record<string, string>) => ((await as(c, STREET).raw('report', 'dashboard', input)) as { error?: { code: string } }).error?.code;
  expect(await err({ orgCode: ORGS.streetB })).toBe('FORBIDDEN');
  expect(await err({ orgCode: ORGS.communityB1 })).toBe('FORBIDDEN');
  expect(await err({ orgCode: ORGS.countyA })).toBe('FORBIDDEN');
  expect(await err({ orgCode: 'sn' })).toBe('FORBIDDEN');
  const own = await as(c, STREET).ok('report', 'dashboard', {});
  expect(own.figures.subnodes.map((s) => s.code)).toEqual([ORGS.communityA1, ORGS.communityA2]);
  expect(own.parent).toBeNull();
  const below = await as(c, STREET).ok('report', 'dashboard', { orgCode: ORGS.communityA1 });
  expect(below.parent).toEqual({ code: ORGS.streetA, name: '测试街道甲' });
  expect(below.figures.children.total).toBe(5);
});

test('snapshots hold counts only: no name, alias or record id of a child or a volunteer', async () => {
  const c = await world();
  await run(c);
  const stored = JSON.stringify(c.store.rawDocuments('report_dashboards'));
  expect(stored).not.toMatch(/王小雨|李小花|杨小雪|小同学|测试妈妈|5109|138\*|"c\d+"|"pr\d+"|"va-v\d+"/);
});

test('a node without a snapshot (the timer not run yet, or a node added since) is computed live', async () => {
  const c = await world();
  await run(c);
  c.store.commit([{ coll: 'report_dashboards', key: ORGS.streetA, doc: null }]);
  c.store.insertMany('children', childDocs('late', 1).slice(-1).map((d) => ({ ...d, _id: 'late-1' })));
  const proxy = await startCountingProxy(c);
  try {
    const live = await as(c, STREET).ok('report', 'dashboard', {});
    expect(live.figures.children.total).toBe(8);
    expect(proxy.count()).toBeGreaterThan(5);
    // its series has this month only
    expect(live.series.filter((m) => m.visits !== null).map((m) => m.month)).toEqual(['2026-03']);
  } finally {
    await proxy.close();
  }
});

test('the month series: 12 months; older months filled once from the check-ins, the current one rewritten, last month recounted', async () => {
  const c = await world();
  expect(await run(c)).toMatchObject({ monthsFilled: 10 });
  const first = (await as(c, CITY).ok('report', 'dashboard', {})).series;
  expect(first.map((m) => m.month)).toEqual(['2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03']);
  expect(first.map((m) => m.visits)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 4]);
  // coverage cannot be recounted for a past month: only the months the timer saw have it
  expect(first.map((m) => m.coverage)).toEqual([...Array(11).fill(null), 28.6]);
  expect(first[11].label).toBe('3月');

  // an hour later: nothing to fill; April begins (1 April 01:00 in Shanghai) with a late March check-in and a new pairing
  setClock(() => NOW + HOUR);
  expect(await run(c)).toMatchObject({ monthsFilled: 0 });
  c.store.insertMany('visit_checkins', [{ _id: 'ck-late', orgPath: A2, kind: 'call', at: '2026-03-31T10:00:00.000Z', pairingId: 'pr3', childId: 'c7' }]);
  c.store.commit([{ coll: 'children', key: 'c1', doc: { ...childDocs()[0], paired: true } }]);
  setClock(() => Date.parse('2026-03-31T17:00:00.000Z'));
  expect(await run(c)).toMatchObject({ monthsFilled: 0 });
  const april = (await as(c, CITY).ok('report', 'dashboard', {})).series;
  expect(april.map((m) => m.month)).toEqual(['2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04']);
  expect(april.map((m) => m.visits)).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 5, 0]);
  expect(april.slice(-2).map((m) => m.coverage)).toEqual([28.6, 42.9]);
  // a community's series is its own
  const a1 = (await as(c, STREET).ok('report', 'dashboard', { orgCode: ORGS.communityA1 })).series;
  expect(a1.map((m) => m.visits).slice(-6)).toEqual([0, 1, 0, 1, 2, 0]);
  void A1;
});

test('a node removed from the tree loses its snapshot at the next run', async () => {
  const c = await world();
  await run(c);
  const n = c.store.countDocuments('report_dashboards');
  c.store.commit([{ coll: 'orgs', key: ORGS.communityB1, doc: null }]);
  expect(await run(c)).toMatchObject({ dashboards: n - 1, removed: 1 });
  expect(c.store.rawDocuments('report_dashboards').map((d) => d._id)).not.toContain(ORGS.communityB1);
});
