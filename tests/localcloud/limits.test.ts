import tcb from '@cloudbase/node-sdk';
import { startTestCloud, ADMIN } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { API_BODY_LIMIT, DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S, FUNCTION_BODY_LIMIT, RUNTIME_BASELINE_MB, readFunctionLimits } from '../../localcloud/limits';
import { FUNCTIONS } from '../../src/functions';

/**
 * The platform limits the local cloud enforces (localcloud/limits.ts), each as CloudBase does:
 * - a function's timeout from its config.json, CloudBase's default 3 s; past it the call answers
 *   FUNCTIONS_TIME_LIMIT_EXCEEDED (docs.cloudbase.net/error-code/basic/FUNCTIONS_TIME_LIMIT_EXCEEDED)
 *   with the runtime's "Invoking task timed out after 3 seconds", which wx.cloud.callFunction
 *   reports as `errCode: -504003` (as seen from a real environment in
 *   github.com/Mint-green/UnlearnableWord/issues/10; SCF's own answer is statusCode 433 with the same
 *   message, github.com/RayWangQvQ/BiliBiliTool/issues/573);
 * - request bodies: a function's text body at most 100 KB, other requests 100 MB
 *   (EXCEED_MAX_PAYLOAD_SIZE, docs.cloudbase.net/error-code/EXCEED_MAX_PAYLOAD_SIZE);
 * - query pages: 100 documents by default, at most 1000 with limit() on the server side
 *   (developers.weixin.qq.com … Collection.limit: 云函数端 … 最大上限为 1000; the SDK itself sends
 *   `limit < 1000 ? limit : 1000` and 100 without a limit, @cloudbase/database query.js);
 * - LOCALCLOUD_LATENCY_MS: a delay on every database round trip.
 */
let cloud: LocalCloud;
/** When the last slow function started running (the platform's clock starts there, not at the request). */
let slowStartedAt = 0;
const slow = (ms: number) => async () => {
  slowStartedAt = Date.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return { ok: true, data: { sleptMs: ms } };
};
const MB = 1024 * 1024;
/** Holds `mb` of memory across a turn of the event loop, as a call holding rows between two round trips would. */
const holding = (mb: number, kind: 'heap' | 'buffers') => async () => {
  const held = kind === 'heap' ? Array.from({ length: (mb * MB) / 8 }, (_, i) => i) : Array.from({ length: mb / 10 }, () => Buffer.alloc(10 * MB, 1));
  await new Promise((resolve) => setTimeout(resolve, 100));
  return { ok: true, data: { held: held.length } };
};
// test-only functions, configured as a 3 s, 128 MB function would be in its config.json
const TEST_FUNCTIONS: Record<string, (event: unknown, context: unknown) => Promise<unknown>> = {
  sleepfour: slow(4000),
  sleepone: slow(1000),
  heaphog: holding(120, 'heap'),
  // well past the budget: Buffers other test files left dead are returned on V8's schedule, and
  // margin keeps such a return during the call from hiding the growth (localcloud/limits.ts)
  bufferhog: holding(200, 'buffers'),
  modest: holding(10, 'heap'),
};

beforeAll(async () => {
  cloud = await startTestCloud({
    functions: (name) => TEST_FUNCTIONS[name] ?? (FUNCTIONS as Record<string, never>)[name],
    functionLimits: (name) => (name in TEST_FUNCTIONS ? { timeout: 3, memorySize: 128 } : readFunctionLimits(name)),
    memoryLimits: true,
  });
});
afterAll(() => cloud.close());

