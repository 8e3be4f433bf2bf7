import { LOCAL_TEMPLATE_IDS } from '../../localcloud/env';
import { LOCAL_TEMPLATES } from '../../localcloud/openapi';
import {
  formatValue, keyType, SUBSCRIBE_TEMPLATES, subscribeTemplate, TEMPLATE_NAMES, TEMPLATE_VARIABLES, templateData, templateIdOf, templateProblems,
} from '../../src/server/templates';

/** src/server/templates.ts: the declaration, the validator of `<NAME>_TEMPLATE_FIELDS`, and the values fitted to WeChat's keyword types. */

afterEach(() => jest.restoreAllMocks());

describe('the declaration', () => {
  test('every variable, with the function that reads it', () => {
    expect(TEMPLATE_VARIABLES).toEqual([
      { name: 'VOLUNTEER_RESULT_TEMPLATE_ID', fn: 'volunteer', secret: false },
      { name: 'VOLUNTEER_RESULT_TEMPLATE_FIELDS', fn: 'volunteer', secret: false },
      { name: 'WISH_REMINDER_TEMPLATE_ID', fn: 'wish', secret: false },
      { name: 'WISH_REMINDER_TEMPLATE_FIELDS', fn: 'wish', secret: false },
      { name: 'VISIT_REMINDER_TEMPLATE_ID', fn: 'visit', secret: false },
      { name: 'VISIT_REMINDER_TEMPLATE_FIELDS', fn: 'visit', secret: false },
      { name: 'REPORT_REMINDER_TEMPLATE_ID', fn: 'report', secret: false },
      { name: 'REPORT_REMINDER_TEMPLATE_FIELDS', fn: 'report', secret: false },
      { name: 'COMMENDATION_TEMPLATE_ID', fn: 'report', secret: false },
      { name: 'COMMENDATION_TEMPLATE_FIELDS', fn: 'report', secret: false },
    ]);
  });

  test('the defaults are the local cloud\'s templates: each local id names a template with exactly the default keys and types', () => {
    expect(Object.keys(LOCAL_TEMPLATE_IDS).sort()).toEqual(TEMPLATE_NAMES.map((n) => `${n}_TEMPLATE_ID`).sort());
    for (const name of TEMPLATE_NAMES) {
      const id = LOCAL_TEMPLATE_IDS[`${name}_TEMPLATE_ID` as keyof typeof LOCAL_TEMPLATE_IDS];
      const fields = Object.values(SUBSCRIBE_TEMPLATES[name].fields as Record<string, { type: string; key: string }>);
      expect(LOCAL_TEMPLATES[id]!.fields).toEqual(Object.fromEntries(fields.map((f) => [f.key, f.type])));
      for (const f of fields) expect(keyType(f.key)).toBe(f.type);
    }
  });

  test('keyType: the letters before the digits', () => {
    expect(keyType('thing12')).toBe('thing');
    expect(keyType('character_string3')).toBe('character_string');
    expect(keyType('phone_number10')).toBe('phone_number');
    expect(keyType('thing')).toBeNull();
    expect(keyType('12')).toBeNull();
    expect(keyType('Thing1')).toBeNull();
  });
});

