import type { PChild, PVolunteer } from './prepare';
import { eligible, pairScore } from './pair';
import * as consts from './classes';
import { Classes } from './classes';

// Called per pair: bundlers (esbuild/tsx) compile imported bindings to getter calls, which
// would cost more than the work itself, so bind them once.
const isEligible = eligible;
const scoreOf = pairScore;
const { MAX_CLASSES, MET, PER_NEED, PREF_AGE, PREF_AREA, PREF_SEX, PROX_BY_LEVEL } = consts;

/** The L largest violations offered, unordered. */
export class TopL {
  viol: Float64Array;
  vol: Int32Array;
  score: Int16Array;
  n = 0;
  private minAt = 0;
  constructor(readonly L: number) {
    this.viol = new Float64Array(L);
    this.vol = new Int32Array(L);
    this.score = new Int16Array(L);
  }
  offer(viol: number, v: number, score: number): void {
    if (this.n < this.L) {
      this.viol[this.n] = viol; this.vol[this.n] = v; this.score[this.n] = score;
      if (viol < this.viol[this.minAt]) this.minAt = this.n;
      this.n++;
    } else if (viol > this.viol[this.minAt]) {
      this.viol[this.minAt] = viol; this.vol[this.minAt] = v; this.score[this.minAt] = score;
      for (let i = 0; i < this.L; i++) if (this.viol[i] < this.viol[this.minAt]) this.minAt = i;
    }
  }
  /** Whether a violation of at most `most` could still enter. */
  wants(most: number): boolean {
    return most > 0 && (this.n < this.L || most > this.viol[this.minAt]);
  }
  reset(): void {
    this.n = 0;
    this.minAt = 0;
  }
}

interface Group {
  depth: number;
  /** The org node directly below this one under which all its volunteers are, or −1. */
  within: number;
  classes: Int32Array;
  /** Volunteers of each class under the node, in increasing z after sortBy. */
  lists: Int32Array[];
  /** The least z of each list (its head), after sortBy. */
  heads: Float64Array;
}

/** A child class's view of a node with many classes: bounds, and the order for this round. */
interface View {
  /** Classes whose role fits, and their bounds at the node's depth. */
  fit: Int32Array;
  bound: Int16Array;
  /** The largest bound − least z, as of round `round`. */
  best: number;
  round: number;
  /** fit by decreasing bound − least z, as of round `sorted`. */
  order: Int32Array;
  sorted: number;
}

/**
 * A volunteer's row: flags (skill cover, preferred sex 0/1 F/2 M, coordinates, age preference)
 * and the depth from which her preferred area is certain (99 if never: Int32Array has no Infinity).
 */
const ROW = 2;
function fill(row: Int32Array, at: number, v: PVolunteer): void {
  const sex = v.prefSex === null ? 0 : v.prefSex === 'F' ? 1 : 2;
  row[at] = v.cover | (sex << 4) | ((v.hasCoords ? 1 : 0) << 7) | ((v.hasAgePref ? 1 : 0) << 8);
  row[at + 1] = Math.min(v.areaDepth, 99);
}

/** Nodes with at most this many classes are walked class by class without a sorted view. */
const SMALL = 64;

/**
 * Finds violated pairs (w > y_c + z_v) without scoring every pair. A child's past volunteers, and
 * the volunteers who name a code on her path as their preferred area, are priced first. Then: a
 * volunteer is listed at each
 * org node on her path from her scope node down (so a child finds at node anc[d] exactly the
 * volunteers her area rule lets her reach that share ≥ d levels with her), in one list per class.
 * A child walks her ancestor nodes from the deepest; at each node her classes (on a big node in
 * decreasing classBound − least z), and within a class the volunteers in increasing z, while
 * base − y_c + classBound − z_v could still be a violation worth adding. A volunteer sharing more
 * than d levels scores above the bound at depth d, but she was already priced at her own depth,
 * where the bound holds; everything skipped provably is not a violation worth adding.
 */
