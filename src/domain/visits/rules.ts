import type { ChildCategory, ContactKind, RiskLevel } from '../../programmes/enums';
import type { VisitRequirement, VisitRule } from '../../programmes/schema';
import { periodOf, previousPeriod, type Instant, type Period } from './periods';

/** The visit rules of one programme version. */
export interface RuleSet {
  readonly visitRules: readonly VisitRule[];
  /** The programme's late-start grace (see compliance.ts); absent = 'none'. */
  readonly lateStartGrace?: 'none' | 'last_third';
}

/** The rules of an earlier programme version: they govern every period that began before `until`. */
export interface RuleEra extends RuleSet {
  /** Epoch ms of the first day of the version that followed (China midnight). */
  readonly until: number;
}

/**
 * The parts of a programme the engine reads, so a draft being edited works as well as a preset.
 * A rule change is a new programme version with a first day (issue 17); `earlierRules` carries the
 * versions before the one in effect, newest first. A period is governed by the version in effect on
 * its first day, so a change never rewrites a period already under way: what was owed, and which
 * check-ins counted, stay as they were.
 */
export interface WithVisitRules extends RuleSet {
  readonly earlierRules?: readonly RuleEra[];
}

/** One rule with the period it governs around a moment and the rule set it comes from. */
export interface GovernedRule {
  rule: VisitRule;
  period: Period;
  set: RuleSet;
}

/** Every visit rule of the running version and of the versions before it (a window that spans a change reads both). */
export const allVisitRules = (programme: WithVisitRules): VisitRule[] => [...programme.visitRules, ...(programme.earlierRules ?? []).flatMap((e) => e.visitRules)];

/** The period of `rule` containing `at` and the one before it (what compliance reads). */
export const currentAndPrevious = (rule: VisitRule, at: Instant): Period[] => {
  const current = periodOf(rule.period, at);
  return [previousPeriod(current), current];
};

/**
 * The rules governing the periods that contain `at` (and, with `previous`, the period before each
 * one): for every version, each of its rules whose period began while that version was in effect.
 */
export function governedRules(programme: WithVisitRules, at: Instant, periodsOf: (rule: VisitRule, at: Instant) => Period[] = (r, t) => [periodOf(r.period, t)]): GovernedRule[] {
  const eras = programme.earlierRules ?? [];
  const out: GovernedRule[] = [];
  // [from, until) of each set: the running one from the newest era's end on, each era before its own
  // (oldest first, so earlier periods come first)
  const sets: { set: RuleSet; from: number; until: number }[] = [
    ...eras.map((era, i) => ({ set: era as RuleSet, from: eras[i + 1]?.until ?? -Infinity, until: era.until })).reverse(),
    { set: programme, from: eras[0]?.until ?? -Infinity, until: Infinity },
  ];
  for (const { set, from, until } of sets) {
    if (from >= until) continue;
    for (const rule of set.visitRules) {
      for (const period of periodsOf(rule, at)) {
        const start = period.start.getTime();
        if (start >= from && start < until) out.push({ rule, period, set });
      }
    }
  }
  return out;
}

export interface RuleContext {
  volunteerRole: 'local' | 'remote';
  riskLevel: RiskLevel;
  /** Rules limited to child categories apply only when the category is known and listed. */
  childCategory?: ChildCategory;
}

/**
 * The rules a pairing owes (晋江: by the child's risk level; 岳阳: 异地 六个一 vs the 本地 checklist).
 * Rules with no requirements (a checklist not counted) are returned too: the check-in page needs them.
 */
export function applicableRules(programme: RuleSet, ctx: RuleContext): VisitRule[] {
  return programme.visitRules.filter((r) => {
    const a = r.appliesTo;
    if (a.role !== 'any' && a.role !== ctx.volunteerRole) return false;
    if (a.riskLevels.length > 0 && !a.riskLevels.includes(ctx.riskLevel)) return false;
    const cats = a.childCategories ?? [];
    if (cats.length > 0 && (!ctx.childCategory || !cats.includes(ctx.childCategory))) return false;
    return true;
  });
}

export interface RiskChange {
  level: RiskLevel;
  from: Instant;
}

/**
 * Risk levels in effect at some moment of [from, to). Before the first recorded assessment the
 * first level applies (an assessment made after pairing describes the child from the start); with
 * no history at all the child counts as 'low', the baseline every programme already covers.
 */
