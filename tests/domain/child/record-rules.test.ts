/**
 * record.ts, validate.ts and fields.ts with exact values: the blank file, patches, paths, sealing,
 * cross-field rules, display and equality (mutation testing, docs/testing.md).
 */
import { applyPatch, emptyFields, getPath, mapSensitive } from '../../../src/domain/child/record';
import { checkPatch, crossFieldProblems, riskReasonProblem } from '../../../src/domain/child/validate';
import { display, FIELD_SPECS, sameValue, type FieldSpec } from '../../../src/domain/child/fields';
import { syntheticIdNumber } from '../../../src/domain/child/idcard';

const spec = (path: string): FieldSpec => FIELD_SPECS.find((f) => f.path === path)!;
const TODAY = '2024-05-01';

describe('record', () => {
  test('the blank file, field by field', () => {
    const parent = { name: '', idNumber: null, phone: null, address: '', health: null, healthNote: '', situations: [], workPlace: '', job: '' };
    expect(emptyFields()).toEqual({
      sex: null, ethnicity: '', idNumber: null, address: '', hukouType: null, hukouPlace: '',
      difficultSubtypes: [], poorReasons: [], singleParent: null, schooling: null, school: '', className: '', boarding: null,
      classTeacher: '', classTeacherPhone: null, guardianship: null, guardianshipNote: '', health: null, healthNote: '',
      psychology: '', relief: [], reliefNote: '', educationAid: '', medicalAid: '', otherAid: '', parentsAway: null,
      parentsAwaySince: null, returnFrequency: null, poorHousehold: null, incomePerCapita: null, familySubsidies: [],
      socialSupport: '', entrustReason: null, riskLevel: null, interests: '', needs: [], needsNote: '', familySituation: '',
      remarks: '', father: parent, mother: parent, guardian: { kind: null, name: '', phone: null, relation: '' }, childDirector: { name: '', phone: null },
    });
  });

  test('applyPatch: undefined keeps the base; a non-object for a person replaces it whole', () => {
    const base = { name: '测试儿童甲', guardian: { name: '测试祖母', phone: '13900000001' } };
    expect(applyPatch(base, { name: undefined, guardian: { phone: undefined, name: '测试祖父' } })).toEqual({ name: '测试儿童甲', guardian: { name: '测试祖父', phone: '13900000001' } });
    expect(applyPatch(base, { guardian: 'x' })).toEqual({ name: '测试儿童甲', guardian: 'x' });
    expect(applyPatch(base, { guardian: null })).toEqual({ name: '测试儿童甲', guardian: null });
  });

  test('getPath stops at null and at non-objects', () => {
    expect(getPath({ a: { b: 1 } }, 'a.b')).toBe(1);
    expect(getPath({ a: null }, 'a.b')).toBeUndefined();
    expect(getPath({ a: 'text' }, 'a.length')).toBeUndefined();
  });

  test('mapSensitive touches only values that are there', () => {
    const seal = (v: string) => `sealed(${v})`;
    expect(mapSensitive({ name: '测试儿童甲', idNumber: null, guardian: { name: '测试祖母' }, father: { phone: null } }, seal)).toEqual({
      name: '测试儿童甲', idNumber: null, guardian: { name: '测试祖母' }, father: { phone: null },
    });
    expect(mapSensitive({ idNumber: 'A', guardian: { name: '测试祖母', phone: 'B' } }, seal)).toEqual({ idNumber: 'sealed(A)', guardian: { name: '测试祖母', phone: 'sealed(B)' } });
    expect(Object.keys(mapSensitive({ name: '测试儿童甲' }, seal))).toEqual(['name']);
  });
});

