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
  /** Work of this solve: shortest-path searches run, and nodes they settled (bench/matching.ts;
   * tests pin them, so a pruning or warm-start rule that quietly stops pruning is noticed). */
  paths: number;
  settled: number;
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
      // Stryker disable next-line EqualityOperator: at c === n, keys[n] is the key being placed, so the `>=` below breaks anyway
      if (c >= n) break;
      // Stryker disable next-line ConditionalExpression: with c + 1 === n, keys[n] is the key being placed: a swap to it breaks below as the original does
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

/**
 * Warm start between pricing rounds. New arcs only ever join, each with a negative reduced cost
 * at the current potentials. The children groups that got one are taken out (their flow removed,
 * h = 0 as for a group not yet routed). A volunteer group that loses flow and had h < 0 must get
 * h = 0 (it has room again); then every routed group with flow into it, or an arc into it that
 * would now have a negative reduced cost, is taken out too, and so on. What is left is a flow over
 * the routed groups whose potentials still give every residual arc a reduced cost ≥ 0 — exactly
 * the state successive shortest paths is in between two groups — so routing the groups taken out
 * ends at the same optimum, with the same certificate, as routing everything from scratch.
 */
export class FlowSolver {
  private readonly h: Float64Array;
  private readonly dist: Float64Array;
  private readonly seen: Int32Array;
  private readonly done: Int32Array;
  private readonly via: Int32Array;
  private readonly settled: Int32Array;
  private readonly load: Int32Array;
  private readonly unmatched: Int32Array;
  private readonly routed: Uint8Array;
  private readonly supply: Int32Array;
  private readonly heap = new Heap();
  private run = 0;
  private paths = 0;
  private settledCount = 0;
  private start: Int32Array;
  private adjV: Int32Array = new Int32Array(0);
  private adjW: Float64Array = new Float64Array(0);
  private flow: Int32Array = new Int32Array(0);
  private arcChild: Int32Array = new Int32Array(0);
  private pos: Int32Array = new Int32Array(0);
  private into: number[][];

  constructor(
    private readonly nC: number,
    private readonly nV: number,
    supply: Int32Array | undefined,
    private readonly cap: Int32Array,
    private readonly order: ArrayLike<number>,
    private readonly M: number,
  ) {
    const N = nC + nV;
    this.h = new Float64Array(N);
    this.dist = new Float64Array(N);
    this.seen = new Int32Array(N);
    this.done = new Int32Array(N);
    this.via = new Int32Array(N);
    this.settled = new Int32Array(N);
    this.load = new Int32Array(nV);
    this.unmatched = new Int32Array(nC);
    this.routed = new Uint8Array(nC);
    this.supply = supply ?? new Int32Array(nC).fill(1);
    this.into = Array.from({ length: nV }, () => []);
    this.start = new Int32Array(nC + 1);
  }

  /** Solves on these arcs: the previous call's arcs of each child group plus new ones after them. */
  solve(start: Int32Array, adjV: Int32Array, adjW: Float64Array): FlowSolution {
    const { nC, nV } = this;
    const old = this.start;
    const oldFlow = this.flow;
    this.start = start;
    this.adjV = adjV;
    this.adjW = adjW;
    this.flow = new Int32Array(start[nC]);
    // Stryker disable next-line UnaryOperator: pos is read only for arcs carrying flow, which setFlow has given a position
    this.pos = new Int32Array(start[nC]).fill(-1);
    this.arcChild = new Int32Array(start[nC]);
    for (let v = 0; v < nV; v++) this.into[v].length = 0;
    this.paths = 0;
    this.settledCount = 0;
    const grown: number[] = [];
    // Stryker disable next-line EqualityOperator: one step past the end reads and fills nothing (typed arrays, NaN bounds)
    for (let c = 0; c < nC; c++) {
      this.arcChild.fill(c, start[c], start[c + 1]);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: setFlow(a, 0) on an arc without flow changes nothing
      for (let k = 0, n = old[c + 1] - old[c]; k < n; k++) if (oldFlow[old[c] + k] > 0) this.setFlow(start[c] + k, oldFlow[old[c] + k]);
      if (start[c + 1] - start[c] > old[c + 1] - old[c]) grown.push(c);
    }
    this.takeOut(grown);
    // Stryker disable next-line EqualityOperator: order[length] is undefined, and routing group undefined has no supply to send
    for (let k = 0; k < this.order.length; k++) if (!this.routed[this.order[k]]) this.route(this.order[k]);
    return this.solution();
  }

  private setFlow(a: number, f: number): void {
    const list = this.into[this.adjV[a]];
    const { flow, pos } = this;
    if (flow[a] === 0 && f > 0) { pos[a] = list.length; list.push(a); }
    else if (flow[a] > 0 && f === 0) {
      const last = list.pop()!;
      if (last !== a) { list[pos[a]] = last; pos[last] = pos[a]; }
      // Stryker disable next-line UnaryOperator: an arc without flow has no position to read (see solve)
      pos[a] = -1;
    }
    flow[a] = f;
  }