export function riskLevelsDuring(history: readonly RiskChange[], from: number, to: number): Set<RiskLevel> {
  if (history.length === 0) return new Set<RiskLevel>(['low']);
  const sorted = [...history].map((h) => ({ level: h.level, at: new Date(h.from).getTime() })).sort((a, b) => a.at - b.at);
  const levels = new Set<RiskLevel>();
  let current = sorted[0].level;
  for (const h of sorted) {
    if (h.at <= from) current = h.level;
  }
  levels.add(current);
  for (const h of sorted) if (h.at > from && h.at < to) levels.add(h.level);
  return levels;
}

export interface CheckInFact {
  kind: ContactKind;
  at: Instant;
  /** The checklist item keys ticked (absent = none). */
  checklist?: readonly string[];
}

/** A requirement as counted: a rule's own, or its checklist requirement (`checklist` true). */
export interface CountedRequirement extends VisitRequirement {
  checklist: boolean;
}

/**
 * What a check-in's checklist counts as "filled": every item of the rule's checklist ticked. The
 * seed (岳阳) says 本地爱心妈妈 "做到“一看二联三问四帮”": a look, two contacts, three questions and
 * four helps, all of them, so a visit that ticked only some is logged but not counted.
 */
export function checklistFilled(rule: Pick<VisitRule, 'checklist'>, ticked: readonly string[] | undefined): boolean {
  return rule.checklist.length > 0 && rule.checklist.every((c) => (ticked ?? []).includes(c.key));
}

/** “一看二联三问四帮”检查 1 次: the checklist's groups in order, once each. */
export function checklistRequirementLabel(rule: Pick<VisitRule, 'checklist' | 'checklistCount'>): string {
  const groups = [...new Set(rule.checklist.map((c) => c.group))].join('');
  return `“${groups}”检查 ${rule.checklistCount} 次`;
}

/**
 * The requirements a rule counts, in counter order: its own, then (with checklistCount > 0) the
 * checklist one, at index `requirements.length`: at least checklistCount check-ins of a checklist
 * kind with the checklist filled (checklistFilled) in each period.
 */
export function countedRequirements(rule: VisitRule): CountedRequirement[] {
  const own = rule.requirements.map((r) => ({ ...r, checklist: false }));
  if (!(rule.checklistCount > 0) || rule.checklist.length === 0) return own;
  return [...own, { kinds: [...rule.checklistKinds], count: rule.checklistCount, label: checklistRequirementLabel(rule), checklist: true }];
}

/** Whether a check-in counts toward `req` of `rule`: its kind is listed, and for the checklist requirement its checklist is filled. */
export const countsToward = (rule: VisitRule, req: CountedRequirement, checkIn: Pick<CheckInFact, 'kind' | 'checklist'>): boolean =>
  req.kinds.includes(checkIn.kind) && (!req.checklist || checklistFilled(rule, checkIn.checklist));

/** One per-period counter: requirement `requirement` (index in the rule) of `ruleKey` in `periodKey`. */
export interface CounterKey {
  ruleKey: string;
  requirement: number;
  periodKey: string;
  /** Stable document id for the counter of one pairing: `${ruleKey}.${requirement}:${periodKey}`. */
  id: string;
}

export const counterId = (ruleKey: string, requirement: number, periodKey: string): string =>
  `${ruleKey}.${requirement}:${periodKey}`;

/**
 * The counters one check-in increments. Every rule of the programme is counted, not only those
 * that apply today: a risk change later in the period must find the earlier check-ins already
 * counted (they still count), and a counter nobody reads costs nothing. A check-in counts toward
 * every requirement listing its kind, once per requirement, and toward a rule's checklist
 * requirement when its checklist is filled (countedRequirements, checklistFilled).
 */
export function counterKeys(programme: WithVisitRules, checkIn: CheckInFact): CounterKey[] {
  const out: CounterKey[] = [];
  for (const { rule, period } of governedRules(programme, checkIn.at)) {
    const periodKey = period.key;
    countedRequirements(rule).forEach((req, i) => {
      if (countsToward(rule, req, checkIn)) out.push({ ruleKey: rule.key, requirement: i, periodKey, id: counterId(rule.key, i, periodKey) });
    });
  }
  return out;
}
