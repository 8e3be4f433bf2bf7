/**
 * 晋江 个人信息台账, read and written cell by cell with exact values (mutation testing,
 * docs/testing.md). Imports the layout module itself, not the package index: Stryker's
 * `--findRelatedTests` only follows imports from the test into the mutated file's own folder.
 */
import { jinjiangLedger as L } from '../../../src/domain/child/sheet/jinjiang';
import { applyPatch, emptyFields, syntheticIdNumber, type ChildFields } from '../../../src/domain/child';

const read = (cells: Record<string, string>) => L.read((h) => cells[h] ?? '');
const CHILD_ID = syntheticIdNumber('2016-05-03', 1);

describe('reading a row', () => {
  test('every column, with notes, aliases, a month-only birth and a 是-prefixed 单亲 cell', () => {
    const r = read({
      '儿童基本信息/姓名': '测试儿童丙', 性别: '女', 民族: '汉族', 出生年月: '2016年5月', 身份证号码: CHILD_ID, 家庭地址: '测试村2组',
      户籍类别: '农村', 儿童类别: '困境儿童，具体类别为残疾、低保', 是否单亲家庭: '是，母亲', 就学情况: '小学，测试实验小学三年级2班', 寄宿情况: '走读',
      监护情况: '良好', 健康情况: '较弱：常感冒', 日常心理和行为情况: '开朗', 享受救助情况: '低保；每月三百', 教育救助情况: '助学金', 医疗救助情况: '医保', 其他救助情况: '慰问',
      父亲姓名: '测试父亲', 父亲身份证号码: '990000198502030091', 父亲联系电话: '13900000002', 父亲现住地址: '外地', 父亲健康状况: '不健康：腰伤', 父亲特殊情况: '失联、服刑在押',
      母亲姓名: '测试母亲', 母亲健康状况: '健康', '家庭收入人均(元/年)': '6,000元', 家庭享受补助情况: '低保300元', 社会力量帮扶情况: '企业资助',
      照护人类别: '外祖父母', '留守儿童委托照护人情况/姓名': '测试外婆', 联系电话: '13900000001', 委托照料原因: '父母双方同时外出', 家庭监护情况: '高',
      儿童主任姓名及电话: '测试主任 13900000009', 关爱服务需求: '学习辅导、想要画笔', 其他说明情况: '无',
    });
    expect(r).toEqual({
      problems: [],
      patch: {
        name: '测试儿童丙', sex: 'female', ethnicity: '汉族', idNumber: CHILD_ID, birthDate: '2016-05-03', address: '测试村2组', hukouType: 'rural',
        category: 'difficult', difficultSubtypes: ['disabled', 'subsistence_allowance'], singleParent: 'single_mother',
        schooling: 'primary', school: '测试实验小学', className: '三年级2班', boarding: 'day', guardianship: 'good', health: 'weak', healthNote: '常感冒',
        psychology: '开朗', relief: ['subsistence'], reliefNote: '每月三百', educationAid: '助学金', medicalAid: '医保', otherAid: '慰问',
        father: { name: '测试父亲', idNumber: '990000198502030091', phone: '13900000002', address: '外地', health: 'unhealthy', healthNote: '腰伤', situations: ['lost_contact', 'imprisoned'] },
        mother: { name: '测试母亲', health: 'healthy' },
        incomePerCapita: 6000, familySubsidies: ['subsistence'], socialSupport: '企业资助',
        guardian: { kind: 'grandparent', name: '测试外婆', phone: '13900000001' }, entrustReason: 'both_away', riskLevel: 'high',
        childDirector: { name: '测试主任', phone: '13900000009' }, needs: ['study'], needsNote: '想要画笔', remarks: '无',
      },
    });
  });

  test('an empty row reads as nothing but the missing birth: no parent, guardian or director objects', () => {
    expect(read({})).toEqual({ patch: {}, problems: ['请填写出生年月'] });
  });

  test('each unreadable cell is named with its header and the choices, in column order', () => {
    const r = read({
      '儿童基本信息/姓名': '测试儿童丁', 出生年月: '2016-05-03', 性别: '未知', 户籍类别: '外地', 儿童类别: '留守儿童，其他', 是否单亲家庭: '是',
      母亲特殊情况: '死亡、出国', '家庭收入人均(元/年)': '约六千', 家庭享受补助情况: '特困、外出务工', 儿童主任姓名及电话: '测试主任',
    });
    expect(r).toEqual({
      patch: { name: '测试儿童丁', birthDate: '2016-05-03', category: 'left_behind', mother: { situations: ['deceased'] }, familySubsidies: ['extreme_poverty'], childDirector: { name: '测试主任' } },
      problems: [
        '性别「未知」无法识别，可填：女、男',
        '户籍类别「外地」无法识别，可填：农村户、城市户',
        '是否单亲家庭「是」无法识别，可填：否、单亲母亲家庭、单亲父亲家庭',
        '母亲特殊情况「出国」无法识别，可填：被执行限制人身自由的措施、死亡、失踪、重病、重残、失联、服刑在押、强制隔离戒毒、其他',
        '家庭收入人均「约六千」应为数字（元/年）',
        '家庭享受补助情况「外出务工」无法识别，可填：低保、特困、残疾、其他',
      ],
    });
  });

  test('an unknown category, and a blank birth cell without an ID number', () => {
    expect(read({ 儿童类别: '孤儿' })).toEqual({ patch: {}, problems: ['请填写出生年月', '儿童类别「孤儿」无法识别，可填：农村留守儿童、困境儿童（具体类别）'] });
  });

  test('a blank birth cell takes the ID number\'s date', () => {
    expect(read({ 身份证号码: CHILD_ID })).toEqual({ patch: { idNumber: CHILD_ID, birthDate: '2016-05-03' }, problems: [] });
  });

  test.each([
    ['困境儿童，具体类别残疾', { category: 'difficult', difficultSubtypes: ['disabled'] }, []],
    ['困境儿童，散居孤儿', { category: 'difficult', difficultSubtypes: ['scattered_orphan'] }, []],
    ['困境', { category: 'difficult' }, []],
    ['贫困', { category: 'poor' }, []],
    ['困境儿童，残疾（具体类别）', { category: 'difficult', difficultSubtypes: ['disabled'] }, ['困境儿童具体类别「具体类别」无法识别，可填：残疾、散居孤儿、事实无人抚养、低保、特困、重病、其他']],
  ])('儿童类别 %s', (cell, patch, problems) => {
    expect(read({ 出生年月: '2016-05-03', 儿童类别: cell })).toEqual({ patch: { birthDate: '2016-05-03', ...patch }, problems });
  });

  test.each([
    ['否', 'no'], ['单亲父亲家庭', 'single_father'], ['父亲', 'single_father'], ['单亲母亲', 'single_mother'], ['是，、单亲母亲家庭', 'single_mother'], ['是 父亲', 'single_father'],
  ])('是否单亲家庭 %s', (cell, code) => {
    expect(read({ 出生年月: '2016-05-03', 是否单亲家庭: cell }).patch).toEqual({ birthDate: '2016-05-03', singleParent: code });
  });

  test('a 是 that does not open the cell is not the yes-prefix', () => {
    expect(read({ 出生年月: '2016-05-03', 是否单亲家庭: '单亲是母亲' }).problems).toEqual(['是否单亲家庭「单亲是母亲」无法识别，可填：否、单亲母亲家庭、单亲父亲家庭']);
  });

  test('aliases and notes of the single-choice columns', () => {
    const r = read({
      出生年月: '2016-05-03', 寄宿情况: '寄宿', 监护情况: '监护不到位：祖母年迈', 健康情况: '重病：白血病', 照护人类别: '亲戚', 家庭监护情况: '低', 委托照料原因: '父母双方无监护能力',
      母亲健康状况: '不健康', 母亲姓名: '测试母亲',
    });
    expect(r).toEqual({
      problems: [],
      patch: {
        birthDate: '2016-05-03', boarding: 'boarding', guardianship: 'inadequate', guardianshipNote: '祖母年迈', health: 'serious_illness', healthNote: '白血病',
        mother: { name: '测试母亲', health: 'unhealthy' }, guardian: { kind: 'relative_friend' }, entrustReason: 'both_unable', riskLevel: 'low',
      },
    });
    expect(read({ 出生年月: '2016-05-03', 监护情况: '一般', 家庭监护情况: '中', 照护人类别: '祖父母', 寄宿情况: '寄宿生' }).patch).toEqual({
      birthDate: '2016-05-03', guardianship: 'fair', riskLevel: 'medium', guardian: { kind: 'grandparent' }, boarding: 'boarding',
    });
    expect(read({ 出生年月: '2016-05-03', 监护情况: '不到位', 照护人类别: '朋友' }).patch).toEqual({ birthDate: '2016-05-03', guardianship: 'inadequate', guardian: { kind: 'relative_friend' } });
  });

  test('parents: each column on its own; only a phone or only an ID number still makes the parent', () => {
    expect(read({ 出生年月: '2016-05-03', 父亲联系电话: '13900000002', 母亲身份证号码: '990000198502030091', 母亲现住地址: '测试市' }).patch).toEqual({
      birthDate: '2016-05-03', father: { phone: '13900000002' }, mother: { idNumber: '990000198502030091', address: '测试市' },
    });
    expect(read({ 出生年月: '2016-05-03', 父亲健康状况: '很差' }).problems).toEqual(['父亲健康状况「很差」无法识别，可填：健康、不健康']);
  });

  test('only a guardian name, or only a guardian phone', () => {
    expect(read({ 出生年月: '2016-05-03', '留守儿童委托照护人情况/姓名': '测试外婆' }).patch).toEqual({ birthDate: '2016-05-03', guardian: { name: '测试外婆' } });
    expect(read({ 出生年月: '2016-05-03', 联系电话: '13900000001' }).patch).toEqual({ birthDate: '2016-05-03', guardian: { phone: '13900000001' } });
  });

  test('multiple-choice columns: amounts left over are dropped, words go to the note where the form has one', () => {
    expect(read({ 出生年月: '2016-05-03', 享受救助情况: '低保、临时', 关爱服务需求: '心理沟通', 家庭享受补助情况: '残疾300元/月' }).patch).toEqual({
      birthDate: '2016-05-03', relief: ['subsistence', 'temporary'], needs: ['psychological'], familySubsidies: ['disability'],
    });
    expect(read({ 出生年月: '2016-05-03', '家庭收入人均(元/年)': '0' }).patch).toEqual({ birthDate: '2016-05-03', incomePerCapita: 0 });
  });
});

