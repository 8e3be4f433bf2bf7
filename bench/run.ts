import fs from 'fs';
import path from 'path';

/**
 * `npm run bench`: runs every bench/<area>.ts that exports a `run…Bench(): Promise<string>` and
 * prints its report. Numbers are measured here, never asserted in tests (machines are noisy);
 * counts that do not vary (round trips, bytes) are what tests check. Every database round trip
 * costs BENCH_LATENCY_MS (15 ms) unless LOCALCLOUD_LATENCY_MS is set, so times include what round
 * trips cost in a real region.
 */
/** A region's round trip (10–30 ms) on every database request, unless LOCALCLOUD_LATENCY_MS says otherwise. */
export const BENCH_LATENCY_MS = 15;

async function main() {
  process.env.LOCALCLOUD_LATENCY_MS ??= String(BENCH_LATENCY_MS);
  console.log(`Database round trips: ${process.env.LOCALCLOUD_LATENCY_MS} ms added to each (LOCALCLOUD_LATENCY_MS; a real region adds 10–30 ms; set it to 0 for the emulator alone)`);
  const only = process.argv[2];
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'));
  for (const file of files.sort()) {
    if (only && !file.startsWith(only)) continue;
    const mod = (await import(path.join(__dirname, file))) as Record<string, unknown>;
    const run = Object.entries(mod).find(([k, v]) => /^run\w*Bench$/.test(k) && typeof v === 'function')?.[1] as (() => Promise<string>) | undefined;
    if (!run) continue;
    console.log(`\n## ${file.replace(/\.ts$/, '')}\n`);
    console.log(await run());
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
