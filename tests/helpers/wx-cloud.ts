import http from 'http';
import type { LocalCloud } from '../../localcloud/server';
import { config } from '../../miniprogram/services/config';

/**
 * The phone's side of CloudBase for page tests: `wx.cloud.callFunction` and `wx.cloud.uploadFile`
 * with the shapes WeChat documents, carried to the local cloud. The mini-program runs its
 * production transport (config.backend 'cloud'); only the far end is local.
 * - callFunction: success `{ errMsg: 'cloud.callFunction:ok', result, requestID }`, fail
 *   `{ errCode, errMsg: 'cloud.callFunction:fail …' }`, also a Promise when no callback is given
 *   (reference-client-api/functions/callFunction).
 * - uploadFile: success `{ fileID, statusCode, errMsg: 'cloud.uploadFile:ok' }`; the file is read
 *   from the phone's file system (reference-client-api/storage/uploadFile).
 * The caller's OPENID is the phone's WeChat user, which WeChat adds to every call; tests choose it
 * with renderAs (kept in storage as 'localOpenid').
 */
export const network = { gateway: '' };

type Callbacks<T> = { success?: (r: T) => void; fail?: (e: { errCode: number; errMsg: string }) => void; complete?: () => void };

function post(path: string, body: unknown, openid: string): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${network.gateway}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(openid ? { 'x-openid': openid } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** Runs `work`, answering through callbacks when given, else through the returned Promise, as wx APIs do. */
function settle<T>(api: string, opts: Callbacks<T>, work: () => Promise<T>): Promise<T> | undefined {
  const done = work().then(
    (r) => r,
    (e: Error & { errCode?: number }) => Promise.reject({ errCode: e.errCode ?? -1, errMsg: `${api}:fail ${e.message}` }),
  );
  if (!opts.success && !opts.fail && !opts.complete) return done;
  done.then((r) => opts.success?.(r), (e) => opts.fail?.(e)).finally(() => opts.complete?.());
  return undefined;
}

let seq = 0;
export function makeWxCloud(wx: { getStorageSync(k: string): unknown; getFileSystemManager?: () => { readFileSync(p: string, enc: string): unknown } }) {
  const openid = () => String(wx.getStorageSync('localOpenid') || '');
  return {
    inited: null as null | Record<string, unknown>,
    init(o: Record<string, unknown>) {
      this.inited = o;
    },
    callFunction(opts: { name: string; data?: unknown } & Callbacks<{ errMsg: string; result: unknown; requestID: string }>) {
      return settle('cloud.callFunction', opts, async () => {
        const { status, json } = await post(`/functions/${opts.name}`, opts.data ?? {}, openid());
        // the platform refused or stopped the call (timeout, body too large): WeChat fails it with the
        // platform's errCode, e.g. -504003 "Invoking task timed out after 3 seconds"
        if (status !== 200) {
          const e = json as { code?: string; message?: string; errCode?: number };
          throw Object.assign(new Error(`errCode: ${e.errCode ?? -1} | errMsg: ${e.message ?? e.code ?? status}`), { errCode: e.errCode ?? -1 });
        }
        return { errMsg: 'cloud.callFunction:ok', result: json, requestID: `req-${++seq}` };
      });
    },
    uploadFile(opts: { cloudPath: string; filePath: string } & Callbacks<{ errMsg: string; fileID: string; statusCode: number }>) {
      return settle('cloud.uploadFile', opts, async () => {
        const fsm = wx.getFileSystemManager?.();
        if (!fsm) throw new Error('no file system');
        const base64 = fsm.readFileSync(opts.filePath, 'base64') as string;
        const { status, json } = await post('/storage/upload-json', { cloudPath: opts.cloudPath, base64 }, openid());
        const fileID = (json as { fileID?: string }).fileID;
        if (!fileID) throw new Error(`upload refused (${status})`);
        return { errMsg: 'cloud.uploadFile:ok', fileID, statusCode: 200 };
      });
    },
  };
}

/** Points the page tests' phone at a local cloud through wx.cloud, the production transport. */
export function connect(cloud: LocalCloud): void {
  config.backend = 'cloud';
  network.gateway = cloud.url;
}

/**
 * What WeChat gives the phone's current user (storage 'localOpenid'), issued by the local cloud's
 * emulated WeChat (localcloud/openapi.ts), so the functions' open-API calls resolve them as
 * WeChat's servers would: the phone-number button's code, wx.getGroupEnterInfo's cloudID inside a
 * group, and wx.requestSubscribeMessage's acceptances (WeChat learns of them from the phone).
 */
export function wechatOnPhone(cloud: LocalCloud, wx: { getStorageSync(k: string): unknown } | Record<string, any>) {
  const openid = () => String(wx.getStorageSync('localOpenid') || '');
  return {
    phoneCode: (phoneNumber: string): string => cloud.wechat.issuePhoneCode(openid(), phoneNumber),
    groupEnterInfo: (openGId: string) => ({ errMsg: 'getGroupEnterInfo:ok', cloudID: cloud.wechat.issueGroupCloudId(openid(), openGId), encryptedData: '', iv: '' }),
    requestSubscribeMessage: (tmplIds: string[]) => ({ errMsg: 'requestSubscribeMessage:ok', ...cloud.wechat.acceptSubscribe(openid(), tmplIds) }),
  };
}
