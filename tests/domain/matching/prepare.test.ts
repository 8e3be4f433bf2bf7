/**
 * prepare.ts, pair.ts and skills.ts read field by field: what the engine turns each child and
 * volunteer into (ids of org prefixes, roles, scope, preferences, blocked and past partners),
 * the refusals of bad input word for word, and the score's terms one at a time. The property
 * tests only see these through the optimum; a wrong depth or a lost preference there could still
 * give an optimum of a slightly different problem.
 */
import { prepare, DEPTH } from '../../../src/domain/matching/prepare';
import { distanceKm, eligible, explainPair, forEachEligible, inPreferredArea, pairScore, sharedLevels } from '../../../src/domain/matching/pair';
import { coverMask, coverSkills, needMask, skillNeeds } from '../../../src/domain/matching/skills';
import type { MatchChild, MatchRules, MatchVolunteer } from '../../../src/domain/matching';

const at = (d: number, s: number, k: number) => ['C', `D${d}`, `D${d}S${s}`, `D${d}S${s}K${k}`];
const child = (id: string, over: Partial<MatchChild> = {}): MatchChild => ({
  id, orgPath: at(0, 0, 0), sex: 'F', age: 8, category: '困境', riskLevel: 'low', needs: [], ...over,
});
const vol = (id: string, over: Partial<MatchVolunteer> = {}): MatchVolunteer => ({
  id, orgPath: at(0, 0, 0), role: 'local', freeCapacity: 1, skills: [], ...over,
});
const ANY: MatchRules = { areaRule: 'any' };

describe('prepare: bad input refused word for word', () => {
  it.each([
    ['a repeated child', [child('a'), child('a')], [], '儿童重复：a'],
    ['a child without a finite age', [child('b', { age: Number.NaN })], [], '儿童年龄无效：b'],
    ['an infinite age', [child('b', { age: Infinity })], [], '儿童年龄无效：b'],
    ['a repeated volunteer', [], [vol('v'), vol('v')], '志愿者重复：v'],
    ['places not a whole number', [], [vol('w', { freeCapacity: 1.5 })], '志愿者剩余名额无效：w'],
    ['negative places', [], [vol('w', { freeCapacity: -1 })], '志愿者剩余名额无效：w'],
  ])('%s', (_, kids, vols, message) => {
    expect(() => prepare(kids as MatchChild[], vols as MatchVolunteer[], ANY)).toThrow(new RangeError(message as string));
  });

  it('accepts the same id for a child and a volunteer, and zero places', () => {
    expect(() => prepare([child('x')], [vol('x', { freeCapacity: 0 })], ANY)).not.toThrow();
  });
});

