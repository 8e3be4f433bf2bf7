import { startTestCloud, as, ADMIN, snapshot } from '../helpers/cloud';
import { ALL_PERMISSIONS, addOrg, makeStaff, setupProgramme } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { childInput, testPhone } from '../domain/child/fixtures';
import { forgetProgramme } from '../../src/server/programme';
import { getProgramme } from '../../src/programmes';
import { userIdFor } from '../../src/server/ids';
import { download, formValues, readBook, volunteerApp, volunteerPhone } from '../domain/report/annex-world';
import { checkForms, checkTable } from '../domain/report/annex-check';
import { db } from '../domain/report/annex-world';
import { seal } from '../../src/server/crypto';
import { startCountingProxy } from '../../localcloud/counting-proxy';

/** 厦门's six annexes through report.annexes and the actions it names; scope, masking, audit, refusals. */
const XM = getProgramme('xiamen-2017')!;
const annexOf = (key: string) => XM.annexTables.find((a) => a.key === key)!;
const err = (res: unknown) => (res as { error?: { code: string; message: string } }).error;
const HC = { code: 'xm-hc-c1', name: '测试社区海', path: ['xm', 'xm-haicang', 'xm-hc-st', 'xm-hc-c1'] };
const SM = { code: 'xm-sm-c1', name: '测试社区思', path: ['xm', 'xm-siming', 'xm-sm-st', 'xm-sm-c1'] };

let cloud: LocalCloud;
const kids: string[] = [];
let pairingId = '';
let richVolunteer = '';

beforeAll(async () => {
  forgetProgramme();
  cloud = await startTestCloud();
  await setupProgramme(cloud, 'xiamen-2017');
  await addOrg(cloud, 'xm-haicang', 'xm-hc-st', '测试街道海', 'street');
  await addOrg(cloud, 'xm-hc-st', HC.code, HC.name, 'community');
  await addOrg(cloud, 'xm-siming', 'xm-sm-st', '测试街道思', 'street');
  await addOrg(cloud, 'xm-sm-st', SM.code, SM.name, 'community');
  await makeStaff(cloud, 'xm-district', 'xm-haicang', ALL_PERMISSIONS);
  await makeStaff(cloud, 'xm-street', 'xm-hc-st', ['report.export', 'child.export', 'volunteer.read']);
  await makeStaff(cloud, 'xm-noexport', 'xm-haicang', ['child.export', 'child.read', 'volunteer.read']);
  await makeStaff(cloud, 'xm-nodata', 'xm-haicang', ['report.export']);
  for (const [i, org] of [[1, HC.code], [2, HC.code], [3, SM.code]] as const) {
    kids.push((await as(cloud, ADMIN).ok('child', 'create', childInput(i, org, { familySituation: '父母外出务工' }))).id);
  }
  richVolunteer = await volunteerApp(cloud, 'xm-mum-1', HC, 1);
  await volunteerApp(cloud, 'xm-mum-2', HC, 2);
  await volunteerApp(cloud, 'xm-mum-3', SM, 3);
  await volunteerApp(cloud, 'xm-mum-4', HC, 4, { status: 'pending' });
  const p = await as(cloud, 'xm-district').ok('pairing', 'propose', { childId: kids[0], volunteerId: richVolunteer });
  await as(cloud, 'xm-district').ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-01-05' });
  await as(cloud, 'xm-mum-1').ok('pairing', 'respond', { id: p.id, accept: true, message: '愿你快乐成长' });
  pairingId = p.id;
});
afterAll(() => cloud.close());

const audits = () => cloud.store.rawDocuments('audit_logs') as unknown as { fn: string; action: string; ok: boolean; actorId: string; targetIds: string[]; fields: string[] }[];

test('annexes lists all six with exact titles and the action that exports each', async () => {
  const res = await as(cloud, ADMIN).ok('report', 'annexes', {});
  expect(res.items.map((i) => [i.number, i.title])).toEqual(XM.annexTables.map((a) => [a.number, a.title]));
  const by = Object.fromEntries(res.items.map((i) => [i.key, i]));
  expect(by['xm-1'].export).toEqual({ fn: 'report', action: 'exportAnnex', input: { key: 'xm-1' } });
  expect(by['xm-2'].export).toEqual({ fn: 'child', action: 'exportSheet', input: { layout: 'xm-2' } });
  expect(by['xm-5']).toMatchObject({ export: { fn: 'pairing', action: 'exportCard', input: { layout: 'xm-5' } }, record: 'pairing', recordRequired: true });
  expect(by['xm-6'].export).toEqual({ fn: 'pairing', action: 'exportSheet', input: { layout: 'xm-6' } });
  expect(by['xm-3']).toMatchObject({ record: 'volunteer', recordRequired: false });
  expect(res.items.every((i) => i.allowed)).toBe(true);
  const street = Object.fromEntries((await as(cloud, 'xm-street').ok('report', 'annexes', {})).items.map((i) => [i.key, i]));
  expect(street['xm-1'].allowed).toBe(true);
  expect(street['xm-6']).toMatchObject({ allowed: false, reason: '需要“管理结对”权限，请联系管理员开通' });
});

