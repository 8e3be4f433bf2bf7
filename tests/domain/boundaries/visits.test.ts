import { compliance, periodOf, type ComplianceItem, type PairingFacts, type WithVisitRules } from '../../../src/domain/visits';
import type { VisitRule } from '../../../src/programmes';
import { DAY, preset, PRESET_IDS, sh } from './probe';

/**
 * Visit rules at their edges, for every rule with a frequency in every preset: where a period
 * starts and ends (Asia/Shanghai; the suite runs with TZ=UTC), which check-ins it counts, when a
 * requirement turns 即将到期 and 已逾期, and the late-start grace where a programme grants it (no
 * preset does): a pairing that starts in the last third of a period owes nothing for it
 * (src/domain/visits/compliance.ts). Each row names its
 * period and the instant its last third begins as literals; the rule is read from the preset.
 */

interface Row {
  id: string;
  rule: string;
  /** the period probed */
  key: string;
  start: string;
  end: string;
  prev: string;
  next: string;
  /** start + ⅔ (end − start), Shanghai wall time */
  lastThird: string;
}

const ROWS: Row[] = [
  // 厦门 五个一 每学期: spring 1 Feb – 31 Jul (181 days), autumn 1 Aug – 31 Jan (184 days)
  { id: 'xiamen-2017', rule: 'five_ones', key: '2025-spring', start: '2025-02-01', end: '2025-08-01', prev: '2024-autumn', next: '2025-autumn', lastThird: '2025-06-01 16:00' },
  { id: 'xiamen-2017', rule: 'five_ones', key: '2025-autumn', start: '2025-08-01', end: '2026-02-01', prev: '2025-spring', next: '2026-spring', lastThird: '2025-12-01 16:00' },
  // 遂宁 每月联系 (31 and 28 days) and 每年看望、过节 (365 days)
  { id: 'suining-2019', rule: 'monthly_contact', key: '2025-03', start: '2025-03-01', end: '2025-04-01', prev: '2025-02', next: '2025-04', lastThird: '2025-03-21 16:00' },
  { id: 'suining-2019', rule: 'monthly_contact', key: '2025-02', start: '2025-02-01', end: '2025-03-01', prev: '2025-01', next: '2025-03', lastThird: '2025-02-19 16:00' },
  { id: 'suining-2019', rule: 'yearly_home_and_holiday', key: '2025', start: '2025-01-01', end: '2026-01-01', prev: '2024', next: '2026', lastThird: '2025-09-01 08:00' },
  // 晋江 by risk: low — monthly contact, quarterly visit (91 days); medium/high — monthly visit (December wraps the year)
  { id: 'jinjiang-2024', rule: 'low_risk_contact', key: '2024-02', start: '2024-02-01', end: '2024-03-01', prev: '2024-01', next: '2024-03', lastThird: '2024-02-20 08:00' },
  { id: 'jinjiang-2024', rule: 'low_risk_visit', key: '2025-Q2', start: '2025-04-01', end: '2025-07-01', prev: '2025-Q1', next: '2025-Q3', lastThird: '2025-05-31 16:00' },
  { id: 'jinjiang-2024', rule: 'medium_high_risk_visit', key: '2025-12', start: '2025-12-01', end: '2026-01-01', prev: '2025-11', next: '2026-01', lastThird: '2025-12-21 16:00' },
  // 岳阳 异地 六个一 per year (2024: 366 days)
  { id: 'yueyang-2024', rule: 'remote_six_ones', key: '2024', start: '2024-01-01', end: '2025-01-01', prev: '2023', next: '2025', lastThird: '2024-09-01 00:00' },
  // 龙岗 every two months, aligned to January (61 days each)
  { id: 'longgang-2019', rule: 'bimonthly_home_visit', key: '2025-M03-04', start: '2025-03-01', end: '2025-05-01', prev: '2025-M01-02', next: '2025-M05-06', lastThird: '2025-04-10 16:00' },
  { id: 'longgang-2019', rule: 'bimonthly_home_visit', key: '2025-M11-12', start: '2025-11-01', end: '2026-01-01', prev: '2025-M09-10', next: '2026-M01-02', lastThird: '2025-12-11 16:00' },
];

test('every rule with a frequency in every preset has a row (岳阳 本地 checklist has none: nothing to count)', () => {
  const withCounts = PRESET_IDS.flatMap((id) => preset(id).visitRules.filter((r) => r.requirements.length > 0).map((r) => `${id}/${r.key}`));
  expect([...new Set(ROWS.map((r) => `${r.id}/${r.rule}`))].sort()).toEqual(withCounts.sort());
  expect(PRESET_IDS.flatMap((id) => preset(id).visitRules.filter((r) => r.requirements.length === 0).map((r) => `${id}/${r.key}`))).toEqual(['yueyang-2024/local_checklist']);
});

