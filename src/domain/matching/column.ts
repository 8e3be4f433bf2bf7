import type { Prepared } from './prepare';
import type { Component } from './components';
import { MAX_SCORE } from './pair';
import { solveFlow } from './flow';
import { lexWeights } from './weights';
import { PairIndex, TopL } from './pricing';

export interface ComponentOutcome {
  /** Global volunteer index per component child (in comp.children order), or −1. */
  assigned: Int32Array;
  /** 1 where the child has at least one eligible volunteer. */
  hasEligible: Uint8Array;
  arcs: number;
  rounds: number;
  priced: number;
}

/**
 * Column generation for one component (engine.ts explains why the result is exact): solve the
 * flow on the arcs found so far, price every eligible pair against its duals through PairIndex,
 * add the L most violated arcs per child, repeat until none violates.
 */
export function solveComponent(p: Prepared, comp: Component, L: number): ComponentOutcome {
  const nC = comp.children.length;
  const nV = comp.volunteers.length;
  const kids = comp.children.map((ci) => p.children[ci]);
  const vols = comp.volunteers.map((vi) => p.volunteers[vi]);
  const cap = Int32Array.from(vols, (v) => v.cap);
  const W = lexWeights(Math.min(nC, cap.reduce((a, b) => a + b, 0)), MAX_SCORE);
  const base = Float64Array.from(kids, (c) => (c.high ? W.A : 0) + W.B);
  const index = new PairIndex(kids, vols);
  const hasEligible = new Uint8Array(nC);
  let priced = 0;

  const arcV: number[][] = kids.map(() => []);
  const arcW: number[][] = kids.map(() => []);
  let y: Float64Array = new Float64Array(nC);
  let z: Float64Array = new Float64Array(nV);
  let assign: Int32Array = new Int32Array(nC).fill(-1);
  const top = new TopL(L);
  const order = Int32Array.from({ length: nC }, (_, i) => i);
  let arcs = 0;
  let rounds = 0;
  for (;;) {
    index.sortBy(z);
    let added = 0;
    for (let ci = 0; ci < nC; ci++) {
      top.reset();
      priced += index.price(ci, base[ci] - y[ci], top);
      // With y = z = 0 every eligible pair violates, so the first round finds one if there is one.
      if (rounds === 0 && top.n > 0) hasEligible[ci] = 1;
      for (let i = 0; i < top.n; i++) {
        arcV[ci].push(top.vol[i]);
        arcW[ci].push(base[ci] + top.score[i]);
      }
      added += top.n;
    }
    if (added === 0) break;
    arcs += added;
    // Each round adds arcs not yet in the network (those never violate), so this bounds the loop.
    if (++rounds > nC * nV + 1) throw new Error('matching: pricing did not converge');
    ({ y, z, assign } = solveFlow({ nC, nV, cap, ...csr(arcV, arcW), order, M: W.M }));
  }
  const assigned = Int32Array.from(assign, (v) => (v >= 0 ? comp.volunteers[v] : -1));
  return { assigned, hasEligible, arcs, rounds, priced };
}

function csr(arcV: number[][], arcW: number[][]): { start: Int32Array; adjV: Int32Array; adjW: Float64Array } {
  const nC = arcV.length;
  const start = new Int32Array(nC + 1);
  for (let ci = 0; ci < nC; ci++) start[ci + 1] = start[ci] + arcV[ci].length;
  const adjV = new Int32Array(start[nC]);
  const adjW = new Float64Array(start[nC]);
  for (let ci = 0; ci < nC; ci++) {
    adjV.set(arcV[ci], start[ci]);
    adjW.set(arcW[ci], start[ci]);
  }
  return { start, adjV, adjW };
}
