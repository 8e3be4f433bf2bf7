import { config } from './config';

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
      header: { 'content-type': 'application/json' },
      success: (r) => {
        const fileID = (r.data as { fileID?: string } | undefined)?.fileID;
        if (fileID) resolve(fileID);
        else reject(new Error(FAILED));
      },
      fail: () => reject(new Error(FAILED)),
    });
  });
}
