import { AppError } from '../../../src/contract';
import { checkEligibility, type EligibilityInput } from '../../../src/domain/volunteer/eligibility';
import { missingRequired } from '../../../src/domain/volunteer/form';
import { isCalendarDate, parseIdNumber } from '../../../src/domain/volunteer/idcard';
import { reviewStepFor } from '../../../src/domain/volunteer/state';
import { stepsForPath } from '../../../src/domain/volunteer/steps';
import { formatVolunteerNumber } from '../../../src/domain/volunteer/term';
import { getProgramme } from '../../../src/programmes';
import { idNumberFor } from './synthetic';

/**
 * Cases written for mutants that survived `npm run mutate` (docs/testing.md "Mutation testing"):
 * each pins an exact answer the unit tests did not yet pin.
 */
const suining = getProgramme('suining-2019')!.eligibility; // 20–60, female, individual only
const base = (over: Partial<EligibilityInput> = {}): EligibilityInput => ({
  applicantKind: 'individual',
  declarations: ['law_abiding', 'no_penalty', 'healthy', 'privacy_consent', 'family_education_experience'],
  regionKnown: true,
  ...over,
});
const refusal = (rule: string, why: string) => ({ ok: false, rule, message: `不符合报名条件：${why}` });
const TODAY = '2026-03-01';

describe('checkEligibility: every refusal in its exact words', () => {
  test('an area outside the programme', () => {
    expect(checkEligibility(suining, base({ regionKnown: false, birthDate: '1990-01-01' }), TODAY)).toEqual(refusal('region', '所选地区不在本项目范围内'));
  });

  test('an applicant kind not accepted names every accepted kind, joined by 、', () => {
    const rules = { ...suining, allowedApplicantKinds: ['individual', 'team'] as const };
    expect(checkEligibility({ ...rules, allowedApplicantKinds: [...rules.allowedApplicantKinds] }, base({ applicantKind: 'unit', birthDate: '1990-01-01' }), TODAY))
      .toEqual(refusal('applicantKind', '本项目只接受个人、团队报名'));
  });

  test('an ID number that is not one is refused as such, with or without a birth date', () => {
    const bad = idNumberFor('1990-01-01').slice(0, 17) + (idNumberFor('1990-01-01')[17] === '0' ? '1' : '0');
    expect(checkEligibility(suining, base({ idNumber: bad }), TODAY)).toEqual(refusal('birthDate', '身份证号码不正确'));
    expect(checkEligibility(suining, base({ idNumber: bad, birthDate: '1990-01-01' }), TODAY)).toEqual(refusal('birthDate', '身份证号码不正确'));
  });

  test('an ID number alone is enough (no birth date to compare)', () => {
    expect(checkEligibility(suining, base({ idNumber: idNumberFor('1990-01-01') }), TODAY)).toEqual({ ok: true, birthDate: '1990-01-01', age: 36 });
    expect(checkEligibility(suining, base({ idNumber: idNumberFor('1990-01-01'), birthDate: '1990-01-01' }), TODAY)).toEqual({ ok: true, birthDate: '1990-01-01', age: 36 });
    expect(checkEligibility(suining, base({ idNumber: idNumberFor('1990-01-01'), birthDate: '1990-01-02' }), TODAY)).toEqual(refusal('birthDate', '出生年月与身份证号码不一致'));
  });

  test('neither a birth date nor an ID number', () => {
    expect(checkEligibility(suining, base(), TODAY)).toEqual(refusal('birthDate', '请填写出生年月或身份证号码'));
  });

  test('a man\'s ID number: refused where the programme is for women, accepted where it is for anyone', () => {
    const man = idNumberFor('1990-01-01', 3, 'male');
    expect(checkEligibility(suining, base({ idNumber: man }), TODAY)).toEqual(refusal('sex', '本项目面向女性志愿者'));
    expect(checkEligibility({ ...suining, applicantSex: 'any' }, base({ idNumber: man }), TODAY)).toEqual({ ok: true, birthDate: '1990-01-01', age: 36 });
  });

  test('a birth date after today is refused as such; born today is an age refusal', () => {
    expect(checkEligibility(suining, base({ birthDate: '2026-03-02' }), TODAY)).toEqual(refusal('birthDate', '出生年月不能晚于今天'));
    expect(checkEligibility(suining, base({ birthDate: TODAY }), TODAY)).toEqual(refusal('age', '年龄须在20至60周岁之间（您现年0周岁）'));
  });

  test('missing declarations are all named, joined by 、', () => {
    expect(checkEligibility(suining, base({ birthDate: '1990-01-01', declarations: ['law_abiding', 'no_penalty', 'privacy_consent'] }), TODAY))
      .toEqual(refusal('declarations', '请阅读并确认：具备一定家庭教育经验、身体健康'));
  });
});

