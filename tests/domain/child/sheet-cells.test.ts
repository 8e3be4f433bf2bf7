/**
 * The cell readers of the registry sheets (sheet/cells.ts, sheet/common.ts) with exact values, one
 * assertion per rule a mutant could break (mutation testing, docs/testing.md).
 */
import {
  canon, cellText, onlyAmounts, parseAmount, parseDate, parseMany, parseNamePhone, parseOne, parseYearMonth, parseYesNo, trimPunct,
} from '../../../src/domain/child/sheet/cells';
import { joinSchool, nameAndPhone, poorReasonsOf, readBirth, readSchooling, splitSchool, withNote } from '../../../src/domain/child/sheet/common';
import { HUKOU_TYPE_LABELS, RELIEF_KIND_LABELS, syntheticIdNumber } from '../../../src/domain/child';

describe('cellText: every exceljs value shape', () => {
  test.each<[string, unknown, string]>([
    ['null', null, ''],
    ['undefined', undefined, ''],
    ['a UTC-midnight date', new Date(Date.UTC(2016, 4, 3)), '2016-05-03'],
    ['an invalid date', new Date('no date'), ''],
    ['an integer', 42, '42'],
    ['a fraction', 3.5, '3.5'],
    ['a string, trimmed', '  测试 ', '测试'],
    ['a boolean', true, 'true'],
    ['rich text, joined and trimmed', { richText: [{ text: ' 测试' }, { text: '小学 ' }] }, '测试小学'],
    ['a formula\'s result (before its text)', { formula: 'A1', result: 7, text: '公式' }, '7'],
    ['a formula without a result', { formula: 'A1', result: undefined, text: '公式' }, ''],
    ['a hyperlink\'s text', { text: ' 链接 ', hyperlink: 'http://example.invalid' }, '链接'],
    ['an error value', { error: '#N/A' }, ''],
  ])('%s', (_, value, text) => {
    expect(cellText(value)).toBe(text);
  });
});

test('canon: no spaces or ticks, full-width punctuation', () => {
  expect(canon(' ☑a,b(c)d:e;f √✓✔■□☐ ')).toBe('a，b（c）d：e；f');
  expect(trimPunct('，、测试；：')).toBe('测试');
  expect(trimPunct(' 测试 ')).toBe('测试');
  expect(trimPunct('—测试/')).toBe('测试');
});

describe('parseDate', () => {
  test.each<[string, ReturnType<typeof parseDate>]>([
    ['20150308', { date: '2015-03-08', monthOnly: false }],
    ['201503', { date: '2015-03-01', monthOnly: true }],
    ['第20150308', null],
    ['201503081', null],
    ['x201503', null],
    ['2015031', null],
    ['2015-3', { date: '2015-03-01', monthOnly: true }],
  ])('%s', (text, parsed) => {
    expect(parseDate(text)).toEqual(parsed);
  });
  test('year and month', () => {
    expect(parseYearMonth('2015年3月8日')).toBe('2015-03');
    expect(parseYearMonth('去年')).toBeNull();
  });
});

describe('parseOne', () => {
  const LABELS = { short: '低保', long: '低保边缘' } as const;
  test('the longest label wins, whatever the order of the labels', () => {
    expect(parseOne('低保边缘户', LABELS)).toEqual({ code: 'long', rest: '户' });
    expect(parseOne('低保边缘户', { long: '低保边缘', short: '低保' })).toEqual({ code: 'long', rest: '户' });
    expect(parseOne('低保户', LABELS)).toEqual({ code: 'short', rest: '户' });
  });
  test('an alias longer than a label wins too', () => {
    expect(parseOne<'short' | 'other'>('低保边缘', { short: '低保', other: '其他' }, { 低保边缘: 'other' })).toEqual({ code: 'other', rest: '' });
  });
  test('a shortened label needs two characters and one option', () => {
    expect(parseOne('农', HUKOU_TYPE_LABELS)).toBeNull();
    expect(parseOne('城市', HUKOU_TYPE_LABELS)).toEqual({ code: 'urban', rest: '' });
    expect(parseOne('低', { a: '低保', b: '低收入' })).toBeNull();
    expect(parseOne('', HUKOU_TYPE_LABELS)).toBeNull();
  });
});

describe('parseMany', () => {
  test('a label inside a longer label counts once, as the longer', () => {
    expect(parseMany('低保边缘', { short: '低保', long: '低保边缘' })).toEqual({ codes: ['long'], rest: '' });
    expect(parseMany('低保边缘', { long: '低保边缘', short: '低保' })).toEqual({ codes: ['long'], rest: '' });
  });
  test('words around a label stay apart in what is left over', () => {
    expect(parseMany('甲低保乙', RELIEF_KIND_LABELS)).toEqual({ codes: ['subsistence'], rest: '甲，乙' });
    expect(parseMany('甲、、乙；丙', RELIEF_KIND_LABELS)).toEqual({ codes: [], rest: '甲，乙，丙' });
  });
});

test('onlyAmounts: digits, 元, 月, 年, 每 and separators only', () => {
  expect([onlyAmounts('300元/月'), onlyAmounts('30'), onlyAmounts(''), onlyAmounts('每年1.5')]).toEqual([true, true, true, true]);
  expect([onlyAmounts('每月三百'), onlyAmounts('x300'), onlyAmounts('300x'), onlyAmounts('x')]).toEqual([false, false, false, false]);
});

