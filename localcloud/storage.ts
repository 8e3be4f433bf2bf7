import fs from 'fs';
import path from 'path';
import { createHmac, randomBytes, timingSafeEqual } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';
import { readBody, readJson, sendJson } from './http';
import { nowMs } from '../src/server/time';

/**
 * Enough of CloudBase storage for uploads (photos) and generated files (exports), kept on disk.
 * The SDK's side: `storage.getUploadMetadata` gives an upload URL that takes a PUT (as COS does),
 * `storage.batchGetDownloadUrl` gives temporary URLs, `storage.batchDeleteFile` removes files.
 * The mini-program's local mode posts `{ cloudPath, base64 }` to /storage/upload-json instead of
 * `wx.cloud.uploadFile`. File IDs look like CloudBase's: cloud://<env>.<bucket>/<path>.
 *
 * Access is that of a private bucket under the storage security rule STORAGE_RULE below:
 * - The server SDK (the functions, on /admin) may read, write and delete everything: "云开发控制台和
 *   服务端始终有所有文件读写权限，安全规则的配置仅对客户端（小程序端、Web 等）发起的请求有效"
 *   (cloud.tencent.com/document/product/876/41767; docs.cloudbase.net/storage/security-rules).
 * - A client (the phone, `x-openid`) may write a path nobody else created and read (client
 *   getTempFileURL, /storage/client/getTempFileURL here) only files it created itself: the rule
 *   仅创建者及管理员可读写 (`resource.openid == auth.openid`). A file a function wrote (every
 *   export) has no creator, so no client reads it that way.
 * - A file's HTTP URL works only as a signed temporary link (`?sign=…&t=<expiry, s>`) that
 *   batchGetDownloadUrl issued, until `max_age` seconds have passed: a private file's link expires
 *   ("私有的文件获取的链接…有效期", developers.weixin.qq.com, Cloud.getTempFileURL; `maxAge` in
 *   seconds, default 86400, at most one day). The bare path, a forged or an expired link is 403;
 *   a client refused by the rule gets STORAGE_EXCEED_AUTHORITY
 *   (docs.cloudbase.net/error-code/STORAGE_EXCEED_AUTHORITY);
 *   a deleted file is 404. Expiry uses the functions' clock (src/server/time.ts), so tests that
 *   move time move it.
 */
const FILE_ID_PREFIX = 'cloud://local.local-bucket/';
const CONTENT_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '.pdf': 'application/pdf',
  '.json': 'application/json', '.txt': 'text/plain; charset=utf-8',
};

/** The storage security rule this emulates (the deploy command sets the same on a real environment). */
export const STORAGE_RULE = { read: 'resource.openid == auth.openid', write: 'resource.openid == auth.openid' } as const;
const DEFAULT_MAX_AGE_S = 86_400;

export class LocalStorage {
  private readonly root: string;
  /** Who created each file (the rule's resource.openid), beside the files: storage-meta/<path>.json. */
  private readonly meta: string;
  /** Signs temporary links; a fresh secret per start, so links do not outlive the process either. */
  private readonly secret = randomBytes(32);
  constructor(dataDir: string, private readonly baseUrl: () => string) {
    this.root = path.resolve(dataDir, 'storage');
    this.meta = path.resolve(dataDir, 'storage-meta');
    fs.mkdirSync(this.root, { recursive: true });
  }

  /** Resolves a cloud path inside the storage root, refusing anything that climbs out of it. */
  private fileFor(cloudPath: string): string | null {
    const clean = cloudPath.replace(/^\/+/, '');
    const full = path.resolve(this.root, clean);
    return clean && full.startsWith(this.root + path.sep) ? full : null;
  }

  private cloudPathOf(fileId: string): string | null {
    return fileId.startsWith(FILE_ID_PREFIX) ? fileId.slice(FILE_ID_PREFIX.length) : null;
  }

