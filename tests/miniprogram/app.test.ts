import fs from 'fs';
import path from 'path';

/**
 * The app's structure as WeChat DevTools will see it: every page listed exists in full, every
 * TDesign path resolves in the npm package, and each package stays under the platform's 2 MB.
 */
const MP = path.resolve(__dirname, '../../miniprogram');
const TDESIGN = path.resolve(__dirname, '../../node_modules/tdesign-miniprogram/miniprogram_dist');
const app = JSON.parse(fs.readFileSync(path.join(MP, 'app.json'), 'utf8')) as {
  pages: string[];
  subPackages: { root: string; pages: string[] }[];
  preloadRule?: Record<string, { packages: string[] }>;
};
const allPages = [...app.pages, ...app.subPackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];

function sizeOf(dir: string, skip: (p: string) => boolean = () => false): number {
  let total = 0;
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    if (skip(p)) continue;
    const st = fs.statSync(p);
    total += st.isDirectory() ? sizeOf(p, skip) : st.size;
  }
  return total;
}

test.each(allPages)('%s has its four files and resolvable components', (page) => {
  for (const ext of ['ts', 'json', 'wxml', 'wxss']) expect(fs.existsSync(path.join(MP, `${page}.${ext}`))).toBe(true);
  const json = JSON.parse(fs.readFileSync(path.join(MP, `${page}.json`), 'utf8')) as { usingComponents?: Record<string, string> };
  for (const target of Object.values(json.usingComponents ?? {})) {
    if (target.startsWith('tdesign-miniprogram/')) {
      expect(fs.existsSync(path.join(TDESIGN, `${target.slice('tdesign-miniprogram/'.length)}.js`))).toBe(true);
    } else {
      expect(fs.existsSync(path.resolve(path.dirname(path.join(MP, page)), `${target}.json`))).toBe(true);
    }
  }
});

test('no page is listed twice and sub-package pages live under their root', () => {
  expect(new Set(allPages).size).toBe(allPages.length);
  for (const s of app.subPackages) expect(fs.existsSync(path.join(MP, s.root))).toBe(true);
});

test('the main package and each sub-package stay under 2 MB of source', () => {
  const main = sizeOf(MP, (p) => p.includes(`${path.sep}packages${path.sep}`) || p.endsWith(`${path.sep}packages`) || p.includes('miniprogram_npm'));
  expect(main).toBeLessThan(2 * 1024 * 1024);
  for (const s of app.subPackages) expect(sizeOf(path.join(MP, s.root))).toBeLessThan(2 * 1024 * 1024);
});
