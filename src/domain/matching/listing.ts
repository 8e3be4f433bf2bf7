import type { MatchChild, MatchRules, MatchVolunteer } from './types';
import { prepare } from './prepare';
import { forEachEligible } from './pair';

export interface EligiblePair {
  /** Indices into the children and volunteers arrays as given. */
  child: number;
  volunteer: number;
  high: boolean;
  score: number;
}

/**
 * Every pair the hard constraints allow (capacity > 0, target, area, role, not an active pairing),
 * with its score. Used to cross-check the engine with an LP solver; not needed to get suggestions.
 */
export function listEligiblePairs(
  children: readonly MatchChild[],
  volunteers: readonly MatchVolunteer[],
  rules: MatchRules,
): EligiblePair[] {
  const p = prepare(children, volunteers, rules);
  const out: EligiblePair[] = [];
  for (const c of p.children) {
    forEachEligible(p, c, (v, score) => out.push({ child: c.idx, volunteer: v.idx, high: c.high, score }));
  }
  return out;
}
