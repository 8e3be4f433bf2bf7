import type { MatchChild, MatchRules, MatchVolunteer, Sex } from './types';
import { coverMask, coverSkills, needMask } from './skills';

/** Depth of each org level in orgPath ([city, district, street, community]). */
export const DEPTH = { city: 1, district: 2, street: 3, community: 4 } as const;

/**
 * A child with everything the pair scan needs as plain numbers, so the scan over millions of
 * pairs stays cheap. anc[d] is the interned id of the orgPath prefix of length d (anc[0] = root).
 */
export interface PChild {
  idx: number;
  src: MatchChild;
  anc: Int32Array;
  codes: Int32Array;
  high: boolean;
  needMask: number;
  sex: Sex;
  age: number;
  /** 0 any, 1 local, 2 remote. */
  role: number;
  hasCoords: boolean;
  lat: number;
  lng: number;
  /** Volunteer indices: past partners (continuity) and active pairings (never suggested). */
  past: Set<number> | null;
  blocked: Set<number> | null;
  /** Why she is outside the programme's target, or null. */
  targetFail: string | null;
}

export interface PVolunteer {
  idx: number;
  src: MatchVolunteer;
  anc: Int32Array;
  /** 1 local, 2 remote. */
  role: number;
  cap: number;
  cover: number;
  coverSkill: string[];
  /** She may pair with children whose anc[scopeDepth] === scopeId. */
  scopeDepth: number;
  scopeId: number;
  prefSex: Sex | null;
  hasAgePref: boolean;
  prefMin: number;
  prefMax: number;
  prefCodes: Int32Array;
  /** Her orgPath's codes, interned like prefCodes. */
  codes: Int32Array;
  /**
   * From this org depth on, every child under her node there is in her preferred area (one of
   * her preferred codes is on her own path above that depth); Infinity when none is.
   */
  areaDepth: number;
  hasCoords: boolean;
  lat: number;
  lng: number;
}

export interface Prepared {
  children: PChild[];
  volunteers: PVolunteer[];
  /** Volunteers with free capacity by scope node id. */
  volsByScope: Map<number, number[]>;
}

class Interner {
  private readonly ids = new Map<string, number>();
  id(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(key, id);
    }
    return id;
  }
}

/** Ids of every prefix of a path; prefix keys join codes with a control character. */
function ancestors(path: readonly string[], nodes: Interner): Int32Array {
  const anc = new Int32Array(path.length + 1);
  // Stryker disable next-line StringLiteral: any start is one more prefix shared by every key
  let key = '';
  anc[0] = nodes.id(key);
  for (let d = 0; d < path.length; d++) {
    key += '\u0001' + path[d];
    anc[d + 1] = nodes.id(key);
  }
  return anc;
}

function areaDepth(path: readonly string[], preferred: readonly string[]): number {
  const at = path.findIndex((code) => preferred.includes(code));
  return at < 0 ? Infinity : at + 1;
}

function targetFailure(c: MatchChild, rules: MatchRules): string | null {
  const t = rules.target;
  if (!t) return null;
  const parts: string[] = [];
  if (t.categories && t.categories.length > 0 && !t.categories.includes(c.category)) parts.push('类别');
  if (t.sex && c.sex !== t.sex) parts.push('性别');
  if ((t.minAge !== undefined && c.age < t.minAge) || (t.maxAge !== undefined && c.age > t.maxAge)) parts.push('年龄');
  return parts.length ? `不符合本项目帮扶对象条件（${parts.join('、')}）` : null;
}

function scopeDepth(v: MatchVolunteer, rules: MatchRules): number {
  const len = v.orgPath.length;
  let depth = 0;
  if (rules.areaRule === 'same_district') depth = Math.min(DEPTH.district, len);
  else if (rules.areaRule === 'by_leader_level') depth = v.leaderLevel ? Math.min(DEPTH[v.leaderLevel], len) : len;
  // 岳阳: a local volunteer serves children of her own village/community only.
  if (rules.requireSameCommunityForLocal && v.role === 'local') depth = len;
  return depth;
}

