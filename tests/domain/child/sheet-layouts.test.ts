/**
 * The sheet module's own rules (sheet/index.ts, layout.ts) and the 厦门 and 龙岗 layouts, with exact
 * rows, messages and column maps (mutation testing, docs/testing.md). Imports the modules
 * themselves: Stryker's `--findRelatedTests` follows only imports into the mutated file's folder.
 */
import {
  cellsByHeader, frameLines, isDataRow, LAYOUTS, layoutOf, missingForCreate, readRow, sheetKey,
} from '../../../src/domain/child/sheet/index';
import { annexFor, detectLayout, headersFor, type LayoutKey } from '../../../src/domain/child/sheet/layout';
import { longgangSummary as LG } from '../../../src/domain/child/sheet/longgang';
import { xiamenSummary as XM } from '../../../src/domain/child/sheet/xiamen';
import { applyPatch, emptyFields, type ChildFields } from '../../../src/domain/child';

const TODAY = '2024-05-01';

describe('sheet/index', () => {
  test('layoutOf finds each layout by its key; titles by key', () => {
    expect((['xm-2', 'lg-2', 'jj-ledger'] as LayoutKey[]).map((k) => layoutOf(k).key)).toEqual(['xm-2', 'lg-2', 'jj-ledger']);
    expect(LAYOUTS.map((l) => l.key)).toEqual(['xm-2', 'lg-2', 'jj-ledger']);
    expect(Object.fromEntries(LAYOUTS.map((l) => [l.key, l.annex.title]))).toEqual({ 'xm-2': '厦门市留守流动等困境儿童信息汇总表', 'lg-2': '贫困儿童基本情况报送表', 'jj-ledger': '农村留守儿童和困境儿童个人信息台账' });
  });

  test('cellsByHeader: the cell under a header as text, \'\' for a header not in the sheet', () => {
    const get = cellsByHeader(['1', ' 测试儿童甲 ', 7], new Map([['序号', 0], ['姓名', 1], ['年龄', 2]]));
    expect([get('序号'), get('姓名'), get('年龄'), get('性别')]).toEqual(['1', '测试儿童甲', '7', '']);
  });

  describe('isDataRow', () => {
    test.each<[string, LayoutKey, string[], boolean]>([
      ['a blank row', 'lg-2', ['', '', ''], false],
      ['a footer line', 'lg-2', ['街道妇联审核意见：', ''], false],
      ['a footer line with its answer', 'lg-2', ['街道妇联审核意见：同意', '测试员'], false],
      ['a header field line', 'lg-2', ['日期：2024-05-01'], false],
      ['three cells starting with a footer are a child', 'lg-2', ['街道妇联审核意见', '甲', '乙'], true],
      ['a footer word at the end is not a footer', 'lg-2', ['审核日期'], true],
      ['a footer word in the second cell is not a footer', 'lg-2', ['测试儿童甲', '日期'], true],
      ['only 序号 filled: an empty printed line', 'lg-2', ['', '12'], false],
      ['only a one-digit 序号', 'xm-2', ['3'], false],
      ['序号 and a name', 'lg-2', ['1', '测试儿童甲'], true],
      ['a number that is not all digits', 'lg-2', ['1a'], true],
      ['a number with a letter before', 'lg-2', ['a1'], true],
      ['a lone number where the layout has no 序号', 'jj-ledger', ['1'], true],
      ['a name alone', 'lg-2', ['测试儿童甲'], true],
    ])('%s', (_, key, texts, data) => {
      expect(isDataRow(layoutOf(key), texts)).toBe(data);
    });
  });

  describe('readRow', () => {
    const row = (key: LayoutKey, cells: Record<string, string>) => readRow(layoutOf(key), (h) => cells[h] ?? '', TODAY);
    test('problems of the reader are joined with ；, with the name', () => {
      expect(row('xm-2', { 姓名: '测试儿童甲', 性别: '未知', 出生年月: '某年' })).toEqual({
        ok: false, name: '测试儿童甲', reason: '性别「未知」无法识别，请填写男或女；出生年月「某年」无法识别，请写成 2015-03-08 或 2015年3月',
      });
      expect(row('xm-2', { 性别: '未知', 出生年月: '2016-05-03' })).toEqual({ ok: false, name: '', reason: '性别「未知」无法识别，请填写男或女' });
    });
    test('a row of a layout without 儿童类别 is not refused for it; masked values are left out', () => {
      expect(row('lg-2', { 姓名: '测试儿童甲', '年龄（出生年月）': '7（2016-05-03）', 所在社区: '测试社区', 监护人及联系方式: '测试祖母 139****0001' })).toEqual({
        ok: true, orgName: '测试社区', patch: { name: '测试儿童甲', birthDate: '2016-05-03', guardian: { name: '测试祖母' } },
      });
      expect(row('xm-2', { 姓名: '测试儿童甲', 出生年月: '2016-05-03' })).toEqual({ ok: true, patch: { name: '测试儿童甲', birthDate: '2016-05-03' } });
    });
    test('validation after reading: a birth after today', () => {
      expect(row('xm-2', { 姓名: '测试儿童甲', 出生年月: '2030-01-01' })).toEqual({ ok: false, name: '测试儿童甲', reason: '出生日期不能晚于今天' });
    });
  });

  test('missingForCreate names each missing field', () => {
    expect(missingForCreate({})).toBe('新增儿童须填写姓名、出生日期、儿童类别');
    expect(missingForCreate({ name: '测试儿童甲', category: 'poor' })).toBe('新增儿童须填写出生日期');
    expect(missingForCreate({ name: '测试儿童甲', birthDate: '2016-05-03', category: 'poor' })).toBeNull();
  });

  test('sheetKey: the ID number, else name, birth date and the guardian phone\'s digits', () => {
    expect(sheetKey({ idNumber: ' 99000020160503002x ' })).toBe('id:99000020160503002X');
    expect(sheetKey({ name: '测试儿童甲', birthDate: '2016-05-03', guardian: { phone: '139-0000 0001' } })).toBe('nb:测试儿童甲|2016-05-03|13900000001');
    expect(sheetKey({})).toBe('nb:||');
  });

  test('frameLines: header fields filled with the org, date or staff; 审核意见 left blank', () => {
    const fill = { orgName: '测试街道', date: '2024-05-01', staffName: '测试员' };
    expect(frameLines(layoutOf('xm-2'), fill)).toEqual({ title: '厦门市留守流动等困境儿童信息汇总表', header: '信息采集时间：2024-05-01', footer: '' });
    expect(frameLines(layoutOf('lg-2'), fill)).toEqual({ title: '贫困儿童基本情况报送表', header: '街道妇联（盖章）：测试街道    日期：2024-05-01', footer: '街道妇联审核意见：' });
    expect(frameLines(layoutOf('jj-ledger'), fill)).toEqual({ title: '农村留守儿童和困境儿童个人信息台账', header: '', footer: '建档人签名：测试员    建档时间：2024-05-01' });
  });
});

