import { startTestCloud, callRaw, as, snapshot, ADMIN, post, fireTimer } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import * as runtime from '../../src/server/runtime';

/** The envelope holds on any input: a code, a Chinese message, and nothing written. */
let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
  await as(cloud, ADMIN).ok('account', 'login', {});
  await as(cloud, ADMIN).ok('account', 'setupProgramme', { presetId: 'suining-2019' });
});
afterAll(() => cloud.close());

const chinese = /[\u4e00-\u9fa5]/;

/** Only a refused attempt at an audited action may write, and only its audit entry. */
const withoutAudit = (snap: string) => JSON.stringify((JSON.parse(snap) as [string, unknown][]).filter(([c]) => c !== 'audit_logs'));

async function expectRefused(openid: string, event: unknown, code: string, message?: RegExp) {
  const before = code === 'FORBIDDEN' ? withoutAudit(snapshot(cloud)) : snapshot(cloud);
  const res = await callRaw(cloud, openid, 'account', event);
  expect(res.ok).toBe(false);
  if (res.ok) return;
  expect(res.error.code).toBe(code);
  expect(res.error.message).toMatch(chinese);
  if (message) expect(res.error.message).toMatch(message);
  expect(code === 'FORBIDDEN' ? withoutAudit(snapshot(cloud)) : snapshot(cloud)).toBe(before);
}

test('unknown action and malformed events', async () => {
  await expectRefused(ADMIN, { action: 'dropDatabase', data: {} }, 'INVALID_INPUT', /不支持/);
  await expectRefused(ADMIN, { data: {} }, 'INVALID_INPUT');
  await expectRefused(ADMIN, { action: 42 }, 'INVALID_INPUT');
  await expectRefused(ADMIN, { action: '__proto__', data: {} }, 'INVALID_INPUT');
  await expectRefused(ADMIN, { action: 'toString', data: {} }, 'INVALID_INPUT');
  const res = await post(`${cloud.url}/functions/account`, 'not json{', { 'x-openid': ADMIN });
  expect(res).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '请求格式不正确' } });
});

test('no identity is UNAUTHENTICATED', async () => {
  await expectRefused('', { action: 'login', data: {} }, 'UNAUTHENTICATED');
});

test('wrong types and missing fields name the field in Chinese', async () => {
  await expectRefused(ADMIN, { action: 'createOrg', data: { code: 'x1', level: 'street', parentCode: 'nope' } }, 'INVALID_INPUT', /组织名称/);
  await expectRefused(ADMIN, { action: 'createOrg', data: { code: 'x1', name: 123, level: 'street', parentCode: 'p' } }, 'INVALID_INPUT', /组织名称/);
  await expectRefused(ADMIN, { action: 'createOrg', data: { code: 'x 1', name: '某街道', level: 'street', parentCode: 'p' } }, 'INVALID_INPUT', /组织编码/);
  await expectRefused(ADMIN, { action: 'createOrg', data: { code: 'x1', name: '某街道', level: 'planet', parentCode: 'p' } }, 'INVALID_INPUT', /组织层级/);
  await expectRefused(ADMIN, { action: 'createStaffInvite', data: { orgCode: 'p', permissions: ['fly'] } }, 'INVALID_INPUT', /权限/);
  await expectRefused(ADMIN, { action: 'login', data: { extra: 1 } }, 'INVALID_INPUT', /无法识别/);
  await expectRefused(ADMIN, { action: 'listStaff', data: { page: -1 } }, 'INVALID_INPUT', /页码/);
  await expectRefused(ADMIN, { action: 'listStaff', data: { page: '1' } }, 'INVALID_INPUT', /页码/);
});

test('huge strings and huge bodies are refused without writing', async () => {
  await expectRefused(ADMIN, { action: 'createOrg', data: { code: 'x1', name: '长'.repeat(5000), level: 'street', parentCode: 'p' } }, 'INVALID_INPUT', /组织名称不能超过40个字/);
  // over the handler's 100,000 characters but under the platform's 100 KB body: the handler refuses it
  await expectRefused(ADMIN, { action: 'login', data: { pad: 'x'.repeat(100_500) } }, 'INVALID_INPUT', /过大/);
  // over 100 KB the platform refuses it before the function runs (EXCEED_MAX_PAYLOAD_SIZE, localcloud/limits.ts)
  const before = snapshot(cloud);
  expect(await callRaw(cloud, ADMIN, 'account', { action: 'login', data: { pad: 'x'.repeat(200_000) } })).toMatchObject({ code: 'EXCEED_MAX_PAYLOAD_SIZE' });
  expect(snapshot(cloud)).toBe(before);
  await expectRefused(ADMIN, { action: 'redeemStaffInvite', data: { code: 'A'.repeat(10_000), name: '某人' } }, 'INVALID_INPUT', /邀请码/);
});