describe('validate', () => {
  const GIRL_ID = syntheticIdNumber('2016-05-03', 1, 'female');
  test('born today is allowed; the ID number\'s sex and date must agree; parents away from this month on', () => {
    expect(crossFieldProblems({ birthDate: TODAY }, TODAY)).toEqual([]);
    expect(crossFieldProblems({ birthDate: '2024-05-02' }, TODAY)).toEqual(['出生日期不能晚于今天']);
    expect(crossFieldProblems({ idNumber: GIRL_ID, sex: 'female', birthDate: '2016-05-03' }, TODAY)).toEqual([]);
    expect(crossFieldProblems({ idNumber: GIRL_ID, sex: 'male', birthDate: '2016-05-04' }, TODAY)).toEqual(['身份证号码与出生日期不一致', '身份证号码与性别不一致']);
    expect(crossFieldProblems({ parentsAwaySince: '2024-05' }, TODAY)).toEqual([]);
    expect(crossFieldProblems({ parentsAwaySince: '2024-06' }, TODAY)).toEqual(['父母外出起始年月不能晚于本月']);
  });

  test('creating demands name, birth date and category; problems joined with ；', () => {
    expect(checkPatch({}, { creating: true, today: TODAY })).toEqual({ ok: false, message: '请填写姓名；请填写出生日期；请填写儿童类别' });
    expect(checkPatch({ birthDate: '2030-01-01', category: 'poor' }, { creating: true, today: TODAY })).toEqual({ ok: false, message: '请填写姓名；出生日期不能晚于今天' });
    expect(checkPatch({ name: '', birthDate: '2016-05-03', category: 'poor' }, { creating: true, today: TODAY })).toEqual({ ok: false, message: '请填写姓名' });
    expect(checkPatch({}, { creating: false, today: TODAY })).toEqual({ ok: true, patch: {} });
    expect(checkPatch({ name: '测试儿童甲', birthDate: '2016-05-03', category: 'poor' }, { creating: true, today: TODAY })).toEqual({ ok: true, patch: { name: '测试儿童甲', birthDate: '2016-05-03', category: 'poor' } });
  });

  test('a changed risk level needs a reason', () => {
    expect(riskReasonProblem('low', 'low', undefined)).toBeNull();
    expect(riskReasonProblem(null, null, undefined)).toBeNull();
    expect(riskReasonProblem('low', 'high', undefined)).toBe('修改家庭监护风险等级时，请填写修改原因');
    expect(riskReasonProblem('low', 'high', '  ')).toBe('修改家庭监护风险等级时，请填写修改原因');
    expect(riskReasonProblem(null, 'high', '家访发现')).toBeNull();
  });
});

describe('fields', () => {
  test('display of each kind; empty values are \'\'', () => {
    expect(['', null, undefined].map((v) => display(spec('poorHousehold'), v))).toEqual(['', '', '']);
    expect([display(spec('poorHousehold'), true), display(spec('poorHousehold'), false)]).toEqual(['是', '否']);
    expect(display(spec('name'), undefined)).toBe('');
    expect(display(spec('guardian.phone'), { enc: 'x', hash: 'h' })).toBe('');
    expect(display(spec('guardian.phone'), { enc: 'x', hash: 'h', masked: '139****0001' })).toBe('139****0001');
    expect(display(spec('riskLevel'), 'extreme')).toBe('extreme');
    expect(display(spec('needs'), ['study', 'dance'])).toBe('学习辅导、dance');
  });

  test('sameValue: all empties alike, sealed by hash, lists in any order, otherwise strict', () => {
    expect([sameValue(spec('name'), undefined, null), sameValue(spec('name'), '', null), sameValue(spec('needs'), [], null), sameValue(spec('needs'), undefined, [])]).toEqual([true, true, true, true]);
    expect(sameValue(spec('guardian.phone'), null, { enc: 'x', hash: 'h', masked: 'm' })).toBe(false);
    expect(sameValue(spec('guardian.phone'), { enc: 'x', hash: 'h', masked: 'm' }, { enc: 'y', hash: 'h', masked: 'n' })).toBe(true);
    expect(sameValue(spec('needs'), ['study', 'emotional'], ['emotional', 'study'])).toBe(true);
    expect(sameValue(spec('needs'), ['emotional', 'study'], ['study', 'emotional'])).toBe(true);
    expect(sameValue(spec('needs'), ['study', 'other'], ['study'])).toBe(false);
    expect(sameValue(spec('name'), 'ab', 'ba')).toBe(false);
    expect(sameValue(spec('name'), '测试', '测试')).toBe(true);
    expect(sameValue(spec('name'), '测试', '测验')).toBe(false);
  });
});
