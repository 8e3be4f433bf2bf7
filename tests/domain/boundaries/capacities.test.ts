import { listEligiblePairs, type MatchChild, type MatchVolunteer } from '../../../src/domain/matching';
import { capacityOf, matchRules, placesPerChild } from '../../../src/domain/pairing';
import { coverage, quotaProgress, type ChildRow } from '../../../src/domain/report/dashboard-targets';
import { PRESET_INPUTS, ProgrammeSchema, type ProgrammeInput } from '../../../src/programmes';
import { preset, PRESET_IDS } from './probe';

/**
 * Counts at their limits, for every preset that sets them: children per volunteer, volunteers per
 * child (岳阳 one 本地 and one 异地), the programme's own cross-field limits (age range, claim
 * reminder, capacities, 遂宁's quotas, 厦门's and 龙岗's allocations) and the coverage goal.
 */

describe('children per volunteer', () => {
  test.each([
    // preset, capacity when she asks for one child, when she asks 一对多, places per child
    ['xiamen-2017', 1, 3, { total: 2, local: 2, remote: 2 }],
    ['suining-2019', 1, 3, { total: 1, local: 1, remote: 1 }],
    ['jinjiang-2024', 1, 3, { total: 1, local: 1, remote: 1 }],
    ['yueyang-2024', 1, 3, { total: 2, local: 1, remote: 1 }],
    ['longgang-2019', 1, 1, { total: 1, local: 1, remote: 1 }], // "每名“妇联妈妈”与1名贫困儿童结对"
  ])('%s: %i, or %i for 一对多; places per child %o', (id, one, many, places) => {
    const p = preset(id).pairing;
    expect([capacityOf(p), capacityOf(p, ['one_to_many']), placesPerChild(p)]).toEqual([one, many, places]);
  });

  describe.each([...PRESET_IDS])('%s: the engine offers her children while she holds fewer than her capacity', (id) => {
    const p = preset(id);
    const child: MatchChild = { id: 'c', orgPath: ['r', 'd'], sex: 'F', age: 8, category: p.targetChildren.categories[0], riskLevel: 'low', needs: [] };
    const offered = (freeCapacity: number) =>
      listEligiblePairs([child], [{ id: 'v', orgPath: ['r', 'd'], role: 'local', freeCapacity, skills: [] } satisfies MatchVolunteer], matchRules(p)).length;
    test.each([
      ['one place short of her capacity', -1, 1],
      ['at her capacity', 0, 0],
    ])('holding %s', (_w, delta, n) => {
      const cap = capacityOf(p.pairing, ['one_to_many']);
      const held = cap + delta;
      expect(offered(cap - held)).toBe(n);
    });
    test('more held than her capacity is refused as bad input, not offered', () => {
      expect(() => offered(-1)).toThrow(RangeError);
    });
  });
});

