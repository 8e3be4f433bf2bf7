import { countedRequirements, governedRules, type WithVisitRules } from '../visits/rules';

/**
 * What the visit rules require of a subtree in each rule's current period, pure. A rule is owed by
 * every active pairing it applies to (the volunteer's role, the child's category and risk level,
 * as src/domain/visits applicableRules decides one pairing). Pairings carry role and category but
 * not the risk level, which lives on the child: the pairings of a category are split across risk
 * levels in the proportion of that category's paired children. That is exact whenever a child has
 * one volunteer or the rules ignore risk (every shipped preset), and an estimate otherwise.
 */
export interface PairingGroup {
  role: string | null;
  category: string;
  n: number;
}
export interface PairedChildGroup {
  category: string;
  risk: string;
  n: number;
}

export interface PeriodSpan {
  key: string;
  label: string;
  start: string;
  end: string;
}

/** The current period of every rule with requirements, once each (key = the period's key). */
export function rulePeriods(programme: WithVisitRules, nowMs: number): PeriodSpan[] {
  const out = new Map<string, PeriodSpan>();
  for (const { rule, period: p } of governedRules(programme, nowMs)) {
    if (!countedRequirements(rule).length) continue;
    if (!out.has(p.key)) out.set(p.key, { key: p.key, label: p.label, start: p.start.toISOString(), end: p.end.toISOString() });
  }
  return [...out.values()];
}

export interface RequirementRow {
  ruleKey: string;
  ruleLabel: string;
  label: string;
  kinds: string[];
  periodKey: string;
  periodLabel: string;
  pairings: number;
  required: number;
  /** Check-ins of the listed kinds in the subtree during the rule's current period (for the checklist requirement: with the checklist filled). */
  done: number;
}

export function requirementRows(
  programme: WithVisitRules,
  nowMs: number,
  pairings: readonly PairingGroup[],
  pairedChildren: readonly PairedChildGroup[],
  /** `minTicks`: only check-ins with at least this many checklist items ticked (the checklist requirement). */
  checkinsIn: (periodKey: string, kinds: readonly string[], minTicks?: number) => number,
): RequirementRow[] {
  const riskShare = (category: string, levels: readonly string[]): number => {
    if (!levels.length) return 1;
    const all = pairedChildren.filter((c) => c.category === category);
    const total = all.reduce((s, c) => s + c.n, 0);
    if (!total) return 0;
    return all.filter((c) => levels.includes(c.risk)).reduce((s, c) => s + c.n, 0) / total;
  };
  const rows: RequirementRow[] = [];
  for (const { rule, period: p } of governedRules(programme, nowMs)) {
    const reqs = countedRequirements(rule);
    if (!reqs.length) continue;
    const a = rule.appliesTo;
    const cats = a.childCategories ?? [];
    let owed = 0;
    for (const g of pairings) {
      const role = g.role ?? 'local';
      if (a.role !== 'any' && a.role !== role) continue;
      if (cats.length && !cats.includes(g.category as (typeof cats)[number])) continue;
      owed += g.n * riskShare(g.category, a.riskLevels);
    }
    const count = Math.round(owed);
    reqs.forEach((req) => {
      // a check-in's ticks are checked against the kinds' checklists when stored (visit bodyOf), so
      // "every item" is "as many ticks as the rule has items" (exact unless two rules with
      // checklists apply to one pairing's same kind; no preset has that)
      rows.push({
        ruleKey: rule.key, ruleLabel: rule.label, label: req.label, kinds: [...req.kinds], periodKey: p.key, periodLabel: p.label,
        pairings: count, required: count * req.count, done: req.checklist ? checkinsIn(p.key, req.kinds, rule.checklist.length) : checkinsIn(p.key, req.kinds),
      });
    });
  }
  return rows;
}
