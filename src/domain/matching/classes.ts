import type { PChild, PVolunteer } from './prepare';
import { NEEDS_MET, SCORE } from './pair';

/** Distinct age-preference ranges told apart; beyond this they share one class bounded by +5. */
const MAX_RANGES = 8;
/** Volunteer classes at most: role × area flag × age slot (none, MAX_RANGES ranges, another) × preferred sex × skill cover. */
export const MAX_CLASSES = 2 * 2 * (MAX_RANGES + 2) * 3 * 16;
export const PROX_BY_LEVEL = Int16Array.from(SCORE.proximityByLevel);
const PROX_MAX = SCORE.proximityMax;
export const PER_NEED = SCORE.perNeedMet;
export const PREF_SEX = SCORE.preferredSex;
export const PREF_AGE = SCORE.preferredAge;
export const PREF_AREA = SCORE.preferredArea;
export const MET = Int16Array.from(NEEDS_MET);

/**
 * Volunteer classes: a volunteer's class is everything pairScore reads from her except her place,
 * her preferred areas' codes and continuity — role, skill cover, preferred sex, preferred age
 * range, whether she names preferred areas. Children have a class too (need mask, sex, which age
 * ranges hold her age, role asked for, coordinates). For a child class, a volunteer class and an
 * org depth, classBound is an upper bound of the score of every pair sharing exactly that many
 * org levels, continuity aside (a child's past volunteers are priced one by one).
 */
export class Classes {
  readonly ranges: [number, number][] = [];
  /** Class per component volunteer. */
  readonly volClass: Int32Array;
  readonly anyCoords: boolean;
  private readonly ages: number;
  private readonly roleOf: Int8Array;
  private readonly areaBit: number;
  private readonly childIds = new Map<number, number>();
  // Per child class: need mask, female, age-range mask, role asked for (0 any), coordinates.
  private cNeed: number[] = [];
  private cFemale: boolean[] = [];
  private cAges: number[] = [];
  private cRole: number[] = [];
  private cCoords: boolean[] = [];
  private tables: Int8Array[] = [];

  constructor(vols: readonly PVolunteer[]) {
    const seen = new Map<string, number>();
    for (const v of vols) {
      if (!v.hasAgePref) continue;
      const key = `${v.prefMin}:${v.prefMax}`;
      if (!seen.has(key) && seen.size < MAX_RANGES) { seen.set(key, seen.size); this.ranges.push([v.prefMin, v.prefMax]); }
    }
    const ages = (this.ages = this.ranges.length + 2); // 0 none, 1..R a known range, R+1 another range
    this.volClass = Int32Array.from(vols, (v) => {
      const age = !v.hasAgePref ? 0 : 1 + (seen.get(`${v.prefMin}:${v.prefMax}`) ?? this.ranges.length);
      const sex = v.prefSex === null ? 0 : v.prefSex === 'F' ? 1 : 2;
      return (((v.role - 1) * 2 * ages + age) * 3 + sex) * 16 + v.cover;
    });
    this.roleOf = Int8Array.from({ length: 2 * 2 * ages * 3 * 16 }, (_, vc) => Math.floor(vc / (96 * ages)) + 1);
    this.areaBit = 48 * ages;
    this.anyCoords = vols.some((v) => v.hasCoords);
  }

  /**
   * Her class at a node of this depth: with the preferred-area flag only where every child below
   * has her preferred area on its path. Elsewhere her +5 is found through PairIndex's area lists.
   */
  classAt(v: PVolunteer, lv: number, depth: number): number {
    return this.volClass[lv] + (depth >= v.areaDepth ? this.areaBit : 0);
  }

  childClass(c: PChild): number {
    let ageMask = 0;
    this.ranges.forEach(([lo, hi], i) => { if (c.age >= lo && c.age <= hi) ageMask |= 1 << i; });
    const coords = c.hasCoords && this.anyCoords;
    const key = (((c.needMask * 2 + (c.sex === 'F' ? 1 : 0)) * 256 + ageMask) * 3 + c.role) * 2 + (coords ? 1 : 0);
    let id = this.childIds.get(key);
    if (id === undefined) {
      this.childIds.set(key, (id = this.cNeed.length));
      this.cNeed.push(c.needMask); this.cFemale.push(c.sex === 'F'); this.cAges.push(ageMask);
      this.cRole.push(c.role); this.cCoords.push(coords);
    }
    return id;
  }

  /** Whether a child of class ct may take a volunteer of class vc at all (the role she asks for). */
  roleFits(ct: number, vc: number): boolean {
    const role = this.cRole[ct];
    return role === 0 || role === this.roleOf[vc];
  }

  /** Proximity part of the bound at an org depth. */
  proxBound(ct: number, depth: number): number {
    return this.cCoords[ct] ? PROX_MAX : PROX_BY_LEVEL[Math.min(depth, 4)];
  }

  /** restBound for every volunteer class, one table per child class (filled on first use). */
  restTable(ct: number): Int8Array {
    let t = this.tables[ct];
    if (t === undefined) {
      t = this.tables[ct] = new Int8Array(2 * 2 * this.ages * 3 * 16);
      for (let vc = 0; vc < t.length; vc++) t[vc] = this.restBound(ct, vc);
    }
    return t;
  }

  /** The rest of the bound: needs met and the volunteer's preferences. */
  restBound(ct: number, vc: number): number {
    let b = PER_NEED * MET[this.cNeed[ct] & vc % 16];
    const r = Math.floor(vc / 16);
    const sex = r % 3;
    if (sex !== 0 && (sex === 1) === this.cFemale[ct]) b += PREF_SEX;
    const age = Math.floor(r / 3) % this.ages;
    if (age === this.ages - 1 || (age > 0 && (this.cAges[ct] >> (age - 1)) & 1)) b += PREF_AGE;
    if (Math.floor(r / (3 * this.ages)) % 2 === 1) b += PREF_AREA;
    return b;
  }

  /** A bound of every score of a child of class ct, continuity aside. */
  anyBound(ct: number): number {
    return PROX_MAX + PER_NEED * MET[this.cNeed[ct]] + PREF_SEX + PREF_AGE + PREF_AREA;
  }

  classBound(ct: number, vc: number, depth: number): number {
    return this.proxBound(ct, depth) + this.restBound(ct, vc);
  }
}
