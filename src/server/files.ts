import fs from 'fs';
import { randomBytes } from 'crypto';
import { AppError } from '../contract';
import type { Caller } from './caller';
import { getApp, type Db } from './runtime';
import { isoNow, nowMs } from './time';

/**
 * Exports (spreadsheets that may hold full ID numbers) and their lifecycle:
 * - stored under `<area>-exports/<128 random bits>.xlsx`: nothing in the path comes from ids or time;
 * - one `export_files` record each (path, maker, expiry), written with the file;
 * - served only as a temporary link (getTempFileURL, EXPORT_LINK_MAX_AGE_S) to the staff member
 *   who made it: at export time, and again through `report.exportLink` while it is kept;
 * - deleted by report's hourly timer once kept EXPORT_KEEP_S (every link has expired by then).
 * Storage itself is private (docs/architecture.md, Storage): a fileID alone opens nothing.
 */
export const EXPORT_FILES = 'export_files';
/** A link's life: WeChat's own default for a private file ("私有的文件获取的链接十分钟有效期"). */
export const EXPORT_LINK_MAX_AGE_S = 600;
/** How long an export is kept; links are issued only inside this window and never outlive it. */
export const EXPORT_KEEP_S = 3600;
/** Exports deleted per timer run at most (each run is one hour apart). */
export const PURGE_BATCH = 200;

export type ExportArea = 'child' | 'pairing' | 'report';
const EXPORT_PATH = /^cloud:\/\/[^/]+\/(child|pairing|report)-exports\/([0-9a-f]{32})\.xlsx$/;

export interface ExportFileDoc {
  _id: string;
  fileID: string;
  cloudPath: string;
  area: ExportArea;
  makerId: string;
  createdAt: string;
  /** kept until then; the timer deletes the file after */
  expiresAt: string;
  deletedAt: string | null;
}

export interface ExportLink {
  fileID: string;
  url: string;
  /** when this link stops working */
  expiresAt: string;
  /** the export_files id, for the audit entry */
  exportId: string;
}

async function linkFor(doc: Pick<ExportFileDoc, 'fileID' | 'expiresAt' | '_id'>): Promise<ExportLink> {
  const left = Math.floor((Date.parse(doc.expiresAt) - nowMs()) / 1000);
  const maxAge = Math.max(1, Math.min(EXPORT_LINK_MAX_AGE_S, left));
  const res = await getApp().getTempFileURL({ fileList: [{ fileID: doc.fileID, maxAge }] });
  const url = res.fileList?.[0]?.tempFileURL ?? '';
  if (!url) throw new AppError('NOT_FOUND', '导出文件已过期，请重新导出');
  return { fileID: doc.fileID, url, expiresAt: new Date(nowMs() + maxAge * 1000).toISOString(), exportId: doc._id };
}

/** Uploads an export (a buffer or a local file), records it, and answers the maker's link. */
export async function storeExport(db: Db, caller: Caller, area: ExportArea, content: Buffer | { file: string }): Promise<ExportLink> {
  const exportId = randomBytes(16).toString('hex');
  const cloudPath = `${area}-exports/${exportId}.xlsx`;
  const app = getApp();
  const fileContent = Buffer.isBuffer(content) ? content : fs.createReadStream(content.file);
  const { fileID } = await app.uploadFile({ cloudPath, fileContent });
  const doc: ExportFileDoc = {
    _id: exportId, fileID, cloudPath, area, makerId: caller.userId,
    createdAt: isoNow(), expiresAt: new Date(nowMs() + EXPORT_KEEP_S * 1000).toISOString(), deletedAt: null,
  };
  try {
    await db.collection(EXPORT_FILES).add(doc);
  } catch (err) {
    // a file without its record would never be deleted
    await app.deleteFile({ fileList: [fileID] }).catch(() => undefined);
    throw err;
  }
  return linkFor(doc);
}

/**
 * A fresh link to an export, for its maker only (a download that failed). Anyone else — other
 * staff, an admin — gets the same refusal whether the export exists or not.
 */
