import {
  ageInYears,
  annexHeaders,
  approvalStepsFor,
  childrenOf,
  descendantsOf,
  getProgramme,
  isWithin,
  nearestAtLevels,
  orgNodeByCode,
  pathOf,
  PRESET_INPUTS,
  ProgrammeSchema,
  allPresets,
  rootOf,
  type Programme,
} from '../../src/programmes';

const xiamen = getProgramme('xiamen-2017')!;
const longgang = getProgramme('longgang-2019')!;
const codes = (nodes: { code: string }[]) => nodes.map((n) => n.code);

/** 遂宁 with a street and two communities added under 船山区, as an admin would. */
const suining: Programme = (() => {
  const p = structuredClone(PRESET_INPUTS.find((x) => x.id === 'suining-2019')!);
  p.orgTree.push(
    { code: 'st', name: '某街道', level: 'street', parentCode: 'sn-chuanshan' },
    { code: 'c1', name: '一社区', level: 'community', parentCode: 'st' },
    { code: 'c2', name: '二社区', level: 'community', parentCode: 'st' },
  );
  return ProgrammeSchema.parse(p);
})();

describe('org tree helpers', () => {
  it('orgNodeByCode and rootOf', () => {
    expect(orgNodeByCode(xiamen, 'xm-haicang')?.name).toBe('海沧区');
    expect(orgNodeByCode(xiamen, 'nope')).toBeUndefined();
    expect(rootOf(longgang)).toMatchObject({ code: 'lg', level: 'district' });
  });

  it('descendantsOf: everything below, not the node itself, depth first', () => {
    expect(descendantsOf(xiamen, 'xm')).toHaveLength(10);
    expect(descendantsOf(xiamen, 'xm-siming')).toEqual([]);
    expect(descendantsOf(xiamen, 'nope')).toEqual([]);
    expect(codes(descendantsOf(suining, 'sn-chuanshan'))).toEqual(['st', 'c1', 'c2']);
    expect(codes(descendantsOf(suining, 'sn')).slice(0, 4)).toEqual(['sn-chuanshan', 'st', 'c1', 'c2']);
    expect(codes(childrenOf(suining, 'st'))).toEqual(['c1', 'c2']);
  });

  it('isWithin: self and below, never a sibling or above', () => {
    expect(isWithin(suining, 'sn', 'c1')).toBe(true);
    expect(isWithin(suining, 'sn-chuanshan', 'c1')).toBe(true);
    expect(isWithin(suining, 'c1', 'c1')).toBe(true);
    expect(isWithin(suining, 'c1', 'c2')).toBe(false);
    expect(isWithin(suining, 'c1', 'st')).toBe(false);
    expect(isWithin(suining, 'sn-anju', 'c1')).toBe(false);
    expect(isWithin(suining, 'sn', 'nope')).toBe(false);
  });

  it('pathOf: root → node', () => {
    expect(codes(pathOf(suining, 'c2'))).toEqual(['sn', 'sn-chuanshan', 'st', 'c2']);
    expect(codes(pathOf(suining, 'sn'))).toEqual(['sn']);
    expect(pathOf(suining, 'nope')).toEqual([]);
  });

  it('nearestAtLevels', () => {
    expect(nearestAtLevels(suining, 'c1', ['district', 'unit'])?.code).toBe('sn-chuanshan');
    expect(nearestAtLevels(suining, 'c1', ['community'])?.code).toBe('c1');
    expect(nearestAtLevels(suining, 'sn-szjg', ['district'])).toBeUndefined();
  });
});

describe('approvalStepsFor', () => {
  it('遂宁: a community applicant goes to her county, then the city', () => {
    expect(approvalStepsFor(suining, 'c1').map((s) => [s.step.label, s.node.code])).toEqual([
      ['县区（园区）妇联意见', 'sn-chuanshan'],
      ['市妇联意见', 'sn'],
    ]);
  });
  it('遂宁: a 市直 applicant goes to her 机关妇委会, then the city', () => {
    expect(approvalStepsFor(suining, 'sn-szjg').map((s) => s.node.code)).toEqual(['sn-szjg', 'sn']);
  });
  it('龙岗: a district leader has no street step', () => {
    expect(approvalStepsFor(longgang, 'lg').map((s) => s.step.key)).toEqual(['district']);
    expect(approvalStepsFor(longgang, 'lg-buji').map((s) => s.node.code)).toEqual(['lg-buji', 'lg']);
  });
});

describe('annexHeaders', () => {
  it('qualifies repeated labels by their group and prefixes row labels', () => {
    expect(annexHeaders(xiamen.annexTables[5]!)).toEqual([
      '序号', '爱心妈妈情况/姓名', '单位职务', '爱心妈妈情况/联系电话', '结对儿童情况/姓名', '就读学校及班级', '结对儿童情况/联系电话',
    ]);
    const ledger = annexHeaders(getProgramme('jinjiang-2024')!.annexTables[0]!);
    expect(ledger).toEqual(expect.arrayContaining(['一季度走访时间', '四季度解决措施', '父亲身份证号码', '母亲特殊情况', '留守儿童委托照护人情况/姓名']));
    expect(ledger[0]).toBe('儿童基本信息/姓名');
  });
  it('gives unique headers for every annex of every preset', () => {
    for (const p of allPresets()) for (const a of p.annexTables) {
      const h = annexHeaders(a);
      expect(new Set(h).size).toBe(h.length);
    }
  });
});

describe('ageInYears', () => {
  it('counts whole years, turning on the birthday', () => {
    expect(ageInYears('2000-06-15', '2020-06-14')).toBe(19);
    expect(ageInYears('2000-06-15', '2020-06-15')).toBe(20);
    expect(ageInYears('1959-06-15', '2019-06-14')).toBe(59);
    expect(ageInYears('1959-06-15', '2019-06-15')).toBe(60);
  });
  it('a 29 February birthday turns on 1 March in common years', () => {
    expect(ageInYears('2004-02-29', '2022-02-28')).toBe(17);
    expect(ageInYears('2004-02-29', '2022-03-01')).toBe(18);
    expect(ageInYears('2004-02-29', '2024-02-29')).toBe(20);
  });
  it('refuses a malformed date', () => {
    expect(() => ageInYears('15/06/2000', '2020-06-15')).toThrow(/YYYY-MM-DD/);
  });
});
