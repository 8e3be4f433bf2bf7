/**
 * Exact min-cost flow for one component: source → child (cap 1) → volunteer (cap 1 per pair)
 * → sink (cap = free capacity), plus child → "unmatched" → sink at cost M. Arc costs are
 * M − w ≥ 0 (see weights.ts), so the min-cost flow that routes every child maximises Σ w.
 *
 * Successive shortest paths, one child at a time (the Hungarian / Jonker–Volgenant scheme):
 * after children 1..k are routed the flow is min-cost for them; routing child k+1 along a
 * shortest path in the residual graph keeps that true. Dijkstra runs on reduced costs
 * c(u,x) + h(u) − h(x) ≥ 0 and stops as soon as the sink is settled, so a child whose best
 * volunteer is free costs one heap pop. Afterwards only settled nodes move:
 * h(u) += dist(u) − D (D = sink distance), which keeps every reduced cost ≥ 0.
 *
 * Duals for the certificate (LP: max Σ w x, Σ_v x_cv ≤ 1, Σ_c x_cv ≤ cap_v):
 * z_v = −h(v) ≥ 0 and 0 for a volunteer with room (her arc to the sink keeps h(v) = 0), and
 * y_c = w(c, own volunteer) − z_v, or 0 when unmatched. Complementary slackness then holds and
 * y_c + z_v ≥ w holds on every arc in the network; the engine checks it on all other pairs.
 */
export interface FlowInput {
  nC: number;
  nV: number;
  cap: Int32Array;
  /** Arcs in CSR by child: volunteers adjV[start[c]..start[c+1]) with weights adjW. */
  start: Int32Array;
  adjV: Int32Array;
  adjW: Float64Array;
  /** Order in which children are routed (any order gives the same optimum value). */
  order: ArrayLike<number>;
  M: number;
}

export interface FlowSolution {
  /** Volunteer index per child, or −1. */
  assign: Int32Array;
  assignW: Float64Array;
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
  /** Removes the minimum; read it from topKey/topVal first. */
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
  const N = nC + nV; // children 0..nC-1, volunteers nC..N-1; the sink is implicit
  const h = new Float64Array(N);
  const dist = new Float64Array(N);
  const seen = new Int32Array(N); // run number when dist was set
  const done = new Int32Array(N); // run number when settled
  const parent = new Int32Array(N);
  const parentW = new Float64Array(N); // weight of the arc child → volunteer used to reach a volunteer
  const settled = new Int32Array(N);
  const assign = new Int32Array(nC).fill(-1);
  const assignW = new Float64Array(nC);
  // Children held by each volunteer, in slots memberStart[v] .. + load[v].
  const memberStart = new Int32Array(nV + 1);
  for (let v = 0; v < nV; v++) memberStart[v + 1] = memberStart[v] + cap[v];
  const members = new Int32Array(memberStart[nV]);
  const load = new Int32Array(nV);
  const heap = new Heap();

  const removeMember = (v: number, c: number): void => {
    const s = memberStart[v];
    const last = s + --load[v];
    for (let i = s; i <= last; i++) if (members[i] === c) { members[i] = members[last]; break; }
  };

  for (let run = 1; run <= g.order.length; run++) {
    const c0 = g.order[run - 1];
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
        // Leave u unmatched (for c0: stay unmatched): cost M, h(sink) = 0.
        const toSink = d + M + hu;
        if (toSink < best) { best = toSink; bestFrom = u; }
        const own = assign[u];
        for (let e = start[u], end = start[u + 1]; e < end; e++) {
          const v = adjV[e];
          if (v === own) continue;
          const x = nC + v;
          const nd = d + (M - adjW[e]) + hu - h[x];
          if (seen[x] !== run || nd < dist[x]) {
            seen[x] = run; dist[x] = nd; parent[x] = u; parentW[x] = adjW[e];
            heap.push(nd, x);
          }
        }
      } else {
        const v = u - nC;
        if (load[v] < cap[v] && d + hu < best) { best = d + hu; bestFrom = u; }
        for (let i = memberStart[v], end = i + load[v]; i < end; i++) {
          const c = members[i];
          const nd = d - (M - assignW[c]) + hu - h[c];
          if (seen[c] !== run || nd < dist[c]) {
            seen[c] = run; dist[c] = nd; parent[c] = u;
            heap.push(nd, c);
          }
        }
      }
    }
    for (let i = 0; i < nSettled; i++) h[settled[i]] += dist[settled[i]] - best;
    augment(c0, bestFrom);
  }

  /** Walk the path back from the sink, moving each child on it to its new volunteer. */
  function augment(c0: number, last: number): void {
    let v: number;
    if (last < nC) {
      if (last === c0) return; // c0 stays unmatched
      v = assign[last];
      removeMember(v, last);
      assign[last] = -1;
    } else {
      v = last - nC;
    }
    for (let steps = 0; ; steps++) {
      // A shortest path is simple; a longer walk means corrupted state, so fail loudly.
      if (steps > nC) throw new Error('matching: augmenting path does not end');
      const x = nC + v;
      const c = parent[x];
      const old = assign[c];
      members[memberStart[v] + load[v]++] = c;
      assign[c] = v;
      assignW[c] = parentW[x];
      if (c === c0) return;
      removeMember(old, c);
      v = old;
    }
  }

  // Potentials only decrease, so the final ones bound every value used above (weights.ts).
  for (let u = 0; u < N; u++) if (!(h[u] >= -2 * M)) throw new Error('matching: potentials left the exact range');
  const z = new Float64Array(nV);
  for (let v = 0; v < nV; v++) z[v] = h[nC + v] < 0 ? -h[nC + v] : 0; // h ≤ 0; avoid −0
  const y = new Float64Array(nC);
  for (let c = 0; c < nC; c++) y[c] = assign[c] >= 0 ? assignW[c] - z[assign[c]] : 0;
  return { assign, assignW, y, z };
}
