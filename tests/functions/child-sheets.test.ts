import http from 'http';
import { startTestCloud, as, snapshot } from '../helpers/cloud';
import { makeStaff } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { buildSheet, childInput, readXlsx, testPhone } from '../domain/child/fixtures';
import { audits, ORGS, setupWorld, WHO } from '../domain/child/world';
import { sheet, syntheticIdNumber } from '../../src/domain/child';
import { userIdFor } from '../../src/server/ids';

/** child.importSheet / exportSheet: the annex layouts, row reports, re-imports, exact headers, privacy. */
let cloud: LocalCloud;
let n = 0;
/** Stores a sheet where `who` uploads (options.uploadPrefix): child-imports/<her user id>/. */
const upload = (content: Buffer, who: string = WHO.countyA) => cloud.storage.write(`child-imports/${userIdFor(who)}/t${++n}.xlsx`, content);
const download = (url: string) =>
  new Promise<Buffer>((resolve, reject) => http.get(url, (res) => { const c: Buffer[] = []; res.on('data', (d) => c.push(d)); res.on('end', () => resolve(Buffer.concat(c))); }).on('error', reject));
const childrenNamed = (prefix: string) => cloud.store.rawDocuments('children').filter((d) => String(d.name).startsWith(prefix));

beforeAll(async () => {
  cloud = await startTestCloud();
  await setupWorld(cloud);
  await makeStaff(cloud, 'exporter-no-reveal', ORGS.countyA, ['child.read', 'child.export']);
});
afterAll(() => cloud.close());

describe('import 厦门 附件2', () => {
  const good = (i: number) => ({ 序号: i, 姓名: `导入儿童${i}`, 性别: '女', 出生年月: `2016-0${i}-1${i}`, 户籍地: '测试县', 就学情况: '小学', 就读学校年级: '测试小学三年级', 家庭困难情况: '父母外出务工' });
  const rows = [
    good(1),
    { ...good(2), 出生年月: '某年某月' },
    good(3),
    { ...good(4), 姓名: '' },
    { ...good(1), 序号: 5 }, // the same child again
    { ...good(6), 性别: '不详' },
    good(7),
  ];

  test('valid rows are imported and each bad row is named with its reason', async () => {
    const fileID = upload(await buildSheet('xm-2', rows));
    const res = await as(cloud, WHO.countyA).ok('child', 'importSheet', { fileID, orgCode: ORGS.communityA1, category: 'left_behind' });
    expect(res).toMatchObject({ layout: 'xm-2', title: '厦门市留守流动等困境儿童信息汇总表', total: 7, created: 3, updated: 0, unchanged: 0, rejectedTotal: 4 });
    // title + header-fields line + header row: the first child is on row 4
    expect(res.rejected).toEqual([
      { row: 5, name: '导入儿童2', reason: '出生年月「某年某月」无法识别，请写成 2015-03-08 或 2015年3月' },
      { row: 7, name: '', reason: '新增儿童须填写姓名' },
      { row: 8, name: '导入儿童1', reason: '与第4行是同一名儿童' },
      { row: 9, name: '导入儿童6', reason: '性别「不详」无法识别，请填写男或女' },
    ]);
    const stored = childrenNamed('导入儿童');
    expect(stored.map((d) => d.name).sort()).toEqual(['导入儿童1', '导入儿童3', '导入儿童7']);
    expect(stored.every((d) => d.orgCode === ORGS.communityA1 && d.category === 'left_behind' && d.school === '测试小学' && d.className === '三年级')).toBe(true);
  });

  test('a re-import updates instead of duplicating', async () => {
    // children of its own, imported first as the test above imports its own
    const mine = (i: number) => ({ ...good(i), 姓名: `重导儿童${i}` });
    const first = await as(cloud, WHO.countyA).ok('child', 'importSheet', { fileID: upload(await buildSheet('xm-2', [mine(1), mine(3), mine(7)])), orgCode: ORGS.communityA1, category: 'left_behind' });
    expect(first).toMatchObject({ created: 3, updated: 0, unchanged: 0, rejectedTotal: 0 });
    const again = await as(cloud, WHO.countyA).ok('child', 'importSheet', { fileID: upload(await buildSheet('xm-2', [mine(1), mine(3), mine(7)])), orgCode: ORGS.communityA2 });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3, rejectedTotal: 0 });
    const changed = await as(cloud, WHO.countyA).ok('child', 'importSheet', { fileID: upload(await buildSheet('xm-2', [{ ...mine(3), 家庭困难情况: '祖母患病' }])), orgCode: ORGS.communityA2 });
    expect(changed).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect(childrenNamed('重导儿童')).toHaveLength(3);
    const three = childrenNamed('重导儿童3')[0];
    expect(three.orgCode).toBe(ORGS.communityA1); // an update keeps the child where she is filed
    const h = await as(cloud, WHO.countyA).ok('child', 'history', { id: String(three._id) });
    expect(h.items[0]).toMatchObject({ action: 'import', changes: [{ field: 'familySituation', from: '父母外出务工', to: '祖母患病' }] });
  });

  test('a sheet without a category column needs the category for new children', async () => {
    const res = await as(cloud, WHO.countyA).ok('child', 'importSheet', { fileID: upload(await buildSheet('xm-2', [good(8)])), orgCode: ORGS.communityA1 });
    expect(res.rejected[0].reason).toContain('请在导入时选择儿童类别');
  });
});

