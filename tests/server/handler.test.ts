import { userIdFor } from '../../src/server/ids';
import { fakeDb, type Row } from './fake-db';

/**
 * The function wrapper (src/server/handler.ts) on its own: the real contract of the account
 * function, stub handlers, an in-memory database and a context whose `openid` stands for the
 * OPENID CloudBase would give. Every answer is checked whole.
 */
let store = fakeDb();
jest.mock('../../src/server/runtime', () => ({
  getDb: jest.fn(() => store.db),
  openidFromContext: jest.fn((ctx: unknown) => (ctx && typeof ctx === 'object' && (ctx as { openid?: string }).openid) || null),
  // the real one reads WX_OPENID / WX_APPID (tests/functions/envelope.test.ts goes through it)
  fromWeChatClient: jest.fn((ctx: unknown) => Boolean(ctx && typeof ctx === 'object' && ((ctx as { openid?: string }).openid || (ctx as { appid?: string }).appid))),
}));
// imported after the mock so the wrapper binds to it
import * as runtime from '../../src/server/runtime';
import { createFunction, type Ctx } from '../../src/server/handler';
import { setClock } from '../../src/server/time';

const T0 = Date.UTC(2026, 4, 1, 1, 0, 0);
const AT = new Date(T0).toISOString();
const as = (openid: string) => ({ openid });
const grant = (permissions: string[], active = true) => ({ orgCode: 'd1', orgName: '某区', orgPath: ['city', 'd1'], permissions, active });
const userRow = (openid: string, over: Record<string, unknown>): Row => ({
  _id: userIdFor(openid), openid, name: null, roles: ['donor'], staff: null, volunteerStatus: null, createdAt: AT, lastLoginAt: AT, ...over,
});
const ME = { userId: 'u', name: null, roles: ['donor'], staff: null, volunteerStatus: null };

type Stub = jest.Mock<Promise<unknown>, [unknown, Ctx]>;
let handlers: Record<string, Stub>;
let main: ReturnType<typeof createFunction>;
let savedAdmins: string | undefined;

beforeEach(() => {
  jest.clearAllMocks();
  savedAdmins = process.env.ADMIN_OPENIDS;
  process.env.ADMIN_OPENIDS = 'the-admin';
  setClock(() => T0);
  store = fakeDb({
    users: [
      userRow('staff-org', { roles: ['donor', 'staff'], staff: grant(['org.manage']) }),
      userRow('staff-none', { roles: ['donor', 'staff'], staff: grant(['child.read']) }),
      userRow('staff-off', { roles: ['donor', 'staff'], staff: grant(['org.manage'], false) }),
      userRow('admin-staff', { roles: ['donor', 'staff', 'admin'], staff: grant(['child.read']) }),
    ],
  });
  handlers = new Proxy({} as Record<string, Stub>, {
    get: (t, k: string) => (t[k] ??= jest.fn(async (_i: unknown, _c: Ctx): Promise<unknown> => ({}))),
  });
  main = createFunction('account', handlers as never, { timers: { nightly: async ({ now }) => ({ ran: now().toISOString() }) } });
});
afterEach(() => {
  if (savedAdmins === undefined) delete process.env.ADMIN_OPENIDS;
  else process.env.ADMIN_OPENIDS = savedAdmins;
  setClock(null);
  jest.restoreAllMocks();
});

const refused = (code: string, message: string) => ({ ok: false, error: { code, message } });
const UNSUPPORTED = refused('INVALID_INPUT', '不支持的操作');
const FORBIDDEN = refused('FORBIDDEN', '您没有权限进行此操作');
const NO_PERMISSION = refused('FORBIDDEN', '您没有此项操作的权限，请联系管理员开通');
const INTERNAL = refused('INTERNAL', '系统繁忙，请稍后再试');

