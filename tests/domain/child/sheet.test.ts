import { annexHeaders, getProgramme } from '../../../src/programmes';
import { applyPatch, emptyFields, sheet, syntheticIdNumber, type ChildFields } from '../../../src/domain/child';
import { parseDate, parseMany, parseNamePhone, parseOne } from '../../../src/domain/child/sheet/cells';
import { RELIEF_KIND_LABELS, HUKOU_TYPE_LABELS } from '../../../src/domain/child';

const TODAY = '2024-05-01';

describe('cells', () => {
  test('dates typed every common way', () => {
    expect(parseDate('2015-03-08')).toEqual({ date: '2015-03-08', monthOnly: false });
    expect(parseDate('2015年3月8日')).toEqual({ date: '2015-03-08', monthOnly: false });
    expect(parseDate('2015/3/8')).toEqual({ date: '2015-03-08', monthOnly: false });
    expect(parseDate('20150308')).toEqual({ date: '2015-03-08', monthOnly: false });
    expect(parseDate('2015.03')).toEqual({ date: '2015-03-01', monthOnly: true });
    expect(parseDate('2015年3月')).toEqual({ date: '2015-03-01', monthOnly: true });
    expect(parseDate('三岁')).toBeNull();
  });
  test('ticked labels with notes, shortened labels, several options in one cell', () => {
    expect(parseOne('农村', HUKOU_TYPE_LABELS)).toEqual({ code: 'rural', rest: '' });
    expect(parseOne('☑城市户', HUKOU_TYPE_LABELS)).toEqual({ code: 'urban', rest: '' });
    expect(parseOne('乡下', HUKOU_TYPE_LABELS)).toBeNull();
    expect(parseMany('低保300元/月、临时；事实无人抚养儿童', RELIEF_KIND_LABELS)).toEqual({ codes: ['de_facto_unsupported', 'subsistence', 'temporary'], rest: '300元/月' });
    expect(parseNamePhone('测试监护人 13900000001')).toEqual({ name: '测试监护人', phone: '13900000001' });
    expect(parseNamePhone('测试监护人')).toEqual({ name: '测试监护人', phone: null });
  });
});

describe('layouts', () => {
  test('each layout uses its annex\'s exact title and headers', () => {
    const annex = (preset: string, key: string) => getProgramme(preset)!.annexTables.find((a) => a.key === key)!;
    expect(sheet.layoutOf('xm-2').headers).toEqual(annexHeaders(annex('xiamen-2017', 'xm-2')));
    expect(sheet.layoutOf('lg-2').headers).toEqual(annexHeaders(annex('longgang-2019', 'lg-2')));
    expect(sheet.layoutOf('jj-ledger').headers).toEqual(annexHeaders(annex('jinjiang-2024', 'jj-ledger')));
    expect(sheet.layoutOf('xm-2').annex.title).toBe('厦门市留守流动等困境儿童信息汇总表');
  });

  test('the header row is found below a title, in any column order', () => {
    const headers = [...sheet.layoutOf('lg-2').headers].reverse();
    const found = sheet.detectLayout([{ rowNumber: 1, cells: ['贫困儿童基本情况报送表'] }, { rowNumber: 3, cells: ['', ...headers] }], sheet.LAYOUTS);
    expect('layout' in found && found.layout.key).toBe('lg-2');
    expect('layout' in found && found.headerRow).toBe(3);
  });

  test('a sheet missing a header is refused with the header named', () => {
    const headers = sheet.layoutOf('xm-2').headers.filter((h) => h !== '户籍地');
    expect(sheet.detectLayout([{ rowNumber: 1, cells: headers }], sheet.LAYOUTS)).toEqual({ problem: expect.stringContaining('户籍地') });
    expect(sheet.detectLayout([{ rowNumber: 1, cells: ['甲', '乙'] }], sheet.LAYOUTS)).toEqual({ problem: expect.stringContaining('无法识别') });
  });
});