test('every annex, through the action the list names: exact title and headers, one row or sheet per record', async () => {
  const res = await as(cloud, ADMIN).ok('report', 'annexes', {});
  const expected: Record<string, number> = { 'xm-1': 3, 'xm-2': 3, 'xm-3': 3, 'xm-4': 3, 'xm-5': 1, 'xm-6': 1 };
  for (const item of res.items) {
    const annex = annexOf(item.key);
    const input = { ...item.export!.input, ...(item.record === 'pairing' ? { id: pairingId } : {}) };
    const out = (await as(cloud, ADMIN).ok(item.export!.fn as 'report', item.export!.action as 'exportAnnex', input as never)) as { url: string; count: number; fileName: string };
    const book = await readBook(await download(out.url));
    expect([item.key, out.count]).toEqual([item.key, expected[item.key]]);
    expect(out.fileName.startsWith(`${annex.title}_`)).toBe(true);
    if (annex.kind === 'table') expect(checkTable(annex, book)).toHaveLength(out.count);
    else checkForms(annex, book, out.count);
  }
});

test('附件1 for one child: the record\'s fields in the annex\'s order, guardian in the family rows; full numbers with reveal', async () => {
  const out = await as(cloud, 'xm-district').ok('report', 'exportAnnex', { key: 'xm-1', childId: kids[0] });
  expect(out).toMatchObject({ count: 1, fullNumbers: true });
  const [sheet] = await readBook(await download(out.url));
  expect(sheet.name).toBe(`1-${childInput(1, '').name}`);
  expect(formValues(sheet.rows)).toMatchObject({ 家庭住址: '测试村1组', 所在学校: '测试实验小学', 班级: '三年级2班', 班主任: '测试老师', 联系方式: testPhone(5001) });
  expect(formValues(sheet.rows).儿童及家庭主要情况).toContain('父母外出务工');
  const at = sheet.rows.findIndex((r) => r[0] === '称呼');
  expect(sheet.rows[at + 1].slice(0, 6)).toEqual(['祖母', '测试祖母', '', '测试村1组', '', testPhone(1)]);
});

test('a street sees its own children and volunteers only, numbers masked without child.reveal', async () => {
  const forms = await as(cloud, 'xm-street').ok('report', 'exportAnnex', { key: 'xm-1' });
  expect(forms).toMatchObject({ count: 2, fullNumbers: false });
  const book = await readBook(await download(forms.url));
  expect(book.map((s) => s.name)).toEqual(expect.arrayContaining([`1-${childInput(1, '').name}`.slice(0, 31)]));
  const text = JSON.stringify(book);
  expect(text).not.toContain(testPhone(1));
  expect(text).toContain(`${testPhone(1).slice(0, 3)}****${testPhone(1).slice(-4)}`);
  const table = await as(cloud, 'xm-street').ok('report', 'exportAnnex', { key: 'xm-4' });
  const rows = checkTable(annexOf('xm-4'), await readBook(await download(table.url)));
  expect(rows.map((r) => r[1]).sort()).toEqual(['测试妈妈乙', '测试妈妈丙'].sort());
  expect(JSON.stringify(rows)).not.toContain(volunteerPhone(1));
  expect(rows.find((r) => r[1] === '测试妈妈乙')!.slice(2, 6)).toEqual([expect.stringMatching(/^\d+$/), '测试单位1 会计', '测试路1号', '138****7001']);
  expect(err(await as(cloud, 'xm-street').raw('report', 'exportAnnex', { key: 'xm-1', childId: kids[2] }))?.code).toBe('FORBIDDEN');
});

test('附件3 for one volunteer (by application or user id): the form\'s fields, in full for reveal holders', async () => {
  const out = await as(cloud, ADMIN).ok('report', 'exportAnnex', { key: 'xm-3', volunteerId: richVolunteer });
  expect(out.count).toBe(1);
  const [sheet] = await readBook(await download(out.url));
  expect(sheet.rows[1][0]).toBe('填表时间：2026年1月10日');
  expect(formValues(sheet.rows)).toMatchObject({
    姓名: '测试妈妈乙', 单位职务: '测试单位1 会计', 家庭住址: '测试路1号', 联系电话: volunteerPhone(1), QQ或微信号码: 'wx_test1',
    邮箱: 't1@example.com', 结对形式: '一对一、参加集中活动', 服务方式: '电话联系', 服务时间: '双休日', 个人特长: '讲故事', 有何建议: '多组织活动',
  });
});