describe('import 晋江 台账 and 龙岗 附件2', () => {
  const jj = (i: number, over: Record<string, string> = {}) => {
    const birth = `2017-03-0${i}`;
    return { '儿童基本信息/姓名': `台账儿童${i}`, 性别: '女', 出生年月: '2017年3月', 身份证号码: syntheticIdNumber(birth, 100 + i), 户籍类别: '农村户', 儿童类别: '农村留守儿童', 联系电话: testPhone(300 + i), 家庭监护情况: '低风险', 关爱服务需求: '学习辅导、心理沟通', ...over };
  };

  test('ID numbers match first; another county\'s child is refused without details; a risk change needs a reason', async () => {
    const res = await as(cloud, WHO.countyA).ok('child', 'importSheet', { fileID: upload(await buildSheet('jj-ledger', [jj(1), jj(2)])), orgCode: ORGS.communityA1 });
    expect(res).toMatchObject({ layout: 'jj-ledger', created: 2, rejectedTotal: 0 });
    const one = childrenNamed('台账儿童1')[0];
    expect(one).toMatchObject({ birthDate: '2017-03-01', riskLevel: 'low', needs: ['study', 'psychological'] });
    // county B has the same ID number under another name: refused, and nothing about the record is said
    const fromB = await as(cloud, WHO.countyB).ok('child', 'importSheet', { fileID: upload(await buildSheet('jj-ledger', [jj(1, { '儿童基本信息/姓名': '改名儿童' })]), WHO.countyB), orgCode: ORGS.communityB1 });
    expect(fromB.rejected).toEqual([{ row: 4, name: '改名儿童', reason: '该儿童已在其他地区建档，请联系上级妇联核实' }]);
    const risky = await buildSheet('jj-ledger', [jj(1, { 家庭监护情况: '高风险' })]);
    const noReason = await as(cloud, WHO.countyA).ok('child', 'importSheet', { fileID: upload(risky), orgCode: ORGS.communityA1 });
    expect(noReason.rejected[0].reason).toBe('修改家庭监护风险等级时，请填写修改原因');
    const withReason = await as(cloud, WHO.countyA).ok('child', 'importSheet', { fileID: upload(risky), orgCode: ORGS.communityA1, reason: '季度走访评估' });
    expect(withReason.updated).toBe(1);
    const h = await as(cloud, WHO.countyA).ok('child', 'history', { id: String(one._id) });
    expect(h.items[0]).toMatchObject({ reason: '季度走访评估', changes: [{ field: 'riskLevel', from: '低风险', to: '高风险' }] });
  });

  test('龙岗 rows are filed at the community they name, inside the caller\'s subtree', async () => {
    const row = (i: number, community: string) => ({ 序号: i, 姓名: `报送儿童${i}`, '年龄（出生年月）': `7（2017-0${i}-05）`, 所在社区: community, 监护人及联系方式: `测试监护人 ${testPhone(400 + i)}`, 家庭住址: '测试路1号', 贫困原因: '低保家庭' });
    const res = await as(cloud, WHO.countyA).ok('child', 'importSheet', {
      fileID: upload(await buildSheet('lg-2', [row(1, '测试社区甲二'), row(2, '测试社区乙一'), row(3, '测试社区甲一')])),
      orgCode: ORGS.communityA1,
    });
    expect(res).toMatchObject({ created: 2, rejected: [{ row: 5, reason: '所在社区「测试社区乙一」不在您的管辖范围内或不存在' }] });
    expect(childrenNamed('报送儿童1')[0]).toMatchObject({ orgCode: ORGS.communityA2, category: 'poor', poorReasons: ['subsistence_allowance'], guardian: { name: '测试监护人' } });
  });
});

