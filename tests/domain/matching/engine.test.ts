import {
  skillNeeds, suggestForOne, suggestForVolunteer, suggestPairings,
  type MatchChild, type MatchRules, type MatchVolunteer,
} from '../../../src/domain/matching';

const at = (d: number, s: number, k: number) => ['C', `D${d}`, `D${d}S${s}`, `D${d}S${s}K${k}`];
const child = (id: string, over: Partial<MatchChild> = {}): MatchChild => ({
  id, orgPath: at(0, 0, 0), sex: 'F', age: 8, category: '农村留守', riskLevel: 'low', needs: [], ...over,
});
const vol = (id: string, over: Partial<MatchVolunteer> = {}): MatchVolunteer => ({
  id, orgPath: at(0, 0, 0), role: 'local', freeCapacity: 1, skills: [], ...over,
});
const ANY: MatchRules = { areaRule: 'any' };
const pairsOf = (r: ReturnType<typeof suggestPairings>) => Object.fromEntries(r.suggestions.map((s) => [s.childId, s.volunteerId]));
const reasonOf = (r: ReturnType<typeof suggestPairings>, id: string) => r.unmatched.find((u) => u.childId === id)?.reason;

describe('reasons and score', () => {
  it('explains every term of the score in Chinese', () => {
    const c = child('c1', { riskLevel: 'high', needs: ['study', 'emotional'], pastVolunteerIds: ['v1'] });
    const v = vol('v1', {
      skills: ['辅导功课', '陪伴孩子', '会计'],
      preferences: { areaCodes: ['D0S0'], childSex: 'F', childMinAge: 6, childMaxAge: 12 },
    });
    const r = suggestPairings([c], [v], ANY);
    expect(r.suggestions).toEqual([{
      childId: 'c1', volunteerId: 'v1', score: 40 + 20 + 20 + 15,
      reasons: ['高风险优先', '同一社区', '特长"辅导功课"对应需求"学习辅导"', '特长"陪伴孩子"对应需求"精神关爱"', '曾结对',
        '符合志愿者意向区域', '符合志愿者意向性别', '符合志愿者意向年龄'],
    }]);
    expect(r.objective).toEqual({ highRiskCovered: 1, covered: 1, totalScore: 95 });
  });

  it('prefers nearer volunteers: community, then street, district, city', () => {
    const vols = [vol('city', { orgPath: at(1, 0, 0) }), vol('district', { orgPath: at(0, 1, 0) }), vol('street', { orgPath: at(0, 0, 1) }), vol('community')];
    const one = suggestForOne(child('c'), vols, ANY);
    expect(one.suggestion?.volunteerId).toBe('community');
    expect(one.suggestion?.reasons).toEqual(['同一社区']);
    expect(one.alternatives.map((a) => [a.volunteerId, a.score, a.reasons[0]])).toEqual([
      ['street', 30, '同一街道'], ['district', 20, '同一区县'], ['city', 10, '同城'],
    ]);
  });

  it('uses distance when both sides have coordinates', () => {
    const c = child('c', { coords: { lat: 24.48, lng: 118.08 } });
    const v = vol('v', { orgPath: at(1, 1, 1), coords: { lat: 24.49, lng: 118.08 } });
    const r = suggestPairings([c], [v], ANY);
    expect(r.suggestions[0].reasons).toEqual(['相距约1.1公里']);
    expect(r.suggestions[0].score).toBe(39);
  });

  it('adds skills to proximity: a skilled volunteer in the street beats an unskilled neighbour', () => {
    const c = child('c', { needs: ['study', 'psychological'] });
    const r = suggestPairings([c], [vol('near'), vol('skilled', { orgPath: at(0, 0, 1), skills: ['小学教师', '心理咨询师'] })], ANY);
    expect(pairsOf(r)).toEqual({ c: 'skilled' });
    expect(r.suggestions[0].score).toBe(50);
  });

  it('maps free-text skills onto needs', () => {
    expect(skillNeeds('小学语文教师')).toEqual(['study']);
    expect(skillNeeds('心理咨询师')).toEqual(['psychological']);
    expect(skillNeeds('会计')).toEqual([]);
  });
});

describe('objective order', () => {
  it('covers a high-risk child before a better-scoring low-risk one', () => {
    const low = child('low', { needs: ['study'], pastVolunteerIds: ['v'] });
    const high = child('high', { riskLevel: 'high', orgPath: at(0, 1, 1) });
    const r = suggestPairings([low, high], [vol('v', { skills: ['辅导功课'] })], ANY);
    expect(pairsOf(r)).toEqual({ high: 'v' });
    expect(reasonOf(r, 'low')).toContain('名额已满');
  });

  it('covers more children before a better total score', () => {
    // a scores highest with v1, but only v1 can take b; the optimum covers both.
    const a = child('a', { needs: ['study'] });
    const b = child('b', { orgPath: at(0, 1, 0), needsRole: 'remote' });
    const v1 = vol('v1', { role: 'remote', skills: ['辅导功课'] });
    const v2 = vol('v2', { orgPath: at(1, 0, 0) });
    const r = suggestPairings([a, b], [v1, v2], ANY);
    expect(pairsOf(r)).toEqual({ a: 'v2', b: 'v1' });
    expect(r.objective.covered).toBe(2);
  });
});

