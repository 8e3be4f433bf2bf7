import { startTestCloud, as, ADMIN } from '../helpers/cloud';
import { ALL_PERMISSIONS, addOrg, makeStaff, setupProgramme } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { childInput, testPhone } from '../domain/child/fixtures';
import { forgetProgramme } from '../../src/server/programme';
import { getProgramme } from '../../src/programmes';
import { download, formValues, readBook, volunteerApp, volunteerPhone } from '../domain/report/annex-world';
import { checkForms, checkTable } from '../domain/report/annex-check';

/** 遂宁, 晋江, 龙岗 and 岳阳: every annex through report.annexes and the action it names. */
const err = (res: unknown) => (res as { error?: { code: string; message: string } }).error;

/** Exports every annex the list names as `openid` and checks title and headers; answers the counts. */
async function exportEvery(cloud: LocalCloud, openid: string, presetId: string, ids: { pairing?: string } = {}): Promise<Record<string, number>> {
  const programme = getProgramme(presetId)!;
  const res = await as(cloud, openid).ok('report', 'annexes', {});
  expect(res.items.map((i) => [i.number, i.title, i.kind])).toEqual(programme.annexTables.map((a) => [a.number, a.title, a.kind]));
  const counts: Record<string, number> = {};
  for (const item of res.items) {
    const annex = programme.annexTables.find((a) => a.key === item.key)!;
    expect(item.export).not.toBeNull();
    const input = { ...item.export!.input, ...(item.record === 'pairing' ? { id: ids.pairing } : {}) };
    const out = (await as(cloud, openid).ok(item.export!.fn as 'report', item.export!.action as 'exportAnnex', input as never)) as { url: string; count: number };
    const book = await readBook(await download(out.url));
    if (annex.kind === 'table' || item.export!.fn === 'child') expect(checkTable(annex, book, true)).toHaveLength(out.count);
    else checkForms(annex, book, out.count);
    counts[item.key] = out.count;
  }
  return counts;
}

describe('遂宁', () => {
  let cloud: LocalCloud;
  let pairing = '';
  let mum = '';
  const A = { code: 'sn-cs-c1', name: '测试社区甲', path: ['sn', 'sn-chuanshan', 'sn-cs-st', 'sn-cs-c1'] };
  beforeAll(async () => {
    forgetProgramme();
    cloud = await startTestCloud();
    await setupProgramme(cloud, 'suining-2019');
    await addOrg(cloud, 'sn-chuanshan', 'sn-cs-st', '测试镇甲', 'street');
    await addOrg(cloud, 'sn-cs-st', A.code, A.name, 'community');
    await makeStaff(cloud, 'sn-county', 'sn-chuanshan', ALL_PERMISSIONS);
    const kid = (await as(cloud, ADMIN).ok('child', 'create', childInput(11, A.code, { poorHousehold: true, returnFrequency: 'yearly', father: { name: '测试父亲', phone: testPhone(2011), workPlace: '广东', job: '建筑' } }))).id;
    await as(cloud, ADMIN).ok('child', 'create', childInput(12, A.code));
    const decisions = [
      { round: 1, stepKey: 'county', decision: 'approve', opinion: '同意推荐', at: '2026-01-11T02:00:00.000Z', reviewerId: 'x', reviewerName: null },
      { round: 1, stepKey: 'city', decision: 'approve', opinion: null, at: '2026-01-12T02:00:00.000Z', reviewerId: 'y', reviewerName: null },
    ];
    mum = await volunteerApp(cloud, 'sn-mum-1', A, 1, { decisions });
    const p = await as(cloud, 'sn-county').ok('pairing', 'propose', { childId: kid, volunteerId: mum });
    await as(cloud, 'sn-county').ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-01-05' });
    await as(cloud, 'sn-mum-1').ok('pairing', 'respond', { id: p.id, accept: true, message: '愿你快乐成长' });
    pairing = p.id;
  });
  afterAll(() => cloud.close());

  test('附件1–3 with exact titles and fields', async () => {
    expect(await exportEvery(cloud, 'sn-county', 'suining-2019', { pairing })).toEqual({ 'sn-1': 2, 'sn-2': 1, 'sn-3': 1 });
  });

  test('附件1 留守女童基本信息采集表: the girl\'s record by the form\'s labels, each parent\'s phone in its own row', async () => {
    const out = await as(cloud, 'sn-county').ok('report', 'exportAnnex', { key: 'sn-1' });
    const sheet = (await readBook(await download(out.url))).find((s) => s.name.endsWith(childInput(11, '').name))!;
    expect(sheet.rows[1][0]).toBe('乡镇（街道）村（社区）：测试镇甲 测试社区甲');
    expect(formValues(sheet.rows)).toMatchObject({
      女童姓名: childInput(11, '').name, 是否建档立卡贫困户: '是', 照片: '', 父亲姓名: '测试父亲', 联系电话: testPhone(2011),
      临时监护人姓名: '测试祖母', 与临时监护人的关系: '祖母', 就读学校及班级: '测试实验小学三年级2班', 父母外出情况: '父母均外出',
      父母外出地点: '父亲：广东', 父母外出从事何种工作: '父亲：建筑', 父母一般多久回家一次: '每年', 兴趣爱好: '画画', 目前需求: '学习辅导、精神关爱',
    });
    const phones = sheet.rows.filter((r) => r[0] === '联系电话').map((r) => r[1] ?? '');
    expect(phones).toEqual([testPhone(2011), '', testPhone(11)]);
  });

  test('附件2 志愿申报表: the opinions are the approval steps\' decisions; ID number masked without reveal', async () => {
    await makeStaff(cloud, 'sn-noreveal', 'sn-chuanshan', ['report.export', 'volunteer.read']);
    const out = await as(cloud, 'sn-noreveal').ok('report', 'exportAnnex', { key: 'sn-2', volunteerId: mum });
    expect(out).toMatchObject({ count: 1, fullNumbers: false });
    const [sheet] = await readBook(await download(out.url));
    const v = formValues(sheet.rows);
    expect(v).toMatchObject({ 姓名: '测试妈妈乙', 学历: '本科', 政治面貌: '群众', '家庭住址（常住地）': '测试路1号', 联系电话: '138****7001' });
    expect(v.身份证号码).toMatch(/^\d{4}\*{10}[\dX]{4}$/);
    expect(v.帮扶意愿).toBe('帮扶地域：测试社区甲；对帮扶女童的要求：小学年龄');
    expect(v['县区（园区）妇联意见']).toBe('同意：同意推荐（2026年1月11日）');
    expect(v.市妇联意见).toBe('同意（2026年1月12日）');
    expect(JSON.stringify(sheet.rows)).not.toContain(volunteerPhone(1));
  });
});