const record = (over: object): ChildFields => applyPatch({ ...emptyFields(), name: '测试儿童甲', birthDate: '2016-05-03', category: 'left_behind' as const }, over);
const byHeader = (row: (string | number)[]) => Object.fromEntries(L.headers.map((h, i) => [h, row[i]]));
const EMPTY_PAIRING_AND_VISITS = Object.fromEntries(
  ['结对人员姓名及电话', '结对人员所在单位', ...['一', '二', '三', '四'].flatMap((q) => [`${q}季度走访时间`, `${q}季度发现的问题`, `${q}季度解决措施`])].map((h) => [h, '']),
);

describe('writing a row', () => {
  test('a full file, cell by cell', () => {
    const r = record({
      category: 'difficult', sex: 'male', ethnicity: '回族', idNumber: CHILD_ID, address: '测试村1组', hukouType: 'urban', difficultSubtypes: ['disabled', 'serious_illness'],
      singleParent: 'single_father', schooling: 'junior_high', school: '测试中学', className: '初一3班', boarding: 'boarding', guardianship: 'fair', guardianshipNote: '祖父年迈',
      health: 'chronic_illness', healthNote: '哮喘', psychology: '内向', relief: ['orphan', 'temporary'], reliefNote: '每月三百', educationAid: '减免学费', medicalAid: '大病救助', otherAid: '慰问金',
      father: { name: '测试父亲', idNumber: '990000198502030091', phone: '13900000002', address: '外地', health: 'unhealthy', healthNote: '腰伤', situations: ['lost_contact', 'imprisoned'] },
      mother: { name: '测试母亲', health: 'healthy', situations: [] },
      incomePerCapita: 6000, familySubsidies: ['subsistence', 'other'], socialSupport: '企业资助',
      guardian: { kind: 'grandparent', name: '测试祖母', phone: '13900000001' }, entrustReason: 'one_away_other_unable', riskLevel: 'medium',
      childDirector: { name: '测试主任', phone: '13900000009' }, needs: ['study', 'other'], needsNote: '需要课外书', remarks: '无',
    });
    const row = L.write({ ...r, orgName: '测试社区', age: 8 }, 1);
    expect(row).toHaveLength(L.headers.length);
    expect(byHeader(row)).toEqual({
      '儿童基本信息/姓名': '测试儿童甲', 性别: '男', 民族: '回族', 出生年月: '2016-05-03', 身份证号码: CHILD_ID, 家庭地址: '测试村1组', 户籍类别: '城市户',
      儿童类别: '困境儿童，具体类别为残疾、重病', 是否单亲家庭: '单亲父亲家庭', 就学情况: '初中，测试中学初一3班', 寄宿情况: '寄宿生', 监护情况: '监护情况一般：祖父年迈',
      健康情况: '慢性病：哮喘', 日常心理和行为情况: '内向', 享受救助情况: '孤儿、临时；每月三百', 教育救助情况: '减免学费', 医疗救助情况: '大病救助', 其他救助情况: '慰问金',
      父亲姓名: '测试父亲', 父亲身份证号码: '990000198502030091', 父亲联系电话: '13900000002', 父亲现住地址: '外地', 父亲健康状况: '不健康：腰伤', 父亲特殊情况: '失联、服刑在押',
      母亲姓名: '测试母亲', 母亲身份证号码: '', 母亲联系电话: '', 母亲现住地址: '', 母亲健康状况: '健康', 母亲特殊情况: '',
      '家庭收入人均(元/年)': 6000, 家庭享受补助情况: '低保、其他', 社会力量帮扶情况: '企业资助', 照护人类别: '祖父母、外祖父母', '留守儿童委托照护人情况/姓名': '测试祖母',
      联系电话: '13900000001', 委托照料原因: '父母一方外出，另一方无监护能力', 家庭监护情况: '中风险', 儿童主任姓名及电话: '测试主任 13900000009',
      关爱服务需求: '学习辅导、其他；需要课外书', 其他说明情况: '无', ...EMPTY_PAIRING_AND_VISITS,
    });
  });

  test('a blank file writes empty cells, with only what it has', () => {
    const row = L.write({ ...record({ schooling: null, school: '测试实验小学', reliefNote: '每月三百', needs: ['emotional'] }), orgName: '测试社区', age: 8 }, 2);
    expect(byHeader(row)).toEqual({
      ...Object.fromEntries(L.headers.map((h) => [h, ''])),
      '儿童基本信息/姓名': '测试儿童甲', 出生年月: '2016-05-03', 儿童类别: '农村留守儿童', 就学情况: '测试实验小学', 享受救助情况: '每月三百', 关爱服务需求: '精神关爱',
    });
  });

  test('what is written reads back the same', () => {
    const r = record({ sex: 'female', hukouType: 'rural', singleParent: 'no', guardianship: 'good', health: 'healthy', riskLevel: 'high', guardian: { kind: 'parent', name: '测试母亲', phone: null } });
    const row = L.write({ ...r, orgName: '', age: 8 }, 1);
    const cells = byHeader(row);
    expect(read(Object.fromEntries(Object.entries(cells).map(([h, v]) => [h, String(v)])))).toEqual({
      problems: [],
      patch: { name: '测试儿童甲', sex: 'female', birthDate: '2016-05-03', hukouType: 'rural', category: 'left_behind', singleParent: 'no', guardianship: 'good', health: 'healthy', riskLevel: 'high', guardian: { kind: 'parent', name: '测试母亲' } },
    });
  });
});
