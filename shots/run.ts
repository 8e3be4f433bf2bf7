import fs from 'fs';
import os from 'os';
import path from 'path';
import { spawnSync } from 'child_process';
import { launch } from './chromium';
import { SHOTS_NOW } from './now';
import { GALLERY_DIR, JPEG_QUALITY, MAX_HEIGHT, SCALE as GALLERY_SCALE, clearGalleryImages, gallerySelection, pageOf, writeGallery, type Photo } from './gallery';

/**
 * `npm run shots [-- <test name filter>] [--photos-only]`: the main screens of every role as PNGs in .shots/.
 * 1. jest (jest.shots.config.js) renders each screen with the real pages and TDesign against the
 *    in-process local cloud with the demo data, and writes .shots/html/<screen>.html;
 * 2. headless Chromium (Debian's `chromium`), driven over the DevTools protocol on a pipe, opens
 *    each file at 390 CSS px wide and device scale 2 and saves the whole page as .shots/<screen>.png;
 * 3. a full run (no filter) also writes the gallery, docs/screens.md with docs/screens/<screen>.jpg
 *    (shots/gallery.ts, captions in shots/captions.ts).
 * Not part of `npm test`: it needs Chromium and a CJK font (docs/devtools.md).
 */
const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, '.shots');
const WIDTH = 390;
const MIN_HEIGHT = 844; // a phone's screen: a short page still fills it
const SCALE = 2;
const args = process.argv.slice(2);
const filter = args.find((a) => !a.startsWith('--')) ?? ''; // jest -t: only the screens whose test name matches
const photosOnly = args.includes('--photos-only'); // photograph the HTML already in .shots/html

const INSTALL = 'sudo apt-get update && sudo apt-get install -y chromium fonts-noto-cjk';

function findChromium(): string {
  const candidates = [process.env.CHROMIUM, 'chromium', 'chromium-browser', 'google-chrome'].filter(Boolean) as string[];
  for (const c of candidates) {
    const found = spawnSync('sh', ['-c', `command -v "${c}"`], { encoding: 'utf8' }).stdout.trim();
    if (found) return found;
  }
  console.error(`npm run shots needs Chromium, and none was found (looked for ${candidates.join(', ')}).
Install Debian's Chromium and a Chinese font, then run it again:
  ${INSTALL}
(or point CHROMIUM at a Chrome/Chromium binary).`);
  process.exit(2);
}

function warnWithoutCjkFont(): void {
  const zh = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
  if (zh.status === 0 && !zh.stdout.trim()) console.warn(`warning: no Chinese font installed, every character will be a box: ${INSTALL}`);
}

/** Step 1: the HTML of every screen, from jest. */
function renderHtml(): boolean {
  if (!filter) fs.rmSync(OUT, { recursive: true, force: true });
  const args = ['jest', '-c', 'jest.shots.config.js', '--runInBand', '--silent', ...(filter ? ['-t', filter] : [])];
  const res = spawnSync('npx', args, { cwd: ROOT, stdio: 'inherit' });
  if (res.status !== 0) {
    console.error('shots: rendering a page failed (see above); screens rendered so far are photographed anyway');
    process.exitCode = 1;
  }
  return res.status === 0;
}

/**
 * Words the phone would not show whole, found in the laid-out page (issue 18: no clipped labels at
 * the largest text): a text whose box runs past the screen's right edge, or past the box of an
 * ancestor that hides its overflow (a fixed-height button, an input, an ellipsis). A horizontal
 * scroll-view is left alone: what it hides, a finger scrolls to.
 */
const CLIPPED = `(() => {
  const out = [];
  const W = document.documentElement.clientWidth;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent.trim();
    const el = n.parentElement;
    if (!text || !el || el.closest('.shots-nav, wx-scroll-view')) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
    if (!rects.length) continue;
    const box = { left: Math.min(...rects.map((r) => r.left)), right: Math.max(...rects.map((r) => r.right)), top: Math.min(...rects.map((r) => r.top)), bottom: Math.max(...rects.map((r) => r.bottom)) };
    let why = box.right > W + 1 ? 'runs off the screen' : '';
    for (let a = el; a && a !== document.body && !why; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
      const r = a.getBoundingClientRect();
      if (box.right > r.right + 1 || box.left < r.left - 1 || box.bottom > r.bottom + 1 || box.top < r.top - 1) why = 'cut off by <' + a.tagName.toLowerCase() + ' class="' + (a.getAttribute('class') || '').replace(/\\b\\w+--/g, '') + '">';
    }
    if (why) out.push('"' + text.slice(0, 20) + '" ' + why);
  }
  return out;
})()`;
const clipped = new Map<string, string[]>();

