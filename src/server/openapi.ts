import { getApp } from './runtime';

/**
 * WeChat's open API (云调用) through the route WeChat documents for cloud functions:
 * `wx-server-sdk`'s `cloud.openapi.<ns>.<api>(data)`. In wx-server-sdk 4.0.2 that call is
 * node-sdk's `callCompatibleWxOpenApi({ apiName, requestData })` — the tcb action `wx.openApi`,
 * sent as multipart form data — whose `requestData` is a protobuf `CommApiData`:
 *
 *   CommApiData  { 1 apiType: int32 = 0 (OPEN_API); 2 openapiData: OpenApiData; 6 appid?: string }
 *   OpenApiData  { 1 pairs: repeated KeyValuePair }
 *   KeyValuePair { 1 key: string; 2 value: bytes (the JSON text of the value); 3 contenttype; 4 filename }
 *
 * one pair per top-level field of the API's documented (snake_case) body. The answer is a protobuf
 * `CommOpenApiResp { 1 respData: bytes; 2 contentType: string; 3 errorCode: int32; 4 httpCode: uint32;
 * 5 headers; 6 svrkitErrorCode: int32 }`: a non-zero errorCode is the platform refusing (e.g. -604101,
 * the function's config.json does not list the API under permissions.openapi); otherwise respData
 * is WeChat's JSON answer `{ errcode, errmsg, … }`. A failure of CloudBase itself comes back as JSON
 * `{ code, message }` instead of protobuf. wx-server-sdk sends `cgiName: 'commrpcv2'` only for
 * `cloud.openapi({ version: 'v2' })`; the documented default (no version) sends none, and so do we.
 * The codec below is hand-written for these three messages (protobufjs would add ~100 KB to each
 * function bundle); tests/server/openapi.test.ts checks it against bytes from wx-server-sdk's own.
 */

// ---------- protobuf wire format (varint and length-delimited fields only) ----------

function varint(n: bigint): number[] {
  const out: number[] = [];
  let v = BigInt.asUintN(64, n);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

class Writer {
  private parts: Buffer[] = [];
  int(field: number, n: number): this {
    this.parts.push(Buffer.from([...varint(BigInt(field << 3)), ...varint(BigInt(n))]));
    return this;
  }
  bytes(field: number, b: Uint8Array | string): this {
    const buf = typeof b === 'string' ? Buffer.from(b, 'utf8') : Buffer.from(b);
    this.parts.push(Buffer.from([...varint(BigInt((field << 3) | 2)), ...varint(BigInt(buf.length))]), buf);
    return this;
  }
  finish(): Buffer {
    return Buffer.concat(this.parts);
  }
}

type Field = { field: number; int?: bigint; bytes?: Buffer };

/** Every field of one message, in order; throws on a truncated or malformed buffer. */
function readFields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let pos = 0;
  const readVarint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (pos >= buf.length) throw new Error('protobuf: truncated varint');
      const byte = buf[pos++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return result;
    }
    throw new Error('protobuf: varint too long');
  };
  while (pos < buf.length) {
    const key = Number(readVarint());
    const field = key >>> 3;
    const wire = key & 7;
    if (field === 0) throw new Error('protobuf: field 0');
    if (wire === 0) out.push({ field, int: readVarint() });
    else if (wire === 2) {
      const len = Number(readVarint());
      if (pos + len > buf.length) throw new Error('protobuf: truncated bytes');
      out.push({ field, bytes: buf.subarray(pos, pos + len) });
      pos += len;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw new Error(`protobuf: wire type ${wire}`);
    if (pos > buf.length) throw new Error('protobuf: truncated');
  }
  return out;
}

const int32 = (v: bigint | undefined): number => (v === undefined ? 0 : Number(BigInt.asIntN(32, v)));

export interface ApiPair {
  key: string;
  value: Buffer;
}

/** CommApiData for an OPEN_API call: one pair per top-level field, each value its JSON text. */
export function encodeOpenApiRequest(data: Record<string, unknown>): Buffer {
  const pairs = new Writer();
  for (const [key, val] of Object.entries(data)) {
    const json = JSON.stringify(val);
    if (json === undefined) continue;
    pairs.bytes(1, new Writer().bytes(1, key).bytes(2, json).finish());
  }
  return new Writer().int(1, 0).bytes(2, pairs.finish()).finish();
}

/** The emulator's side: what an OPEN_API request carries, each value parsed back from JSON. */
export function decodeOpenApiRequest(buf: Buffer): { apiType: number; appid: string | null; data: Record<string, unknown> } {
  let apiType = 0;
  let appid: string | null = null;
  const data: Record<string, unknown> = {};
  for (const f of readFields(buf)) {
    if (f.field === 1 && f.int !== undefined) apiType = int32(f.int);
    else if (f.field === 6 && f.bytes) appid = f.bytes.toString('utf8');
    else if (f.field === 2 && f.bytes) {
      for (const p of readFields(f.bytes)) {
        if (p.field !== 1 || !p.bytes) continue;
        let key = '';
        let value: Buffer = Buffer.alloc(0);
        for (const kv of readFields(p.bytes)) {
          if (kv.field === 1 && kv.bytes) key = kv.bytes.toString('utf8');
          else if (kv.field === 2 && kv.bytes) value = kv.bytes;
        }
        data[key] = JSON.parse(value.toString('utf8'));
      }
    }
  }
  return { apiType, appid, data };
}

