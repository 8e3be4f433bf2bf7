import crypto from 'crypto';
import http from 'http';
import https from 'https';
import type { IncomingMessage, ServerResponse } from 'http';
import { readBody, sendJson } from './http';
import { decodeOpenApiRequest, encodeOpenApiResponse } from '../src/server/openapi';
import { MESSAGE_PUSH } from '../src/server/media-check';
import { nowMs } from '../src/server/time';

/**
 * WeChat's side of 云调用, emulated: the local cloud answers the request node-sdk's
 * `callCompatibleWxOpenApi` makes for `cloud.openapi.*` (tcb action `wx.openApi`, multipart form
 * data with a protobuf `CommApiData`, answered by a protobuf `CommOpenApiResp`; see
 * src/server/openapi.ts) the way WeChat documents each API, and keeps what WeChat's servers would
 * know from the phones: subscribe acceptances, phone-number codes, group cloudIDs.
 *
 * - subscribeMessage.send — mp-message-management/subscribe-message/sendMessage: the message is
 *   delivered (kept in `sent`) while the user holds an unused acceptance of that one-time
 *   template, which it spends; otherwise 43101. 47003 for a data key the template does not have,
 *   an empty value, a `thing` over 20 characters or a `phrase` over 5 (参数值内容限制); 40037 for
 *   an unknown template; 40003 for an empty touser.
 * - phonenumber.getPhoneNumber — user-info/phone-number/getPhoneNumber: a code from the phone
 *   button exchanges once, within 5 minutes, for `phone_info`; unknown, used or expired → 40029.
 * - cloudbase.getOpenData — cloudbase/getOpenData: each cloudID (valid 5 minutes) gives
 *   `{ cloud_id, json }`, `json` the JSON text `{ cloudID, data }`; for a group (wx.getGroupEnterInfo)
 *   data is `{ opengid }`. A cloudID WeChat never issued, or one past its 5 minutes, gives
 *   `{ cloudID, errCode, errMsg }` in `json` (-601005 invalid, -601006 expired, -601007 another
 *   user's: wx-server-sdk's codes; the page does not document this case).
 * - security.msgSecCheck v2 — sec-center/sec-check/msgSecCheck: `result.suggest` 'risky' (label
 *   20001…) when the content holds one of `refusedWords`, else 'pass' (label 100); 40129 for a bad
 *   scene, 40003 without openid, 47001 unless version is 2, 44002 for empty content.
 * - security.mediaCheckAsync v2 — sec-center/sec-check/mediaCheckAsync: the same argument checks
 *   (and 47001 unless media_type is 1 or 2, 44002 without media_url); answers `{ trace_id }` at once
 *   (WeChat's format, three groups of eight hex digits) and pushes the verdict later, "within 30
 *   minutes", as the message push WeChat documents for cloud functions (wxcloud/guide/functions/
 *   openapi: the event is the JSON packet; one (MsgType, Event) pair goes to one configured
 *   function): `{ ToUserName, FromUserName, CreateTime, MsgType: 'event', Event: 'wxa_media_check',
 *   appid, trace_id, version: 2, result: { suggest, label }, detail: [{ strategy, errcode, suggest,
 *   label, prob }] }` (the documented v2 push; the shape WeChat sends is also shown in the community
 *   thread developers.weixin.qq.com/community/minihome/doc/0002a2b26a09f883de245df686b000). Like
 *   WeChat, the emulator downloads media_url itself: 'risky' (label 20002) when the file's name
 *   or content matches `refusedImages`, else 'pass'. A URL it cannot download gets 'review' (the
 *   documentation does not say; WeChat's support says such an image is "not recognised", and a
 *   person is the safe reading). The push goes out after `mediaCheckDelayMs`
 *   (LOCALCLOUD_MEDIA_CHECK_DELAY_MS, default 1500; null holds it until `deliverMediaChecks()`).
 * - anything else: CommOpenApiResp.errorCode -604100 (API not found).
 *
 * The phone's side has local endpoints (and the same methods for tests in-process):
 *   POST /wechat/getPhoneNumber { phoneNumber }       → { code } (the button's event detail)
 *   POST /wechat/getGroupEnterInfo { openGId }        → { cloudID } (as wx.getGroupEnterInfo)
 *   POST /wechat/requestSubscribeMessage { tmplIds }  → { [id]: 'accept' } (acceptances granted)
 *   GET  /wechat/sent                                 → the messages delivered so far
 * each as the WeChat user in the `x-openid` header. State lives in memory, as a phone's would.
 */

