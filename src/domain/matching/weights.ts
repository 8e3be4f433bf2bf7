/**
 * One integer weight per pair that turns the lexicographic objective
 *   (1) high-risk children covered, (2) children covered, (3) total match score
 * into a single sum to maximise: w(pair) = A·[child is high-risk] + B + score, score ∈ [0, S].
 *
 * Claim: with m ≥ the number of pairs any feasible solution can hold (each child gets at most
 * one volunteer, so m = min(#children, Σ capacity) works), B = m·S + 1 and A = m·(B + S) + 1,
 * comparing W = Σ w orders solutions exactly as the triple (H, N, T) does lexicographically.
 *
 * Proof. For a solution, W = A·H + B·N + T with 0 ≤ H ≤ N ≤ m and 0 ≤ T ≤ m·S.
 * Take solutions X and Y.
 *  - If H_X > H_Y: W_X − W_Y ≥ A·1 + B·(N_X − N_Y) + (T_X − T_Y) ≥ A − B·m − m·S
 *    = A − m·(B + S) = 1 > 0.
 *  - If H_X = H_Y and N_X > N_Y: W_X − W_Y ≥ B − m·S = 1 > 0.
 *  - If H and N are equal: W_X − W_Y = T_X − T_Y.
 * So a maximiser of W maximises H, then N among those, then T among those. ∎
 *
 * Exactness in floating point: doubles hold every integer below 2^53 exactly, so it is enough
 * that no value the solver computes gets near that. Weights are at most M = A + B + S ≈ m²·S
 * (3.7·10^11 for a province, m = 57,000). The flow's potentials only ever decrease from 0 and end
 * in [−2M, 0] (flow.ts checks the final ones, which bounds every earlier one); its Dijkstra keys
 * and the pricing's violations are sums of four such terms, so all stay below 8M. The total
 * objective m·M is never formed as one number. 8M < 2^53 holds up to m ≈ 2.2 million matchable
 * children in one component; past that lexWeights refuses rather than round.
 */
export interface LexWeights {
  /** Bonus of covering a high-risk child. */
  A: number;
  /** Bonus of covering any child. */
  B: number;
  /** Cost offset: cost(pair) = M − w(pair) ≥ 0, cost(unmatched) = M. */
  M: number;
}

export function lexWeights(maxPairs: number, maxScore: number): LexWeights {
  const m = Math.max(1, maxPairs);
  const B = m * maxScore + 1;
  const A = m * (B + maxScore) + 1;
  const M = A + B + maxScore;
  if (!Number.isSafeInteger(8 * M)) throw new RangeError('结对规模过大，权重超出精确整数范围');
  return { A, B, M };
}

export function pairWeight(w: LexWeights, high: boolean, score: number): number {
  return (high ? w.A : 0) + w.B + score;
}