export class PairIndex {
  readonly classes: Classes;
  private readonly group = new Map<number, number>();
  private readonly groups: Group[] = [];
  private readonly childClass: Int32Array;
  private readonly views = new Map<number, View>();
  private readonly local = new Map<number, number>();
  private readonly area = new Map<number, { depth: number; node: number; list: Int32Array }[]>();
  private readonly mark: Int32Array;
  private stamp = 0;
  /** Volunteer lists started while pricing (class lists and area lists): what the bounds and skips save. */
  walks = 0;
  private round = 0;
  // a node has at most MAX_CLASSES (1920) classes, so a position fits below 2048 in sort's keys
  private readonly keys = new Float64Array(MAX_CLASSES);
  // walk's bounds, as fields: doubles this large passed as arguments would be boxed per call.
  private b = 0.5;
  private limit = 0.5;
  private z: Float64Array;
  // What a class walk reads of each volunteer, packed by row (see fill): one cache line, not an object.
  private readonly row: Int32Array;
  private readonly ageLo: Float64Array;
  private readonly ageHi: Float64Array;

  constructor(private readonly kids: readonly PChild[], private readonly vols: readonly PVolunteer[]) {
    this.classes = new Classes(vols);
    const pending: Map<number, number[]>[] = [];
    vols.forEach((v, lv) => {
      this.local.set(v.idx, lv);
      for (let d = v.scopeDepth; d < v.anc.length; d++) {
        let g = this.group.get(v.anc[d]);
        if (g === undefined) {
          this.group.set(v.anc[d], (g = this.groups.length));
          this.groups.push({ depth: d, within: d + 1 < v.anc.length ? v.anc[d + 1] : -1, classes: new Int32Array(0), lists: [], heads: new Float64Array(0) });
          pending.push(new Map());
        }
        if (d + 1 >= v.anc.length || v.anc[d + 1] !== this.groups[g].within) this.groups[g].within = -1;
        const byClass = pending[g];
        const vc = this.classes.classAt(v, lv, d);
        const list = byClass.get(vc);
        if (list) list.push(lv);
        else byClass.set(vc, [lv]);
      }
    });
    // Volunteers by preferred code: a child meets here the ones whose +5 her class bound lacks.
    // A code on the volunteer's own path is tagged with her node there: a child under that node
    // has the +5 in her class bound already and skips the list.
    const byCode = new Map<number, Map<string, number[]>>();
    vols.forEach((v, lv) => {
      for (const code of v.prefCodes) {
        const j = v.codes.indexOf(code);
        const tag = j < 0 ? '' : `${j + 1}:${v.anc[j + 1]}`;
        let subs = byCode.get(code);
        if (!subs) byCode.set(code, (subs = new Map()));
        const list = subs.get(tag);
        if (list) list.push(lv);
        else subs.set(tag, [lv]);
      }
    });
    for (const [code, subs] of byCode) {
      this.area.set(code, [...subs].map(([tag, list]) => {
        const [depth, node] = tag === '' ? [-1, -1] : tag.split(':').map(Number);
        return { depth, node, list: Int32Array.from(list) };
      }));
    }
    pending.forEach((byClass, g) => {
      this.groups[g].classes = Int32Array.from(byClass.keys());
      this.groups[g].lists = [...byClass.values()].map((l) => Int32Array.from(l));
      this.groups[g].heads = new Float64Array(byClass.size);
    });
    this.childClass = Int32Array.from(kids, (c) => this.classes.childClass(c));
    this.row = new Int32Array(vols.length * ROW);
    this.ageLo = Float64Array.from(vols, (v) => v.prefMin);
    this.ageHi = Float64Array.from(vols, (v) => v.prefMax);
    vols.forEach((v, lv) => fill(this.row, lv * ROW, v));
    this.mark = new Int32Array(vols.length);
    this.z = new Float64Array(vols.length);
  }

  /** Orders every list by z (the volunteers' duals of this round) so that pricing can stop early. */
  sortBy(z: Float64Array): void {
    this.z = z;
    this.round++;
    const byZ = (a: number, b: number) => z[a] - z[b];
    for (const g of this.groups) {
      g.lists.forEach((list, i) => {
        list.sort(byZ);
        g.heads[i] = z[list[0]];
      });
    }
    for (const subs of this.area.values()) for (const { list } of subs) list.sort(byZ);
  }

