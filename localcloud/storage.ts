import fs from 'fs';
import path from 'path';
import type { IncomingMessage, ServerResponse } from 'http';
import { readBody, readJson, sendJson } from './http';

/**
 * Enough of CloudBase storage for uploads (photos) and generated files (exports), kept on disk.
 * The SDK's side: `storage.getUploadMetadata` gives an upload URL that takes a PUT (as COS does),
 * `storage.batchGetDownloadUrl` gives temporary URLs, `storage.batchDeleteFile` removes files.
 * The mini-program's local mode posts `{ cloudPath, base64 }` to /storage/upload-json instead of
 * `wx.cloud.uploadFile`. File IDs look like CloudBase's: cloud://<env>.<bucket>/<path>.
 */
const FILE_ID_PREFIX = 'cloud://local.local-bucket/';
const CONTENT_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.webp': 'image/webp',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '.pdf': 'application/pdf',
  '.json': 'application/json', '.txt': 'text/plain; charset=utf-8',
};

export class LocalStorage {
  private readonly root: string;
  constructor(dataDir: string, private readonly baseUrl: () => string) {
    this.root = path.resolve(dataDir, 'storage');
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

  write(cloudPath: string, content: Buffer): string {
    const file = this.fileFor(cloudPath);
    if (!file) throw new Error('bad cloud path');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return FILE_ID_PREFIX + cloudPath.replace(/^\/+/, '');
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
            url: `${this.baseUrl()}/storage/put/${encodeURIComponent(cloudPath)}`,
            token: 'local', authorization: 'local', cosFileId: 'local',
            fileId: FILE_ID_PREFIX + cloudPath.replace(/^\/+/, ''),
          },
        };
      }
      case 'storage.batchGetDownloadUrl': {
        const list = (body.file_list as { fileid: string }[] | undefined) ?? [];
        const download_list = list.map(({ fileid }) => {
          const p = this.cloudPathOf(fileid);
          const file = p && this.fileFor(p);
          return file && fs.existsSync(file)
            ? { code: 'SUCCESS', fileID: fileid, tempFileURL: `${this.baseUrl()}/storage/files/${p}` }
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
      this.write(cloudPath, await readBody(req, 50_000_000));
      res.writeHead(200).end('');
      return true;
    }
    if (req.method === 'POST' && pathname === '/storage/upload-json') {
      const { cloudPath, base64 } = (await readJson(req, 20_000_000)) as { cloudPath?: string; base64?: string };
      if (!cloudPath || !base64 || !this.fileFor(cloudPath)) return sendJson(res, 400, { errMsg: 'uploadFile:fail bad request' }), true;
      sendJson(res, 200, { fileID: this.write(cloudPath, Buffer.from(base64, 'base64')), errMsg: 'uploadFile:ok' });
      return true;
    }
    if (req.method === 'GET' && pathname.startsWith('/storage/files/')) {
      const file = this.fileFor(decodeURIComponent(pathname.slice('/storage/files/'.length)));
      if (!file || !fs.existsSync(file)) return res.writeHead(404).end('not found'), true;
      res.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream' });
      fs.createReadStream(file).pipe(res);
      return true;
    }
    return false;
  }
}