/** Step 2: every .shots/html/<screen>.html as .shots/<screen>.png, the full page at 390 px, scale 2;
 * the screens in `gallery` also as docs/screens/<screen>.jpg. */
async function photograph(binary: string, gallery?: Set<string>): Promise<Map<string, Photo>> {
  const photos = new Map<string, Photo>();
  const dir = path.join(OUT, 'html');
  const pages = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.html')).sort() : [];
  if (!pages.length) throw new Error('shots: no screens were rendered');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'aixin-shots-chromium-'));
  const { proc, cdp } = launch(binary, profile);
  try {
    const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
    await cdp.send('Page.enable', {}, sessionId);
    for (const file of pages) {
      const started = Date.now();
      await cdp.send('Emulation.setDeviceMetricsOverride', { width: WIDTH, height: MIN_HEIGHT, deviceScaleFactor: SCALE, mobile: false }, sessionId);
      const loaded = cdp.once('Page.loadEventFired', sessionId);
      await cdp.send('Page.navigate', { url: `file://${path.join(dir, file)}` }, sessionId);
      await loaded;
      await cdp.send('Runtime.evaluate', { expression: 'document.fonts.ready', awaitPromise: true }, sessionId);
      const { result } = await cdp.send<{ result: { value: number } }>('Runtime.evaluate', { expression: 'Math.ceil(document.documentElement.scrollHeight)', returnByValue: true }, sessionId);
      const height = Math.max(MIN_HEIGHT, result.value);
      await cdp.send('Emulation.setDeviceMetricsOverride', { width: WIDTH, height, deviceScaleFactor: SCALE, mobile: false }, sessionId);
      const cut = await cdp.send<{ result: { value: string[] } }>('Runtime.evaluate', { expression: CLIPPED, returnByValue: true }, sessionId);
      if (cut.result.value?.length) clipped.set(file.replace(/\.html$/, ''), cut.result.value);
      const { data } = await cdp.send<{ data: string }>('Page.captureScreenshot', { format: 'png' }, sessionId);
      const png = path.join(OUT, file.replace(/\.html$/, '.png'));
      fs.writeFileSync(png, Buffer.from(data, 'base64'));
      const screen = file.replace(/\.html$/, '');
      let jpeg = '';
      if (gallery?.has(screen)) {
        await cdp.send('Emulation.setDeviceMetricsOverride', { width: WIDTH, height, deviceScaleFactor: GALLERY_SCALE, mobile: false }, sessionId);
        const clip = { x: 0, y: 0, width: WIDTH, height: Math.min(height, MAX_HEIGHT), scale: 1 };
        const shot = await cdp.send<{ data: string }>('Page.captureScreenshot', { format: 'jpeg', quality: JPEG_QUALITY, clip }, sessionId);
        const bytes = Buffer.from(shot.data, 'base64');
        fs.writeFileSync(path.join(GALLERY_DIR, `${screen}.jpg`), bytes);
        photos.set(screen, { screen, page: pageOf(fs.readFileSync(path.join(dir, file), 'utf8')), height, bytes: bytes.length });
        jpeg = `  + jpg ${Math.round(bytes.length / 1024)} KB`;
      }
      console.log(`  ${path.relative(ROOT, png)}  ${WIDTH}×${height} @${SCALE}x${jpeg}  ${Date.now() - started} ms`);
    }
    await cdp.send('Browser.close').catch(() => undefined);
  } finally {
    const exited = new Promise((r) => (proc.exitCode !== null ? r(null) : proc.once('exit', r)));
    proc.kill();
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
  return photos;
}

/** Step 3: what the issue forbids on any screen, as far as a machine can tell: an empty step bar
 * or tag (found in the DOM by render.ts), and a time of day that is UTC. The clock is pinned at
 * SHOTS_NOW and the demo data is made minutes to hours before it, so such times end in SHOTS_NOW's
 * minutes; in the few hours before it, UTC and China time have different hours. */