describe('timer events', () => {
  test('a timer trigger with no identity runs its job as the system', async () => {
    expect(await main({ Type: 'Timer', TriggerName: 'nightly' }, {})).toEqual({ ok: true, data: { ran: '2026-05-01T01:00:00.000Z' } });
    expect(await main({ Type: 'Timer', TriggerName: 'nightly' }, undefined)).toEqual({ ok: true, data: { ran: '2026-05-01T01:00:00.000Z' } });
  });

  test('with an identity, an unknown trigger, an inherited name or a function without timers: refused', async () => {
    expect(await main({ Type: 'Timer', TriggerName: 'nightly' }, as('someone'))).toEqual(UNSUPPORTED);
    // a mini-program's call without a user still names the app: not the platform's timer
    expect(await main({ Type: 'Timer', TriggerName: 'nightly' }, { appid: 'wx-app' })).toEqual(UNSUPPORTED);
    expect(await main({ Type: 'Timer', TriggerName: 'weekly' }, {})).toEqual(UNSUPPORTED);
    expect(await main({ Type: 'Timer', TriggerName: 'toString' }, {})).toEqual(UNSUPPORTED);
    const bare = createFunction('account', handlers as never);
    expect(await bare({ Type: 'Timer', TriggerName: 'nightly' }, {})).toEqual(UNSUPPORTED);
  });

  test('something shaped almost like a timer is an ordinary call', async () => {
    expect(await main({ Type: 'timer', TriggerName: 'nightly' }, {})).toEqual(UNSUPPORTED);
    expect(await main({ Type: 'Timer', TriggerName: 7 }, {})).toEqual(UNSUPPORTED);
    handlers.readNotices.mockResolvedValue({ unread: 0 });
    expect(await main({ Type: 'Timer', TriggerName: 7, action: 'readNotices', data: {} }, as('o-1'))).toEqual({ ok: true, data: { unread: 0 } });
    expect(await main({ Type: 'Timer', TriggerName: 'nightly', action: 'login', data: {} }, as('o-1'))).toEqual(UNSUPPORTED);
  });

  test('a failing job answers INTERNAL and is logged with the function and trigger', async () => {
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const failing = createFunction('account', handlers as never, { timers: { nightly: async () => { throw new Error('boom'); } } });
    expect(await failing({ Type: 'Timer', TriggerName: 'nightly' }, {})).toEqual(INTERNAL);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0][0]).toBe('[account timer nightly]');
  });
});

// CloudBase hands a function WeChat's message pushes as JSON packets ({ MsgType, Event, … }) and
// our deploy's system jobs as { Type: 'System', Job }; anything only close to either is a call.
describe('system jobs and message pushes', () => {
  const jobs = () =>
    createFunction('account', handlers as never, {
      system: { rotate: async (e, { now }) => ({ job: e.Job, at: now().toISOString() }) },
      pushes: { subscribe_msg_popup_event: async (e) => ({ got: e.Event }) },
    });
  const READ = { ok: true, data: { unread: 0 } };

  test('a system job runs without a WeChat identity; with one, unknown or inherited: refused', async () => {
    const f = jobs();
    expect(await f({ Type: 'System', Job: 'rotate' }, {})).toEqual({ ok: true, data: { job: 'rotate', at: AT } });
    expect(await f({ Type: 'System', Job: 'rotate' }, as('someone'))).toEqual(UNSUPPORTED);
    expect(await f({ Type: 'System', Job: 'other' }, {})).toEqual(UNSUPPORTED);
    expect(await f({ Type: 'System', Job: 'toString' }, {})).toEqual(UNSUPPORTED);
    expect(await createFunction('account', handlers as never)({ Type: 'System', Job: 'rotate' }, {})).toEqual(UNSUPPORTED);
  });

  test('something shaped almost like a system job is an ordinary call', async () => {
    const f = jobs();
    handlers.readNotices.mockResolvedValue({ unread: 0 });
    expect(await f({ Type: 'system', Job: 'rotate', action: 'readNotices', data: {} }, as('o-1'))).toEqual(READ);
    expect(await f({ Type: 'System', Job: ['rotate'], action: 'readNotices', data: {} }, as('o-1'))).toEqual(READ);
  });

  test('a message push runs its job by Event, whoever the context names', async () => {
    const f = jobs();
    expect(await f({ MsgType: 'event', Event: 'subscribe_msg_popup_event', ToUserName: 'gh_x' }, as('o-1'))).toEqual({ ok: true, data: { got: 'subscribe_msg_popup_event' } });
    expect(await f({ MsgType: 'event', Event: 'user_enter_tempsession' }, as('o-1'))).toEqual(UNSUPPORTED);
    expect(await f({ MsgType: 'event', Event: 'toString' }, as('o-1'))).toEqual(UNSUPPORTED);
  });

  test('a push job that fails answers INTERNAL and is logged with the function and event', async () => {
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const f = createFunction('account', handlers as never, { pushes: { subscribe_msg_popup_event: async () => { throw new Error('boom'); } } });
    expect(await f({ MsgType: 'event', Event: 'subscribe_msg_popup_event' }, as('o-1'))).toEqual(INTERNAL);
    expect(log.mock.calls[0][0]).toBe('[account push subscribe_msg_popup_event]');
  });

  test('something shaped almost like a push is an ordinary call: with an action, another MsgType, an Event not text', async () => {
    const f = jobs();
    handlers.readNotices.mockResolvedValue({ unread: 0 });
    expect(await f({ MsgType: 'event', Event: 'subscribe_msg_popup_event', action: 'readNotices', data: {} }, as('o-1'))).toEqual(READ);
    expect(await f({ MsgType: 'text', Event: 'subscribe_msg_popup_event' }, as('o-1'))).toEqual(UNSUPPORTED);
    expect(await f({ MsgType: 'event', Event: ['subscribe_msg_popup_event'] }, as('o-1'))).toEqual(UNSUPPORTED);
  });
});

