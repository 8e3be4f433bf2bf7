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
