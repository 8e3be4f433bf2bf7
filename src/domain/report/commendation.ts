import { COMMENDATION_CRITERIA, COMMENDATION_CRITERION_LABELS, type CommendationCriterion } from '../../programmes/enums';
import type { Commendation } from '../../programmes/schema';
import { dayjs, ZONE } from '../../server/time';
import { allVisitRules, complianceFromCounters, counterId, countedRequirements, periodOf, type PairingFacts, type WithVisitRules } from '../visits';

/**
 * The yearly review (总结评优表扬), pure: the review year's window, each volunteer's evidence turned
 * into per-criterion scores, the programme's weights, and one deterministic ranking.
 *
 * Window. Without `month` the review year is the calendar year (1 Jan – 31 Dec). With `month`
 * (遂宁: June) the review is held in that month and covers the twelve full months before it:
 * 2026年度 at 遂宁 is 1 June 2025 – 31 May 2026. Both in Asia/Shanghai.
 *
 * Scores (0–100 each). Visit compliance is absolute: requirements met ÷ requirements owed in the
 * window (a volunteer who owed nothing scores 0: there is nothing to commend). Every other
 * criterion is relative to the best volunteer of the same shortlist (the staff member's subtree):
 * value ÷ best value (0 when nobody has any). The total is the weighted mean of the scores.
 */

export interface ReviewWindow {
  year: number;
  /** inclusive */
  start: Date;
  /** exclusive */
  end: Date;
  label: string;
}

// Stryker disable next-line StringLiteral: dayjs reads 2025-6-01 as 2025-06-01 (checked for all twelve months)
const pad = (n: number) => String(n).padStart(2, '0');
const monthStart = (y: number, m: number) => dayjs.tz(`${y}-${pad(m)}-01 00:00:00`, ZONE).toDate();
const dayLabel = (d: Date) => dayjs(d).tz(ZONE).format('YYYY年M月D日');

export function reviewWindow(c: Pick<Commendation, 'month'>, year: number): ReviewWindow {
  const start = c.month ? monthStart(year - 1, c.month) : monthStart(year, 1);
  const end = c.month ? monthStart(year, c.month) : monthStart(year + 1, 1);
  return { year, start, end, label: `${dayLabel(start)}—${dayLabel(new Date(end.getTime() - 1))}` };
}

/**
 * The year a review page opens on. With a review month the window in progress (or just ended, in
 * the review month and after) carries the current year's name; for calendar years the previous
 * year is still the one reviewed in January and February.
 */
export function defaultReviewYear(c: Pick<Commendation, 'month'>, atMs: number): number {
  const d = dayjs(atMs).tz(ZONE);
  if (c.month) return d.year();
  return d.month() < 2 ? d.year() - 1 : d.year();
}

export interface VisitTally {
  required: number;
  done: number;
}

interface Owed {
  counter: string;
  required: number;
  /** the period is over at the review's as-of time */
  ended: boolean;
}

/**
 * What one pairing owes in the window, asked of the visit engine (so grace periods and risk rules
 * are the board's): the engine at the last moment of each period ending in the window, then at
 * `asOfMs` for periods still running. A period counts in the window its last day falls in, so
 * consecutive review years never count one twice. Counters play no part in what is owed, so the
 * engine runs with none and the answer is shared by pairings with the same facts.
 */
function owedInWindow(programme: WithVisitRules, facts: PairingFacts, window: Pick<ReviewWindow, 'start' | 'end'>, asOfMs: number): Owed[] {
  const [ws, we] = [window.start.getTime(), window.end.getTime()];
  const ends = new Set<number>();
  // every version's rules: a period of an earlier version ending in the window is owed too
  for (const rule of allVisitRules(programme)) {
    if (countedRequirements(rule).length === 0) continue;
    for (let p = periodOf(rule.period, ws); p.start.getTime() < we; p = periodOf(rule.period, p.end.getTime())) {
      const end = p.end.getTime();
      if (end > ws && end <= we) ends.add(end);
    }
  }
  const none = new Map<string, number>();
  const out: Owed[] = [];
  const take = (asOf: number, keep: (end: number) => boolean, ended: boolean) => {
    for (const item of complianceFromCounters(programme, facts, none, asOf)) {
      if (item.status === 'late_start') continue; // waived by the grace: not owed
      const end = item.period.end.getTime();
      if (item.period.start.getTime() <= asOf && keep(end)) out.push({ counter: counterId(item.ruleKey, item.requirement, item.period.key), required: item.required, ended });
    }
  };
  for (const end of [...ends].sort((a, b) => a - b)) if (end - 1 <= asOfMs) take(end - 1, (e) => e === end, true);
  if (asOfMs < we && asOfMs >= ws) take(asOfMs, (e) => e > asOfMs + 1 && e <= we, false);
  return out;
}