  /** Takes these groups out, and whatever must follow them (see the class comment). */
  private takeOut(groups: number[]): void {
    const { nC, h, M, start, adjV, adjW, flow } = this;
    let arcsInto: Int32Array[] | null = null;
    const dirty: number[] = [];
    const out = (c: number): void => {
      // Stryker disable next-line ConditionalExpression: a group not routed carries no flow and already has h = 0 and none unmatched
      if (!this.routed[c]) return;
      this.routed[c] = 0;
      for (let a = start[c]; a < start[c + 1]; a++) {
        if (flow[a] === 0) continue;
        const v = adjV[a];
        this.load[v] -= flow[a];
        this.setFlow(a, 0);
        // Stryker disable next-line ConditionalExpression,EqualityOperator: h ≤ 0 always, and the loop below skips a volunteer group with h = 0
        if (h[nC + v] < 0) dirty.push(v);
      }
      this.unmatched[c] = 0;
      h[c] = 0;
    };
    groups.forEach(out);
    while (dirty.length > 0) {
      const v = dirty.pop()!;
      if (h[nC + v] === 0) continue;
      h[nC + v] = 0;
      arcsInto ??= this.reverse();
      for (const a of arcsInto[v]) {
        const c = this.arcChild[a];
        // An arc with flow is tight (M − w + h[c] = h[v], her old h < 0), so after the reset its
        // reduced cost is negative too: this one test finds both the groups with flow into her
        // and the arcs her reset made negative.
        if (this.routed[c] && M - adjW[a] + h[c] < 0) out(c);
      }
    }
  }

  private reverse(): Int32Array[] {
    const count = new Int32Array(this.nV);
    // Stryker disable next-line EqualityOperator: count[undefined]++ one step past the end touches no element
    for (let a = 0; a < this.adjV.length; a++) count[this.adjV[a]]++;
    const lists = Array.from(count, (n) => new Int32Array(n));
    count.fill(0);
    for (let a = 0; a < this.adjV.length; a++) lists[this.adjV[a]][count[this.adjV[a]]++] = a;
    return lists;
  }

  /** Routes all of group c0 along shortest paths (see the file comment). */
  private route(c0: number): void {
    const { nC, M, h, dist, seen, done, via, settled, heap, load, cap, start, adjV, adjW, into, arcChild } = this;
    this.routed[c0] = 1;
    let rest = this.supply[c0];
    while (rest > 0) {
      // Stryker disable next-line UpdateOperator: counting down gives distinct stamps as well, never the arrays' initial 0
      const run = ++this.run;
      heap.size = 0;
      let nSettled = 0;
      let best = Infinity; // tentative sink distance
      // Stryker disable next-line UnaryOperator: always overwritten: c0 is settled first and its unmatched arc costs less than Infinity
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
      this.paths++;
      this.settledCount += nSettled;
      rest -= this.augment(c0, bestFrom, rest);
    }
  }

  /** Sends as much as the path back from the sink allows (at most `most`); returns how much. */
  private augment(c0: number, last: number, most: number): number {
    const { nC, cap, load, via, flow, arcChild, adjV } = this;
    let amount = most;
    if (last >= nC) amount = Math.min(amount, cap[last - nC] - load[last - nC]);
    // A shortest path is simple; a longer walk means corrupted state, so fail loudly.
    let steps = 0;
    // Stryker disable next-line UpdateOperator: only the guard below reads steps
    for (let u = last; u !== c0; steps++) {
      // Stryker disable next-line all: a guard against corrupted state; every input the solver can be given keeps paths simple
      if (steps > 2 * (nC + this.nV)) throw new Error('matching: augmenting path does not end');
      const a = via[u];
      if (u >= nC) u = arcChild[a];
      else { amount = Math.min(amount, flow[a]); u = nC + adjV[a]; }
    }
    if (last >= nC) load[last - nC] += amount;
    else this.unmatched[last] += amount;
    for (let u = last; u !== c0; ) {
      const a = via[u];
      if (u >= nC) { this.setFlow(a, flow[a] + amount); u = arcChild[a]; }
      else { this.setFlow(a, flow[a] - amount); u = nC + adjV[a]; }
    }
    return amount;
  }

  private solution(): FlowSolution {
    const { nC, nV, h, M } = this;
    // Within a solve a potential only decreases after its reset to 0 (takeOut), so the values
    // checked at the end of each solve bound every value used (weights.ts).
    // Stryker disable next-line all: a guard against weights outside weights.ts's exact range, which lexWeights refuses before any solve
    for (let u = 0; u < nC + nV; u++) if (!(h[u] >= -2 * M)) throw new Error('matching: potentials left the exact range');
    const z = new Float64Array(nV);
    // Stryker disable next-line EqualityOperator: writing z[nV] or y[nC] one step past the end does nothing (typed arrays)
    for (let v = 0; v < nV; v++) z[v] = h[nC + v] < 0 ? -h[nC + v] : 0; // h ≤ 0; avoid −0
    const y = new Float64Array(nC);
    // Stryker disable next-line EqualityOperator: as for z above
    for (let c = 0; c < nC; c++) y[c] = M + h[c];
    return { flow: this.flow.slice(), unmatched: this.unmatched.slice(), y, z, paths: this.paths, settled: this.settledCount };
  }
}

/** One solve from scratch. */
export function solveFlow(g: FlowInput): FlowSolution {
  return new FlowSolver(g.nC, g.nV, g.supply, g.cap, g.order, g.M).solve(g.start, g.adjV, g.adjW);
}