export type FieldKind = 'thing' | 'phrase' | 'time' | 'date' | 'number' | 'character_string' | 'name' | 'letter' | 'symbol' | 'amount' | 'phone_number' | 'car_number';
export type Template = { title: string; fields: Record<string, FieldKind> };

/**
 * The local cloud's subscribe templates: the ids localcloud/env.ts configures and the keyword
 * keys src/ fills in (a deployment takes both from the templates chosen in the WeChat console).
 */
export const LOCAL_TEMPLATES: Record<string, Template> = {
  'local-volunteer-result': { title: '审核结果通知', fields: { thing1: 'thing', phrase2: 'phrase', thing3: 'thing', time4: 'time' } },
  'local-wish-reminder': { title: '认领到期提醒', fields: { thing1: 'thing', time2: 'time', thing3: 'thing' } },
  'local-visit-reminder': { title: '走访待办提醒', fields: { thing1: 'thing', time2: 'time', thing3: 'thing' } },
  'local-report-reminder': { title: '报告截止提醒', fields: { thing1: 'thing', time2: 'time', thing3: 'thing' } },
  'local-commendation-result': { title: '评优表扬结果通知', fields: { thing1: 'thing', thing2: 'thing', date3: 'date' } },
};

/** Longest value per field kind, in characters (sendMessage's 参数值内容限制). */
const MAX_CHARS: Partial<Record<FieldKind, number>> = {
  thing: 20, phrase: 5, name: 10, character_string: 32, number: 32, letter: 32, symbol: 5, phone_number: 17, car_number: 8,
};

export interface SentMessage {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
  miniprogramState: string;
  lang: string;
  at: string;
}

const FIVE_MINUTES = 5 * 60 * 1000;
const BODY_LIMIT = 2_000_000;
type Answer = Record<string, unknown> & { errcode: number; errmsg: string };
const ok = (extra: Record<string, unknown> = {}): Answer => ({ errcode: 0, errmsg: 'ok', ...extra });
const fail = (errcode: number, errmsg: string): Answer => ({ errcode, errmsg });
const chars = (s: string): number => [...s].length;
const list = (v: string | undefined): string[] => (v ?? '').split(',').map((w) => w.trim()).filter(Boolean);

/** One mediaCheckAsync asked and not yet pushed. */
export interface MediaCheckJob {
  traceId: string;
  openid: string;
  scene: number;
  mediaUrl: string;
  askedAt: string;
}

/** Runs a message push in the function WeChat would send it to (set by the local cloud). */
export type PushDelivery = (functionName: string, event: Record<string, unknown>, openid: string) => Promise<unknown>;