describe('templateProblems', () => {
  const ID = { VISIT_REMINDER_TEMPLATE_ID: 'tpl-v' };

  test('no configuration, ids only, or a full mapping of the right types: no problems', () => {
    expect(templateProblems({})).toEqual([]);
    expect(templateProblems({ ...LOCAL_TEMPLATE_IDS })).toEqual([]);
    expect(templateProblems({ ...ID, VISIT_REMINDER_TEMPLATE_FIELDS: 'child=thing2,due=time5,hint=thing7' })).toEqual([]);
    expect(templateProblems({ ...ID, VISIT_REMINDER_TEMPLATE_FIELDS: ' hint = thing7 , child=thing2, due=time5 ,' })).toEqual([]);
    expect(templateProblems({ ...ID, VISIT_REMINDER_TEMPLATE_FIELDS: '  ' })).toEqual([]);
  });

  test('a key of another type, a field missing, a key twice, an unknown field, a field twice, no "=": each named', () => {
    expect(templateProblems({ ...ID, VISIT_REMINDER_TEMPLATE_FIELDS: 'child=thing2,due=date5,hint=thing7' })).toEqual([
      'VISIT_REMINDER_TEMPLATE_FIELDS: due=date5 needs a time keyword (e.g. time2), not date',
    ]);
    expect(templateProblems({ ...ID, VISIT_REMINDER_TEMPLATE_FIELDS: 'child=thing2,due=time5' })).toEqual([
      'VISIT_REMINDER_TEMPLATE_FIELDS: field "hint" is not mapped (expected child=thingN,due=timeN,hint=thingN)',
    ]);
    expect(templateProblems({ ...ID, VISIT_REMINDER_TEMPLATE_FIELDS: 'child=thing2,due=time5,hint=thing2' })).toEqual([
      'VISIT_REMINDER_TEMPLATE_FIELDS: key thing2 is used for both child and hint',
    ]);
    expect(templateProblems({ ...ID, VISIT_REMINDER_TEMPLATE_FIELDS: 'child=thing2,due=time5,hint=thing7,kid=thing8,child=thing9' })).toEqual([
      'VISIT_REMINDER_TEMPLATE_FIELDS: unknown field "kid" (the fields are child, due, hint)',
      'VISIT_REMINDER_TEMPLATE_FIELDS: field "child" is mapped twice',
    ]);
    expect(templateProblems({ ...ID, VISIT_REMINDER_TEMPLATE_FIELDS: 'child:thing2,due=time5,hint=7' })).toEqual([
      'VISIT_REMINDER_TEMPLATE_FIELDS: "child:thing2" is not field=key (expected child=thingN,due=timeN,hint=thingN)',
      'VISIT_REMINDER_TEMPLATE_FIELDS: hint=7 needs a thing keyword (e.g. thing2), "7" is not a keyword key',
      'VISIT_REMINDER_TEMPLATE_FIELDS: field "child" is not mapped (expected child=thingN,due=timeN,hint=thingN)',
    ]);
  });

  test('a mapping without its id is named; every template is checked', () => {
    expect(templateProblems({ COMMENDATION_TEMPLATE_FIELDS: 'honour=thing1,org=thing2,date=date3', WISH_REMINDER_TEMPLATE_ID: 'w', WISH_REMINDER_TEMPLATE_FIELDS: 'wish=thing1,due=date2,hint=thing3' })).toEqual([
      'WISH_REMINDER_TEMPLATE_FIELDS: due=date2 needs a time keyword (e.g. time2), not date',
      'COMMENDATION_TEMPLATE_FIELDS is set but COMMENDATION_TEMPLATE_ID is not: nothing would be sent',
    ]);
  });
});

describe('subscribeTemplate at run time', () => {
  test('no id: null and nothing logged; id only: the default keys', () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(subscribeTemplate('COMMENDATION', {})).toBeNull();
    expect(templateIdOf('COMMENDATION', {})).toBeNull();
    expect(templateIdOf('COMMENDATION', { COMMENDATION_TEMPLATE_ID: '' })).toBeNull();
    const t = subscribeTemplate('COMMENDATION', { COMMENDATION_TEMPLATE_ID: 'tpl-c' })!;
    expect(t.id).toBe('tpl-c');
    expect(t.data({ honour: '最美爱心妈妈', org: '测试市妇联', date: '2026-03-08T16:30:00.000Z' })).toEqual({
      thing1: { value: '最美爱心妈妈' }, thing2: { value: '测试市妇联' }, date3: { value: '2026年3月9日' },
    });
    expect(error).not.toHaveBeenCalled();
  });

  test('a remapped template: the data under the configured keys', () => {
    const t = subscribeTemplate('VISIT_REMINDER', { VISIT_REMINDER_TEMPLATE_ID: 'tpl-v', VISIT_REMINDER_TEMPLATE_FIELDS: 'child=thing2,due=time5,hint=thing7' })!;
    expect(t.data({ child: '小明：每月走访', due: '2026-06-30 23:59', hint: '走访待办，请及时完成' })).toEqual({
      thing2: { value: '小明：每月走访' }, time5: { value: '2026年6月30日 23:59' }, thing7: { value: '走访待办，请及时完成' },
    });
  });

  test('a bad mapping: null (not sent, not offered to the mini-program), logged once as an error per configuration', () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const env = { REPORT_REMINDER_TEMPLATE_ID: 'tpl-r', REPORT_REMINDER_TEMPLATE_FIELDS: 'report=thing1,due=thing2,hint=thing3' };
    expect(subscribeTemplate('REPORT_REMINDER', env)).toBeNull();
    expect(subscribeTemplate('REPORT_REMINDER', env)).toBeNull();
    expect(templateIdOf('REPORT_REMINDER', env)).toBeNull();
    expect(error.mock.calls).toEqual([[
      '[subscribe]', 'REPORT_REMINDER is not sent until its configuration is fixed:',
      'REPORT_REMINDER_TEMPLATE_FIELDS: due=thing2 needs a time keyword (e.g. time2), not thing',
    ]]);
  });
});