describe('bad files change nothing', () => {
  test.each([
    ['a path outside child-imports', async () => 'cloud://local.local-bucket/other/x.xlsx', 'INVALID_INPUT', '表格文件'],
    ['a missing file', async () => `cloud://local.local-bucket/child-imports/${userIdFor(WHO.countyA)}/none.xlsx`, 'NOT_FOUND', '重新上传'],
    ['someone else\'s upload', async () => upload(await buildSheet('xm-2', [{ 姓名: '他人上传', 性别: '女', 出生年月: '2017-01-01' }]), WHO.countyB), 'FORBIDDEN', '本人上传'],
    ['not a spreadsheet', async () => upload(Buffer.from('hello')), 'INVALID_INPUT', '无法读取'],
    ['unknown headers', async () => upload(await buildSheet('xm-2', [{ 姓名: '测试' }], { headers: ['姓名', '年龄', '爱好'] })), 'INVALID_INPUT', '无法识别表格格式'],
    ['a header missing', async () => upload(await buildSheet('xm-2', [], { headers: sheet.layoutOf('xm-2').headers.slice(0, 7) })), 'INVALID_INPUT', '家庭困难情况'],
  ])('%s', async (_label, file, code, message) => {
    const fileID = await file();
    const before = snapshot(cloud);
    const res = await as(cloud, WHO.countyA).raw('child', 'importSheet', { fileID, orgCode: ORGS.communityA1, category: 'left_behind' });
    expect(res).toMatchObject({ ok: false, error: { code, message: expect.stringContaining(message) } });
    expect(snapshot(cloud)).toBe(before);
  });

  test('an imported sheet is removed from storage; a checked one is kept for the import', async () => {
    const content = await buildSheet('xm-2', [{ 姓名: '删除测试儿童', 性别: '女', 出生年月: '2017-01-02' }]);
    const fileID = upload(content);
    const input = { fileID, orgCode: ORGS.communityA1, category: 'left_behind' as const };
    await as(cloud, WHO.countyA).ok('child', 'importSheet', { ...input, dryRun: true });
    expect((await as(cloud, WHO.countyA).ok('child', 'importSheet', input)).created).toBe(1);
    expect(await as(cloud, WHO.countyA).raw('child', 'importSheet', input)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  test('a dry run reports and writes nothing', async () => {
    const fileID = upload(await buildSheet('xm-2', [{ 姓名: '试运行儿童', 性别: '男', 出生年月: '2018-01-01' }]));
    const before = snapshot(cloud);
    const res = await as(cloud, WHO.countyA).ok('child', 'importSheet', { fileID, orgCode: ORGS.communityA1, category: 'difficult', dryRun: true });
    expect(res.created).toBe(1);
    expect(snapshot(cloud)).toBe(before);
  });
});

describe('export', () => {
  beforeAll(async () => {
    await as(cloud, WHO.countyA).ok('child', 'create', childInput(50, ORGS.communityA2));
    await as(cloud, WHO.countyB).ok('child', 'create', childInput(51, ORGS.communityB1));
  });

  test.each(sheet.LAYOUT_KEYS)('%s: the annex\'s exact title and headers, the caller\'s subtree only, audited', async (key) => {
    const res = await as(cloud, WHO.countyA).ok('child', 'exportSheet', { layout: key });
    const rows = await readXlsx(await download(res.url));
    const layout = sheet.layoutOf(key);
    expect(rows[0][0]).toBe(layout.annex.title);
    expect(rows[2]).toEqual(layout.headers);
    const inA = cloud.store.rawDocuments('children').filter((d) => (d.orgPath as string[]).includes(ORGS.countyA));
    expect(res.count).toBe(inA.length);
    const text = JSON.stringify(rows);
    expect(text).toContain(childInput(50, '').name);
    expect(text).not.toContain(childInput(51, '').name);
    expect(res.fileName).toMatch(new RegExp(`^${layout.annex.title}_船山区_\\d{8}\\.xlsx$`));
    const log = audits(cloud).filter((l) => l.action === 'exportSheet').pop()!;
    expect(log).toMatchObject({ ok: true, fields: layout.headers });
    expect(log.targetIds.sort()).toEqual(inA.map((d) => String(d._id)).sort());
  });

  test('numbers are in full only for staff who may reveal them', async () => {
    const c = childInput(50, '');
    const full = JSON.stringify(await readXlsx(await download((await as(cloud, WHO.countyA).ok('child', 'exportSheet', { layout: 'jj-ledger', orgCode: ORGS.communityA2 })).url)));
    expect(full).toContain(c.idNumber);
    const res = await as(cloud, 'exporter-no-reveal').ok('child', 'exportSheet', { layout: 'jj-ledger', orgCode: ORGS.communityA2 });
    expect(res.fullNumbers).toBe(false);
    const masked = JSON.stringify(await readXlsx(await download(res.url)));
    expect(masked).toContain(`${c.idNumber.slice(0, 4)}**********`);
    for (const v of [c.idNumber, c.guardian.phone, c.father.phone]) expect(masked).not.toContain(v);
  });

  test('an exported ledger imports back as unchanged, masked numbers and all', async () => {
    for (const who of [WHO.countyA, 'exporter-no-reveal']) {
      const { url, count } = await as(cloud, who).ok('child', 'exportSheet', { layout: 'jj-ledger' });
      const before = snapshot(cloud);
      const res = await as(cloud, WHO.countyA).ok('child', 'importSheet', { fileID: upload(await download(url)), orgCode: ORGS.communityA1 });
      expect(res).toMatchObject({ total: count, created: 0, updated: 0, unchanged: count, rejectedTotal: 0 });
      expect(snapshot(cloud)).toBe(before);
    }
  });
});
