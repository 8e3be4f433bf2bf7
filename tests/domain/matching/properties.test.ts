import fc from 'fast-check';
import {
  lexWeights, listEligiblePairs, MAX_SCORE, pairWeight, suggestForOne, suggestForVolunteer, suggestPairings, type MatchObjective,
} from '../../../src/domain/matching';
import { solveFlow } from '../../../src/domain/matching/flow';
import { allowed, compareObjectives, instanceArb, violations, type Instance } from './helpers';

/** Exhaustive optimum: every child unmatched or with any allowed volunteer that has room left. */
function bruteForce(inst: Instance): MatchObjective {
  const score = new Map(listEligiblePairs(inst.children, inst.volunteers, inst.rules).map((p) => [`${p.child}:${p.volunteer}`, p.score]));
  const room = inst.volunteers.map((v) => v.freeCapacity);
  let best: MatchObjective = { highRiskCovered: 0, covered: 0, totalScore: 0 };
  const walk = (i: number, cur: MatchObjective): void => {
    if (i === inst.children.length) {
      if (compareObjectives(cur, best) > 0) best = { ...cur };
      return;
    }
    walk(i + 1, cur);
    const c = inst.children[i];
    inst.volunteers.forEach((v, j) => {
      if (room[j] === 0 || !allowed(c, v, inst.rules)) return;
      room[j]--;
      walk(i + 1, {
        highRiskCovered: cur.highRiskCovered + (c.riskLevel === 'high' ? 1 : 0),
        covered: cur.covered + 1,
        totalScore: cur.totalScore + score.get(`${i}:${j}`)!,
      });
      room[j]++;
    });
  };
  walk(0, best);
  return best;
}

/** The same weights solved by the flow on every eligible arc at once: no pricing, no components. */
function allArcsOptimum(inst: Instance): MatchObjective {
  const pairs = listEligiblePairs(inst.children, inst.volunteers, inst.rules);
  const cap = Int32Array.from(inst.volunteers, (v) => v.freeCapacity);
  const W = lexWeights(inst.children.length, MAX_SCORE);
  const start = new Int32Array(inst.children.length + 1);
  for (const p of pairs) start[p.child + 1]++;
  for (let i = 0; i < inst.children.length; i++) start[i + 1] += start[i];
  const order = Array.from(inst.children.keys());
  const adjV = Int32Array.from(pairs, (p) => p.volunteer); // listEligiblePairs is grouped by child
  const adjW = Float64Array.from(pairs, (p) => pairWeight(W, p.high, p.score));
  const sol = solveFlow({ nC: inst.children.length, nV: inst.volunteers.length, cap, start, adjV, adjW, order, M: W.A + W.B + MAX_SCORE });
  const o = { highRiskCovered: 0, covered: 0, totalScore: 0 };
  pairs.forEach((p, a) => {
    if (sol.flow[a] === 0) return;
    o.covered++;
    if (p.high) o.highRiskCovered++;
    o.totalScore += p.score;
  });
  return o;
}

describe('suggestion engine properties', () => {
  it('never breaks a hard constraint (capacity, target, area, role, active pairings)', () => {
    fc.assert(
      fc.property(instanceArb(30, 15, 3), (inst) => {
        const res = suggestPairings(inst.children, inst.volunteers, inst.rules);
        expect(violations(inst, res)).toEqual([]);
        const sum = res.suggestions.reduce((a, s) => a + s.score, 0);
        const high = res.suggestions.filter((s) => inst.children.find((c) => c.id === s.childId)!.riskLevel === 'high').length;
        expect(res.objective).toEqual({ highRiskCovered: high, covered: res.suggestions.length, totalScore: sum });
      }),
      { numRuns: 300 },
    );
  });

  it('lists exactly the pairs the rules allow', () => {
    fc.assert(
      fc.property(instanceArb(8, 6, 2), (inst) => {
        const listed = listEligiblePairs(inst.children, inst.volunteers, inst.rules).map((p) => `${p.child}:${p.volunteer}`).sort();
        const expected: string[] = [];
        inst.children.forEach((c, i) => inst.volunteers.forEach((v, j) => allowed(c, v, inst.rules) && expected.push(`${i}:${j}`)));
        expect(listed).toEqual(expected.sort());
      }),
      { numRuns: 300 },
    );
  });

  it('reaches the brute-force lexicographic optimum on small instances', () => {
    fc.assert(
      fc.property(instanceArb(6, 4, 2, 1), (inst) => {
        const res = suggestPairings(inst.children, inst.volunteers, inst.rules);
        expect(res.objective).toEqual(bruteForce(inst));
      }),
      { numRuns: 400 },
    );
  });

  it('gives the same optimum however few arcs each pricing round adds', () => {
    fc.assert(
      fc.property(instanceArb(40, 15, 3), fc.integer({ min: 1, max: 3 }), (inst, L) => {
        const a = suggestPairings(inst.children, inst.volunteers, inst.rules);
        const b = suggestPairings(inst.children, inst.volunteers, inst.rules, { candidatesPerRound: L });
        expect(b.objective).toEqual(a.objective);
        expect(violations(inst, b)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('prices exactly when children have more candidates than a round adds (column generation vs all arcs)', () => {
    fc.assert(
      fc.property(instanceArb(40, 40, 2), fc.integer({ min: 1, max: 4 }), (inst, L) => {
        const res = suggestPairings(inst.children, inst.volunteers, inst.rules, { candidatesPerRound: L });
        expect(res.objective).toEqual(allArcsOptimum(inst));
      }),
      { numRuns: 300 },
    );
  });

  it('suggestForOne returns the best-scoring allowed volunteer with room', () => {
    fc.assert(
      fc.property(instanceArb(1, 6, 2), (inst) => {
        fc.pre(inst.children.length === 1);
        const child = inst.children[0];
        const res = suggestForOne(child, inst.volunteers, inst.rules);
        const scores = listEligiblePairs([child], inst.volunteers, inst.rules).map((p) => p.score);
        expect(scores.length === 0).toBe(res.suggestion === null);
        if (res.suggestion) {
          expect(res.suggestion.score).toBe(Math.max(...scores));
          const v = inst.volunteers.find((x) => x.id === res.suggestion!.volunteerId)!;
          expect(allowed(child, v, inst.rules)).toBe(true);
          for (const alt of res.alternatives) expect(alt.score).toBeLessThanOrEqual(res.suggestion.score);
        } else {
          expect(res.reason).toBeTruthy();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('suggestForVolunteer matches the engine run with that volunteer alone', () => {
    fc.assert(
      fc.property(instanceArb(8, 1, 3), (inst) => {
        fc.pre(inst.volunteers.length === 1);
        const v = inst.volunteers[0];
        const one = suggestForVolunteer(v, inst.children, inst.rules);
        const full = suggestPairings(inst.children, [v], inst.rules);
        expect(one.objective).toEqual(full.objective);
        expect(one.suggestions.length).toBeLessThanOrEqual(v.freeCapacity);
        for (const s of one.suggestions) expect(allowed(inst.children.find((c) => c.id === s.childId)!, v, inst.rules)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