export class WeChatEmulator {
  readonly templates = new Map<string, Template>(Object.entries(LOCAL_TEMPLATES));
  /** subscribeMessage.send calls WeChat delivered, in order */
  readonly sent: SentMessage[] = [];
  /** words msgSecCheck refuses (LOCALCLOUD_REFUSED_WORDS, comma-separated, adds to them) */
  readonly refusedWords: string[] = ['违禁示例词', ...list(process.env.LOCALCLOUD_REFUSED_WORDS)];
  /**
   * images mediaCheckAsync finds risky (LOCALCLOUD_REFUSED_IMAGES, comma-separated, adds to them):
   * `sha256:<hex>` matches the downloaded content, anything else a part of the file's name
   */
  readonly refusedImages: string[] = ['refused-sample', ...list(process.env.LOCALCLOUD_REFUSED_IMAGES)];
  /** ms before a verdict is pushed; null: only when deliverMediaChecks() is called (tests) */
  mediaCheckDelayMs: number | null = process.env.LOCALCLOUD_MEDIA_CHECK_DELAY_MS === 'manual' ? null : Number(process.env.LOCALCLOUD_MEDIA_CHECK_DELAY_MS ?? 1500);
  /** checks asked and not yet pushed, oldest first */
  readonly mediaChecks: MediaCheckJob[] = [];
  /** every push delivered: the event and the function's answer */
  readonly pushed: { functionName: string; event: Record<string, unknown>; answer: unknown }[] = [];
  /** set by the local cloud: runs a push in a function */
  deliver: PushDelivery | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly acceptances = new Map<string, number>();
  private readonly phoneCodes = new Map<string, { openid: string; phone: string; issuedAt: number; used: boolean }>();
  private readonly cloudIds = new Map<string, { openid: string; data: Record<string, unknown>; issuedAt: number }>();

  // ---------- what the phone tells WeChat ----------

  /** wx.requestSubscribeMessage answered 'accept' for these one-time templates: one acceptance each. */
  acceptSubscribe(openid: string, tmplIds: string[]): Record<string, 'accept'> {
    const unknown = tmplIds.find((id) => !this.templates.has(id));
    if (!openid || unknown !== undefined) throw new Error(unknown !== undefined ? `no template ${unknown}` : 'no user');
    for (const id of tmplIds) this.acceptances.set(`${openid}\n${id}`, this.acceptancesOf(openid, id) + 1);
    return Object.fromEntries(tmplIds.map((id) => [id, 'accept' as const]));
  }

  /** Unused acceptances of one template by one user (WeChat offers no API for this; tests may look). */
  acceptancesOf(openid: string, templateId: string): number {
    return this.acceptances.get(`${openid}\n${templateId}`) ?? 0;
  }

  /** The code <button open-type="getPhoneNumber"> gives when she allows her number. */
  issuePhoneCode(openid: string, phoneNumber: string): string {
    const code = crypto.randomBytes(32).toString('hex');
    this.phoneCodes.set(code, { openid, phone: phoneNumber, issuedAt: nowMs(), used: false });
    return code;
  }

  /** The cloudID wx.getGroupEnterInfo gives inside a group chat (open data `{ opengid }`). */
  issueGroupCloudId(openid: string, openGId: string): string {
    const cloudId = `${Math.floor(Math.random() * 90) + 10}_${crypto.randomBytes(24).toString('base64url')}`;
    this.cloudIds.set(cloudId, { openid, data: { opengid: openGId }, issuedAt: nowMs() });
    return cloudId;
  }

  // ---------- what a cloud function asks WeChat ----------

  /** every open-API call the functions made, in order (what WeChat's side would have logged) */
  readonly calls: { api: string; data: Record<string, unknown> }[] = [];

  call(api: string, data: Record<string, unknown>): Answer | null {
    this.calls.push({ api, data });
    switch (api) {
      case 'subscribeMessage.send':
        return this.send(data);
      case 'phonenumber.getPhoneNumber':
        return this.phoneNumber(data);
      case 'cloudbase.getOpenData':
        return this.openData(data);
      case 'security.msgSecCheck':
        return this.secCheck(data);
      case 'security.mediaCheckAsync':
        return this.mediaCheck(data);
      default:
        return null;
    }
  }

