import fs from 'fs';
import path from 'path';
import { installWx, loadPage, simulate, MP_ROOT } from '../tests/helpers/page';
import { startTestCloud } from '../tests/helpers/cloud';
import { config } from '../miniprogram/services/config';
import { DEMO_ADMIN, seedDemo } from '../localcloud/seed';
import { wechatContext } from '../localcloud/env';
import { FUNCTIONS } from '../src/functions';
import type { LocalCloud } from '../localcloud/server';
import { SHOTS_NOW } from './now';

/**
 * What `npm run shots` needs on top of the page-test helpers (tests/helpers/page.ts, used as they
 * are): a phone-sized rpx, a `wx` that answers every API a page may call, the page placed in the
 * document, and one self-contained HTML file per screen (the DOM j-component drew, the wxss that
 * miniprogram-simulate compiled for it, app.wxss, and WeChat's defaults for its built-in tags),
 * which shots/run.ts photographs in headless Chromium.
 */

/** The phone: 390 CSS px wide (an iPhone 12/13/14), so 750rpx = 390px. */
export const WIDTH = 390;
const RPX = WIDTH / 750;
export const OUT = path.resolve(__dirname, '../.shots');

/* miniprogram-simulate (stylesheets) and j-component (inline styles) turn Nrpx into N px, a
 * 750 px wide phone; WeChat turns it into N × width / 750. Both call their module's function
 * through the module object, so replacing it here (before any render) changes what they insert. */
const toPx = (css: string) => css.replace(/(-?\d*\.?\d+)rpx/gi, (_m, n: string) => `${+(Number(n) * RPX).toFixed(3)}px`);
// eslint-disable-next-line @typescript-eslint/no-var-requires
require('miniprogram-simulate/src/utils').transformRpx = toPx;
// eslint-disable-next-line @typescript-eslint/no-var-requires
require('j-component/src/tool/utils').transformRpx = toPx;

type Wx = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Opts = { success?: (r: unknown) => void; fail?: (e: unknown) => void; complete?: (r?: unknown) => void } & Record<string, unknown>;
const answer = (result: unknown) => (o: Opts = {}) => {
  o.success?.(result);
  o.complete?.(result);
};

let inflight = 0;
let titles: string[] = [];

/** installWx plus what the pages call that the page tests stub per file, with a phone's answers;
 * any other API fails the way an unsupported one would, so no page waits on a callback forever. */
export function installShotWx(): Wx {
  const wx = installWx() as Wx;
  const request = wx.request as (o: Opts) => void;
  wx.request = (o: Opts) => {
    inflight++;
    const done = () => setTimeout(() => inflight--, 0);
    request({ ...o, success: (r) => (done(), o.success?.(r)), fail: (e) => (done(), o.fail?.(e)) });
  };
  wx.setNavigationBarTitle = (o: { title: string }) => void titles.push(o.title);
  wx.env = { USER_DATA_PATH: 'wxfile://usr' };
  wx.getNetworkType = answer({ networkType: 'wifi' });
  wx.onNetworkStatusChange = () => undefined;
  wx.offNetworkStatusChange = () => undefined;
  // 遂宁 city centre: the check-in page shows that a place was found
  wx.getFuzzyLocation = answer({ latitude: 30.533, longitude: 105.593, errMsg: 'getFuzzyLocation:ok' });
  wx.getPrivacySetting = answer({ needAuthorization: false, privacyContractName: '《爱心妈妈小程序隐私保护指引》' });
  wx.onNeedPrivacyAuthorization = () => undefined;
  wx.getEnterOptionsSync = () => ({ scene: 1001, query: {} });
  wx.getLaunchOptionsSync = () => ({ scene: 1001, query: {} });
  wx.showShareMenu = answer({});
  wx.stopPullDownRefresh = () => undefined;
  wx.getFileSystemManager = () => ({ readFileSync: () => '', accessSync: () => undefined, saveFile: answer({ savedFilePath: 'wxfile://store/x' }) });
  const shown = new Proxy(wx, {
    get(target, key: string) {
      if (key in target) return target[key];
      return (o?: Opts) => {
        o?.fail?.({ errMsg: `${key}:fail not available in shots` });
        o?.complete?.();
      };
    },
  });
  (globalThis as Record<string, unknown>).wx = shown;
  return shown;
}

/** Pins the clock at SHOTS_NOW (shots/now.ts); it runs on from there. */
function pinClock(): void {
  jest.useFakeTimers({
    now: new Date(SHOTS_NOW),
    advanceTimers: true,
    // only Date: the pages, exparser and the gateway keep their real timers
    doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
  });
}