  /** The view of node g for child class ct, with its best bound − least z for this round. */
  private view(g: number, ct: number): View {
    // Stryker disable next-line ArithmeticOperator: any one-to-one packing of (node, child class) is the same Map key
    const key = g * 65536 + ct;
    const { depth, classes, heads } = this.groups[g];
    let view = this.views.get(key);
    if (!view) {
      const fit: number[] = [];
      for (let i = 0; i < classes.length; i++) if (this.classes.roleFits(ct, classes[i])) fit.push(i);
      const bound = new Int16Array(classes.length);
      for (const i of fit) bound[i] = this.classes.classBound(ct, classes[i], depth);
      view = { fit: Int32Array.from(fit), bound, order: new Int32Array(fit.length), best: -Infinity, round: -1, sorted: -1 };
      this.views.set(key, view);
    }
    if (view.round !== this.round) {
      // Stryker disable next-line UnaryOperator: a best of +Infinity only means the view is never skipped whole; its walk then stops at its first class
      let best = -Infinity;
      // Stryker disable next-line ArithmeticOperator: a larger best, as above, only keeps the view from being skipped whole
      for (let k = 0; k < view.fit.length; k++) best = Math.max(best, view.bound[view.fit[k]] - heads[view.fit[k]]);
      view.best = best;
      view.round = this.round;
    }
    return view;
  }

  /** Orders the view's classes by decreasing bound − least z, once per round and only when walked. */
  private sort(view: View, heads: Float64Array): void {
    if (view.sorted === this.round) return;
    view.sorted = this.round;
    // Sorted as numbers, (z_min − bound)·2048 + position, while that is exact (z below 2^40).
    const { fit, bound, order } = view;
    const keys = this.keys.subarray(0, fit.length);
    // Stryker disable next-line BooleanLiteral: the comparator sort is stable, so it gives the packed keys' order (ties by position) too
    let exact = true;
    for (let k = 0; k < fit.length; k++) {
      const neg = heads[fit[k]] - bound[fit[k]];
      if (!(neg < 2 ** 40)) exact = false;
      keys[k] = neg * 2048 + k;
    }
    if (exact) {
      keys.sort();
      for (let k = 0; k < fit.length; k++) order[k] = fit[((keys[k] % 2048) + 2048) % 2048];
    } else {
      order.set(fit.slice().sort((x, y) => heads[x] - bound[x] - (heads[y] - bound[y])));
    }
  }

  /** Offers child ci's violated pairs to top (b = base − y_c); returns the number of pairs scored. */
  price(ci: number, b: number, top: TopL): number {
    const { kids, vols, mark, z, classes } = this;
    const c = kids[ci];
    // Stryker disable next-line UpdateOperator: stamps counted down are as distinct from each other and from 0
    const stamp = ++this.stamp;
    this.b = b;
    let priced = 0;
    if (c.past !== null) {
      for (const vi of c.past) {
        const lv = this.local.get(vi);
        if (lv === undefined) continue;
        mark[lv] = stamp;
        if (!isEligible(c, vols[lv])) continue;
        priced++;
        const score = scoreOf(c, vols[lv]);
        if (b + score - z[lv] > 0) top.offer(b + score - z[lv], lv, score);
      }
    }
    const ct = this.childClass[ci];
    if (this.area.size > 0) {
      const limit = b + classes.anyBound(ct);
      for (let i = 0; i < c.codes.length; i++) {
        const subs = this.area.get(c.codes[i]);
        if (subs === undefined) continue;
        for (const { depth, node, list } of subs) {
          if (depth >= 0 && depth < c.anc.length && c.anc[depth] === node) continue;
          this.limit = limit;
          priced += this.walk(c, list, top, stamp);
        }
      }
    }
    // Stryker disable next-line ArithmeticOperator: starting past her path reads undefined nodes, which have no group
    for (let d = c.anc.length - 1; d >= 0; d--) {
      const g = this.group.get(c.anc[d]);
      if (g === undefined) continue;
      const grp = this.groups[g];
      // All its volunteers are under the next node down, already priced there with a higher bound.
      if (grp.within >= 0 && grp.within === c.anc[d + 1]) continue;
      if (grp.classes.length <= SMALL) {
        const prox = b + classes.proxBound(ct, d);
        const rest = classes.restTable(ct);
        for (let i = 0; i < grp.classes.length; i++) {
          const vc = grp.classes[i];
          if (!classes.roleFits(ct, vc)) continue;
          const limit = prox + rest[vc];
          this.limit = limit;
          if (top.wants(limit - grp.heads[i])) priced += this.walkClass(c, grp.lists[i], d, top, stamp);
        }
      } else {
        const view = this.view(g, ct);
        if (!top.wants(b + view.best)) continue;
        this.sort(view, grp.heads);
        const { order, bound } = view;
        for (let o = 0; o < order.length; o++) {
          const list = grp.lists[order[o]];
          const limit = b + bound[order[o]];
          if (!top.wants(limit - grp.heads[order[o]])) break;
          this.limit = limit;
          priced += this.walkClass(c, list, d, top, stamp);
        }
      }
    }
    return priced;
  }

