import fc from 'fast-check';
import { CONTACT_KINDS, allPresets, RISK_LEVELS, getProgramme } from '../../../src/programmes';
import { checklistFilled, compliance, complianceFromCounters, counterKeys, countedRequirements, periodOf } from '../../../src/domain/visits';
import { dayjs, ZONE } from '../../../src/server/time';

const sh = (s: string) => dayjs.tz(s, ZONE).toDate();

describe('counterKeys', () => {
  it('names every requirement a check-in counts toward, in the period of each rule', () => {
    const sn = getProgramme('suining-2019')!;
    expect(counterKeys(sn, { kind: 'home_visit', at: '2024-12-31T16:30:00Z' }).map((k) => k.id)).toEqual([
      'monthly_contact.0:2025-01',
      'monthly_contact.1:2025-01',
      'yearly_home_and_holiday.0:2025',
    ]);
    expect(counterKeys(sn, { kind: 'insurance', at: sh('2025-03-01') })).toEqual([]);
  });

  it('counts 晋江 visits for every risk level, so a later risk change finds them counted', () => {
    const jj = getProgramme('jinjiang-2024')!;
    expect(counterKeys(jj, { kind: 'home_visit', at: sh('2025-03-31 23:59') }).map((k) => k.id)).toEqual([
      'low_risk_contact.0:2025-03',
      'low_risk_visit.0:2025-Q1',
      'medium_high_risk_visit.0:2025-03',
    ]);
  });

  it('puts a 厦门 check-in of 1 Feb into the spring term', () => {
    const [k] = counterKeys(getProgramme('xiamen-2017')!, { kind: 'letter', at: sh('2025-02-01 00:00') });
    expect(k).toEqual({ ruleKey: 'five_ones', requirement: 4, periodKey: '2025-spring', id: 'five_ones.4:2025-spring' });
  });
});

const YY_KEYS = getProgramme('yueyang-2024')!.visitRules.flatMap((r) => r.checklist.map((c) => c.key));

describe('counters agree with scanning the history', () => {
  const from = sh('2024-01-01').getTime();
  const to = sh('2026-06-01').getTime();
  const instant = fc.integer({ min: from, max: to });
  // Dense around period edges too: Shanghai midnights of month starts, ± a few seconds.
  const edge = fc
    .record({ m: fc.integer({ min: 0, max: 29 }), s: fc.integer({ min: -3, max: 3 }) })
    .map(({ m, s }) => dayjs.tz('2024-01-01 00:00', ZONE).add(m, 'month').valueOf() + s * 1000);
  const at = fc.oneof(instant, edge);
  const world = fc.record({
    programme: fc.constantFrom(...allPresets()),
    role: fc.constantFrom('local' as const, 'remote' as const),
    started: instant,
    risks: fc.array(fc.record({ level: fc.constantFrom(...RISK_LEVELS), from: at }), { maxLength: 3 }),
    // 岳阳's checklist keys: a check-in ticks all of them, some or none (other presets' rules ignore them)
    checkIns: fc.array(fc.record({ kind: fc.constantFrom(...CONTACT_KINDS), at, checklist: fc.oneof(fc.constant(YY_KEYS), fc.subarray(YY_KEYS), fc.constant([])) }), { maxLength: 40 }),
    asOf: at,
    dueSoonDays: fc.integer({ min: 0, max: 30 }),
  });

  it('gives compliance the same answer from counters as from the check-ins themselves', () => {
    fc.assert(
      fc.property(world, (w) => {
        const checkIns = w.checkIns.filter((c) => c.at <= w.asOf); // the facts written by asOf
        const counters = new Map<string, number>();
        for (const c of checkIns) for (const k of counterKeys(w.programme, c)) counters.set(k.id, (counters.get(k.id) ?? 0) + 1);
        const facts = { pairingStartedOn: w.started, volunteerRole: w.role, riskHistory: w.risks };
        const opts = { dueSoonDays: w.dueSoonDays };
        const scanned = compliance(w.programme, { ...facts, checkIns }, w.asOf, opts);
        expect(complianceFromCounters(w.programme, facts, counters, w.asOf, opts)).toEqual(scanned);
        for (const item of scanned) {
          // done is the number of check-ins of a listed kind inside the period (for a checklist
          // requirement: with every item ticked), counted independently
          const rule = w.programme.visitRules.find((r) => r.key === item.ruleKey)!;
          const req = countedRequirements(rule)[item.requirement];
          const inPeriod = checkIns.filter((c) => periodOf(item.period.period, c.at).key === item.period.key && req.kinds.includes(c.kind)
            && (!req.checklist || checklistFilled(rule, c.checklist)));
          expect(item.done).toBe(inPeriod.length);
          expect(item.remaining).toBe(Math.max(0, item.required - item.done));
          expect(item.status === 'done').toBe(item.remaining === 0);
          expect(item.status === 'overdue').toBe(item.period.end.getTime() <= w.asOf);
          expect(item.period.start.getTime()).toBeLessThanOrEqual(w.asOf);
        }
      }),
      { numRuns: 400 },
    );
  });
});
