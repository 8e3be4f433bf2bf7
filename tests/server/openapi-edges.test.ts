/**
 * src/server/openapi.ts at its edges, with node-sdk's callCompatibleWxOpenApi stubbed (written for
 * mutants that survived `npm run mutate`; tests/server/openapi.test.ts checks the codec against
 * wx-server-sdk's bytes and the calls against the local cloud's emulation).
 */
const call = jest.fn();
jest.mock('../../src/server/runtime', () => ({ getApp: () => ({ callCompatibleWxOpenApi: call }) }));
import {
  callOpenApi, decodeOpenApiRequest, decodeOpenApiResponse, encodeOpenApiRequest, encodeOpenApiResponse,
  getOpenData, getPhoneNumber, mediaCheckAsync, msgSecCheck, WxOpenApiError,
} from '../../src/server/openapi';

const json = (body: unknown, contentType = 'application/json') => encodeOpenApiResponse({ respData: Buffer.from(JSON.stringify(body)), contentType });
/** The request the stub received, decoded. */
const sent = (i = 0) => decodeOpenApiRequest(call.mock.calls[i][0].requestData).data;
async function failure(p: Promise<unknown>): Promise<{ api: string; errcode: number; errmsg: string; message: string; name: string }> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(WxOpenApiError);
    const { api, errcode, errmsg, message, name } = e as WxOpenApiError;
    return { api, errcode, errmsg, message, name };
  }
  throw new Error('expected a WxOpenApiError');
}

beforeEach(() => call.mockReset());

describe('the protobuf reader refuses what is not a message', () => {
  const bad: [string, number[], string][] = [
    ['a varint cut short', [0x08, 0x80], 'protobuf: truncated varint'],
    ['a varint longer than 10 bytes', [0x08, ...Array(11).fill(0x80), 0x01], 'protobuf: varint too long'],
    ['an 11-byte varint', [0x08, ...Array(10).fill(0x80), 0x01], 'protobuf: varint too long'],
    ['field number 0', [0x02, 0x00], 'protobuf: field 0'],
    ['bytes longer than the buffer', [0x0a, 0x05, 0x61], 'protobuf: truncated bytes'],
    ['an unknown wire type', [0x0b], 'protobuf: wire type 3'],
    ['a fixed64 cut short', [0x09, 1, 2, 3], 'protobuf: truncated'],
    ['a fixed32 cut short', [0x0d, 1, 2], 'protobuf: truncated'],
  ];
  test.each(bad)('%s', (_what, bytes, message) => {
    expect(() => decodeOpenApiResponse(Buffer.from(bytes))).toThrow(new Error(message));
  });

  test('a 10-byte varint is still read; fixed64 and fixed32 fields are skipped', () => {
    // field 4 (httpCode) = 2^63 as a 10-byte varint, then a fixed64 field 7 and a fixed32 field 8
    const big = [0x20, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01];
    const fixed = [0x39, 1, 2, 3, 4, 5, 6, 7, 8, 0x45, 1, 2, 3, 4];
    const tail = [...encodeOpenApiResponse({ contentType: 'text/plain' })];
    expect(decodeOpenApiResponse(Buffer.from([...big, ...fixed, ...tail]))).toEqual({ respData: Buffer.alloc(0), contentType: 'text/plain', errorCode: 0, httpCode: 2 ** 63 });
  });

  test('bytes exactly filling the buffer are read', () => {
    expect(decodeOpenApiResponse(Buffer.from([0x0a, 0x02, 0x7b, 0x7d]))).toEqual({ respData: Buffer.from('{}'), contentType: '', errorCode: 0, httpCode: 0 });
  });
});

