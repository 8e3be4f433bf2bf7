import type { PChild, Prepared, PVolunteer } from './prepare';
import { NEEDS, NEED_LABELS } from './skills';

/**
 * The match score of one pair, an integer in 0..MAX_SCORE. Proximity (就近就便) and skills
 * against needs carry most of it; the volunteer's preferences and continuity add less.
 */
export const SCORE = {
  /** By the deepest shared org level: none, city, district, street, community. */
  proximityByLevel: [0, 10, 20, 30, 40] as readonly number[],
  /** With coordinates on both sides: 40 minus one point per whole kilometre, never below 0. */
  proximityMax: 40,
  perNeedMet: 10,
  preferredArea: 5,
  preferredSex: 5,
  preferredAge: 5,
  continuity: 20,
} as const;

/** 40 proximity + 4 needs × 10 + 3 preferences × 5 + 20 continuity. */
export const MAX_SCORE = 40 + 4 * 10 + 3 * 5 + 20;

const LEVEL_NAMES = ['', '同城', '同一区县', '同一街道', '同一社区'];
/** Needs met, by the 4-bit mask of needs both sides share (kept local: this runs per pair). */
export const NEEDS_MET = [0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4];

/** Hard constraints of a pair: places left, role, area, not an active pairing (target is per child). */
export function eligible(c: PChild, v: PVolunteer): boolean {
  if (v.cap <= 0) return false;
  if (c.role !== 0 && c.role !== v.role) return false;
  // past the end of a typed array the read is undefined, never her scope id
  if (c.anc[v.scopeDepth] !== v.scopeId) return false;
  return c.blocked === null || !c.blocked.has(v.idx);
}

export function distanceKm(aLat: number, aLng: number, bLat: number, bLng: number): number {
  const rad = Math.PI / 180;
  const dLat = (bLat - aLat) * rad;
  const dLng = (bLng - aLng) * rad;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * rad) * Math.cos(bLat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** Number of leading orgPath codes the two share (0..4+). */
export function sharedLevels(c: PChild, v: PVolunteer): number {
  // Stryker disable next-line MethodExpression: past the shorter path one side reads undefined, a mismatch that stops the loop
  const n = Math.min(c.anc.length, v.anc.length) - 1;
  let k = 0;
  while (k < n && c.anc[k + 1] === v.anc[k + 1]) k++;
  return k;
}

function proximity(c: PChild, v: PVolunteer): number {
  if (c.hasCoords && v.hasCoords) {
    return Math.max(0, SCORE.proximityMax - Math.floor(distanceKm(c.lat, c.lng, v.lat, v.lng)));
  }
  return SCORE.proximityByLevel[Math.min(sharedLevels(c, v), 4)];
}

export function inPreferredArea(c: PChild, v: PVolunteer): boolean {
  for (let i = 0; i < v.prefCodes.length; i++) {
    for (let j = 0; j < c.codes.length; j++) if (c.codes[j] === v.prefCodes[i]) return true;
  }
  return false;
}

/** Score of an eligible pair (see SCORE). */
export function pairScore(c: PChild, v: PVolunteer): number {
  let s = proximity(c, v) + SCORE.perNeedMet * NEEDS_MET[c.needMask & v.cover];
  if (inPreferredArea(c, v)) s += SCORE.preferredArea;
  if (v.prefSex === c.sex) s += SCORE.preferredSex;
  if (v.hasAgePref && c.age >= v.prefMin && c.age <= v.prefMax) s += SCORE.preferredAge;
  if (c.past !== null && c.past.has(v.idx)) s += SCORE.continuity;
  return s;
}

/** The same terms as pairScore, in words for staff. */
export function explainPair(c: PChild, v: PVolunteer): string[] {
  const reasons: string[] = [];
  if (c.high) reasons.push('高风险优先');
  if (c.hasCoords && v.hasCoords) {
    reasons.push(`相距约${distanceKm(c.lat, c.lng, v.lat, v.lng).toFixed(1)}公里`);
  } else {
    const level = Math.min(sharedLevels(c, v), 4);
    if (level > 0) reasons.push(LEVEL_NAMES[level]);
  }
  NEEDS.forEach((need, i) => {
    if (c.needMask & v.cover & (1 << i)) reasons.push(`特长"${v.coverSkill[i]}"对应需求"${NEED_LABELS[need]}"`);
  });
  if (c.past !== null && c.past.has(v.idx)) reasons.push('曾结对');
  if (inPreferredArea(c, v)) reasons.push('符合志愿者意向区域');
  if (v.prefSex === c.sex) reasons.push('符合志愿者意向性别');
  if (v.hasAgePref && c.age >= v.prefMin && c.age <= v.prefMax) reasons.push('符合志愿者意向年龄');
  return reasons;
}

/**
 * Calls visit(v, score) for every volunteer the child may be paired with. Only the scope groups
 * on the child's own ancestor line are read, so the scan costs the eligible pairs, not all pairs.
 */
export function forEachEligible(p: Prepared, c: PChild, visit: (v: PVolunteer, score: number) => void): void {
  if (c.targetFail !== null) return;
  for (let d = 0; d < c.anc.length; d++) {
    const group = p.volsByScope.get(c.anc[d]);
    if (group === undefined) continue;
    for (let i = 0; i < group.length; i++) {
      const v = p.volunteers[group[i]];
      if (eligible(c, v)) visit(v, pairScore(c, v));
    }
  }
}
