import { fromWeChatClient, getApp, getDb, openidFromContext } from '../../src/server/runtime';

/** src/server/runtime.ts: the OPENID only from a WeChat-shaped context, one SDK app per redirect target. */
const ctx = (env: Record<string, string>) => ({ request_id: 'r1', function_name: 'account', namespace: 'e', environment: JSON.stringify(env) });

let saved: string | undefined;
beforeEach(() => {
  saved = process.env.TCB_CONTEXT_CNFG;
});
afterEach(() => {
  if (saved === undefined) delete process.env.TCB_CONTEXT_CNFG;
  else process.env.TCB_CONTEXT_CNFG = saved;
});

test('the OPENID comes from the context WeChat gives, nothing else', () => {
  expect(openidFromContext(ctx({ WX_OPENID: 'o-1', WX_APPID: 'wx1' }))).toBe('o-1');
  expect(openidFromContext(ctx({ WX_OPENID: '', WX_APPID: 'wx1' }))).toBeNull();
  expect(openidFromContext(ctx({ WX_APPID: 'wx1' }))).toBeNull();
  expect(openidFromContext(null)).toBeNull();
  expect(openidFromContext(undefined)).toBeNull();
  expect(openidFromContext('WX_OPENID=o-1')).toBeNull();
  expect(openidFromContext(7)).toBeNull();
  // a context the SDK cannot read (it throws) is no identity either
  expect(openidFromContext({ environment: '{not json' })).toBeNull();
});

test('a call from a WeChat client names the app or the user; a timer or the deploy\'s system job names neither', () => {
  expect(fromWeChatClient(ctx({ WX_OPENID: 'o-1', WX_APPID: 'wx1' }))).toBe(true);
  expect(fromWeChatClient(ctx({ WX_OPENID: '', WX_APPID: 'wx1' }))).toBe(true); // the app alone: a client call without a user
  expect(fromWeChatClient(ctx({ WX_OPENID: 'o-1' }))).toBe(true);
  // a timer trigger's context: request ids and the function's environment, no WX_ keys
  expect(fromWeChatClient(ctx({ TCB_ENV: 'e', SCF_NAMESPACE: 'e' }))).toBe(false);
  expect(fromWeChatClient(ctx({ WX_OPENID: '', WX_APPID: '' }))).toBe(false);
  expect(fromWeChatClient({ request_id: 'r1', function_name: 'account' })).toBe(false);
  expect(fromWeChatClient(null)).toBe(false);
  expect(fromWeChatClient(undefined)).toBe(false);
  expect(fromWeChatClient('WX_APPID=wx1')).toBe(false);
  // unreadable is not a client: the timer path then still checks the trigger name
  expect(fromWeChatClient({ environment: '{not json' })).toBe(false);
});

test('no context, or one that is not an object, is no identity even when the process environment carries one', () => {
  const keep = { keys: process.env.WX_CONTEXT_KEYS, openid: process.env.WX_OPENID };
  process.env.WX_CONTEXT_KEYS = 'WX_OPENID';
  process.env.WX_OPENID = 'from-the-process';
  try {
    expect(openidFromContext(null)).toBeNull();
    expect(openidFromContext(undefined)).toBeNull();
    expect(openidFromContext(() => 0)).toBeNull();
  } finally {
    if (keep.keys === undefined) delete process.env.WX_CONTEXT_KEYS;
    else process.env.WX_CONTEXT_KEYS = keep.keys;
    if (keep.openid === undefined) delete process.env.WX_OPENID;
    else process.env.WX_OPENID = keep.openid;
  }
});

test('one app while the redirect target stays, a new one when it changes', () => {
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: 'http://127.0.0.1:1/a' });
  const a = getApp();
  expect(getApp()).toBe(a);
  expect(typeof getDb().collection).toBe('function');
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: 'http://127.0.0.1:2/b' });
  const b = getApp();
  expect(b).not.toBe(a);
  expect(getApp()).toBe(b);
});