describe('the envelope of a call', () => {
  test('not an object, no action, an unknown or inherited action', async () => {
    for (const e of [null, undefined, 'login', 42]) expect(await main(e, as('o-1'))).toEqual(refused('INVALID_INPUT', '请求格式不正确'));
    for (const e of [{}, { action: 42 }, { action: 'dropDatabase' }, { action: '__proto__' }, { action: 'hasOwnProperty' }]) {
      expect(await main(e, as('o-1'))).toEqual(UNSUPPORTED);
    }
    expect(runtime.getDb).not.toHaveBeenCalled();
  });

  test('the body limit is 100 000 characters of JSON', async () => {
    const pad = (n: number) => ({ pad: 'x'.repeat(n) }); // {"pad":"…"} is n + 10 characters
    expect(await main({ action: 'login', data: pad(99_991) }, as('o-1'))).toEqual(refused('INVALID_INPUT', '提交的内容过大'));
    const atLimit = await main({ action: 'login', data: pad(99_990) }, as('o-1'));
    expect(atLimit.ok).toBe(false);
    expect(atLimit).not.toEqual(refused('INVALID_INPUT', '提交的内容过大'));
  });

  test('no identity: UNAUTHENTICATED before the input is looked at', async () => {
    expect(await main({ action: 'login', data: { bad: 1 } }, {})).toEqual(refused('UNAUTHENTICATED', '请先登录'));
    expect(await main({ action: 'login' }, null)).toEqual(refused('UNAUTHENTICATED', '请先登录'));
  });

  test('bad input is refused in Chinese before anything is read or written', async () => {
    const res = await main({ action: 'createOrg', data: { code: 'x1', level: 'street', parentCode: 'p' } }, as('the-admin'));
    expect(res).toEqual(refused('INVALID_INPUT', '请填写组织名称'));
    // the value is reported to the wording: present but of the wrong type is not "missing"
    expect(await main({ action: 'createOrg', data: { code: 'x1', name: 123, level: 'street', parentCode: 'p' } }, as('the-admin'))).toEqual(refused('INVALID_INPUT', '组织名称的格式不正确'));
    expect(runtime.getDb).not.toHaveBeenCalled();
    expect(store.calls).toEqual([]);
    expect(handlers.createOrg).not.toHaveBeenCalled();
  });

  test('the handler gets the parsed input (defaults filled) and the caller; a missing data is {}', async () => {
    handlers.notices.mockResolvedValue({ items: [], unread: 0 });
    expect(await main({ action: 'notices' }, as('o-1'))).toEqual({ ok: true, data: { items: [], unread: 0 } });
    const [input, ctx] = handlers.notices.mock.calls[0];
    expect(input).toEqual({ limit: 30 });
    expect(ctx.caller).toMatchObject({ openid: 'o-1', userId: userIdFor('o-1'), roles: ['donor'], isAdmin: false });
    expect(ctx.now().toISOString()).toBe('2026-05-01T01:00:00.000Z');
    expect(ctx.db).toBe(store.db);
  });

  test('the output schema strips what it does not declare; an output that breaks it is INTERNAL', async () => {
    handlers.readNotices.mockResolvedValue({ unread: 2, secret: 'x' });
    expect(await main({ action: 'readNotices', data: {} }, as('o-1'))).toEqual({ ok: true, data: { unread: 2 } });
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    handlers.readNotices.mockResolvedValue({ unread: 'two' });
    expect(await main({ action: 'readNotices', data: {} }, as('o-1'))).toEqual(INTERNAL);
    expect(log.mock.calls[0][0]).toBe('[account.readNotices]');
  });

  test('an AppError keeps its code and message; anything else is INTERNAL and logged', async () => {
    const { AppError } = await import('../../src/contract');
    handlers.listOrgs.mockRejectedValue(new AppError('NOT_FOUND', '没有找到该组织'));
    expect(await main({ action: 'listOrgs', data: {} }, as('o-1'))).toEqual(refused('NOT_FOUND', '没有找到该组织'));
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    handlers.listOrgs.mockRejectedValue(new TypeError('x is undefined'));
    expect(await main({ action: 'listOrgs', data: {} }, as('o-1'))).toEqual(INTERNAL);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0][0]).toBe('[account.listOrgs]');
  });
});