const full: ChildFields = applyPatch(
  { ...emptyFields(), name: '测试儿童甲', birthDate: '2016-05-03', category: 'difficult' as const },
  {
    sex: 'female', ethnicity: '汉族', idNumber: syntheticIdNumber('2016-05-03', 3), address: '测试村1组', hukouType: 'rural', hukouPlace: '测试县',
    difficultSubtypes: ['disabled', 'subsistence_allowance'], singleParent: 'single_mother', schooling: 'primary', school: '测试实验小学', className: '三年级2班',
    boarding: 'day', guardianship: 'inadequate', guardianshipNote: '祖母年迈', health: 'serious_illness', healthNote: '需长期治疗', psychology: '内向',
    relief: ['subsistence', 'temporary'], reliefNote: '300元/月', educationAid: '减免学费', medicalAid: '大病救助', otherAid: '',
    father: { name: '测试父亲', idNumber: syntheticIdNumber('1985-02-03', 9, 'male'), phone: '13900000002', address: '外地', health: 'unhealthy', healthNote: '腰伤', situations: ['lost_contact', 'imprisoned'] },
    mother: { name: '测试母亲', phone: '13900000003', health: 'healthy', situations: [] },
    incomePerCapita: 6000, familySubsidies: ['subsistence'], socialSupport: '爱心企业资助',
    guardian: { kind: 'grandparent', name: '测试祖母', phone: '13900000001' }, entrustReason: 'one_away_other_unable', riskLevel: 'medium',
    childDirector: { name: '测试主任', phone: '13900000009' }, needs: ['study', 'other'], needsNote: '需要课外书', remarks: '无', familySituation: '父亲失联',
  },
);

function roundTrip(key: sheet.LayoutKey, record: ChildFields) {
  const layout = sheet.layoutOf(key);
  const cells = layout.write({ ...record, orgName: '测试社区', age: 7 }, 1);
  const get = sheet.cellsByHeader(cells, new Map(layout.headers.map((h, i) => [h, i])));
  return sheet.readRow(layout, get, TODAY);
}

describe('a written row reads back as the same file', () => {
  test('晋江 台账 keeps every field it has a column for', () => {
    const r = roundTrip('jj-ledger', full);
    if (!r.ok) throw new Error(r.reason);
    const back = applyPatch({ ...emptyFields(), name: '', birthDate: '', category: 'left_behind' as const }, r.patch);
    const omit = ['parentsAway', 'parentsAwaySince', 'returnFrequency', 'poorHousehold', 'interests', 'hukouPlace', 'familySituation', 'classTeacher', 'classTeacherPhone', 'poorReasons'];
    const strip = (f: ChildFields) => {
      const copy = JSON.parse(JSON.stringify(f));
      for (const k of omit) delete copy[k];
      for (const p of ['father', 'mother']) { delete copy[p].workPlace; delete copy[p].job; }
      delete copy.guardian.relation;
      return copy;
    };
    expect(strip(back)).toEqual(strip(full));
  });
  test('厦门 附件2 and 龙岗 附件2 keep their columns', () => {
    const xm = roundTrip('xm-2', full);
    expect(xm).toMatchObject({ ok: true, patch: { name: '测试儿童甲', sex: 'female', birthDate: '2016-05-03', hukouPlace: '测试县', schooling: 'primary', school: '测试实验小学', className: '三年级2班', familySituation: '父亲失联' } });
    const lg = roundTrip('lg-2', { ...full, category: 'poor', familySituation: '', poorReasons: ['subsistence_allowance', 'child_illness'] });
    expect(lg).toMatchObject({ ok: true, orgName: '测试社区', patch: { birthDate: '2016-05-03', guardian: { name: '测试祖母', phone: '13900000001' }, poorReasons: ['subsistence_allowance', 'child_illness'] } });
  });
});

describe('row validation speaks Chinese and names the problem', () => {
  const layout = sheet.layoutOf('jj-ledger');
  const row = (cells: Record<string, string>) => sheet.readRow(layout, (h) => cells[h] ?? '', TODAY);
  test.each([
    [{ '儿童基本信息/姓名': '测试儿童乙', 出生年月: '某年' }, '出生年月「某年」无法识别'],
    [{ '儿童基本信息/姓名': '测试儿童乙', 出生年月: '2016-05-03', 身份证号码: '990000201605030020' }, '身份证号码不正确'],
    [{ '儿童基本信息/姓名': '测试儿童乙', 出生年月: '2016-05-04', 身份证号码: syntheticIdNumber('2016-05-03', 1) }, '身份证号码与出生日期不一致'],
    [{ '儿童基本信息/姓名': '测试儿童乙', 出生年月: '2016-05-03', 性别: '未知' }, '性别「未知」无法识别'],
    [{ '儿童基本信息/姓名': '测试儿童乙', 出生年月: '2016-05-03', 联系电话: '12345' }, '监护人联系电话不正确'],
    [{ '儿童基本信息/姓名': '测试儿童乙', 出生年月: '2030-01-01' }, '出生日期不能晚于今天'],
  ])('%j', (cells, reason) => {
    const r = row(cells);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
  test('a month-only birth takes its day from the ID number', () => {
    const r = row({ '儿童基本信息/姓名': '测试儿童乙', 出生年月: '2016年5月', 身份证号码: syntheticIdNumber('2016-05-03', 1) });
    expect(r).toMatchObject({ ok: true, patch: { birthDate: '2016-05-03' } });
  });
});