describe('sheet/layout', () => {
  test('an unknown annex or a header the annex lacks is a programming error, named', () => {
    expect(() => annexFor('zz-9' as LayoutKey)).toThrow(new Error('annex zz-9 is missing from its preset'));
    expect(() => headersFor('xm-2', ['序号', '学号', '班主任'])).toThrow(new Error('layout xm-2 names headers its annex lacks: 学号, 班主任'));
    expect(headersFor('xm-2', ['序号'])).toEqual(['序号', '姓名', '性别', '出生年月', '户籍地', '就学情况', '就读学校年级', '家庭困难情况']);
  });

  const XM_HEADERS = XM.headers;
  const LG_HEADERS = LG.headers;
  test('the columns map each header to its first column; blank cells and repeats are skipped', () => {
    const cells = ['', ...XM_HEADERS.slice(0, 3), '姓名', ' ', ...XM_HEADERS.slice(3)];
    const found = detectLayout([{ rowNumber: 4, cells }], LAYOUTS);
    expect(found).toEqual({
      layout: XM, headerRow: 4,
      columns: new Map([['序号', 1], ['姓名', 2], ['性别', 3], ['出生年月', 6], ['户籍地', 7], ['就学情况', 8], ['就读学校年级', 9], ['家庭困难情况', 10]]),
    });
  });

  test('headers written with spaces or half-width brackets still match', () => {
    const cells = LG_HEADERS.map((h) => (h === '年龄（出生年月）' ? '年龄 (出生年月)' : h));
    const found = detectLayout([{ rowNumber: 1, cells }], LAYOUTS);
    expect('layout' in found && found.layout.key).toBe('lg-2');
  });

  test('near misses: the layout missing fewest headers (the first on a tie) is named, with what it lacks', () => {
    const xmLess = (...drop: string[]) => XM_HEADERS.filter((h) => !drop.includes(h));
    const lgLess = (...drop: string[]) => LG_HEADERS.filter((h) => !drop.includes(h));
    expect(detectLayout([{ rowNumber: 1, cells: [...xmLess('户籍地'), ...lgLess('贫困原因')] }], LAYOUTS))
      .toEqual({ problem: '表头与「厦门市留守流动等困境儿童信息汇总表」不一致，缺少：户籍地' });
    expect(detectLayout([{ rowNumber: 1, cells: [...xmLess('户籍地', '性别'), ...lgLess('贫困原因')] }], LAYOUTS))
      .toEqual({ problem: '表头与「贫困儿童基本情况报送表」不一致，缺少：贫困原因' });
    expect(detectLayout([{ rowNumber: 1, cells: xmLess('户籍地', '性别', '就学情况') }], LAYOUTS))
      .toEqual({ problem: '表头与「厦门市留守流动等困境儿童信息汇总表」不一致，缺少：性别、户籍地、就学情况' });
  });

  test('half the headers missing or more is not a near miss', () => {
    const cells = XM_HEADERS.filter((h) => !['性别', '户籍地', '就学情况', '家庭困难情况'].includes(h));
    const generic = { problem: '无法识别表格格式：请使用厦门附件2汇总表、龙岗附件2报送表或晋江个人信息台账的表头' };
    expect(detectLayout([{ rowNumber: 1, cells }], LAYOUTS)).toEqual(generic);
    expect(detectLayout([{ rowNumber: 1, cells: ['甲', '乙'] }, { rowNumber: 2, cells: [] }], LAYOUTS)).toEqual(generic);
  });

  test('a complete header row below a near miss is found', () => {
    const found = detectLayout([{ rowNumber: 1, cells: XM_HEADERS.slice(1) }, { rowNumber: 2, cells: [...XM_HEADERS] }], LAYOUTS);
    expect('layout' in found && [found.layout.key, found.headerRow]).toEqual(['xm-2', 2]);
  });
});

