import type { PChild, PVolunteer } from './prepare';
import { eligible, MAX_SCORE, pairScore, scoreBound } from './pair';

// Called per pair: bundlers (esbuild/tsx) compile imported bindings to getter calls, which
// would cost more than the work itself, so bind them once.
const isEligible = eligible;
const scoreOf = pairScore;
const boundOf = scoreBound;

/** For each child need mask, the 16 skill-cover masks by needs met, most first. */
const MASK_ORDER = Array.from({ length: 16 }, (_, need) =>
  Array.from({ length: 16 }, (_, m) => m).sort((a, b) => bits(need & b) - bits(need & a)),
);
function bits(x: number): number {
  return (x & 1) + ((x >> 1) & 1) + ((x >> 2) & 1) + ((x >> 3) & 1);
}

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

/**
 * Finds violated pairs (w > y_c + z_v) without scoring every pair. A child's volunteers are
 * visited by level (shared community, street, district, …) and, within a level, in buckets by
 * which needs their skills cover; scoreBound gives each bucket an upper bound on the score.
 * The first pass keeps each child's K best pairs and `rest`, a bound on every other pair's
 * score, skipping buckets that cannot beat the K already held. Pricing then checks the kept
 * pairs and walks the buckets in increasing z while base − y_c + min(rest, bound) − z_v could
 * still be a violation worth adding. Everything skipped provably is not.
 */
export class PairIndex {
  // Per org node g holding volunteers: sub[g*16 + cover] = volunteers under the node,
  // own[g*16 + cover] = those registered at the node itself, below[g] = child nodes' groups.
  private readonly group = new Map<number, number>();
  private readonly sub: Int32Array[];
  private readonly own: Int32Array[];
  private readonly below: number[][] = [];
  private readonly buf: Int32Array[] = [];
  readonly keptV: Int32Array;
  readonly keptS: Int16Array;
  readonly keptN: Int32Array;
  /** No eligible pair outside the kept ones scores above rest[ci]; −1 when there is none. */
  readonly rest: Int16Array;
  readonly hasEligible: Uint8Array;
  private readonly mark: Int32Array;
  private readonly coords: boolean;

  constructor(private readonly kids: PChild[], private readonly vols: PVolunteer[], private readonly K: number) {
    const sub: number[][] = [];
    const own: number[][] = [];
    const groupOf = (node: number): number => {
      let g = this.group.get(node);
      if (g === undefined) {
        this.group.set(node, (g = this.below.length));
        this.below.push([]);
        for (let m = 0; m < 16; m++) { sub.push([]); own.push([]); }
      }
      return g;
    };
    vols.forEach((v, lv) => {
      for (let d = 0; d < v.anc.length; d++) {
        const g = groupOf(v.anc[d]);
        sub[g * 16 + v.cover].push(lv);
        if (d === v.anc.length - 1) own[g * 16 + v.cover].push(lv);
        if (d > 0) {
          const up = this.below[groupOf(v.anc[d - 1])];
          if (!up.includes(g)) up.push(g);
        }
      }
    });
    this.sub = sub.map((l) => Int32Array.from(l));
    this.own = own.map((l) => Int32Array.from(l));
    this.coords = vols.some((v) => v.hasCoords);
    const nC = kids.length;
    this.keptV = new Int32Array(nC * K);
    this.keptS = new Int16Array(nC * K);
    this.keptN = new Int32Array(nC);
    this.rest = new Int16Array(nC).fill(-1);
    this.hasEligible = new Uint8Array(nC);
    this.mark = new Int32Array(vols.length);
  }

  /**
   * Fills buf with the lists of volunteers sharing exactly k org levels with c and covering
   * `mask`: the whole subtree at the child's own node, otherwise the node's own volunteers and
   * the subtrees of its other children. Returns how many lists.
   */
  private levelLists(c: PChild, k: number, mask: number): number {
    const g = this.group.get(c.anc[k]);
    if (g === undefined) return 0;
    if (k === c.anc.length - 1) {
      this.buf[0] = this.sub[g * 16 + mask];
      return 1;
    }
    const skip = this.group.get(c.anc[k + 1]) ?? -1;
    let n = 0;
    this.buf[n++] = this.own[g * 16 + mask];
    for (const h of this.below[g]) if (h !== skip) this.buf[n++] = this.sub[h * 16 + mask];
    return n;
  }

