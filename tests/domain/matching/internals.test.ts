/**
 * The solver's optimality rests on internal facts tested here directly: the flow returns an LP
 * dual certificate, the pricing bound never underestimates a score, the kept pairs and `rest`
 * cover every other pair, and pricing finds every violated pair.
 */
import fc from 'fast-check';
import { solveFlow } from '../../../src/domain/matching/flow';
import { prepare } from '../../../src/domain/matching/prepare';
import { eligible, pairScore, scoreBound, sharedLevels } from '../../../src/domain/matching/pair';
import { PairIndex, TopL } from '../../../src/domain/matching/pricing';
import { instanceArb } from './helpers';

const graphArb = fc
  .record({ nC: fc.integer({ min: 1, max: 8 }), nV: fc.integer({ min: 1, max: 5 }) })
  .chain(({ nC, nV }) =>
    fc.record({
      nC: fc.constant(nC),
      nV: fc.constant(nV),
      cap: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: nV, maxLength: nV }),
      // weight 0 means "no arc"
      w: fc.array(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: nV, maxLength: nV }), { minLength: nC, maxLength: nC }),
      order: fc.shuffledSubarray(Array.from({ length: nC }, (_, i) => i), { minLength: nC, maxLength: nC }),
    }),
  );

function bruteMax(w: number[][], cap: number[]): number {
  const room = [...cap];
  const go = (i: number): number => {
    if (i === w.length) return 0;
    let best = go(i + 1);
    for (let v = 0; v < room.length; v++) {
      if (w[i][v] === 0 || room[v] === 0) continue;
      room[v]--;
      best = Math.max(best, w[i][v] + go(i + 1));
      room[v]++;
    }
    return best;
  };
  return go(0);
}

describe('min-cost flow', () => {
  it('is optimal and returns duals that prove it (feasible, complementary, equal value)', () => {
    fc.assert(
      fc.property(graphArb, ({ nC, nV, cap, w, order }) => {
        const start = [0];
        const adjV: number[] = [];
        const adjW: number[] = [];
        for (let c = 0; c < nC; c++) {
          for (let v = 0; v < nV; v++) if (w[c][v] > 0) { adjV.push(v); adjW.push(w[c][v]); }
          start.push(adjV.length);
        }
        const sol = solveFlow({
          nC, nV, cap: Int32Array.from(cap), start: Int32Array.from(start), adjV: Int32Array.from(adjV),
          adjW: Float64Array.from(adjW), order, M: 51,
        });
        const load = new Array(nV).fill(0);
        let primal = 0;
        sol.assign.forEach((v, c) => {
          if (v < 0) return expect(sol.y[c]).toBe(0);
          expect(w[c][v]).toBeGreaterThan(0);
          load[v]++;
          primal += w[c][v];
          expect(sol.y[c] + sol.z[v]).toBe(w[c][v]); // tight on used arcs
        });
        load.forEach((n, v) => {
          expect(n).toBeLessThanOrEqual(cap[v]);
          if (n < cap[v]) expect(sol.z[v]).toBe(0);
        });
        for (let c = 0; c < nC; c++) {
          expect(sol.y[c]).toBeGreaterThanOrEqual(0);
          for (let v = 0; v < nV; v++) if (w[c][v] > 0) expect(sol.y[c] + sol.z[v]).toBeGreaterThanOrEqual(w[c][v]);
        }
        const dual = sol.y.reduce((a, b) => a + b, 0) + cap.reduce((a, k, v) => a + k * sol.z[v], 0);
        expect(dual).toBe(primal);
        expect(primal).toBe(bruteMax(w, cap));
      }),
      { numRuns: 500 },
    );
  });
});

describe('pricing bound', () => {
  it('never underestimates the score of a pair at its shared level', () => {
    fc.assert(
      fc.property(instanceArb(10, 8, 2), (inst) => {
        const p = prepare(inst.children, inst.volunteers, inst.rules);
        const coords = p.volunteers.some((v) => v.hasCoords);
        for (const c of p.children) {
          for (const v of p.volunteers) {
            if (!eligible(c, v)) continue;
            expect(pairScore(c, v)).toBeLessThanOrEqual(scoreBound(c, sharedLevels(c, v), coords, v.cover));
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('pair index', () => {
  const setup = (inst: Parameters<typeof prepare>) => {
    const p = prepare(...inst);
    const kids = p.children.filter((c) => c.targetFail === null);
    const vols = p.volunteers.filter((v) => v.cap > 0);
    const pairs = kids.map((c) => vols.map((v) => (eligible(c, v) ? pairScore(c, v) : -1)));
    return { kids, vols, pairs };
  };

  it('keeps the K best pairs and bounds every other pair by rest', () => {
    fc.assert(
      fc.property(instanceArb(8, 30, 2), fc.integer({ min: 1, max: 5 }), (inst, K) => {
        const { kids, vols, pairs } = setup([inst.children, inst.volunteers, inst.rules]);
        const index = new PairIndex(kids, vols, K);
        index.keepBest();
        kids.forEach((_, ci) => {
          const kept = new Set<number>();
          for (let i = ci * K; i < ci * K + index.keptN[ci]; i++) {
            kept.add(index.keptV[i]);
            expect(index.keptS[i]).toBe(pairs[ci][index.keptV[i]]);
          }
          expect(kept.size).toBe(index.keptN[ci]);
          expect(index.keptN[ci]).toBe(Math.min(K, pairs[ci].filter((s) => s >= 0).length));
          pairs[ci].forEach((s, lv) => {
            if (s >= 0 && !kept.has(lv)) expect(s).toBeLessThanOrEqual(index.rest[ci]);
          });
        });
      }),
      { numRuns: 300 },
    );
  });

  it('finds every violated pair, whatever the duals', () => {
    fc.assert(
      fc.property(
        instanceArb(8, 30, 2),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 30, maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 8, maxLength: 8 }),
        (inst, K, zs, ys) => {
          const { kids, vols, pairs } = setup([inst.children, inst.volunteers, inst.rules]);
          const index = new PairIndex(kids, vols, K);
          index.keepBest();
          const z = Float64Array.from(vols, (_, i) => zs[i]);
          index.sortBy(z);
          kids.forEach((_, ci) => {
            const top = new TopL(vols.length + 1); // room for all: the found set must be complete
            index.price(ci, 100 - ys[ci], z, top);
            const found = Array.from(top.vol.subarray(0, top.n)).sort((a, b) => a - b);
            const expected = pairs[ci].flatMap((s, lv) => (s >= 0 && 100 - ys[ci] + s - z[lv] > 0 ? [lv] : []));
            expect(found).toEqual(expected);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