  private send(d: Record<string, unknown>): Answer {
    const touser = typeof d.touser === 'string' ? d.touser : '';
    const templateId = typeof d.template_id === 'string' ? d.template_id : '';
    if (!touser) return fail(40003, 'invalid openid');
    const template = this.templates.get(templateId);
    if (!template) return fail(40037, 'invalid template_id');
    const data = (d.data && typeof d.data === 'object' ? d.data : {}) as Record<string, { value?: unknown }>;
    for (const [key, field] of Object.entries(data)) {
      const kind = template.fields[key];
      if (!kind) return fail(47003, `argument invalid! data.${key} is not in the template`);
      const value = field && typeof field === 'object' ? field.value : undefined;
      if (value === undefined || value === null || String(value) === '') return fail(47003, `argument invalid! data.${key}.value is empty`);
      const max = MAX_CHARS[kind];
      if (max !== undefined && chars(String(value)) > max) return fail(47003, `argument invalid! data.${key}.value exceeds ${max} characters`);
    }
    const left = this.acceptancesOf(touser, templateId);
    if (left < 1) return fail(43101, 'user refuse to accept the msg');
    this.acceptances.set(`${touser}\n${templateId}`, left - 1);
    this.sent.push({
      touser, templateId, page: String(d.page ?? ''), data: data as SentMessage['data'],
      miniprogramState: String(d.miniprogram_state ?? 'formal'), lang: String(d.lang ?? 'zh_CN'), at: new Date(nowMs()).toISOString(),
    });
    return ok({ msgid: this.sent.length });
  }

  private phoneNumber(d: Record<string, unknown>): Answer {
    const issued = typeof d.code === 'string' ? this.phoneCodes.get(d.code) : undefined;
    if (!issued || issued.used || nowMs() - issued.issuedAt > FIVE_MINUTES) return fail(40029, 'invalid code');
    issued.used = true;
    return ok({
      phone_info: {
        phoneNumber: issued.phone, purePhoneNumber: issued.phone, countryCode: '86',
        watermark: { timestamp: Math.floor(issued.issuedAt / 1000), appid: 'wxlocal' },
      },
    });
  }

  private openData(d: Record<string, unknown>): Answer {
    const list = Array.isArray(d.cloudid_list) ? d.cloudid_list.map(String) : [];
    const openid = typeof d.openid === 'string' ? d.openid : '';
    return ok({
      data_list: list.map((cloudID) => {
        const issued = this.cloudIds.get(cloudID);
        let json: Record<string, unknown>;
        if (!issued) json = { cloudID, errCode: -601005, errMsg: 'invalid cloudID' };
        else if (nowMs() - issued.issuedAt > FIVE_MINUTES) json = { cloudID, errCode: -601006, errMsg: 'cloudID expired' };
        else if (openid && openid !== issued.openid) json = { cloudID, errCode: -601007, errMsg: 'cloudID and calling user does not match' };
        else json = { cloudID, data: { ...issued.data, watermark: { timestamp: Math.floor(issued.issuedAt / 1000), appid: 'wxlocal' } } };
        return { cloud_id: cloudID, json: JSON.stringify(json) };
      }),
    });
  }

  private secCheck(d: Record<string, unknown>): Answer {
    if (d.version !== 2) return fail(47001, 'data format error: version must be 2');
    if (typeof d.openid !== 'string' || !d.openid) return fail(40003, 'invalid openid');
    if (![1, 2, 3, 4].includes(Number(d.scene))) return fail(40129, 'invalid scene');
    const content = typeof d.content === 'string' ? d.content : '';
    if (!content) return fail(44002, 'empty post data');
    const texts = [content, d.title, d.nickname, d.signature].filter((t): t is string => typeof t === 'string');
    const hit = this.refusedWords.find((w) => texts.some((t) => t.includes(w)));
    const traceId = crypto.randomBytes(8).toString('hex');
    const result = hit ? { suggest: 'risky', label: 20001 } : { suggest: 'pass', label: 100 };
    return ok({ trace_id: traceId, result, detail: [{ strategy: 'content_model', errcode: 0, ...result, ...(hit ? { keyword: hit, prob: 90 } : { prob: 0 }) }] });
  }

