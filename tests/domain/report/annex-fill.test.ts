/**
 * What fills each annex, value by value (src/domain/report/annex-child.ts, annex-volunteer.ts,
 * annex-sheet.ts, annex-catalog.ts), imported directly: a child's record and a volunteer's
 * application written into the programme's forms, the sheet layout's rows, merges and bold rows,
 * the date cells at their patterns' anchors, and every annex's export route. Synthetic data.
 */
import { allPresets } from '../../../src/programmes';
import { CARD_PLACE, CHILD_PLACE, PAIRING_PLACE, routeOf } from '../../../src/domain/report/annex-catalog';
import { colName, formLabels, formRows, frameLine, sheetName, tableFoot, tableHead, ym, ymd, type AnnexForm, type AnnexSheet } from '../../../src/domain/report/annex-sheet';
import { childFormFill, householdRows, type ChildFormRecord } from '../../../src/domain/report/annex-child';
import { opinionOf, volunteerFormFill, volunteerRow, volunteerValues, type VolunteerRecord } from '../../../src/domain/report/annex-volunteer';
import { emptyFields, type ChildFields } from '../../../src/domain/child';

const annex = (key: string) => allPresets().flatMap((p) => p.annexTables).find((a) => a.key === key)!;
const parent = emptyFields().father;

