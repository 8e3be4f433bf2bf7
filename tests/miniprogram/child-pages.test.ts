/**
 * @jest-environment jsdom
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { installWx, loadPage, waitFor, renderAs, textOf, connect, typeInto, tapValue, pick, network } from '../helpers/page';
import { startTestCloud, as } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { buildSheet, childInput } from '../domain/child/fixtures';
import { ORGS, setupWorld, WHO } from '../domain/child/world';

/** The file page (reveal, history), the edit form (changes only, the risk reason), the import page (row report). */
const wx = installWx() as Record<string, any>;
let cloud: LocalCloud;
let pages: Record<string, string>;
let id: string;
const input = childInput(1, ORGS.communityA1);
const text = textOf;

beforeAll(() => {
  pages = {
    detail: loadPage('packages/staff/pages/child-detail/index'),
    edit: loadPage('packages/staff/pages/child-edit/index'),
    import: loadPage('packages/staff/pages/child-import/index'),
  };
});
// each test has its own cloud with the same starting records, so none depends on what another did
beforeEach(async () => {
  cloud = await startTestCloud();
  connect(cloud);
  await setupWorld(cloud);
  id = (await as(cloud, WHO.countyA).ok('child', 'create', input)).id;
});
afterEach(async () => {
  network.gateway = cloud.url;
  jest.clearAllMocks();
  await cloud.close();
});

function render(name: string, openid: string) {
  const page = renderAs(pages[name], openid);
  return page;
}

describe('the file page', () => {
  test('numbers masked until a permitted staff member taps 显示完整号码', async () => {
    const page = render('detail', WHO.countyA);
    page.instance.onLoad({ id });
    await waitFor(() => page.data.loading === false);
    expect(text(page, '#name')).toBe(input.name);
    expect(text(page, '#eligibility')).toContain('符合本项目关爱对象条件');
    expect(JSON.stringify(page.data)).not.toContain(input.idNumber);
    page.querySelector('#reveal-idNumber').dispatchEvent('tap');
    await waitFor(() => page.data.lines.find((l: { key: string }) => l.key === 'idNumber').value === input.idNumber);
    expect(page.querySelector('#reveal-idNumber')).toBeUndefined();
    expect(text(page, '#history-0')).toContain('建档');
  });

  test('a reader has no reveal button and no edit button', async () => {
    const page = render('detail', WHO.reader);
    page.instance.onLoad({ id });
    await waitFor(() => page.data.loading === false);
    expect(page.querySelector('#reveal-idNumber')).toBeUndefined();
    expect(page.querySelector('#edit')).toBeUndefined();
  });
});

describe('the edit form', () => {
  test('sends only what changed; a risk change without a reason is explained', async () => {
    wx.navigateBack = jest.fn();
    const page = render('edit', WHO.countyA);
    page.instance.onLoad({ id });
    await waitFor(() => page.data.loading === false);
    expect(page.data.values.name).toBe(input.name);
    expect(page.data.values.idNumber).toBe(''); // numbers are re-entered, never shown
    expect(page.data.hints.idNumber).toContain('**********');
    typeInto(page, '#field-interests', '跳舞');
    tapValue(page, '#field-riskLevel .chip', 'high');
    page.querySelector('#save').dispatchEvent('tap');
    await waitFor(() => page.data.error !== '');
    expect(page.data.error).toBe('修改家庭监护风险等级时，请填写修改原因');
    typeInto(page, '#reason', '监护人外出');
    page.querySelector('#save').dispatchEvent('tap');
    await waitFor(() => (wx.navigateBack as jest.Mock).mock.calls.length === 1);
    const h = await as(cloud, WHO.countyA).ok('child', 'history', { id });
    expect(h.items[0]).toMatchObject({ reason: '监护人外出' });
    expect(h.items[0].changes.map((c) => c.field)).toEqual(['riskLevel', 'interests']);
  });

  test('a new file: name, birth date, category and the community', async () => {
    wx.redirectTo = jest.fn();
    const page = render('edit', WHO.writer);
    page.instance.onLoad({});
    await waitFor(() => page.data.loading === false);
    expect(page.data.orgNames).toEqual(['测试社区甲一', '测试社区甲二']);
    page.querySelector('#save').dispatchEvent('tap');
    await waitFor(() => page.data.error !== '');
    expect(page.data.error).toBe('请选择所属村（社区）');
    pick(page, '#org', 1);
    typeInto(page, '#field-name', '测试新儿童');
    pick(page, '#field-birthDate', '2018-06-01');
    tapValue(page, '#field-category .chip', 'difficult');
    tapValue(page, '#field-needs .chip', 'study');
    page.querySelector('#save').dispatchEvent('tap');
    await waitFor(() => (wx.redirectTo as jest.Mock).mock.calls.length === 1);
    const row = (await as(cloud, WHO.writer).ok('child', 'list', { name: '测试新儿童' })).items[0];
    expect(row).toMatchObject({ orgCode: ORGS.communityA2, category: 'difficult', needsLabel: '学习辅导' });
  });
});

test('the import page: choose a file, check it, import it, read the row report', async () => {
  const file = path.join(os.tmpdir(), `child-import-${process.pid}.xlsx`);
  fs.writeFileSync(file, await buildSheet('xm-2', [
    { 序号: 1, 姓名: '页面导入甲', 性别: '女', 出生年月: '2017-02-03' },
    { 序号: 2, 姓名: '页面导入乙', 性别: '女', 出生年月: '不详' },
  ]));
  wx.chooseMessageFile = (o: { success: (r: unknown) => void }) => o.success({ tempFiles: [{ path: file, name: '台账.xlsx' }] });
  wx.getFileSystemManager = () => ({ readFileSync: (p: string, enc: BufferEncoding) => fs.readFileSync(p, enc) });
  const page = render('import', WHO.countyA);
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false);
  page.querySelector('#choose').dispatchEvent('tap');
  await waitFor(() => page.data.fileID !== '');
  expect(page.data.fileID).toMatch(/^cloud:\/\/.+\/child-imports\/.+\.xlsx$/);
  pick(page, '#org', 0);
  page.querySelector('#category-left_behind').dispatchEvent('tap');
  page.querySelector('#check').dispatchEvent('tap');
  // the first check loads the spreadsheet library (exceljs.js, 1.1 MB) into the function: slow on a busy machine
  await waitFor(() => page.data.report !== null, 30_000);
  expect(text(page, '#summary')).toBe('共2行：新增1名，更新0名，未变0名，未通过1行');
  expect(text(page, '#rejected-5')).toContain('第5行 页面导入乙');
  expect((await as(cloud, WHO.countyA).ok('child', 'list', { name: '页面导入' })).total).toBe(0); // only checked
  page.querySelector('#run').dispatchEvent('tap');
  await waitFor(() => page.data.report !== null && page.data.checked === false, 30_000);
  expect((await as(cloud, WHO.countyA).ok('child', 'list', { name: '页面导入' })).total).toBe(1);
  fs.rmSync(file, { force: true });
}, 90_000);