function ruleOf(row: Row): VisitRule {
  const r = preset(row.id).visitRules.find((x) => x.key === row.rule);
  if (!r) throw new Error(`no rule ${row.rule}`);
  return r;
}

/** Facts under which the rule applies: its role, and its first risk level since long before. */
function factsFor(rule: VisitRule, startedOn: Date): PairingFacts {
  return {
    pairingStartedOn: startedOn,
    volunteerRole: rule.appliesTo.role === 'remote' ? 'remote' : 'local',
    riskHistory: rule.appliesTo.riskLevels.length ? [{ level: rule.appliesTo.riskLevels[0], from: sh('2020-01-01') }] : [],
  };
}

const LONG_AGO = sh('2020-01-01');
const itemsOf = (items: ComplianceItem[], rule: string, key: string) => items.filter((i) => i.ruleKey === rule && i.period.key === key);
const label = (r: Row) => `${r.id} ${r.rule} ${r.key}`;

describe.each(ROWS.map((r) => [label(r), r] as const))('%s', (_l, row) => {
  const rule = ruleOf(row);
  const start = sh(row.start).getTime();
  const end = sh(row.end).getTime();
  const third = sh(row.lastThird).getTime();

  test('the period starts and ends at Shanghai midnight', () => {
    expect(periodOf(rule.period, start - 1).key).toBe(row.prev);
    expect(periodOf(rule.period, start).key).toBe(row.key);
    expect(periodOf(rule.period, end - 1).key).toBe(row.key);
    expect(periodOf(rule.period, end).key).toBe(row.next);
    const p = periodOf(rule.period, start);
    expect([p.start.getTime(), p.end.getTime()]).toEqual([start, end]);
  });

  test.each([
    ['the last millisecond before it', -1, 'start', 0],
    ['its first millisecond', 0, 'start', 1],
    ['its last millisecond', -1, 'end', 1],
    ['the first millisecond after it', 0, 'end', 0],
  ])('a check-in at %s (%i ms from the %s) counts %i', (_w, delta, edge, done) => {
    const at = (edge === 'start' ? start : end) + delta;
    const kind = rule.requirements[0].kinds[0];
    const items = compliance(preset(row.id), { ...factsFor(rule, LONG_AGO), checkIns: [{ kind, at }] }, end - 1);
    expect(itemsOf(items, row.rule, row.key).find((i) => i.requirement === 0)?.done).toBe(done);
  });

  test.each([
    ['a day before the period', -DAY, 'start', true],
    ['at its first millisecond', 0, 'start', true],
    ['a millisecond into it', 1, 'start', true],
    ['a millisecond before its last third', -1, 'third', true],
    ['as its last third begins', 0, 'third', false],
    ['a millisecond into its last third', 1, 'third', false],
    ['in its last millisecond', -1, 'end', false],
  ])('a pairing started %s (%i ms from the %s) owes the period under the last-third grace: %s; without it, always', (_w, delta, edge, owed) => {
    const startedOn = (edge === 'start' ? start : edge === 'third' ? third : end) + delta;
    const facts = { ...factsFor(rule, new Date(startedOn)), checkIns: [] };
    const statuses = (p: WithVisitRules, at: number) => itemsOf(compliance(p, facts, at), row.rule, row.key).map((i) => i.status);
    const each = (status: string) => rule.requirements.map(() => status);
    // seen in the period's last millisecond (a waived period says so: 本期结对较晚，下期起计), and
    // once it has ended (the overdue board: a waived period missed nothing)
    const graced = { ...preset(row.id), lateStartGrace: 'last_third' as const };
    expect(statuses(graced, end - 1)).toEqual(each(owed ? 'due_soon' : 'late_start'));
    expect(statuses(graced, end)).toEqual(owed ? each('overdue') : []);
    // no notice grants the grace, so no preset does: every start before the end owes the period
    expect(preset(row.id).lateStartGrace).toBe('none');
    expect(statuses(preset(row.id), end - 1)).toEqual(each('due_soon'));
    expect(statuses(preset(row.id), end)).toEqual(each('overdue'));
  });

  test.each([
    ['a millisecond more than 7 days before the end', -7 * DAY - 1, 'on_track'],
    ['exactly 7 days before the end', -7 * DAY, 'due_soon'],
    ['a millisecond less than 7 days before', -7 * DAY + 1, 'due_soon'],
    ['in its last millisecond', -1, 'due_soon'],
    ['once it has ended', 0, 'overdue'],
  ])('nothing done, seen %s (%i ms from the end): %s', (_w, delta, status) => {
    const items = itemsOf(compliance(preset(row.id), { ...factsFor(rule, LONG_AGO), checkIns: [] }, end + delta), row.rule, row.key);
    expect(items.map((i) => i.status)).toEqual(rule.requirements.map(() => status));
    expect(items[0].dueDate).toBe(new Date(end - 1 + 8 * 3600_000).toISOString().slice(0, 10));
  });
});
