import { checkEligibility, type EligibilityInput } from '../../../src/domain/volunteer/eligibility';
import { getProgramme } from '../../../src/programmes';
import { idNumberFor } from './synthetic';

const suining = getProgramme('suining-2019')!.eligibility; // 20–60, female, four declarations
const yueyang = getProgramme('yueyang-2024')!.eligibility; // 18–70
const xiamen = getProgramme('xiamen-2017')!.eligibility; // individual, team, unit

const base = (over: Partial<EligibilityInput> = {}): EligibilityInput => ({
  applicantKind: 'individual',
  declarations: ['law_abiding', 'no_penalty', 'healthy', 'privacy_consent', 'family_education_experience'],
  regionKnown: true,
  ...over,
});

describe('age bounds, inclusive, counted on the day of application', () => {
  const born = '2000-07-15';
  test.each([
    ['the day before her 20th birthday', '2020-07-14', false],
    ['her 20th birthday', '2020-07-15', true],
    ['the day after her 20th birthday', '2020-07-16', true],
  ])('遂宁 minimum, %s', (_w, today, ok) => {
    const r = checkEligibility(suining, base({ idNumber: idNumberFor(born) }), today);
    expect(r.ok).toBe(ok);
    if (!r.ok) expect(r).toMatchObject({ rule: 'age', message: '不符合报名条件：年龄须在20至60周岁之间（您现年19周岁）' });
  });

  test.each([
    ['the day before her 61st birthday', '2061-07-14', true],
    ['her 61st birthday', '2061-07-15', false],
  ])('遂宁 maximum, %s', (_w, today, ok) => {
    expect(checkEligibility(suining, base({ birthDate: born }), today).ok).toBe(ok);
  });

  test.each([
    ['the day before her 18th birthday', '2018-07-14', false],
    ['her 18th birthday', '2018-07-15', true],
    ['the day before her 71st birthday', '2071-07-14', true],
    ['her 71st birthday', '2071-07-15', false],
  ])('岳阳, %s', (_w, today, ok) => {
    expect(checkEligibility(yueyang, base({ birthDate: born }), today).ok).toBe(ok);
  });

  test('born on 29 February: a year older on 1 March of a common year', () => {
    expect(checkEligibility(suining, base({ birthDate: '2004-02-29' }), '2024-02-28').ok).toBe(false);
    expect(checkEligibility(suining, base({ birthDate: '2004-02-29' }), '2024-02-29').ok).toBe(true);
    expect(checkEligibility(suining, base({ birthDate: '2003-02-28' }), '2023-02-28').ok).toBe(true);
  });
});

describe('other rules name themselves', () => {
  test('sex from the ID number', () => {
    expect(checkEligibility(suining, base({ idNumber: idNumberFor('1980-01-01', 3, 'male') }), '2024-01-01')).toMatchObject({ ok: false, rule: 'sex' });
  });
  test('sex as she states it: a man is refused where the programme is women-only', () => {
    const refused = { ok: false, rule: 'sex', message: '不符合报名条件：本项目面向女性志愿者' };
    expect(checkEligibility(xiamen, base({ birthDate: '1980-01-01', sex: 'male' }), '2024-01-01')).toEqual(refused);
    expect(checkEligibility(xiamen, base({ birthDate: '1980-01-01', sex: 'female' }), '2024-01-01')).toMatchObject({ ok: true, age: 44 });
    expect(checkEligibility({ ...xiamen, applicantSex: 'any' }, base({ birthDate: '1980-01-01', sex: 'male' }), '2024-01-01')).toMatchObject({ ok: true });
  });
  test('stated sex and ID number must agree, whichever way they differ', () => {
    const mismatch = { ok: false, rule: 'sex', message: '不符合报名条件：性别与身份证号码不一致' };
    expect(checkEligibility(suining, base({ idNumber: idNumberFor('1980-01-01', 3, 'male'), sex: 'female' }), '2024-01-01')).toEqual(mismatch);
    expect(checkEligibility(suining, base({ idNumber: idNumberFor('1980-01-01', 3), sex: 'male' }), '2024-01-01')).toEqual(mismatch);
    expect(checkEligibility({ ...suining, applicantSex: 'any' }, base({ idNumber: idNumberFor('1980-01-01', 3), sex: 'male' }), '2024-01-01')).toEqual(mismatch);
    expect(checkEligibility(suining, base({ idNumber: idNumberFor('1980-01-01', 3), sex: 'female' }), '2024-01-01')).toMatchObject({ ok: true });
  });
  test('birth date and ID number must agree', () => {
    expect(checkEligibility(suining, base({ idNumber: idNumberFor('1980-01-01'), birthDate: '1980-01-02' }), '2024-01-01')).toMatchObject({ ok: false, rule: 'birthDate', message: '不符合报名条件：出生年月与身份证号码不一致' });
  });
  test('a birth date or ID number is needed', () => {
    expect(checkEligibility(suining, base(), '2024-01-01')).toMatchObject({ ok: false, rule: 'birthDate' });
  });
  test('every required declaration', () => {
    const r = checkEligibility(yueyang, base({ birthDate: '1980-01-01', declarations: ['law_abiding', 'healthy', 'privacy_consent'] }), '2024-01-01');
    expect(r).toMatchObject({ ok: false, rule: 'declarations', message: '不符合报名条件：请阅读并确认：无行政处分、行政处罚、刑事处罚记录' });
  });
  test('applicant kinds', () => {
    expect(checkEligibility(suining, base({ birthDate: '1980-01-01', applicantKind: 'team' }), '2024-01-01')).toMatchObject({ ok: false, rule: 'applicantKind', message: '不符合报名条件：本项目只接受个人报名' });
    expect(checkEligibility(xiamen, base({ birthDate: '1980-01-01', applicantKind: 'unit' }), '2024-01-01').ok).toBe(true);
  });
  test('region', () => {
    expect(checkEligibility(suining, base({ birthDate: '1980-01-01', regionKnown: false }), '2024-01-01')).toMatchObject({ ok: false, rule: 'region' });
  });
  test('eligible gives the age and the birth date used', () => {
    expect(checkEligibility(suining, base({ idNumber: idNumberFor('1980-06-01') }), '2024-05-31')).toEqual({ ok: true, birthDate: '1980-06-01', age: 43 });
  });
});
