import fs from 'fs';
import path from 'path';

/**
 * What the platform must be told before it lets the app do things: the location API in
 * requiredPrivateInfos with its permission text, the privacy popup on every page that uses a
 * privacy API, and which pages WeChat search may index.
 */
const MP = path.resolve(__dirname, '../../miniprogram');
const readJson = <T>(rel: string): T => JSON.parse(fs.readFileSync(path.join(MP, rel), 'utf8')) as T;
const app = readJson<{
  pages: string[];
  subPackages: { root: string; pages: string[] }[];
  requiredPrivateInfos?: string[];
  permission?: Record<string, { desc: string }>;
  style?: string;
  sitemapLocation?: string;
}>('app.json');
const allPages = [...app.pages, ...app.subPackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];

/** Our source files (not miniprogram_npm), relative to MP. */
function sources(dir = MP): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'miniprogram_npm' ? [] : sources(abs);
    return /\.(ts|wxml)$/.test(e.name) ? [path.relative(MP, abs)] : [];
  });
}
const source = (rel: string) => fs.readFileSync(path.join(MP, rel), 'utf8');
/** A file's code without its comments (which may well name the APIs they explain). */
const code = (rel: string) =>
  source(rel)
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/(^|\s)\/\/.*$/gm, '$1');

/** The location APIs app.json must declare (2022-07-14 rules); the fuzzy one excludes the four precise ones. */
const LOCATION_APIS = ['getFuzzyLocation', 'getLocation', 'onLocationChange', 'startLocationUpdate', 'startLocationUpdateBackground', 'chooseAddress', 'chooseLocation', 'choosePoi'];
const PRECISE = ['getLocation', 'onLocationChange', 'startLocationUpdate', 'startLocationUpdateBackground'];

/** Privacy APIs and components (小程序用户隐私保护指引内容介绍): the user must have agreed before they run. */
const PRIVACY_CALL = new RegExp(
  `wx\\.(${[
    ...LOCATION_APIS,
    'chooseImage', 'chooseMedia', 'chooseVideo', 'chooseMessageFile', 'saveImageToPhotosAlbum', 'saveVideoToPhotosAlbum',
    'getClipboardData', 'setClipboardData', 'addPhoneContact', 'addPhoneCalendar', 'addPhoneRepeatCalendar',
    'startRecord', 'getRecorderManager', 'joinVoIPChat', 'openBluetoothAdapter', 'createBLEPeripheralServer',
    'chooseInvoice', 'chooseInvoiceTitle', 'chooseLicensePlate', 'getWeRunData', 'getUserProfile', 'getUserInfo', 'authorize',
  ].join('|')})\\b`,
);
const PRIVACY_TAG = /open-type="[^"]*\b(getPhoneNumber|getRealtimePhoneNumber|chooseAvatar)\b|type="nickname"|<camera\b|<live-pusher\b|<voip-room\b/;

describe('app.json', () => {
  test('declares wx.getFuzzyLocation in requiredPrivateInfos, and no precise location API beside it', () => {
    expect(app.requiredPrivateInfos).toContain('getFuzzyLocation');
    for (const api of PRECISE) expect(app.requiredPrivateInfos).not.toContain(api); // mutually exclusive with getFuzzyLocation
  });

  test('every location API the code calls is declared, and nothing is declared that is not called', () => {
    const called = new Set<string>();
    for (const f of sources()) for (const m of code(f).matchAll(new RegExp(`wx\\.(${LOCATION_APIS.join('|')})\\b`, 'g'))) called.add(m[1]);
    expect([...called].sort()).toEqual([...(app.requiredPrivateInfos ?? [])].sort());
  });

  test('says why it wants the fuzzy location (permission desc, at most 30 characters)', () => {
    const desc = app.permission?.['scope.userFuzzyLocation']?.desc ?? '';
    expect(desc).toContain('记录走访打卡的大致位置');
    expect(desc.length).toBeLessThanOrEqual(30);
  });

  test('follows TDesign\'s quick start: no "style": "v2" (see docs/devtools.md)', () => {
    expect(app.style).toBeUndefined();
  });
});

describe('the privacy popup', () => {
  const popupFiles = ['components/privacy-popup/index.ts', 'components/privacy-popup/index.wxml'];
  const users = [...new Set(sources().filter((f) => !popupFiles.includes(f) && (PRIVACY_CALL.test(code(f)) || PRIVACY_TAG.test(code(f)))))].sort();

  test('privacy APIs are called from pages only, so each page can carry the popup', () => {
    const pageFiles = new Set(allPages.flatMap((p) => [`${p}.ts`, `${p}.wxml`]));
    expect(users.filter((f) => !pageFiles.has(f))).toEqual([]);
    expect(users.length).toBeGreaterThan(0);
  });

  test.each([...new Set(users.map((f) => f.replace(/\.(ts|wxml)$/, '')))])('%s carries <privacy-popup/>', (page) => {
    const json = readJson<{ usingComponents?: Record<string, string> }>(`${page}.json`);
    const target = json.usingComponents?.['privacy-popup'];
    expect(target).toBeDefined();
    expect(path.resolve(path.dirname(path.join(MP, page)), target!)).toBe(path.join(MP, 'components/privacy-popup/index'));
    expect(source(`${page}.wxml`).match(/<privacy-popup\b/g)).toHaveLength(1);
  });

  test('the pages the issue names are among them: the phone button, photo picking, location', () => {
    const pages = users.map((f) => f.replace(/\.(ts|wxml)$/, ''));
    expect(pages).toEqual(expect.arrayContaining(['pages/signup/index', 'packages/volunteer/pages/checkin/index']));
  });
});

describe('sitemap.json', () => {
  type Rule = { action?: 'allow' | 'disallow'; page: string; params?: string[] };
  const sitemap = readJson<{ rules: Rule[] }>(app.sitemapLocation ?? 'sitemap.json');
  const PUBLIC = ['pages/home/index', 'pages/wish-list/index', 'pages/wish-detail/index'];

  test('every page in app.json has exactly one explicit rule, and every rule names a page that exists', () => {
    const named = sitemap.rules.filter((r) => r.page !== '*').map((r) => r.page);
    expect([...named].sort()).toEqual([...allPages].sort());
    for (const r of sitemap.rules) expect(r.params).toBeUndefined(); // a rule with params would leave other queries to the next rule
  });

  test('only the public pages may be indexed; staff, volunteer and report pages are kept out of WeChat search', () => {
    const allowed = sitemap.rules.filter((r) => (r.action ?? 'allow') === 'allow').map((r) => r.page);
    expect(allowed.sort()).toEqual([...PUBLIC].sort());
    for (const p of allPages.filter((p) => !PUBLIC.includes(p))) {
      expect(sitemap.rules.find((r) => r.page === p)?.action).toBe('disallow');
    }
    for (const p of ['pages/volunteer-status/index', 'pages/notices/index', 'pages/my-claims/index']) expect(allPages).toContain(p);
  });

  test('a page added later is kept out until someone decides: the last rule disallows "*"', () => {
    expect(sitemap.rules[sitemap.rules.length - 1]).toEqual({ action: 'disallow', page: '*' });
  });
});
