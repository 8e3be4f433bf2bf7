/**
 * @jest-environment jsdom
 */
import { installWx, loadPage, waitFor, textOf, connect, renderAs, tap, typeInto, tapOption } from '../helpers/page';
import { startTestCloud, as, ADMIN } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { ORG_LEVEL_LABELS as APP_LEVELS } from '../../miniprogram/utils/labels';
import { ORG_LEVEL_LABELS } from '../../src/programmes/enums';
import { entriesFor, type Viewer } from '../../miniprogram/services/entries';

/**
 * 组织架构 from the phone (issue 17): an admin builds 遂宁's tree below the counties the preset
 * ships (county → street → community) and renames a node; a county's staff with org.manage sees
 * and grows only her county; staff without it are told so, and a grant withdrawn meanwhile is
 * refused by the server and said on the page.
 */
installWx();
let cloud: LocalCloud;
let pageId: string;

type Org = { _id: string; name: string; level: string; parentCode: string; path: string[] };
const orgs = () => cloud.store.rawDocuments('orgs') as Org[];

beforeEach(async () => {
  cloud = await startTestCloud();
  connect(cloud);
  await as(cloud, ADMIN).ok('account', 'login', {});
  await as(cloud, ADMIN).ok('account', 'setupProgramme', { presetId: 'suining-2019' });
  pageId = loadPage('packages/admin/pages/orgs/index');
});
afterEach(() => cloud.close());

async function makeStaff(openid: string, orgCode: string, permissions: string[]) {
  const { code } = await as(cloud, ADMIN).ok('account', 'createStaffInvite', { orgCode, permissions: permissions as never });
  await as(cloud, openid).ok('account', 'login', {});
  return (await as(cloud, openid).ok('account', 'redeemStaffInvite', { code, name: `测试${openid}` })).me.userId;
}

async function open(openid: string) {
  const page = renderAs(pageId, openid);
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false);
  return page;
}

test('the level words are the programmes\' own', () => {
  expect(APP_LEVELS).toEqual(ORG_LEVEL_LABELS);
});

test('an admin adds a street under a county and a community under it, then renames the street', async () => {
  const page = await open(ADMIN);
  expect(textOf(page, '#tree')).toContain('遂宁市');
  expect(textOf(page, '#org-sn-chuanshan')).toContain('船山区');
  expect(textOf(page, '#org-sn-chuanshan')).toContain('区/县/园区');

  tap(page, '#org-sn-chuanshan');
  await waitFor(() => page.data.selected === 'sn-chuanshan');
  expect(textOf(page, '#selected')).toBe('船山区（区/县/园区）');
  // a county may have streets or units' committees below it
  expect(textOf(page, '#child-level')).toContain('街道/乡镇');
  tapOption(page, '#child-level', 'street');
  typeInto(page, '#child-name', '测试街道');
  await waitFor(() => page.data.newName === '测试街道');
  tap(page, '#child-add');
  await waitFor(() => page.data.message !== '' || page.data.error !== '');
  expect(textOf(page, '#message')).toBe('已在「船山区」下添加「测试街道」');
  const street = orgs().find((o) => o.name === '测试街道')!;
  expect(street).toMatchObject({ level: 'street', parentCode: 'sn-chuanshan', path: ['sn', 'sn-chuanshan', street._id] });
  expect(street._id).toMatch(/^sn-[a-z0-9]+$/);
  expect(textOf(page, `#org-${street._id}`)).toContain('测试街道');

  tap(page, `#org-${street._id}`);
  await waitFor(() => page.data.selected === street._id);
  // a street has one level below it: no choice to make
  expect(page.querySelector('#child-level')).toBeUndefined();
  typeInto(page, '#child-name', '测试社区');
  await waitFor(() => page.data.newName === '测试社区');
  tap(page, '#child-add');
  await waitFor(() => page.data.message.includes('测试社区'));
  const community = orgs().find((o) => o.name === '测试社区')!;
  expect(community).toMatchObject({ level: 'community', parentCode: street._id, path: ['sn', 'sn-chuanshan', street._id, community._id] });

  typeInto(page, '#rename', '测试镇');
  await waitFor(() => page.data.renameName === '测试镇');
  tap(page, '#rename-save');
  await waitFor(() => page.data.message === '已改名为「测试镇」');
  expect(orgs().find((o) => o._id === street._id)!.name).toBe('测试镇');
  expect(textOf(page, `#org-${street._id}`)).toContain('测试镇');

  tap(page, `#org-${community._id}`);
  await waitFor(() => page.data.selected === community._id);
  expect(textOf(page, '#no-children')).toBe('这一级下面不再设下级组织。');
});

test('an empty name is not sent', async () => {
  const page = await open(ADMIN);
  tap(page, '#org-sn-anju');
  await waitFor(() => page.data.selected === 'sn-anju');
  const before = orgs().length;
  tap(page, '#child-add');
  await waitFor(() => page.data.error !== '');
  expect(textOf(page, '#error')).toBe('请填写下级组织的名称');
  expect(orgs()).toHaveLength(before);
});

