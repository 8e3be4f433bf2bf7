import { startTestCloud, as, fireTimer, ADMIN } from '../helpers/cloud';
import { makeStaff } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { ORGS, setupWorld } from '../domain/child/world';
import { A2, B1, buildWorld, childDocs, NOW } from '../domain/report/dashboard-world';
import { setClock } from '../../src/server/time';
import { startCountingProxy } from '../../localcloud/counting-proxy';

/**
 * Issue 16: report.dashboard in at most 5 database round trips, for the city and for a street,
 * the same with about a hundred records and with 100,000 more: it reads the node's snapshot,
 * which the report timer rewrites every hour.
 */
let cloud: LocalCloud;
const CITY = 'staff-city-trips';
const STREET = 'staff-street-trips';

beforeAll(async () => {
  setClock(() => NOW);
  cloud = await startTestCloud();
  await setupWorld(cloud);
  await makeStaff(cloud, CITY, 'sn', ['report.read']);
  await makeStaff(cloud, STREET, ORGS.streetA, ['report.read']);
  buildWorld(cloud, { extraCheckins: 60 });
});
afterAll(() => {
  setClock(null);
  return cloud.close();
});

const snapshot = async () => {
  const res = (await fireTimer(cloud, 'report', 'hourly')) as { data?: { dashboards?: { dashboards: number } } };
  expect(res.data?.dashboards?.dashboards).toBe(cloud.store.countDocuments('orgs'));
};
const records = () => ['children', 'pairings', 'volunteer_applications', 'visit_checkins', 'visit_flags', 'wishes'].reduce((n, c) => n + cloud.store.countDocuments(c), 0);

/** 100,000 records more: children, check-ins over the last year and wishes, in both counties. */
function bulk(): void {
  const kids = childDocs('bulk', 30_000).slice(10).map((d, i) => ({ ...d, ...(i % 2 ? { orgPath: B1, orgCode: ORGS.communityB1 } : {}) }));
  cloud.store.insertMany('children', kids);
  cloud.store.insertMany('visit_checkins', Array.from({ length: 60_000 }, (_v, i) => ({
    _id: `bulk-ck${i}`, orgPath: i % 3 ? A2 : B1, kind: 'call', at: new Date(NOW - (i % 360) * 86400_000).toISOString(), pairingId: 'pr3', childId: 'c7',
  })));
  cloud.store.insertMany('wishes', Array.from({ length: 10_000 }, (_v, i) => ({
    _id: `bulk-w${i}`, orgPath: A2, orgCode: ORGS.communityA2, status: 'published', updatedAt: '2026-03-01T04:00:00.000Z', child: { alias: '小同学' }, title: '书包', priceYuan: 50,
  })));
}

test('the dashboard: at most 5 round trips for the city, a street, a node below it and the admin, the same with 100,000 more records', async () => {
  const proxy = await startCountingProxy(cloud);
  const calls: [string, Record<string, string>][] = [[CITY, {}], [STREET, {}], [STREET, { orgCode: ORGS.communityA2 }], [ADMIN, {}], [CITY, { orgCode: ORGS.countyB }]];
  const trips = async () => {
    const out: number[] = [];
    for (const [who, input] of calls) {
      proxy.reset();
      await as(cloud, who).ok('report', 'dashboard', input);
      out.push(proxy.count());
    }
    return out;
  };
  try {
    await snapshot();
    expect(records()).toBeGreaterThanOrEqual(100);
    expect(records()).toBeLessThan(200);
    const small = await trips();
    for (const n of small) expect(n).toBeLessThanOrEqual(5);

    const before = records();
    bulk();
    expect(records() - before).toBe(100_000);
    await snapshot();
    expect(await trips()).toEqual(small);
    // and the snapshot counts the bulk: the figures are not stale ones read cheaply
    const city = await as(cloud, CITY).ok('report', 'dashboard', {});
    expect(city.figures.children.total).toBe(10 + 30_000);
    expect(city.figures.wishes.waiting).toBe(4 + 10_000);
    // this month and last month are recounted each run (older months were filled once, by the first run)
    const [feb, mar] = city.series.slice(-2);
    expect(mar).toMatchObject({ month: '2026-03', visits: city.figures.visits.total });
    expect(mar.visits).toBe(4 + 15 * 167); // the world's 4, and the bulk's days 0–14 before 15 March
    expect(feb).toMatchObject({ month: '2026-02', visits: 1 + 28 * 167 });
    const street = await as(cloud, STREET).ok('report', 'dashboard', {});
    expect(street.figures.children.total).toBe(7 + 15_000);
  } finally {
    await proxy.close();
  }
}, 120_000);
