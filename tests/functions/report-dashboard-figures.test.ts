import { startTestCloud } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { db, ORGS, setupWorld } from '../domain/child/world';
import { buildWorld, NOW } from '../domain/report/dashboard-world';
import { computeFigures, currentMonthWindow } from '../../src/functions/report/figures';
import { getProgramme, type Programme } from '../../src/programmes';
import { setClock } from '../../src/server/time';

/**
 * computeFigures on the fixed world (tests/domain/report/dashboard-world.ts): every tile equals the
 * count done by hand from the world's table, for the city, a county and a street.
 */
let cloud: LocalCloud;
const SN = getProgramme('suining-2019')!;
const figures = (code: string, programme: Programme = SN) => computeFigures(db(), programme, code, currentMonthWindow(NOW));

beforeAll(async () => {
  cloud = await startTestCloud();
  await setupWorld(cloud);
  buildWorld(cloud);
  setClock(() => NOW);
});
afterAll(() => {
  setClock(null);
  return cloud.close();
});

const n = (rows: { key: string; n: number }[]) => Object.fromEntries(rows.filter((r) => r.n).map((r) => [r.key, r.n]));

describe('the city (sn): every tile, counted by hand', () => {
  let f: Awaited<ReturnType<typeof figures>>;
  beforeAll(async () => { f = await figures('sn'); });

  test('node, window (March 2026 in Shanghai)', () => {
    expect(f.node).toEqual({ code: 'sn', name: '遂宁市', level: 'city' });
    expect(f.window).toEqual({ start: '2026-02-28T16:00:00.000Z', end: '2026-03-31T16:00:00.000Z', label: '2026年3月' });
  });

  test('children by category and risk, paired, coverage over the target category (留守)', () => {
    expect(f.children).toMatchObject({ total: 10, paired: 4, unpaired: 6, unpairedHighRisk: 3 });
    expect(f.children.byCategory).toEqual([
      { key: 'left_behind', label: '农村留守儿童', n: 7, paired: 2 },
      { key: 'difficult', label: '困境儿童', n: 3, paired: 2 },
    ]);
    expect(f.children.byRisk.map((r) => [r.key, r.n, r.paired])).toEqual([['high', 4, 1], ['medium', 2, 1], ['low', 2, 2], ['none', 2, 0]]);
    expect(f.children.coverage).toMatchObject({ categories: ['left_behind'], total: 7, paired: 2, percent: 28.6, goalPercent: null, toGoal: 0 });
  });

  test('volunteers by status and team (approved only)', () => {
    expect(f.volunteers).toMatchObject({ total: 8, approved: 4, inReview: 2 });
    expect(n(f.volunteers.byStatus)).toEqual({ pending: 1, district_approved: 1, approved: 4, rejected: 1, withdrawn: 1 });
    expect(f.volunteers.byTeam).toEqual([
      { key: 'team-1', label: '测试甲队', n: 2 }, { key: 'none', label: '未分队', n: 1 }, { key: 'team-2', label: '测试乙队', n: 1 },
    ]);
  });

  test('pairings by status', () => {
    expect(f.pairings).toMatchObject({ active: 4, pending: 3 });
    expect(n(f.pairings.byStatus)).toEqual({ proposed: 2, consented: 1, active: 4, ended: 1 });
  });

  test('contacts this month by kind, against the rules (monthly and yearly), and the timer\'s compliance tallies', () => {
    expect(f.visits.total).toBe(4);
    expect(n(f.visits.byKind)).toEqual({ call: 2, home_visit: 1, guardian_contact: 1 });
    expect(f.visits.requirements.map((r) => [r.ruleKey, r.periodKey, r.pairings, r.required, r.done])).toEqual([
      ['monthly_contact', '2026-03', 4, 4, 3], // call, home_visit, call
      ['monthly_contact', '2026-03', 4, 4, 2], // home_visit, guardian_contact
      ['yearly_home_and_holiday', '2026', 4, 4, 1], // the March home visit (the February call does not count)
      ['yearly_home_and_holiday', '2026', 4, 4, 1], // the January holiday
    ]);
    expect(f.visits.compliance).toEqual({ overdue: 2, dueSoon: 1, onTrack: 1, at: '2026-03-15T00:00:00.000Z' });
  });

  test('open flags and the oldest one\'s age', () => {
    expect(f.flags).toEqual({ open: 2, oldestOpenDays: 14 });
  });

  test('wishes by state and how long they wait', () => {
    expect(f.wishes).toMatchObject({ total: 6, waiting: 4 });
    const by = Object.fromEntries(f.wishes.byStatus.map((s) => [s.key, [s.n, s.oldestDays, n(s.wait)]]));
    expect(by.pending).toEqual([1, 1, { d7: 1 }]);
    expect(by.published).toEqual([2, 73, { d30: 1, d90: 1 }]);
    expect(by.claimed).toEqual([1, 134, { older: 1 }]);
    expect(by.thanked).toEqual([1, 42, { d90: 1 }]);
    expect(by.rejected).toEqual([1, 5, { d7: 1 }]);
    expect(by.sent).toEqual([0, null, {}]);
  });

  test('遂宁 quotas: the programme total and every county\'s, approved and in review', () => {
    expect(f.quotas!.total).toEqual({ orgCode: 'sn', orgName: '遂宁市', atLeast: 1000, approved: 4, inReview: 2, percent: 0.4 });
    expect(f.quotas!.items).toHaveLength(9);
    expect(f.quotas!.items.find((i) => i.orgCode === ORGS.countyA)).toEqual({ orgCode: ORGS.countyA, orgName: '船山区', atLeast: 120, approved: 3, inReview: 1, percent: 2.5 });
    expect(f.quotas!.items.find((i) => i.orgCode === ORGS.countyB)).toMatchObject({ approved: 1, inReview: 1 });
    expect(f.allocations).toBeNull();
  });

  test('one row per district, and the city\'s numbers are the sum of its districts\'', () => {
    expect(f.subnodes).toHaveLength(9);
    const a = f.subnodes.find((s) => s.code === ORGS.countyA)!;
    const b = f.subnodes.find((s) => s.code === ORGS.countyB)!;
    expect(a).toEqual({
      code: ORGS.countyA, name: '船山区', level: 'district', children: 7, paired: 3, coveragePercent: 40, unpairedHighRisk: 2,
      volunteersApproved: 3, activePairings: 3, overduePairings: 2, openFlags: 1, contacts: 3, wishesWaiting: 3,
    });
    expect(b).toEqual({
      code: ORGS.countyB, name: '安居区', level: 'district', children: 3, paired: 1, coveragePercent: 0, unpairedHighRisk: 1,
      volunteersApproved: 1, activePairings: 1, overduePairings: 0, openFlags: 1, contacts: 1, wishesWaiting: 1,
    });
    const sum = (k: 'children' | 'paired' | 'activePairings' | 'openFlags' | 'contacts' | 'wishesWaiting' | 'volunteersApproved') => f.subnodes.reduce((s, r) => s + r[k], 0);
    expect([sum('children'), sum('paired'), sum('activePairings'), sum('openFlags'), sum('contacts'), sum('wishesWaiting'), sum('volunteersApproved')])
      .toEqual([f.children.total, f.children.paired, f.pairings.active, f.flags.open, f.visits.total, f.wishes.waiting, f.volunteers.approved]);
  });
});