type Draft = ProgrammeInput & Record<string, unknown>;
const draft = (id: string): Draft => structuredClone(PRESET_INPUTS.find((p) => p.id === id)!) as Draft;
const messages = (p: unknown): string[] => {
  const r = ProgrammeSchema.safeParse(p);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

describe('the programme\'s own limits, probed around each preset\'s values', () => {
  describe.each([...PRESET_IDS])('%s', (id) => {
    const parsed = preset(id);
    test('the unchanged preset is valid', () => {
      expect(messages(draft(id))).toEqual([]);
    });

    test.each([
      ['minAge + 1', 1, false],
      ['minAge', 0, true],
      ['minAge − 1', -1, true],
    ])('maxAge at %s (%i): refused %s', (_w, delta, refused) => {
      const d = draft(id);
      d.eligibility.maxAge = parsed.eligibility.minAge + delta;
      expect(messages(d).includes('最低年龄必须小于最高年龄')).toBe(refused);
    });

    test.each([
      ['claimDays − 1', -1, false],
      ['claimDays', 0, true],
      ['claimDays + 1', 1, true],
    ])('a claim reminder %s days before the lapse (%i): refused %s', (_w, delta, refused) => {
      const d = draft(id);
      d.wishRules = { ...d.wishRules, reminderDaysBeforeLapse: parsed.wishRules.claimDays + delta };
      expect(messages(d).includes('到期前提醒天数必须小于认领有效期')).toBe(refused);
    });

    test.each([
      ['maxCapacity − 1', -1, false],
      ['maxCapacity', 0, false],
      ['maxCapacity + 1', 1, true],
    ])('default capacity at %s (%i): refused %s', (_w, delta, refused) => {
      const d = draft(id);
      d.pairing.defaultCapacity = parsed.pairing.maxCapacity + delta;
      expect(messages(d).includes('每位志愿者最多结对儿童数不能小于默认结对儿童数')).toBe(refused);
    });
  });

  const oneChildOnly = PRESET_IDS.filter((id) => !preset(id).pairing.forms.some((f) => f === 'one_to_many' || f === 'many_to_many'));
  const oneVolunteerOnly = PRESET_IDS.filter((id) => !preset(id).pairing.forms.some((f) => f === 'many_to_one' || f === 'many_to_many'));
  test('龙岗 alone allows no 一对多; 遂宁, 晋江 and 龙岗 allow no 多对一', () => {
    expect([oneChildOnly, oneVolunteerOnly]).toEqual([['longgang-2019'], ['suining-2019', 'jinjiang-2024', 'longgang-2019']]);
  });
  test.each(oneChildOnly.flatMap((id) => [[id, 1, false], [id, 2, true]] as const))('%s: maxCapacity %i refused %s', (id, n, refused) => {
    const d = draft(id);
    d.pairing.maxCapacity = n;
    expect(messages(d).includes('未允许“一对多”或“多对多”结对，每位志愿者最多只能结对1名儿童')).toBe(refused);
  });
  test.each(oneVolunteerOnly.flatMap((id) => [[id, 1, false], [id, 2, true]] as const))('%s: maxVolunteersPerChild %i refused %s', (id, n, refused) => {
    const d = draft(id);
    d.pairing.maxVolunteersPerChild = n;
    expect(messages(d).includes('未允许“多对一”或“多对多”结对，每名儿童最多只能有1名结对志愿者')).toBe(refused);
  });

  test('only 岳阳 counts 本地 and 异地 places', () => {
    expect(PRESET_IDS.map((id) => preset(id).pairing.localRemote)).toEqual([null, null, null, { local: 1, remote: 1 }, null]);
  });
  test.each([
    [1, true],
    [2, false],
    [3, false],
  ])('岳阳: one 本地 + one 异地 with maxVolunteersPerChild %i: refused %s', (n, refused) => {
    const d = draft('yueyang-2024');
    d.pairing.maxVolunteersPerChild = n;
    expect(messages(d).includes('本地与异地志愿者人数之和不能超过每名儿童最多结对志愿者数')).toBe(refused);
  });

  test('遂宁 alone sets quotas: 1000 in all, the items add up to 1000', () => {
    expect(PRESET_IDS.map((id) => preset(id).quotas?.total ?? null)).toEqual([null, 1000, null, null, null]);
    expect(preset('suining-2019').quotas!.items.reduce((s, q) => s + q.atLeast, 0)).toBe(1000);
  });
  test.each([
    [999, true],
    [1000, false],
    [1001, false],
  ])('遂宁: a total of %i is refused %s', (total, refused) => {
    const d = draft('suining-2019');
    d.quotas!.total = total;
    expect(messages(d).some((m) => m.startsWith('各单位招募名额之和（1000）超过了招募总数'))).toBe(refused);
  });

  test('厦门 allocates 160 children, 龙岗 144; the others none', () => {
    expect(PRESET_IDS.map((id) => preset(id).allocations?.total ?? null)).toEqual([160, null, null, null, 144]);
  });
  test.each([
    ['xiamen-2017', 159, '名额总数应为159，各单位名额相加为160'],
    ['xiamen-2017', 160, null],
    ['xiamen-2017', 161, '名额总数应为161，各单位名额相加为160'],
    ['longgang-2019', 143, '名额总数应为143，各单位名额相加为144'],
    ['longgang-2019', 144, null],
    ['longgang-2019', 145, '名额总数应为145，各单位名额相加为144'],
  ])('%s: a total of %i', (id, total, message) => {
    const d = draft(id);
    d.allocations!.total = total;
    expect(messages(d)).toEqual(message ? [message] : []);
  });
});

describe('the coverage goal: children still to pair', () => {
  test('晋江 (困境, 100%) and 岳阳 (留守 and 困境, 100%) set one', () => {
    expect(PRESET_IDS.map((id) => { const g = preset(id).coverageGoal; return g && [g.categories, g.percent, g.by]; })).toEqual([
      null, null, [['difficult'], 100, '2024-12-31'], [['left_behind', 'difficult'], 100, '2024-08-31'], null,
    ]);
  });
  const rows = (id: string, paired: number): ChildRow[] => {
    const cat = preset(id).coverageGoal?.categories[0] ?? preset(id).targetChildren.categories[0];
    return [{ path: ['r'], n: paired, category: cat, risk: 'low', paired: true }, { path: ['r'], n: 40 - paired, category: cat, risk: 'low', paired: false }];
  };
  test.each([
    ['jinjiang-2024', 39, 1, 97.5],
    ['jinjiang-2024', 40, 0, 100],
    ['yueyang-2024', 39, 1, 97.5],
    ['yueyang-2024', 40, 0, 100],
    ['xiamen-2017', 39, 0, 97.5], // no goal: nothing owed
  ])('%s with %i of 40 paired: %i to go (%d%%)', (id, paired, toGoal, pct) => {
    expect(coverage(preset(id), rows(id, paired))).toMatchObject({ total: 40, paired, toGoal, percent: pct });
  });
  test.each([
    // 99% of 40 is 39.6: rounded up to 40 children
    [99, 39, 1],
    [99, 40, 0],
    [50, 19, 1],
    [50, 20, 0],
    [50, 21, 0],
  ])('a goal of %i%% over 40 children with %i paired leaves %i to pair', (percent, paired, toGoal) => {
    const p = preset('jinjiang-2024');
    const withGoal = { ...p, coverageGoal: { ...p.coverageGoal!, percent } };
    const r = coverage(withGoal, [{ path: ['r'], n: paired, category: 'difficult', risk: 'low', paired: true }, { path: ['r'], n: 40 - paired, category: 'difficult', risk: 'low', paired: false }]);
    expect(r.toGoal).toBe(toGoal);
  });
});

describe('遂宁 quotas: progress at each unit\'s target', () => {
  const q = preset('suining-2019').quotas!;
  const orgs = new Map(preset('suining-2019').orgTree.map((n) => [n.code, { code: n.code, name: n.name, path: n.parentCode ? ['sn', n.code] : ['sn'] }]));
  test.each([
    ['sn-szjg', 220],
    ['sn-anju', 120],
    ['sn-gaoxin', 60],
  ])('%s: at least %i', (code, atLeast) => {
    expect(q.items.find((i) => i.orgCode === code)?.atLeast).toBe(atLeast);
    const at = (approved: number) =>
      quotaProgress(q, 'sn', true, orgs, [{ path: ['sn', code], n: approved, status: 'approved' }], [])!.items.find((i) => i.orgCode === code)!.percent;
    expect(at(atLeast - 1)).toBeLessThan(100);
    expect(at(atLeast)).toBe(100);
    expect(at(atLeast + 1)).toBeGreaterThan(100);
  });
});
