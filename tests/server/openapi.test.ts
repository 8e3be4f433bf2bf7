import fs from 'fs';
import path from 'path';
import { startTestCloud, post } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { startSdkProxy } from '../../localcloud/counting-proxy';
import { parseMultipart } from '../../localcloud/openapi';
import {
  callOpenApi, decodeOpenApiRequest, decodeOpenApiResponse, encodeOpenApiRequest, encodeOpenApiResponse,
  getOpenData, getPhoneNumber, mediaCheckAsync, msgSecCheck, sendSubscribeMessage, WxOpenApiError,
} from '../../src/server/openapi';
import { sendSubscribe } from '../../src/server/subscribe';
import { nowMs, setClock } from '../../src/server/time';

/**
 * WeChat's open API through the route wx-server-sdk documents (cloud.openapi.*), and the local
 * cloud's emulation of WeChat's answers. Sources:
 * - 云调用: https://developers.weixin.qq.com/miniprogram/dev/wxcloud/guide/openapi/openapi.html
 *   (permissions.openapi in config.json, else -604101)
 * - subscribeMessage.send: https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html
 *   (43101 用户拒绝接受消息; 47003 模板参数不准确; 40037 模板id不正确; thing.DATA 20个以内字符, phrase 5个以内汉字)
 * - phonenumber.getPhoneNumber: https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-info/phone-number/getPhoneNumber.html
 *   (每个 code 只能使用一次，code 的有效期为 5min; an unusable code answers 40029 invalid code)
 * - cloudbase.getOpenData: https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/cloudbase/getOpenData.html
 *   with wx.getGroupEnterInfo's open data { opengid }: https://developers.weixin.qq.com/miniprogram/dev/api/open-api/group/wx.getGroupEnterInfo.html
 *   (a cloudID lasts five minutes: https://docs.cloudbase.net/en/practices/get-wechat-open-data)
 * - security.msgSecCheck v2: https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/sec-center/sec-check/msgSecCheck.html
 *   (version 2, openid, scene 1–4 else 40129; result.suggest risky/pass/review, label 100 normal)
 * - security.mediaCheckAsync v2: https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/sec-center/sec-check/mediaCheckAsync.html
 *   (media_url, media_type 1 audio / 2 image, version 2, openid, scene; answers trace_id, the verdict is
 *   pushed within 30 minutes as Event wxa_media_check; the functions' side: tests/functions/content-security.test.ts)
 */

/** Bytes wx-server-sdk 4.0.2's generated protobuf code (src/protobuf/openapi.js, protobufjs 7) produces. */
const GOLDEN = {
  // CommApiData.encode({ apiType: OPEN_API, openapiData: { pairs } }) for cloud.openapi.subscribeMessage.send(
  //   { touser: 'o-local-1', templateId: 'tpl-1', page: 'pages/home/index', data: { thing1: { value: '走访提醒' } } })
  request: '080012780a150a06746f75736572120b226f2d6c6f63616c2d31220a160a0b74656d706c6174655f696412072274706c2d31220a1a0a047061676512122270616765732f686f6d652f696e646578220a2b0a046461746112237b227468696e6731223a7b2276616c7565223a22e8b5b0e8aebfe68f90e98692227d7d',
  // CommOpenApiResp.encode({ respData: '{"errcode":43101,…}', contentType: 'application/json' })
  refused: '0a3a7b22657272636f6465223a34333130312c226572726d7367223a22757365722072656675736520746f2061636365707420746865206d7367227d12106170706c69636174696f6e2f6a736f6e',
  // CommOpenApiResp.encode({ errorCode: -604101 }) (a negative int32 is a ten-byte varint)
  denied: '18bb90dbffffffffffff01',
};

describe('the wire format, against wx-server-sdk\'s own encoder', () => {
  const send = { touser: 'o-local-1', template_id: 'tpl-1', page: 'pages/home/index', data: { thing1: { value: '走访提醒' } } };

  test('a request encodes to the same bytes and decodes back', () => {
    expect(encodeOpenApiRequest(send).toString('hex')).toBe(GOLDEN.request);
    expect(decodeOpenApiRequest(Buffer.from(GOLDEN.request, 'hex'))).toEqual({ apiType: 0, appid: null, data: send });
  });

  test('answers decode: WeChat\'s JSON, and the platform\'s refusal as a negative errorCode', () => {
    const refused = decodeOpenApiResponse(Buffer.from(GOLDEN.refused, 'hex'));
    expect(refused.contentType).toBe('application/json');
    expect(JSON.parse(refused.respData.toString())).toEqual({ errcode: 43101, errmsg: 'user refuse to accept the msg' });
    expect(decodeOpenApiResponse(Buffer.from(GOLDEN.denied, 'hex'))).toMatchObject({ errorCode: -604101 });
    expect(encodeOpenApiResponse({ respData: refused.respData, contentType: 'application/json' }).toString('hex')).toBe(GOLDEN.refused);
    expect(encodeOpenApiResponse({ errorCode: -604101 }).toString('hex')).toBe(GOLDEN.denied);
  });

  test('a truncated buffer is refused, not misread', () => {
    expect(() => decodeOpenApiResponse(Buffer.from(GOLDEN.refused, 'hex').subarray(0, 20))).toThrow('protobuf');
  });
});

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(() => cloud.close());
afterEach(() => setClock(null));