describe('晋江', () => {
  let cloud: LocalCloud;
  beforeAll(async () => {
    forgetProgramme();
    cloud = await startTestCloud();
    await setupProgramme(cloud, 'jinjiang-2024');
    await addOrg(cloud, 'jj-anhai', 'jj-ah-c1', '测试村晋', 'community');
    await as(cloud, ADMIN).ok('child', 'create', childInput(21, 'jj-ah-c1'));
  });
  afterAll(() => cloud.close());

  test('the 台账 through child.exportSheet; nothing else to export here', async () => {
    expect(await exportEvery(cloud, ADMIN, 'jinjiang-2024')).toEqual({ 'jj-ledger': 1 });
    expect(err(await as(cloud, ADMIN).raw('report', 'exportAnnex', { key: 'jj-ledger' }))).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('儿童台账') });
  });
});

describe('龙岗', () => {
  let cloud: LocalCloud;
  beforeAll(async () => {
    forgetProgramme();
    cloud = await startTestCloud();
    await setupProgramme(cloud, 'longgang-2019');
    await addOrg(cloud, 'lg-bantian', 'lg-bt-1', '测试社区一', 'community');
    await addOrg(cloud, 'lg-buji', 'lg-bj-1', '测试社区三', 'community');
    await makeStaff(cloud, 'lg-street', 'lg-bantian', ['report.export']);
    const poor = { category: 'poor' as const, poorReasons: ['subsistence_allowance' as const] };
    const kids = [];
    for (const [n, org] of [[31, 'lg-bt-1'], [32, 'lg-bt-1'], [33, 'lg-bj-1']] as const) kids.push((await as(cloud, ADMIN).ok('child', 'create', childInput(n, org, poor))).id);
    const mum = await volunteerApp(cloud, 'lg-mum', { code: 'lg-bantian', name: '坂田街道', path: ['lg', 'lg-bantian'] }, 2);
    const p = await as(cloud, ADMIN).ok('pairing', 'propose', { childId: kids[0], volunteerId: mum });
    await as(cloud, ADMIN).ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-01-05' });
    await as(cloud, 'lg-mum').ok('pairing', 'respond', { id: p.id, accept: true, message: '加油' });
  });
  afterAll(() => cloud.close());

  test('附件1–3 with exact titles and headers', async () => {
    expect(await exportEvery(cloud, ADMIN, 'longgang-2019')).toEqual({ 'lg-1': 11, 'lg-2': 3, 'lg-3': 1 });
  });

  test('附件1 名额分配表: the allocation per street with what is registered and paired; a street sees its own row', async () => {
    const annex = getProgramme('longgang-2019')!.annexTables.find((a) => a.key === 'lg-1')!;
    const all = checkTable(annex, await readBook(await download((await as(cloud, ADMIN).ok('report', 'exportAnnex', { key: 'lg-1' })).url)));
    expect(all.map((r) => r[0])).toEqual(['坂田', '吉华', '布吉', '平湖', '南湾', '横岗', '园山', '宝龙', '龙城', '龙岗', '坪地']);
    expect(all[0]).toEqual(['坂田', '15', '每个社区各 1 个名额，加每个街道范围内 3 个名额。；已登记2名，已结对1名']);
    expect(all[2]).toEqual(['布吉', '20', '已登记1名，已结对0名']);
    const mine = await as(cloud, 'lg-street').ok('report', 'exportAnnex', { key: 'lg-1' });
    expect(mine.count).toBe(1);
    expect(checkTable(annex, await readBook(await download(mine.url))).map((r) => r[0])).toEqual(['坂田']);
    expect(err(await as(cloud, 'lg-street').raw('report', 'exportAnnex', { key: 'lg-1', orgCode: 'lg-buji' }))?.code).toBe('FORBIDDEN');
    const logs = cloud.store.rawDocuments('audit_logs') as unknown as { action: string; targetIds: string[] }[];
    expect(logs.filter((l) => l.action === 'exportAnnex').map((l) => l.targetIds)).toContainEqual(['annex:lg-1', 'lg-bantian']);
  });
});

describe('岳阳', () => {
  let cloud: LocalCloud;
  beforeAll(async () => {
    forgetProgramme();
    cloud = await startTestCloud();
    await setupProgramme(cloud, 'yueyang-2024');
  });
  afterAll(() => cloud.close());

  test('no annexes: an empty list, and any key is refused', async () => {
    expect((await as(cloud, ADMIN).ok('report', 'annexes', {})).items).toEqual([]);
    expect(err(await as(cloud, ADMIN).raw('report', 'exportAnnex', { key: 'xm-1' }))?.code).toBe('INVALID_INPUT');
  });
});