describe('a child\'s record in a child_info form', () => {
  const full: ChildFormRecord = {
    ...emptyFields(), name: '测试儿童', birthDate: '2015-03-08', category: 'difficult', sex: 'female', address: '测试路1号',
    school: '测试小学', className: '三年级2班', schooling: 'primary', classTeacher: '测试老师', classTeacherPhone: '13900000001',
    poorHousehold: true, parentsAway: 'father', returnFrequency: 'yearly', interests: '画画', needs: ['study', 'emotional'],
    needsNote: '想学英语', difficultSubtypes: ['disabled', 'subsistence_allowance'], poorReasons: ['disaster', 'other'], familySituation: '家庭困难', remarks: '无',
    father: { ...parent, name: '测试父', phone: '13900000002', job: '工人', workPlace: '外省某市' },
    mother: { ...parent, name: '测试母', phone: '13900000004', job: '保洁', address: '测试镇2号' },
    guardian: { kind: 'grandparent', name: '测试祖母', phone: '13900000003', relation: '祖母' },
    streetName: '测试街道', communityName: '测试社区',
  } as ChildFormRecord;
  const blank = { ...emptyFields(), name: '测试空白', birthDate: '', category: 'left_behind', streetName: '测试街道', communityName: '' } as ChildFormRecord;

  test('every label of the full record', () => {
    const fill = childFormFill(full, '2026-03-05');
    const labels = ['姓名', '女童姓名', '性别', '出生年月', '家庭住址', '现居住地址', '所在学校', '班级', '就读学校及班级', '就学情况', '班主任', '联系方式',
      '是否建档立卡贫困户', '照片', '父亲姓名', '母亲姓名', '临时监护人姓名', '与临时监护人的关系', '父母外出情况', '父母外出地点', '父母外出从事何种工作',
      '父母一般多久回家一次', '兴趣爱好', '目前需求', '儿童及家庭主要情况', '备注', '联系电话', '某个新字段'];
    expect(Object.fromEntries(labels.map((l) => [l, fill.field(null, l)]))).toEqual({
      姓名: '测试儿童', 女童姓名: '测试儿童', 性别: '女', 出生年月: '2015年3月', 家庭住址: '测试路1号', 现居住地址: '测试路1号', 所在学校: '测试小学',
      班级: '三年级2班', 就读学校及班级: '测试小学三年级2班', 就学情况: '小学', 班主任: '测试老师', 联系方式: '13900000001',
      是否建档立卡贫困户: '是', 照片: '', 父亲姓名: '测试父', 母亲姓名: '测试母', 临时监护人姓名: '测试祖母', 与临时监护人的关系: '祖母',
      父母外出情况: '父亲外出', 父母外出地点: '父亲：外省某市', 父母外出从事何种工作: '父亲：工人；母亲：保洁', 父母一般多久回家一次: '每年',
      兴趣爱好: '画画', 目前需求: '学习辅导、精神关爱；想学英语', 儿童及家庭主要情况: '困境儿童；残疾、低保；遭受重大自然灾害或突发性事件、其他特殊原因；家庭困难', 备注: '无',
      联系电话: '', 某个新字段: '',
    });
  });

  test('the same label under each person; a section without its own value reads the plain one', () => {
    const fill = childFormFill(full, '2026-03-05');
    expect([fill.field('父亲', '联系电话'), fill.field('母亲', '联系电话'), fill.field('临时监护人', '联系电话')]).toEqual(['13900000002', '13900000004', '13900000003']);
    expect(fill.field('父亲', '父亲姓名')).toBe('测试父');
    expect(fill.field('其他', '联系电话')).toBe('');
  });

  test('header and footer lines, the family members', () => {
    const fill = childFormFill(full, '2026-03-05');
    expect([fill.header('信息采集时间'), fill.header('乡镇（街道）村（社区）'), fill.header('填报时间'), fill.footer('审核')]).toEqual(['2026年3月5日', '测试街道 测试社区', '', '']);
    expect(fill.repeating(null)).toEqual([['母亲', '测试母', '', '测试镇2号', '保洁', '13900000004'], ['祖母', '测试祖母', '', '测试路1号', '', '13900000003']]);
  });

  test('a blank record: every label blank but the category, no family', () => {
    const fill = childFormFill(blank, '');
    const labels = ['性别', '出生年月', '就读学校及班级', '就学情况', '联系方式', '是否建档立卡贫困户', '父亲姓名', '母亲姓名', '临时监护人姓名',
      '与临时监护人的关系', '父母外出情况', '父母外出地点', '父母外出从事何种工作', '父母一般多久回家一次', '目前需求'];
    expect(labels.map((l) => fill.field(null, l))).toEqual(labels.map(() => ''));
    // empty parts are left out, not joined
    expect(fill.field(null, '儿童及家庭主要情况')).toBe('农村留守儿童');
    expect([fill.field('父亲', '联系电话'), fill.field('临时监护人', '联系电话')]).toEqual(['', '']);
    expect([fill.header('信息采集时间'), fill.header('乡镇（街道）村（社区）')]).toEqual(['', '测试街道']);
    expect(fill.repeating(null)).toEqual([]);
  });

  test('是否建档立卡贫困户: 是, 否, and blank when unknown or absent', () => {
    const poor = (v: boolean | null | undefined) => childFormFill({ ...blank, poorHousehold: v } as ChildFormRecord, '').field(null, '是否建档立卡贫困户');
    expect([poor(true), poor(false), poor(null), poor(undefined)]).toEqual(['是', '否', '', '']);
  });

  test('records kept without a category, school, parents or a guardian fill blanks (older records)', () => {
    const bare = { ...blank, category: undefined, school: undefined, className: undefined, father: undefined, mother: undefined, guardian: undefined } as unknown as ChildFormRecord;
    const fill = childFormFill(bare, '');
    expect(['就读学校及班级', '儿童及家庭主要情况'].map((l) => fill.field(null, l))).toEqual(['', '']);
    expect(['父亲姓名', '母亲姓名', '临时监护人姓名', '与临时监护人的关系', '父母外出地点', '父母外出从事何种工作'].map((l) => fill.field(null, l))).toEqual(['', '', '', '', '', '']);
    expect([fill.field('父亲', '联系电话'), fill.field('母亲', '联系电话'), fill.field('临时监护人', '联系电话')]).toEqual(['', '', '']);
    expect(fill.repeating(null)).toEqual([]);
  });

  test('family members: a parent at home with the child\'s address, a guardian with no relation called 监护人', () => {
    const r = {
      ...blank, address: '测试路3号', parentsAway: 'none',
      father: { ...parent, name: '测试父', job: '司机' },
      guardian: { kind: 'relative_friend', name: '测试叔叔', phone: null, relation: '' },
    } as ChildFields;
    expect(householdRows(r)).toEqual([['父亲', '测试父', '', '测试路3号', '司机', ''], ['监护人', '测试叔叔', '', '测试路3号', '', '']]);
    expect(householdRows({ ...r, parentsAway: 'both' })).toEqual([['监护人', '测试叔叔', '', '测试路3号', '', '']]);
  });

  test('the 遂宁 form filled: every row, merges and bold rows', () => {
    const out = formRows(annex('sn-1') as AnnexForm, childFormFill(full, '2026-03-05'));
    expect(out.rows).toEqual([
      ['遂宁市留守女童基本信息采集表'], ['乡镇（街道）村（社区）：测试街道 测试社区'],
      ['女童姓名', '测试儿童'], ['出生年月', '2015年3月'], ['是否建档立卡贫困户', '是'], ['照片', ''],
      ['父亲'], ['父亲姓名', '测试父'], ['联系电话', '13900000002'],
      ['母亲'], ['母亲姓名', '测试母'], ['联系电话', '13900000004'],
      ['临时监护人'], ['临时监护人姓名', '测试祖母'], ['联系电话', '13900000003'], ['与临时监护人的关系', '祖母'],
      ['现居住地址', '测试路1号'], ['就读学校及班级', '测试小学三年级2班'], ['父母外出情况', '父亲外出'], ['父母外出地点', '父亲：外省某市'],
      ['父母外出从事何种工作', '父亲：工人；母亲：保洁'], ['父母一般多久回家一次', '每年'], ['兴趣爱好', '画画'], ['目前需求', '学习辅导、精神关爱；想学英语'],
    ]);
    expect(out.merges).toEqual(['A1:B1', 'A2:B2', 'A7:B7', 'A10:B10', 'A13:B13']);
    expect(out.bold).toEqual([1, 7, 10, 13]);
  });

  test('the 厦门 form filled: the family section as wide as its fields', () => {
    const out = formRows(annex('xm-1') as AnnexForm, childFormFill(full, '2026-03-05'));
    expect(out.rows).toEqual([
      ['厦门市留守流动等困境儿童信息表'], ['信息采集时间：2026年3月5日'],
      ['家庭住址', '测试路1号'], ['所在学校', '测试小学'], ['班级', '三年级2班'], ['班主任', '测试老师'], ['联系方式', '13900000001'],
      ['目前与留守儿童及困境儿童居住生活的家庭成员'], ['称呼', '姓名', '年龄', '所在地', '职业', '联系电话'],
      ['母亲', '测试母', '', '测试镇2号', '保洁', '13900000004'], ['祖母', '测试祖母', '', '测试路1号', '', '13900000003'],
      ['儿童及家庭主要情况', '困境儿童；残疾、低保；遭受重大自然灾害或突发性事件、其他特殊原因；家庭困难'], ['备注', '无'],
    ]);
    expect(out.merges).toEqual(['A1:F1', 'A2:F2', 'A8:F8']);
    expect(out.bold).toEqual([1, 8, 9]);
  });
});

