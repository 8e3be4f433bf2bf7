/**
 * Exact min-cost flow for one component, over groups of interchangeable children and volunteers
 * (groups.ts; a group may be one person): source → child group (supply = its children) →
 * volunteer group (uncapacitated arcs) → sink (cap = the group's free places), plus child group →
 * "unmatched" → sink at cost M. Arc costs are M − w ≥ 0 (see weights.ts), so the min-cost flow
 * that routes every child maximises Σ w.
 *
 * Successive shortest paths, one child group at a time (the Hungarian / Jonker–Volgenant scheme):
 * after groups 1..k are routed the flow is min-cost for them; routing more of group k+1 along a
 * shortest path in the residual graph keeps that true. Each path carries as many children as it
 * can at once (the group's rest, the flow on its backward arcs, the room at its end), so a
 * thousand identical children cost one path, not a thousand. Dijkstra runs on reduced costs
 * c(u,x) + h(u) − h(x) ≥ 0 and stops as soon as the sink is settled. Afterwards only settled
 * nodes move: h(u) += dist(u) − D (D = sink distance), which keeps every reduced cost ≥ 0.
 *
 * Duals for the certificate (LP: max Σ w f, Σ_v f_cv ≤ supply_c, Σ_c f_cv ≤ cap_v):
 * y_c = M + h(c) (the reduced cost of the unmatched arc, ≥ 0, 0 when some of c is unmatched),
 * z_v = −h(v) (0 for a group with room: its arc to the sink keeps h(v) = 0). Reduced costs ≥ 0
 * give y_c + z_v ≥ w on every arc in the network and equality where flow runs; the engine checks
 * the inequality on all other pairs.
 */
export interface FlowInput {
  nC: number;
  nV: number;
  /** Children per child group; all 1 when omitted. */
  supply?: Int32Array;
  cap: Int32Array;
  /** Arcs in CSR by child group: volunteer groups adjV[start[c]..start[c+1]) with weights adjW. */
  start: Int32Array;
  adjV: Int32Array;
  adjW: Float64Array;
  /** Order in which child groups are routed (any order gives the same optimum value). */
  order: ArrayLike<number>;
  M: number;
}

export interface FlowSolution {
  /** Children sent along each arc. */
  flow: Int32Array;
  /** Children of each group left unmatched. */
  unmatched: Int32Array;
  y: Float64Array;
  z: Float64Array;
}

class Heap {
  keys = new Float64Array(1024);
  vals = new Int32Array(1024);
  size = 0;
  push(key: number, val: number): void {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.size * 2);
      k.set(this.keys);
      this.keys = k;
      const v = new Int32Array(this.size * 2);
      v.set(this.vals);
      this.vals = v;
    }
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.keys[p] <= key) break;
      this.keys[i] = this.keys[p];
      this.vals[i] = this.vals[p];
      i = p;
    }
    this.keys[i] = key;
    this.vals[i] = val;
  }
  /** Removes the minimum; read it from keys[0]/vals[0] first. */
  pop(): void {
    const n = --this.size;
    const key = this.keys[n];
    const val = this.vals[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.keys[c + 1] < this.keys[c]) c++;
      if (this.keys[c] >= key) break;
      this.keys[i] = this.keys[c];
      this.vals[i] = this.vals[c];
      i = c;
    }
    this.keys[i] = key;
    this.vals[i] = val;
  }
}

