import fs from 'fs';
import path from 'path';
import crypto from 'crypto';

/**
 * Builds miniprogram/miniprogram_npm from the lock file the way DevTools' "构建 npm" does, with
 * miniprogram-ci's packNpmManually (offline, no appid or key). project.config.json points DevTools
 * at the same package.json, so DevTools, the page tests and an upload all see the same TDesign.
 * A stamp of the lock file's hash skips the 5 s rebuild when nothing changed.
 */
const root = path.resolve(__dirname, '..');
const distDir = path.join(root, 'miniprogram');
const npmDir = path.join(distDir, 'miniprogram_npm');
const stampFile = path.join(npmDir, '.built-from');

function lockHash(): string {
  return crypto.createHash('sha256').update(fs.readFileSync(path.join(root, 'package-lock.json'))).digest('hex');
}

/**
 * uCharts (@qiun/ucharts, an ES module) for the report sub-package only: compiled to CommonJS into
 * packages/report/lib, so its 145 KB count toward that sub-package, not the main package (where
 * miniprogram_npm would put it). Git-ignored; rebuilt when the lock file changes.
 */
export const CHART_LIB = path.join(distDir, 'packages/report/lib/u-charts.js');

async function buildChartLib(hash: string): Promise<void> {
  const stamp = `${CHART_LIB}.built-from`;
  if (fs.existsSync(CHART_LIB) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === hash) return;
  const { build } = await import('esbuild');
  await build({ entryPoints: [path.join(root, 'node_modules/@qiun/ucharts/u-charts.js')], outfile: CHART_LIB, format: 'cjs', bundle: false, minify: true, target: 'es2017', logLevel: 'warning' });
  fs.writeFileSync(stamp, hash);
}

export async function buildMiniprogramNpm(): Promise<{ rebuilt: boolean; packages: string[] }> {
  const hash = lockHash();
  await buildChartLib(hash);
  const built = () => fs.readdirSync(npmDir).filter((n) => !n.startsWith('.'));
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === hash) return { rebuilt: false, packages: built() };
  // miniprogram-ci is large and only needed here: load it lazily
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const ci = require('miniprogram-ci') as { packNpmManually(o: { packageJsonPath: string; miniprogramNpmDistDir: string }): Promise<{ warnList: unknown[] }> };
  fs.rmSync(npmDir, { recursive: true, force: true });
  const result = await ci.packNpmManually({ packageJsonPath: path.join(root, 'package.json'), miniprogramNpmDistDir: distDir });
  if (result.warnList.length) console.warn('构建 npm warnings:', JSON.stringify(result.warnList));
  fs.writeFileSync(stampFile, hash);
  return { rebuilt: true, packages: built() };
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  buildMiniprogramNpm().then(
    (r) => console.log(`miniprogram/miniprogram_npm ${r.rebuilt ? 'built' : 'up to date'}: ${r.packages.join(', ')}`),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
