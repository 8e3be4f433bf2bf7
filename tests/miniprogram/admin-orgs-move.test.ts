/**
 * @jest-environment jsdom
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import ExcelJS from 'exceljs';
import { installWx, loadPage, waitFor, textOf, connect, renderAs, tap, pick } from '../helpers/page';
import { startTestCloud, as, ADMIN } from '../helpers/cloud';
import { addOrg, makeStaff } from '../helpers/fixtures';
import { childInput } from '../domain/child/fixtures';
import { db } from '../domain/pairing/world';
import type { LocalCloud } from '../../localcloud/server';
import { ORG_IMPORT_DIR } from '../../src/contract/account';
import { orgImportPrefix } from '../../miniprogram/packages/admin/pages/orgs/move';

/**
 * 组织架构 from the phone, issue 17 part 3: an admin moves a street to the other county (picked
 * from a list, confirmed in a dialog) and its community's child follows; closing a community
 * that still holds a child is refused with what is there, an empty one closes after the confirm
 * and shows 已撤销, then reopens; a move left half done shows 调整中 and is finished with one tap;
 * a sheet chosen from a chat is checked (every problem by row) and imported.
 */
const wx = installWx() as Record<string, jest.Mock | unknown>;
let cloud: LocalCloud;
let pageId: string;

type Org = { _id: string; name: string; level: string; parentCode: string; path: string[]; closed?: boolean; moving?: unknown };
const orgs = () => cloud.store.rawDocuments('orgs') as Org[];
const org = (code: string) => orgs().find((o) => o._id === code)!;

beforeEach(async () => {
  cloud = await startTestCloud();
  connect(cloud);
  await as(cloud, ADMIN).ok('account', 'login', {});
  await as(cloud, ADMIN).ok('account', 'setupProgramme', { presetId: 'suining-2019' });
  await addOrg(cloud, 'sn-chuanshan', 'st-page', '页面测试街道', 'street');
  await addOrg(cloud, 'st-page', 'cm-page', '页面测试社区', 'community');
  pageId ??= loadPage('packages/admin/pages/orgs/index');
  (wx.showModal as jest.Mock).mockReset();
});
afterEach(() => cloud.close());

/** The confirm dialog answered: `confirm` taps 撤销 / 调整, else 取消. */
function answerModal(confirm: boolean) {
  (wx.showModal as jest.Mock).mockImplementationOnce((o: { success?: (r: { confirm: boolean; cancel: boolean }) => void }) => o.success?.({ confirm, cancel: !confirm }));
}

async function open(openid = ADMIN) {
  const page = renderAs(pageId, openid);
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false);
  return page;
}

async function select(page: any, code: string) {
  tap(page, `#org-${code}`);
  await waitFor(() => page.data.selected === code);
}

test('the upload folder is the server\'s', () => {
  expect(orgImportPrefix('u1')).toBe(`${ORG_IMPORT_DIR}/u1/`);
});

