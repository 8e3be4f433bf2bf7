import { WX, WxOpenApiError } from '../../src/server/openapi';

/** src/server/subscribe.ts with the open API call stubbed: what is sent, what counts as sent, what is logged how. */
jest.mock('../../src/server/openapi', () => {
  const actual = jest.requireActual('../../src/server/openapi');
  return { ...actual, sendSubscribeMessage: jest.fn() };
});
import * as openapi from '../../src/server/openapi';
import { sendSubscribe, type SubscribeMessage } from '../../src/server/subscribe';

const send = openapi.sendSubscribeMessage as jest.Mock;
const MSG: SubscribeMessage = { toUserId: 'u1', openid: 'o-1', templateId: 'tpl-1', page: 'pages/home/index', data: { thing1: { value: '走访提醒' } } };

afterEach(() => {
  jest.restoreAllMocks();
  send.mockReset();
});

test('a sent message: true, sent to her OPENID with the template, page and data', async () => {
  send.mockResolvedValue(undefined);
  expect(await sendSubscribe(MSG)).toBe(true);
  expect(send).toHaveBeenCalledWith({ touser: 'o-1', templateId: 'tpl-1', page: 'pages/home/index', data: { thing1: { value: '走访提醒' } } });
});

test('no acceptance left or data refused: false and a warning saying which', async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  send.mockRejectedValueOnce(new WxOpenApiError('subscribeMessage.send', WX.NOT_ACCEPTED, 'user refuse to accept the msg'));
  expect(await sendSubscribe(MSG)).toBe(false);
  send.mockRejectedValueOnce(new WxOpenApiError('subscribeMessage.send', WX.BAD_TEMPLATE_DATA, 'argument invalid'));
  expect(await sendSubscribe(MSG)).toBe(false);
  expect(warn.mock.calls).toEqual([
    ['[subscribe]', 'not accepted', 'tpl-1', 'u1', 'user refuse to accept the msg'],
    ['[subscribe]', 'data rejected', 'tpl-1', 'u1', 'argument invalid'],
  ]);
  expect(error).not.toHaveBeenCalled();
});

test('any other failure: false and an error, never a throw', async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const badTemplate = new WxOpenApiError('subscribeMessage.send', WX.BAD_TEMPLATE_ID, 'invalid template_id');
  send.mockRejectedValueOnce(badTemplate);
  expect(await sendSubscribe(MSG)).toBe(false);
  const plain = Object.assign(new Error('network'), { errcode: WX.NOT_ACCEPTED });
  send.mockRejectedValueOnce(plain);
  expect(await sendSubscribe(MSG)).toBe(false);
  expect(error.mock.calls).toEqual([['[subscribe]', 'tpl-1', 'u1', badTemplate], ['[subscribe]', 'tpl-1', 'u1', plain]]);
  expect(warn).not.toHaveBeenCalled();
});
