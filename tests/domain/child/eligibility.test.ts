import { getProgramme } from '../../../src/programmes';
import type { TargetChildren } from '../../../src/programmes/schema';
import { eligibility, type EligibilityFacts } from '../../../src/domain/child';

const suining = getProgramme('suining-2019')!.targetChildren;
const girl: EligibilityFacts = {
  category: 'left_behind', difficultSubtypes: [], poorReasons: [], sex: 'female', birthDate: '2015-06-01',
  parentsAway: 'both', parentsAwaySince: '2023-01', hukouType: 'rural',
};

describe('遂宁: girls under 12 left in the countryside, both parents away at least half a year', () => {
  test('a girl who fits is eligible', () => {
    expect(eligibility(girl, suining, '2024-05-01')).toEqual({ eligible: true, reasons: [] });
  });
  test('she stops being eligible on her 12th birthday', () => {
    expect(eligibility(girl, suining, '2027-05-31').eligible).toBe(true);
    const r = eligibility(girl, suining, '2027-06-01');
    expect(r.eligible).toBe(false);
    expect(r.reasons).toEqual(['须未满12周岁（现12岁）']);
  });
  test('a boy, one parent away, five months away, a town hukou: each rule says why', () => {
    const r = eligibility({ ...girl, sex: 'male', parentsAway: 'mother', parentsAwaySince: '2024-01', hukouType: 'urban' }, suining, '2024-06-15');
    expect(r.reasons).toEqual(['本项目只面向女童', '须父母双方均外出', '父母外出须满6个月', '须为农村户籍']);
  });
  test('six months away is enough', () => {
    expect(eligibility({ ...girl, parentsAwaySince: '2024-01' }, suining, '2024-07-01').eligible).toBe(true);
  });
  test('missing facts are reasons, not guesses', () => {
    const r = eligibility({ ...girl, sex: null, parentsAwaySince: null, hukouType: null }, suining, '2024-05-01');
    expect(r.reasons).toEqual(['未填写性别', '未填写父母外出起始年月', '未填写户籍类别']);
  });
});

test('岳阳 counts only some kinds of 困境儿童; 龙岗 counts only 贫困儿童', () => {
  const yueyang = getProgramme('yueyang-2024')!.targetChildren;
  const difficult = { ...girl, category: 'difficult' as const, difficultSubtypes: ['subsistence_allowance' as const] };
  expect(eligibility(difficult, yueyang, '2024-05-01').eligible).toBe(false);
  expect(eligibility({ ...difficult, difficultSubtypes: ['disabled'] }, yueyang, '2024-05-01').eligible).toBe(true);
  const longgang = getProgramme('longgang-2019')!.targetChildren;
  expect(eligibility(girl, longgang, '2024-05-01').reasons[0]).toContain('贫困儿童');
});

describe('each rule at its edge, word for word', () => {
  // open to every category, any age under 18, no other rule: only the rule under test can refuse
  const open: TargetChildren = { categories: ['left_behind', 'difficult', 'poor'], difficultSubtypes: [], poorReasons: [], ageUnder: 18, requireBothParentsAway: false, ruralOnly: false };
  const someDifficult: TargetChildren = { ...open, difficultSubtypes: ['disabled', 'scattered_orphan'] };
  const somePoor: TargetChildren = { ...open, poorReasons: ['subsistence_allowance', 'disaster'] };
  const difficult = (...difficultSubtypes: EligibilityFacts['difficultSubtypes']) => ({ ...girl, category: 'difficult' as const, difficultSubtypes });
  const poor = (...poorReasons: EligibilityFacts['poorReasons']) => ({ ...girl, category: 'poor' as const, poorReasons });
  test.each<[string, EligibilityFacts, TargetChildren, string[]]>([
    ['a category outside the programme names every category it takes', poor(), { ...open, categories: ['left_behind', 'difficult'] }, ['本项目只面向农村留守儿童、困境儿童']],
    ['a 困境儿童 of another kind names every kind taken', difficult('subsistence_allowance'), someDifficult, ['困境儿童类别须为残疾、散居孤儿之一']],
    ['one of her kinds taken is enough', difficult('subsistence_allowance', 'disabled'), someDifficult, []],
    ['the 困境儿童 kinds do not bind a 留守儿童', girl, someDifficult, []],
    ['a 贫困儿童 for another reason names every reason taken', poor('child_illness'), somePoor, ['贫困原因须为城市居民最低生活保障对象、遭受重大自然灾害或突发性事件之一']],
    ['one of her reasons taken is enough', poor('child_illness', 'disaster'), somePoor, []],
    ['the 贫困 reasons do not bind a 留守儿童', girl, somePoor, []],
    ['a girl for a programme for boys', girl, { ...open, sex: 'male' }, ['本项目只面向男童']],
  ])('%s', (_, child, target, reasons) => {
    expect(eligibility(child, target, '2024-05-01')).toEqual({ eligible: reasons.length === 0, reasons });
  });
  test('born the day after today is refused; born today is not', () => {
    expect(eligibility({ ...girl, birthDate: '2024-05-02' }, open, '2024-05-01').reasons).toEqual(['出生日期晚于今天']);
    expect(eligibility({ ...girl, birthDate: '2024-05-01' }, open, '2024-05-01')).toEqual({ eligible: true, reasons: [] });
  });
});
