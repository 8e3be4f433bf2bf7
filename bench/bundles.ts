import path from 'path';
import { execFileSync } from 'child_process';
import os from 'os';
import { buildFunctions, MAIN_CACHE, MAIN_CHUNK, SDK_CACHE, SDK_CHUNK, SPREADSHEET_CHUNK } from '../scripts/build';

/**
 * Bundle bytes and cold-start cost of every cloud function. A cold start on CloudBase is a fresh
 * Node process that requires the folder's index.js, which loads main.js (our bundle), which loads
 * the SDK bundled beside it (sdk.js), each compiled from V8's code cache (main.cache, sdk.cache;
 * scripts/cached-loader.ts). Each sample is exactly that: a
 * new `node`, outside the repository so nothing falls back on node_modules, timing the require
 * inside the process; for comparison, the same process shape requiring @cloudbase/node-sdk from
 * node_modules (how the functions loaded it before). Medians of RUNS fresh processes. Times are
 * noisy on a loaded machine (tests assert the bytes, never these times); `uptime` is printed.
 */
const root = path.resolve(__dirname, '..');
const RUNS = 7;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/**
 * Per fresh process (RUNS of them), the milliseconds each `require` of `modules` took, in order,
 * and last the CPU milliseconds of them all (user + system, every thread of the process): on a
 * loaded machine the wall time waits for a core, the CPU time much less so.
 */
export function coldRequires(...modules: string[]): number[][] {
  const script = `const ms=[];const c=process.cpuUsage();for(const m of ${JSON.stringify(modules)}){const t=process.hrtime.bigint();require(m);ms.push(Number(process.hrtime.bigint()-t)/1e6)}const u=process.cpuUsage(c);ms.push((u.user+u.system)/1000);console.log(JSON.stringify(ms))`;
  const env: NodeJS.ProcessEnv = { ...process.env, TENCENTCLOUD: 'true' };
  delete env.NODE_OPTIONS;
  return Array.from({ length: RUNS }, () => JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: os.tmpdir(), env, encoding: 'utf8' }).trim().split('\n').pop()!) as number[]);
}

/** The median over runs of the time of the first `n` requires together. */
export const medianOfFirst = (runs: number[][], n: number): number => median(runs.map((r) => r.slice(0, n).reduce((a, b) => a + b, 0)));

export async function runBundlesBench(): Promise<string> {
  const built = await buildFunctions();
  const kb = (b: number) => `${(b / 1024).toFixed(0)} KB`;
  const ms = (x: number) => `${x.toFixed(0)} ms`;
  const sdkRuns = coldRequires(path.join(root, 'node_modules/@cloudbase/node-sdk'));
  const cpu = (runs: number[][]) => median(runs.map((r) => r[r.length - 1]));
  const rows = [
    `Cold require: median of ${RUNS} fresh \`node\` processes requiring index.js (which loads main.js and sdk.js with their code caches), and for a first import/export exceljs.js after it. Load average at the start: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}.`,
    `For comparison, @cloudbase/node-sdk required from node_modules in the same kind of process: ${ms(median(sdkRuns.map((r) => r[0])))} (CPU ${ms(cpu(sdkRuns))}).`,
    '',
    '| function | main.js + main.cache | sdk.js + sdk.cache | exceljs.js | cold require (index.js with the SDK) | its CPU time | first import/export (+ exceljs.js) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const { name, files } of built) {
    const dir = path.join(root, 'cloudfunctions', name);
    const chunk = files[SPREADSHEET_CHUNK];
    const runs = coldRequires(path.join(dir, 'index.js'), ...(chunk === undefined ? [] : [path.join(dir, SPREADSHEET_CHUNK)]));
    const first = chunk === undefined ? '—' : ms(medianOfFirst(runs, 2));
    const cpuOfEntry = chunk === undefined ? cpu(runs) : median(coldRequires(path.join(dir, 'index.js')).map((r) => r[1]));
    rows.push(`| ${name} | ${kb(files[MAIN_CHUNK])} + ${kb(files[MAIN_CACHE])} | ${kb(files[SDK_CHUNK])} + ${kb(files[SDK_CACHE])} | ${chunk === undefined ? '—' : kb(chunk)} | ${ms(medianOfFirst(runs, 1))} | ${ms(cpuOfEntry)} | ${first} |`);
  }
  return rows.join('\n');
}
