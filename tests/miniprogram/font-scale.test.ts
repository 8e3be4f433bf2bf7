/**
 * @jest-environment jsdom
 */
import fs from 'fs';
import path from 'path';
import { installWx, loadPage, renderAs, waitFor, connect, MP_ROOT } from '../helpers/page';
import { startTestCloud } from '../helpers/cloud';
import { seedDemo } from '../../localcloud/seed';
import { ALL_PAGES, pageVisits, VOLUNTEER } from '../helpers/page-visits';
import { FUNCTIONS } from '../../src/functions';
import { CARE_KEY, forgetFontScale, refreshFontScale } from '../../miniprogram/utils/font-scale';
import type { LocalCloud } from '../../localcloud/server';

/**
 * Large text on every page (issue 18): each page in app.json, opened as someone who has something
 * to see there (the 遂宁 demo data), at WeChat's largest font setting and again in 关怀模式. Its root
 * view carries the scale (class fs-root, fs-large/fs-care, --fs inline) and every word the page
 * draws sits inside that root, so app.wxss's sizes and TDesign's font variables reach all of it.
 * A page added to app.json without the fontScale behavior and the root's class fails here.
 */
const wx = installWx() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Page = any;

/* WeChat's largest setting on a phone, from its 适老化设计指南: iOS +5 on a 414 pt screen is 25.5 px
 * against 标准 17 (fontSizeScaleFactor 1.5); an iPad goes to 29.75 (1.75), which the scale caps at
 * 1.5 as well. 关怀模式 on top: 1.75. */
const LARGEST = { fontSizeSetting: 29.75, fontSizeScaleFactor: 1.75 };
const STANDARD = wx.getAppBaseInfo();
function setting(extra: Record<string, number>, care: boolean): void {
  wx.getAppBaseInfo = () => ({ ...STANDARD, ...extra });
  if (care) wx.setStorageSync(CARE_KEY, true);
  else wx.removeStorageSync(CARE_KEY);
  forgetFontScale();
}

const V = (p: string) => `packages/volunteer/pages/${p}/index`;

const ids = new Map<string, string>();
function idOf(page: string): string {
  if (!ids.has(page)) ids.set(page, loadPage(page));
  return ids.get(page)!;
}

/** Opens a page as WeChat does (created, attached, onLoad(query), onShow) and waits for its data. */
async function open(page: string, openid: string, query: Record<string, string> = {}): Promise<Page> {
  const p = renderAs(idOf(page), openid);
  await p.instance.onLoad?.(query);
  await p.instance.onShow?.();
  await waitFor(() => p.data.loading !== true && p.data.loaded !== false, 10000);
  return p;
}

const VISITS = pageVisits(open, wx);

/** The page's DOM: what its component draws (j-component keeps it on the instance). */
const domOf = (p: Page): Element => p.dom as Element;
const classes = (el: Element) => (el.getAttribute('class') ?? '').split(/\s+/).map((c) => c.replace(/^.*--/, ''));

/** The views that carry the scale (the page's root, and a sheet of its own if it has one), and the
 * words drawn outside them. */
function scaleOf(p: Page): { root: Element | undefined; roots: Element[]; outside: string[] } {
  const dom = domOf(p);
  const roots = Array.from(dom.querySelectorAll('*')).filter((el) => classes(el).includes('fs-root'));
  const outside: string[] = [];
  const walker = document.createTreeWalker(dom, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = (n.textContent ?? '').trim();
    if (text && !roots.some((r) => r.contains(n))) outside.push(text);
  }
  return { root: roots[0], roots, outside };
}

let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
  connect(cloud);
  await seedDemo(FUNCTIONS as never, 'suining-2019');
}, 120000);
afterAll(async () => {
  setting({}, false);
  await cloud.close();
});
afterEach(() => {
  setting({}, false);
  wx.removeStorageSync('visitCorrecting');
});

test('every page in app.json says who opens it (tests/helpers/page-visits.ts)', () => {
  expect(ALL_PAGES.filter((p) => !VISITS[p])).toEqual([]);
  expect(Object.keys(VISITS).filter((p) => !ALL_PAGES.includes(p))).toEqual([]);
});

test.each(ALL_PAGES.map((p) => [p]))('%s: at WeChat\'s largest font and in 关怀模式 the whole page is scaled', async (page) => {
  const setup = VISITS[page]!;
  for (const [care, scale] of [[false, '1.5'], [true, '1.75']] as const) {
    const query = (await setup.query?.()) ?? {};
    setting(LARGEST, care);
    const p = await open(page, setup.openid, query);
    const { root, roots, outside } = scaleOf(p);
    expect(root).toBeDefined();
    for (const r of roots) {
      expect(classes(r)).toContain('fs-large');
      expect(classes(r).includes('fs-care')).toBe(care);
      expect(r.getAttribute('style')).toContain(`--fs: ${scale};`);
    }
    expect(outside).toEqual([]);
    expect(p.data.inputLayout).toBe('vertical'); // a t-input's label above its box
    // it drew its content (or the one message this data calls for), not a refusal or a spinner
    expect(p.data.error || '').toBe(setup.says ?? '');
    expect((root!.textContent ?? '').trim().length).toBeGreaterThan(0);
  }
}, 60000);

test.each(ALL_PAGES.map((p) => [p]))('%s: its own wxss sizes text with the scale, not in fixed rpx', (page) => {
  const wxss = fs.readFileSync(path.join(MP_ROOT, `${page}.wxss`), 'utf8');
  const fixed = [...wxss.matchAll(/font-size:\s*([^;}]+)/g)].map((m) => m[1].trim()).filter((v) => !v.includes('var(--fs'));
  expect(fixed).toEqual([]);
});

test('at the standard setting a page is not enlarged; iOS 标准 (17 px) counts as standard', async () => {
  setting({ fontSizeSetting: 17, fontSizeScaleFactor: 1 }, false);
  const p = await open('pages/notices/index', VOLUNTEER);
  const { root } = scaleOf(p);
  expect(root!.getAttribute('style')).toContain('--fs: 1;');
  expect(classes(root!)).not.toContain('fs-large');
  expect(p.data.inputLayout).toBe('horizontal');
  // an old base library without fontSizeScaleFactor: px over 16
  setting({ fontSizeSetting: 20 }, false);
  const q = await open('pages/notices/index', VOLUNTEER);
  expect(scaleOf(q).root!.getAttribute('style')).toContain('--fs: 1.25;');
});

test('关怀模式 switched (or the setting changed while away) reaches every open page', async () => {
  setting({}, false);
  const below = await open('pages/notices/index', VOLUNTEER);
  const top = await open(V('checkin-team'), VOLUNTEER);
  expect(scaleOf(below).root!.getAttribute('style')).toContain('--fs: 1;');
  (globalThis as Record<string, unknown>).getCurrentPages = () => [below.instance, top.instance];
  try {
    wx.setStorageSync(CARE_KEY, true);
    refreshFontScale();
    for (const p of [below, top]) {
      expect(scaleOf(p).root!.getAttribute('style')).toContain('--fs: 1.25;');
      expect(classes(scaleOf(p).root!)).toContain('fs-care');
    }
    // WeChat's setting raised while the app was in the background: App.onShow refreshes
    wx.getAppBaseInfo = () => ({ ...STANDARD, ...LARGEST });
    refreshFontScale();
    for (const p of [below, top]) expect(scaleOf(p).root!.getAttribute('style')).toContain('--fs: 1.75;');
  } finally {
    delete (globalThis as Record<string, unknown>).getCurrentPages;
  }
});
