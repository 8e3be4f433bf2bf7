import path from 'path';
import { execFileSync } from 'child_process';
import { buildFunctions, SPREADSHEET_CHUNK } from '../scripts/build';

/**
 * Bundle bytes and cold-start cost of every cloud function. A cold start on CloudBase is a fresh
 * Node process that requires the folder's index.js, so each sample is exactly that: a new `node`
 * requiring @cloudbase/node-sdk (as after the cloud installs it; the entry's first require) and
 * then the built entry, each timed inside the process; the sum is the cold require, the second
 * part is what our bundle costs. Medians of RUNS fresh processes. Times are noisy on a loaded
 * machine (tests assert the bytes, never these times).
 */
const root = path.resolve(__dirname, '..');
const RUNS = 5;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/** Per fresh process (RUNS of them), the milliseconds each `require` of `modules` took, in order. */
export function coldRequires(...modules: string[]): number[][] {
  const script = `const ms=[];for(const m of ${JSON.stringify(modules)}){const t=process.hrtime.bigint();require(m);ms.push(Number(process.hrtime.bigint()-t)/1e6)}console.log(JSON.stringify(ms))`;
  return Array.from({ length: RUNS }, () => JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, env: { ...process.env, TENCENTCLOUD: 'true' }, encoding: 'utf8' }).trim().split('\n').pop()!) as number[]);
}

/** The median over runs of the time of the first `n` requires together. */
export const medianOfFirst = (runs: number[][], n: number): number => median(runs.map((r) => r.slice(0, n).reduce((a, b) => a + b, 0)));

export async function runBundlesBench(): Promise<string> {
  const built = await buildFunctions();
  const kb = (b: number) => `${(b / 1024).toFixed(0)} KB`;
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  const rows = [
    `Cold require: median of ${RUNS} fresh \`node\` processes, each requiring @cloudbase/node-sdk and then index.js (and for a first import/export exceljs.js after them)`,
    '',
    '| function | index.js | exceljs.js | cold require (SDK + index.js) | index.js alone, SDK loaded | first import/export (+ exceljs.js) |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const { name, files } of built) {
    const dir = path.join(root, 'cloudfunctions', name);
    const chunk = files[SPREADSHEET_CHUNK];
    const runs = coldRequires('@cloudbase/node-sdk', path.join(dir, 'index.js'), ...(chunk === undefined ? [] : [path.join(dir, SPREADSHEET_CHUNK)]));
    const first = chunk === undefined ? '—' : ms(medianOfFirst(runs, 3));
    rows.push(`| ${name} | ${kb(files['index.js'])} | ${chunk === undefined ? '—' : kb(chunk)} | ${ms(medianOfFirst(runs, 2))} | ${ms(median(runs.map((r) => r[1])))} | ${first} |`);
  }
  return rows.join('\n');
}