/** Every counter id a tally of the window may read (any pairing): the query's key list. */
export function windowCounterIds(programme: WithVisitRules, window: Pick<ReviewWindow, 'start' | 'end'>): string[] {
  const [ws, we] = [window.start.getTime(), window.end.getTime()];
  const out: string[] = [];
  for (const rule of allVisitRules(programme)) {
    for (let p = periodOf(rule.period, ws); p.start.getTime() < we; p = periodOf(rule.period, p.end.getTime())) {
      if (p.end.getTime() > ws && p.end.getTime() <= we) countedRequirements(rule).forEach((_r, i) => out.push(counterId(rule.key, i, p.key)));
    }
  }
  return out;
}

/** The same facts up to what the engine can tell apart: a pairing begun before the window's periods is one case. */
function factsKey(programme: WithVisitRules, facts: PairingFacts, ws: number): string {
  const earliest = Math.min(...allVisitRules(programme).map((r) => periodOf(r.period, ws).start.getTime()));
  const started = new Date(facts.pairingStartedOn).getTime();
  const levels = facts.riskHistory.map((h) => `${h.level}@${Math.max(new Date(h.from).getTime(), earliest)}`).join(',');
  return `${started <= earliest ? 'before' : started}|${facts.volunteerRole}|${facts.childCategory ?? ''}|${levels}`;
}

/**
 * A counter of requirements owed and met in the window, for many pairings: what each owes is worked
 * out once per distinct set of facts, what she did is read from the pairing's counters. A period
 * not yet over at `asOfMs` counts only when already met: early work is credited, nothing is owed yet.
 */
export function visitTallier(programme: WithVisitRules, window: Pick<ReviewWindow, 'start' | 'end'>, asOfMs: number) {
  const memo = new Map<string, Owed[]>();
  const ws = window.start.getTime();
  return (facts: PairingFacts, counters: ReadonlyMap<string, number>): VisitTally => {
    const key = factsKey(programme, facts, ws);
    let owed = memo.get(key);
    // Stryker disable next-line ConditionalExpression: recomputing instead of reading the cache gives the same list
    if (!owed) memo.set(key, (owed = owedInWindow(programme, facts, window, asOfMs)));
    const out: VisitTally = { required: 0, done: 0 };
    for (const o of owed) {
      const done = Math.min(counters.get(o.counter) ?? 0, o.required);
      if (o.ended) {
        out.required += o.required;
        out.done += done;
      } else if (done === o.required) {
        out.required += o.required;
        out.done += done;
      }
    }
    return out;
  };
}

/** One pairing's tally (see visitTallier). */
export function pairingVisitTally(
  programme: WithVisitRules,
  facts: PairingFacts,
  counters: ReadonlyMap<string, number>,
  window: Pick<ReviewWindow, 'start' | 'end'>,
  asOfMs: number,
): VisitTally {
  return visitTallier(programme, window, asOfMs)(facts, counters);
}

/** One volunteer's record of the review year, as read from the database. */
export interface Evidence {
  /** pairings active at some moment of the window */
  activePairings: number;
  visitsRequired: number;
  visitsDone: number;
  checkIns: number;
  wishesFulfilled: number;
  serviceMinutes: number;
  flagsRaised: number;
  /** raised by her and closed by staff with the action taken */
  flagsFollowed: number;
}

export const EMPTY_EVIDENCE: Evidence = {
  activePairings: 0, visitsRequired: 0, visitsDone: 0, checkIns: 0, wishesFulfilled: 0, serviceMinutes: 0, flagsRaised: 0, flagsFollowed: 0,
};

