/**
 * Edges of the dashboard's pure parts and of the nomination parties (src/domain/report/
 * dashboard-visits.ts, dashboard-targets.ts, dashboard-rollup.ts, commendation-machine.ts), written
 * against the mutants a StrykerJS run left: rules without requirements, by category, by role with
 * a pairing of unknown role, risk shares with no paired child of the category, the kinds listed,
 * a label of several categories, countBy without keys, and a caller with neither grant nor admin.
 */
import { countBy } from '../../../src/domain/report/dashboard-rollup';
import { coverage } from '../../../src/domain/report/dashboard-targets';
import { requirementRows, rulePeriods } from '../../../src/domain/report/dashboard-visits';
import { nominationActors } from '../../../src/domain/report/commendation-machine';
import type { Programme } from '../../../src/programmes';

const now = Date.parse('2026-03-15T04:00:00.000Z');
type Rules = Pick<Programme, 'visitRules'>;
const rule = (key: string, period: string, appliesTo: Record<string, unknown>, requirements: { kinds: string[]; count: number; label: string }[]) =>
  ({ key, label: `${key}规则`, period, appliesTo: { role: 'any', riskLevels: [], ...appliesTo }, requirements });
const call = { kinds: ['call', 'talk'], count: 2, label: '联系两次' };

describe('what the visit rules require, at the edges', () => {
  test('a rule with no requirements gives no period and no row', () => {
    const programme = { visitRules: [rule('monthly', 'month', {}, [call]), rule('checklist', 'year', {}, [])] } as unknown as Rules;
    expect(rulePeriods(programme, now)).toEqual([
      { key: '2026-03', label: '2026年3月', start: '2026-02-28T16:00:00.000Z', end: '2026-03-31T16:00:00.000Z' },
    ]);
    expect(requirementRows(programme, now, [{ role: 'local', category: 'left_behind', n: 3 }], [], (p, kinds) => (p === '2026-03' ? kinds.length : 0))).toEqual([
      { ruleKey: 'monthly', ruleLabel: 'monthly规则', label: '联系两次', kinds: ['call', 'talk'], periodKey: '2026-03', periodLabel: '2026年3月', pairings: 3, required: 6, done: 2 },
    ]);
  });

  test('a rule for some categories counts only their pairings; a rule naming none counts all', () => {
    const programme = {
      visitRules: [rule('difficult', 'month', { childCategories: ['difficult'] }, [call]), rule('all', 'month', {}, [call])],
    } as unknown as Rules;
    const rows = requirementRows(programme, now, [{ role: 'local', category: 'difficult', n: 2 }, { role: 'local', category: 'left_behind', n: 5 }], [], () => 0);
    expect(rows.map((r) => [r.ruleKey, r.pairings, r.required])).toEqual([['difficult', 2, 4], ['all', 7, 14]]);
  });

  test('a pairing whose volunteer has no role counts as local', () => {
    const programme = { visitRules: [rule('local', 'month', { role: 'local' }, [call]), rule('remote', 'month', { role: 'remote' }, [call])] } as unknown as Rules;
    const rows = requirementRows(programme, now, [{ role: null, category: 'left_behind', n: 2 }], [], () => 0);
    expect(rows.map((r) => [r.ruleKey, r.pairings])).toEqual([['local', 2], ['remote', 0]]);
  });

  test('risk shares are taken within the pairing\'s category; none paired there owes 0, not NaN', () => {
    const programme = { visitRules: [rule('high', 'month', { riskLevels: ['high'] }, [call])] } as unknown as Rules;
    const children = [{ category: 'difficult', risk: 'high', n: 1 }, { category: 'difficult', risk: 'low', n: 3 }, { category: 'left_behind', risk: 'high', n: 4 }];
    const rows = (pairings: { role: string | null; category: string; n: number }[]) => requirementRows(programme, now, pairings, children, () => 0).map((r) => [r.pairings, r.required]);
    expect(rows([{ role: 'local', category: 'difficult', n: 8 }])).toEqual([[2, 4]]);
    expect(rows([{ role: 'local', category: 'poor', n: 8 }])).toEqual([[0, 0]]);
  });
});

describe('labels and counts', () => {
  test('coverage over several target categories names them all', () => {
    const c = coverage({ coverageGoal: null, targetChildren: { categories: ['left_behind', 'difficult'] } } as never, []);
    expect(c).toEqual({ categories: ['left_behind', 'difficult'], categoriesLabel: '农村留守儿童、困境儿童', total: 0, paired: 0, percent: null, goalPercent: null, goalBy: null, toGoal: 0 });
  });

  test('countBy without listed keys has only the keys seen', () => {
    expect([...countBy([{ path: ['c'], n: 2, k: 'x' }, { path: ['c'], n: 1, k: 'y' }, { path: ['c'], n: 3, k: 'x' }], (r) => r.k)]).toEqual([['x', 5], ['y', 1]]);
  });
});

describe('nomination parties', () => {
  test('a caller with no staff node who is not an admin has no part', () => {
    const parties = { orgCode: 'st-a', orgPath: ['sn', 'sn-chuanshan', 'st-a'], volunteerOrgPath: ['sn', 'sn-chuanshan', 'st-a', 'cm-a1'], nominatedBy: 'u-street' };
    expect(nominationActors({ userId: 'u-street', isAdmin: false, orgCode: null }, parties)).toEqual([]);
    expect(nominationActors({ userId: 'u-other', isAdmin: false, orgCode: null }, parties)).toEqual([]);
  });
});
