/**
 * Large text on every page: one scale, read once from WeChat's own font size setting
 * (我-设置-通用-字体大小: `fontSizeScaleFactor`, the ratio to the platform's 标准 — 17 px on iOS,
 * 16 px on Android — or else `fontSizeSetting` px over 16), times more in 关怀模式 (her switch in
 * 我的, kept in this phone's storage, which WeChat keeps per user). Every page has the fontScale
 * behavior (behaviors/font-scale.ts) and its root view carries
 * `class="fs-root {{fontClass}}" style="{{fontStyle}}"`: app.wxss sizes its text and TDesign's
 * --td-font-* / --td-button-* variables from --fs, so the whole page grows together.
 */
export const CARE_KEY = 'careMode';
const STANDARD_PX = 16;
/** past this, two-column rows no longer fit a 375 pt wide phone */
const MAX_SYSTEM = 1.5;
const CARE_FACTOR = 1.25;
const MAX_CARE = 1.75;
/** a label of five large characters beside an input leaves the input too narrow for its words */
const VERTICAL_INPUTS = 1.25;

let systemScale: number | undefined;

const round = (n: number) => Math.round(n * 20) / 20;

/** WeChat's font size setting as a factor of 标准, read once per launch. */
export function systemFontScale(): number {
  if (systemScale !== undefined) return systemScale;
  let factor = 1;
  try {
    const info = (typeof wx.getAppBaseInfo === 'function' ? wx.getAppBaseInfo() : wx.getSystemInfoSync()) as { fontSizeScaleFactor?: number; fontSizeSetting?: number };
    const given = Number(info.fontSizeScaleFactor);
    const setting = Number(info.fontSizeSetting);
    // the factor knows iOS's 标准 is 17 px; fontSizeSetting alone would make that 1.06
    if (given > 0) factor = given;
    else if (setting > 0) factor = setting / STANDARD_PX;
  } catch {
    /* an old base library: 标准 */
  }
  systemScale = Math.min(MAX_SYSTEM, Math.max(1, round(factor)));
  return systemScale;
}

/** Tests and a changed setting (the app shown again) read it afresh. */
export function forgetFontScale(): void {
  systemScale = undefined;
}

/** The setting may have changed (the app shown again) or 关怀模式 was switched: read it afresh and
 * give every open page (each has the fontScale behavior, so fontStyle in its data) the new scale. */
export function refreshFontScale(): void {
  forgetFontScale();
  if (typeof getCurrentPages !== 'function') return;
  const data = fontData();
  for (const page of getCurrentPages()) if (page && 'fontStyle' in (page.data ?? {})) page.setData(data);
}

export const careMode = (): boolean => wx.getStorageSync(CARE_KEY) === true;

export function setCareMode(on: boolean): void {
  if (on) wx.setStorageSync(CARE_KEY, true);
  else wx.removeStorageSync(CARE_KEY);
}

export interface FontScale {
  scale: number;
  care: boolean;
  /** extra classes for the page's root view (besides fs-root) */
  fontClass: string;
  /** the root view's inline style: the scale as --fs */
  fontStyle: string;
  /** t-input's layout: from 1.25 on, the label goes above the box, which then has the row's width */
  inputLayout: 'horizontal' | 'vertical';
}

export function fontScale(): FontScale {
  const system = systemFontScale();
  const care = careMode();
  const scale = care ? Math.min(MAX_CARE, round(Math.max(system * CARE_FACTOR, CARE_FACTOR))) : system;
  const stacked = scale >= VERTICAL_INPUTS;
  const fontClass = [scale > 1 ? 'fs-large' : '', stacked ? 'fs-stack' : '', care ? 'fs-care' : ''].filter(Boolean).join(' ');
  return { scale, care, fontClass, fontStyle: `--fs: ${scale};`, inputLayout: stacked ? 'vertical' : 'horizontal' };
}

/** What a page's root view binds (set by the fontScale behavior when the page is created). */
export function fontData(): Pick<FontScale, 'fontClass' | 'fontStyle' | 'inputLayout'> {
  const { fontClass, fontStyle, inputLayout } = fontScale();
  return { fontClass, fontStyle, inputLayout };
}
