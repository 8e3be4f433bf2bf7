import { getProgramme } from '../../../src/programmes';
import { stepsForPath, type PathNode } from '../../../src/domain/volunteer/steps';
import { commitmentState, formatVolunteerNumber, serviceYear, termFrom } from '../../../src/domain/volunteer/term';
import { keepProgrammeFields, missingRequired } from '../../../src/domain/volunteer/form';

const suining = getProgramme('suining-2019')!;
const yueyang = getProgramme('yueyang-2024')!;
const longgang = getProgramme('longgang-2019')!;
const n = (code: string, level: PathNode['level'], name = code): PathNode => ({ code, level, name });

describe('approval steps from the path', () => {
  test('遂宁: a street applicant goes to her county, then the city', () => {
    const steps = stepsForPath(suining.approvalChain, [n('sn', 'city', '遂宁市'), n('sn-anju', 'district', '安居区'), n('st1', 'street', '某街道')]);
    expect(steps.map((s) => [s.key, s.orgCode])).toEqual([['county', 'sn-anju'], ['city', 'sn']]);
  });
  test('遂宁: a 市直 unit applicant goes to her committee, then the city', () => {
    expect(stepsForPath(suining.approvalChain, [n('sn', 'city'), n('sn-szjg', 'unit')]).map((s) => s.orgCode)).toEqual(['sn-szjg', 'sn']);
  });
  test('遂宁: signing up at the city itself skips the county step', () => {
    expect(stepsForPath(suining.approvalChain, [n('sn', 'city')]).map((s) => s.key)).toEqual(['city']);
  });
  test('龙岗: a community applicant goes to her street, then the district', () => {
    expect(stepsForPath(longgang.approvalChain, [n('lg', 'district'), n('lg-buji', 'street'), n('c1', 'community')]).map((s) => s.orgCode)).toEqual(['lg-buji', 'lg']);
  });
  test('岳阳: one step, at her own node', () => {
    expect(stepsForPath(yueyang.approvalChain, [n('yy', 'city'), n('yy-junshan', 'district')]).map((s) => s.orgCode)).toEqual(['yy-junshan']);
  });
});

describe('term and 承诺书', () => {
  const t = termFrom('2024-08-15', { years: 3 });
  test('three years, ending the day before the third anniversary', () => {
    expect(t).toEqual({ start: '2024-08-15', end: '2027-08-14', years: 3 });
  });
  test('service years', () => {
    expect(serviceYear(t, '2024-08-14')).toBeNull();
    expect(serviceYear(t, '2024-08-15')).toBe(1);
    expect(serviceYear(t, '2025-08-14')).toBe(1);
    expect(serviceYear(t, '2025-08-15')).toBe(2);
    expect(serviceYear(t, '2027-08-14')).toBe(3);
    expect(serviceYear(t, '2027-08-15')).toBeNull();
  });
  test('a letter is due each service year until accepted', () => {
    expect(commitmentState(yueyang.term, t, [], '2024-09-01')).toEqual({ required: true, serviceYear: 1, due: true });
    expect(commitmentState(yueyang.term, t, [{ serviceYear: 1 }], '2025-08-14').due).toBe(false);
    expect(commitmentState(yueyang.term, t, [{ serviceYear: 1 }], '2025-08-15')).toEqual({ required: true, serviceYear: 2, due: true });
    expect(commitmentState(suining.term, null, [], '2025-01-01')).toEqual({ required: false, serviceYear: null, due: false });
  });
  test('a term starting on 29 February ends with its first anniversary (1 March)', () => {
    const leapStart = termFrom('2024-02-29', { years: 1 });
    expect(leapStart.end).toBe('2025-02-28');
    expect(serviceYear(leapStart, '2025-02-28')).toBe(1);
  });
  test('volunteer numbers', () => {
    expect(formatVolunteerNumber('sn', 2024, 12)).toBe('SN202400012');
  });
});

describe('the programme decides which fields are required', () => {
  test('遂宁 asks for the ID number, 厦门 for service times', () => {
    expect(missingRequired(suining.signupFields, { name: '测试甲', birthDate: '1980-01-01', phone: 'y', education: 'college', politicalStatus: 'masses', homeAddress: '某地', employerAndPost: '某单位' })).toBe('请填写身份证号码');
    const xiamen = getProgramme('xiamen-2017')!;
    expect(missingRequired(xiamen.signupFields, { name: '测试乙', sex: 'female', birthDate: '1980-01-01', employerAndPost: '某单位', homeAddress: '某地', phone: 'y', pairingForms: ['one_to_one'], serviceModes: ['phone'] })).toBe('请至少选择一项服务时间');
  });
  test('厦门 and 龙岗 ask 性别, a choice', () => {
    for (const id of ['xiamen-2017', 'longgang-2019']) {
      expect(missingRequired(getProgramme(id)!.signupFields, { name: '测试乙', birthDate: '1980-01-01', employerAndPost: '某单位', homeAddress: '某地', phone: 'y' })).toBe('请选择性别');
    }
  });
  test('the programme\'s own label is used', () => {
    expect(missingRequired(suining.signupFields, { name: '测试甲', birthDate: '1980-01-01', phone: 'y', education: 'college', politicalStatus: 'masses', idNumber: 'y', employerAndPost: '某单位' })).toBe('请填写家庭住址（常住地）');
  });
  test('fields the programme does not ask are dropped', () => {
    expect(keepProgrammeFields(longgang.signupFields, { name: 'x', skills: '唱歌', email: 'a@b.cn', employerAndPost: '' })).toEqual({ name: 'x' });
  });
});
