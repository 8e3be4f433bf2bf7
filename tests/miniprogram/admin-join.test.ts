/**
 * @jest-environment jsdom
 */
import { installWx, loadPage, waitFor, textOf, connect, renderAs, tap, typeInto, tapOption, pick } from '../helpers/page';
import { startTestCloud, as, ADMIN } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { entriesFor, type Viewer } from '../../miniprogram/services/entries';

/**
 * 加入工作人员 (issue 17): the card the 工作人员 page shares opens this page with the code filled
 * in; she gives her name and is staff at the invite's node. Anyone can also reach it from home and
 * type a code (spaces and lower case forgiven). A used, unknown or malformed code is refused in
 * Chinese and changes nothing.
 */
const wx = installWx();
(wx as Record<string, unknown>).reLaunch = jest.fn();
let cloud: LocalCloud;
let joinId: string;
let staffId: string;
let homeId: string;

type User = { _id: string; openid: string; name: string | null; roles: string[]; staff: { orgCode: string; permissions: string[]; active: boolean } | null };
const userOf = (openid: string) => (cloud.store.rawDocuments('users') as User[]).find((u) => u.openid === openid);

beforeEach(async () => {
  cloud = await startTestCloud();
  connect(cloud);
  await as(cloud, ADMIN).ok('account', 'login', {});
  await as(cloud, ADMIN).ok('account', 'setupProgramme', { presetId: 'suining-2019' });
  joinId = loadPage('packages/admin/pages/join/index');
  staffId = loadPage('packages/admin/pages/staff/index');
  homeId = loadPage('pages/home/index');
});
afterEach(() => cloud.close());

async function open(openid: string, query: Record<string, string> = {}) {
  const page = renderAs(joinId, openid);
  page.instance.onLoad(query);
  await waitFor(() => page.data.loading === false);
  return page;
}

const invite = (orgCode: string, permissions = ['child.read']) =>
  as(cloud, ADMIN).ok('account', 'createStaffInvite', { orgCode, permissions: permissions as never }).then((r) => r.code);

test('the card shared from 工作人员 opens the page with the code; her name makes her staff at 船山区, and home shows her work', async () => {
  const staff = renderAs(staffId, ADMIN);
  staff.instance.onLoad();
  await waitFor(() => staff.data.loading === false);
  pick(staff, '#org', staff.data.orgLabels.findIndex((l: string) => l.trim() === '船山区'));
  tapOption(staff, '#invite-perms', 'child.read');
  await waitFor(() => staff.data.invitePerms.length === 1 && staff.data.orgIndex >= 0);
  tap(staff, '#invite-create');
  await waitFor(() => staff.data.invite !== null);
  const card = staff.instance.onShareAppMessage() as { path: string };
  const [pagePath, search] = card.path.split('?');
  expect(pagePath).toBe('/packages/admin/pages/join/index');
  const query = Object.fromEntries(search.split('&').map((kv) => kv.split('=')));

  const page = await open('chuanshan-new', query);
  expect(page.data.code).toBe(staff.data.invite.code);
  expect(textOf(page, '#org-hint')).toBe('邀请您加入：船山区');
  expect(page.querySelector('#current')).toBeUndefined();
  typeInto(page, '#name', '船山新人');
  await waitFor(() => page.data.name === '船山新人');
  tap(page, '#join');
  await waitFor(() => page.data.step === 'done' || page.data.error !== '');
  expect(textOf(page, '#done')).toBe('您已成为「船山区」的工作人员，获得1项权限。');
  expect(userOf('chuanshan-new')).toMatchObject({ name: '船山新人', roles: expect.arrayContaining(['staff']), staff: { orgCode: 'sn-chuanshan', permissions: ['child.read'], active: true } });
  tap(page, '#home');
  await waitFor(() => (wx.reLaunch as jest.Mock).mock.calls.length > 0);
  expect(wx.reLaunch).toHaveBeenLastCalledWith({ url: '/pages/home/index' });

  const home = renderAs(homeId, 'chuanshan-new');
  home.instance.onLoad();
  await waitFor(() => home.data.loading === false);
  expect(textOf(home, '#org')).toContain('船山区');
  expect(home.querySelector('#entry-child-list')).toBeDefined();
  expect(home.querySelector('#entry-staff-join')).toBeUndefined();
});