  /** Writes a file; `openid` is the client that created it (null: a function, through the SDK). */
  write(cloudPath: string, content: Buffer, openid: string | null = null): string {
    const file = this.fileFor(cloudPath);
    if (!file) throw new Error('bad cloud path');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    const clean = cloudPath.replace(/^\/+/, '');
    const meta = path.join(this.meta, `${clean}.json`);
    if (openid) {
      fs.mkdirSync(path.dirname(meta), { recursive: true });
      fs.writeFileSync(meta, JSON.stringify({ openid }));
    } else {
      fs.rmSync(meta, { force: true });
    }
    return FILE_ID_PREFIX + clean;
  }

  /** The client that created the file (resource.openid), null for a function's file or none. */
  creatorOf(cloudPath: string): string | null {
    try {
      return (JSON.parse(fs.readFileSync(path.join(this.meta, `${cloudPath.replace(/^\/+/, '')}.json`), 'utf8')) as { openid?: string }).openid ?? null;
    } catch {
      return null;
    }
  }

  /** The rule for a client: only the creator reads or overwrites (a new path: any signed-in user writes). */
  private clientMay(op: 'read' | 'write', cloudPath: string, openid: string): boolean {
    if (!openid) return false; // auth == null
    const file = this.fileFor(cloudPath);
    if (op === 'write' && file && !fs.existsSync(file)) return true;
    return this.creatorOf(cloudPath) === openid;
  }

  private sign(cloudPath: string, t: number): string {
    return createHmac('sha256', this.secret).update(`${cloudPath}\n${t}`).digest('hex').slice(0, 32);
  }

  /** A signed link valid for maxAge seconds from now (the functions' clock). */
  private tempUrl(cloudPath: string, maxAgeS: number): string {
    const t = Math.floor(nowMs() / 1000) + maxAgeS;
    const encoded = cloudPath.split('/').map(encodeURIComponent).join('/');
    return `${this.baseUrl()}/storage/files/${encoded}?sign=${this.sign(cloudPath, t)}&t=${t}`;
  }

  private putUrl(cloudPath: string): string {
    const t = Math.floor(nowMs() / 1000) + 600;
    return `${this.baseUrl()}/storage/put/${encodeURIComponent(cloudPath)}?sign=${this.sign(`put:${cloudPath}`, t)}&t=${t}`;
  }

  private validLink(cloudPath: string, sign: string | null, t: string | null): boolean {
    if (!sign || !t || !/^\d+$/.test(t)) return false;
    const want = Buffer.from(this.sign(cloudPath, Number(t)));
    const got = Buffer.from(sign);
    return want.length === got.length && timingSafeEqual(want, got) && nowMs() < Number(t) * 1000;
  }

  /** The SDK's storage actions, posted to /admin like the database's. */
  handleAction(body: Record<string, unknown>): Record<string, unknown> {
    const requestId = `local-storage-${Date.now()}`;
    switch (body.action) {
      case 'storage.getUploadMetadata': {
        const cloudPath = String(body.path ?? '');
        if (!this.fileFor(cloudPath)) return { code: 'INVALID_PARAM', message: 'invalid cloudPath', requestId };
        return {
          requestId,
          data: {
            // signed like a COS upload URL: only the holder of this answer (a function) may PUT
            url: this.putUrl(cloudPath),
            token: 'local', authorization: 'local', cosFileId: 'local',
            fileId: FILE_ID_PREFIX + cloudPath.replace(/^\/+/, ''),
          },
        };
      }
      case 'storage.batchGetDownloadUrl': {
        const list = (body.file_list as { fileid: string; max_age?: number }[] | undefined) ?? [];
        const download_list = list.map(({ fileid, max_age }) => {
          const p = this.cloudPathOf(fileid);
          const file = p && this.fileFor(p);
          const maxAge = Math.min(Number(max_age) > 0 ? Number(max_age) : DEFAULT_MAX_AGE_S, DEFAULT_MAX_AGE_S);
          return p && file && fs.existsSync(file)
            ? { code: 'SUCCESS', fileID: fileid, tempFileURL: this.tempUrl(p, maxAge) }
            : { code: 'STORAGE_FILE_NONEXIST', fileID: fileid, tempFileURL: '' };
        });
        return { requestId, data: { download_list } };
      }
      case 'storage.batchDeleteFile': {
        const ids = (body.fileid_list as string[] | undefined) ?? [];
        const delete_list = ids.map((fileID) => {
          const p = this.cloudPathOf(fileID);
          const file = p && this.fileFor(p);
          if (file && fs.existsSync(file)) fs.unlinkSync(file);
          if (p) fs.rmSync(path.join(this.meta, `${p}.json`), { force: true });
          return { fileID, code: file ? 'SUCCESS' : 'STORAGE_FILE_NONEXIST' };
        });
        return { requestId, data: { delete_list } };
      }
      default:
        return { code: 'ACTION_NOT_SUPPORTED', message: `local storage does not support ${String(body.action)}`, requestId };
    }
  }

