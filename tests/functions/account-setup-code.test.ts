import { startTestCloud, as } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { FUNCTIONS } from '../../src/functions';
import { newSetupCode, setupCodeEvent } from '../../src/deploy/setup';
import { SETUP_REFUSALS } from '../../src/server/setup-code';

/**
 * The first admin by the setup code `npm run deploy` prints (issue: bootstrapping the first admin
 * was circular). The deploy stores the code through the account function's system job, which a
 * management-side invocation reaches with no user identity; the first person who enters the code
 * in the mini-program becomes admin. ADMIN_OPENIDS is not set in these tests.
 */
let cloud: LocalCloud;
const saved = process.env.ADMIN_OPENIDS;
beforeEach(async () => {
  delete process.env.ADMIN_OPENIDS;
  cloud = await startTestCloud();
});
afterEach(async () => {
  await cloud.close();
  if (saved === undefined) delete process.env.ADMIN_OPENIDS;
  else process.env.ADMIN_OPENIDS = saved;
});

/** What manager-node's invokeFunction delivers: the event, and a context without any OPENID. */
const invokeFromConsole = (event: object) => FUNCTIONS.account(event, {}) as Promise<{ ok: boolean; data?: Record<string, unknown>; error?: { code: string } }>;

async function issued(at = new Date(), force = false) {
  const code = newSetupCode();
  const res = await invokeFromConsole(setupCodeEvent(code, at, force));
  return { code, res };
}

test('a printed code makes the first person who enters it admin, with the code typed in any case and spacing', async () => {
  const { code, res } = await issued();
  expect(res).toMatchObject({ ok: true, data: { issued: true } });
  expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
  expect((await as(cloud, 'it-person').ok('account', 'login', {})).me.roles).toEqual(['donor']);
  const { me } = await as(cloud, 'it-person').ok('account', 'claimAdmin', { code: ` ${code.toLowerCase().replace(/-/g, ' ')} ` });
  expect(me.roles).toContain('admin');
  // she is admin from the data now, not from configuration
  expect((await as(cloud, 'it-person').ok('account', 'presets', {})).presets.map((p) => p.id)).toEqual(['xiamen-2017', 'suining-2019', 'jinjiang-2024', 'yueyang-2024', 'longgang-2019']);
  // the code is stored only as a hash
  const stored = JSON.stringify(cloud.store.rawDocuments('settings'));
  expect(stored).not.toContain(code);
  expect(stored).not.toContain(code.replace(/-/g, ''));
  // her retry after a lost answer succeeds; anyone else is refused and changes nothing
  expect((await as(cloud, 'it-person').ok('account', 'claimAdmin', { code })).me.roles).toContain('admin');
  const other = await as(cloud, 'someone-else').raw('account', 'claimAdmin', { code });
  expect(other).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: SETUP_REFUSALS.used } });
  expect((await as(cloud, 'someone-else').ok('account', 'login', {})).me.roles).toEqual(['donor']);
  const audit = (cloud.store.rawDocuments('audit_logs') as { action: string; ok: boolean }[]).filter((a) => a.action === 'claimAdmin');
  expect(audit.map((a) => a.ok)).toEqual([true, true]);
});

test('two people entering the code at once: exactly one becomes admin', async () => {
  const { code } = await issued();
  const people = Array.from({ length: 6 }, (_, i) => `racer-${i}`);
  const answers = await Promise.all(people.map((p) => as(cloud, p).raw('account', 'claimAdmin', { code })));
  expect(answers.filter((a) => a.ok)).toHaveLength(1);
  expect(answers.filter((a) => !a.ok).map((a) => (a as { error: { message: string } }).error.message)).toEqual(Array(5).fill(SETUP_REFUSALS.used));
  const admins = (cloud.store.rawDocuments('users') as { roles: string[] }[]).filter((u) => u.roles.includes('admin'));
  expect(admins).toHaveLength(1);
});

test('a wrong, expired or missing code is refused in Chinese and changes nothing', async () => {
  expect(await as(cloud, 'early').raw('account', 'claimAdmin', { code: 'ABCD-EFGH-JKMN' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: SETUP_REFUSALS.none } });
  const yesterday = new Date(Date.now() - 25 * 3600_000);
  const { code } = await issued(yesterday);
  expect(await as(cloud, 'late').raw('account', 'claimAdmin', { code })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: SETUP_REFUSALS.expired } });
  const { code: fresh } = await issued(new Date(), true);
  expect(await as(cloud, 'typo').raw('account', 'claimAdmin', { code: `${fresh.slice(0, -1)}X` === fresh ? `${fresh.slice(0, -1)}Y` : `${fresh.slice(0, -1)}X` })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: SETUP_REFUSALS.wrong } });
  expect(await as(cloud, 'blank').raw('account', 'claimAdmin', { code: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect((cloud.store.rawDocuments('users') as { roles: string[] }[]).some((u) => u.roles.includes('admin'))).toBe(false);
});

test('a rerun of deploy keeps a live code and a claimed one; --setup-code replaces either', async () => {
  const first = await issued();
  expect((await issued()).res).toMatchObject({ ok: true, data: { issued: false, reason: 'active' } });
  await as(cloud, 'it-person').ok('account', 'claimAdmin', { code: first.code });
  expect((await issued()).res).toMatchObject({ ok: true, data: { issued: false, reason: 'claimed' } });
  const forced = await issued(new Date(), true);
  expect(forced.res).toMatchObject({ ok: true, data: { issued: true } });
  expect((await as(cloud, 'second-admin').ok('account', 'claimAdmin', { code: forced.code })).me.roles).toContain('admin');
  // the first code no longer works
  expect(await as(cloud, 'third').raw('account', 'claimAdmin', { code: first.code })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
});

test('the system job cannot be reached by a user: with an OPENID, or through the gateway as an action', async () => {
  const event = setupCodeEvent(newSetupCode(), new Date(), true);
  const withUser = await FUNCTIONS.account(event, { environment: JSON.stringify({ WX_OPENID: 'sneaky' }) });
  expect(withUser).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(await as(cloud, 'sneaky').raw('account', 'issueSetupCode' as never, {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '不支持的操作' } });
  expect(cloud.store.rawDocuments('settings').some((d) => (d as { _id: string })._id === 'setup_code')).toBe(false);
  const bad = await invokeFromConsole({ Type: 'System', Job: 'issueSetupCode', codeHash: 'not-a-hash', expiresAt: 'x' });
  expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(await invokeFromConsole({ Type: 'System', Job: 'nope' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
});