  /** Prices one class list (increasing z) while limit − z could still be a violation worth adding. */
  private walk(c: PChild, list: Int32Array, top: TopL, stamp: number): number {
    const { vols, mark, z, limit, b } = this;
    this.walks++;
    let priced = 0;
    for (let i = 0; i < list.length; i++) {
      const lv = list[i];
      if (!top.wants(limit - z[lv])) break;
      if (mark[lv] === stamp) continue;
      mark[lv] = stamp;
      const v = vols[lv];
      if (!isEligible(c, v)) continue;
      priced++;
      const score = scoreOf(c, v);
      const viol = b + score - z[lv];
      if (viol > 0) top.offer(viol, lv, score);
    }
    return priced;
  }

  /**
   * walk for a class list at depth d: area rule, role and places already hold there, so only
   * active pairings are checked, and the score is computed from the rows (as pairScore would;
   * a past partner was priced and marked before).
   *
   * Every volunteer priced here shares exactly d org levels with the child. One sharing more is
   * also listed at the child's node of depth d + 1, walked before this one: there she was marked,
   * or cut by a bound no lower than here (proximity and her class's preferred-area flag only grow
   * with depth), and top's threshold has only risen since, so this walk stops before her.
   */
  private walkClass(c: PChild, list: Int32Array, d: number, top: TopL, stamp: number): number {
    const { vols, mark, z, limit, b, row } = this;
    this.walks++;
    const female = c.sex === 'F';
    const prox = PROX_BY_LEVEL[Math.min(d, 4)];
    let priced = 0;
    for (let i = 0; i < list.length; i++) {
      const lv = list[i];
      if (!top.wants(limit - z[lv])) break;
      if (mark[lv] === stamp) continue;
      mark[lv] = stamp;
      if (c.blocked !== null && c.blocked.has(vols[lv].idx)) continue;
      priced++;
      const at = lv * ROW;
      const flags = row[at];
      let score: number;
      // Stryker disable next-line LogicalOperator: with one side's coordinates missing pairScore scores by level, as the row does
      if (c.hasCoords && (flags & 128) !== 0) score = scoreOf(c, vols[lv]);
      else {
        score = prox + PER_NEED * MET[c.needMask & flags & 15];
        const sex = (flags >> 4) & 3;
        if (sex !== 0 && (sex === 1) === female) score += PREF_SEX;
        if ((flags & 256) !== 0 && c.age >= this.ageLo[lv] && c.age <= this.ageHi[lv]) score += PREF_AGE;
        // Only where her preferred area is certain. One whose preferred code lies deeper on the
        // child's path than d was walked from the area lists first (bound anyBound, no lower than
        // any class bound here): marked there, or cut there and so cut here too.
        if (d >= row[at + 1]) score += PREF_AREA; // 99 when she names no area on her own path
      }
      const viol = b + score - z[lv];
      if (viol > 0) top.offer(viol, lv, score);
    }
    return priced;
  }
}