  /** HTTP routes under /storage/. Returns false when the path is not a storage route. */
  async route(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    if (req.method === 'PUT' && pathname.startsWith('/storage/put/')) {
      const cloudPath = decodeURIComponent(pathname.slice('/storage/put/'.length));
      if (!this.fileFor(cloudPath)) return sendJson(res, 400, { message: 'bad path' }), true;
      const q = new URL(req.url ?? '', 'http://local').searchParams;
      if (!this.validLink(`put:${cloudPath}`, q.get('sign'), q.get('t'))) return res.writeHead(403).end('access denied'), true;
      this.write(cloudPath, await readBody(req, 50_000_000));
      res.writeHead(200).end('');
      return true;
    }
    const openid = String(req.headers['x-openid'] ?? '');
    if (req.method === 'POST' && pathname === '/storage/upload-json') {
      // the client's wx.cloud.uploadFile: a signed-in user, a path nobody else created
      const { cloudPath, base64 } = (await readJson(req, 20_000_000)) as { cloudPath?: string; base64?: string };
      if (!cloudPath || !base64 || !this.fileFor(cloudPath)) return sendJson(res, 400, { errMsg: 'uploadFile:fail bad request' }), true;
      if (!this.clientMay('write', cloudPath, openid)) return sendJson(res, 403, { errCode: 'STORAGE_EXCEED_AUTHORITY', errMsg: 'uploadFile:fail STORAGE_EXCEED_AUTHORITY' }), true;
      sendJson(res, 200, { fileID: this.write(cloudPath, Buffer.from(base64, 'base64'), openid), errMsg: 'uploadFile:ok' });
      return true;
    }
    if (req.method === 'POST' && pathname === '/storage/client/getTempFileURL') {
      // the client's wx.cloud.getTempFileURL / downloadFile: read only under the rule
      const { fileList } = (await readJson(req, 1_000_000)) as { fileList?: string[] };
      const out = (fileList ?? []).map((fileID) => {
        const p = this.cloudPathOf(String(fileID));
        const file = p && this.fileFor(p);
        if (!p || !file || !fs.existsSync(file)) return { fileID, status: -1, errMsg: 'STORAGE_FILE_NONEXIST', tempFileURL: '' };
        if (!this.clientMay('read', p, openid)) return { fileID, status: -1, errMsg: 'STORAGE_EXCEED_AUTHORITY', tempFileURL: '' };
        return { fileID, status: 0, errMsg: 'ok', tempFileURL: this.tempUrl(p, DEFAULT_MAX_AGE_S) };
      });
      sendJson(res, 200, { fileList: out, errMsg: 'getTempFileURL:ok' });
      return true;
    }
    if (req.method === 'GET' && pathname.startsWith('/storage/files/')) {
      const cloudPath = decodeURIComponent(pathname.slice('/storage/files/'.length));
      const file = this.fileFor(cloudPath);
      if (!file || !fs.existsSync(file)) return res.writeHead(404).end('not found'), true;
      const q = new URL(req.url ?? '', 'http://local').searchParams;
      if (!this.validLink(cloudPath.replace(/^\/+/, ''), q.get('sign'), q.get('t'))) return res.writeHead(403).end('access denied'), true;
      res.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream' });
      fs.createReadStream(file).pipe(res);
      return true;
    }
    return false;
  }
}
