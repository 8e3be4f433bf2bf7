import type { VisitRule } from '../../../src/programmes';
import { applicableRules, compliance, riskLevelsDuring, type ComplianceItem } from '../../../src/domain/visits';
import { dayjs, ZONE } from '../../../src/server/time';

/**
 * Cases written for mutants that survived `npm run mutate` (docs/testing.md "Mutation testing"):
 * the pairing's start against the moment of asking, a risk change at the very moment asked, the
 * child-category filter, and the order and edges of a risk history.
 */
const sh = (s: string) => dayjs.tz(s, ZONE).toDate();
const ms = (s: string) => sh(s).getTime();
const rule = (over: Partial<VisitRule> & { key: string }): VisitRule => ({
  label: over.key, period: 'month', appliesTo: { role: 'any', riskLevels: [], childCategories: [] },
  requirements: [{ label: '走访一次', count: 1, kinds: ['home_visit'] }], checklist: [], checklistKinds: [], ...over,
} as VisitRule);
const view = (items: ComplianceItem[]) => items.map((i) => `${i.ruleKey}@${i.period.key} ${i.status} ${i.done}/${i.required}`);

describe('when a pairing starts', () => {
  const monthly = { visitRules: [rule({ key: 'monthly' })] };
  const facts = (startedOn: string) => ({ pairingStartedOn: sh(startedOn), volunteerRole: 'local' as const, riskHistory: [], checkIns: [] });

  test('asked before the pairing starts (early in the same month): nothing is owed yet', () => {
    expect(compliance(monthly, facts('2025-03-05 10:00'), sh('2025-03-03 09:00'))).toEqual([]);
  });

  test('asked at the very instant it starts: the month is owed', () => {
    expect(view(compliance(monthly, facts('2025-03-01 00:00'), sh('2025-03-01 00:00')))).toEqual(['monthly@2025-03 on_track 0/1']);
    expect(view(compliance(monthly, facts('2025-03-05 10:00'), sh('2025-03-05 10:00')))).toEqual(['monthly@2025-03 on_track 0/1']);
  });
});

test('a risk change at the very moment asked already counts', () => {
  const programme = { visitRules: [rule({ key: 'high_only', appliesTo: { role: 'any', riskLevels: ['high'], childCategories: [] } })] };
  const pairing = {
    pairingStartedOn: sh('2025-01-01 00:00'), volunteerRole: 'local' as const, checkIns: [],
    riskHistory: [{ level: 'low' as const, from: sh('2025-01-01 00:00') }, { level: 'high' as const, from: sh('2025-03-10 12:00') }],
  };
  expect(view(compliance(programme, pairing, sh('2025-03-10 12:00')))).toEqual(['high_only@2025-03 on_track 0/1']);
  expect(compliance(programme, pairing, ms('2025-03-10 12:00') - 1)).toEqual([]);
});

describe('applicableRules: child categories', () => {
  const leftBehind = rule({ key: 'left_behind_only', appliesTo: { role: 'any', riskLevels: [], childCategories: ['left_behind'] } });
  const anyChild = rule({ key: 'any_child' });
  const unspecified = { ...rule({ key: 'unspecified' }), appliesTo: { role: 'any', riskLevels: [] } } as unknown as VisitRule;
  const programme = { visitRules: [leftBehind, anyChild, unspecified] };
  const keys = (childCategory?: 'left_behind' | 'difficult') => applicableRules(programme, { volunteerRole: 'local', riskLevel: 'low', childCategory }).map((r) => r.key);

  test('a rule for some categories applies only to a child of one of them; a rule naming none (or no list) to every child', () => {
    expect(keys('left_behind')).toEqual(['left_behind_only', 'any_child', 'unspecified']);
    expect(keys('difficult')).toEqual(['any_child', 'unspecified']);
    expect(keys(undefined)).toEqual(['any_child', 'unspecified']);
  });
});

describe('riskLevelsDuring: the history in time order, edges as stated', () => {
  const T1 = ms('2025-01-10 00:00');
  const T2 = ms('2025-02-10 00:00');
  const T3 = ms('2025-03-10 00:00');

  test('a history given out of order is read in time order', () => {
    const h = [
      { level: 'high' as const, from: new Date(T3) },
      { level: 'medium' as const, from: new Date(T1) },
      { level: 'low' as const, from: new Date(T2) },
    ];
    // before the first assessment its level applies: medium, then low from T2
    expect([...riskLevelsDuring(h, T1 - 1000, T2 + 1)].sort()).toEqual(['low', 'medium']);
    expect([...riskLevelsDuring(h, T2, T3)]).toEqual(['low']);
    expect([...riskLevelsDuring(h, T3 + 1, T3 + 2)]).toEqual(['high']);
  });

  test('a change exactly at `from` is the level from then on; exactly at `to` is outside', () => {
    const h = [{ level: 'low' as const, from: new Date(T1) }, { level: 'high' as const, from: new Date(T2) }];
    expect([...riskLevelsDuring(h, T2, T3)]).toEqual(['high']);
    expect([...riskLevelsDuring(h, T1, T2)]).toEqual(['low']);
  });

  test('two assessments at the same instant: the one recorded last holds', () => {
    const h = [{ level: 'low' as const, from: new Date(T2) }, { level: 'high' as const, from: new Date(T2) }];
    expect([...riskLevelsDuring(h, T2, T3)]).toEqual(['high']);
  });
});
