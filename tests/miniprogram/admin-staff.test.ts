/**
 * @jest-environment jsdom
 */
import { installWx, loadPage, waitFor, textOf, connect, renderAs, tap, tapOption, pick } from '../helpers/page';
import { startTestCloud, as, ADMIN } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { PERMISSION_LABELS } from '../../miniprogram/utils/labels';
import { PERMISSIONS } from '../../src/contract/permissions';
import { entriesFor, type Viewer } from '../../miniprogram/services/entries';

/**
 * 工作人员 from the phone (issue 17): an admin invites a county's staff member with two
 * permissions, shares the code as a chat card, then changes her permissions and switches her off;
 * a county's staff with staff.manage sees only her county and may grant only what she holds;
 * staff without staff.manage are told so.
 */
installWx();
let cloud: LocalCloud;
let pageId: string;

type Invite = { _id: string; orgCode: string; permissions: string[]; usedBy: string | null; createdBy: string };
type User = { _id: string; name: string | null; staff: { orgCode: string; permissions: string[]; active: boolean } | null };
const invites = () => cloud.store.rawDocuments('staff_invites') as Invite[];
const user = (id: string) => (cloud.store.rawDocuments('users') as User[]).find((u) => u._id === id)!;

beforeEach(async () => {
  cloud = await startTestCloud();
  connect(cloud);
  await as(cloud, ADMIN).ok('account', 'login', {});
  await as(cloud, ADMIN).ok('account', 'setupProgramme', { presetId: 'suining-2019' });
  pageId = loadPage('packages/admin/pages/staff/index');
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

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const orgIndex = (page: any, name: string) => page.data.orgLabels.findIndex((l: string) => l.trim() === name);

test('the permission words are the contract\'s own', () => {
  expect(PERMISSION_LABELS).toEqual(PERMISSIONS);
});

test('an admin invites 安居区 staff with two permissions and shares the card; then changes her permissions and switches her off', async () => {
  const page = await open(ADMIN);
  expect(textOf(page, '#invite-perms')).toContain('查看儿童台账');
  expect(textOf(page, '#invite-perms')).toContain('查看操作日志');

  pick(page, '#org', orgIndex(page, '安居区'));
  await waitFor(() => page.data.orgIndex >= 0);
  expect(textOf(page, '#org-chosen')).toContain('安居区');
  tapOption(page, '#invite-perms', 'child.read');
  await waitFor(() => page.data.invitePerms.length === 1);
  tapOption(page, '#invite-perms', 'visit.read');
  await waitFor(() => page.data.invitePerms.length === 2);
  tap(page, '#invite-create');
  await waitFor(() => page.data.invite !== null || page.data.error !== '');
  const code = textOf(page, '#invite-code');
  expect(code).toMatch(/^[A-Z0-9]{8}$/);
  expect(invites().find((i) => i._id === code)).toMatchObject({ orgCode: 'sn-anju', permissions: ['child.read', 'visit.read'], usedBy: null });
  expect(textOf(page, '#invite')).toContain('只能使用一次');
  expect(textOf(page, '#share')).toBe('分享给对方');
  expect(page.instance.onShareAppMessage()).toEqual({
    title: '邀请您成为「安居区」的工作人员',
    path: `/packages/admin/pages/join/index?code=${code}&org=${encodeURIComponent('安居区')}`,
  });

  // she redeems it on her phone
  await as(cloud, 'anju-new').ok('account', 'login', {});
  const { me } = await as(cloud, 'anju-new').ok('account', 'redeemStaffInvite', { code, name: '安居新人' });

  const list = await open(ADMIN);
  expect(textOf(list, '#count')).toBe('本辖区工作人员（1人）');
  expect(textOf(list, `#staff-${me.userId}`)).toContain('安居新人');
  expect(textOf(list, `#staff-${me.userId}`)).toContain('安居区 · 2项权限');
  tap(list, `#staff-${me.userId}`);
  await waitFor(() => list.data.editing === me.userId);
  expect(textOf(list, '#edit-name')).toBe('安居新人（安居区）');
  tapOption(list, '#edit-perms', 'visit.read'); // unticks it
  await waitFor(() => list.data.editPerms.length === 1);
  tapOption(list, '#edit-perms', 'child.write');
  await waitFor(() => list.data.editPerms.includes('child.write'));
  tap(list, '#edit-save');
  await waitFor(() => list.data.message !== '' || list.data.error !== '');
  expect(textOf(list, '#message')).toBe('已保存「安居新人」的权限');
  expect(user(me.userId).staff).toMatchObject({ permissions: ['child.read', 'child.write'], active: true });

  expect(textOf(list, '#edit-toggle')).toBe('停用账号');
  tap(list, '#edit-toggle');
  await waitFor(() => list.data.message === '已停用「安居新人」');
  expect(user(me.userId).staff!.active).toBe(false);
  expect(textOf(list, `#staff-${me.userId}`)).toContain('已停用');
  expect(textOf(list, '#edit-toggle')).toBe('重新启用账号');
  // switched off, she is no longer staff when she signs in
  expect((await as(cloud, 'anju-new').ok('account', 'login', {})).me.roles).not.toContain('staff');
});

test('nothing is sent without a node or a permission', async () => {
  const page = await open(ADMIN);
  tap(page, '#invite-create');
  await waitFor(() => page.data.error !== '');
  expect(textOf(page, '#error')).toBe('请先选择所属组织');
  pick(page, '#org', orgIndex(page, '船山区'));
  await waitFor(() => page.data.error === '');
  tap(page, '#invite-create');
  await waitFor(() => page.data.error !== '');
  expect(textOf(page, '#error')).toBe('请至少选择一项权限');
  expect(invites()).toHaveLength(0);
});

test('a county\'s staff manager sees her county only and may grant only what she holds; a grant withdrawn meanwhile is refused in Chinese; staff without staff.manage are told', async () => {
  const manager = await makeStaff('anju-manager', 'sn-anju', ['staff.manage', 'child.read']);
  const colleague = await makeStaff('anju-colleague', 'sn-anju', ['child.read', 'child.reveal']);
  await makeStaff('chuanshan-staff', 'sn-chuanshan', ['child.read']);

  const reader = await open('chuanshan-staff');
  expect(textOf(reader, '#refused')).toBe('您没有管理工作人员的权限，请联系上级管理员开通。');
  expect(reader.querySelector('#invite-form')).toBeUndefined();

  const page = await open('anju-manager');
  expect(page.data.orgLabels.map((l: string) => l.trim())).toEqual(['安居区']);
  expect(page.data.permOptions.map((o: { value: string }) => o.value)).toEqual(['staff.manage', 'child.read']);
  expect(textOf(page, '#invite-perms')).not.toContain('查看完整身份证号和电话');
  expect(textOf(page, '#list')).not.toContain('测试chuanshan-staff');
  expect(textOf(page, `#staff-${manager}`)).toContain('本人');

  // a colleague holding more than she does: she is told what saving drops
  tap(page, `#staff-${colleague}`);
  await waitFor(() => page.data.editing === colleague);
  expect(textOf(page, '#edit-extra')).toBe('对方另有超出您自身的权限（查看完整身份证号和电话），保存权限后将一并取消。');

  pick(page, '#org', 0);
  tapOption(page, '#invite-perms', 'child.read');
  await waitFor(() => page.data.invitePerms.length === 1);
  // the admin narrows her grant while the page is open
  await as(cloud, ADMIN).ok('account', 'updateStaff', { userId: manager, permissions: ['staff.manage'] });
  tap(page, '#invite-create');
  await waitFor(() => page.data.error !== '');
  expect(textOf(page, '#error')).toBe('不能授予超出您自身的权限');
  expect(invites().filter((i) => i.createdBy === manager)).toHaveLength(0);
});

test('home shows 工作人员 to admins and to staff holding staff.manage only', () => {
  const keys = (v: Partial<Viewer>) => entriesFor({ roles: [], permissions: [], isAdmin: false, isApplicant: false, ...v }).map((e) => e.key);
  expect(keys({ roles: ['donor', 'staff', 'admin'], isAdmin: true })).toContain('admin-staff');
  expect(keys({ roles: ['donor', 'staff'], permissions: ['staff.manage'] })).toContain('admin-staff');
  expect(keys({ roles: ['donor', 'staff'], permissions: ['org.manage'] })).not.toContain('admin-staff');
});

test('the list narrows to one node and below', async () => {
  await makeStaff('anju-one', 'sn-anju', ['child.read']);
  await makeStaff('chuanshan-one', 'sn-chuanshan', ['child.read']);
  const page = await open(ADMIN);
  expect(textOf(page, '#count')).toBe('本辖区工作人员（2人）');
  pick(page, '#filter', page.data.filterLabels.findIndex((l: string) => l.trim() === '船山区'));
  await waitFor(() => page.data.listTitle !== '本辖区工作人员');
  expect(textOf(page, '#count')).toBe('船山区及下级的工作人员（1人）');
  expect(textOf(page, '#filter-chosen')).toContain('船山区');
  expect(textOf(page, '#list')).toContain('测试chuanshan-one');
  expect(textOf(page, '#list')).not.toContain('测试anju-one');
  pick(page, '#filter', 0);
  await waitFor(() => page.data.listTitle === '本辖区工作人员');
  expect(textOf(page, '#count')).toBe('本辖区工作人员（2人）');
});
