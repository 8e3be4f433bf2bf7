import { getProgramme, type Programme } from '../../../src/programmes';
import {
  checklistFilled, checklistRequirementLabel, compliance, complianceFromCounters, counterKeys, countedRequirements, type CheckInFact, type PairingFacts, type WithVisitRules,
} from '../../../src/domain/visits';
import { requirementRows } from '../../../src/domain/report/dashboard-visits';
import { dayjs, ZONE } from '../../../src/server/time';

/** 岳阳's 本地 rule: a yearly home visit with the whole “一看二联三问四帮” ticked (checklistCount). */
const sh = (s: string) => dayjs.tz(s, ZONE).toDate();
const yy: Programme = getProgramme('yueyang-2024')!;
const local = yy.visitRules.find((r) => r.key === 'local_checklist')!;
const ALL = local.checklist.map((c) => c.key);
const SOME = ALL.slice(0, 9);
const base: PairingFacts = { pairingStartedOn: sh('2025-01-01'), volunteerRole: 'local', riskHistory: [] };
const visit = (at: string, checklist: string[], kind: CheckInFact['kind'] = 'home_visit'): CheckInFact => ({ kind, at: sh(at), checklist });
/** The keys of the local rule (every rule is counted: a home visit also counts toward the remote 六个一). */
const ids = (c: CheckInFact, programme: WithVisitRules = yy) => counterKeys(programme, c).map((k) => k.id).filter((k) => k.startsWith('local_checklist.'));
const fromCounters = (programme: WithVisitRules, checkIns: CheckInFact[], asOf: Date) => {
  const counters = new Map<string, number>();
  for (const c of checkIns) for (const k of counterKeys(programme, c)) counters.set(k.id, (counters.get(k.id) ?? 0) + 1);
  return complianceFromCounters(programme, base, counters, asOf);
};

describe('岳阳 “一看二联三问四帮” counted per year', () => {
  it('is a requirement after the rule’s own, labelled with the checklist’s groups', () => {
    expect(local.checklistCount).toBe(1);
    expect(checklistRequirementLabel(local)).toBe('“一看二联三问四帮”检查 1 次');
    expect(countedRequirements(local)).toEqual([{ kinds: ['home_visit'], count: 1, label: '“一看二联三问四帮”检查 1 次', checklist: true }]);
    // a rule that only offers its checklist counts nothing
    expect(countedRequirements({ ...local, checklistCount: 0 })).toEqual([]);
  });

  it('filled means every item ticked', () => {
    expect(checklistFilled(local, ALL)).toBe(true);
    expect(checklistFilled(local, [...ALL].reverse())).toBe(true);
    expect(checklistFilled(local, SOME)).toBe(false);
    expect(checklistFilled(local, [])).toBe(false);
    expect(checklistFilled(local, undefined)).toBe(false);
    expect(checklistFilled({ checklist: [] }, [])).toBe(false);
  });

  it('gives a filled home visit the counter key, and no key to an unfilled one or another kind', () => {
    expect(ids(visit('2025-03-01 10:00', ALL))).toEqual(['local_checklist.0:2025']);
    expect(ids(visit('2025-03-01 10:00', SOME))).toEqual([]);
    expect(ids(visit('2025-03-01 10:00', []))).toEqual([]);
    expect(counterKeys(yy, visit('2025-03-01 10:00', ALL, 'call')).map((k) => k.id)).toEqual(['remote_six_ones.1:2025']);
    // the remote rule still counts the home visit, ticked or not
    expect(counterKeys(yy, visit('2025-03-01 10:00', ALL)).map((k) => k.id)).toEqual(['remote_six_ones.0:2025', 'local_checklist.0:2025']);
    expect(counterKeys(yy, { kind: 'home_visit', at: sh('2025-03-01') }).map((k) => k.id)).toEqual(['remote_six_ones.0:2025']);
  });

  it('counts by China year: the last minute of 2024 is 2024’s, midnight is 2025’s', () => {
    expect(ids(visit('2024-12-31 23:59:59', ALL))).toEqual(['local_checklist.0:2024']);
    expect(ids(visit('2025-01-01 00:00', ALL))).toEqual(['local_checklist.0:2025']);
    const late = [visit('2024-12-31 23:59:59', ALL)];
    const items = compliance(yy, { ...base, pairingStartedOn: sh('2024-06-01'), checkIns: late }, sh('2025-01-02'));
    expect(items.map((i) => `${i.period.key} ${i.status} ${i.done}/${i.required}`)).toEqual(['2025 on_track 0/1']);
    const missed = compliance(yy, { ...base, pairingStartedOn: sh('2024-06-01'), checkIns: [visit('2025-01-01 00:00', ALL)] }, sh('2025-01-02'));
    expect(missed.map((i) => `${i.period.key} ${i.status} ${i.done}/${i.required}`)).toEqual(['2024 overdue 0/1', '2025 done 1/1']);
  });

  it('answers the same from counters as from the check-ins', () => {
    const checkIns = [visit('2025-02-01', SOME), visit('2025-05-01', ALL), visit('2025-06-01', ALL), visit('2025-07-01', ALL, 'talk')];
    const scanned = compliance(yy, { ...base, checkIns }, sh('2025-12-30'));
    expect(scanned).toMatchObject([{ ruleKey: 'local_checklist', requirement: 0, label: '“一看二联三问四帮”检查 1 次', done: 2, remaining: 0, status: 'done' }]);
    expect(fromCounters(yy, checkIns, sh('2025-12-30'))).toEqual(scanned);
  });

  it('a version that starts counting governs only the periods that begin under it', () => {
    // 2025 under a version that only offered the checklist, 2026 on under the preset's count
    const v1 = { visitRules: [{ ...local, checklistCount: 0 }], lateStartGrace: 'none' as const, until: sh('2026-01-01').getTime() };
    const programme: WithVisitRules = { visitRules: yy.visitRules, lateStartGrace: 'none', earlierRules: [v1] };
    expect(ids(visit('2025-12-31 12:00', ALL), programme)).toEqual([]);
    expect(ids(visit('2026-01-01 00:00', ALL), programme)).toEqual(['local_checklist.0:2026']);
    const checkIns = [visit('2025-06-01', ALL), visit('2026-03-01', SOME)];
    const scanned = compliance(programme, { ...base, checkIns }, sh('2026-03-02'));
    expect(scanned.map((i) => `${i.period.key} ${i.status} ${i.done}/${i.required}`)).toEqual(['2026 on_track 0/1']);
    expect(fromCounters(programme, checkIns, sh('2026-03-02'))).toEqual(scanned);
  });

  it('is a dashboard row: pairings of local volunteers owe it, filled home visits are done', () => {
    const asked: [string, string[], number | undefined][] = [];
    const rows = requirementRows(yy, sh('2025-05-01').getTime(), [{ role: 'local', category: 'left_behind', n: 3 }, { role: 'remote', category: 'left_behind', n: 2 }], [], (periodKey, kinds, minTicks) => {
      asked.push([periodKey, [...kinds], minTicks]);
      return minTicks === ALL.length ? 2 : 5;
    });
    const row = rows.find((r) => r.ruleKey === 'local_checklist')!;
    expect(row).toMatchObject({ label: '“一看二联三问四帮”检查 1 次', periodKey: '2025', pairings: 3, required: 3, done: 2, kinds: ['home_visit'] });
    expect(asked).toContainEqual(['2025', ['home_visit'], 10]);
    expect(rows.filter((r) => r.ruleKey === 'remote_six_ones').every((r) => r.pairings === 2 && r.done === 5)).toBe(true);
  });
});