  private mediaCheck(d: Record<string, unknown>): Answer {
    if (d.version !== 2) return fail(47001, 'data format error: version must be 2');
    if (typeof d.openid !== 'string' || !d.openid) return fail(40003, 'invalid openid');
    if (![1, 2, 3, 4].includes(Number(d.scene))) return fail(40129, 'invalid scene');
    if (d.media_type !== 1 && d.media_type !== 2) return fail(47001, 'data format error: media_type must be 1 or 2');
    if (typeof d.media_url !== 'string' || !d.media_url) return fail(44002, 'empty post data');
    const hex = () => crypto.randomBytes(4).toString('hex');
    const job: MediaCheckJob = { traceId: `${hex()}-${hex()}-${hex()}`, openid: d.openid, scene: Number(d.scene), mediaUrl: d.media_url, askedAt: new Date(nowMs()).toISOString() };
    this.mediaChecks.push(job);
    if (this.mediaCheckDelayMs !== null) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.deliverMediaChecks([job.traceId]).catch((err) => console.error('[localcloud] wxa_media_check push', err));
      }, this.mediaCheckDelayMs);
      timer.unref();
      this.timers.add(timer);
    }
    return ok({ trace_id: job.traceId });
  }

  /** WeChat's verdict on one image: it downloads the URL as WeChat does, then matches refusedImages. */
  async verdictFor(mediaUrl: string): Promise<{ suggest: 'pass' | 'review' | 'risky'; label: number }> {
    const body = await download(mediaUrl);
    if (!body) return { suggest: 'review', label: 100 };
    const name = decodeURIComponent(new URL(mediaUrl).pathname.split('/').pop() ?? '');
    const hash = `sha256:${crypto.createHash('sha256').update(body).digest('hex')}`;
    const hit = this.refusedImages.some((r) => (r.startsWith('sha256:') ? r.toLowerCase() === hash : name.includes(r)));
    return hit ? { suggest: 'risky', label: 20002 } : { suggest: 'pass', label: 100 };
  }

  /**
   * Pushes the verdicts of the checks asked so far (or of the named traces) to the function the
   * push is configured for (src/server/media-check.ts MESSAGE_PUSH), as WeChat would, in order.
   */
  async deliverMediaChecks(traceIds?: string[]): Promise<number> {
    const due = this.mediaChecks.filter((j) => !traceIds || traceIds.includes(j.traceId));
    for (const job of due) {
      this.mediaChecks.splice(this.mediaChecks.indexOf(job), 1);
      const verdict = await this.verdictFor(job.mediaUrl);
      const event: Record<string, unknown> = {
        ToUserName: 'gh_local', FromUserName: job.openid, CreateTime: Math.floor(nowMs() / 1000), MsgType: 'event', Event: 'wxa_media_check',
        appid: 'wxlocal', trace_id: job.traceId, version: 2, result: verdict,
        detail: [{ strategy: 'content_model', errcode: 0, suggest: verdict.suggest, label: verdict.label, prob: 90 }],
      };
      await this.push(event, job.openid);
    }
    return due.length;
  }

  /** Sends a message push to its configured function; unconfigured pushes go nowhere, as WeChat's. */
  async push(event: Record<string, unknown>, openid = ''): Promise<unknown> {
    const route = MESSAGE_PUSH.find((r) => r.msgType === event.MsgType && r.event === event.Event);
    if (!route || !this.deliver) return undefined;
    const answer = await this.deliver(route.functionName, event, openid);
    this.pushed.push({ functionName: route.functionName, event, answer });
    return answer;
  }

  /** Stops pushes still waiting (the local cloud is closing). */
  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  // ---------- HTTP ----------

  /** The route node-sdk's wx.openApi takes (POST /admin, multipart) and the phone's /wechat/ endpoints. */
  async route(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    if (req.method === 'POST' && pathname === '/admin' && /^multipart\/form-data/i.test(String(req.headers['content-type'] ?? ''))) {
      await this.answerOpenApi(req, res);
      return true;
    }
    if (!pathname.startsWith('/wechat/')) return false;
    const openid = String(req.headers['x-openid'] ?? '');
    if (req.method === 'GET' && pathname === '/wechat/sent') {
      sendJson(res, 200, { messages: openid ? this.sent.filter((m) => m.touser === openid) : this.sent });
      return true;
    }
    if (req.method !== 'POST') return false;
    let body: Record<string, unknown>;
    try {
      const raw = await readBody(req, 100_000);
      body = raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
    } catch {
      sendJson(res, 400, { errMsg: 'bad body' });
      return true;
    }
    if (!openid) {
      sendJson(res, 401, { errMsg: 'x-openid is required (the WeChat user of the phone)' });
      return true;
    }
    if (pathname === '/wechat/getPhoneNumber' && /^\d{11}$/.test(String(body.phoneNumber ?? ''))) {
      sendJson(res, 200, { errMsg: 'getPhoneNumber:ok', code: this.issuePhoneCode(openid, String(body.phoneNumber)) });
    } else if (pathname === '/wechat/getGroupEnterInfo' && /^[A-Za-z0-9_-]{1,64}$/.test(String(body.openGId ?? ''))) {
      sendJson(res, 200, { errMsg: 'getGroupEnterInfo:ok', cloudID: this.issueGroupCloudId(openid, String(body.openGId)), encryptedData: '', iv: '' });
    } else if (pathname === '/wechat/requestSubscribeMessage' && Array.isArray(body.tmplIds) && body.tmplIds.length >= 1 && body.tmplIds.length <= 5) {
      try {
        sendJson(res, 200, { errMsg: 'requestSubscribeMessage:ok', ...this.acceptSubscribe(openid, body.tmplIds.map(String)) });
      } catch (err) {
        sendJson(res, 400, { errCode: 20001, errMsg: `requestSubscribeMessage:fail ${(err as Error).message}` });
      }
    } else {
      sendJson(res, 400, { errMsg: `${pathname}: bad request` });
    }
    return true;
  }

  private async answerOpenApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let fields: Record<string, Buffer>;
    try {
      fields = parseMultipart(await readBody(req, BODY_LIMIT), String(req.headers['content-type']));
    } catch (err) {
      return sendJson(res, 200, { code: 'INVALID_PARAM', message: `bad multipart body: ${(err as Error).message}` });
    }
    const action = fields.action?.toString('utf8');
    if (action !== 'wx.openApi') return sendJson(res, 200, { code: 'INVALID_ACTION', message: `${action ?? '(none)'} is not emulated as multipart` });
    const api = fields.apiName?.toString('utf8') ?? '';
    let data: Record<string, unknown>;
    try {
      const decoded = decodeOpenApiRequest(fields.requestData ?? Buffer.alloc(0));
      if (decoded.apiType !== 0) throw new Error(`apiType ${decoded.apiType} is not OPEN_API`);
      data = decoded.data;
    } catch (err) {
      return sendJson(res, 200, { code: 'INVALID_PARAM', message: `requestData: ${(err as Error).message}` });
    }
    const answer = this.call(api, data);
    const body = answer
      ? encodeOpenApiResponse({ respData: Buffer.from(JSON.stringify(answer)), contentType: 'application/json; charset=utf-8', httpCode: 200 })
      : encodeOpenApiResponse({ errorCode: -604100 });
    if (res.headersSent || res.destroyed) return;
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
    res.end(body);
  }
}

/** GET a URL as WeChat's checker would; null unless it answers 200 (node's http: jsdom test environments lack fetch). */
function download(url: string): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const get = url.startsWith('https:') ? https.get : http.get;
    const req = get(url, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return resolve(null);
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks)));
      res.on('error', () => resolve(null));
    });
    req.on('error', () => resolve(null));
    req.setTimeout(10_000, () => req.destroy());
  });
}

/** The fields of a multipart/form-data body (form-data's encoding: one part per field). */
export function parseMultipart(body: Buffer, contentType: string): Record<string, Buffer> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) throw new Error('no boundary');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const out: Record<string, Buffer> = {};
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new Error('no first boundary');
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') break; // the closing boundary
    pos += 2; // CRLF after the boundary
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw new Error('part without headers');
    const headers = body.subarray(pos, headerEnd).toString('utf8');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next < 0) throw new Error('unterminated part');
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    if (name !== undefined) out[name] = body.subarray(headerEnd + 4, next);
    pos = next + 2;
  }
  return out;
}