/** The in-process local cloud with the demo data `npm start` creates for a preset. */
export async function startDemoCloud(presetId = 'suining-2019'): Promise<LocalCloud> {
  pinClock();
  const cloud = await startTestCloud();
  config.backend = 'local';
  config.localUrl = cloud.url;
  await seedDemo(FUNCTIONS as never, presetId);
  return cloud;
}

/** The local cloud with only the programme set up (its org tree, no people, children or wishes):
 * what a page shows before anything is in it. */
export async function startEmptyCloud(presetId = 'suining-2019'): Promise<LocalCloud> {
  pinClock();
  const cloud = await startTestCloud();
  config.backend = 'local';
  config.localUrl = cloud.url;
  for (const [action, data] of [['login', {}], ['setupProgramme', { presetId }]] as const) {
    const res = (await FUNCTIONS.account({ action, data }, wechatContext(DEMO_ADMIN, 'account'))) as { ok: boolean; error?: { message: string } };
    if (!res.ok) throw new Error(`shots: account.${action} failed: ${res.error?.message}`);
  }
  return cloud;
}

const pageIds = new Map<string, string>();
/** loadPage once per page path (each load compiles its templates again). */
export function pageId(relPath: string): string {
  if (!pageIds.has(relPath)) pageIds.set(relPath, loadPage(relPath));
  return pageIds.get(relPath)!;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until no request has been in flight for a moment and `until` (if given) holds. */
export async function settle(until: () => boolean = () => true, ms = 15000): Promise<void> {
  const start = Date.now();
  let quiet = 0;
  while (quiet < 6 || !until()) {
    if (Date.now() - start > ms) throw new Error('shots: the page did not settle (still loading or waiting on a request)');
    quiet = inflight === 0 ? quiet + 1 : 0;
    await sleep(25);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Page = any;

/** Opens a page as `openid` the way WeChat does: created, attached to the screen, onLoad(query),
 * onShow(), then settled. */
export async function open(relPath: string, openid: string, query: Record<string, string> = {}, until?: (p: Page) => boolean): Promise<Page> {
  // every loaded page's stylesheet stays in <head> (all with the class prefix `main--`), so one
  // page's `.row` would style the next; render() inserts this page's own again
  document.head.querySelectorAll('style').forEach((s) => s.remove());
  document.body.innerHTML = '';
  titles = [];
  (globalThis as unknown as { wx: Wx }).wx.setStorageSync('localOpenid', openid);
  const page = simulate.render(pageId(relPath), {});
  const screen = document.createElement('page');
  document.body.appendChild(screen);
  page.attach(screen);
  await page.instance.onLoad?.(query);
  await page.instance.onShow?.();
  await settle(() => page.data.loading !== true && (!until || until(page)));
  return page;
}

const BUILT_IN = new Set(['wx-input', 'wx-textarea', 'wx-image', 'wx-button', 'wx-navigator', 'wx-picker', 'wx-canvas', 'wx-switch', 'wx-checkbox', 'wx-radio']);
type Exparser = { _vt?: { attrs?: { name: string; value: unknown }[] } };

/** j-component keeps a built-in tag's attributes (value, placeholder, src, type …) on its node,
 * not in the DOM; copy them onto the element, and draw what WeChat draws inside an input. */
function reflectBuiltIns(root: Element): void {
  for (const el of Array.from(root.querySelectorAll('*'))) {
    const node = (el as unknown as { __wxElement?: Exparser }).__wxElement;
    const attrs = node?._vt?.attrs ?? [];
    for (const { name, value } of attrs) {
      if (name === 'hidden' && value !== false && value !== undefined && value !== 'false') el.setAttribute('hidden', '');
      if (!BUILT_IN.has(el.tagName.toLowerCase())) continue;
      if (['string', 'number', 'boolean'].includes(typeof value) && value !== false && /^[a-z-]+$/.test(name) && !['class', 'style', 'id'].includes(name)) el.setAttribute(name, String(value));
    }
    const tag = el.tagName.toLowerCase();
    if ((tag === 'wx-input' || tag === 'wx-textarea') && !el.textContent) {
      const value = el.getAttribute('value') ?? '';
      const shown = value ? (el.getAttribute('password') !== null || el.getAttribute('type') === 'safe-password' ? '•'.repeat(value.length) : value) : el.getAttribute('placeholder') ?? '';
      el.textContent = shown;
      if (!value) el.setAttribute('data-placeholder', '');
    }
  }
}

const TAGS = ['view', 'text', 'button', 'image', 'input', 'textarea', 'picker', 'scroll-view', 'navigator', 'label', 'canvas', 'swiper', 'swiper-item', 'icon', 'form', 'switch', 'slider', 'radio', 'checkbox', 'rich-text', 'block'];
const TAG_RE = new RegExp(`(^|[\\s>+~,(])(${TAGS.join('|')})(?=$|[\\s.:#\\[>+~,)])`, 'g');

/** Tag selectors in wxss name WeChat's tags; in the document they are wx-view, wx-text …; rpx
 * left in a stylesheet becomes px for this phone. The stylesheets are csso's minified output (no
 * comments), so every selector list sits between a brace (or the start) and the next `{`. */
function forDocument(css: string): string {
  const tags = css.replace(/(^|[{}])([^{}@]+)\{/g, (_m, before: string, selectors: string) => `${before}${selectors.replace(TAG_RE, '$1wx-$2')}{`);
  return toPx(tags);
}

let appCss: string | undefined;
/** app.wxss applies to every page; miniprogram-simulate does not load it, so compile it here with
 * the page's class prefix (pages are rendered as `main`). */
function appStyles(): string {
  if (appCss === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const wxss = require('miniprogram-simulate/src/wxss');
    const file = path.join(MP_ROOT, 'app.wxss');
    appCss = fs.existsSync(file) ? wxss.compile(wxss.getContent(file), { prefix: 'main' }) : '';
  }
  return appCss!;
}

/** WeChat's defaults for its built-in tags (base library 3.x), the navigation bar, and fonts: the
 * phone's fonts that TDesign and our wxss name are not on a Linux machine, so they stand for Noto
 * Sans CJK SC (else Chromium falls back to a serif font for Latin letters and digits). */
const PHONE_FONTS = ['PingFang SC', 'Microsoft YaHei', 'Arial Regular', '-apple-system', 'Helvetica Neue'];
const BASE = `
${PHONE_FONTS.map((f) => `@font-face { font-family: "${f}"; font-weight: 100 500; src: local("Noto Sans CJK SC"), local("NotoSansCJKsc-Regular"), local("Noto Sans CJK SC Regular"); }
@font-face { font-family: "${f}"; font-weight: 600 900; src: local("Noto Sans CJK SC Bold"), local("NotoSansCJKsc-Bold"); }`).join('\n')}
html, body { margin: 0; padding: 0; }
body { background: #f3f3f3; -webkit-font-smoothing: antialiased; }
page { display: block; min-height: calc(100vh - 44px); font-family: -apple-system, "PingFang SC", "Noto Sans CJK SC", "Helvetica Neue", sans-serif; font-size: 16px; }
parent-wrapper, main { display: block; }
.shots-nav { height: 44px; line-height: 44px; text-align: center; font: 600 17px -apple-system, "PingFang SC", "Noto Sans CJK SC", sans-serif; background: #fff; color: #000; position: relative; }
.shots-nav::after { content: ''; position: absolute; right: 7px; top: 6px; width: 87px; height: 32px; border-radius: 16px; border: 1px solid rgba(0,0,0,.12); box-sizing: border-box; background: rgba(255,255,255,.6); }
[hidden] { display: none !important; }
wx-view, wx-scroll-view, wx-swiper, wx-swiper-item, wx-form, wx-picker, wx-navigator, wx-rich-text, wx-canvas { display: block; }
wx-scroll-view { overflow: hidden; }
wx-text, wx-label { display: inline; }
wx-text { white-space: pre-wrap; }
wx-icon, wx-switch, wx-checkbox, wx-radio { display: inline-block; }
wx-image { display: inline-block; overflow: hidden; width: 320px; height: 240px; background: #e7e7e7; }
wx-image[mode="widthFix"] { height: 240px; }
wx-canvas { width: 300px; height: 150px; }
wx-input { display: block; height: 1.4rem; min-height: 1.4rem; line-height: 1.4rem; overflow: hidden; white-space: nowrap; text-overflow: clip; }
wx-textarea { display: block; width: 300px; height: 150px; white-space: pre-wrap; overflow: hidden; }
wx-input[data-placeholder], wx-textarea[data-placeholder] { color: #808080; }
wx-button { position: relative; display: block; margin-left: auto; margin-right: auto; padding-left: 14px; padding-right: 14px; box-sizing: border-box; font-size: 18px; text-align: center; text-decoration: none; line-height: 2.55555556; border-radius: 5px; overflow: hidden; color: #000; background-color: #f8f8f8; }
wx-button::after { content: " "; width: 200%; height: 200%; position: absolute; top: 0; left: 0; border: 1px solid rgba(0,0,0,.2); transform: scale(.5); transform-origin: 0 0; box-sizing: border-box; border-radius: 10px; }
wx-button[type="primary"] { color: #fff; background-color: #07c160; }
wx-button[type="warn"] { color: #fa5151; background-color: #f2f2f2; }
wx-button[size="mini"] { display: inline-block; line-height: 2.3; font-size: 13px; padding: 0 1.34em; width: auto; }
wx-button[plain] { background-color: transparent; border: 1px solid #353535; }
wx-button[disabled] { color: rgba(0,0,0,.3); background-color: #f7f7f7; }
`;

/** app.json `"style": "v2"` switches the built-in tags to WeUI's newer look (a 184 px bold button). */
const V2 = `
wx-button { width: 184px; padding: 8px 24px; font-weight: 700; font-size: 17px; line-height: 1.41176471; border-radius: 8px; color: #06ae56; background-color: #f2f2f2; }
wx-button::after { display: none; }
wx-button[type="primary"] { color: #fff; background-color: #07c160; }
wx-button[size="mini"] { padding: 0 .75em; line-height: 2; font-size: 16px; border-radius: 4px; }
`;
const appJson = () => JSON.parse(fs.readFileSync(path.join(MP_ROOT, 'app.json'), 'utf8')) as { style?: string };

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The title WeChat shows: what the page set, else its own json, else app.json's. */
function titleOf(relPath: string): string {
  if (titles.length) return titles[titles.length - 1]!;
  const read = (f: string) => JSON.parse(fs.readFileSync(path.join(MP_ROOT, f), 'utf8')) as { navigationBarTitleText?: string; window?: { navigationBarTitleText?: string } };
  return read(`${relPath}.json`).navigationBarTitleText ?? read('app.json').window?.navigationBarTitleText ?? '';
}

/** What the issue's done-condition forbids on any screen: a step bar or a tag that draws no words
 * (TDesign's t-steps with no t-step-item, a t-tag given `text` instead of its slot). */
function emptyComponents(screen: Element): string[] {
  const out: string[] = [];
  const drawn = (suffix: string) => Array.from(screen.querySelectorAll('[class]')).filter((el) => el.getAttribute('class')!.split(/\s+/).some((c) => c.endsWith(suffix)));
  for (const el of drawn('--t-steps')) if (!el.textContent?.trim()) out.push('an empty step bar (t-steps)');
  for (const el of drawn('--t-tag')) if (!el.textContent?.trim()) out.push('an empty tag (t-tag)');
  return out;
}


/** Writes the screen as it stands to .shots/html/<name>.html for shots/run.ts. */
export function capture(name: string, relPath: string): void {
  const screen = document.querySelector('body > page');
  if (!screen) throw new Error('shots: nothing on screen');
  reflectBuiltIns(screen);
  const problems = emptyComponents(screen);
  const styles = Array.from(document.head.querySelectorAll('style')).map((s) => forDocument(s.textContent ?? ''));
  const inline = Array.from(screen.querySelectorAll('[style]'));
  for (const el of inline) el.setAttribute('style', toPx(el.getAttribute('style') ?? ''));
  const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=${WIDTH}, initial-scale=1">
<title>${escapeHtml(name)} — ${escapeHtml(relPath)}</title>
<meta name="shots-problems" content="${escapeHtml(problems.join('; ')).replace(/"/g, '&quot;')}">
<style>${BASE}${appJson().style === 'v2' ? V2 : ''}</style>
<style>${forDocument(appStyles())}</style>
${styles.map((s) => `<style>${s}</style>`).join('\n')}
</head><body>
<div class="shots-nav">${escapeHtml(titleOf(relPath))}</div>
${screen.outerHTML}
</body></html>
`;
  fs.mkdirSync(path.join(OUT, 'html'), { recursive: true });
  const file = path.join(OUT, 'html', `${name}.html`);
  fs.writeFileSync(file, html);
}

/** Taps what `selector` finds, as her finger would, and returns where the page navigated to. */
export async function tapTo(page: Page, selector: string): Promise<{ path: string; query: Record<string, string> }> {
  const wx = (globalThis as unknown as { wx: Wx }).wx;
  const found = page.querySelector(selector);
  if (!found) throw new Error(`shots: nothing matches ${selector}`);
  wx.navigateTo.mockClear();
  found.dispatchEvent('tap');
  await settle(() => wx.navigateTo.mock.calls.length > 0, 3000);
  const url = String(wx.navigateTo.mock.calls[0][0].url);
  const [p, q = ''] = url.split('?');
  return { path: p!.replace(/^\//, ''), query: Object.fromEntries(new URLSearchParams(q)) };
}