export interface OpenApiResponse {
  respData: Buffer;
  contentType: string;
  errorCode: number;
  httpCode: number;
}

export function encodeOpenApiResponse(r: Partial<OpenApiResponse>): Buffer {
  const w = new Writer();
  if (r.respData) w.bytes(1, r.respData);
  if (r.contentType !== undefined) w.bytes(2, r.contentType);
  if (r.errorCode) w.int(3, r.errorCode);
  if (r.httpCode) w.int(4, r.httpCode);
  return w.finish();
}

export function decodeOpenApiResponse(buf: Buffer): OpenApiResponse {
  const r: OpenApiResponse = { respData: Buffer.alloc(0), contentType: '', errorCode: 0, httpCode: 0 };
  for (const f of readFields(buf)) {
    if (f.field === 1 && f.bytes) r.respData = Buffer.from(f.bytes);
    else if (f.field === 2 && f.bytes) r.contentType = f.bytes.toString('utf8');
    else if (f.field === 3) r.errorCode = int32(f.int);
    else if (f.field === 4) r.httpCode = Number(f.int ?? 0n);
  }
  return r;
}

// ---------- the call ----------

/**
 * A refusal from WeChat (`errcode`, documented per API) or from the platform in front of it
 * (`errcode` negative: -604101 no permission in config.json, -501xxx CloudBase's own failures).
 */
export class WxOpenApiError extends Error {
  constructor(readonly api: string, readonly errcode: number, readonly errmsg: string) {
    super(`openapi.${api}:fail ${errcode} ${errmsg}`);
    this.name = 'WxOpenApiError';
  }
}

/** The errcodes our callers act on, by what they mean for us. */
export const WX = {
  /** subscribeMessage.send: the user has no unused acceptance of this template (or refused it) */
  NOT_ACCEPTED: 43101,
  /** subscribeMessage.send: a field is empty, too long, of the wrong kind, or not in the template */
  BAD_TEMPLATE_DATA: 47003,
  /** subscribeMessage.send: no such template */
  BAD_TEMPLATE_ID: 40037,
  /** getPhoneNumber: the code is unknown, expired (5 min) or already used */
  INVALID_CODE: 40029,
  /** msgSecCheck / mediaCheckAsync: the user has not opened the mini-program in the last two hours */
  USER_NOT_RECENT: 61010,
  /** the platform: the function's config.json does not list the API under permissions.openapi */
  NO_PERMISSION: -604101,
} as const;

/** `cloud.openapi.<api>(data)` as wx-server-sdk sends it; resolves WeChat's JSON answer, errcode 0. */
export async function callOpenApi<T extends object>(api: string, data: Record<string, unknown>): Promise<T & { errcode?: number; errmsg?: string }> {
  let res: unknown;
  try {
    res = await getApp().callCompatibleWxOpenApi({ apiName: api, requestData: encodeOpenApiRequest(data) });
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown };
    throw new WxOpenApiError(api, -501001, `${String(e?.code ?? 'SYS_ERR')} ${String(e?.message ?? err)}`);
  }
  if (!Buffer.isBuffer(res)) {
    const e = (res ?? {}) as { code?: unknown; message?: unknown };
    throw new WxOpenApiError(api, -501001, `${String(e.code ?? 'SYS_ERR')} ${String(e.message ?? 'not a protobuf answer')}`);
  }
  let wx: OpenApiResponse;
  try {
    wx = decodeOpenApiResponse(res);
  } catch {
    throw new WxOpenApiError(api, -601001, 'unreadable answer');
  }
  if (wx.errorCode) throw new WxOpenApiError(api, wx.errorCode, 'refused by the platform');
  if (!/application\/json|text\/plain/.test(wx.contentType)) throw new WxOpenApiError(api, -601001, `unexpected ${wx.contentType || 'empty'} answer`);
  let body: T & { errcode?: number; errmsg?: string };
  try {
    body = JSON.parse(wx.respData.toString('utf8'));
  } catch {
    throw new WxOpenApiError(api, -601001, 'answer is not JSON');
  }
  if (body.errcode) throw new WxOpenApiError(api, body.errcode, String(body.errmsg ?? ''));
  return body;
}

// ---------- the APIs we use ----------

/**
 * subscribeMessage.send (mp-message-management/subscribe-message/sendMessage): one message spends
 * one acceptance of a one-time template. `thing` values at most 20 characters.
 */