describe('the request and response messages', () => {
  test('a field whose JSON is undefined is left out; every other one is a pair', () => {
    const data = decodeOpenApiRequest(encodeOpenApiRequest({ a: 1, skip: undefined, f: () => 0, b: 'x', n: null }));
    expect(data).toEqual({ apiType: 0, appid: null, data: { a: 1, b: 'x', n: null } });
  });

  test('apiType, appid and pairs are read from their own fields only; other fields are ignored', () => {
    const pair = (k: string, v: string, extra: number[] = []) => [0x0a, ...lenPrefixed([0x0a, ...lenPrefixed([...Buffer.from(k)]), 0x12, ...lenPrefixed([...Buffer.from(v)]), ...extra])];
    const msg = Buffer.from([
      0x08, 0x03, // apiType 3
      0x18, 0x07, // field 3 varint: ignored
      0x32, ...lenPrefixed([...Buffer.from('wx123')]), // appid
      0x12, ...lenPrefixed([
        ...pair('k', '1', [0x1a, 0x01, 0x41]), // a pair carrying a contenttype too
        0x12, 0x01, 0x41, // field 2 in OpenApiData: not a pair
        0x08, 0x01, // a varint field 1: not a pair
      ]),
    ]);
    expect(decodeOpenApiRequest(msg)).toEqual({ apiType: 3, appid: 'wx123', data: { k: 1 } });
    // a field 1 that is not a varint is not the apiType; a field 2 that is not bytes is not the data
    expect(decodeOpenApiRequest(Buffer.from([0x0a, 0x00, 0x10, 0x05]))).toEqual({ apiType: 0, appid: null, data: {} });
    expect(decodeOpenApiRequest(Buffer.from([0x08, 0x03, 0x0a, 0x00]))).toEqual({ apiType: 3, appid: null, data: {} });
    // a bytes field other than 2 holding a well-formed pair list is not the data
    const pairs = [0x0a, ...lenPrefixed([0x0a, 0x01, 0x6b, 0x12, 0x01, 0x31])];
    expect(decodeOpenApiRequest(Buffer.from([0x22, ...lenPrefixed(pairs)]))).toEqual({ apiType: 0, appid: null, data: {} });
    expect(decodeOpenApiRequest(Buffer.from([0x12, ...lenPrefixed(pairs)]))).toEqual({ apiType: 0, appid: null, data: { k: 1 } });
    // negative int32 apiType
    expect(decodeOpenApiRequest(Buffer.from([0x08, 0xff, 0xff, 0xff, 0xff, 0x0f]))).toEqual({ apiType: -1, appid: null, data: {} });
  });

  test('a pair without a key is stored under the empty key', () => {
    const msg = Buffer.from([0x12, ...lenPrefixed([0x0a, ...lenPrefixed([0x12, 0x01, 0x35])])]);
    expect(decodeOpenApiRequest(msg).data).toEqual({ '': 5 });
  });

  test('a response reads each field from its own number and kind', () => {
    // field 2 as a varint, contentType, field 4 as bytes, httpCode 200, an unknown field 5
    const r = decodeOpenApiResponse(Buffer.from([0x10, 0x05, 0x12, 0x01, 0x78, 0x22, 0x00, 0x20, 0xc8, 0x01, 0x2a, 0x01, 0x79]));
    expect(r).toEqual({ respData: Buffer.alloc(0), contentType: 'x', errorCode: 0, httpCode: 200 });
  });
});

function lenPrefixed(b: number[]): number[] {
  return [b.length, ...b];
}

