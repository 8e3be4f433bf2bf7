import type { Output } from '../../../../../src/contract';

type Options = Output<'child', 'options'>;
export type Choice = { code: string; label: string };

/** Options of one enumeration from child.options, keyed by field path ('riskLevel', 'father.health'). */
export const choices = (options: Options | null, path: string): Choice[] => options?.enums[path] ?? [];

/** Opens an exported sheet: download under its Chinese name, then the system's document viewer. */
export function openSheet(url: string, fileName: string): Promise<void> {
  return new Promise((resolve, reject) => {
    wx.downloadFile({
      url,
      filePath: `${wx.env.USER_DATA_PATH}/${fileName}`,
      success: (res) => {
        if (res.statusCode !== 200) return reject(new Error('下载失败，请重试'));
        wx.openDocument({ filePath: res.filePath || `${wx.env.USER_DATA_PATH}/${fileName}`, fileType: 'xlsx', showMenu: true, success: () => resolve(), fail: () => reject(new Error('无法打开表格，请重试')) });
      },
      fail: () => reject(new Error('下载失败，请重试')),
    });
  });
}

export const message = (err: unknown): string => (err instanceof Error && /[\u4e00-\u9fa5]/.test(err.message) ? err.message : '操作失败，请重试');
