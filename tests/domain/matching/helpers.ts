/**
 * Random instances and an independent statement of the hard constraints, written from the issue
 * rather than from the engine, so the property tests check the engine against the rules.
 */
import fc from 'fast-check';
import type { MatchChild, MatchObjective, MatchResult, MatchRules, MatchVolunteer, Need } from '../../../src/domain/matching';

export const NEED_VALUES: Need[] = ['study', 'psychological', 'emotional', 'other'];
const SKILL_VALUES = ['辅导功课', '小学教师', '心理咨询', '社工', '育儿经验', '陪伴', '护士', '会计', ''];

/** A small city: C / D0..D1 / D?S0..S1 / D?S?K0..K1. */
const place = fc.tuple(fc.nat(1), fc.nat(1), fc.nat(1)).map(([d, s, k]) => ['C', `D${d}`, `D${d}S${s}`, `D${d}S${s}K${k}`]);
const coords = fc.option(fc.record({ lat: fc.double({ min: 24.4, max: 24.6, noNaN: true }), lng: fc.double({ min: 118, max: 118.2, noNaN: true }) }), { nil: undefined });

export function childArb(id: string): fc.Arbitrary<MatchChild> {
  return fc.record({
    id: fc.constant(id),
    orgPath: place,
    sex: fc.constantFrom('F' as const, 'M' as const),
    age: fc.integer({ min: 1, max: 17 }),
    category: fc.constantFrom('农村留守', '困境'),
    riskLevel: fc.constantFrom('low' as const, 'medium' as const, 'high' as const),
    needs: fc.subarray(NEED_VALUES),
    coords,
    needsRole: fc.constantFrom('any' as const, 'local' as const, 'remote' as const, undefined),
  });
}

export function volunteerArb(id: string, maxCap: number): fc.Arbitrary<MatchVolunteer> {
  return fc.record({
    id: fc.constant(id),
    // Some volunteers are registered at a street, not a community.
    orgPath: fc.tuple(place, fc.boolean()).map(([p, atStreet]) => (atStreet ? p.slice(0, 3) : p)),
    role: fc.constantFrom('local' as const, 'remote' as const),
    freeCapacity: fc.integer({ min: 0, max: maxCap }),
    skills: fc.subarray(SKILL_VALUES, { maxLength: 3 }),
    preferences: fc.record(
      {
        areaCodes: fc.subarray(['D0', 'D1', 'D0S0', 'D1S1K1']),
        childSex: fc.constantFrom('F' as const, 'M' as const),
        childMinAge: fc.integer({ min: 1, max: 9 }),
        childMaxAge: fc.integer({ min: 8, max: 17 }),
      },
      { requiredKeys: [] },
    ),
    leaderLevel: fc.constantFrom('district' as const, 'street' as const, 'community' as const, undefined),
    coords,
  });
}

export interface Instance {
  children: MatchChild[];
  volunteers: MatchVolunteer[];
  rules: MatchRules;
}

export function instanceArb(maxChildren: number, maxVolunteers: number, maxCap: number, minCap = 0): fc.Arbitrary<Instance> {
  return fc
    .tuple(fc.integer({ min: 0, max: maxChildren }), fc.integer({ min: 0, max: maxVolunteers }))
    .chain(([nc, nv]) =>
      fc.record({
        children: fc.tuple(...Array.from({ length: nc }, (_, i) => childArb(`c${i}`))),
        volunteers: fc.tuple(...Array.from({ length: nv }, (_, i) => volunteerArb(`v${i}`, maxCap))).map((vs) =>
          vs.map((v) => ({ ...v, freeCapacity: Math.max(minCap, v.freeCapacity) })),
        ),
        areaRule: fc.constantFrom('any' as const, 'same_district' as const, 'by_leader_level' as const),
        requireSameCommunityForLocal: fc.boolean(),
        target: fc.record(
          { categories: fc.constant<string[]>(['困境']), sex: fc.constantFrom('F' as const, 'M' as const), minAge: fc.integer({ min: 1, max: 6 }), maxAge: fc.integer({ min: 10, max: 17 }) },
          { requiredKeys: [] },
        ),
        forbidden: fc.array(fc.tuple(fc.nat(Math.max(0, nc - 1)), fc.nat(Math.max(0, nv - 1))), { maxLength: 3 }),
      }),
    )
    .map(({ children, volunteers, areaRule, requireSameCommunityForLocal, target, forbidden }) => ({
      children,
      volunteers,
      rules: {
        areaRule,
        requireSameCommunityForLocal,
        target,
        forbiddenPairs:
          children.length && volunteers.length ? forbidden.map(([c, v]) => ({ childId: children[c].id, volunteerId: volunteers[v].id })) : [],
      },
    }));
}

