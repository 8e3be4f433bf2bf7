import { contract } from '../../src/contract';
import { describeZodError } from '../../src/contract/messages';
import { configureZod } from '../../src/server/zod';
import { getProgramme } from '../../src/programmes';
import { FIELD_KEYS, labelOf, missingRequired } from '../../src/domain/volunteer/form';
import { checkField, type FieldSpec } from '../../miniprogram/pages/signup/validate';
import { fieldError, payload, shownFields, stepErrors, type Context } from '../../miniprogram/pages/signup/model';
import { idNumberFor } from '../domain/volunteer/synthetic';

/**
 * The mini-program's field checks (written again, as it cannot run zod) give the very sentence
 * the server gives, for every case of the table and for 遂宁's and 厦门's required fields.
 */
configureZod();
const schema = contract.volunteer.submit.input;

function serverSays(programmeId: string, base: Record<string, unknown>, field: string, value: unknown): string {
  const p = getProgramme(programmeId)!;
  const parsed = schema.safeParse({ ...base, [field]: value });
  if (!parsed.success) return describeZodError(schema, parsed.error);
  return missingRequired(p.signupFields, { ...parsed.data, preferredAreaCode: parsed.data.preferredAreaCode ?? parsed.data.orgCode }) ?? '';
}

function clientSays(programmeId: string, field: string, value: unknown): string {
  const spec = getProgramme(programmeId)!.signupFields.find((s) => FIELD_KEYS[s.field] === field);
  const client: FieldSpec | undefined = spec && { field, label: labelOf(spec), required: spec.required };
  return checkField(field, value, client);
}

const suiningBase = {
  name: '测试甲', birthDate: '1985-05-01', idNumber: idNumberFor('1985-05-01', 1), phone: '13800000001', education: 'college', politicalStatus: 'masses',
  homeAddress: '测试路', employerAndPost: '测试单位', orgCode: 'sn-anju', declarations: [],
};
const xiamenBase = {
  name: '测试乙', sex: 'female', birthDate: '1980-01-01', employerAndPost: '测试单位', homeAddress: '测试路', phone: '13800000002',
  pairingForms: ['one_to_one'], serviceModes: ['phone'], serviceTimes: ['weekends'], orgCode: 'xm-siming', declarations: [],
};

const CASES: [string, string, unknown][] = [
  ['suining', 'name', ''],
  ['suining', 'name', '   '],
  ['suining', 'name', '测'.repeat(20)],
  ['suining', 'name', '测'.repeat(21)],
  ['suining', 'idNumber', ''],
  ['suining', 'idNumber', idNumberFor('1990-12-31', 7)],
  ['suining', 'idNumber', idNumberFor('1990-12-31', 7).toLowerCase()],
  ['suining', 'idNumber', '110101199012310141'],
  ['suining', 'idNumber', '11010119901231014'],
  ['suining', 'idNumber', '1101011990123101412'],
  ['suining', 'idNumber', '11010119901331014X'],
  ['suining', 'phone', ''],
  ['suining', 'phone', '13800001234'],
  ['suining', 'phone', '12800001234'],
  ['suining', 'phone', '1380000123'],
  ['suining', 'phone', '138000012345'],
  ['suining', 'birthDate', ''],
  ['suining', 'birthDate', '1985-02-29'],
  ['suining', 'birthDate', '1984-02-29'],
  ['suining', 'birthDate', '1985/05/01'],
  ['suining', 'homeAddress', ''],
  ['suining', 'homeAddress', '路'.repeat(100)],
  ['suining', 'homeAddress', '路'.repeat(101)],
  ['suining', 'employerAndPost', '单'.repeat(61)],
  ['suining', 'skills', ''],
  ['suining', 'skills', '长'.repeat(201)],
  ['suining', 'preferredChild', '求'.repeat(201)],
  ['xiamen', 'sex', undefined], // the page never sends an empty choice (payload drops it)
  ['xiamen', 'sex', 'male'],
  ['xiamen', 'email', ''],
  ['xiamen', 'email', 'mum@example.cn'],
  ['xiamen', 'email', 'mum@example'],
  ['xiamen', 'email', 'mum example.cn'],
  ['xiamen', 'wechatOrQq', 'q'.repeat(41)],
  ['xiamen', 'pairingForms', []],
  ['xiamen', 'serviceModes', []],
  ['xiamen', 'serviceTimes', []],
  ['xiamen', 'suggestions', '议'.repeat(201)],
  ['xiamen', 'remarks', ''],
  ['xiamen', 'employerAndPost', ''],
];

