/**
 * The solver's optimality rests on internal facts tested here directly: the flow returns an LP
 * dual certificate, the pricing bound never underestimates a score, and pricing finds every
 * violated pair (or the L largest).
 */
import fc from 'fast-check';
import { FlowSolver, solveFlow } from '../../../src/domain/matching/flow';
import { prepare } from '../../../src/domain/matching/prepare';
import { eligible, pairScore, sharedLevels } from '../../../src/domain/matching/pair';
import { Classes } from '../../../src/domain/matching/classes';
import { PairIndex, TopL } from '../../../src/domain/matching/pricing';
import { components } from '../../../src/domain/matching/components';
import type { MatchChild, MatchRules, MatchVolunteer } from '../../../src/domain/matching';
import { childArb, instanceArb, volunteerArb } from './helpers';

const graphArb = (maxSupply: number) =>
  fc
    .record({ nC: fc.integer({ min: 1, max: 8 }), nV: fc.integer({ min: 1, max: 5 }) })
    .chain(({ nC, nV }) =>
      fc.record({
        nC: fc.constant(nC),
        nV: fc.constant(nV),
        supply: fc.array(fc.integer({ min: 1, max: maxSupply }), { minLength: nC, maxLength: nC }),
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

/** Solves and checks the solution against its own dual certificate; returns the primal value. */
function solveAndCertify({ nC, nV, supply, cap, w, order }: { nC: number; nV: number; supply: number[]; cap: number[]; w: number[][]; order: number[] }): number {
  const start = [0];
  const adjV: number[] = [];
  const adjW: number[] = [];
  for (let c = 0; c < nC; c++) {
    for (let v = 0; v < nV; v++) if (w[c][v] > 0) { adjV.push(v); adjW.push(w[c][v]); }
    start.push(adjV.length);
  }
  const sol = solveFlow({
    nC, nV, supply: Int32Array.from(supply), cap: Int32Array.from(cap), start: Int32Array.from(start), adjV: Int32Array.from(adjV),
    adjW: Float64Array.from(adjW), order, M: 51,
  });
  const load = new Array(nV).fill(0);
  let primal = 0;
  for (let c = 0; c < nC; c++) {
    let sent = 0;
    for (let a = start[c]; a < start[c + 1]; a++) {
      const v = adjV[a];
      expect(sol.flow[a]).toBeGreaterThanOrEqual(0);
      if (sol.flow[a] > 0) expect(sol.y[c] + sol.z[v]).toBe(w[c][v]); // tight where flow runs
      expect(sol.y[c] + sol.z[v]).toBeGreaterThanOrEqual(w[c][v]); // feasible on every arc
      sent += sol.flow[a];
      load[v] += sol.flow[a];
      primal += sol.flow[a] * w[c][v];
    }
    expect(sent + sol.unmatched[c]).toBe(supply[c]);
    expect(sol.y[c]).toBeGreaterThanOrEqual(0);
    if (sol.unmatched[c] > 0) expect(sol.y[c]).toBe(0);
  }
  load.forEach((n, v) => {
    expect(n).toBeLessThanOrEqual(cap[v]);
    expect(sol.z[v]).toBeGreaterThanOrEqual(0);
    if (n < cap[v]) expect(sol.z[v]).toBe(0);
  });
  // Equal values of a feasible primal and a feasible dual: both optimal (LP duality).
  const dual = sol.y.reduce((a, y, c) => a + supply[c] * y, 0) + cap.reduce((a, k, v) => a + k * sol.z[v], 0);
  expect(dual).toBe(primal);
  return primal;
}

describe('min-cost flow', () => {
  it('is optimal and returns duals that prove it (feasible, complementary, equal value)', () => {
    fc.assert(
      fc.property(graphArb(1), (g) => {
        expect(solveAndCertify(g)).toBe(bruteMax(g.w, g.cap));
      }),
      { numRuns: 500 },
    );
  });

  it('routes groups of interchangeable children as the same certified optimum as one by one', () => {
    fc.assert(
      fc.property(graphArb(4), (g) => {
        const primal = solveAndCertify(g);
        // The same children one by one: every group's row repeated.
        const units = g.w.flatMap((row, c) => Array.from({ length: g.supply[c] }, () => row));
        const one = { ...g, nC: units.length, supply: units.map(() => 1), w: units, order: units.map((_, i) => i) };
        expect(primal).toBe(solveAndCertify(one));
      }),
      { numRuns: 300 },
    );
  });
});

describe('min-cost flow, warm started', () => {
  it('reaches the from-scratch optimum and certificate when arcs join between solves', () => {
    fc.assert(
      fc.property(graphArb(3), fc.array(fc.nat(5), { minLength: 8, maxLength: 8 }), (g, keep) => {
        // Per child group its arcs in volunteer order; the first solve sees only the first keep[c].
        const arcs = g.w.map((row) => row.flatMap((w, v) => (w > 0 ? [[v, w]] : [])));
        const csr = (take: (c: number) => number) => {
          const start = [0];
          const adjV: number[] = [];
          const adjW: number[] = [];
          arcs.forEach((list, c) => {
            for (const [v, w] of list.slice(0, take(c))) { adjV.push(v); adjW.push(w); }
            start.push(adjV.length);
          });
          return [Int32Array.from(start), Int32Array.from(adjV), Float64Array.from(adjW)] as const;
        };
        const solver = new FlowSolver(g.nC, g.nV, Int32Array.from(g.supply), Int32Array.from(g.cap), g.order, 51);
        solver.solve(...csr((c) => keep[c]));
        const full = csr(() => Infinity);
        const warm = solver.solve(...full);
        const cold = solveFlow({ nC: g.nC, nV: g.nV, supply: Int32Array.from(g.supply), cap: Int32Array.from(g.cap), start: full[0], adjV: full[1], adjW: full[2], order: g.order, M: 51 });
        const value = (f: Int32Array) => f.reduce((a, n, i) => a + n * full[2][i], 0);
        expect(value(warm.flow)).toBe(value(cold.flow));
        // The warm duals certify it too: feasible on every arc, tight where flow runs, equal value.
        for (let c = 0; c < g.nC; c++) {
          let sent = 0;
          for (let a = full[0][c]; a < full[0][c + 1]; a++) {
            expect(warm.y[c] + warm.z[full[1][a]]).toBeGreaterThanOrEqual(full[2][a]);
            if (warm.flow[a] > 0) expect(warm.y[c] + warm.z[full[1][a]]).toBe(full[2][a]);
            sent += warm.flow[a];
          }
          expect(sent + warm.unmatched[c]).toBe(g.supply[c]);
        }
        const dual = warm.y.reduce((a, y, c) => a + g.supply[c] * y, 0) + g.cap.reduce((a, k, v) => a + k * warm.z[v], 0);
        expect(dual).toBe(value(warm.flow));
      }),
      { numRuns: 500 },
    );
  });
});

describe('pricing bound', () => {
  it('never underestimates a pair at its shared depth, save the terms priced one by one', () => {
    fc.assert(
      fc.property(instanceArb(10, 8, 2), (inst) => {
        const p = prepare(inst.children, inst.volunteers, inst.rules);
        const vols = p.volunteers;
        const classes = new Classes(vols);
        for (const c of p.children) {
          const ct = classes.childClass(c);
          vols.forEach((v, lv) => {
            if (!eligible(c, v)) return;
            const d = sharedLevels(c, v);
            // Continuity and a preferred area not yet certain at depth d come from the lists priced first.
            const past = c.past?.has(v.idx) ? 20 : 0;
            const area = d < v.areaDepth && Array.from(v.prefCodes).some((code) => c.codes.includes(code)) ? 5 : 0;
            expect(pairScore(c, v)).toBeLessThanOrEqual(classes.classBound(ct, classes.classAt(v, lv, d), d) + past + area);
            expect(pairScore(c, v) - past).toBeLessThanOrEqual(classes.anyBound(ct));
            expect(classes.roleFits(ct, classes.classAt(v, lv, d))).toBe(true);
          });
        }
      }),
      { numRuns: 300 },
    );
  });

  // PairIndex.walkClass scores a volunteer as sharing exactly d levels: one sharing more was met
  // at the deeper node first, under a bound this test shows is no lower.
  it('never falls as the shared depth grows, and keeps the role', () => {
    fc.assert(
      fc.property(instanceArb(10, 8, 2), (inst) => {
        const p = prepare(inst.children, inst.volunteers, inst.rules);
        const classes = new Classes(p.volunteers);
        for (const c of p.children) {
          const ct = classes.childClass(c);
          p.volunteers.forEach((v, lv) => {
            for (let d = 0; d < 6; d++) {
              const here = classes.classAt(v, lv, d);
              const deeper = classes.classAt(v, lv, d + 1);
              expect(classes.classBound(ct, deeper, d + 1)).toBeGreaterThanOrEqual(classes.classBound(ct, here, d));
              expect(classes.roleFits(ct, deeper)).toBe(classes.roleFits(ct, here));
            }
          });
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

  // Some children name past partners (priced one by one, before the class lists).
  const withPast = fc.tuple(instanceArb(8, 30, 2), fc.array(fc.tuple(fc.nat(7), fc.nat(29)), { maxLength: 4 })).map(([inst, past]) => ({
    ...inst,
    children: inst.children.map((c, ci) => {
      const ids = past.filter(([k, v]) => k === ci && v < inst.volunteers.length).map(([, v]) => inst.volunteers[v].id);
      return ids.length ? { ...c, pastVolunteerIds: ids } : c;
    }),
  }));
  const dualsArb = fc.tuple(
    withPast,
    fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 30, maxLength: 30 }),
    fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 8, maxLength: 8 }),
  );

  it('finds every violated pair, whatever the duals', () => {
    fc.assert(
      fc.property(dualsArb, ([inst, zs, ys]) => {
        const { kids, vols, pairs } = setup([inst.children, inst.volunteers, inst.rules]);
        const index = new PairIndex(kids, vols);
        index.sortBy(Float64Array.from(vols, (_, i) => zs[i]));
        kids.forEach((_, ci) => {
          const top = new TopL(vols.length + 1); // room for all: the found set must be complete
          index.price(ci, 100 - ys[ci], top);
          const found = Array.from(top.vol.subarray(0, top.n)).sort((a, b) => a - b);
          const expected = pairs[ci].flatMap((s, lv) => (s >= 0 && 100 - ys[ci] + s - zs[lv] > 0 ? [lv] : []));
          expect(found).toEqual(expected);
          top.vol.subarray(0, top.n).forEach((lv, i) => expect(top.score[i]).toBe(pairs[ci][lv]));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the L largest violations when it may add only L', () => {
    fc.assert(
      fc.property(dualsArb, fc.integer({ min: 1, max: 4 }), ([inst, zs, ys], L) => {
        const { kids, vols, pairs } = setup([inst.children, inst.volunteers, inst.rules]);
        const index = new PairIndex(kids, vols);
        index.sortBy(Float64Array.from(vols, (_, i) => zs[i]));
        kids.forEach((_, ci) => {
          const top = new TopL(L);
          index.price(ci, 100 - ys[ci], top);
          const all = pairs[ci].flatMap((s, lv) => (s >= 0 && 100 - ys[ci] + s - zs[lv] > 0 ? [100 - ys[ci] + s - zs[lv]] : []));
          const best = all.sort((a, b) => b - a).slice(0, L);
          expect(Array.from(top.viol.subarray(0, top.n)).sort((a, b) => b - a)).toEqual(best);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('pair index, big nodes (sorted class views)', () => {
  // A node with more than SMALL (64) classes is walked through a view sorted by bound − least z,
  // packed as one number while z is below 2^40 and by a comparator above it (duals grow with the
  // lexicographic weights of a large instance). Shifting every dual and the base by 2^45 keeps
  // every violation the same and takes the comparator path (2^45·2048 would lose the position).
  const manyClasses = (nv: number) => fc.tuple(fc.tuple(...Array.from({ length: 6 }, (_, i) => childArb(`c${i}`))), fc.tuple(...Array.from({ length: nv }, (_, i) => volunteerArb(`v${i}`, 2))));
  const check = (children: MatchChild[], volunteers: MatchVolunteer[], zs: number[], ys: number[], shift: number) => {
    const p = prepare(children, volunteers.map((v) => ({ ...v, freeCapacity: 1 })), { areaRule: 'any' });
    const { children: kids, volunteers: vols } = p;
    const index = new PairIndex(kids, vols);
    const rootClasses = new Set(vols.map((v, lv) => index.classes.classAt(v, lv, 0)));
    expect(rootClasses.size).toBeGreaterThan(64);
    index.sortBy(Float64Array.from(vols, (_, i) => zs[i % zs.length] + shift));
    kids.forEach((c, ci) => {
      const top = new TopL(vols.length + 1);
      index.price(ci, 100 - ys[ci] + shift, top);
      const found = Array.from(top.vol.subarray(0, top.n)).sort((a, b) => a - b);
      const expected = vols.flatMap((v, lv) => (eligible(c, v) && 100 - ys[ci] + pairScore(c, v) - zs[lv % zs.length] > 0 ? [lv] : []));
      expect(found).toEqual(expected);
    });
    return rootClasses.size;
  };

  it('finds every violated pair, with duals below and above 2^40', () => {
    fc.assert(
      fc.property(manyClasses(220), fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 220, maxLength: 220 }), fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 6, maxLength: 6 }), fc.constantFrom(0, 2 ** 45), ([children, volunteers], zs, ys, shift) => {
        check(children, volunteers, zs, ys, shift);
      }),
      { numRuns: 20 },
    );
  });
});

describe('pair index, preferred areas', () => {
  it("finds a volunteer elsewhere whose only edge is the child's street being her preferred area", () => {
    const child = { id: 'c', orgPath: ['C', 'D0', 'D0S0', 'D0S0K0'], sex: 'M' as const, age: 8, category: '困境', riskLevel: 'low' as const, needs: [] };
    const far = { id: 'far', orgPath: ['C', 'D1', 'D1S0', 'D1S0K0'], role: 'local' as const, freeCapacity: 1, skills: [], preferences: { areaCodes: ['D0S0'] } };
    const p = prepare([child], [far], { areaRule: 'any' });
    const index = new PairIndex(p.children, p.volunteers);
    index.sortBy(new Float64Array(1));
    expect(pairScore(p.children[0], p.volunteers[0])).toBe(10 + 5); // same city, preferred street
    // b = −12: a violation of 3 with the +5, none without it.
    const top = new TopL(1);
    index.price(0, -12, top);
    expect(Array.from(top.viol.subarray(0, top.n))).toEqual([3]);
  });
});

describe('pair index, across cities', () => {
  it("finds a volunteer of another city under the 'any' rule: they share only the programme's root", () => {
    const child = { id: 'c', orgPath: ['C0', 'C0D0', 'C0D0S0', 'C0D0S0K0'], sex: 'F' as const, age: 9, category: '困境', riskLevel: 'low' as const, needs: [] };
    const near = { id: 'near', orgPath: ['C0', 'C0D1', 'C0D1S0', 'C0D1S0K0'], role: 'remote' as const, freeCapacity: 1, skills: [], preferences: {} };
    const far = { id: 'far', orgPath: ['C1', 'C1D0', 'C1D0S0', 'C1D0S0K0'], role: 'remote' as const, freeCapacity: 1, skills: [], preferences: {} };
    const p = prepare([child], [near, far], { areaRule: 'any' });
    const index = new PairIndex(p.children, p.volunteers);
    index.sortBy(new Float64Array(2));
    const top = new TopL(2);
    index.price(0, 1, top); // any score gives a violation: both must be found
    expect(Array.from(top.vol.subarray(0, top.n)).map((lv) => p.volunteers[lv].src.id).sort()).toEqual(['far', 'near']);
    top.vol.subarray(0, top.n).forEach((lv, i) => expect(top.score[i]).toBe(pairScore(p.children[0], p.volunteers[lv])));
  });
});

describe('components', () => {
  const kid = (id: string, orgPath: string[], over: Partial<MatchChild> = {}): MatchChild => ({
    id, orgPath, sex: 'F', age: 8, category: '困境', riskLevel: 'low', needs: [], ...over,
  });
  const mum = (id: string, orgPath: string[]): MatchVolunteer => ({ id, orgPath, role: 'local', freeCapacity: 1, skills: [] });
  // Without a leader level a volunteer serves her own node: scope ids are her path's last prefix.
  const rules: MatchRules = { areaRule: 'by_leader_level', target: { categories: ['困境'] } };

  it('joins two scopes through a child below both, high risk first, and leaves out children no one may reach or the programme refuses', () => {
    const p = prepare(
      [
        kid('refused', ['C', 'D1'], { category: '留守' }),
        kid('under-both', ['C', 'D1']),
        kid('high', ['C', 'D1', 'S1'], { riskLevel: 'high' }),
        kid('elsewhere', ['X']),
        kid('alone', ['C', 'D2']),
      ],
      [mum('city', ['C']), mum('district', ['C', 'D1']), mum('other', ['C', 'D2', 'S9'])],
      rules,
    );
    // 'city' is scoped to node 1 (C, interned right after the root): the refused child, below it,
    // must not join it; 'other' serves a node no child is under.
    expect(p.volunteers[0].scopeId).toBe(1);
    expect(components(p)).toEqual([{ children: [2, 1, 4], volunteers: [0, 1] }]);
  });
});