describe('callOpenApi', () => {
  test('sends the API name and the encoded body; answers WeChat\'s JSON', async () => {
    call.mockResolvedValue(json({ errcode: 0, errmsg: 'ok', x: 1 }));
    expect(await callOpenApi('a.b', { touser: 'o' })).toEqual({ errcode: 0, errmsg: 'ok', x: 1 });
    expect(call.mock.calls[0][0].apiName).toBe('a.b');
    expect(sent()).toEqual({ touser: 'o' });
    call.mockResolvedValue(json({ y: 2 }, 'text/plain; charset=utf-8'));
    expect(await callOpenApi('a.b', {})).toEqual({ y: 2 });
  });

  test('the SDK throwing: -501001 with its code and message, or SYS_ERR and the error itself', async () => {
    call.mockRejectedValueOnce(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    expect(await failure(callOpenApi('a.b', {}))).toEqual({ api: 'a.b', errcode: -501001, errmsg: 'ECONNRESET socket hang up', message: 'openapi.a.b:fail -501001 ECONNRESET socket hang up', name: 'WxOpenApiError' });
    call.mockRejectedValueOnce('plain');
    expect(await failure(callOpenApi('a.b', {}))).toMatchObject({ errcode: -501001, errmsg: 'SYS_ERR plain' });
    call.mockRejectedValueOnce(null);
    expect(await failure(callOpenApi('a.b', {}))).toMatchObject({ errcode: -501001, errmsg: 'SYS_ERR null' });
  });

  test('a JSON answer instead of protobuf is CloudBase failing: -501001 with its code and message', async () => {
    call.mockResolvedValueOnce({ code: 'PERMISSION_DENIED', message: 'no access' });
    expect(await failure(callOpenApi('a.b', {}))).toMatchObject({ errcode: -501001, errmsg: 'PERMISSION_DENIED no access' });
    call.mockResolvedValueOnce(undefined);
    expect(await failure(callOpenApi('a.b', {}))).toMatchObject({ errcode: -501001, errmsg: 'SYS_ERR not a protobuf answer' });
  });

  test('unreadable, refused by the platform, of another type, not JSON, or WeChat\'s errcode', async () => {
    call.mockResolvedValueOnce(Buffer.from([0x0b]));
    expect(await failure(callOpenApi('a.b', {}))).toMatchObject({ errcode: -601001, errmsg: 'unreadable answer' });
    call.mockResolvedValueOnce(encodeOpenApiResponse({ errorCode: -604101 }));
    expect(await failure(callOpenApi('a.b', {}))).toMatchObject({ errcode: -604101, errmsg: 'refused by the platform' });
    call.mockResolvedValueOnce(encodeOpenApiResponse({ respData: Buffer.from('<html>'), contentType: 'text/html' }));
    expect(await failure(callOpenApi('a.b', {}))).toMatchObject({ errcode: -601001, errmsg: 'unexpected text/html answer' });
    call.mockResolvedValueOnce(encodeOpenApiResponse({ respData: Buffer.from('{}') }));
    expect(await failure(callOpenApi('a.b', {}))).toMatchObject({ errcode: -601001, errmsg: 'unexpected empty answer' });
    call.mockResolvedValueOnce(encodeOpenApiResponse({ respData: Buffer.from('{oops'), contentType: 'application/json' }));
    expect(await failure(callOpenApi('a.b', {}))).toMatchObject({ errcode: -601001, errmsg: 'answer is not JSON' });
    call.mockResolvedValueOnce(json({ errcode: 43101, errmsg: 'user refuse to accept the msg' }));
    expect(await failure(callOpenApi('a.b', {}))).toMatchObject({ errcode: 43101, errmsg: 'user refuse to accept the msg' });
    call.mockResolvedValueOnce(json({ errcode: 40001 }));
    expect(await failure(callOpenApi('a.b', {}))).toMatchObject({ errcode: 40001, errmsg: '' });
  });
});

describe('the APIs', () => {
  test('getPhoneNumber: the number and country code, or -601001 without one', async () => {
    call.mockResolvedValueOnce(json({ errcode: 0, phone_info: { purePhoneNumber: '13800001111', countryCode: '86' } }));
    expect(await getPhoneNumber('c1')).toEqual({ purePhoneNumber: '13800001111', countryCode: '86' });
    expect(sent()).toEqual({ code: 'c1' });
    call.mockResolvedValueOnce(json({ errcode: 0, phone_info: { purePhoneNumber: '13800001111' } }));
    expect(await getPhoneNumber('c2')).toEqual({ purePhoneNumber: '13800001111', countryCode: '' });
    for (const body of [{ errcode: 0 }, { phone_info: { purePhoneNumber: '' } }, { phone_info: { purePhoneNumber: 138 } }]) {
      call.mockResolvedValueOnce(json(body));
      expect(await failure(getPhoneNumber('c3'))).toEqual({ api: 'phonenumber.getPhoneNumber', errcode: -601001, errmsg: 'no phone_info', message: 'openapi.phonenumber.getPhoneNumber:fail -601001 no phone_info', name: 'WxOpenApiError' });
    }
  });

  test('getOpenData: each item parsed; unreadable or non-object json is null', async () => {
    call.mockResolvedValueOnce(json({
      data_list: [
        { cloud_id: 'a', json: JSON.stringify({ cloudID: 'a', data: { opengid: 'g1' } }) },
        { cloud_id: 'b', json: '{broken' },
        { cloud_id: 'c', json: '"text"' },
        { json: { cloudID: 'd' } },
        { cloud_id: 'e', json: 'null' },
      ],
    }));
    expect(await getOpenData(['a', 'b', 'c', 'd', 'e'], 'o-1')).toEqual([
      { cloudId: 'a', json: { cloudID: 'a', data: { opengid: 'g1' } } },
      { cloudId: 'b', json: null },
      { cloudId: 'c', json: null },
      { cloudId: '', json: { cloudID: 'd' } },
      { cloudId: 'e', json: null },
    ]);
    expect(sent()).toEqual({ openid: 'o-1', cloudid_list: ['a', 'b', 'c', 'd', 'e'] });
    call.mockResolvedValueOnce(json({ errcode: 0 }));
    expect(await getOpenData(['x'])).toEqual([]);
    expect(sent(1)).toEqual({ cloudid_list: ['x'] });
  });

  test('msgSecCheck: only the optional fields given are sent; a missing verdict is -601001', async () => {
    call.mockResolvedValueOnce(json({ errcode: 0, result: { suggest: 'risky', label: 20001 }, trace_id: 't1' }));
    expect(await msgSecCheck({ openid: 'o-1', scene: 2, content: '你好', title: '标题' })).toEqual({ suggest: 'risky', label: 20001, traceId: 't1' });
    expect(sent()).toEqual({ version: 2, openid: 'o-1', scene: 2, content: '你好', title: '标题' });
    call.mockResolvedValueOnce(json({ errcode: 0, result: { suggest: 'review' } }));
    expect(await msgSecCheck({ openid: 'o-1', scene: 1, content: 'x', nickname: '昵称', signature: '签名' })).toEqual({ suggest: 'review', label: 0, traceId: '' });
    expect(sent(1)).toEqual({ version: 2, openid: 'o-1', scene: 1, content: 'x', nickname: '昵称', signature: '签名' });
    call.mockResolvedValueOnce(json({ errcode: 0, result: { suggest: 'pass', label: 100 }, trace_id: 't3' }));
    expect(await msgSecCheck({ openid: 'o-1', scene: 4, content: 'y' })).toEqual({ suggest: 'pass', label: 100, traceId: 't3' });
    expect(sent(2)).toEqual({ version: 2, openid: 'o-1', scene: 4, content: 'y' });
    call.mockResolvedValueOnce(json({ errcode: 0, result: { suggest: 'maybe' } }));
    expect(await failure(msgSecCheck({ openid: 'o-1', scene: 4, content: 'y' }))).toEqual({ api: 'security.msgSecCheck', errcode: -601001, errmsg: 'no result', message: 'openapi.security.msgSecCheck:fail -601001 no result', name: 'WxOpenApiError' });
  });

  test('mediaCheckAsync: image by default, audio when asked; an answer without a trace_id is -601001 (no verdict could ever be matched to it)', async () => {
    call.mockResolvedValueOnce(json({ errcode: 0, trace_id: 'tr-1' }));
    expect(await mediaCheckAsync({ openid: 'o-1', scene: 2, mediaUrl: 'https://x/a.jpg' })).toEqual({ traceId: 'tr-1' });
    expect(sent()).toEqual({ media_url: 'https://x/a.jpg', media_type: 2, version: 2, openid: 'o-1', scene: 2 });
    call.mockResolvedValueOnce(json({ errcode: 0, trace_id: 'tr-2' }));
    expect(await mediaCheckAsync({ openid: 'o-1', scene: 1, mediaUrl: 'https://x/a.mp3', mediaType: 1 })).toEqual({ traceId: 'tr-2' });
    expect(sent(1)).toEqual({ media_url: 'https://x/a.mp3', media_type: 1, version: 2, openid: 'o-1', scene: 1 });
    const noTrace = { api: 'security.mediaCheckAsync', errcode: -601001, errmsg: 'no trace_id', message: 'openapi.security.mediaCheckAsync:fail -601001 no trace_id', name: 'WxOpenApiError' };
    for (const answer of [{ errcode: 0 }, { errcode: 0, trace_id: '' }, { errcode: 0, trace_id: 7 }]) {
      call.mockResolvedValueOnce(json(answer));
      expect(await failure(mediaCheckAsync({ openid: 'o-1', scene: 2, mediaUrl: 'https://x/a.jpg' }))).toEqual(noTrace);
    }
  });
});
