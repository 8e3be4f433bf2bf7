import { startTestCloud, as, ADMIN, snapshot } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';

/**
 * account: login, programme switch-on, org tree and staff scope. Suining's tree: 遂宁市 → counties
 * / parks / 市直 → streets …; staff at a county act only inside that county.
 */
let cloud: LocalCloud;
let nodes: { code: string; level: string; path: string[]; name: string }[];
let countyA: string;
let countyB: string;

beforeAll(async () => {
  cloud = await startTestCloud();
  await as(cloud, ADMIN).ok('account', 'login', {});
  await as(cloud, ADMIN).ok('account', 'setupProgramme', { presetId: 'suining-2019' });
  nodes = (await as(cloud, ADMIN).ok('account', 'listOrgs', {})).nodes;
  const counties = nodes.filter((n) => n.level === 'district');
  [countyA, countyB] = [counties[0].code, counties[1].code];
});
afterAll(() => cloud.close());

async function makeStaff(openid: string, orgCode: string, permissions: string[] = ['org.manage', 'staff.manage', 'child.read']) {
  const { code } = await as(cloud, ADMIN).ok('account', 'createStaffInvite', { orgCode, permissions: permissions as never });
  await as(cloud, openid).ok('account', 'login', {});
  return as(cloud, openid).ok('account', 'redeemStaffInvite', { code, name: `测试${openid}` });
}

describe('login', () => {
  test('creates the user once and returns the programme', async () => {
    const first = await as(cloud, 'new-mum').ok('account', 'login', {});
    const again = await as(cloud, 'new-mum').ok('account', 'login', {});
    expect(first.me.userId).toBe(again.me.userId);
    expect(first.me.roles).toEqual(['donor']);
    expect(first.programme).toMatchObject({ id: 'suining-2019', brandName: '爱心妈妈' });
  });

  test('ten first logins at once make one user row', async () => {
    await Promise.all(Array.from({ length: 10 }, () => as(cloud, 'double-tapper').ok('account', 'login', {})));
    const rows = (cloud.store.rawDocuments('users') as { openid: string }[]).filter((u) => u.openid === 'double-tapper');
    expect(rows).toHaveLength(1);
  });

  test('the OPENID is never taken from the payload', async () => {
    const res = await as(cloud, 'honest').raw('account', 'login', { openid: ADMIN });
    expect(res.ok).toBe(false);
  });
});