describe('prepare: children', () => {
  it('numbers every org prefix once, root first, shared between children and volunteers', () => {
    const p = prepare([child('a'), child('b', { orgPath: at(0, 1, 0) })], [vol('v', { orgPath: at(0, 0, 0).slice(0, 3) })], ANY);
    expect([...p.volunteers[0].anc]).toEqual([0, 1, 2, 3]);
    expect([...p.children[0].anc]).toEqual([0, 1, 2, 3, 4]);
    expect([...p.children[1].anc]).toEqual([0, 1, 2, 5, 6]);
    // codes are interned apart from prefixes: the same code on two paths is one id
    expect([...p.volunteers[0].codes]).toEqual([0, 1, 2]);
    expect([...p.children[0].codes]).toEqual([0, 1, 2, 3]);
    expect([...p.children[1].codes]).toEqual([0, 1, 4, 5]);
  });

  it('does not confuse a code with a path that joins two codes', () => {
    const p = prepare([child('a', { orgPath: ['C', 'AB'] }), child('b', { orgPath: ['CA', 'B'] })], [], ANY);
    expect(p.children[0].anc[2]).not.toBe(p.children[1].anc[2]);
  });

  it('reads risk, needs, role, coordinates and sex', () => {
    const p = prepare([
      child('a', { riskLevel: 'high', needs: ['emotional', 'study'], needsRole: 'local', coords: { lat: 24.5, lng: 118.1 }, sex: 'M', age: 11 }),
      child('b', { riskLevel: 'medium', needsRole: 'remote' }),
      child('c', { needsRole: 'any' }),
      child('d'),
    ], [], ANY);
    const [a, b, c, d] = p.children;
    expect([a.high, b.high, c.high]).toEqual([true, false, false]);
    expect(a.needMask).toBe(0b0101);
    expect([a.role, b.role, c.role, d.role]).toEqual([1, 2, 0, 0]);
    expect([a.hasCoords, a.lat, a.lng, b.hasCoords, b.lat, b.lng]).toEqual([true, 24.5, 118.1, false, 0, 0]);
    expect([a.sex, a.age, a.idx, d.idx]).toEqual(['M', 11, 0, 3]);
    expect([a.past, a.blocked, a.targetFail]).toEqual([null, null, null]);
  });

  it('keeps past partners that are in the run and active pairings (forbidden pairs) by index', () => {
    const p = prepare(
      [child('a', { pastVolunteerIds: ['v1', 'gone'] }), child('b', { pastVolunteerIds: ['gone'] }), child('c')],
      [vol('v0'), vol('v1')],
      { areaRule: 'any', forbiddenPairs: [{ childId: 'a', volunteerId: 'v0' }, { childId: 'a', volunteerId: 'v1' }, { childId: 'gone', volunteerId: 'v0' }, { childId: 'c', volunteerId: 'gone' }] },
    );
    expect(p.children[0].past).toEqual(new Set([1]));
    expect(p.children[1].past).toBeNull();
    expect(p.children[0].blocked).toEqual(new Set([0, 1]));
    expect(p.children[1].blocked).toBeNull();
    expect(p.children[2].blocked).toBeNull();
  });

  it('names what puts a child outside the target, in the programme’s order', () => {
    const rules: MatchRules = { areaRule: 'any', target: { categories: ['困境'], sex: 'F', minAge: 6, maxAge: 12 } };
    const fail = (over: Partial<MatchChild>) => prepare([child('a', over)], [], rules).children[0].targetFail;
    expect(fail({})).toBeNull();
    expect(fail({ age: 6 })).toBeNull();
    expect(fail({ age: 12 })).toBeNull();
    expect(fail({ age: 5 })).toBe('不符合本项目帮扶对象条件（年龄）');
    expect(fail({ age: 13 })).toBe('不符合本项目帮扶对象条件（年龄）');
    expect(fail({ sex: 'M' })).toBe('不符合本项目帮扶对象条件（性别）');
    expect(fail({ category: '农村留守' })).toBe('不符合本项目帮扶对象条件（类别）');
    expect(fail({ category: '农村留守', sex: 'M', age: 3 })).toBe('不符合本项目帮扶对象条件（类别、性别、年龄）');
    // an empty category list and an absent target ask nothing
    expect(prepare([child('a', { category: 'x' })], [], { areaRule: 'any', target: { categories: [] } }).children[0].targetFail).toBeNull();
    expect(prepare([child('a', { age: 99, sex: 'M' })], [], ANY).children[0].targetFail).toBeNull();
    expect(prepare([child('a', { age: 0 })], [], { areaRule: 'any', target: { maxAge: 3 } }).children[0].targetFail).toBeNull();
  });
});