describe('roles and permissions', () => {
  const createOrg = { action: 'createOrg', data: { code: 'x1', name: '某街道', level: 'street', parentCode: 'd1' } };
  const node = { node: { code: 'x1', name: '某街道', level: 'street', parentCode: 'd1', path: ['city', 'd1', 'x1'] } };
  beforeEach(() => handlers.createOrg.mockResolvedValue(node));

  test('public actions for anyone with an identity', async () => {
    handlers.login.mockResolvedValue({ me: ME, programme: null });
    expect(await main({ action: 'login', data: {} }, as('stranger'))).toEqual({ ok: true, data: { me: ME, programme: null } });
  });

  test('a role the caller lacks: the plain refusal', async () => {
    expect(await main(createOrg, as('stranger'))).toEqual(FORBIDDEN);
    expect(await main({ action: 'listAudit', data: {} }, as('staff-org'))).toEqual(FORBIDDEN);
    expect(await main(createOrg, as('staff-off'))).toEqual(FORBIDDEN); // a switched-off grant is no staff role
    expect(handlers.createOrg).not.toHaveBeenCalled();
  });

  test('staff without the action\'s permission: the permission refusal; with it, the handler runs', async () => {
    expect(await main(createOrg, as('staff-none'))).toEqual(NO_PERMISSION);
    expect(handlers.createOrg).not.toHaveBeenCalled();
    expect(await main(createOrg, as('staff-org'))).toEqual({ ok: true, data: node });
  });

  test('an admin passes every role and permission check', async () => {
    handlers.listAudit.mockResolvedValue({ items: [], total: 0, page: 1, pageSize: 20, asOf: '2024-03-01T00:00:00.000Z', actions: [] });
    expect(await main(createOrg, as('the-admin'))).toEqual({ ok: true, data: node });
    // an admin (granted in data) who also holds a staff grant without the permission
    expect(await main(createOrg, as('admin-staff'))).toEqual({ ok: true, data: node });
    expect((await main({ action: 'listAudit', data: {} }, as('the-admin'))).ok).toBe(true);
  });
});

describe('audit', () => {
  const renameOrg = { action: 'renameOrg', data: { code: 'd1', name: '新名字' } };
  const node = { node: { code: 'd1', name: '新名字', level: 'district', parentCode: 'city', path: ['city', 'd1'] } };
  const entry = (openid: string, roles: string[], ok: boolean, extra: Record<string, unknown> = {}) => ({
    _id: expect.any(String), at: AT, actorId: userIdFor(openid), actorRoles: roles, actorOrg: 'd1', fn: 'account', action: 'renameOrg', ok,
    targetKind: null, targetIds: [], fields: [], ...extra,
  });

  test('an audited success writes one entry with the targets the handler named', async () => {
    handlers.renameOrg.mockImplementation(async (_i, ctx) => {
      ctx.auditTarget({ kind: 'org', ids: ['d1'], fields: ['name'] });
      return node;
    });
    expect(await main(renameOrg, as('staff-org'))).toEqual({ ok: true, data: node });
    expect(store.rows('audit_logs')).toEqual([entry('staff-org', ['donor', 'staff'], true, { targetKind: 'org', targetIds: ['d1'], fields: ['name'] })]);
  });

  test('a refused attempt at an audited action is written too, from the role check or the handler', async () => {
    expect(await main(renameOrg, as('staff-none'))).toEqual(NO_PERMISSION);
    handlers.renameOrg.mockImplementation(async (_i, ctx) => {
      ctx.auditTarget({ kind: 'org', ids: ['d9'] });
      const { AppError } = await import('../../src/contract');
      throw new AppError('FORBIDDEN', '该记录不在您的管辖范围内');
    });
    expect(await main(renameOrg, as('staff-org'))).toEqual(refused('FORBIDDEN', '该记录不在您的管辖范围内'));
    expect(store.rows('audit_logs')).toEqual([
      entry('staff-none', ['donor', 'staff'], false),
      entry('staff-org', ['donor', 'staff'], false, { targetKind: 'org', targetIds: ['d9'] }),
    ]);
  });

  test('other refusals, unaudited actions and failed output are not written; a failing audit write does not change the answer', async () => {
    const { AppError } = await import('../../src/contract');
    handlers.renameOrg.mockRejectedValue(new AppError('NOT_FOUND', '没有找到该组织'));
    expect(await main(renameOrg, as('staff-org'))).toEqual(refused('NOT_FOUND', '没有找到该组织'));
    handlers.listOrgs.mockResolvedValue({ nodes: [] });
    expect(await main({ action: 'listOrgs', data: {} }, as('staff-org'))).toEqual({ ok: true, data: { nodes: [] } });
    expect(await main({ action: 'createOrg', data: { code: 'x1', name: '某', level: 'street', parentCode: 'd1' } }, as('stranger'))).toEqual(FORBIDDEN);
    expect(store.rows('audit_logs')).toEqual([
      { ...entry('stranger', ['donor'], false), actorOrg: null, action: 'createOrg' },
    ]);
    store.failAddWhen((name) => name === 'audit_logs');
    expect(await main(renameOrg, as('staff-none'))).toEqual(NO_PERMISSION);
  });
});