describe('setupProgramme', () => {
  test('is idempotent and creates the preset tree with paths', async () => {
    const again = await as(cloud, ADMIN).ok('account', 'setupProgramme', { presetId: 'suining-2019' });
    expect(again.orgsCreated).toBe(0);
    const root = nodes.filter((n) => n.path.length === 1);
    expect(root).toHaveLength(1);
    for (const n of nodes) expect(n.path[n.path.length - 1]).toBe(n.code);
  });

  test('cannot switch an environment to another programme', async () => {
    const res = await as(cloud, ADMIN).raw('account', 'setupProgramme', { presetId: 'xiamen-2017' });
    expect(res).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  test('unknown preset is NOT_FOUND', async () => {
    const res = await as(cloud, ADMIN).raw('account', 'setupProgramme', { presetId: 'atlantis-2030' });
    expect(res).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('org scope', () => {
  beforeAll(async () => {
    await makeStaff('staff-a', countyA);
    await makeStaff('staff-b', countyB);
  });

  test('staff create nodes inside their subtree only', async () => {
    const made = await as(cloud, 'staff-a').ok('account', 'createOrg', { code: 'testStreetA', name: '测试街道', level: 'street', parentCode: countyA });
    expect(made.node.path.slice(-2)).toEqual([countyA, 'testStreetA']);
    const before = snapshot(cloud);
    const res = await as(cloud, 'staff-a').raw('account', 'createOrg', { code: 'intruder', name: '越界街道', level: 'street', parentCode: countyB });
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const orgs = cloud.store.rawDocuments('orgs') as { _id: string }[];
    expect(orgs.some((o) => o._id === 'intruder')).toBe(false);
    expect(JSON.parse(snapshot(cloud)).find((c: [string]) => c[0] === 'orgs')).toEqual(JSON.parse(before).find((c: [string]) => c[0] === 'orgs'));
  });

  test('a refused attempt at an audited action is itself audited', async () => {
    const mark = cloud.store.rawDocuments('audit_logs').length;
    expect(await as(cloud, 'staff-a').raw('account', 'createOrg', { code: 'intruder', name: '越界街道', level: 'street', parentCode: countyB })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const logs = cloud.store.rawDocuments('audit_logs').slice(mark) as { action: string; ok: boolean; actorId: string }[];
    expect(logs.some((l) => l.action === 'createOrg' && l.ok === false)).toBe(true);
  });

  test('level must fit the parent', async () => {
    const res = await as(cloud, 'staff-a').raw('account', 'createOrg', { code: 'wrongLevel', name: '某村', level: 'district', parentCode: countyA });
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  test('duplicate codes are a CONFLICT', async () => {
    await as(cloud, 'staff-a').ok('account', 'createOrg', { code: 'dupStreetA', name: '测试街道乙', level: 'street', parentCode: countyA });
    const res = await as(cloud, 'staff-a').raw('account', 'createOrg', { code: 'dupStreetA', name: '重复', level: 'street', parentCode: countyA });
    expect(res).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  test('staff list and change only their own subtree\'s staff', async () => {
    const listA = await as(cloud, 'staff-a').ok('account', 'listStaff', {});
    // other tests of this file add staff in county A (an invite, a narrow grant): she sees exactly
    // the admin's list of her county, staff-a among them, and no one of county B
    const inA = await as(cloud, ADMIN).ok('account', 'listStaff', { orgCode: countyA });
    expect(listA.items.map((s) => s.userId)).toEqual(inA.items.map((s) => s.userId));
    expect(listA.items.every((s) => s.orgCode === countyA)).toBe(true);
    expect(listA.items.length).toBeGreaterThanOrEqual(1);
    const listAll = await as(cloud, ADMIN).ok('account', 'listStaff', {});
    expect(listAll.total).toBeGreaterThanOrEqual(2);
    const b = listAll.items.find((s) => s.orgCode === countyB)!;
    const res = await as(cloud, 'staff-a').raw('account', 'updateStaff', { userId: b.userId, active: false });
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const viaOtherOrg = await as(cloud, 'staff-a').raw('account', 'listStaff', { orgCode: countyB });
    expect(viaOtherOrg).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  test('staff cannot grant more than they hold', async () => {
    const res = await as(cloud, 'staff-a').raw('account', 'createStaffInvite', { orgCode: countyA, permissions: ['child.reveal'] });
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const ok = await as(cloud, 'staff-a').ok('account', 'createStaffInvite', { orgCode: countyA, permissions: ['child.read'] });
    expect(ok.code).toMatch(/^[A-Z0-9]{8}$/);
  });

  test('a switched-off staff account loses the staff role at once', async () => {
    const listAll = await as(cloud, ADMIN).ok('account', 'listStaff', { orgCode: countyB });
    await as(cloud, ADMIN).ok('account', 'updateStaff', { userId: listAll.items[0].userId, active: false });
    const me = await as(cloud, 'staff-b').ok('account', 'login', {});
    expect(me.me.roles).not.toContain('staff');
    const res = await as(cloud, 'staff-b').raw('account', 'listStaff', {});
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  test('a permission missing from the grant is refused', async () => {
    await makeStaff('staff-narrow', countyA, ['child.read']);
    const res = await as(cloud, 'staff-narrow').raw('account', 'createOrg', { code: 'narrowSt', name: '某街道', level: 'street', parentCode: countyA });
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('权限') } });
  });
});

describe('staff invites', () => {
  test('twenty people redeeming one invite at once: exactly one wins', async () => {
    const { code } = await as(cloud, ADMIN).ok('account', 'createStaffInvite', { orgCode: countyA, permissions: ['child.read'] });
    const people = Array.from({ length: 20 }, (_, i) => `racer-${i}`);
    await Promise.all(people.map((p) => as(cloud, p).ok('account', 'login', {})));
    const results = await Promise.all(people.map((p) => as(cloud, p).raw('account', 'redeemStaffInvite', { code, name: '抢码人' })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const losers = results.filter((r) => !r.ok);
    expect(losers).toHaveLength(19);
    for (const r of losers) expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '该邀请码已被使用' } });
    const staffRows = (cloud.store.rawDocuments('users') as { openid: string; staff: unknown }[]).filter((u) => u.openid.startsWith('racer-') && u.staff);
    expect(staffRows).toHaveLength(1);
  });

  test('an unknown code is NOT_FOUND', async () => {
    await as(cloud, 'new-mum').ok('account', 'login', {});
    const res = await as(cloud, 'new-mum').raw('account', 'redeemStaffInvite', { code: 'ZZZZZZZZ', name: '某人' });
    expect(res).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('audit log', () => {
  test('admins read it; others cannot', async () => {
    const logs = await as(cloud, ADMIN).ok('account', 'listAudit', { fn: 'account' });
    expect(logs.items.length).toBeGreaterThan(0);
    expect(logs.items[0]).toHaveProperty('action');
    const res = await as(cloud, 'staff-a').raw('account', 'listAudit', {});
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
