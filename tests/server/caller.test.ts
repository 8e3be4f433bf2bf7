import { getProgramme } from '../../src/programmes';
import { writeAudit } from '../../src/server/audit';
import { callerFrom, ensureUser, loadCaller, type UserDoc } from '../../src/server/caller';
import { shortCode, userIdFor } from '../../src/server/ids';
import { findRoot, getOrg, listSubtree, requireOrg, toOrgNode } from '../../src/server/orgs';
import { forgetProgramme, loadProgramme, requireProgramme, summarise } from '../../src/server/programme';
import { setClock } from '../../src/server/time';
import { fakeDb, type Row } from './fake-db';

/** The caller, org, audit and programme helpers of src/server, against an in-memory database. */
const T0 = Date.UTC(2026, 2, 1, 2, 0, 0);
const user = (over: Partial<UserDoc> = {}): UserDoc => ({
  _id: userIdFor('o-1'), openid: 'o-1', name: '某某', roles: ['donor'], staff: null, volunteerStatus: null,
  createdAt: '2026-01-01T00:00:00.000Z', lastLoginAt: '2026-01-01T00:00:00.000Z', ...over,
});
const grant = { orgCode: 'd1', orgName: '某区', orgPath: ['city', 'd1'], permissions: ['child.read'], active: true };

let savedAdmins: string | undefined;
beforeEach(() => {
  savedAdmins = process.env.ADMIN_OPENIDS;
  setClock(() => T0);
});
afterEach(() => {
  if (savedAdmins === undefined) delete process.env.ADMIN_OPENIDS;
  else process.env.ADMIN_OPENIDS = savedAdmins;
  setClock(null);
  forgetProgramme();
  jest.restoreAllMocks();
});

describe('ids', () => {
  test('a user id is "u" and 31 hex digits of the OPENID\'s sha256, the same every time', () => {
    expect(userIdFor('o-1')).toBe(userIdFor('o-1'));
    expect(userIdFor('o-1')).toMatch(/^u[0-9a-f]{31}$/);
    expect(userIdFor('abc')).toBe('uba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a'.slice(0, 32));
    expect(userIdFor('o-2')).not.toBe(userIdFor('o-1'));
  });

  test('short codes have the length asked (8 by default) and only unambiguous letters and digits', () => {
    expect(shortCode()).toHaveLength(8);
    expect(shortCode(12)).toHaveLength(12);
    for (let i = 0; i < 50; i++) expect(shortCode(20)).toMatch(/^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{20}$/);
    const seen = new Set(Array.from({ length: 2000 }, () => shortCode(1)));
    expect(seen.size).toBe(32); // every letter of the alphabet is reachable, no other
  });
});

describe('callerFrom', () => {
  test('a configured admin (trimmed, comma separated) holds admin and donor even with no row', () => {
    process.env.ADMIN_OPENIDS = ' a-1 , o-9,,';
    expect(callerFrom('o-9', null)).toEqual({ openid: 'o-9', userId: userIdFor('o-9'), user: null, roles: ['donor', 'admin'], isAdmin: true, staff: null });
    expect(callerFrom('a-1', null).isAdmin).toBe(true);
    expect(callerFrom('', null).isAdmin).toBe(false);
  });

  test('no configured admins: an unknown OPENID is a plain donor', () => {
    delete process.env.ADMIN_OPENIDS;
    expect(callerFrom('o-1', null)).toEqual({ openid: 'o-1', userId: userIdFor('o-1'), user: null, roles: ['donor'], isAdmin: false, staff: null });
  });

  test('roles come from the row; an active grant adds staff, an inactive one takes it away', () => {
    process.env.ADMIN_OPENIDS = 'someone-else';
    const volunteer = user({ roles: ['donor', 'volunteer'] });
    expect(callerFrom('o-1', volunteer)).toMatchObject({ roles: ['donor', 'volunteer'], isAdmin: false, staff: null });
    const staff = user({ roles: ['donor', 'staff'], staff: grant });
    expect(callerFrom('o-1', staff)).toMatchObject({ roles: ['donor', 'staff'], staff: grant });
    const newStaff = user({ roles: ['volunteer'], staff: grant });
    expect(callerFrom('o-1', newStaff).roles).toEqual(['donor', 'volunteer', 'staff']);
    const suspended = user({ roles: ['donor', 'staff'], staff: { ...grant, active: false } });
    expect(callerFrom('o-1', suspended)).toMatchObject({ roles: ['donor'], staff: null });
    const grantedAdmin = user({ roles: ['admin'] });
    expect(callerFrom('o-1', grantedAdmin)).toMatchObject({ roles: ['donor', 'admin'], isAdmin: true });
  });
});