test('an admin moves a street to the other county: picked from the list, confirmed, and its child follows', async () => {
  const child = (await as(cloud, ADMIN).ok('child', 'create', childInput(1, 'cm-page', { name: '页面调整儿童' }))).id;
  const page = await open();
  await select(page, 'st-page');
  // a street may go under any other county, not under its own, a street or a community
  const labels = page.data.moveNames as string[];
  expect(labels).toContain('遂宁市 / 安居区');
  expect(labels).not.toContain('遂宁市 / 船山区');
  expect(labels.every((l) => l.split(' / ').length === 2)).toBe(true);
  expect(textOf(page, '#move-choice')).toBe('选择新的上级组织 ▾');

  // nothing picked: said, nothing sent
  tap(page, '#move');
  await waitFor(() => page.data.error !== '');
  expect(textOf(page, '#error')).toBe('请先选择新的上级组织');

  pick(page, '#move-to', labels.indexOf('遂宁市 / 安居区'));
  await waitFor(() => page.data.moveIndex >= 0);
  expect(textOf(page, '#move-choice')).toBe('遂宁市 / 安居区 ▾');
  // 取消 in the dialog changes nothing
  answerModal(false);
  tap(page, '#move');
  await waitFor(() => (wx.showModal as jest.Mock).mock.calls.length === 1);
  expect((wx.showModal as jest.Mock).mock.calls[0][0]).toMatchObject({ title: '调整上级组织', confirmText: '调整' });
  expect(org('st-page').parentCode).toBe('sn-chuanshan');

  answerModal(true);
  tap(page, '#move');
  await waitFor(() => page.data.message !== '' || (page.data.error !== '' && page.data.error !== '请先选择新的上级组织'));
  expect(textOf(page, '#message')).toBe('已将「页面测试街道」调整到「遂宁市 / 安居区」下');
  expect(org('st-page')).toMatchObject({ parentCode: 'sn-anju', path: ['sn', 'sn-anju', 'st-page'] });
  expect(org('cm-page').path).toEqual(['sn', 'sn-anju', 'st-page', 'cm-page']);
  const stored = (cloud.store.rawDocuments('children') as { _id: string; orgPath: string[] }[]).find((c) => c._id === child)!;
  expect(stored.orgPath).toEqual(['sn', 'sn-anju', 'st-page', 'cm-page']);
  // the tree is drawn again: the street now sits under 安居区, and its panel offers 船山区 back
  const codes = (page.data.rows as { code: string }[]).map((r) => r.code);
  expect(codes.indexOf('st-page')).toBeGreaterThan(codes.indexOf('sn-anju'));
  expect(page.data.moveNames).toContain('遂宁市 / 船山区');
  expect(page.data.moveNames).not.toContain('遂宁市 / 安居区');
});

test('closing: refused while a child is filed there, then an empty community closes after the confirm, shows 已撤销 and reopens', async () => {
  await as(cloud, ADMIN).ok('child', 'create', childInput(2, 'cm-page', { name: '页面撤销儿童' }));
  await addOrg(cloud, 'st-page', 'cm-empty', '页面空社区', 'community');
  const page = await open();
  await select(page, 'cm-page');
  answerModal(true);
  tap(page, '#close');
  await waitFor(() => page.data.error !== '');
  expect(textOf(page, '#error')).toBe('「页面测试社区」下还有1名儿童档案，请先将它们调整到其他组织（或停用、撤销）后再撤销');
  expect(org('cm-page').closed).toBeUndefined();

  await select(page, 'cm-empty');
  answerModal(true);
  tap(page, '#close');
  await waitFor(() => page.data.message !== '');
  expect((wx.showModal as jest.Mock).mock.calls.at(-1)[0]).toMatchObject({ title: '撤销组织', confirmText: '撤销' });
  expect(textOf(page, '#message')).toBe('已撤销「页面空社区」');
  expect(org('cm-empty').closed).toBe(true);
  expect(textOf(page, '#org-cm-empty')).toContain('已撤销');
  // a closed node's panel only offers to reopen it
  expect(page.querySelector('#closed-note')).toBeTruthy();
  expect(page.querySelector('#rename')).toBeUndefined();
  expect(page.querySelector('#close')).toBeUndefined();
  // sign-up no longer offers it
  expect((await as(cloud, 'page-nobody').ok('account', 'listOrgs', {})).nodes.map((n) => n.code)).not.toContain('cm-empty');

  tap(page, '#reopen');
  await waitFor(() => page.data.message === '已恢复「页面空社区」');
  expect(org('cm-empty').closed).toBe(false);
  expect(textOf(page, '#org-cm-empty')).not.toContain('已撤销');
});

