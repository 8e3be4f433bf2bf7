import { getProgramme } from '../../../src/programmes';
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
