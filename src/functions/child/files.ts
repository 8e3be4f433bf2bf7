import os from 'os';
import path from 'path';
import { randomBytes } from 'crypto';
import { AppError } from '../../contract';
import { getApp } from '../../server/runtime';

/**
 * Storage for spreadsheets: the mini-program uploads an import under child-imports/; exports go
 * through src/server/files.ts (unguessable path, a link for the maker only, deleted after).
 */

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
