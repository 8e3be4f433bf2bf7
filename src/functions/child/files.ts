import fs from 'fs';
import os from 'os';
import path from 'path';
import { randomBytes } from 'crypto';
import { AppError } from '../../contract';
import { getApp } from '../../server/runtime';
import { nowMs } from '../../server/time';

/**
 * Storage for spreadsheets: the mini-program uploads an import under child-imports/, exports are
 * written under child-exports/ with an unguessable name and handed out as a temporary URL.
 */
export const URL_MAX_AGE_S = 3600;

/** Each caller uploads under her own folder, so a fileID seen elsewhere cannot be imported by another. */
export const importPrefix = (userId: string): string => `child-imports/${userId}/`;

export function assertOwnUpload(fileID: string, userId: string): void {
  if (!fileID.includes(`/${importPrefix(userId)}`)) throw new AppError('FORBIDDEN', '只能导入您本人上传的表格，请重新上传');
}

/** Best effort: an imported sheet holds children's data and is not kept once its rows are in. */
export async function removeFile(fileID: string): Promise<void> {
  await getApp().deleteFile({ fileList: [fileID] }).catch(() => undefined);
}

export async function downloadSheet(fileID: string): Promise<Buffer> {
  try {
    const res = await getApp().downloadFile({ fileID });
    const content = res.fileContent;
    if (!content || (Buffer.isBuffer(content) && content.length === 0)) throw new Error('empty');
    return Buffer.isBuffer(content) ? content : Buffer.from(content);
  } catch {
    throw new AppError('NOT_FOUND', '没有找到上传的表格，请重新上传');
  }
}

/** A temporary file of this instance (CloudBase gives each function a writable /tmp). */
export function tempXlsx(): string {
  return path.join(os.tmpdir(), `child-export-${process.pid}-${randomBytes(6).toString('hex')}.xlsx`);
}

/** Uploads under an ASCII name (the page saves it under the Chinese file name). */
export async function uploadExport(localFile: string): Promise<{ fileID: string; url: string; expiresAt: string }> {
  const day = new Date(nowMs()).toISOString().slice(0, 10);
  const cloudPath = `child-exports/${day}/${randomBytes(12).toString('hex')}.xlsx`;
  const app = getApp();
  const { fileID } = await app.uploadFile({ cloudPath, fileContent: fs.createReadStream(localFile) });
  const urls = await app.getTempFileURL({ fileList: [{ fileID, maxAge: URL_MAX_AGE_S }] });
  const url = urls.fileList?.[0]?.tempFileURL ?? '';
  return { fileID, url, expiresAt: new Date(nowMs() + URL_MAX_AGE_S * 1000).toISOString() };
}
