/**
 * @jest-environment jsdom
 */
import { installWx, connect } from '../helpers/page';
import { startTestCloud, ADMIN } from '../helpers/cloud';
import { FUNCTIONS } from '../../src/functions';
import { readFunctionLimits } from '../../localcloud/limits';
import type { LocalCloud } from '../../localcloud/server';
import { call, ApiError } from '../../miniprogram/services/api';

/**
 * The page tests' wx.cloud answers as WeChat's does: an envelope comes back as `result`; a call the
 * platform stops (a function past its configured timeout) fails with the platform's errCode
 * (-504003, docs.cloudbase.net/error-code/basic/FUNCTIONS_TIME_LIMIT_EXCEEDED), and the app's
 * client turns that into its network message.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const wx = installWx() as Record<string, any>;
let cloud: LocalCloud;
const slow = async () => {
  await new Promise((r) => setTimeout(r, 4000));
  return { ok: true, data: {} };
};

beforeAll(async () => {
  cloud = await startTestCloud({
    functions: (name) => (name === 'slowfn' ? slow : (FUNCTIONS as Record<string, never>)[name]),
    functionLimits: (name) => (name === 'slowfn' ? { timeout: 3, memorySize: 256 } : readFunctionLimits(name)),
  });
  connect(cloud);
  wx.setStorageSync('localOpenid', ADMIN);
});
afterAll(() => cloud.close());

test('a call answers with the envelope as result, and a requestID', async () => {
  const res = await wx.cloud.callFunction({ name: 'account', data: { action: 'login', data: {} } });
  expect(res).toMatchObject({ errMsg: 'cloud.callFunction:ok', result: { ok: true }, requestID: expect.any(String) });
});

test('a function past its 3 s timeout fails the call with errCode -504003; the app says the network is poor', async () => {
  const fail = jest.fn();
  await new Promise<void>((resolve) => wx.cloud.callFunction({ name: 'slowfn', data: {}, fail, complete: resolve }));
  expect(fail).toHaveBeenCalledWith({ errCode: -504003, errMsg: expect.stringMatching(/^cloud\.callFunction:fail .*timed out after 3 seconds/) });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  await expect(call('slowfn' as any, 'x' as any, {} as any)).rejects.toEqual(new ApiError('NETWORK', '网络不太好，请稍后再试'));
}, 20000);

test("the default 允许 on a subscribe prompt reaches WeChat's emulation as one acceptance (what a function's send then uses up)", async () => {
  const { askSubscription } = await import('../../miniprogram/services/subscribe');
  expect(cloud.wechat.acceptancesOf(ADMIN, 'local-visit-reminder')).toBe(0);
  expect(await askSubscription('local-visit-reminder')).toBe(true);
  expect(cloud.wechat.acceptancesOf(ADMIN, 'local-visit-reminder')).toBe(1);
  // an id WeChat does not know is refused by it, and the page hears "not accepted"
  expect(await askSubscription('no-such-template')).toBe(false);
  // not signed in (no WeChat user on the phone): the prompt fails, nothing is granted
  wx.setStorageSync('localOpenid', '');
  try {
    expect(await askSubscription('local-visit-reminder')).toBe(false);
  } finally {
    wx.setStorageSync('localOpenid', ADMIN);
  }
  expect(cloud.wechat.acceptancesOf(ADMIN, 'local-visit-reminder')).toBe(1);
});
