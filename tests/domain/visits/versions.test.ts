import type { VisitRule } from '../../../src/programmes';
import { compliance, complianceFromCounters, counterKeys, governedRules, type ComplianceItem, type PairingFacts, type WithVisitRules } from '../../../src/domain/visits';
import { dayjs, ZONE } from '../../../src/server/time';

/**
 * A rule change is a new programme version with a first day (issue 17): every period is governed by
 * the version in effect on its first day, so a change never rewrites a period already under way.
 */
const sh = (s: string) => dayjs.tz(s, ZONE).toDate();
const view = (items: ComplianceItem[]) => items.map((i) => `${i.ruleKey}.${i.requirement}@${i.period.key} ${i.status} ${i.done}/${i.required}`);

const monthly = (count: number, kinds: VisitRule['requirements'][number]['kinds']): VisitRule => ({
  key: 'contact',
  label: '每月联系',
  appliesTo: { role: 'any', riskLevels: [], childCategories: [] },
  period: 'month',
  requirements: [{ kinds, count, label: `每月联系${count}次` }],
  checklist: [],
  checklistKinds: [],
  checklistCount: 0,
});

const V1 = { visitRules: [monthly(1, ['home_visit', 'call'])], lateStartGrace: 'none' as const };
/** Version 2 from 1 April 2027: two contacts a month, phone calls no longer count. */
const fromApril = (firstDay: string): WithVisitRules => ({
  visitRules: [monthly(2, ['home_visit'])],
  lateStartGrace: 'none',
  earlierRules: [{ ...V1, until: sh(`${firstDay} 00:00`).getTime() }],
});
const facts: PairingFacts = { pairingStartedOn: sh('2027-03-01'), volunteerRole: 'local', riskHistory: [] };

describe('programme versions: a period is governed by the version in effect on its first day', () => {
  const v2 = fromApril('2027-04-01');

  it('a check-in before the change is counted under the old rule, after it under the new one', () => {
    expect(counterKeys(v2, { kind: 'call', at: sh('2027-03-31 23:59') }).map((k) => k.id)).toEqual(['contact.0:2027-03']);
    expect(counterKeys(v2, { kind: 'call', at: sh('2027-04-01 00:00') })).toEqual([]);
    expect(counterKeys(v2, { kind: 'home_visit', at: sh('2027-04-01 00:00') }).map((k) => k.id)).toEqual(['contact.0:2027-04']);
  });

  it("March, done under version 1, stays done after April's stricter rule starts", () => {
    const checkIns = [{ kind: 'call' as const, at: sh('2027-03-10 10:00') }];
    expect(view(compliance(v2, { ...facts, checkIns }, sh('2027-03-20 09:00')))).toEqual(['contact.0@2027-03 done 1/1']);
    // in April March is over and was met (1 of 1): nothing overdue; April asks 2 home visits
    expect(view(compliance(v2, { ...facts, checkIns }, sh('2027-04-10 09:00')))).toEqual(['contact.0@2027-04 on_track 0/2']);
    // the same history judged by version 2 alone would call March missed
    const v2Only: WithVisitRules = { visitRules: v2.visitRules, lateStartGrace: 'none' };
    expect(view(compliance(v2Only, { ...facts, checkIns }, sh('2027-04-10 09:00')))).toEqual([
      'contact.0@2027-03 overdue 0/2',
      'contact.0@2027-04 on_track 0/2',
    ]);
  });

  it('the counters a board reads give the same answer', () => {
    const counters = { 'contact.0:2027-03': 1 };
    expect(view(complianceFromCounters(v2, facts, counters, sh('2027-04-10 09:00')))).toEqual(['contact.0@2027-04 on_track 0/2']);
  });

  it('a first day inside a period leaves that period to the old version', () => {
    const mid = fromApril('2027-04-15');
    expect(counterKeys(mid, { kind: 'call', at: sh('2027-04-20 10:00') }).map((k) => k.id)).toEqual(['contact.0:2027-04']);
    expect(view(compliance(mid, { ...facts, checkIns: [] }, sh('2027-04-20 09:00')))).toEqual([
      'contact.0@2027-03 overdue 0/1',
      'contact.0@2027-04 on_track 0/1',
    ]);
    expect(view(compliance(mid, { ...facts, checkIns: [] }, sh('2027-05-02 09:00')))).toEqual([
      'contact.0@2027-04 overdue 0/1',
      'contact.0@2027-05 on_track 0/2',
    ]);
  });

  it('three versions: each period goes to exactly one of them', () => {
    const v3: WithVisitRules = {
      visitRules: [monthly(3, ['home_visit'])],
      earlierRules: [
        { visitRules: [monthly(2, ['home_visit'])], until: sh('2027-06-01 00:00').getTime() },
        { ...V1, until: sh('2027-04-01 00:00').getTime() },
      ],
    };
    const required = (at: string) => governedRules(v3, sh(at)).map((g) => g.rule.requirements[0].count);
    expect([required('2027-03-31 12:00'), required('2027-04-01 00:00'), required('2027-05-31 23:59'), required('2027-06-01 00:00')]).toEqual([[1], [2], [2], [3]]);
  });
});
