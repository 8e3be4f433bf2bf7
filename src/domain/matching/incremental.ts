import type { MatchChild, MatchObjective, MatchRules, MatchVolunteer, Suggestion } from './types';
import { prepare } from './prepare';
import { explainPair, forEachEligible } from './pair';

/**
 * Incremental entries: a new child or a new volunteer gets a suggestion against the current free
 * capacities without re-solving the city. Both are exact for that one entity: with one child the
 * lexicographic objective is just the best score; with one volunteer of capacity k it is the
 * k children of largest weight (high-risk first, then score), since the children do not compete.
 */

export interface OneChildSuggestion {
  suggestion: Suggestion | null;
  /** The next best volunteers, for when she declines or the offer lapses. */
  alternatives: Suggestion[];
  reason?: string;
}

export function suggestForOne(
  child: MatchChild,
  volunteers: readonly MatchVolunteer[],
  rules: MatchRules,
  alternatives = 3,
): OneChildSuggestion {
  const p = prepare([child], volunteers, rules);
  const c = p.children[0];
  if (c.targetFail !== null) return { suggestion: null, alternatives: [], reason: c.targetFail };
  const found: { vi: number; score: number }[] = [];
  forEachEligible(p, c, (v, score) => found.push({ vi: v.idx, score }));
  if (found.length === 0) return { suggestion: null, alternatives: [], reason: '所在区域内没有符合条件且尚有名额的志愿者' };
  // Ties go to the volunteer listed first, so the answer is deterministic.
  found.sort((a, b) => b.score - a.score || a.vi - b.vi);
  const toSuggestion = ({ vi, score }: { vi: number; score: number }): Suggestion => ({
    childId: child.id,
    volunteerId: p.volunteers[vi].src.id,
    score,
    reasons: explainPair(c, p.volunteers[vi]),
  });
  return { suggestion: toSuggestion(found[0]), alternatives: found.slice(1, 1 + alternatives).map(toSuggestion) };
}

export interface OneVolunteerSuggestion {
  suggestions: Suggestion[];
  objective: MatchObjective;
}

export function suggestForVolunteer(
  volunteer: MatchVolunteer,
  children: readonly MatchChild[],
  rules: MatchRules,
): OneVolunteerSuggestion {
  const p = prepare(children, [volunteer], rules);
  const found: { ci: number; high: boolean; score: number }[] = [];
  for (const c of p.children) forEachEligible(p, c, (_v, score) => found.push({ ci: c.idx, high: c.high, score }));
  found.sort((a, b) => Number(b.high) - Number(a.high) || b.score - a.score || a.ci - b.ci);
  const v = p.volunteers[0];
  const chosen = found.slice(0, volunteer.freeCapacity);
  const objective = { highRiskCovered: 0, covered: chosen.length, totalScore: 0 };
  const suggestions = chosen.map(({ ci, high, score }) => {
    if (high) objective.highRiskCovered++;
    objective.totalScore += score;
    const c = p.children[ci];
    return { childId: c.src.id, volunteerId: volunteer.id, score, reasons: explainPair(c, v) };
  });
  return { suggestions, objective };
}