export async function sendSubscribeMessage(m: {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}): Promise<void> {
  await callOpenApi('subscribeMessage.send', {
    touser: m.touser,
    template_id: m.templateId,
    page: m.page,
    data: m.data,
    miniprogram_state: 'formal',
    lang: 'zh_CN',
  });
}

/**
 * phonenumber.getPhoneNumber (user-info/phone-number/getPhoneNumber): the code from
 * <button open-type="getPhoneNumber"> becomes her number, once, within 5 minutes.
 * Returns the number without country code.
 */
export async function getPhoneNumber(code: string): Promise<{ purePhoneNumber: string; countryCode: string }> {
  const res = await callOpenApi<{ phone_info?: { purePhoneNumber?: unknown; countryCode?: unknown } }>('phonenumber.getPhoneNumber', { code });
  const pure = res.phone_info?.purePhoneNumber;
  if (typeof pure !== 'string' || !pure) throw new WxOpenApiError('phonenumber.getPhoneNumber', -601001, 'no phone_info');
  return { purePhoneNumber: pure, countryCode: String(res.phone_info?.countryCode ?? '') };
}

/**
 * cloudbase.getOpenData (cloudbase/getOpenData): the open data behind cloudIDs from the phone
 * (wx.getGroupEnterInfo, wx.getShareInfo, …). Each item's `json` is a JSON text
 * `{ cloudID, data }`, or `{ cloudID, errCode, errMsg }` for a cloudID that does not resolve.
 */
export async function getOpenData(cloudIds: string[], openid?: string): Promise<{ cloudId: string; json: Record<string, unknown> | null }[]> {
  const res = await callOpenApi<{ data_list?: { cloud_id?: unknown; json?: unknown }[] }>('cloudbase.getOpenData', {
    ...(openid ? { openid } : {}),
    cloudid_list: cloudIds,
  });
  return (res.data_list ?? []).map((d) => {
    let json: unknown = d.json;
    if (typeof json === 'string') {
      try {
        json = JSON.parse(json);
      // Stryker disable next-line BlockStatement: the unparsed string is not an object, so json is null either way
      } catch {
        json = null;
      }
    }
    return { cloudId: String(d.cloud_id ?? ''), json: json && typeof json === 'object' ? (json as Record<string, unknown>) : null };
  });
}

/** msgSecCheck v2 scenes: 1 资料 (profile), 2 评论 (comment), 3 论坛 (forum), 4 社交日志 (social log). */
export type SecScene = 1 | 2 | 3 | 4;

/**
 * security.msgSecCheck v2 (sec-center/sec-check/msgSecCheck): whether a text someone else will see
 * may be shown. `suggest` is 'pass', 'review' or 'risky'; `label` 100 is normal. The author must
 * have opened the mini-program in the last two hours (else 61010).
 */
export async function msgSecCheck(c: { openid: string; scene: SecScene; content: string; title?: string; nickname?: string; signature?: string }): Promise<{ suggest: 'pass' | 'review' | 'risky'; label: number; traceId: string }> {
  const res = await callOpenApi<{ result?: { suggest?: unknown; label?: unknown }; trace_id?: unknown }>('security.msgSecCheck', {
    version: 2,
    openid: c.openid,
    scene: c.scene,
    content: c.content,
    ...(c.title !== undefined ? { title: c.title } : {}),
    ...(c.nickname !== undefined ? { nickname: c.nickname } : {}),
    ...(c.signature !== undefined ? { signature: c.signature } : {}),
  });
  const suggest = res.result?.suggest;
  if (suggest !== 'pass' && suggest !== 'review' && suggest !== 'risky') throw new WxOpenApiError('security.msgSecCheck', -601001, 'no result');
  return { suggest, label: Number(res.result?.label ?? 0), traceId: String(res.trace_id ?? '') };
}

/**
 * security.mediaCheckAsync v2 (sec-center/sec-check/mediaCheckAsync): asks WeChat to check an
 * image (media_type 2) or audio (1) at a URL WeChat can download (a cloud:// fileID is not one: pass
 * a temporary URL). The answer is only `trace_id`; the verdict arrives within 30 minutes as a
 * message push to the function configured for it (MsgType 'event', Event 'wxa_media_check',
 * `{ trace_id, version: 2, result: { suggest, label }, detail }`; see src/server/media-check.ts).
 */
export async function mediaCheckAsync(c: { openid: string; scene: SecScene; mediaUrl: string; mediaType?: 1 | 2 }): Promise<{ traceId: string }> {
  const res = await callOpenApi<{ trace_id?: unknown }>('security.mediaCheckAsync', {
    media_url: c.mediaUrl,
    media_type: c.mediaType ?? 2,
    version: 2,
    openid: c.openid,
    scene: c.scene,
  });
  const traceId = typeof res.trace_id === 'string' ? res.trace_id : '';
  if (!traceId) throw new WxOpenApiError('security.mediaCheckAsync', -601001, 'no trace_id');
  return { traceId };
}
