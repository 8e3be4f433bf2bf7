import fs from 'fs';
import path from 'path';
import { GROUPS, isLargeText } from '../shots/captions';

/** docs/screens.md, the gallery `npm run shots` writes (shots/gallery.ts): read as text, no Chromium. */
const ROOT = path.resolve(__dirname, '..');
const doc = fs.readFileSync(path.join(ROOT, 'docs/screens.md'), 'utf8');
const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'miniprogram/app.json'), 'utf8')) as { pages: string[]; subPackages: { root: string; pages: string[] }[] };
const pages = [...app.pages, ...app.subPackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
/** each cell of the gallery ends with `<page>` · <screen> */
const shown = [...doc.matchAll(/`([^`\s]+)` · ([\w-]+)/g)].map((m) => ({ page: m[1]!, screen: m[2]! }));
const images = [...doc.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1]!);

test('every page of app.json has a screen at standard text size (a new page needs one: npm run shots)', () => {
  const standard = new Set(shown.filter((s) => !isLargeText(s.screen)).map((s) => s.page));
  expect(pages.length).toBeGreaterThan(30);
  expect(pages.filter((p) => !standard.has(p))).toEqual([]);
});

test('every image the gallery shows is in docs/screens/, and none is left over', () => {
  expect(images.length).toBe(shown.length);
  expect(images.filter((src) => !fs.existsSync(path.join(ROOT, 'docs', src)))).toEqual([]);
  const files = fs.readdirSync(path.join(ROOT, 'docs/screens')).map((f) => `screens/${f}`);
  expect(files.filter((f) => !images.includes(f))).toEqual([]);
});

test('the gallery shows every captioned screen with its caption (regenerate after changing shots/captions.ts)', () => {
  const captions = GROUPS.flatMap((g) => g.screens);
  expect(captions.filter((c) => !doc.includes(`<img src="screens/${c.screen}.jpg"`)).map((c) => c.screen)).toEqual([]);
  expect(captions.filter((c) => !doc.includes(`**${c.zh}**`)).map((c) => c.zh)).toEqual([]);
  expect(doc).not.toContain('## 未分类');
});

test('at least twenty screens, with empty, error and large-text states among them', () => {
  const captions = GROUPS.flatMap((g) => g.screens).filter((c) => shown.some((s) => s.screen === c.screen));
  expect(shown.length).toBeGreaterThanOrEqual(20);
  expect(captions.filter((c) => c.zh.includes('空列表')).length).toBeGreaterThan(0);
  expect(captions.filter((c) => c.zh.includes('出错')).length).toBeGreaterThan(0);
  expect(shown.filter((s) => s.screen.startsWith('care-')).length).toBeGreaterThan(0);
});