export async function exportLinkFor(db: Db, caller: Caller, fileID: string): Promise<ExportLink> {
  const id = EXPORT_PATH.exec(fileID)?.[2];
  const doc = id ? ((await db.collection(EXPORT_FILES).doc(id).get()).data?.[0] as ExportFileDoc | undefined) : undefined;
  if (!doc || doc.fileID !== fileID || doc.makerId !== caller.userId) throw new AppError('FORBIDDEN', '只能下载您本人导出的文件');
  if (doc.deletedAt || nowMs() >= Date.parse(doc.expiresAt)) throw new AppError('NOT_FOUND', '导出文件已过期，请重新导出');
  return linkFor(doc);
}

/**
 * Photos others view (check-in, thanks, sign-up and report photos). Storage is private, so a
 * fileID opens a photo only for its uploader; everyone else gets these links, issued only to a
 * caller the handler has already allowed to see the photo. An hour: a page is read, scrolled and
 * its photos previewed well within it (pages fetch afresh on each show), where WeChat's
 * ten-minute default for private files breaks images on a page left open; a link copied out of
 * the mini-program stops working the same day, and access is decided again on every call.
 */
export const PHOTO_LINK_MAX_AGE_S = 3600;
/** getTempFileURL's limit per call: "一次最多取 50 个" (developers.weixin.qq.com, Cloud.getTempFileURL). */
export const TEMP_URL_BATCH = 50;

/** Looks up a photo's link; '' when there is no photo or its file is no longer kept. */
export type PhotoLinks = (fileID: string | null | undefined) => string;

/**
 * Links for every photo of one answer: one getTempFileURL call (one per TEMP_URL_BATCH ids, in
 * parallel, for a page of many). Pass only the fileIDs the caller may see.
 */
export async function photoLinks(fileIDs: Iterable<string | null | undefined>): Promise<PhotoLinks> {
  const ids = [...new Set([...fileIDs].filter((f): f is string => !!f && f.startsWith('cloud://')))];
  const urls = new Map<string, string>();
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += TEMP_URL_BATCH) chunks.push(ids.slice(i, i + TEMP_URL_BATCH));
  await Promise.all(chunks.map(async (chunk) => {
    const res = await getApp().getTempFileURL({ fileList: chunk.map((fileID) => ({ fileID, maxAge: PHOTO_LINK_MAX_AGE_S })) });
    for (const f of res.fileList ?? []) if (f.tempFileURL) urls.set(f.fileID, f.tempFileURL);
  }));
  return (fileID) => (fileID ? urls.get(fileID) ?? '' : '');
}

/** The export id in an export's fileID (for the audit entry of a link request), or null. */
export const exportIdOf = (fileID: string): string | null => EXPORT_PATH.exec(fileID)?.[2] ?? null;

/** Timer job: deletes exports kept past their time, oldest first, PURGE_BATCH a run. */
export async function purgeExports(db: Db): Promise<{ deleted: number }> {
  const _ = db.command;
  const due = ((await db.collection(EXPORT_FILES).where({ deletedAt: null, expiresAt: _.lte(isoNow()) }).orderBy('expiresAt', 'asc').limit(PURGE_BATCH).get()).data ?? []) as ExportFileDoc[];
  let deleted = 0;
  for (let i = 0; i < due.length; i += 50) {
    const chunk = due.slice(i, i + 50); // 50 a call, getTempFileURL's documented limit, kept for deleteFile too
    const res = await getApp().deleteFile({ fileList: chunk.map((d) => d.fileID) });
    // gone either way: deleted now, or already missing
    const gone = new Set((res.fileList ?? []).filter((f) => f.code === 'SUCCESS' || f.code === 'STORAGE_FILE_NONEXIST').map((f) => f.fileID));
    const ids = chunk.filter((d) => gone.has(d.fileID)).map((d) => d._id);
    if (!ids.length) continue;
    await db.collection(EXPORT_FILES).where({ _id: _.in(ids) }).update({ deletedAt: isoNow() });
    deleted += ids.length;
  }
  return { deleted };
}
