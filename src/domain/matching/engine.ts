import type { MatchChild, MatchOptions, MatchResult, MatchRules, MatchVolunteer, Suggestion, UnmatchedChild } from './types';
import { prepare, type PChild, type Prepared } from './prepare';
import { explainPair, pairScore } from './pair';
import { components } from './components';
import { solveComponent } from './column';

/**
 * Optimal suggestions for a whole subtree: maximise high-risk children covered, then children
 * covered, then total match score, under every hard constraint. Each child gets at most one
 * volunteer; volunteers get at most their free capacity.
 *
 * Per component, column generation keeps the flow network small without losing exactness:
 * start from no arcs, solve, then price every eligible pair against the duals (y, z) of the
 * solution. A pair with w > y_c + z_v is added (the L most violated per child) and the network
 * is solved again. When no pair violates, (y, z) is a feasible dual of the full assignment LP
 * whose value equals the solution's weight, so by LP duality the suggestion set is optimal
 * over all eligible pairs, not just the arcs in the network. (The bipartite b-matching LP is
 * integral, so the LP optimum is the integer optimum.)
 *
 * What keeps this fast at a province's size: interchangeable people are merged into groups
 * (groups.ts, so ties collapse), pricing bounds whole classes of volunteers per org node
 * instead of scoring pairs (pricing.ts), the flow is warm-started between rounds (flow.ts),
 * and the lexicographic weights stay exact doubles up to millions of children (weights.ts).
 */
export function suggestPairings(
  children: readonly MatchChild[],
  volunteers: readonly MatchVolunteer[],
  rules: MatchRules,
  options: MatchOptions = {},
): MatchResult {
  const L = Math.max(1, Math.floor(options.candidatesPerRound ?? 8));
  const p = prepare(children, volunteers, rules);
  const assigned = new Int32Array(p.children.length).fill(-1);
  const hasEligible = new Uint8Array(p.children.length);
  const comps = components(p);
  const stats = { components: comps.length, candidateEdges: 0, pricingRounds: 0, pairsPriced: 0, listsWalked: 0, flowPaths: 0, nodesSettled: 0 };
  for (const comp of comps) {
    const r = solveComponent(p, comp, L);
    comp.children.forEach((ci, i) => {
      assigned[ci] = r.assigned[i];
      hasEligible[ci] = r.hasEligible[i];
    });
    stats.candidateEdges += r.arcs;
    stats.pricingRounds = Math.max(stats.pricingRounds, r.rounds);
    stats.pairsPriced += r.priced;
    stats.listsWalked += r.walks;
    stats.flowPaths += r.paths;
    stats.nodesSettled += r.settled;
  }
  const suggestions: Suggestion[] = [];
  const unmatched: UnmatchedChild[] = [];
  const objective = { highRiskCovered: 0, covered: 0, totalScore: 0 };
  for (const c of p.children) {
    const vi = assigned[c.idx];
    if (vi < 0) {
      unmatched.push({ childId: c.src.id, reason: unmatchedReason(p, c, hasEligible[c.idx] === 1) });
      continue;
    }
    const v = p.volunteers[vi];
    const score = pairScore(c, v);
    suggestions.push({ childId: c.src.id, volunteerId: v.src.id, score, reasons: explainPair(c, v) });
    objective.covered++;
    if (c.high) objective.highRiskCovered++;
    objective.totalScore += score;
  }
  return { suggestions, unmatched, objective, stats };
}

/** An explanation where one is obvious; otherwise the places went to children ranked higher. */
function unmatchedReason(p: Prepared, c: PChild, hadEligible: boolean): string {
  if (c.targetFail !== null) return c.targetFail;
  if (hadEligible) return '符合条件的志愿者名额已满（已优先安排高风险或匹配度更高的儿童）';
  let inArea = false;
  let rightRole = false;
  for (const node of c.anc) {
    for (const vi of p.volsByScope.get(node) ?? []) {
      inArea = true;
      if (c.role === 0 || p.volunteers[vi].role === c.role) rightRole = true;
    }
  }
  if (!inArea) return '所在区域内没有尚有名额的志愿者';
  if (!rightRole) return `所在区域内没有尚有名额的${c.role === 1 ? '本地' : '异地'}志愿者`;
  return '区域内的志愿者均已与该儿童结对';
}
