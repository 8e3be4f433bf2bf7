import { startTestCloud, as, ADMIN } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';

/**
 * Staff invites down the whole tree (issue 17): a person invited to a street or community node
 * redeems the code like one invited to a county.
 */
let cloud: LocalCloud;
let nodes: { code: string; level: string; path: string[]; name: string }[];

beforeAll(async () => {
  cloud = await startTestCloud();
  await as(cloud, ADMIN).ok('account', 'login', {});
  await as(cloud, ADMIN).ok('account', 'setupProgramme', { presetId: 'suining-2019' });
  const county = (await as(cloud, ADMIN).ok('account', 'listOrgs', {})).nodes.find((n) => n.level === 'district')!;
  // Suining's preset stops at counties: the tree below is built in the app
  await as(cloud, ADMIN).ok('account', 'createOrg', { code: 'sn-st1', name: '某街道', level: 'street', parentCode: county.code });
  await as(cloud, ADMIN).ok('account', 'createOrg', { code: 'sn-cm1', name: '某社区', level: 'community', parentCode: 'sn-st1' });
  nodes = (await as(cloud, ADMIN).ok('account', 'listOrgs', {})).nodes;
});
afterAll(() => cloud.close());

test.each(['district', 'street', 'community'])('a person invited at a %s node redeems the invite', async (level) => {
  const node = nodes.find((n) => n.level === level)!;
  expect(node).toBeDefined();
  const { code } = await as(cloud, ADMIN).ok('account', 'createStaffInvite', { orgCode: node.code, permissions: ['child.read'] });
  const openid = `invitee-${level}`;
  await as(cloud, openid).ok('account', 'login', {});
  const res = await as(cloud, openid).raw('account', 'redeemStaffInvite', { code, name: '街道干部' });
  expect(res).toMatchObject({ ok: true, data: { me: { roles: expect.arrayContaining(['staff']), staff: { orgCode: node.code, active: true } } } });
});

test('street-level staff with staff.manage bring in staff at their street and below, and list them', async () => {
  const a = await as(cloud, ADMIN).ok('account', 'createStaffInvite', { orgCode: 'sn-st1', permissions: ['staff.manage', 'child.read'] });
  await as(cloud, 'street-manager').ok('account', 'login', {});
  await as(cloud, 'street-manager').ok('account', 'redeemStaffInvite', { code: a.code, name: '街道管理' });
  for (const org of ['sn-st1', 'sn-cm1']) {
    const { code } = await as(cloud, 'street-manager').ok('account', 'createStaffInvite', { orgCode: org, permissions: ['child.read'] });
    await as(cloud, `new-${org}`).ok('account', 'login', {});
    const r = await as(cloud, `new-${org}`).ok('account', 'redeemStaffInvite', { code, name: `新人${org}` });
    expect(r.me.staff).toMatchObject({ orgCode: org, permissions: ['child.read'], active: true });
  }
  const list = await as(cloud, 'street-manager').ok('account', 'listStaff', {});
  expect(list.items.map((s) => s.name).sort()).toEqual(expect.arrayContaining(['新人sn-cm1', '新人sn-st1', '街道管理']));
  expect(list.items.every((s) => s.orgCode === 'sn-st1' || s.orgCode === 'sn-cm1')).toBe(true);
});

describe('an invite is worth no more than its inviter still holds when it is redeemed', () => {
  async function managerWithInvite(openid: string) {
    const a = await as(cloud, ADMIN).ok('account', 'createStaffInvite', { orgCode: 'sn-st1', permissions: ['staff.manage', 'child.read', 'child.reveal'] });
    await as(cloud, openid).ok('account', 'login', {});
    const { me } = await as(cloud, openid).ok('account', 'redeemStaffInvite', { code: a.code, name: '街道管理' });
    const { code } = await as(cloud, openid).ok('account', 'createStaffInvite', { orgCode: 'sn-cm1', permissions: ['child.read', 'child.reveal'] });
    return { managerId: me.userId, code };
  }
  const staffOf = (openid: string) => (cloud.store.rawDocuments('users') as { openid: string; staff: unknown }[]).find((u) => u.openid === openid)?.staff ?? null;

  test.each([
    ['narrowed', { permissions: ['staff.manage', 'child.read'] }],
    ['switched off', { active: false }],
    ['stripped of staff.manage', { permissions: ['child.read', 'child.reveal'] }],
  ] as const)('an inviter %s since: the invite is refused and stays unused', async (what, change) => {
    const inviter = `inviter-${what.replace(/\W/g, '')}`;
    const { managerId, code } = await managerWithInvite(inviter);
    await as(cloud, ADMIN).ok('account', 'updateStaff', { userId: managerId, ...change } as never);
    const invitee = `late-${inviter}`;
    await as(cloud, invitee).ok('account', 'login', {});
    const res = await as(cloud, invitee).raw('account', 'redeemStaffInvite', { code, name: '晚到的人' });
    expect(res).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: '邀请人已无权发出这份邀请，请联系邀请人重新邀请' } });
    expect(staffOf(invitee)).toBeNull();
    expect((cloud.store.rawDocuments('staff_invites') as { _id: string; usedBy: string | null }[]).find((i) => i._id === code)!.usedBy).toBeNull();
  });

  test('an inviter who still holds it all: the invite works', async () => {
    const { code } = await managerWithInvite('inviter-steady');
    await as(cloud, 'on-time').ok('account', 'login', {});
    const res = await as(cloud, 'on-time').ok('account', 'redeemStaffInvite', { code, name: '按时的人' });
    expect(res.me.staff).toMatchObject({ orgCode: 'sn-cm1', permissions: ['child.read', 'child.reveal'] });
  });
});