const callFn = async (name: string, body: string, openid = ADMIN) => {
  const res = await fetch(`${cloud.url}/functions/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-openid': openid }, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('function timeout and memory', () => {
  test('each function’s limits come from its config.json; CloudBase’s defaults (3 s, 256 MB) where unset', () => {
    expect(readFunctionLimits('child')).toEqual({ timeout: 60, memorySize: 512 });
    expect(readFunctionLimits('account')).toEqual({ timeout: 10, memorySize: 256 });
    expect(readFunctionLimits('no-such-function')).toEqual({ timeout: DEFAULT_TIMEOUT_S, memorySize: DEFAULT_MEMORY_MB });
    expect(DEFAULT_TIMEOUT_S).toBe(3);
  });

  test('a function configured for 3 s that takes 4 s fails with CloudBase’s timeout error; one that takes 1 s answers', async () => {
    const timedOut = await callFn('sleepfour', '{}');
    // from the moment the function started: the emulator measures memory before the clock starts
    const waited = Date.now() - slowStartedAt;
    expect(timedOut.status).toBe(504);
    expect(timedOut.body).toMatchObject({ code: 'FUNCTIONS_TIME_LIMIT_EXCEEDED', message: 'Invoking task timed out after 3 seconds', errCode: -504003 });
    expect(waited).toBeGreaterThanOrEqual(2900);
    expect(waited).toBeLessThan(3900); // answered at the limit, not when the function finished
    expect(await callFn('sleepone', '{}')).toEqual({ status: 200, body: { ok: true, data: { sleptMs: 1000 } } });
  }, 15_000);

  test('a function configured for 128 MB that holds 120 MB of heap or 200 MB of Buffers more fails with CloudBase’s memory error; one holding 10 MB answers', async () => {
    // 128 MB less what an instance holds before the code runs leaves 40 MB for the call
    expect(128 - RUNTIME_BASELINE_MB).toBe(40);
    // Buffers first, as a refused call's memory is released only after it lets go
    for (const hog of ['bufferhog', 'heaphog']) {
      expect(await callFn(hog, '{}')).toEqual({
        status: 500,
        body: { code: 'FUNCTIONS_MEMORY_LIMIT_EXCEEDED', message: 'Memory limit exceeded: the function used more than its configured 128 MB', errCode: -504002, requestId: expect.any(String) },
      });
      // the refused call still runs on in this process (nothing can stop it here) until it lets go
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(await callFn('modest', '{}')).toEqual({ status: 200, body: { ok: true, data: { held: (10 * MB) / 8 } } });
  });
});

describe('request body sizes', () => {
  test('a function call over 100 KB is refused by the platform before the function runs; one under it reaches the function', async () => {
    expect(FUNCTION_BODY_LIMIT).toBe(100 * 1024);
    const over = JSON.stringify({ action: 'login', data: { pad: 'x'.repeat(FUNCTION_BODY_LIMIT) } });
    expect(await callFn('account', over)).toMatchObject({ status: 413, body: { code: 'EXCEED_MAX_PAYLOAD_SIZE' } });
    const under = JSON.stringify({ action: 'login', data: { pad: 'x'.repeat(1000) } });
    const res = await callFn('account', under);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } }); // the function's own answer (unknown key)
  });

  test('a database request over 100 MB is refused with EXCEED_MAX_PAYLOAD_SIZE', async () => {
    expect(API_BODY_LIMIT).toBe(100 * 1024 * 1024);
    const big = JSON.stringify({ action: 'database.getDocument', collectionName: 'children', pad: 'x'.repeat(API_BODY_LIMIT) });
    const res = await fetch(`${cloud.url}/admin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(await res.json()).toMatchObject({ code: 'EXCEED_MAX_PAYLOAD_SIZE' });
  }, 30_000);
});

describe('query page caps and latency, through the SDK', () => {
  const db = () => tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }).database();
  beforeAll(() => {
    cloud.store.insertMany('scratch_caps', Array.from({ length: 1500 }, (_, i) => ({ _id: `s${String(i).padStart(4, '0')}`, n: i })));
  });

  test('100 documents without limit(), up to 1000 with it, and 1000 when asked for more', async () => {
    expect((await db().collection('scratch_caps').get()).data).toHaveLength(100);
    expect((await db().collection('scratch_caps').limit(1000).get()).data).toHaveLength(1000);
    expect((await db().collection('scratch_caps').limit(5000).get()).data).toHaveLength(1000);
    // a raw request past the SDK's clamp gets the same cap from the local cloud
    const raw = await fetch(`${cloud.url}/admin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'database.getDocument', collectionName: 'scratch_caps', limit: 5000 }) });
    expect(((await raw.json()) as { data: { list: unknown[] } }).data.list).toHaveLength(1000);
  });

  test('LOCALCLOUD_LATENCY_MS delays every database round trip', async () => {
    const time = async () => {
      const t0 = Date.now();
      await db().collection('scratch_caps').doc('s0001').get();
      return Date.now() - t0;
    };
    cloud.latencyMs = 120;
    try {
      expect(await time()).toBeGreaterThanOrEqual(115);
    } finally {
      cloud.latencyMs = 0;
    }
  });
});