describe('loadCaller and ensureUser', () => {
  test('loadCaller reads the row by the derived id, or none', async () => {
    delete process.env.ADMIN_OPENIDS;
    const { db, calls } = fakeDb({ users: [user({ roles: ['donor', 'volunteer'] }) as unknown as Row] });
    const c = await loadCaller(db, 'o-1');
    expect(c.roles).toEqual(['donor', 'volunteer']);
    expect(c.user?.name).toBe('某某');
    expect(calls).toEqual([`users.doc(${userIdFor('o-1')}).get`]);
    expect((await loadCaller(db, 'o-2')).user).toBeNull();
  });

  test('a known user gets her login time updated and is returned as she was', async () => {
    const { db, rows } = fakeDb({ users: [user() as unknown as Row] });
    const c = await loadCaller(db, 'o-1');
    expect(await ensureUser(db, c)).toBe(c);
    expect(rows('users')).toHaveLength(1);
    expect(rows('users')[0].lastLoginAt).toBe(new Date(T0).toISOString());
  });

  test('a first login writes a donor row and answers with it', async () => {
    delete process.env.ADMIN_OPENIDS;
    const { db, rows } = fakeDb();
    const c = await ensureUser(db, await loadCaller(db, 'o-1'));
    const at = new Date(T0).toISOString();
    const row = { _id: userIdFor('o-1'), openid: 'o-1', name: null, roles: ['donor'], staff: null, volunteerStatus: null, createdAt: at, lastLoginAt: at };
    expect(rows('users')).toEqual([row]);
    expect(c).toEqual({ openid: 'o-1', userId: userIdFor('o-1'), user: row, roles: ['donor'], isAdmin: false, staff: null });
  });

  test('two first logins at once: the loser\'s insert fails and she reads the winner\'s row', async () => {
    delete process.env.ADMIN_OPENIDS;
    const { db, failAddWhen, rows, calls } = fakeDb({ users: [] });
    const before = await loadCaller(db, 'o-1');
    // the winner's row lands between our read and our insert
    rows('users').push(user({ name: '先到者' }) as unknown as Row);
    failAddWhen(() => true);
    const c = await ensureUser(db, before);
    expect(c.user?.name).toBe('先到者');
    expect(rows('users')).toHaveLength(1);
    expect(calls.slice(1)).toEqual(['users.add', `users.doc(${userIdFor('o-1')}).get`]);
  });
});