describe('missingRequired: the sentence for each kind of field', () => {
  const req = (field: string, label: string) => [{ field, required: true, label }] as never;
  test.each([
    ['pairingForms', '结对形式', '请至少选择一项结对形式'],
    ['serviceModes', '服务方式', '请至少选择一项服务方式'],
    ['serviceTimes', '服务时间', '请至少选择一项服务时间'],
    ['photo', '照片', '请上传照片'],
    ['education', '学历', '请选择学历'],
    ['politicalStatus', '政治面貌', '请选择政治面貌'],
    ['preferredArea', '意向地区', '请选择意向地区'],
    ['homeAddress', '家庭住址', '请填写家庭住址'],
  ])('%s', (field, label, sentence) => {
    expect(missingRequired(req(field, label), {})).toBe(sentence);
  });

  test('blank text and empty lists count as missing; filled ones do not', () => {
    expect(missingRequired(req('homeAddress', '家庭住址'), { homeAddress: '   ' })).toBe('请填写家庭住址');
    expect(missingRequired(req('homeAddress', '家庭住址'), { homeAddress: ' 某路1号 ' })).toBeNull();
    expect(missingRequired(req('serviceModes', '服务方式'), { serviceModes: [] })).toBe('请至少选择一项服务方式');
    expect(missingRequired(req('serviceModes', '服务方式'), { serviceModes: ['visit'] })).toBeNull();
    expect(missingRequired(req('homeAddress', '家庭住址'), { homeAddress: null })).toBe('请填写家庭住址');
  });
});

describe('ID numbers and dates: anchored patterns', () => {
  test('a date with anything before or after it is not a date', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('x2024-02-29')).toBe(false);
    expect(isCalendarDate('2024-02-290')).toBe(false);
    expect(isCalendarDate('1899-12-31')).toBe(false);
  });

  test('a valid number with one more digit after it is not a number', () => {
    // a number whose check character is a digit, so one more digit keeps the tail number-shaped
    const id = Array.from({ length: 20 }, (_, seq) => idNumberFor('1990-01-01', seq + 1)).find((n) => /\d$/.test(n))!;
    expect(parseIdNumber(id)).toEqual({ birthDate: '1990-01-01', sex: 'female' });
    expect(parseIdNumber(`${id}0`)).toBeNull();
    expect(parseIdNumber(`1${id}`)).toBeNull();
  });
});

describe('reviewStepFor: refusals in their exact words', () => {
  const steps = [
    { key: 'district', label: '区妇联初审', orgCode: 'd1', orgName: '某区' },
    { key: 'city', label: '市妇联复审', orgCode: 'city', orgName: '某市' },
  ];
  const err = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      return { code: (e as AppError).code, message: (e as AppError).message };
    }
    return null;
  };
  test('finished, withdrawn or out of steps', () => {
    expect(err(() => reviewStepFor({ status: 'approved', stepIndex: 2, steps }, { orgCode: 'city', isAdmin: false }))).toEqual({ code: 'CONFLICT', message: '该报名已审核完毕或已撤回' });
    expect(err(() => reviewStepFor({ status: 'withdrawn', stepIndex: 0, steps }, { orgCode: null, isAdmin: true }))).toEqual({ code: 'CONFLICT', message: '该报名已审核完毕或已撤回' });
    expect(err(() => reviewStepFor({ status: 'district_approved', stepIndex: 2, steps }, { orgCode: null, isAdmin: true }))).toEqual({ code: 'CONFLICT', message: '该报名没有待审核的环节' });
  });
  test('an office whose step is done, and one whose step is later', () => {
    expect(err(() => reviewStepFor({ status: 'district_approved', stepIndex: 1, steps }, { orgCode: 'd1', isAdmin: false }))).toEqual({ code: 'CONFLICT', message: '您所在单位已审核过该报名' });
    expect(err(() => reviewStepFor({ status: 'pending', stepIndex: 0, steps }, { orgCode: 'city', isAdmin: false }))).toEqual({ code: 'FORBIDDEN', message: '请等待“区妇联初审”完成后再审核' });
  });
});

test('stepsForPath: two steps landing on the same node make one step', () => {
  const chain = [
    { key: 'street', label: '街道初审', levels: ['street', 'district'] },
    { key: 'district', label: '区审核', levels: ['district'] },
  ] as never;
  const path = [{ code: 'c', name: '市', level: 'city' }, { code: 'd', name: '区', level: 'district' }] as never;
  expect(stepsForPath(chain, path)).toEqual([{ key: 'street', label: '街道初审', orgCode: 'd', orgName: '区' }]);
});

test('formatVolunteerNumber: the root code\'s letters and digits, upper case, at most four', () => {
  expect(formatVolunteerNumber('sn-01x', 2024, 12)).toBe('SN01202400012');
  expect(formatVolunteerNumber('xm', 2025, 1)).toBe('XM202500001');
});