describe('a county and a street see their subtree only', () => {
  test('county A (船山区): its street, its quota, no programme total', async () => {
    const f = await figures(ORGS.countyA);
    expect(f.children).toMatchObject({ total: 7, paired: 3, unpairedHighRisk: 2 });
    expect(f.volunteers).toMatchObject({ total: 5, approved: 3, inReview: 1 });
    expect(f.pairings).toMatchObject({ active: 3, pending: 3 });
    expect(f.visits.total).toBe(3);
    expect(f.visits.compliance.overdue).toBe(2);
    expect(f.flags.open).toBe(1);
    expect(f.wishes).toMatchObject({ total: 4, waiting: 3 });
    expect(f.quotas).toEqual({ total: null, items: [{ orgCode: ORGS.countyA, orgName: '船山区', atLeast: 120, approved: 3, inReview: 1, percent: 2.5 }] });
    expect(f.subnodes.map((s) => [s.code, s.children])).toEqual([[ORGS.streetA, 7]]);
  });

  test('street B: its community only', async () => {
    const f = await figures(ORGS.streetB);
    expect(f.children).toMatchObject({ total: 3, paired: 1, unpaired: 2, unpairedHighRisk: 1 });
    expect(f.children.coverage).toMatchObject({ total: 2, paired: 0, percent: 0 });
    expect(n(f.volunteers.byStatus)).toEqual({ approved: 1, district_approved: 1, rejected: 1 });
    expect(n(f.pairings.byStatus)).toEqual({ active: 1, ended: 1 });
    expect(n(f.visits.byKind)).toEqual({ call: 1 });
    expect(f.visits.requirements.map((r) => r.done)).toEqual([1, 0, 0, 1]);
    expect(f.flags).toEqual({ open: 1, oldestOpenDays: 1 });
    expect(f.quotas).toEqual({ total: null, items: [] });
    expect(f.subnodes.map((s) => [s.code, s.children, s.openFlags])).toEqual([[ORGS.communityB1, 3, 1]]);
  });
});

describe('厦门-style allocations and a coverage goal (the same world under a changed programme)', () => {
  const programme: Programme = {
    ...SN,
    targetChildren: { ...SN.targetChildren, categories: ['left_behind', 'difficult'] },
    coverageGoal: { categories: ['difficult'], percent: 100, by: '2026-12-31' },
    allocations: { total: null, items: [{ orgCode: ORGS.countyA, counts: { left_behind: 5, difficult: 2 } }, { orgCode: ORGS.countyB, counts: { left_behind: 3 } }] },
  };

  test('allocations count a child once, by her most advanced pairing', async () => {
    const f = await figures('sn', programme);
    expect(f.allocations!.rows.map((r) => [r.orgCode, r.category, r.allocated, r.paired, r.pending])).toEqual([
      [ORGS.countyA, 'left_behind', 5, 2, 2], // c2 (active + proposed: counted once, active), c7; pending c1, c3
      [ORGS.countyA, 'difficult', 2, 1, 0],
      [ORGS.countyB, 'left_behind', 3, 0, 0], // c8's pairing ended
    ]);
    expect(f.children.coverage).toMatchObject({ categories: ['difficult'], total: 3, paired: 2, percent: 66.7, goalPercent: 100, goalBy: '2026-12-31', toGoal: 1 });
  });

  test('a county sees only its own allocation rows', async () => {
    const f = await figures(ORGS.countyB, programme);
    expect(f.allocations!.rows.map((r) => r.orgCode)).toEqual([ORGS.countyB]);
  });
});