describe('prepare: volunteers', () => {
  const scope = (rules: MatchRules, v: MatchVolunteer) => {
    const p = prepare([], [v], rules).volunteers[0];
    return [p.scopeDepth, p.scopeId === p.anc[p.scopeDepth]];
  };

  it('takes her scope from the area rule, her leader level and the local-community rule', () => {
    expect(DEPTH).toEqual({ city: 1, district: 2, street: 3, community: 4 });
    expect(scope(ANY, vol('v'))).toEqual([0, true]);
    expect(scope({ areaRule: 'same_district' }, vol('v'))).toEqual([2, true]);
    expect(scope({ areaRule: 'same_district' }, vol('v', { orgPath: ['C'] }))).toEqual([1, true]);
    expect(scope({ areaRule: 'by_leader_level' }, vol('v', { leaderLevel: 'district' }))).toEqual([2, true]);
    expect(scope({ areaRule: 'by_leader_level' }, vol('v', { leaderLevel: 'street' }))).toEqual([3, true]);
    expect(scope({ areaRule: 'by_leader_level' }, vol('v', { leaderLevel: 'community', orgPath: at(0, 0, 0).slice(0, 3) }))).toEqual([3, true]);
    expect(scope({ areaRule: 'by_leader_level' }, vol('v'))).toEqual([4, true]);
    expect(scope({ areaRule: 'any', requireSameCommunityForLocal: true }, vol('v'))).toEqual([4, true]);
    expect(scope({ areaRule: 'same_district', requireSameCommunityForLocal: true }, vol('v', { role: 'remote' }))).toEqual([2, true]);
  });

  it('reads role, places, skills and preferences', () => {
    const [a, b] = prepare([], [
      vol('a', { freeCapacity: 3, skills: ['小学教师', '陪伴'], preferences: { childSex: 'M', childMinAge: 4, areaCodes: ['D0S0', 'elsewhere'] }, coords: { lat: 24.45, lng: 118.05 } }),
      vol('b', { role: 'remote', freeCapacity: 0, preferences: { childMaxAge: 9 } }),
    ], ANY).volunteers;
    expect([a.idx, a.role, a.cap, a.cover, b.idx, b.role, b.cap, b.cover]).toEqual([0, 1, 3, 0b0101, 1, 2, 0, 0]);
    expect(a.coverSkill).toEqual(['小学教师', '', '陪伴', '']);
    expect([a.prefSex, a.hasAgePref, a.prefMin, a.prefMax]).toEqual(['M', true, 4, Infinity]);
    expect([b.prefSex, b.hasAgePref, b.prefMin, b.prefMax]).toEqual([null, true, -Infinity, 9]);
    expect([a.hasCoords, a.lat, a.lng, b.hasCoords, b.lat, b.lng]).toEqual([true, 24.45, 118.05, false, 0, 0]);
    // her preferred code on her own path at depth 3 (D0S0): every child under it is in her area from there
    expect(a.areaDepth).toBe(3);
    expect(b.areaDepth).toBe(Infinity);
    expect(a.prefCodes.length).toBe(2);
    expect(a.codes[2]).toBe(a.prefCodes[0]);
    expect(prepare([], [vol('c', { preferences: {} })], ANY).volunteers[0].hasAgePref).toBe(false);
    expect(prepare([], [vol('d', { preferences: { areaCodes: ['C'] } })], ANY).volunteers[0].areaDepth).toBe(1);
  });

  it('lists only volunteers with places, by scope node, in input order', () => {
    const p = prepare([], [vol('a'), vol('b', { freeCapacity: 0 }), vol('c', { orgPath: at(1, 0, 0) }), vol('d')], { areaRule: 'same_district' });
    expect([...p.volsByScope.entries()].map(([id, list]) => [id, list])).toEqual([[p.volunteers[0].scopeId, [0, 3]], [p.volunteers[2].scopeId, [2]]]);
  });
});

