import type { PChild, Prepared, PVolunteer } from './prepare';
import type { Component } from './components';

/**
 * Interchangeable people, merged. Two children are interchangeable when everything eligible()
 * and pairScore() read from a child is equal — org node, need mask, sex, which volunteers' age
 * ranges hold her age, the role asked for — and neither has coordinates, past partners or active
 * pairings. Two volunteers likewise: org node, scope, role, skill cover, preferred sex, age range
 * and areas, no coordinates, named in no child's past partners or active pairings. Swapping two
 * interchangeable people changes no pair's eligibility or score, so the flow over groups
 * (supply = children, capacity = places) has the same optimum as over people, and any split of a
 * group's flow among its members is optimal. Many equal scores then collapse into few groups.
 */
export interface Groups {
  /** One representative per group (prices and scores for the whole group). */
  kids: PChild[];
  vols: PVolunteer[];
  supply: Int32Array;
  cap: Int32Array;
  /** Global indices of each group's members, in component order. */
  kidMembers: number[][];
  volMembers: number[][];
}

export function groupComponent(p: Prepared, comp: Component): Groups {
  const kidsIn = comp.children.map((ci) => p.children[ci]);
  const named = new Set<number>();
  for (const c of kidsIn) {
    c.past?.forEach((vi) => named.add(vi));
    c.blocked?.forEach((vi) => named.add(vi));
  }
  const lows: number[] = [];
  const highs: number[] = [];
  for (const vi of comp.volunteers) {
    const v = p.volunteers[vi];
    if (v.hasAgePref) { lows.push(v.prefMin); highs.push(v.prefMax); }
  }
  lows.sort((a, b) => a - b);
  highs.sort((a, b) => a - b);
  // Two ages lie in the same ranges when as many lower bounds are ≤ each and upper bounds < each.
  const ageKey = (age: number) => `${countBelow(lows, age, true)}:${countBelow(highs, age, false)}`;

  const g: Groups = { kids: [], vols: [], supply: new Int32Array(0), cap: new Int32Array(0), kidMembers: [], volMembers: [] };
  const kidGroup = new Map<string, number>();
  const supply: number[] = [];
  comp.children.forEach((ci, i) => {
    const c = p.children[ci];
    const alone = c.hasCoords || c.past !== null || c.blocked !== null;
    const key = alone ? `#${i}` : `${c.anc[c.anc.length - 1]}|${c.needMask}|${c.sex}|${ageKey(c.age)}|${c.role}|${c.high}`;
    let k = kidGroup.get(key);
    if (k === undefined) {
      kidGroup.set(key, (k = g.kids.length));
      g.kids.push(c);
      g.kidMembers.push([]);
      supply.push(0);
    }
    g.kidMembers[k].push(ci);
    supply[k]++;
  });
  const volGroup = new Map<string, number>();
  const cap: number[] = [];
  comp.volunteers.forEach((vi, i) => {
    const v = p.volunteers[vi];
    const alone = v.hasCoords || named.has(vi);
    const age = v.hasAgePref ? `${v.prefMin}:${v.prefMax}` : '';
    const key = alone
      ? `#${i}`
      : `${v.anc[v.anc.length - 1]}|${v.scopeDepth}|${v.role}|${v.cover}|${v.prefSex}|${age}|${Array.from(v.prefCodes).sort((a, b) => a - b)}`;
    let k = volGroup.get(key);
    if (k === undefined) {
      volGroup.set(key, (k = g.vols.length));
      g.vols.push(v);
      g.volMembers.push([]);
      cap.push(0);
    }
    g.volMembers[k].push(vi);
    cap[k] += v.cap;
  });
  g.supply = Int32Array.from(supply);
  g.cap = Int32Array.from(cap);
  return g;
}

/** How many of the sorted xs are ≤ (orEqual) or < age. */
function countBelow(xs: number[], age: number, orEqual: boolean): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < age || (orEqual && xs[mid] === age)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