describe('hard constraints', () => {
  it('respects capacity and never uses a volunteer without places', () => {
    const kids = ['a', 'b', 'c'].map((id) => child(id));
    const r = suggestPairings(kids, [vol('two', { freeCapacity: 2 }), vol('none', { freeCapacity: 0 })], ANY);
    expect(r.suggestions.filter((s) => s.volunteerId === 'two')).toHaveLength(2);
    expect(r.suggestions.some((s) => s.volunteerId === 'none')).toBe(false);
  });

  it("keeps to the programme's target with the reason why", () => {
    const rules: MatchRules = { areaRule: 'any', target: { sex: 'F', maxAge: 11, categories: ['农村留守'] } };
    const r = suggestPairings([child('boy', { sex: 'M' }), child('old', { age: 12, category: '困境' })], [vol('v', { freeCapacity: 2 })], rules);
    expect(r.suggestions).toEqual([]);
    expect(reasonOf(r, 'boy')).toBe('不符合本项目帮扶对象条件（性别）');
    expect(reasonOf(r, 'old')).toBe('不符合本项目帮扶对象条件（类别、年龄）');
  });

  it('pairs within the district under same_district', () => {
    const r = suggestPairings([child('c')], [vol('far', { orgPath: at(1, 0, 0) })], { areaRule: 'same_district' });
    expect(r.suggestions).toEqual([]);
    expect(reasonOf(r, 'c')).toBe('所在区域内没有尚有名额的志愿者');
  });

  it("pairs within a leader's level (龙岗)", () => {
    const rules: MatchRules = { areaRule: 'by_leader_level' };
    const c = child('c', { orgPath: at(0, 0, 1) });
    expect(suggestPairings([c], [vol('k', { leaderLevel: 'community' })], rules).suggestions).toEqual([]);
    expect(pairsOf(suggestPairings([c], [vol('s', { leaderLevel: 'street' })], rules))).toEqual({ c: 's' });
    const other = child('o', { orgPath: at(0, 1, 0) });
    expect(suggestPairings([other], [vol('s', { leaderLevel: 'street' })], rules).suggestions).toEqual([]);
    expect(pairsOf(suggestPairings([other], [vol('d', { leaderLevel: 'district' })], rules))).toEqual({ o: 'd' });
    expect(suggestPairings([child('x', { orgPath: at(1, 0, 0) })], [vol('d', { leaderLevel: 'district' })], rules).suggestions).toEqual([]);
  });

  it('takes local volunteers from the child\'s own community and honours the role asked for (岳阳)', () => {
    const rules: MatchRules = { areaRule: 'any', requireSameCommunityForLocal: true };
    const vols = [vol('local-elsewhere', { orgPath: at(0, 0, 1) }), vol('remote', { role: 'remote', orgPath: at(1, 0, 0) })];
    const r = suggestPairings([child('wantsLocal', { needsRole: 'local' }), child('wantsRemote', { needsRole: 'remote' })], vols, rules);
    expect(pairsOf(r)).toEqual({ wantsRemote: 'remote' });
    expect(reasonOf(r, 'wantsLocal')).toBe('所在区域内没有尚有名额的本地志愿者');
  });

  it('names the role that is missing, local or remote, and only when none of that role is in her area', () => {
    const rules: MatchRules = { areaRule: 'any', forbiddenPairs: [{ childId: 'wantsLocal', volunteerId: 'loc' }] };
    const r = suggestPairings([child('wantsLocal', { needsRole: 'local' }), child('wantsRemote', { needsRole: 'remote' })], [vol('loc', { role: 'local', freeCapacity: 2 })], rules);
    expect(r.suggestions).toEqual([]);
    expect(reasonOf(r, 'wantsLocal')).toBe('区域内的志愿者均已与该儿童结对'); // a local one is there: paired already
    expect(reasonOf(r, 'wantsRemote')).toBe('所在区域内没有尚有名额的异地志愿者');
  });

  it('never suggests an active pairing again', () => {
    const rules: MatchRules = { areaRule: 'any', forbiddenPairs: [{ childId: 'c', volunteerId: 'v' }] };
    const r = suggestPairings([child('c')], [vol('v', { freeCapacity: 3 })], rules);
    expect(r.suggestions).toEqual([]);
    expect(reasonOf(r, 'c')).toBe('区域内的志愿者均已与该儿童结对');
  });

  it('rejects malformed input and leaves its input untouched', () => {
    expect(() => suggestPairings([child('a'), child('a')], [], ANY)).toThrow('儿童重复');
    expect(() => suggestPairings([], [vol('v', { freeCapacity: -1 })], ANY)).toThrow('剩余名额');
    const kids = [child('a', { needs: ['study'] }), child('b')];
    const vols = [vol('v', { skills: ['教师'] })];
    const before = JSON.stringify([kids, vols]);
    const first = suggestPairings(kids, vols, ANY);
    expect(JSON.stringify([kids, vols])).toBe(before);
    expect(suggestPairings(kids, vols, ANY)).toEqual(first);
  });
});

describe('incremental entries', () => {
  it('suggestForOne explains why there is nobody', () => {
    expect(suggestForOne(child('c', { age: 15 }), [vol('v')], { areaRule: 'any', target: { maxAge: 14 } }).reason).toBe('不符合本项目帮扶对象条件（年龄）');
    expect(suggestForOne(child('c'), [vol('v', { freeCapacity: 0 })], ANY)).toEqual({
      suggestion: null, alternatives: [], reason: '所在区域内没有符合条件且尚有名额的志愿者',
    });
  });

  it('suggestForVolunteer fills her places high-risk first, then by score', () => {
    const kids = [child('near'), child('high', { riskLevel: 'high', orgPath: at(0, 1, 0) }), child('street', { orgPath: at(0, 0, 1) })];
    const r = suggestForVolunteer(vol('v', { freeCapacity: 2 }), kids, ANY);
    expect(r.suggestions.map((s) => s.childId)).toEqual(['high', 'near']);
    expect(r.objective).toEqual({ highRiskCovered: 1, covered: 2, totalScore: 20 + 40 });
  });
});