const record = (over: object): ChildFields => applyPatch({ ...emptyFields(), name: '测试儿童甲', birthDate: '2016-05-03', category: 'poor' as const }, over);

describe('龙岗 附件2', () => {
  const read = (cells: Record<string, string>) => LG.read((h) => cells[h] ?? '');
  test('every column', () => {
    expect(read({ 序号: '1', 姓名: '测试儿童甲', '年龄（出生年月）': '7（2016-05-03）', 所在社区: '测试社区', 监护人及联系方式: '测试祖母 13900000001', 家庭住址: '测试村1组', 贫困原因: '低保户，母亲重病' })).toEqual({
      problems: [], orgName: '测试社区',
      patch: { name: '测试儿童甲', birthDate: '2016-05-03', guardian: { name: '测试祖母', phone: '13900000001' }, address: '测试村1组', familySituation: '低保户，母亲重病', poorReasons: ['subsistence_allowance', 'parent_ill_or_single'] },
    });
    expect(read({})).toEqual({ patch: {}, problems: ['请填写出生年月'] });
    expect(read({ 监护人及联系方式: '测试祖母', '年龄（出生年月）': '2016年5月' })).toEqual({ patch: { birthDate: '2016-05-01', guardian: { name: '测试祖母' } }, problems: [] });
  });

  test.each<[string, string | undefined, string[]]>([
    ['（2016-05-03）', '2016-05-03', []],
    ['7(2016.05.03)', '2016-05-03', []],
    ['7（201605）', '2016-05-01', []],
    ['8', undefined, ['请填写出生年月']],
    ['8岁', undefined, ['请填写出生年月']],
    ['12岁', undefined, ['请填写出生年月']],
    ['（ 8 ）', undefined, ['请填写出生年月']],
    ['x8', undefined, ['出生年月「x8」无法识别，请写成 2015-03-08 或 2015年3月']],
    ['2016', undefined, ['出生年月「2016」无法识别，请写成 2015-03-08 或 2015年3月']],
    ['123岁', undefined, ['出生年月「123岁」无法识别，请写成 2015-03-08 或 2015年3月']],
    // the date first and the age in brackets
    ['2016-05-03（8岁）', '2016-05-03', []],
    ['2016年5月(8)', '2016-05-01', []],
    ['8（8岁）', undefined, ['请填写出生年月']],
  ])('年龄（出生年月） %j', (cell, birthDate, problems) => {
    expect(read({ '年龄（出生年月）': cell })).toEqual({ patch: birthDate ? { birthDate } : {}, problems });
  });

  test('writing: age with the date, guardian with phone, the reason as written or else the standards', () => {
    const r = record({ address: '测试村1组', familySituation: '父亲失联', guardian: { name: '测试祖母', phone: '13900000001' } });
    expect(LG.write({ ...r, orgName: '测试社区', age: 7 }, 3)).toEqual([3, '测试儿童甲', '7（2016-05-03）', '测试社区', '测试祖母 13900000001', '测试村1组', '父亲失联']);
    const s = record({ poorReasons: ['subsistence_allowance', 'disaster'] });
    expect(LG.write({ ...s, orgName: '测试社区', age: 7 }, 4)).toEqual([4, '测试儿童甲', '7（2016-05-03）', '测试社区', '', '', '城市居民最低生活保障对象、遭受重大自然灾害或突发性事件']);
  });
});