test.each(CASES)('%s %s = %j: client and server agree', (programme, field, value) => {
  const id = programme === 'suining' ? 'suining-2019' : 'xiamen-2017';
  const base = programme === 'suining' ? suiningBase : xiamenBase;
  expect(clientSays(id, field, value)).toBe(serverSays(id, base, field, value));
});

test('the table is not trivially empty: most cases are refusals', () => {
  const refusals = CASES.filter(([p, f, v]) => clientSays(p === 'suining' ? 'suining-2019' : 'xiamen-2017', f, v) !== '');
  expect(refusals.length).toBeGreaterThan(20);
});

describe('the page model', () => {
  const specs = Object.fromEntries(getProgramme('suining-2019')!.signupFields.map((s) => [FIELD_KEYS[s.field], { field: FIELD_KEYS[s.field], label: labelOf(s), required: s.required }]));
  const ctx: Context = { specs, phoneMasked: '', keptIdMasked: '', declarations: [{ value: 'healthy', label: '身体健康' }, { value: 'privacy_consent', label: '同意隐私告知' }] };

  test('shows only the programme\'s fields', () => {
    const shown = shownFields(specs);
    expect(shown.idNumber).toBe(true);
    expect(shown.serviceTimes).toBeUndefined();
    expect(shown.email).toBeUndefined();
  });

  test('a verified phone or a kept ID number need no typing', () => {
    expect(fieldError('phone', {}, ctx)).toBe('请填写联系电话');
    expect(fieldError('phone', {}, { ...ctx, phoneMasked: '138****0001' })).toBe('');
    expect(fieldError('idNumber', {}, { ...ctx, keptIdMasked: '1101**********0022' })).toBe('');
  });

  test('declarations are worded as the server\'s eligibility rule', () => {
    expect(fieldError('declarations', { declarations: ['healthy'] }, ctx)).toBe('不符合报名条件：请阅读并确认：同意隐私告知');
  });

  test('the first step reports its first problem', () => {
    expect(stepErrors(0, { name: '测试甲' }, ctx).first).toBe('请填写出生年月');
  });

  test('a man is told at once where the programme is women-only: on 性别 when asked, else on the ID number', () => {
    const xm = Object.fromEntries(getProgramme('xiamen-2017')!.signupFields.map((s) => [FIELD_KEYS[s.field], { field: FIELD_KEYS[s.field], label: labelOf(s), required: s.required }]));
    const women = { ...ctx, specs: xm, femaleOnly: true };
    expect(fieldError('sex', {}, women)).toBe('请选择性别');
    expect(fieldError('sex', { sex: 'male' }, women)).toBe('不符合报名条件：本项目面向女性志愿者');
    expect(fieldError('sex', { sex: 'female' }, women)).toBe('');
    expect(fieldError('sex', { sex: 'male' }, { ...women, femaleOnly: false })).toBe('');
    expect(stepErrors(0, { name: '测试乙', sex: 'male', birthDate: '1980-01-01', phone: '13800000002' }, women).first).toBe('不符合报名条件：本项目面向女性志愿者');
    const man = idNumberFor('1985-05-01', 2, 'male');
    expect(fieldError('idNumber', { idNumber: man }, { ...ctx, femaleOnly: true })).toBe('不符合报名条件：本项目面向女性志愿者');
    expect(fieldError('idNumber', { idNumber: man }, ctx)).toBe('');
    expect(fieldError('idNumber', { idNumber: idNumberFor('1985-05-01', 2) }, { ...ctx, femaleOnly: true })).toBe('');
    const both = { ...ctx, specs: { ...specs, sex: { field: 'sex', label: '性别', required: true } }, femaleOnly: true };
    expect(fieldError('sex', { sex: 'female', idNumber: man }, both)).toBe('不符合报名条件：性别与身份证号码不一致');
    expect(fieldError('idNumber', { sex: 'female', idNumber: man }, both)).toBe('');
  });

  test('the payload keeps shown, non-empty, trimmed values', () => {
    const out = payload({ name: ' 测试甲 ', email: 'x@y.cn', skills: '', idNumber: idNumberFor('1985-05-01', 1).toLowerCase(), applicantKind: 'individual', groupName: '不该发送', declarations: ['healthy'] }, ctx, true);
    expect(out).toEqual({ applicantKind: 'individual', declarations: ['healthy'], subscribed: true, name: '测试甲', idNumber: idNumberFor('1985-05-01', 1) });
    expect(schema.safeParse({ ...out, orgCode: 'sn' }).success).toBe(true);
  });
});