const prefix = (path: string[], n: number) => path.slice(0, n).join('/');

/** May this volunteer ever be suggested for this child? (Capacity aside.) */
export function allowed(c: MatchChild, v: MatchVolunteer, rules: MatchRules): boolean {
  const t = rules.target ?? {};
  if (t.categories && t.categories.length > 0 && !t.categories.includes(c.category)) return false;
  if (t.sex && c.sex !== t.sex) return false;
  if (t.minAge !== undefined && c.age < t.minAge) return false;
  if (t.maxAge !== undefined && c.age > t.maxAge) return false;
  if (v.freeCapacity <= 0) return false;
  const wanted = c.needsRole ?? 'any';
  if (wanted !== 'any' && wanted !== v.role) return false;
  if ((rules.forbiddenPairs ?? []).some((f) => f.childId === c.id && f.volunteerId === v.id)) return false;
  // The area a volunteer may serve is a prefix of her own orgPath.
  const levels = { district: 2, street: 3, community: 4 };
  let area = 0;
  if (rules.areaRule === 'same_district') area = Math.min(2, v.orgPath.length);
  if (rules.areaRule === 'by_leader_level') area = v.leaderLevel ? Math.min(levels[v.leaderLevel], v.orgPath.length) : v.orgPath.length;
  if (rules.requireSameCommunityForLocal && v.role === 'local') area = v.orgPath.length;
  return c.orgPath.length >= area && prefix(c.orgPath, area) === prefix(v.orgPath, area);
}

/** Lists every constraint the result breaks (empty when it is valid). */
export function violations(inst: Instance, res: MatchResult): string[] {
  const out: string[] = [];
  const child = new Map(inst.children.map((c) => [c.id, c]));
  const vol = new Map(inst.volunteers.map((v) => [v.id, v]));
  const load = new Map<string, number>();
  const seen = new Set<string>();
  for (const s of res.suggestions) {
    const c = child.get(s.childId);
    const v = vol.get(s.volunteerId);
    if (!c || !v) { out.push(`unknown ids ${s.childId}/${s.volunteerId}`); continue; }
    if (seen.has(c.id)) out.push(`${c.id} suggested twice`);
    seen.add(c.id);
    load.set(v.id, (load.get(v.id) ?? 0) + 1);
    if (!allowed(c, v, inst.rules)) out.push(`${c.id}-${v.id} not allowed`);
  }
  for (const [id, n] of load) if (n > vol.get(id)!.freeCapacity) out.push(`${id} over capacity`);
  for (const u of res.unmatched) {
    if (seen.has(u.childId)) out.push(`${u.childId} both suggested and unmatched`);
    seen.add(u.childId);
    if (!u.reason) out.push(`${u.childId} unmatched without a reason`);
  }
  if (seen.size !== inst.children.length || res.suggestions.length + res.unmatched.length !== inst.children.length) {
    out.push('children missing or repeated in the output');
  }
  return out;
}

/** Lexicographic comparison of objectives: positive when a is better. */
export function compareObjectives(a: MatchObjective, b: MatchObjective): number {
  return a.highRiskCovered - b.highRiskCovered || a.covered - b.covered || a.totalScore - b.totalScore;
}