describe('pair: constraints and score terms', () => {
  const one = (c: MatchChild, v: MatchVolunteer, rules: MatchRules = ANY) => {
    const p = prepare([c], [v], rules);
    return { c: p.children[0], v: p.volunteers[0], p };
  };

  it('eligible: places, role asked, her area, an active pairing', () => {
    expect(eligible(one(child('c'), vol('v')).c, one(child('c'), vol('v')).v)).toBe(true);
    const x = (c: MatchChild, v: MatchVolunteer, rules?: MatchRules) => { const o = one(c, v, rules); return eligible(o.c, o.v); };
    expect(x(child('c'), vol('v', { freeCapacity: 0 }))).toBe(false);
    expect(x(child('c', { needsRole: 'remote' }), vol('v'))).toBe(false);
    expect(x(child('c', { needsRole: 'local' }), vol('v'))).toBe(true);
    expect(x(child('c', { orgPath: at(1, 0, 0) }), vol('v'), { areaRule: 'same_district' })).toBe(false);
    expect(x(child('c', { orgPath: at(0, 2, 2) }), vol('v'), { areaRule: 'same_district' })).toBe(true);
    // a child registered above her scope node is outside it
    expect(x(child('c', { orgPath: ['C', 'D0'] }), vol('v'), { areaRule: 'by_leader_level', })).toBe(false);
    expect(x(child('c'), vol('v'), { areaRule: 'any', forbiddenPairs: [{ childId: 'c', volunteerId: 'v' }] })).toBe(false);
  });

  it('sharedLevels and the proximity term by level', () => {
    const levels = [at(1, 0, 0), at(0, 1, 0), at(0, 0, 1), at(0, 0, 0)].map((path) => {
      const o = one(child('c'), vol('v', { orgPath: path }));
      return [sharedLevels(o.c, o.v), pairScore(o.c, o.v)];
    });
    expect(levels).toEqual([[1, 10], [2, 20], [3, 30], [4, 40]]);
    const other = one(child('c', { orgPath: ['X', 'Y'] }), vol('v'));
    expect([sharedLevels(other.c, other.v), pairScore(other.c, other.v)]).toEqual([0, 0]);
    // a volunteer at a street shares at most three levels with a child of a community below it
    const street = one(child('c'), vol('v', { orgPath: at(0, 0, 0).slice(0, 3) }));
    expect(sharedLevels(street.c, street.v)).toBe(3);
  });

  it('with coordinates on both sides: 40 minus whole kilometres, not below 0', () => {
    expect(distanceKm(24.5, 118, 24.5, 118)).toBe(0);
    // one degree of latitude is 111.19 km on a sphere of radius 6371 km
    expect(distanceKm(24, 118, 25, 118)).toBeCloseTo(111.195, 3);
    expect(distanceKm(0, 0, 0, 1)).toBeCloseTo(111.195, 3);
    expect(distanceKm(60, 0, 60, 1)).toBeCloseTo(55.597, 3);
    expect(distanceKm(0, 0, 0, 180)).toBeCloseTo(20015.087, 2);
    const near = one(child('c', { coords: { lat: 24.5, lng: 118 } }), vol('v', { coords: { lat: 24.5 + 5.5 / 111.195, lng: 118 }, orgPath: at(1, 0, 0) }));
    expect(pairScore(near.c, near.v)).toBe(35);
    expect(explainPair(near.c, near.v)).toEqual(['相距约5.5公里']);
    const far = one(child('c', { coords: { lat: 24, lng: 118 } }), vol('v', { coords: { lat: 25, lng: 118 } }));
    expect(pairScore(far.c, far.v)).toBe(0);
    // one side without coordinates: by level
    const half = one(child('c', { coords: { lat: 24, lng: 118 } }), vol('v'));
    expect(pairScore(half.c, half.v)).toBe(40);
    expect(explainPair(half.c, half.v)).toEqual(['同一社区']);
  });

  it('each other term alone', () => {
    const base = (c: MatchChild, v: MatchVolunteer) => { const o = one(c, v); return pairScore(o.c, o.v) - 40; };
    expect(base(child('c', { needs: ['study', 'psychological', 'emotional', 'other'] }), vol('v', { skills: ['教师', '社工', '陪伴', '医生'] }))).toBe(40);
    expect(base(child('c', { needs: ['study', 'other'] }), vol('v', { skills: ['教师', '社工'] }))).toBe(10);
    expect(base(child('c'), vol('v', { preferences: { areaCodes: ['D0S0K0'] } }))).toBe(5);
    expect(base(child('c'), vol('v', { preferences: { areaCodes: ['D9'] } }))).toBe(0);
    expect(base(child('c', { sex: 'F' }), vol('v', { preferences: { childSex: 'F' } }))).toBe(5);
    expect(base(child('c', { sex: 'M' }), vol('v', { preferences: { childSex: 'F' } }))).toBe(0);
    expect(base(child('c', { age: 6 }), vol('v', { preferences: { childMinAge: 6, childMaxAge: 8 } }))).toBe(5);
    expect(base(child('c', { age: 8 }), vol('v', { preferences: { childMinAge: 6, childMaxAge: 8 } }))).toBe(5);
    expect(base(child('c', { age: 5 }), vol('v', { preferences: { childMinAge: 6, childMaxAge: 8 } }))).toBe(0);
    expect(base(child('c', { age: 9 }), vol('v', { preferences: { childMinAge: 6, childMaxAge: 8 } }))).toBe(0);
    expect(base(child('c', { pastVolunteerIds: ['v'] }), vol('v'))).toBe(20);
    expect(base(child('c', { pastVolunteerIds: ['w'] }), vol('v'))).toBe(0);
  });

  it('inPreferredArea matches any of her codes against any code on the child’s path', () => {
    const o = one(child('c'), vol('v', { preferences: { areaCodes: ['elsewhere', 'D0S0'] } }));
    expect(inPreferredArea(o.c, o.v)).toBe(true);
    const n = one(child('c'), vol('v', { preferences: { areaCodes: ['elsewhere'] } }));
    expect(inPreferredArea(n.c, n.v)).toBe(false);
  });

  it('explainPair: no level named when nothing is shared; every preference in order', () => {
    const o = one(child('c', { orgPath: ['X'] }), vol('v'));
    expect(explainPair(o.c, o.v)).toEqual([]);
    const all = one(child('c', { riskLevel: 'high', needs: ['other'], age: 7, sex: 'M' }), vol('v', {
      orgPath: at(0, 1, 0), skills: ['律师'], preferences: { areaCodes: ['D0'], childSex: 'M', childMinAge: 7, childMaxAge: 7 },
    }));
    expect(explainPair(all.c, all.v)).toEqual(['高风险优先', '同一区县', '特长"律师"对应需求"其他帮扶"', '符合志愿者意向区域', '符合志愿者意向性别', '符合志愿者意向年龄']);
  });

  it('explainPair names her preferred age only inside her range, ends included', () => {
    const said = (age: number) => {
      const o = one(child('c', { age }), vol('v', { preferences: { childMinAge: 6, childMaxAge: 8 } }));
      return explainPair(o.c, o.v).includes('符合志愿者意向年龄');
    };
    expect([5, 6, 8, 9].map(said)).toEqual([false, true, true, false]);
  });

  it('forEachEligible visits every eligible volunteer of the child’s ancestor line with its score, none for a child outside the target', () => {
    const p = prepare(
      [child('c'), child('out', { age: 30 })],
      [vol('same'), vol('street', { orgPath: at(0, 0, 1) }), vol('full', { freeCapacity: 0 }), vol('other', { orgPath: at(1, 0, 0) })],
      { areaRule: 'same_district', target: { maxAge: 17 } },
    );
    const seen: [string, number][] = [];
    forEachEligible(p, p.children[0], (v, s) => seen.push([v.src.id, s]));
    expect(seen).toEqual([['same', 40], ['street', 30]]);
    const none: string[] = [];
    forEachEligible(p, p.children[1], (v) => none.push(v.src.id));
    expect(none).toEqual([]);
  });
});

describe('skills', () => {
  it('a skill serves every need one of its keywords names; blank serves none', () => {
    expect(skillNeeds(' 小学语文教师 ')).toEqual(['study']);
    expect(skillNeeds('心理咨询师、家庭教育')).toEqual(['psychological', 'emotional']);
    expect(skillNeeds('  ')).toEqual([]);
    expect(skillNeeds('会计')).toEqual([]);
  });

  it('coverSkills keeps the first skill per need, trimmed; the mask has a bit per need covered', () => {
    expect(coverSkills([' 辅导功课 ', '数学老师', '律师'])).toEqual(['辅导功课', '', '', '律师']);
    expect(coverMask([' 辅导功课 ', '数学老师', '律师'])).toBe(0b1001);
    expect(coverMask([])).toBe(0);
    expect(needMask(['other', 'psychological'])).toBe(0b1010);
    expect(needMask([])).toBe(0);
  });
});