export interface CriterionScore {
  key: CommendationCriterion;
  label: string;
  weight: number;
  /** the raw measure: a count, hours, or the compliance ratio 0–1 */
  value: number;
  /** how the evidence reads, in Chinese */
  text: string;
  /** 0–100, one decimal */
  score: number;
}

export interface Ranked<T> {
  subject: T;
  userId: string;
  evidence: Evidence;
  criteria: CriterionScore[];
  /** 0–100, one decimal */
  total: number;
  rank: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const hours = (minutes: number) => round1(minutes / 60);

export function rawValue(key: CommendationCriterion, e: Evidence): number {
  switch (key) {
    case 'active_pairings': return e.activePairings;
    case 'visit_compliance': return e.visitsRequired > 0 ? e.visitsDone / e.visitsRequired : 0;
    case 'wishes_fulfilled': return e.wishesFulfilled;
    case 'service_hours': return hours(e.serviceMinutes);
    case 'flags_followed': return e.flagsFollowed;
  }
}

export function evidenceText(key: CommendationCriterion, e: Evidence): string {
  switch (key) {
    case 'active_pairings': return `${e.activePairings}对`;
    case 'visit_compliance':
      return e.visitsRequired > 0 ? `完成${e.visitsDone}/${e.visitsRequired}项（${Math.round((e.visitsDone / e.visitsRequired) * 100)}%），打卡${e.checkIns}次` : `无应完成项，打卡${e.checkIns}次`;
    case 'wishes_fulfilled': return `${e.wishesFulfilled}个`;
    case 'service_hours': return `${hours(e.serviceMinutes)}小时`;
    case 'flags_followed': return `发现${e.flagsRaised}个，已跟进${e.flagsFollowed}个`;
  }
}

/** The criteria the programme weighs (weight > 0), in the fixed order of COMMENDATION_CRITERIA. */
export const weightedCriteria = (c: Pick<Commendation, 'weights'>) =>
  COMMENDATION_CRITERIA.filter((k) => (c.weights[k] ?? 0) > 0).map((k) => ({ key: k, label: COMMENDATION_CRITERION_LABELS[k], weight: c.weights[k] ?? 0 }));

/**
 * Scores and ranks a shortlist. Ties on the total are broken by visit compliance, then service time,
 * then the user id, so the same data always gives the same order.
 */
export function rank<T>(c: Pick<Commendation, 'weights'>, rows: readonly { userId: string; evidence: Evidence; subject: T }[]): Ranked<T>[] {
  const criteria = weightedCriteria(c);
  const weightSum = criteria.reduce((s, k) => s + k.weight, 0);
  const best = new Map(criteria.map((k) => [k.key, Math.max(0, ...rows.map((r) => rawValue(k.key, r.evidence)))]));
  const scored = rows.map((r) => {
    let exact = 0;
    const out = criteria.map((k) => {
      const value = rawValue(k.key, r.evidence);
      const top = best.get(k.key) ?? 0;
      const s = k.key === 'visit_compliance' ? value : top > 0 ? value / top : 0;
      exact += s * k.weight;
      return { ...k, value: k.key === 'visit_compliance' ? Math.round(value * 1000) / 1000 : value, text: evidenceText(k.key, r.evidence), score: round1(s * 100) };
    });
    const total = weightSum > 0 ? (exact / weightSum) * 100 : 0;
    return { ...r, criteria: out, exact: Math.round(total * 1e6), total: round1(total), rank: 0 };
  });
  scored.sort((a, b) =>
    b.exact - a.exact ||
    rawValue('visit_compliance', b.evidence) - rawValue('visit_compliance', a.evidence) ||
    b.evidence.serviceMinutes - a.evidence.serviceMinutes ||
    (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0),
  );
  return scored.map(({ exact: _e, ...r }, i) => ({ ...r, rank: i + 1 }));
}

/** The commendation's title, e.g. 2026年度优秀爱心妈妈 (the programme's own name for volunteers). */
export const commendationTitle = (year: number, brandName: string): string => `${year}年度优秀${brandName}`;