  /** The first pass; returns the number of pairs scored. */
  keepBest(): number {
    const { kids, vols, K, buf } = this;
    let scanV = new Int32Array(1024);
    let scanS = new Int16Array(1024);
    const hist = new Int32Array(MAX_SCORE + 1);
    let priced = 0;
    for (let ci = 0; ci < kids.length; ci++) {
      const c = kids[ci];
      let n = 0;
      let kth = -1; // K-th best score so far, computed when n was kthAt
      let kthAt = -1;
      let restBound = -1;
      for (let k = c.anc.length - 1; k >= 0; k--) {
        for (const mask of MASK_ORDER[c.needMask]) {
          const lists = this.levelLists(c, k, mask);
          const bound = boundOf(c, k, this.coords, mask);
          if (n >= K && kthAt !== n) {
            kth = kthBest(hist, K);
            kthAt = n;
          }
          for (let j = 0; j < lists; j++) {
            const list = buf[j];
            if (list.length === 0) continue;
            if (n >= K && kth >= bound) {
              restBound = Math.max(restBound, bound);
              break;
            }
            for (let i = 0; i < list.length; i++) {
              const v = vols[list[i]];
              if (!isEligible(c, v)) continue;
              if (n === scanV.length) {
                const nv = new Int32Array(n * 2); nv.set(scanV); scanV = nv;
                const ns = new Int16Array(n * 2); ns.set(scanS); scanS = ns;
              }
              const score = scoreOf(c, v);
              scanV[n] = list[i];
              scanS[n++] = score;
              hist[score]++;
            }
          }
        }
      }
      priced += n;
      this.rest[ci] = restBound;
      if (n > 0) {
        this.hasEligible[ci] = 1;
        // t: the K-th best score (or 0). Keep all pairs above t, then those at t while there is room.
        const t = Math.max(0, kthBest(hist, K));
        let kept = 0;
        const o = ci * K;
        for (let i = 0; i < n; i++) if (scanS[i] > t) { this.keptV[o + kept] = scanV[i]; this.keptS[o + kept++] = scanS[i]; }
        let atT = 0;
        for (let i = 0; i < n && kept < K; i++) if (scanS[i] === t) { this.keptV[o + kept] = scanV[i]; this.keptS[o + kept++] = t; atT++; }
        this.keptN[ci] = kept;
        if (hist[t] > atT) this.rest[ci] = Math.max(this.rest[ci], t);
        else for (let s = t - 1; s > this.rest[ci]; s--) if (hist[s] > 0) { this.rest[ci] = s; break; }
      }
      hist.fill(0);
    }
    return priced;
  }

  /** Orders every bucket by z so that pricing can stop early. */
  sortBy(z: Float64Array): void {
    const byZ = (a: number, b: number) => z[a] - z[b];
    for (const list of this.sub) if (list.length > 1) list.sort(byZ);
    for (const list of this.own) if (list.length > 1) list.sort(byZ);
  }

  /** Offers child ci's violated pairs to top (b = base − y_c); returns the number of pairs scored. */
  price(ci: number, b: number, z: Float64Array, top: TopL): number {
    const { kids, vols, K, mark, buf } = this;
    const c = kids[ci];
    for (let i = ci * K, end = i + this.keptN[ci]; i < end; i++) {
      mark[this.keptV[i]] = ci + 1;
      const viol = b + this.keptS[i] - z[this.keptV[i]];
      if (viol > 0) top.offer(viol, this.keptV[i], this.keptS[i]);
    }
    const rest = this.rest[ci];
    if (rest < 0) return 0;
    let priced = 0;
    for (let k = c.anc.length - 1; k >= 0; k--) {
      for (let mask = 0; mask < 16; mask++) {
        const limit = b + Math.min(rest, boundOf(c, k, this.coords, mask));
        if (!top.wants(limit)) continue;
        const lists = this.levelLists(c, k, mask);
        for (let j = 0; j < lists; j++) {
          const list = buf[j];
          for (let i = 0; i < list.length; i++) {
            const lv = list[i];
            if (!top.wants(limit - z[lv])) break;
            const v = vols[lv];
            if (mark[lv] === ci + 1 || !isEligible(c, v)) continue;
            priced++;
            const score = scoreOf(c, v);
            const viol = b + score - z[lv];
            if (viol > 0) top.offer(viol, lv, score);
          }
        }
      }
    }
    return priced;
  }
}

/** The K-th largest score counted in hist, or −1 if fewer than K. */
function kthBest(hist: Int32Array, K: number): number {
  for (let s = hist.length - 1, seen = 0; s >= 0; s--) if ((seen += hist[s]) >= K) return s;
  return -1;
}
