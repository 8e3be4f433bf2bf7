import { bySubnode, childOn, countBy, passesThrough, percent, sumRows } from '../../../src/domain/report/dashboard-rollup';
import { allocationProgress, coverage, daysSince, quotaProgress, waitBucketOf, waitCutoffs, type ChildRow, type OrgRef } from '../../../src/domain/report/dashboard-targets';
import { requirementRows, rulePeriods } from '../../../src/domain/report/dashboard-visits';
import { allocationRows } from '../../../src/domain/pairing/rules';
import { getProgramme, type Programme } from '../../../src/programmes';

const A = ['c', 'd1', 's1'];
const B = ['c', 'd1', 's2'];
const C = ['c', 'd2', 's3'];

describe('roll-ups', () => {
  const rows = [{ path: A, n: 3, k: 'x' }, { path: B, n: 2, k: 'y' }, { path: C, n: 5, k: 'x' }, { path: ['c', 'd1'], n: 1, k: 'y' }];

  test('a node is the sum of the rows passing through it; its children partition it, plus what sits on it', () => {
    expect(sumRows(rows)).toBe(11);
    expect(sumRows(rows, (r) => passesThrough(r.path, 'd1'))).toBe(6);
    const subs = bySubnode(rows, 'd1');
    expect([...subs.keys()]).toEqual(['s1', 's2']);
    expect(sumRows(subs.get('s1')!) + sumRows(subs.get('s2')!) + 1).toBe(6); // + the row on d1 itself
    expect(childOn(A, 'c')).toBe('d1');
    expect(childOn(A, 's1')).toBeNull();
    expect(childOn(A, 'zz')).toBeNull();
  });

  test('countBy fills listed keys with 0 and appends unknown ones', () => {
    expect([...countBy(rows, (r) => r.k, ['y', 'z'])]).toEqual([['y', 3], ['z', 0], ['x', 8]]);
  });

  test('percent: one decimal, null on an empty base', () => {
    expect(percent(2, 7)).toBe(28.6);
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(0, 0)).toBeNull();
    expect(percent(5, 5)).toBe(100);
  });
});

const JJ = getProgramme('jinjiang-2024')!;
const SN = getProgramme('suining-2019')!;
const YY = getProgramme('yueyang-2024')!;

describe('coverage', () => {
  const kids: ChildRow[] = [
    { path: A, n: 4, category: 'difficult', risk: 'high', paired: true },
    { path: A, n: 1, category: 'difficult', risk: 'low', paired: false },
    { path: B, n: 10, category: 'left_behind', risk: 'low', paired: false },
  ];
  test('晋江: over 困境 only, with the goal and what is left to reach it', () => {
    expect(coverage(JJ, kids)).toEqual({
      categories: ['difficult'], categoriesLabel: '困境儿童', total: 5, paired: 4, percent: 80, goalPercent: 100, goalBy: JJ.coverageGoal!.by, toGoal: 1,
    });
  });
  test('no goal: over the programme\'s target categories', () => {
    expect(coverage(SN, kids)).toMatchObject({ categories: ['left_behind'], total: 10, paired: 0, percent: 0, goalPercent: null, toGoal: 0 });
  });
});