test('a move left half done shows 调整中 and is finished with one tap', async () => {
  // a move that died after recording itself: the mark is there, no path rewritten yet
  await db().collection('orgs').doc('st-page').update({ moving: { fromParent: 'sn-chuanshan', toParent: 'sn-anju', toPath: ['sn', 'sn-anju', 'st-page'], at: '2026-03-01T00:00:00.000Z', by: 'u-test' } });
  const page = await open();
  expect(textOf(page, '#org-st-page')).toContain('调整中');
  await select(page, 'st-page');
  expect(textOf(page, '#moving')).toBe('「页面测试街道」调整到「安居区」下还没有完成，请点下面的按钮完成调整。');
  tap(page, '#resume');
  await waitFor(() => page.data.message !== '' || page.data.error !== '');
  expect(textOf(page, '#message')).toBe('「页面测试街道」的调整已完成');
  expect(org('st-page')).toMatchObject({ parentCode: 'sn-anju', moving: null, path: ['sn', 'sn-anju', 'st-page'] });
  expect(org('cm-page').path).toEqual(['sn', 'sn-anju', 'st-page', 'cm-page']);
  expect(page.querySelector('#moving')).toBeUndefined();
});

async function sheetFile(rows: string[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('组织架构');
  ws.addRow(['编码', '名称', '层级', '上级编码']);
  for (const r of rows) ws.addRow(r);
  const file = path.join(os.tmpdir(), `org-import-${process.pid}-${Math.random().toString(36).slice(2)}.xlsx`);
  fs.writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  return file;
}

async function choose(page: any, file: string, name: string) {
  wx.chooseMessageFile = (o: { success: (r: unknown) => void }) => o.success({ tempFiles: [{ path: file, name }] });
  wx.getFileSystemManager = () => ({ readFileSync: (p: string, enc: BufferEncoding) => fs.readFileSync(p, enc) });
  tap(page, '#choose');
  await waitFor(() => page.data.fileName === name);
}

test('a county\'s staff imports a sheet: every problem by row first, then the right sheet goes in and shows in the tree', async () => {
  await makeStaff(cloud, 'page-county', 'sn-chuanshan', ['org.manage']);
  const page = await open('page-county');
  tap(page, '#import-check');
  await waitFor(() => page.data.error !== '');
  expect(textOf(page, '#error')).toBe('请先选择表格文件');

  await choose(page, await sheetFile([
    ['cm-imp-a', '页面导入社区甲', '社区', 'st-page'],
    ['cm-imp-b', '', '社区', 'st-page'],
    ['cm-imp-c', '页面导入社区丙', '社区', 'sn-anju'],
  ]), '有误的表.xlsx');
  expect(textOf(page, '#choose')).toContain('有误的表.xlsx');
  expect(page.data.fileID).toMatch(/^cloud:\/\/.+\/org-imports\/.+\.xlsx$/);
  tap(page, '#import-run');
  await waitFor(() => page.data.report !== null);
  expect(textOf(page, '#report-summary')).toBe('导入结果：共3行，有2处问题，未导入');
  expect(textOf(page, '#problem-0')).toBe('第3行：名称不能为空');
  expect(textOf(page, '#problem-1')).toBe('第4行：上级组织「安居区」不在您的管辖范围内');
  expect(orgs().some((o) => o._id === 'cm-imp-a')).toBe(false);

  await choose(page, await sheetFile([
    ['cm-imp-a', '页面导入社区甲', '社区', 'st-page'],
    ['cm-imp-b', '页面导入社区乙', '村/社区', 'st-page'],
  ]), '组织架构.xlsx');
  tap(page, '#import-check');
  await waitFor(() => page.data.report !== null && page.data.checked === true);
  expect(textOf(page, '#report-summary')).toBe('检查结果（尚未导入）：共2行，可新增2个，已有0个');
  expect(orgs().some((o) => o._id === 'cm-imp-a')).toBe(false);
  tap(page, '#import-run');
  await waitFor(() => page.data.report !== null && page.data.checked === false);
  expect(textOf(page, '#report-summary')).toBe('导入结果：共2行，新增2个，已有0个');
  expect(org('cm-imp-b')).toMatchObject({ name: '页面导入社区乙', level: 'community', path: ['sn', 'sn-chuanshan', 'st-page', 'cm-imp-b'] });
  await waitFor(() => (page.data.rows as { code: string }[]).some((r) => r.code === 'cm-imp-b'));
  expect(textOf(page, '#org-cm-imp-b')).toContain('页面导入社区乙');
  // the file is used: the next import chooses one again
  expect(page.data.fileID).toBe('');
});
