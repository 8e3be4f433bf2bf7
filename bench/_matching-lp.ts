/**
 * The pairing problem as an LP for HiGHS (dev dependency `highs`): every eligible pair a column,
 * max Σ w x with the engine's lexicographic weights, Σ_v x ≤ 1 per child, Σ_c x ≤ free places per
 * volunteer, 0 ≤ x ≤ 1. Its polytope is integral, so a simplex vertex is an assignment; used by
 * bench/matching.ts and the engine's property test as an independent exact solver.
 */
import type loadHighs from 'highs';
import {
  lexWeights, listEligiblePairs, MAX_SCORE, pairWeight,
  type MatchChild, type MatchObjective, type MatchRules, type MatchVolunteer,
} from '../src/domain/matching';

export type HighsApi = Awaited<ReturnType<typeof loadHighs>>;

export interface LpResult {
  objective: MatchObjective;
  solveMs: number;
  /** Whether HiGHS's solution is 0/1 (within 1e-6). */
  integral: boolean;
  columns: number;
}

export function highsSolve(highs: HighsApi, children: readonly MatchChild[], volunteers: readonly MatchVolunteer[], rules: MatchRules): LpResult {
  const pairs = listEligiblePairs(children, volunteers, rules);
  const totalCap = volunteers.reduce((a, v) => a + v.freeCapacity, 0);
  const W = lexWeights(Math.min(children.length, totalCap), MAX_SCORE);
  const nC = children.length;
  const n = pairs.length;
  const objective = { highRiskCovered: 0, covered: 0, totalScore: 0 };
  if (n === 0) return { objective, solveMs: 0, integral: true, columns: 0 };
  const starts = Int32Array.from({ length: n + 1 }, (_, j) => 2 * j);
  const indices = new Int32Array(2 * n);
  const cost = new Float64Array(n);
  pairs.forEach((pr, j) => {
    indices[2 * j] = pr.child;
    indices[2 * j + 1] = nC + pr.volunteer;
    cost[j] = pairWeight(W, pr.high, pr.score);
  });
  const rowUpper = Float64Array.from([...children.map(() => 1), ...volunteers.map((v) => v.freeCapacity)]);
  const { x, solveMs } = highs.withModel(
    {
      numCols: n, numRows: rowUpper.length, sense: highs.constants.objectiveSense.maximize,
      colCost: cost, colLower: new Float64Array(n), colUpper: new Float64Array(n).fill(1),
      rowLower: new Float64Array(rowUpper.length), rowUpper,
      matrix: { format: 'csc', numRows: rowUpper.length, numCols: n, starts, indices, values: new Float64Array(2 * n).fill(1) },
    },
    (model) => {
      model.options.set({ output_flag: false });
      const t0 = performance.now();
      model.run();
      const solveMs = performance.now() - t0;
      if (model.getModelStatus() !== highs.constants.modelStatus.optimal) throw new Error('HiGHS: not optimal');
      return { x: Float64Array.from(model.getSolution().colValue), solveMs };
    },
  );
  let integral = true;
  pairs.forEach((pr, j) => {
    if (Math.min(Math.abs(x[j]), Math.abs(1 - x[j])) > 1e-6) integral = false;
    if (x[j] < 0.5) return;
    objective.covered++;
    if (pr.high) objective.highRiskCovered++;
    objective.totalScore += pr.score;
  });
  return { objective, solveMs, integral, columns: n };
}
