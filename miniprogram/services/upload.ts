import { config, localOpenid } from './config';

/**
 * Puts a local file (a chosen photo) into storage and answers its fileID. Cloud mode uses
 * wx.cloud.uploadFile; local mode posts the file as base64 to the local cloud's storage.
 */
const FAILED = '上传失败，请重试';

export function upload(filePath: string, cloudPath: string): Promise<string> {
  if (config.backend === 'cloud') {
    return new Promise((resolve, reject) => {
      wx.cloud.uploadFile({ cloudPath, filePath, success: (r) => resolve(r.fileID), fail: () => reject(new Error(FAILED)) });
    });
  }
  return new Promise((resolve, reject) => {
    let base64: string;
    try {
      base64 = wx.getFileSystemManager().readFileSync(filePath, 'base64') as string;
    } catch {
      return reject(new Error(FAILED));
    }
    wx.request({
      url: `${config.localUrl}/storage/upload-json`,
      method: 'POST',
      data: { cloudPath, base64 },
      // the creator of the file, as the storage rule knows her (only she may read it back)
      header: { 'content-type': 'application/json', 'x-openid': localOpenid() },
      success: (r) => {
        const fileID = (r.data as { fileID?: string } | undefined)?.fileID;
        if (fileID) resolve(fileID);
        else reject(new Error(FAILED));
      },
      fail: () => reject(new Error(FAILED)),
    });
  });
}

/*
 * Photos that wait on the phone (a volunteer in a village without signal): a chosen photo is
 * compressed when large and saved out of the temp folder, so it survives the app being closed and
 * can be uploaded later. Only paths are passed around (storage and setData stay small).
 */

/** A storage fileID (uploaded) as opposed to a path on the phone. */
export const isFileId = (p: string): boolean => p.startsWith('cloud://');

/** chooseMedia's 'compressed' is often still several MB; above this a photo is compressed again. */
const LARGE_BYTES = 500 * 1024;
const QUALITY = 60;

function compress(src: string): Promise<string> {
  return new Promise((resolve) => {
    if (!wx.compressImage) return resolve(src);
    // iOS compresses only JPG: any failure keeps the original
    wx.compressImage({ src, quality: QUALITY, success: (r) => resolve(r.tempFilePath), fail: () => resolve(src) });
  });
}

/** A chosen photo as it should be uploaded: compressed again when large (any failure keeps it as it is). */
export const smallerPhoto = (tempFilePath: string, size: number): Promise<string> => (size > LARGE_BYTES ? compress(tempFilePath) : Promise.resolve(tempFilePath));

/**
 * Keeps a chosen photo on the phone and answers its lasting path. Saved under the user data folder
 * (its quota is far above the 10 MB of saved files); `name` starts the file's name, for the sweep.
 * If saving fails (storage full) the temp path is answered: it still works while the app is open.
 */
export async function keepOnDevice(tempFilePath: string, size: number, name: string): Promise<string> {
  const src = await smallerPhoto(tempFilePath, size);
  const dir = wx.env?.USER_DATA_PATH;
  const filePath = dir ? `${dir}/${name}-${Math.random().toString(36).slice(2, 8)}.jpg` : undefined;
  return new Promise((resolve) => {
    wx.getFileSystemManager().saveFile({
      tempFilePath: src,
      ...(filePath ? { filePath } : {}),
      success: (r) => resolve(r.savedFilePath || filePath || src),
      fail: () => resolve(src),
    });
  });
}

/** Whether a kept photo can still be read (she may have cleared the app's files). */
export function hasLocalFile(path: string): boolean {
  try {
    wx.getFileSystemManager().accessSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Removes a kept photo (a user-data file, or one in the saved-file store); a missing one is fine. */
export function removeLocal(path: string): void {
  if (!path || isFileId(path)) return;
  const fs = wx.getFileSystemManager();
  try {
    fs.unlinkSync(path);
  } catch {
    fs.removeSavedFile({ filePath: path, fail: () => undefined });
  }
}

/** Kept files whose name starts with `prefix` (for sweeping ones nothing refers to any more). */
export function keptFiles(prefix: string): string[] {
  const dir = wx.env?.USER_DATA_PATH;
  if (!dir) return [];
  try {
    return wx.getFileSystemManager().readdirSync(dir).filter((n) => n.startsWith(prefix)).map((n) => `${dir}/${n}`);
  } catch {
    return [];
  }
}
