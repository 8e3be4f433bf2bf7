import type { Prepared } from './prepare';
import type { Component } from './components';
import { MAX_SCORE } from './pair';
import { FlowSolver } from './flow';
import { groupComponent } from './groups';
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
  walks: number;
  /** The flow's work over all rounds (FlowSolution.paths, .settled). */
  paths: number;
  settled: number;
}

/**
 * Column generation for one component (engine.ts explains why the result is exact), over groups
 * of interchangeable people (groups.ts): solve the flow on the arcs found so far, price every
 * eligible pair of groups against its duals through PairIndex, add the L most violated arcs per
 * child group, repeat until none violates; then hand each group's flow out to its members.
 */
export function solveComponent(p: Prepared, comp: Component, L: number): ComponentOutcome {
  const g = groupComponent(p, comp);
  const nC = g.kids.length;
  const nV = g.vols.length;
  const totalCap = g.cap.reduce((a, b) => a + b, 0);
  const W = lexWeights(Math.min(comp.children.length, totalCap), MAX_SCORE);
  const base = Float64Array.from(g.kids, (c) => (c.high ? W.A : 0) + W.B);
  const index = new PairIndex(g.kids, g.vols);
  const hasEligible = new Uint8Array(nC);
  let priced = 0;

  const arcV: number[][] = g.kids.map(() => []);
  const arcW: number[][] = g.kids.map(() => []);
  let y: Float64Array = new Float64Array(nC);
  let z: Float64Array = new Float64Array(nV);
  let flow: Int32Array = new Int32Array(0);
  let arcs = csr(arcV, arcW);
  const top = new TopL(L);
  // High-risk groups first (the routing order; it speeds up, never changes, the optimum).
  const order = Int32Array.from({ length: nC }, (_, i) => i).sort((a, b) => Number(g.kids[b].high) - Number(g.kids[a].high) || a - b);
  const solver = new FlowSolver(nC, nV, g.supply, g.cap, order, W.M);
  let added = 0;
  let rounds = 0;
  let paths = 0;
  let settled = 0;
  for (;;) {
    index.sortBy(z);
    let found = 0;
    for (let ci = 0; ci < nC; ci++) {
      top.reset();
      priced += index.price(ci, base[ci] - y[ci], top);
      // With y = z = 0 every eligible pair violates, so the first round finds one if there is one.
      if (rounds === 0 && top.n > 0) hasEligible[ci] = 1;
      for (let i = 0; i < top.n; i++) {
        arcV[ci].push(top.vol[i]);
        arcW[ci].push(base[ci] + top.score[i]);
      }
      found += top.n;
    }
    if (found === 0) break;
    added += found;
    // Each round adds arcs not yet in the network (those never violate), so this bounds the loop.
    if (++rounds > nC * nV + 1) throw new Error('matching: pricing did not converge');
    arcs = csr(arcV, arcW);
    const sol = solver.solve(arcs.start, arcs.adjV, arcs.adjW);
    ({ y, z, flow } = sol);
    paths += sol.paths;
    settled += sol.settled;
  }
  return { assigned: handOut(p, comp, g, arcs, flow), hasEligible: expand(comp, g.kidMembers, hasEligible), arcs: added, rounds, priced, walks: index.walks, paths, settled };
}

/** Each group's children go, in order, to its volunteer groups' members while they have places. */
function handOut(p: Prepared, comp: Component, g: ReturnType<typeof groupComponent>, arcs: Csr, flow: Int32Array): Int32Array {
  const at = new Map(comp.children.map((ci, i) => [ci, i]));
  const assigned = new Int32Array(comp.children.length).fill(-1);
  const next = new Int32Array(g.vols.length); // first member of each volunteer group with places left
  const used = new Map<number, number>();
  g.kids.forEach((_, k) => {
    const members = g.kidMembers[k];
    let m = 0;
    for (let a = arcs.start[k]; a < arcs.start[k + 1]; a++) {
      const u = arcs.adjV[a];
      for (let n = flow.length > a ? flow[a] : 0; n > 0; n--) {
        let vi = g.volMembers[u][next[u]];
        while ((used.get(vi) ?? 0) >= p.volunteers[vi].cap) vi = g.volMembers[u][++next[u]];
        used.set(vi, (used.get(vi) ?? 0) + 1);
        assigned[at.get(members[m++])!] = vi;
      }
    }
  });
  return assigned;
}

function expand(comp: Component, members: number[][], perGroup: Uint8Array): Uint8Array {
  const at = new Map(comp.children.map((ci, i) => [ci, i]));
  const out = new Uint8Array(comp.children.length);
  members.forEach((list, k) => list.forEach((ci) => (out[at.get(ci)!] = perGroup[k])));
  return out;
}

interface Csr {
  start: Int32Array;
  adjV: Int32Array;
  adjW: Float64Array;
}

function csr(arcV: number[][], arcW: number[][]): Csr {
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