function assertInput(children: readonly MatchChild[], volunteers: readonly MatchVolunteer[]): void {
  const seen = new Set<string>();
  for (const c of children) {
    if (seen.has(c.id)) throw new RangeError(`儿童重复：${c.id}`);
    seen.add(c.id);
    if (!Number.isFinite(c.age)) throw new RangeError(`儿童年龄无效：${c.id}`);
  }
  seen.clear();
  for (const v of volunteers) {
    if (seen.has(v.id)) throw new RangeError(`志愿者重复：${v.id}`);
    seen.add(v.id);
    if (!Number.isInteger(v.freeCapacity) || v.freeCapacity < 0) throw new RangeError(`志愿者剩余名额无效：${v.id}`);
  }
}

export function prepare(children: readonly MatchChild[], volunteers: readonly MatchVolunteer[], rules: MatchRules): Prepared {
  assertInput(children, volunteers);
  const nodes = new Interner();
  const codes = new Interner();
  const volIndex = new Map<string, number>();
  const pv: PVolunteer[] = volunteers.map((v, idx) => {
    volIndex.set(v.id, idx);
    const anc = ancestors(v.orgPath, nodes);
    const depth = scopeDepth(v, rules);
    const p = v.preferences ?? {};
    const areaCodes = p.areaCodes ?? [];
    return {
      idx, src: v, anc,
      role: v.role === 'local' ? 1 : 2,
      cap: v.freeCapacity,
      cover: coverMask(v.skills),
      coverSkill: coverSkills(v.skills),
      scopeDepth: depth,
      scopeId: anc[depth],
      prefSex: p.childSex ?? null,
      hasAgePref: p.childMinAge !== undefined || p.childMaxAge !== undefined,
      prefMin: p.childMinAge ?? -Infinity,
      prefMax: p.childMaxAge ?? Infinity,
      prefCodes: Int32Array.from(areaCodes.map((code) => codes.id(code))),
      codes: Int32Array.from(v.orgPath.map((code) => codes.id(code))),
      areaDepth: areaDepth(v.orgPath, areaCodes),
      hasCoords: v.coords !== undefined,
      lat: v.coords?.lat ?? 0,
      lng: v.coords?.lng ?? 0,
    };
  });
  const childIndex = new Map(children.map((c, i) => [c.id, i]));
  const blocked = new Map<number, Set<number>>();
  for (const f of rules.forbiddenPairs ?? []) {
    const ci = childIndex.get(f.childId);
    const vi = volIndex.get(f.volunteerId);
    if (ci === undefined || vi === undefined) continue;
    if (!blocked.has(ci)) blocked.set(ci, new Set());
    blocked.get(ci)!.add(vi);
  }
  const pc: PChild[] = children.map((c, idx) => {
    // Stryker disable next-line ArrayDeclaration: an id no volunteer has is dropped by the filter, like none
    const past = (c.pastVolunteerIds ?? []).map((id) => volIndex.get(id)).filter((i): i is number => i !== undefined);
    return {
      idx, src: c,
      anc: ancestors(c.orgPath, nodes),
      codes: Int32Array.from(c.orgPath.map((code) => codes.id(code))),
      high: c.riskLevel === 'high',
      needMask: needMask(c.needs),
      sex: c.sex,
      age: c.age,
      role: c.needsRole === 'local' ? 1 : c.needsRole === 'remote' ? 2 : 0,
      hasCoords: c.coords !== undefined,
      lat: c.coords?.lat ?? 0,
      lng: c.coords?.lng ?? 0,
      past: past.length ? new Set(past) : null,
      blocked: blocked.get(idx) ?? null,
      targetFail: targetFailure(c, rules),
    };
  });
  const volsByScope = new Map<number, number[]>();
  for (const v of pv) {
    if (v.cap <= 0) continue;
    const list = volsByScope.get(v.scopeId);
    if (list) list.push(v.idx);
    else volsByScope.set(v.scopeId, [v.idx]);
  }
  return { children: pc, volunteers: pv, volsByScope };
}