test('a county\'s staff sees only her county; staff without org.manage are told; a grant withdrawn meanwhile is refused in Chinese', async () => {
  const countyStaff = await makeStaff('county-org', 'sn-anju', ['org.manage', 'child.read']);
  await makeStaff('county-reader', 'sn-anju', ['child.read']);

  const reader = await open('county-reader');
  expect(textOf(reader, '#refused')).toBe('您没有管理组织架构的权限，请联系上级管理员开通。');
  expect(reader.querySelector('#tree')).toBeUndefined();

  const page = await open('county-org');
  expect(page.data.rows.map((r: { code: string }) => r.code)).toEqual(['sn-anju']);
  expect(textOf(page, '#tree')).not.toContain('船山区');
  tap(page, '#org-sn-anju');
  await waitFor(() => page.data.selected === 'sn-anju');
  tapOption(page, '#child-level', 'street');
  typeInto(page, '#child-name', '安居测试街道');
  await waitFor(() => page.data.newName === '安居测试街道');
  tap(page, '#child-add');
  await waitFor(() => page.data.message !== '');
  expect(orgs().find((o) => o.name === '安居测试街道')).toMatchObject({ parentCode: 'sn-anju' });

  // the admin withdraws her org.manage while the page is open
  await as(cloud, ADMIN).ok('account', 'updateStaff', { userId: countyStaff, permissions: ['child.read'] });
  const before = orgs().length;
  typeInto(page, '#child-name', '越权街道');
  await waitFor(() => page.data.newName === '越权街道');
  tap(page, '#child-add');
  await waitFor(() => page.data.error !== '');
  expect(textOf(page, '#error')).toBe('您没有此项操作的权限，请联系管理员开通');
  expect(orgs()).toHaveLength(before);
});

test('home shows 组织架构 to admins and to staff holding org.manage only', () => {
  const keys = (v: Partial<Viewer>) => entriesFor({ roles: [], permissions: [], isAdmin: false, isApplicant: false, ...v }).map((e) => e.key);
  expect(keys({ roles: ['donor', 'staff', 'admin'], isAdmin: true })).toContain('admin-orgs');
  expect(keys({ roles: ['donor', 'staff'], permissions: ['org.manage'] })).toContain('admin-orgs');
  expect(keys({ roles: ['donor', 'staff'], permissions: ['child.read'] })).not.toContain('admin-orgs');
  expect(keys({ roles: ['donor', 'volunteer'] })).not.toContain('admin-orgs');
  expect(entriesFor({ roles: ['admin'], permissions: [], isAdmin: true, isApplicant: false }).find((e) => e.key === 'admin-orgs')!.url).toBe('/packages/admin/pages/orgs/index');
});

test('the first run\'s last step leads on to 组织架构 and 工作人员', async () => {
  const wx = (globalThis as unknown as { wx: { navigateTo: jest.Mock } }).wx;
  const setupId = loadPage('packages/admin/pages/setup/index');
  const page = renderAs(setupId, ADMIN);
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false);
  tap(page, '#switch-on'); // the running preset is chosen already: switching on again is idempotent
  await waitFor(() => page.data.step === 'done');
  expect(textOf(page, '#next')).toBe('下一步：补全下级组织，再邀请各级工作人员。');
  tap(page, '#open-orgs');
  await waitFor(() => wx.navigateTo.mock.calls.length > 0);
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/admin/pages/orgs/index' });
  tap(page, '#open-staff');
  await waitFor(() => wx.navigateTo.mock.calls.length > 1);
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/admin/pages/staff/index' });
});

test('a long name beside its long level label wraps under itself: the indent is the row\'s own, not spaces in the text (issue 18)', async () => {
  const long = '测试开发区管理委员会妇女联合会第一联合工作委员会';
  await as(cloud, ADMIN).ok('account', 'createOrg', { code: 'sn-long-unit', parentCode: 'sn-chuanshan', level: 'unit', name: long });
  const page = await open(ADMIN);
  const unit = orgs().find((o) => o.name === long)!;
  const row = page.querySelector(`#org-${unit._id}`);
  // depth 2: the whole row is indented (both lines of a wrapped name), the name in its own box
  expect(row.dom.getAttribute('style')).toMatch(/padding-left: calc\(32r?px \+ 3em\)/); // simulate writes rpx as px
  expect(page.querySelector(`#org-${unit._id} .node-name`).dom.textContent).toBe(long);
  expect(page.querySelector(`#org-${unit._id} .node-level`).dom.textContent).toBe(ORG_LEVEL_LABELS.unit);
  expect(textOf(page, '#org-sn')).not.toMatch(/^\u3000/);
  tap(page, `#org-${unit._id}`);
  await waitFor(() => page.data.selected === unit._id);
});