describe('quotas and allocations', () => {
  const orgs = new Map<string, OrgRef>([
    ['c', { code: 'c', name: '市', path: ['c'] }], ['d1', { code: 'd1', name: '甲区', path: ['c', 'd1'] }], ['d2', { code: 'd2', name: '乙区', path: ['c', 'd2'] }],
  ]);
  const quotas: Programme['quotas'] = { total: 100, items: [{ orgCode: 'd1', atLeast: 40 }, { orgCode: 'd2', atLeast: 20 }] };
  const vols = [{ path: A, n: 10, status: 'approved' }, { path: B, n: 3, status: 'pending' }, { path: C, n: 5, status: 'approved' }, { path: C, n: 1, status: 'district_approved' }];

  test('quota progress at the root and within a district', () => {
    const root = quotaProgress(quotas, 'c', true, orgs, vols, ['pending', 'district_approved'])!;
    expect(root.total).toEqual({ orgCode: 'c', orgName: '市', atLeast: 100, approved: 15, inReview: 4, percent: 15 });
    expect(root.items).toEqual([
      { orgCode: 'd1', orgName: '甲区', atLeast: 40, approved: 10, inReview: 3, percent: 25 },
      { orgCode: 'd2', orgName: '乙区', atLeast: 20, approved: 5, inReview: 1, percent: 25 },
    ]);
    const d1 = quotaProgress(quotas, 'd1', false, orgs, vols, ['pending'])!;
    expect(d1.total).toBeNull();
    expect(d1.items.map((i) => i.orgCode)).toEqual(['d1']);
    expect(quotaProgress(null, 'c', true, orgs, vols, [])).toBeNull();
  });

  test('allocation progress agrees with pairing.allocation\'s rule on the same children', () => {
    const allocations: Programme['allocations'] = { total: null, items: [{ orgCode: 'd1', counts: { left_behind: 5, difficult: 2 } }, { orgCode: 'd2', counts: { left_behind: 3 } }] };
    // one row per child (what allocationRows reads) and the same children grouped (what the dashboard reads)
    const children = [
      { orgPath: A, category: 'left_behind', status: 'active' }, { orgPath: A, category: 'left_behind', status: 'active' },
      { orgPath: B, category: 'left_behind', status: 'proposed' }, { orgPath: B, category: 'difficult', status: 'consented' },
      { orgPath: C, category: 'left_behind', status: 'active' }, { orgPath: C, category: 'difficult', status: 'active' },
    ];
    const grouped = [
      { path: A, category: 'left_behind', active: true, n: 2 }, { path: B, category: 'left_behind', active: false, n: 1 },
      { path: B, category: 'difficult', active: false, n: 1 }, { path: C, category: 'left_behind', active: true, n: 1 }, { path: C, category: 'difficult', active: true, n: 1 },
    ];
    const mine = allocationProgress(allocations, 'c', orgs, grouped)!;
    expect(mine.rows.map(({ orgCode, category, allocated, paired, pending }) => ({ orgCode, category, allocated, paired, pending }))).toEqual(allocationRows(allocations, children));
    expect(mine.rows[0]).toMatchObject({ orgName: '甲区', categoryLabel: '农村留守儿童', percent: 40 });
    expect(allocationProgress(allocations, 'd2', orgs, grouped)!.rows.map((r) => r.orgCode)).toEqual(['d2']);
  });
});

describe('wait buckets', () => {
  const now = Date.parse('2026-03-15T04:00:00.000Z');
  test('days since the last change, bucketed as the database does with the cutoffs', () => {
    expect(waitCutoffs(now)).toEqual(['2026-03-08T04:00:00.000Z', '2026-02-13T04:00:00.000Z', '2025-12-15T04:00:00.000Z']);
    expect(waitBucketOf('2026-03-08T04:00:00.000Z', now)).toBe('d7');
    expect(waitBucketOf('2026-03-08T03:59:59.999Z', now)).toBe('d30');
    expect(waitBucketOf('2026-01-01T00:00:00.000Z', now)).toBe('d90');
    expect(waitBucketOf('2025-01-01T00:00:00.000Z', now)).toBe('older');
    expect(daysSince('2026-03-01T04:00:00.000Z', now)).toBe(14);
    expect(daysSince('2026-03-20T04:00:00.000Z', now)).toBe(0);
    expect(daysSince(null, now)).toBeNull();
  });
});

describe('what the visit rules require', () => {
  const now = Date.parse('2026-03-15T04:00:00.000Z');
  test('晋江: rules by risk level, pairings split by the paired children\'s risk levels', () => {
    const rows = requirementRows(JJ, now, [{ role: null, category: 'difficult', n: 10 }], [
      { category: 'difficult', risk: 'low', n: 6 }, { category: 'difficult', risk: 'high', n: 3 }, { category: 'difficult', risk: 'medium', n: 1 },
    ], (period, kinds) => (period === '2026-03' && kinds.includes('home_visit') ? 2 : 0));
    expect(rows.map((r) => [r.ruleKey, r.periodKey, r.pairings, r.required, r.done])).toEqual([
      ['low_risk_contact', '2026-03', 6, 6, 2],
      ['low_risk_visit', '2026-Q1', 6, 6, 0],
      ['medium_high_risk_visit', '2026-03', 4, 4, 2],
    ]);
    expect(rulePeriods(JJ, now).map((p) => p.key)).toEqual(['2026-03', '2026-Q1']);
  });

  test('岳阳: rules by the volunteer\'s role; the local checklist is owed once a year by local pairings', () => {
    const rows = requirementRows(YY, now, [{ role: 'remote', category: 'left_behind', n: 3 }, { role: 'local', category: 'left_behind', n: 5 }], [], () => 0);
    expect(rows.filter((r) => r.ruleKey === 'remote_six_ones').every((r) => r.pairings === 3)).toBe(true);
    expect(rows.filter((r) => r.ruleKey === 'local_checklist').map((r) => [r.label, r.pairings, r.required])).toEqual([['“一看二联三问四帮”检查 1 次', 5, 5]]);
    expect(rows.find((r) => r.label.includes('电话'))!.required).toBe(12);
  });
});