export function solveFlow(g: FlowInput): FlowSolution {
  const { nC, nV, cap, start, adjV, adjW, M } = g;
  const nA = start[nC];
  const N = nC + nV; // child groups 0..nC-1, volunteer groups nC..N-1; the sink is implicit
  const h = new Float64Array(N);
  const dist = new Float64Array(N);
  const seen = new Int32Array(N); // run number when dist was set
  const done = new Int32Array(N); // run number when settled
  const via = new Int32Array(N); // the arc a node was reached along (forward into a volunteer, backward into a child)
  const settled = new Int32Array(N);
  const flow = new Int32Array(nA);
  const unmatched = new Int32Array(nC);
  const load = new Int32Array(nV);
  const arcChild = new Int32Array(nA);
  for (let c = 0; c < nC; c++) arcChild.fill(c, start[c], start[c + 1]);
  // Arcs carrying flow into each volunteer group (the backward arcs), unordered; pos = index or −1.
  const into: number[][] = Array.from({ length: nV }, () => []);
  const pos = new Int32Array(nA).fill(-1);
  const heap = new Heap();
  let run = 0;

  const setFlow = (a: number, f: number): void => {
    const list = into[adjV[a]];
    if (flow[a] === 0 && f > 0) { pos[a] = list.length; list.push(a); }
    else if (flow[a] > 0 && f === 0) {
      const last = list.pop()!;
      if (last !== a) { list[pos[a]] = last; pos[last] = pos[a]; }
      pos[a] = -1;
    }
    flow[a] = f;
  };

  for (let k = 0; k < g.order.length; k++) {
    const c0 = g.order[k];
    let rest = g.supply ? g.supply[c0] : 1;
    while (rest > 0) {
      run++;
      heap.size = 0;
      let nSettled = 0;
      let best = Infinity; // tentative sink distance
      let bestFrom = -1;
      dist[c0] = 0;
      seen[c0] = run;
      heap.push(0, c0);
      while (heap.size > 0) {
        const d = heap.keys[0];
        const u = heap.vals[0];
        heap.pop();
        if (d >= best) break;
        if (done[u] === run || d > dist[u]) continue;
        done[u] = run;
        settled[nSettled++] = u;
        const hu = h[u];
        if (u < nC) {
          // Leave (this much of) u unmatched: cost M, h(sink) = 0.
          const toSink = d + M + hu;
          if (toSink < best) { best = toSink; bestFrom = u; }
          for (let e = start[u], end = start[u + 1]; e < end; e++) {
            const x = nC + adjV[e];
            const nd = d + (M - adjW[e]) + hu - h[x];
            if (seen[x] !== run || nd < dist[x]) {
              seen[x] = run; dist[x] = nd; via[x] = e;
              heap.push(nd, x);
            }
          }
        } else {
          const v = u - nC;
          if (load[v] < cap[v] && d + hu < best) { best = d + hu; bestFrom = u; }
          const list = into[v];
          for (let i = 0; i < list.length; i++) {
            const a = list[i];
            const c = arcChild[a];
            const nd = d - (M - adjW[a]) + hu - h[c];
            if (seen[c] !== run || nd < dist[c]) {
              seen[c] = run; dist[c] = nd; via[c] = a;
              heap.push(nd, c);
            }
          }
        }
      }
      for (let i = 0; i < nSettled; i++) h[settled[i]] += dist[settled[i]] - best;
      rest -= augment(c0, bestFrom, rest);
    }
  }

  /** Sends as much as the path back from the sink allows (at most `most`); returns how much. */
  function augment(c0: number, last: number, most: number): number {
    let amount = most;
    if (last >= nC) amount = Math.min(amount, cap[last - nC] - load[last - nC]);
    // A shortest path is simple; a longer walk means corrupted state, so fail loudly.
    let steps = 0;
    for (let u = last; u !== c0; steps++) {
      if (steps > 2 * N) throw new Error('matching: augmenting path does not end');
      const a = via[u];
      if (u >= nC) u = arcChild[a];
      else { amount = Math.min(amount, flow[a]); u = nC + adjV[a]; }
    }
    if (last >= nC) load[last - nC] += amount;
    else unmatched[last] += amount;
    for (let u = last; u !== c0; ) {
      const a = via[u];
      if (u >= nC) { setFlow(a, flow[a] + amount); u = arcChild[a]; }
      else { setFlow(a, flow[a] - amount); u = nC + adjV[a]; }
    }
    return amount;
  }

  // Potentials only decrease, so the final ones bound every value used above (weights.ts).
  for (let u = 0; u < N; u++) if (!(h[u] >= -2 * M)) throw new Error('matching: potentials left the exact range');
  const z = new Float64Array(nV);
  for (let v = 0; v < nV; v++) z[v] = h[nC + v] < 0 ? -h[nC + v] : 0; // h ≤ 0; avoid −0
  const y = new Float64Array(nC);
  for (let c = 0; c < nC; c++) y[c] = M + h[c];
  return { flow, unmatched, y, z };
}