const refusal = (p: Promise<unknown>) => p.then(() => null, (e: WxOpenApiError) => [e.errcode, e.errmsg] as const);

describe('what node-sdk sends for cloud.openapi.*', () => {
  test('POST /admin, multipart: action wx.openApi, the apiName, the protobuf requestData and no cgiName', async () => {
    const seen: { contentType: string; body: Buffer }[] = [];
    const proxy = await startSdkProxy(cloud, (body, req) => void seen.push({ contentType: String(req.headers['content-type']), body }));
    try {
      await refusal(getPhoneNumber('no-such-code'));
    } finally {
      await proxy.close();
    }
    expect(seen).toHaveLength(1);
    expect(seen[0].contentType).toMatch(/^multipart\/form-data; boundary=/);
    const fields = parseMultipart(seen[0].body, seen[0].contentType);
    expect(fields.action.toString()).toBe('wx.openApi');
    expect(fields.apiName.toString()).toBe('phonenumber.getPhoneNumber');
    expect(fields.cgiName).toBeUndefined();
    expect(decodeOpenApiRequest(fields.requestData)).toEqual({ apiType: 0, appid: null, data: { code: 'no-such-code' } });
  });
});

describe('subscribeMessage.send, as WeChat answers it', () => {
  const TPL = 'local-visit-reminder';
  const msg = (touser: string, data: Record<string, { value: string }> = { thing1: { value: '走访测试儿童' }, time2: { value: '2026-06-30' }, thing3: { value: '走访待办，请及时完成' } }) =>
    ({ touser, templateId: TPL, page: 'packages/volunteer/pages/checkin/index', data });

  test('43101 while she holds no acceptance; one acceptance, one message', async () => {
    expect(await refusal(sendSubscribeMessage(msg('sub-user-1')))).toEqual([43101, 'user refuse to accept the msg']);
    expect(cloud.wechat.acceptSubscribe('sub-user-1', [TPL])).toEqual({ [TPL]: 'accept' });
    await sendSubscribeMessage(msg('sub-user-1'));
    expect(cloud.wechat.sent.filter((m) => m.touser === 'sub-user-1')).toEqual([
      expect.objectContaining({ templateId: TPL, page: 'packages/volunteer/pages/checkin/index', miniprogramState: 'formal', lang: 'zh_CN', data: msg('').data }),
    ]);
    expect(await refusal(sendSubscribeMessage(msg('sub-user-1')))).toEqual([43101, 'user refuse to accept the msg']);
    expect(cloud.wechat.sent.filter((m) => m.touser === 'sub-user-1')).toHaveLength(1);
  });

  test('47003 for a thing over 20 characters, a key the template lacks or an empty value; the acceptance is kept', async () => {
    cloud.wechat.acceptSubscribe('sub-user-2', [TPL]);
    const bad: Record<string, { value: string }>[] = [
      { thing1: { value: '一'.repeat(21) } },
      { thing9: { value: '不在模板里' } },
      { thing1: { value: '' } },
    ];
    for (const data of bad) expect((await refusal(sendSubscribeMessage(msg('sub-user-2', data))))?.[0]).toBe(47003);
    expect(cloud.wechat.acceptancesOf('sub-user-2', TPL)).toBe(1);
    await sendSubscribeMessage(msg('sub-user-2', { thing1: { value: '一'.repeat(20) } })); // exactly 20 is fine
    expect(cloud.wechat.acceptancesOf('sub-user-2', TPL)).toBe(0);
  });

  test('40037 for a template WeChat does not know', async () => {
    expect((await refusal(sendSubscribeMessage({ ...msg('sub-user-3'), templateId: 'tpl-nobody-chose' })))?.[0]).toBe(40037);
  });

  test('sendSubscribe never throws: true when WeChat took it, false on a refusal', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const m = { toUserId: 'u-sub-4', openid: 'sub-user-4', templateId: TPL, page: 'pages/home/index', data: msg('').data };
      expect(await sendSubscribe(m)).toBe(false);
      expect(warn).toHaveBeenCalledWith('[subscribe]', 'not accepted', TPL, 'u-sub-4', expect.any(String));
      cloud.wechat.acceptSubscribe('sub-user-4', [TPL]);
      expect(await sendSubscribe(m)).toBe(true);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('phonenumber.getPhoneNumber', () => {
  test('a code from the phone button exchanges once for her number; again, unknown or after five minutes: 40029', async () => {
    const code = cloud.wechat.issuePhoneCode('phone-user-1', '13800001234');
    expect(await getPhoneNumber(code)).toEqual({ purePhoneNumber: '13800001234', countryCode: '86' });
    expect(await refusal(getPhoneNumber(code))).toEqual([40029, 'invalid code']);
    expect(await refusal(getPhoneNumber('local:13800001234'))).toEqual([40029, 'invalid code']);
    const late = cloud.wechat.issuePhoneCode('phone-user-1', '13800001235');
    const t0 = nowMs();
    setClock(() => t0 + 5 * 60_000 + 1);
    expect(await refusal(getPhoneNumber(late))).toEqual([40029, 'invalid code']);
  });
});

describe('cloudbase.getOpenData', () => {
  test('a group cloudID gives the group\'s opengid to the user it was issued to, within five minutes', async () => {
    const cid = cloud.wechat.issueGroupCloudId('group-user-1', 'GroupOpenDataA');
    const [item] = await getOpenData([cid], 'group-user-1');
    expect(item.cloudId).toBe(cid);
    expect(item.json).toMatchObject({ cloudID: cid, data: { opengid: 'GroupOpenDataA' } });
  });

  test('forged, another user\'s or expired: the item carries errCode instead of data', async () => {
    const cid = cloud.wechat.issueGroupCloudId('group-user-1', 'GroupOpenDataB');
    const code = async (id: string, openid: string) => (await getOpenData([id], openid))[0].json?.errCode;
    expect(await code('27_forged-cloud-id', 'group-user-1')).toBe(-601005);
    expect(await code(cid, 'group-user-2')).toBe(-601007);
    const t0 = nowMs();
    setClock(() => t0 + 5 * 60_000 + 1);
    expect(await code(cid, 'group-user-1')).toBe(-601006);
  });
});

describe('security.msgSecCheck v2', () => {
  test('pass; risky for a refused word; 40129 for a scene outside 1–4', async () => {
    expect(await msgSecCheck({ openid: 'sec-user', scene: 1, content: '爱心妈妈小王' })).toMatchObject({ suggest: 'pass', label: 100 });
    expect(await msgSecCheck({ openid: 'sec-user', scene: 2, content: `谢谢${cloud.wechat.refusedWords[0]}` })).toMatchObject({ suggest: 'risky', label: 20001 });
    expect((await refusal(callOpenApi('security.msgSecCheck', { version: 2, openid: 'sec-user', scene: 9, content: '你好' })))?.[0]).toBe(40129);
  });
});

describe('security.mediaCheckAsync v2: trace_id now, the verdict pushed later', () => {
  test('40003 without openid, 40129 for a bad scene, 47001 for version or media_type, 44002 without media_url', async () => {
    const ask = (over: Record<string, unknown>) => refusal(callOpenApi('security.mediaCheckAsync', { media_url: 'http://127.0.0.1/x.jpg', media_type: 2, version: 2, openid: 'media-user', scene: 2, ...over }));
    expect((await ask({ openid: '' }))?.[0]).toBe(40003);
    expect((await ask({ scene: 5 }))?.[0]).toBe(40129);
    expect((await ask({ version: 1 }))?.[0]).toBe(47001);
    expect((await ask({ media_type: 3 }))?.[0]).toBe(47001);
    expect((await ask({ media_url: '' }))?.[0]).toBe(44002);
  });

  test('a trace_id in WeChat\'s format; a URL WeChat cannot download is pushed as review; nothing configured takes a push it does not route', async () => {
    const held = cloud.wechat.mediaCheckDelayMs;
    cloud.wechat.mediaCheckDelayMs = null;
    try {
      const { traceId } = await mediaCheckAsync({ openid: 'media-user', scene: 2, mediaUrl: `${cloud.url}/storage/files/none.jpg` });
      expect(traceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
      expect(cloud.wechat.mediaChecks.map((j) => j.traceId)).toContain(traceId);
      expect(await cloud.wechat.verdictFor(`${cloud.url}/storage/files/none.jpg`)).toEqual({ suggest: 'review', label: 100 });
      expect(await cloud.wechat.push({ MsgType: 'event', Event: 'user_enter_tempsession' })).toBeUndefined();
      cloud.wechat.mediaChecks.splice(0); // not pushed: this file runs no function that would take it
    } finally {
      cloud.wechat.mediaCheckDelayMs = held;
    }
  });
});

test('an API WeChat does not offer is refused by the platform (-604100)', async () => {
  expect((await refusal(callOpenApi('wxacode.getUnlimited', { scene: 'x' })))?.[0]).toBe(-604100);
});

describe('the phone\'s side: /wechat/ endpoints of the local cloud', () => {
  const as = (openid: string) => (openid ? { 'x-openid': openid } : undefined);
  test('issue a phone code, a group cloudID and acceptances for the phone\'s user', async () => {
    const { code } = (await post(`${cloud.url}/wechat/getPhoneNumber`, { phoneNumber: '13900004321' }, as('http-user'))) as { code: string };
    expect(await getPhoneNumber(code)).toMatchObject({ purePhoneNumber: '13900004321' });
    const { cloudID } = (await post(`${cloud.url}/wechat/getGroupEnterInfo`, { openGId: 'GroupHttp1' }, as('http-user'))) as { cloudID: string };
    expect((await getOpenData([cloudID], 'http-user'))[0].json).toMatchObject({ data: { opengid: 'GroupHttp1' } });
    expect(await post(`${cloud.url}/wechat/requestSubscribeMessage`, { tmplIds: ['local-wish-reminder'] }, as('http-user'))).toEqual({ errMsg: 'requestSubscribeMessage:ok', 'local-wish-reminder': 'accept' });
    expect(cloud.wechat.acceptancesOf('http-user', 'local-wish-reminder')).toBe(1);
  });

  test('refused without a user or for a template WeChat does not know', async () => {
    expect(await post(`${cloud.url}/wechat/getPhoneNumber`, { phoneNumber: '13900004321' })).toMatchObject({ errMsg: expect.stringContaining('x-openid') });
    expect(await post(`${cloud.url}/wechat/requestSubscribeMessage`, { tmplIds: ['tpl-unknown'] }, as('http-user'))).toMatchObject({ errCode: 20001 });
  });
});

describe('each function may call the open APIs it uses (config.json permissions.openapi)', () => {
  const ROOT = path.join(__dirname, '../..');
  /** the helper each API is called through */
  const CALLS: Record<string, RegExp> = {
    'subscribeMessage.send': /\bsendSubscribe(Message)?\(/,
    'phonenumber.getPhoneNumber': /\bgetPhoneNumber\(/,
    'cloudbase.getOpenData': /\bgetOpenData\(/,
    'security.msgSecCheck': /\bmsgSecCheck\(/,
    'security.mediaCheckAsync': /\bmediaCheckAsync\(/,
  };
  const DEFINED_IN = new Set(['src/server/openapi.ts', 'src/server/subscribe.ts']);

  /** Every source file a function's bundle takes from src/, following relative imports. */
  function reachable(entry: string): string[] {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
        const base = path.resolve(path.dirname(file), m[1]);
        const next = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
        if (next && next.startsWith(path.join(ROOT, 'src'))) visit(next);
      }
    };
    visit(entry);
    return [...seen].map((f) => path.relative(ROOT, f));
  }

  test.each(['account', 'volunteer', 'child', 'pairing', 'wish', 'visit', 'report'])('%s', (fn) => {
    const files = reachable(path.join(ROOT, 'src/functions', fn, 'index.ts')).filter((f) => !DEFINED_IN.has(f));
    const used = Object.keys(CALLS).filter((api) => files.some((f) => CALLS[api].test(fs.readFileSync(path.join(ROOT, f), 'utf8')))).sort();
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'cloudfunctions', fn, 'config.json'), 'utf8')) as { permissions?: { openapi?: string[] } };
    expect([...(config.permissions?.openapi ?? [])].sort()).toEqual(used);
  });

  test('nothing calls the undocumented wx.api route (callWxOpenApi), and callOpenApi only in openapi.ts', () => {
    const all = reachable(path.join(ROOT, 'src/functions/index.ts'));
    for (const f of all) {
      const text = fs.readFileSync(path.join(ROOT, f), 'utf8');
      expect([f, /callWxOpenApi/.test(text)]).toEqual([f, false]);
      if (f !== 'src/server/openapi.ts') expect([f, /\bcallOpenApi\(/.test(text)]).toEqual([f, false]);
    }
  });
});