describe('formatValue: each keyword type within WeChat\'s limits', () => {
  test('thing: up to 20 characters kept, longer cut to 20 with an ellipsis (characters, not UTF-16 units)', () => {
    expect(formatValue('thing', '一'.repeat(20))).toBe('一'.repeat(20));
    expect(formatValue('thing', '一'.repeat(21))).toBe(`${'一'.repeat(19)}…`);
    expect(formatValue('thing', `${'𠀀'.repeat(20)}`)).toBe('𠀀'.repeat(20));
    expect(formatValue('thing', '  走访  ')).toBe('走访');
  });

  test('phrase: only Chinese characters, at most 5, no ellipsis', () => {
    expect(formatValue('phrase', '已通过')).toBe('已通过');
    expect(formatValue('phrase', '审核中（第2步）')).toBe('审核中第步');
    expect(formatValue('phrase', '一二三四五六')).toBe('一二三四五');
  });

  test('name, number, character_string, symbol, phone_number, car_number: cut to their length', () => {
    expect(formatValue('name', '欧阳一二三四五六七八九')).toBe('欧阳一二三四五六七八');
    expect(formatValue('name', 'A'.repeat(25))).toBe('A'.repeat(20));
    expect(formatValue('number', '1'.repeat(40))).toBe('1'.repeat(32));
    expect(formatValue('character_string', 'SN202600001')).toBe('SN202600001');
    expect(formatValue('symbol', '!!!!!!')).toBe('!!!!!');
    expect(formatValue('phone_number', '+86-0766-66888866-1234')).toBe('+86-0766-66888866');
    expect(formatValue('car_number', '粤A8Z888挂X')).toBe('粤A8Z888挂');
  });

  test('time and date: China\'s wall clock in WeChat\'s form, from an instant or a China date (and time)', () => {
    expect(formatValue('time', '2026-03-08T17:30:00.000Z')).toBe('2026年3月9日 01:30');
    expect(formatValue('time', Date.parse('2026-12-31T15:59:00.000Z'))).toBe('2026年12月31日 23:59');
    expect(formatValue('time', '2026-06-30 08:05')).toBe('2026年6月30日 08:05');
    expect(formatValue('time', '2026-06-30')).toBe('2026年6月30日 00:00');
    expect(formatValue('date', '2026-03-08T16:00:00.000Z')).toBe('2026年3月9日');
    expect(formatValue('date', '2026-03-08')).toBe('2026年3月8日');
    expect(formatValue('date', new Date('2026-03-08T15:59:00.000Z'))).toBe('2026年3月8日');
    expect(formatValue('time', 'not a time')).toBe('');
  });

  test('templateData fills every declared field, missing values empty (WeChat then refuses rather than we guess)', () => {
    const keys = { subject: 'thing1', result: 'phrase2', note: 'thing3', at: 'time4' };
    expect(templateData('VOLUNTEER_RESULT', keys, { subject: '爱心妈妈报名审核', result: '未通过', note: '材料不全', at: '2026-01-02 09:30' })).toEqual({
      thing1: { value: '爱心妈妈报名审核' }, phrase2: { value: '未通过' }, thing3: { value: '材料不全' }, time4: { value: '2026年1月2日 09:30' },
    });
  });
});