describe('厦门 附件2', () => {
  const read = (cells: Record<string, string>) => XM.read((h) => cells[h] ?? '');
  test('every column', () => {
    expect(read({ 序号: '1', 姓名: '测试儿童甲', 性别: '男', 出生年月: '2016年5月', 户籍地: '测试县', 就学情况: '小学', 就读学校年级: '测试实验小学三年级2班', 家庭困难情况: '父亲失联' })).toEqual({
      problems: [],
      patch: { name: '测试儿童甲', sex: 'male', birthDate: '2016-05-01', hukouPlace: '测试县', schooling: 'primary', school: '测试实验小学', className: '三年级2班', familySituation: '父亲失联' },
    });
    expect(read({})).toEqual({ patch: {}, problems: ['请填写出生年月'] });
  });
  test('a school named in 就学情况 is used when 就读学校年级 is blank, not over it', () => {
    expect(read({ 出生年月: '2016-05-03', 就学情况: '小学，测试实验小学三年级2班' }).patch).toEqual({ birthDate: '2016-05-03', schooling: 'primary', school: '测试实验小学', className: '三年级2班' });
    expect(read({ 出生年月: '2016-05-03', 就学情况: '测试中学', 就读学校年级: '测试实验小学' }).patch).toEqual({ birthDate: '2016-05-03', school: '测试实验小学', className: '' });
    expect(read({ 出生年月: '2016-05-03', 就学情况: '测试中学初一' }).patch).toEqual({ birthDate: '2016-05-03', school: '测试中学', className: '初一' });
  });
  test('an unreadable sex', () => {
    expect(read({ 出生年月: '2016-05-03', 性别: '未知' })).toEqual({ patch: { birthDate: '2016-05-03' }, problems: ['性别「未知」无法识别，请填写男或女'] });
  });
  test('writing, with and without sex and stage', () => {
    const r = record({ sex: 'female', schooling: 'primary', school: '测试实验小学', className: '三年级2班', hukouPlace: '测试县', familySituation: '父亲失联' });
    expect(XM.write({ ...r, orgName: '测试社区', age: 7 }, 2)).toEqual([2, '测试儿童甲', '女', '2016-05-03', '测试县', '小学', '测试实验小学三年级2班', '父亲失联']);
    expect(XM.write({ ...record({}), orgName: '测试社区', age: 7 }, 3)).toEqual([3, '测试儿童甲', '', '2016-05-03', '', '', '', '']);
  });
});