describe('parseNamePhone', () => {
  test.each([
    ['测试监护人 13900000001', { name: '测试监护人', phone: '13900000001' }],
    ['测试监护人，0591-12345678', { name: '测试监护人', phone: '0591-12345678' }],
    ['测试监护人059112345678', { name: '测试监护人', phone: '059112345678' }],
    ['测试监护人 0591-1234567', { name: '测试监护人', phone: '0591-1234567' }],
    ['测试监护人 139****0001', { name: '测试监护人', phone: '139****0001' }],
    ['测试监护人 139*0001', { name: '测试监护人', phone: '139*0001' }],
    ['测试 139 0000 0001', { name: '测试13900000001', phone: null }],
    [' 测试监护人 ', { name: '测试监护人', phone: null }],
  ])('%s', (text, parsed) => {
    expect(parseNamePhone(text)).toEqual(parsed);
  });
});

test('parseYesNo: only the start of the cell counts', () => {
  expect(['是', '有', '√', 'Y', 'y', '是的'].map(parseYesNo)).toEqual([true, true, null, true, true, true]);
  expect(['否', '无', '不是', 'N', 'n'].map(parseYesNo)).toEqual([false, false, false, false, false]);
  expect(['', '  ', '可能否', '也许是', '不知道'].map(parseYesNo)).toEqual([null, null, null, null, null]);
});

test('parseAmount: whole yuan, rounded; NaN for words', () => {
  expect(['300', '300元', '300元/月', '6,000', '3.5', '3.25', '', '元'].map(parseAmount)).toEqual([300, 300, 300, 6000, 4, 3, null, null]);
  expect(['x300', '300x', '3.', '约六千', '-300', '+300', '.5', '0x12'].map(parseAmount)).toEqual([NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN]);
});

describe('readBirth', () => {
  const ID = syntheticIdNumber('2016-05-03', 1);
  const run = (text: string, id?: string, label?: string) => {
    const problems: string[] = [];
    return { birth: readBirth(text, id, problems, label), problems };
  };
  test.each([
    ['2016-05-09', ID, '2016-05-09'],
    ['2016年5月', ID, '2016-05-03'],
    ['2016年6月', ID, '2016-06-01'],
    ['2016年5月', undefined, '2016-05-01'],
    ['2016年5月', '12345', '2016-05-01'],
    ['', ID, '2016-05-03'],
    ['   ', ID, '2016-05-03'],
  ])('%j with %s', (text, id, birth) => {
    expect(run(text, id)).toEqual({ birth, problems: [] });
  });
  test('missing or unreadable: the label says which column', () => {
    expect(run('', undefined)).toEqual({ birth: undefined, problems: ['请填写出生年月'] });
    expect(run(' ', '12345', '出生日期')).toEqual({ birth: undefined, problems: ['请填写出生日期'] });
    expect(run('八岁', ID)).toEqual({ birth: undefined, problems: ['出生年月「八岁」无法识别，请写成 2015-03-08 或 2015年3月'] });
  });
});

describe('schooling', () => {
  test.each<[string, ReturnType<typeof readSchooling>]>([
    ['', {}],
    ['  ', {}],
    ['小学', { schooling: 'primary' }],
    ['在读小学', { schooling: 'primary' }],
    ['未入学', { schooling: 'preschool' }],
    ['辍学', { schooling: 'out_of_school' }],
    ['初中，测试中学初一3班', { schooling: 'junior_high', school: '测试中学', className: '初一3班' }],
    ['测试实验小学三年级2班', { school: '测试实验小学', className: '三年级2班' }],
  ])('%j', (text, read) => {
    expect(readSchooling(text)).toEqual(read);
  });
  test('the school ends at its kind; the class is the rest, trimmed', () => {
    expect(splitSchool(' 测试实验小学 三年级2班 ')).toEqual({ school: '测试实验小学', className: '三年级2班' });
    expect(splitSchool('测试小学一')).toEqual({ school: '测试小学', className: '一' });
    expect(splitSchool('小学三年级')).toEqual({ school: '小学', className: '三年级' });
    expect(splitSchool('某某学堂')).toEqual({ school: '某某学堂', className: '' });
    expect(joinSchool('测试中学', '初一3班')).toBe('测试中学初一3班');
  });
});

test('poorReasonsOf: 龙岗\'s standards from words, 其他 for anything else', () => {
  expect(poorReasonsOf('')).toEqual([]);
  expect(poorReasonsOf('  ')).toEqual([]);
  expect(poorReasonsOf('低保户，父亲重病')).toEqual(['subsistence_allowance', 'parent_ill_or_single']);
  expect(poorReasonsOf('家里穷')).toEqual(['other']);
});

test('withNote and nameAndPhone', () => {
  expect([withNote('重病', '白血病'), withNote('重病', ''), withNote('', '白血病'), withNote('', ''), withNote('低保', '300元', '；')]).toEqual(['重病：白血病', '重病', '白血病', '', '低保；300元']);
  expect([nameAndPhone('测试主任', '13900000009'), nameAndPhone('测试主任', null), nameAndPhone('', '13900000009'), nameAndPhone('', null)]).toEqual(['测试主任 13900000009', '测试主任', '13900000009', '']);
});
