import fs from 'fs';
import path from 'path';
import { GROUPS, isLargeText, type Group } from './captions';
import { SHOTS_NOW } from './now';

/**
 * docs/screens.md and docs/screens/<screen>.jpg: the screens of `npm run shots` (a full run) for
 * anyone to look through without WeChat DevTools. Small enough to commit: JPEG at device scale 1,
 * long pages cut at MAX_HEIGHT.
 */
const ROOT = path.resolve(__dirname, '..');
export const GALLERY_DOC = path.join(ROOT, 'docs', 'screens.md');
export const GALLERY_DIR = path.join(ROOT, 'docs', 'screens');
export const JPEG_QUALITY = 60;
export const SCALE = 1;
/** CSS px: two and a half phone screens; an image stays under about 80 KB */
export const MAX_HEIGHT = 2200;
const COLUMNS = 3;

/** What photograph() made of one screen for the gallery. */
export type Photo = { screen: string; page: string; height: number; bytes: number };

/** The screens the gallery shows, in its order, and the standard ones without a caption. */
export function gallerySelection(drawn: string[]): { shown: Set<string>; uncaptioned: string[]; missing: string[] } {
  const captioned = new Set(GROUPS.flatMap((g) => g.screens.map((s) => s.screen)));
  const uncaptioned = drawn.filter((s) => !captioned.has(s) && !isLargeText(s));
  const missing = [...captioned].filter((s) => !drawn.includes(s));
  return { shown: new Set([...drawn.filter((s) => captioned.has(s)), ...uncaptioned]), uncaptioned, missing };
}

/** The page a screen's HTML was rendered from (render.ts puts it in the title). */
export function pageOf(html: string): string {
  return /<title>[^<]* — ([^<]+)<\/title>/.exec(html)?.[1] ?? '';
}

function cell(photo: Photo, zh: string, en: string): string {
  const cut = photo.height > MAX_HEIGHT ? `<br><sub>截取顶部 ${MAX_HEIGHT} px / top ${MAX_HEIGHT} of ${photo.height} px</sub>` : '';
  return `<img src="screens/${photo.screen}.jpg" width="240" alt="${photo.screen}"><br>**${zh}**<br>${en}<br>\`${photo.page}\` · ${photo.screen}${cut}`;
}

function table(cells: string[]): string {
  const rows: string[] = [`|${' |'.repeat(COLUMNS)}`, `|${' --- |'.repeat(COLUMNS)}`];
  for (let i = 0; i < cells.length; i += COLUMNS) {
    const row = cells.slice(i, i + COLUMNS);
    while (row.length < COLUMNS) row.push(' ');
    rows.push(`| ${row.join(' | ')} |`);
  }
  return rows.join('\n');
}

const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

/** The whole of docs/screens.md. */
export function renderGallery(photos: Map<string, Photo>, uncaptioned: string[]): string {
  const groups: Group[] = [...GROUPS];
  if (uncaptioned.length) {
    groups.push({ title: '未分类', en: 'No caption yet: add these to shots/captions.ts', screens: uncaptioned.map((screen) => ({ screen, zh: screen, en: '(no caption)' })) });
  }
  const all = [...photos.values()];
  const total = all.reduce((n, p) => n + p.bytes, 0);
  const large = all.filter((p) => isLargeText(p.screen)).length;
  const pages = new Set(all.filter((p) => !isLargeText(p.screen)).map((p) => p.page)).size;
  const states = (word: string) => GROUPS.flatMap((g) => g.screens).filter((s) => s.zh.includes(word) && photos.has(s.screen)).map((s) => `\`${s.screen}\``).join(', ');
  const sections = groups.map((g) => {
    const cells = g.screens.filter((s) => photos.has(s.screen)).map((s) => cell(photos.get(s.screen)!, s.zh, s.en));
    return cells.length ? `## ${g.title}\n\n${g.en}.\n\n${table(cells)}\n` : '';
  });
  return `# 界面一览 · Screen gallery

<!-- Written by \`npm run shots\` (shots/gallery.ts, captions in shots/captions.ts): do not edit by hand. -->

Every page of the mini-program, for every role, as it looks with demo data, so it can be seen
without WeChat DevTools. Each screen is the real page (its WXML, WXSS and TDesign) rendered under
jest against the local cloud seeded with the demo data (遂宁's preset; 工作报送 with 晋江's, which
has a reporting calendar; the empty and error states from a programme just set up), then
photographed by headless Chromium at 390 CSS px wide (a phone), device scale ${SCALE}, JPEG quality
${JPEG_QUALITY}. Pages longer than ${MAX_HEIGHT} px are cut there; \`npm run shots\` leaves every
screen whole, at scale 2, in \`.shots/<screen>.png\`. The app's clock is pinned at ${SHOTS_NOW}
(China time ${chinaTime(SHOTS_NOW)}). How it works: [devtools.md](devtools.md#looking-at-the-screens-npm-run-shots).

${all.length} screens (${kb(total)} in all) covering all ${pages} pages of \`miniprogram/app.json\` at standard text size.
Large text: ${large} screens, a representative subset; \`npm run shots\` draws every page at the
largest size (\`care-<page>\`, WeChat's largest font with 关怀模式, ×1.75) into \`.shots/\`.
Empty states (空列表): ${states('空列表')}. Error states (出错): ${states('出错')}.

${groups.filter((g) => g.screens.some((s) => photos.has(s.screen))).map((g) => `- [${g.title}](#${anchor(g.title)})`).join('\n')}

${sections.filter(Boolean).join('\n')}`;
}

function chinaTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return `${d.toISOString().slice(0, 16).replace('T', ' ')}`;
}

/** GitHub's heading anchor: lower case, punctuation other than - and _ dropped, spaces to -. */
function anchor(title: string): string {
  return title.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

/** Writes docs/screens.md; the images are already in docs/screens/. */
export function writeGallery(photos: Map<string, Photo>, uncaptioned: string[]): void {
  fs.writeFileSync(GALLERY_DOC, renderGallery(photos, uncaptioned));
}

/** The old images go first, so a screen that is gone leaves no image behind. */
export function clearGalleryImages(): void {
  fs.rmSync(GALLERY_DIR, { recursive: true, force: true });
  fs.mkdirSync(GALLERY_DIR, { recursive: true });
}