describe('the sheet layout', () => {
  test('column names past Z', () => {
    expect([1, 25, 26, 27, 52, 53, 702, 703].map(colName)).toEqual(['A', 'Y', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  test('dates: only a full YYYY-MM-DD (or YYYY-MM) from the first character', () => {
    expect([ymd('2026-03-05'), ymd('2026-12-25T08:00'), ymd('2026-03-5'), ymd('x2026-03-05'), ymd(''), ymd(null), ymd(undefined)]).toEqual(['2026年3月5日', '2026年12月25日', '', '', '', '', '']);
    expect([ym('2015-03-08'), ym('2015-11'), ym('2015-3'), ym('x2015-03'), ym('201-03'), ym('2015-ab'), ym(''), ym(null)]).toEqual(['2015年3月', '2015年11月', '', '', '', '', '', '']);
  });

  test('frame lines and a table\'s foot', () => {
    expect(frameLine(['甲', '乙'], (f) => `${f}值`)).toBe('甲：甲值　　乙：乙值');
    expect(tableFoot({ ...(annex('lg-1') as AnnexSheet), footerFields: ['审核意见', '日期'] }, (f) => (f === '日期' ? '2026年1月1日' : ''))).toBe('审核意见：　　日期：2026年1月1日');
    expect(tableFoot(annex('lg-1') as AnnexSheet, () => 'x')).toBeNull();
  });

  test('a table head\'s rows are all bold', () => {
    expect(tableHead(annex('xm-6') as AnnexSheet, () => '').bold).toEqual([1, 2, 3, 4]);
    expect(tableHead(annex('lg-1') as AnnexSheet, () => '')).toEqual({ rows: [['各街道贫困儿童名额分配表'], ['街道', '名额', '备注']], merges: ['A1:C1'], bold: [1, 2] });
  });

  test('a form without a header line, with row labels, a short repeating row and a footer', () => {
    const form = {
      key: 'test-form', number: '附件9', title: '测试表', purpose: 'child_info', kind: 'form', headerFields: [], footerFields: ['审核'],
      sections: [
        { title: null, fields: ['走访', '联系'], rowLabels: ['一季度', '二季度'], repeating: false },
        { title: '成员', fields: ['称呼', '姓名', '电话'], rowLabels: [], repeating: true },
      ],
    } as unknown as AnnexForm;
    const out = formRows(form, { header: () => 'H', field: (s, f) => `${s ?? '-'}:${f}`, repeating: () => [['祖母']], footer: (f) => `${f}意见` });
    expect(out).toEqual({
      rows: [['测试表'], ['一季度走访', '-:一季度走访'], ['一季度联系', '-:一季度联系'], ['二季度走访', '-:二季度走访'], ['二季度联系', '-:二季度联系'],
        ['成员'], ['称呼', '姓名', '电话'], ['祖母', '', ''], ['审核', '审核意见']],
      merges: ['A1:C1', 'A6:C6'],
      bold: [1, 6, 7],
    });
    expect(formLabels(form)).toEqual(['一季度走访', '一季度联系', '二季度走访', '二季度联系', '审核']);
  });

  test('worksheet names are trimmed', () => {
    expect(sheetName(2, ' 测试 儿童 ')).toBe('2-测试 儿童');
    expect(sheetName(3, '[ 测试 ]')).toBe('3-测试');
  });
});

describe('a volunteer\'s application in the sign-up forms', () => {
  const mum: VolunteerRecord = {
    name: '测试妈妈', birthDate: '1980-06-15', applicantKind: 'unit', groupName: '测试单位团',
    form: {
      employerAndPost: '测试单位 会计', homeAddress: '测试路5号', wechatOrQq: 'wx_test', email: 't@example.com',
      pairingForms: ['one_to_one', 'many_to_many', 'custom_form'], serviceModes: ['phone', 'holiday'], serviceTimes: ['weekends'],
      skills: '讲故事', suggestions: '多组织活动', remarks: '周末有空', education: 'college', politicalStatus: 'future_status', preferredChild: '小学年龄',
    },
    idNumber: '110101********0012', phone: '138****0001', orgName: '测试社区', preferredAreaName: '测试街道', submittedAt: '2026-01-09T17:00:00Z', round: 2,
    decisions: [
      { round: 1, stepKey: 'county', decision: 'approve', opinion: '旧轮次', at: '2026-01-02T00:00:00Z' },
      { round: 2, stepKey: 'county', decision: 'reject', opinion: '材料不全', at: '2026-01-20T00:00:00Z' },
      { round: 2, stepKey: 'city', decision: 'approve', opinion: null, at: '2026-01-25T00:00:00Z' },
    ],
  };
  const chain = [
    { key: 'county', label: '县区（园区）妇联意见', levels: ['district' as const] },
    { key: 'city', label: '市妇联意见', levels: ['city' as const] },
  ];

  test('every value, both wordings of a field alike; unknown options kept as written', () => {
    expect(volunteerValues(mum, '2026-06-14')).toEqual({
      姓名: '测试妈妈', 出生年月: '1980年6月', 年龄: '45', 单位职务: '测试单位 会计', 单位及职务: '测试单位 会计', 工作单位及职务: '测试单位 会计',
      家庭住址: '测试路5号', '家庭住址（常住地）': '测试路5号', 联系电话: '138****0001', QQ或微信号码: 'wx_test', 邮箱: 't@example.com', 照片: '',
      结对形式: '一对一、多对多、custom_form', 服务方式: '电话联系、节假日', 服务时间: '双休日', 个人特长: '讲故事', 专业技能或特长: '讲故事',
      有何建议: '多组织活动', 备注: '周末有空；单位报名：测试单位团', 学历: '大专', 政治面貌: 'future_status', 身份证号码: '110101********0012',
      帮扶意愿: '帮扶地域：测试街道；对帮扶女童的要求：小学年龄',
    });
  });

  test('an application with little filled in', () => {
    const thin: VolunteerRecord = { ...mum, birthDate: '', applicantKind: 'team', groupName: '测试队', preferredAreaName: null, form: { education: 7 } };
    const v = volunteerValues(thin, '2026-06-14');
    expect([v.年龄, v.出生年月, v.单位职务, v.结对形式, v.服务方式, v.学历, v.政治面貌, v.备注, v.帮扶意愿]).toEqual(['', '', '测试社区', '', '', '', '', '团队报名：测试队', '']);
    expect(volunteerValues({ ...thin, preferredAreaName: '测试街道' }, '2026-06-14').帮扶意愿).toBe('帮扶地域：测试街道');
    expect(volunteerValues({ ...thin, form: { preferredChild: '初中' } }, '2026-06-14').帮扶意愿).toBe('对帮扶女童的要求：初中');
  });

  test('备注 names the team only for a team or unit with a name', () => {
    const note = (applicantKind: VolunteerRecord['applicantKind'], groupName: string | null, remarks = '') => volunteerValues({ ...mum, applicantKind, groupName, form: { remarks } }, '2026-06-14').备注;
    expect([note('individual', '测试队', '周末'), note('individual', '测试队'), note('team', null, '周末'), note('team', '测试队')]).toEqual(['周末', '', '周末', '团队报名：测试队']);
  });

  test('opinion boxes: the step\'s last decision of the current round, with or without words', () => {
    expect(opinionOf(mum, chain, '县区（园区）妇联意见')).toBe('不同意：材料不全（2026年1月20日）');
    expect(opinionOf(mum, chain, '市妇联意见')).toBe('同意（2026年1月25日）');
    expect(opinionOf({ ...mum, round: 1 }, chain, '县区（园区）妇联意见')).toBe('同意：旧轮次（2026年1月2日）');
    expect(opinionOf({ ...mum, round: 1 }, chain, '市妇联意见')).toBe('');
    expect(opinionOf({ ...mum, round: 3 }, chain, '市妇联意见')).toBe('');
    expect(opinionOf(mum, chain, '其他意见')).toBe('');
  });

  test('the form fill: dates in Shanghai, labels, footers; nothing repeats', () => {
    const fill = volunteerFormFill(mum, chain, '2026-06-14');
    // 17:00 UTC on 9 January is 01:00 on 10 January in Shanghai
    expect([fill.header('填表时间'), fill.header('填报时间'), fill.header('信息采集时间')]).toEqual(['2026年1月10日', '2026年1月10日', '']);
    expect([fill.field(null, '姓名'), fill.field('任何', '学历'), fill.field(null, '某个新字段')]).toEqual(['测试妈妈', '大专', '']);
    expect(fill.footer('市妇联意见')).toBe('同意（2026年1月25日）');
    expect(fill.repeating(null)).toEqual([]);
    expect(volunteerRow(['序号', '姓名', '某个新字段', '年龄'], mum, 7, '2026-06-14')).toEqual([7, '测试妈妈', '', '45']);
  });
});

describe('export routes, whole', () => {
  const route = (key: string) => routeOf(annex(key));
  const own = (key: string, permissions: string[], record: string | null) => ({
    fn: 'report', action: 'exportAnnex', input: { key }, permissions: ['report.export', ...permissions], record, recordRequired: false, place: null,
  });

  test('each purpose', () => {
    expect(route('xm-1')).toEqual(own('xm-1', ['child.export'], 'child'));
    expect(route('sn-2')).toEqual(own('sn-2', ['volunteer.read'], 'volunteer'));
    expect(route('xm-4')).toEqual(own('xm-4', ['volunteer.read'], null));
    expect(route('lg-1')).toEqual(own('lg-1', [], null));
    expect(route('jj-ledger')).toEqual({ fn: 'child', action: 'exportSheet', input: { layout: 'jj-ledger' }, permissions: ['child.export'], record: null, recordRequired: false, place: CHILD_PLACE });
    expect(route('lg-3')).toEqual({ fn: 'pairing', action: 'exportSheet', input: { layout: 'lg-3' }, permissions: ['pairing.manage'], record: null, recordRequired: false, place: PAIRING_PLACE });
    expect(route('sn-3')).toEqual({ fn: 'pairing', action: 'exportCard', input: { layout: 'sn-3' }, permissions: ['pairing.manage'], record: 'pairing', recordRequired: true, place: CARD_PLACE });
  });

  test('a purpose in the wrong kind of sheet has none', () => {
    const as = (key: string, kind: 'table' | 'form') => routeOf({ ...annex(key), kind } as never);
    expect([as('xm-1', 'table'), as('sn-2', 'table'), as('xm-4', 'form'), as('lg-1', 'form')]).toEqual([null, null, null, null]);
    expect([routeOf({ ...annex('xm-6'), key: 'xm-9' }), routeOf({ ...annex('sn-3'), key: 'sn-9' })]).toEqual([null, null]);
  });
});