test('an empty subtree gives the annex with headers only and says 0', async () => {
  const table = await as(cloud, ADMIN).ok('report', 'exportAnnex', { key: 'xm-4', orgCode: 'xm-jimei' });
  expect(table.count).toBe(0);
  expect(checkTable(annexOf('xm-4'), await readBook(await download(table.url)))).toEqual([]);
  const forms = await as(cloud, ADMIN).ok('report', 'exportAnnex', { key: 'xm-1', orgCode: 'xm-jimei' });
  expect(forms.count).toBe(0);
  checkForms(annexOf('xm-1'), await readBook(await download(forms.url)), 0);
});

test('each export is audited with the caller, the annex, the records and the columns', async () => {
  const before = audits().length;
  await as(cloud, 'xm-street').ok('report', 'exportAnnex', { key: 'xm-4' });
  const log = audits().slice(before);
  expect(log).toHaveLength(1);
  expect(log[0]).toMatchObject({ fn: 'report', action: 'exportAnnex', ok: true, actorId: userIdFor('xm-street'), fields: ['序号', '姓名', '年龄', '单位及职务', '家庭住址', '联系电话', '备注'] });
  expect(log[0].targetIds[0]).toBe('annex:xm-4');
  expect(log[0].targetIds).toHaveLength(3);
});

test('refusals: no report.export, no data permission, annexes exported elsewhere or of another programme, bad input', async () => {
  expect(err(await as(cloud, 'xm-noexport').raw('report', 'exportAnnex', { key: 'xm-4' }))?.code).toBe('FORBIDDEN');
  expect(err(await as(cloud, 'xm-nodata').raw('report', 'exportAnnex', { key: 'xm-1' }))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('导出儿童台账') });
  expect(err(await as(cloud, 'xm-mum-1').raw('report', 'exportAnnex', { key: 'xm-4' }))?.code).toBe('FORBIDDEN');
  const refused = audits().filter((l) => l.fn === 'report' && !l.ok);
  expect(refused.length).toBeGreaterThanOrEqual(2);
  const mid = snapshot(cloud);
  const invalid: [unknown, RegExp][] = [
    [{ key: 'xm-2' }, /儿童台账/],
    [{ key: 'xm-5' }, /结对详情/],
    [{ key: 'xm-6' }, /结对管理/],
    [{ key: 'sn-1' }, /没有该附件/],
    [{ key: 'XM 1' }, /附件/],
    [{ key: 'xm-4', childId: kids[0] }, /不按儿童导出/],
    [{ key: 'xm-1', volunteerId: richVolunteer }, /不按爱心妈妈导出/],
    [{ key: 'xm-4', extra: 1 }, /./],
    [{}, /附件/],
  ];
  for (const [input, message] of invalid) {
    const e = err(await as(cloud, ADMIN).raw('report', 'exportAnnex', input));
    expect([input, e?.code]).toEqual([input, 'INVALID_INPUT']);
    expect(e?.message).toMatch(message);
  }
  expect(err(await as(cloud, ADMIN).raw('report', 'exportAnnex', { key: 'xm-1', childId: 'nope' }))?.code).toBe('NOT_FOUND');
  expect(snapshot(cloud)).toBe(mid);
});

test('a large subtree streams in pages of 1,000: every volunteer is a row, round trips stay a handful', async () => {
  const docs = Array.from({ length: 2500 }, (_v, i) => ({
    _id: `va-bulk-${String(i).padStart(5, '0')}`, userId: `u-bulk-${i}`, status: 'approved', name: `测试批量${i}`, birthDate: '1985-05-05',
    form: { employerAndPost: '测试单位' }, phone: seal(`137${String(i).padStart(8, '0')}`), orgCode: SM.code, orgName: SM.name, orgPath: SM.path,
  }));
  for (let i = 0; i < docs.length; i += 500) await db().collection('volunteer_applications').add(docs.slice(i, i + 500));
  const proxy = await startCountingProxy(cloud);
  try {
    const out = await as(cloud, ADMIN).ok('report', 'exportAnnex', { key: 'xm-4', orgCode: 'xm-siming' });
    expect(out.count).toBe(2501);
    expect(proxy.count()).toBeLessThan(20);
    const rows = checkTable(annexOf('xm-4'), await readBook(await download(out.url)));
    expect(rows).toHaveLength(2501);
    expect(rows[2500][0]).toBe('2501');
    const log = audits().pop()!;
    expect(log.targetIds).toEqual(['annex:xm-4', expect.stringMatching(/^query:/)]);
  } finally {
    await proxy.close();
    // the other tests export the small world (at most 1,000 sign-ups at once): the bulk goes again
    cloud.store.commit(docs.map((d) => ({ coll: 'volunteer_applications', key: d._id, doc: null })));
  }
});