describe('orgs', () => {
  const orgs: Row[] = [
    { _id: 'city', code: 'city', name: '某市', level: 'city', parentCode: null, path: ['city'] },
    { _id: 'd1', code: 'd1', name: '某区', level: 'district', parentCode: 'city', path: ['city', 'd1'] },
    { _id: 'd2', code: 'd2', name: '另一区', level: 'district', parentCode: 'city', path: ['city', 'd2'] },
  ];

  test('getOrg, requireOrg and findRoot', async () => {
    const { db } = fakeDb({ orgs });
    expect(await getOrg(db, 'd1')).toEqual(orgs[1]);
    expect(await getOrg(db, 'nope')).toBeNull();
    expect(await requireOrg(db, 'd2')).toEqual(orgs[2]);
    await expect(requireOrg(db, 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND', message: '没有找到该组织' });
    expect(await findRoot(db)).toEqual(orgs[0]);
    expect(await findRoot(fakeDb({ orgs: [orgs[2], orgs[1], orgs[0]] }).db)).toEqual(orgs[0]);
    expect(await findRoot(fakeDb().db)).toBeNull();
    expect(toOrgNode(orgs[1] as never)).toEqual({ code: 'd1', name: '某区', level: 'district', parentCode: 'city', path: ['city', 'd1'] });
  });

  test('listSubtree pages past 1000 nodes and stops on a short page', async () => {
    const many: Row[] = Array.from({ length: 2500 }, (_, i) => ({ _id: `s${String(i).padStart(4, '0')}`, code: `s${i}`, path: ['city', 'd1', `s${i}`] }));
    const { db, calls } = fakeDb({ orgs: [...orgs, ...many] });
    const sub = await listSubtree(db, 'd1');
    expect(sub).toHaveLength(2501);
    expect(sub[0]._id).toBe('d1');
    expect(calls).toEqual([0, 1000, 2000].map((s) => `orgs.where({"path":"d1"}).orderBy(_id,asc).skip(${s}).limit(1000).get`));
    const all = await listSubtree(db);
    expect(all).toHaveLength(2503);
    const exact = fakeDb({ orgs: many.slice(0, 1000) });
    expect(await listSubtree(exact.db)).toHaveLength(1000);
    expect(exact.calls).toEqual([0, 1000].map((s) => `orgs.where({}).orderBy(_id,asc).skip(${s}).limit(1000).get`));
  });
});

test('writeAudit: one entry naming who, when, what and every id and field touched', async () => {
  process.env.ADMIN_OPENIDS = '';
  const { db, rows } = fakeDb();
  const staff = callerFrom('o-1', user({ roles: ['donor', 'staff'], staff: grant }));
  await writeAudit(db, staff, { fn: 'child', action: 'reveal' }, true, [
    { kind: 'child', ids: ['c1', 'c2'], fields: ['idNumber', 'phone'] },
    { kind: 'pairing', ids: ['p1'], fields: ['phone'] },
  ]);
  await writeAudit(db, callerFrom('o-2', null), { fn: 'account', action: 'login' }, false, []);
  expect(rows('audit_logs')).toEqual([
    { _id: 'id1', at: new Date(T0).toISOString(), actorId: userIdFor('o-1'), actorRoles: ['donor', 'staff'], actorOrg: 'd1', fn: 'child', action: 'reveal', ok: true, targetKind: 'child', targetIds: ['c1', 'c2', 'p1'], fields: ['idNumber', 'phone'] },
    { _id: 'id2', at: new Date(T0).toISOString(), actorId: userIdFor('o-2'), actorRoles: ['donor'], actorOrg: null, fn: 'account', action: 'login', ok: false, targetKind: null, targetIds: [], fields: [] },
  ]);
});

describe('programme', () => {
  test('the preset named in settings, read once per 30 seconds', async () => {
    const { db, calls } = fakeDb({ settings: [{ _id: 'programme', presetId: 'suining-2019' }] });
    let t = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => t);
    const first = await loadProgramme(db);
    // an environment from before versions: its preset is version 1, from switch-on
    expect(first).toEqual({ ...getProgramme('suining-2019'), version: 1, earlierRules: [] });
    t += 29_999;
    expect(await requireProgramme(db)).toBe(first);
    expect(calls).toHaveLength(1);
    t += 1;
    await loadProgramme(db);
    expect(calls).toHaveLength(2);
    forgetProgramme();
    await loadProgramme(db);
    expect(calls).toHaveLength(3);
  });

  test('versions: the one in effect on the day (China), with the visit rules of those before it', async () => {
    const v1 = getProgramme('jinjiang-2024')!;
    const v2 = { ...v1, name: '第二版' };
    const version = (n: number, effectiveFrom: string | null, programme: typeof v1) => ({ version: n, effectiveFrom, programme, basedOn: v1.id, by: null, byName: null, at: '', reason: '' });
    const { db } = fakeDb({ settings: [{ _id: 'programme', presetId: v1.id, versionCount: 2, versions: [version(1, null, v1), version(2, '2026-04-01', v2)] }] });
    try {
      setClock(() => Date.parse('2026-03-31T23:59:00+08:00'));
      forgetProgramme();
      expect(await loadProgramme(db)).toMatchObject({ name: v1.name, version: 1, earlierRules: [] });
      setClock(() => Date.parse('2026-04-01T00:00:00+08:00'));
      const running = (await loadProgramme(db))!;
      expect(running).toMatchObject({ name: '第二版', version: 2 });
      expect(running.earlierRules).toEqual([{ visitRules: v1.visitRules, lateStartGrace: v1.lateStartGrace, until: Date.parse('2026-04-01T00:00:00+08:00') }]);
    } finally {
      setClock(null);
      forgetProgramme();
    }
  });

  test('no settings, no preset id or an unknown preset: none, and requireProgramme says so', async () => {
    for (const settings of [[], [{ _id: 'programme' }], [{ _id: 'programme', presetId: 'nowhere' }]] as Row[][]) {
      forgetProgramme();
      const { db } = fakeDb({ settings });
      expect(await loadProgramme(db)).toBeNull();
      forgetProgramme();
      await expect(requireProgramme(db)).rejects.toMatchObject({ code: 'NOT_FOUND', message: '本环境尚未启用项目，请联系管理员' });
    }
  });

  test('summarise names the programme', () => {
    const p = getProgramme('suining-2019')!;
    expect(summarise(p)).toEqual({ id: 'suining-2019', name: p.name, brandName: p.brandName, city: p.city });
  });
});
