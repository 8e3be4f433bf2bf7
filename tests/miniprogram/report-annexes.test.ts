/**
 * @jest-environment jsdom
 */
import { installWx, loadPage, waitFor, renderAs, textOf, connect, typeInto } from '../helpers/page';
import { startTestCloud, as, ADMIN } from '../helpers/cloud';
import { ALL_PERMISSIONS, addOrg, makeStaff, setupProgramme } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { volunteerApp } from '../domain/report/annex-world';
import { forgetProgramme } from '../../src/server/programme';
import { entriesFor } from '../../miniprogram/services/entries';

/** 附件报表: the annex list, export → download → open with the menu, and the per-record picker. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const wx = installWx() as Record<string, any>;
let cloud: LocalCloud;
let pageId: string;
const HC = { code: 'xm-hc-c1', name: '测试社区海', path: ['xm', 'xm-haicang', 'xm-hc-st', 'xm-hc-c1'] };

beforeAll(async () => {
  forgetProgramme();
  cloud = await startTestCloud();
  connect(cloud);
  await setupProgramme(cloud, 'xiamen-2017');
  await addOrg(cloud, 'xm-haicang', 'xm-hc-st', '测试街道海', 'street');
  await addOrg(cloud, 'xm-hc-st', HC.code, HC.name, 'community');
  await makeStaff(cloud, 'pg-district', 'xm-haicang', ALL_PERMISSIONS);
  await makeStaff(cloud, 'pg-street', 'xm-hc-st', ['report.export', 'volunteer.read']);
  await as(cloud, ADMIN).ok('child', 'create', childInput(1, HC.code));
  await volunteerApp(cloud, 'pg-mum-1', HC, 1);
  await volunteerApp(cloud, 'pg-mum-2', HC, 2);
  pageId = loadPage('packages/report/pages/annexes/index');
});
afterAll(() => cloud.close());

beforeEach(() => {
  wx.env = { USER_DATA_PATH: 'wxfile://usr' };
  wx.downloadFile = jest.fn((o: { url: string; filePath: string; success: (r: unknown) => void }) => o.success({ statusCode: 200, filePath: o.filePath }));
  wx.openDocument = jest.fn((o: { success: () => void }) => o.success());
  (wx.showToast as jest.Mock).mockClear();
});

async function open(openid: string) {
  const page = renderAs(pageId, openid);
  page.instance.onLoad({});
  await waitFor(() => page.data.loading === false);
  return page;
}

test('the home tile needs report.export', () => {
  const keys = (permissions: string[]) => entriesFor({ roles: ['staff'], permissions, isAdmin: false, isApplicant: false }).map((e) => e.key);
  expect(keys(['report.export'])).toContain('report-annexes');
  expect(keys(['report.read'])).not.toContain('report-annexes');
});

test('lists the programme\'s annexes by number and title; a card says where to export it; a missing permission says which', async () => {
  const page = await open('pg-street');
  expect(page.data.rows.map((r: { label: string }) => r.label)).toEqual([
    '附件1 厦门市留守流动等困境儿童信息表', '附件2 厦门市留守流动等困境儿童信息汇总表', '附件3 厦门市爱心妈妈报名表',
    '附件4 厦门市爱心妈妈信息汇总表', '附件5 厦门市爱心妈妈与留守流动等困境儿童结对表', '附件6 厦门市爱心妈妈与留守流动等困境儿童结对汇总表',
  ]);
  expect(textOf(page, '#place-xm-5')).toContain('结对详情');
  expect(page.querySelector('#export-xm-5')).toBeUndefined();
  expect(textOf(page, '#reason-xm-6')).toBe('需要“管理结对”权限，请联系管理员开通');
  // TDesign's button catches the tap and passes it on only when enabled: a disabled export does nothing
  page.querySelector('#export-xm-6').dispatchEvent('tap');
  await new Promise((r) => setTimeout(r, 50));
  expect(page.data.error).toBe('');
  expect(page.data.busyKey).toBe('');
  expect(wx.downloadFile).not.toHaveBeenCalled();
});

test('导出: the file is made, downloaded under its Chinese name and opened with the share menu', async () => {
  const page = await open('pg-district');
  page.querySelector('#export-xm-4').dispatchEvent('tap');
  await waitFor(() => (wx.openDocument as jest.Mock).mock.calls.length === 1 && page.data.busyKey === '');
  const dl = (wx.downloadFile as jest.Mock).mock.calls[0][0];
  expect(dl.url).toMatch(/\/report-exports\//);
  expect(dl.filePath).toMatch(/^wxfile:\/\/usr\/厦门市爱心妈妈信息汇总表_海沧区_\d{8}\.xlsx$/);
  expect((wx.openDocument as jest.Mock).mock.calls[0][0]).toMatchObject({ fileType: 'xlsx', showMenu: true });
  expect(wx.showToast).toHaveBeenLastCalledWith({ title: '已导出2位爱心妈妈', icon: 'none' });
  // the registry's own annex goes through child.exportSheet
  page.querySelector('#export-xm-2').dispatchEvent('tap');
  await waitFor(() => (wx.openDocument as jest.Mock).mock.calls.length === 2 && page.data.busyKey === '');
  expect((wx.downloadFile as jest.Mock).mock.calls[1][0].url).toMatch(/\/child-exports\//);
});

test('a per-volunteer form: search by name, choose, and only her sheet is exported', async () => {
  const page = await open('pg-district');
  page.querySelector('#pick-xm-3').dispatchEvent('tap');
  await waitFor(() => page.data.pickKey === 'xm-3');
  page.querySelector('#search').dispatchEvent('tap');
  await waitFor(() => page.data.error === '请输入姓名再搜索');
  typeInto(page, '#query', '测试妈妈乙');
  page.querySelector('#search').dispatchEvent('tap');
  await waitFor(() => page.data.searched === true);
  expect(page.data.candidates).toHaveLength(1);
  page.querySelector(`#choose-${page.data.candidates[0].id}`).dispatchEvent('tap');
  await waitFor(() => (wx.openDocument as jest.Mock).mock.calls.length === 1 && page.data.busyKey === '');
  expect((wx.downloadFile as jest.Mock).mock.calls[0][0].filePath).toMatch(/厦门市爱心妈妈报名表_测试妈妈乙_/);
  expect(wx.showToast).toHaveBeenLastCalledWith({ title: '已导出1位爱心妈妈', icon: 'none' });
  expect(page.data.pickKey).toBe('');
});

test('a failed download is said plainly and the button is free again', async () => {
  wx.downloadFile = jest.fn((o: { fail: () => void }) => o.fail());
  const page = await open('pg-district');
  page.querySelector('#export-xm-1').dispatchEvent('tap');
  await waitFor(() => page.data.error !== '' && page.data.busyKey === '');
  expect(textOf(page, '#error')).toBe('下载失败，请重试');
  expect(wx.openDocument).not.toHaveBeenCalled();
});