test('a role check refuses before anything happens', async () => {
  await as(cloud, 'plain-user').ok('account', 'login', {});
  await expectRefused('plain-user', { action: 'setupProgramme', data: { presetId: 'suining-2019' } }, 'FORBIDDEN');
  await expectRefused('plain-user', { action: 'listAudit', data: {} }, 'FORBIDDEN');
});

test('an unexpected failure becomes INTERNAL, never a thrown error', async () => {
  const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const db = jest.spyOn(runtime, 'getDb').mockImplementation(() => {
    throw new Error('database unreachable');
  });
  const res = await callRaw(cloud, ADMIN, 'account', { action: 'login', data: {} });
  expect(res).toEqual({ ok: false, error: { code: 'INTERNAL', message: '系统繁忙，请稍后再试' } });
  expect(spy).toHaveBeenCalled();
  db.mockRestore();
  spy.mockRestore();
});

test('data nested 5,000 arrays deep (a 10 KB body) is refused as too deep by every function, writing nothing', async () => {
  // built by hand: JSON.stringify itself overflows the stack on it, as the old size check did
  const deep = '['.repeat(5000) + ']'.repeat(5000);
  const before = snapshot(cloud);
  for (const [fn, action] of [['account', 'login'], ['account', 'createOrg'], ['visit', 'checkIn'], ['wish', 'claim'], ['pairing', 'propose'], ['child', 'create'], ['report', 'save'], ['volunteer', 'submit']]) {
    const res = await post(`${cloud.url}/functions/${fn}`, `{"action":"${action}","data":${deep}}`, { 'x-openid': ADMIN });
    expect(res).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '提交的内容层级过深' } });
    const nested = await post(`${cloud.url}/functions/${fn}`, `{"action":"${action}","data":{"note":${deep}}}`, { 'x-openid': ADMIN });
    expect(nested).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '提交的内容层级过深' } });
  }
  expect(snapshot(cloud)).toBe(before);
});

test('a lone surrogate in a text field is refused with the field named; a paired one (an emoji) is kept', async () => {
  await expectRefused(ADMIN, { action: 'createOrg', data: { code: 'x1', name: '某\ud800街道', level: 'street', parentCode: 'p' } }, 'INVALID_INPUT', /^组织名称含有无法识别的字符/);
  await expectRefused(ADMIN, { action: 'createOrg', data: { code: 'x1', name: '\udc00', level: 'street', parentCode: 'p' } }, 'INVALID_INPUT', /^组织名称含有无法识别的字符/);
  await expectRefused(ADMIN, { action: 'login', data: { '\ud83d': 1 } }, 'INVALID_INPUT', /^提交的内容含有无法识别的字符/);
  const org = await as(cloud, ADMIN).ok('account', 'listOrgs', {});
  const parent = org.nodes.find((n) => n.level === 'district')!;
  const made = await as(cloud, ADMIN).ok('account', 'createOrg', { code: 'emoji1', name: '街道😀', level: 'street', parentCode: parent.code });
  expect(made.node.name).toBe('街道😀');
});

test('a control character in a text field is refused with the field named; line breaks and tabs are kept', async () => {
  await expectRefused(ADMIN, { action: 'createOrg', data: { code: 'x2', name: '某\u0000街道', level: 'street', parentCode: 'p' } }, 'INVALID_INPUT', /^组织名称含有不可见的控制字符，请删除后重新输入$/);
  await expectRefused(ADMIN, { action: 'createOrg', data: { code: 'x2', name: '\u001b[2J街道', level: 'street', parentCode: 'p' } }, 'INVALID_INPUT', /^组织名称含有不可见的控制字符/);
  await expectRefused(ADMIN, { action: 'login', data: { 'a\u0007': 1 } }, 'INVALID_INPUT', /^提交的内容含有不可见的控制字符/);
});

test('an event shaped like a timer or a system job, sent as a client call without an identity, runs nothing', async () => {
  // POST /functions/<name> stands for a mini-program's callFunction, whose context always names
  // the app; only the platform's trigger (here /timers/…) and manager-node's invokeFunction do not
  for (const [fn, event] of [['visit', { Type: 'Timer', TriggerName: 'reminders' }], ['account', { Type: 'System', Job: 'issueSetupCode' }], ['pairing', { Type: 'Timer', TriggerName: 'lapse' }]] as const) {
    const before = snapshot(cloud);
    expect(await callRaw(cloud, '', fn, event)).toEqual({ ok: false, error: { code: 'INVALID_INPUT', message: '不支持的操作' } });
    expect(snapshot(cloud)).toBe(before);
  }
  // the same job fired as the platform fires it runs (and writes its run marker)
  const before = snapshot(cloud);
  expect(await fireTimer(cloud, 'visit', 'reminders')).toMatchObject({ ok: true });
  expect(snapshot(cloud)).not.toBe(before);
});
