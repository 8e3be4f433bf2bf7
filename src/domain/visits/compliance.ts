import type { ChildCategory } from '../../programmes/enums';
import type { VisitRule } from '../../programmes/schema';
import { lastDay, type Instant, type Period } from './periods';
import { applicableRules, counterId, countedRequirements, countsToward, currentAndPrevious, governedRules, riskLevelsDuring, type CheckInFact, type RiskChange, type RuleSet, type WithVisitRules } from './rules';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The late-start grace, a programme setting (lateStartGrace, issue 17; default 'none': no notice
 * grants it). With 'last_third', a pairing starting in the last third of a period owes nothing for
 * that period: its first requirements come with the next full period, and the current period's
 * requirements are listed as 'late_start' (本期结对较晚，下期起计) so no screen goes silent.
 * Pro-rating was rejected because counts are small (1 visit rounds up to 1), so it would still ask
 * 五个一 of a pairing made on 31 July.
 */
const GRACE_FRACTION = 2 / 3;

export interface PairingFacts {
  pairingStartedOn: Instant;
  volunteerRole: 'local' | 'remote';
  /** Assessments in any order; see riskLevelsDuring for the level before the first one. */
  riskHistory: readonly RiskChange[];
  childCategory?: ChildCategory;
}

/** 'late_start': not owed this period under the late-start grace (nothing to count, nothing missed). */
export type ComplianceStatus = 'on_track' | 'due_soon' | 'overdue' | 'done' | 'late_start';

export const LATE_START_LABEL = '本期结对较晚，下期起计';
export const COMPLIANCE_STATUS_LABELS: Record<ComplianceStatus, string> = {
  on_track: '进行中',
  due_soon: '即将到期',
  overdue: '已逾期',
  done: '已完成',
  late_start: LATE_START_LABEL,
};

export interface ComplianceItem {
  ruleKey: string;
  /** Index of the requirement in its rule (the counter key uses it too). */
  requirement: number;
  ruleLabel: string;
  label: string;
  period: Period;
  required: number;
  done: number;
  remaining: number;
  /** Last civil day of the period, 'YYYY-MM-DD' (Asia/Shanghai). */
  dueDate: string;
  status: ComplianceStatus;
  statusLabel: string;
}

export interface ComplianceOptions {
  /** 'due_soon' once the period ends within this many days. */
  dueSoonDays?: number;
}

/** Counts the check-ins in period `p` that count toward requirement `requirement` of `rule` (countedRequirements). */
type Counter = (rule: VisitRule, requirement: number, period: Period) => number;

/** Whether `rule` (of the version `programme` governing `p`) is owed in period `p` as seen at `asOfMs`, or waived by the late-start grace. */
function owed(programme: RuleSet, facts: PairingFacts, rule: VisitRule, p: Period, asOfMs: number): 'owed' | 'no' | 'late_start' {
  const started = new Date(facts.pairingStartedOn).getTime();
  const start = p.start.getTime();
  const end = p.end.getTime();
  if (started >= end || started > asOfMs) return 'no';
  // Every level the child had during the period so far: a rule of any of them is owed for the
  // whole period, so the stricter rule applies from a change on, while check-ins made earlier in
  // the period (counted by period, not by level) still count toward it.
  const levels = riskLevelsDuring(facts.riskHistory, Math.max(start, started), Math.min(end, asOfMs + 1));
  const applies = [...levels].some((riskLevel) =>
    applicableRules(programme, { volunteerRole: facts.volunteerRole, riskLevel, childCategory: facts.childCategory }).includes(rule),
  );
  if (!applies) return 'no';
  const late = programme.lateStartGrace === 'last_third' && started > start && started - start >= GRACE_FRACTION * (end - start);
  return late ? 'late_start' : 'owed';
}

function evaluate(programme: WithVisitRules, facts: PairingFacts, asOf: Instant, count: Counter, opts: ComplianceOptions): ComplianceItem[] {
  const asOfMs = new Date(asOf).getTime();
  const soonMs = (opts.dueSoonDays ?? 7) * DAY_MS;
  const items: ComplianceItem[] = [];
  // the period just ended is reported only when it was missed: that is what the overdue board shows
  for (const { rule, period: p, set } of governedRules(programme, asOfMs, currentAndPrevious)) {
    const reqs = countedRequirements(rule);
    if (reqs.length === 0) continue;
    const owes = owed(set, facts, rule, p, asOfMs);
    const ended = p.end.getTime() <= asOfMs;
    // a waived period that has ended missed nothing; the current one says why nothing is asked
    if (owes === 'no' || (owes === 'late_start' && ended)) continue;
    reqs.forEach((req, i) => {
      const done = count(rule, i, p);
      const remaining = owes === 'late_start' ? 0 : Math.max(0, req.count - done);
      if (ended && remaining === 0) return;
      const status: ComplianceStatus =
        owes === 'late_start' ? 'late_start' : remaining === 0 ? 'done' : ended ? 'overdue' : p.end.getTime() - asOfMs <= soonMs ? 'due_soon' : 'on_track';
      items.push({
        ruleKey: rule.key,
        requirement: i,
        ruleLabel: rule.label,
        label: req.label,
        period: p,
        required: req.count,
        done,
        remaining,
        dueDate: lastDay(p),
        status,
        statusLabel: COMPLIANCE_STATUS_LABELS[status],
      });
    });
  }
  return items;
}

/**
 * What a pairing owes at `asOf`: every requirement of the current period of each applicable rule,
 * and those of the period just ended that were missed (status 'overdue'). Under the late-start
 * grace the current period's requirements come with status 'late_start' and remaining 0: they
 * are shown, never counted as owed. Check-ins are taken as
 * this pairing's own and counted by the period they fall in, whoever the rule applied to then.
 */
export function compliance(
  programme: WithVisitRules,
  pairing: PairingFacts & { checkIns: readonly CheckInFact[] },
  asOf: Instant,
  opts: ComplianceOptions = {},
): ComplianceItem[] {
  const checkIns = pairing.checkIns.map((c) => ({ kind: c.kind, at: new Date(c.at).getTime(), checklist: c.checklist }));
  const count: Counter = (rule, i, p) => {
    const req = countedRequirements(rule)[i];
    const [s, e] = [p.start.getTime(), p.end.getTime()];
    return checkIns.filter((c) => c.at >= s && c.at < e && countsToward(rule, req, c)).length;
  };
  return evaluate(programme, pairing, asOf, count, opts);
}

/** The same answer from per-period counters (see counterKeys), as the boards read it: no history scan. */
export function complianceFromCounters(
  programme: WithVisitRules,
  pairing: PairingFacts,
  counters: ReadonlyMap<string, number> | Readonly<Record<string, number>>,
  asOf: Instant,
  opts: ComplianceOptions = {},
): ComplianceItem[] {
  const read = (id: string) => (counters instanceof Map ? counters.get(id) : (counters as Record<string, number>)[id]) ?? 0;
  return evaluate(programme, pairing, asOf, (rule, i, p) => read(counterId(rule.key, i, p.key)), opts);
}