test('from home she types a code read to her on the phone (lower case, a space) and joins', async () => {
  const code = await invite('sn-anju', ['child.read', 'visit.read']);
  const home = renderAs(homeId, 'anju-new');
  home.instance.onLoad();
  await waitFor(() => home.data.loading === false);
  expect(textOf(home, '#entry-staff-join')).toContain('加入工作人员');
  tap(home, '#entry-staff-join');
  await waitFor(() => (wx.navigateTo as jest.Mock).mock.calls.length > 0);
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/admin/pages/join/index' });

  const page = await open('anju-new');
  expect(page.querySelector('#org-hint')).toBeUndefined();
  typeInto(page, '#code', `${code.slice(0, 4).toLowerCase()} ${code.slice(4)}`);
  typeInto(page, '#name', '安居新人');
  await waitFor(() => page.data.name === '安居新人' && page.data.code !== '');
  tap(page, '#join');
  await waitFor(() => page.data.step === 'done' || page.data.error !== '');
  expect(textOf(page, '#done')).toBe('您已成为「安居区」的工作人员，获得2项权限。');
  expect(userOf('anju-new')!.staff).toMatchObject({ orgCode: 'sn-anju', permissions: ['child.read', 'visit.read'] });
});

test('a used, unknown or malformed code and a missing name are refused in Chinese and change nothing', async () => {
  const code = await invite('sn-anju');
  await as(cloud, 'first').ok('account', 'login', {});
  await as(cloud, 'first').ok('account', 'redeemStaffInvite', { code, name: '先到的人' });

  const page = await open('second');
  const tryJoin = async (typed: string, name: string) => {
    typeInto(page, '#code', typed);
    typeInto(page, '#name', name);
    await waitFor(() => page.data.code === typed && page.data.name === name);
    tap(page, '#join');
    await waitFor(() => page.data.error !== '');
    return textOf(page, '#error');
  };
  expect(await tryJoin(code, '后到的人')).toBe('该邀请码已被使用');
  expect(await tryJoin('ZZZZ9999', '后到的人')).toBe('邀请码无效或已过期');
  expect(await tryJoin('ABC12', '后到的人')).toBe('邀请码是8位字母和数字，请核对后再输入');
  expect(await tryJoin('ZZZZ9998', '')).toBe('请填写您的姓名');
  expect(userOf('second')).toMatchObject({ staff: null, roles: ['donor'] });
  expect(page.data.step).toBe('form');
});

test('staff already are told that a new invite replaces their node and permissions', async () => {
  const code = await invite('sn-anju');
  await as(cloud, 'already').ok('account', 'login', {});
  await as(cloud, 'already').ok('account', 'redeemStaffInvite', { code, name: '已在岗' });
  const page = await open('already', { code: 'ABCD2345' });
  expect(textOf(page, '#current')).toBe('您目前是「安居区」的工作人员。使用新的邀请码后，所属组织和权限将改为邀请中的设置。');
  expect(page.data.name).toBe('已在岗');
});

test('home offers 加入工作人员 to everyone who is not staff or admin yet', () => {
  const keys = (v: Partial<Viewer>) => entriesFor({ roles: [], permissions: [], isAdmin: false, isApplicant: false, ...v }).map((e) => e.key);
  expect(keys({ roles: ['donor'] })).toContain('staff-join');
  expect(keys({ roles: ['donor', 'volunteer'] })).toContain('staff-join');
  expect(keys({ roles: ['donor', 'staff'], permissions: ['child.read'] })).not.toContain('staff-join');
  expect(keys({ roles: ['donor', 'staff', 'admin'], isAdmin: true })).not.toContain('staff-join');
});