function check(): string[] {
  const dir = path.join(OUT, 'html');
  const now = new Date(SHOTS_NOW);
  const utcHours = new Set([0, 1, 2, 3].map((j) => (now.getUTCHours() - j + 24) % 24));
  const chinaHours = new Set([0, 1, 2, 3].map((j) => (now.getUTCHours() + 8 - j + 24) % 24));
  const minute = String(now.getUTCMinutes()).padStart(2, '0');
  const found: string[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.html')).sort()) {
    const html = fs.readFileSync(path.join(dir, file), 'utf8');
    const screen = file.replace(/\.html$/, '');
    const problems = /<meta name="shots-problems" content="([^"]*)">/.exec(html)?.[1];
    if (problems) found.push(`${screen}: ${problems}`);
    for (const cut of clipped.get(screen) ?? []) found.push(`${screen}: ${cut}`);
    const text = html.slice(html.indexOf('<body')).replace(/<[^>]+>/g, ' ');
    for (const m of text.matchAll(new RegExp(`\\b(\\d{1,2}):${minute}\\b`, 'g'))) {
      const hour = Number(m[1]);
      if (utcHours.has(hour) && !chinaHours.has(hour)) found.push(`${screen}: ${m[0]} looks like UTC (China time now is ${(now.getUTCHours() + 8) % 24}:${minute})`);
    }
  }
  return found;
}

/** .shots/index.html: every screen side by side, to look through in a browser. */
function writeIndex(): void {
  const pngs = fs.readdirSync(OUT).filter((f) => f.endsWith('.png')).sort();
  const cards = pngs.map((f) => `<figure><figcaption>${f.replace(/\.png$/, '')}</figcaption><a href="${f}"><img src="${f}" width="${WIDTH}"></a></figure>`).join('\n');
  fs.writeFileSync(
    path.join(OUT, 'index.html'),
    `<!doctype html><meta charset="utf-8"><title>npm run shots</title><style>body{font:14px sans-serif;background:#ddd;display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}figure{margin:0}img{display:block;border:1px solid #999}</style>\n${cards}\n`,
  );
}

async function main() {
  const binary = findChromium();
  warnWithoutCjkFont();
  const t0 = Date.now();
  let rendered = true;
  if (!photosOnly) {
    // the pages load TDesign from miniprogram_npm, built from the lock file as `npm test` does
    if (spawnSync('npx', ['tsx', 'scripts/build-npm.ts'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) process.exit(1);
    rendered = renderHtml();
  }
  const t1 = Date.now();
  console.log(`shots: pages rendered in ${((t1 - t0) / 1000).toFixed(1)} s; photographing with ${binary}`);
  // the gallery only from a full run that drew every screen: a partial one would drop pages from it
  const drawn = fs.existsSync(path.join(OUT, 'html')) ? fs.readdirSync(path.join(OUT, 'html')).filter((f) => f.endsWith('.html')).map((f) => f.replace(/\.html$/, '')) : [];
  const selection = !filter && rendered ? gallerySelection(drawn) : undefined;
  if (selection) clearGalleryImages();
  const photos = await photograph(binary, selection?.shown);
  console.log(`shots: ${path.relative(ROOT, OUT)}/*.png in ${((Date.now() - t0) / 1000).toFixed(1)} s (the app's clock at ${SHOTS_NOW})`);
  writeIndex();
  const found = check();
  if (selection) {
    writeGallery(photos, selection.uncaptioned);
    const total = [...photos.values()].reduce((n, p) => n + p.bytes, 0);
    console.log(`shots: docs/screens.md with ${photos.size} screens, docs/screens/*.jpg ${(total / 1024).toFixed(0)} KB in all`);
    for (const s of selection.uncaptioned) found.push(`${s}: no caption in shots/captions.ts (shown under 未分类)`);
    for (const s of selection.missing) found.push(`${s}: captioned in shots/captions.ts but not drawn`);
  } else if (filter) console.log('shots: docs/screens.md is written by a full run only (no filter)');
  if (found.length) {
    console.error(`shots: look at these screens:\n${found.map((f) => `  ${f}`).join('\n')}`);
    process.exitCode = 1;
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
