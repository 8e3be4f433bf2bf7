/**
 * One local cloud as its own process, for the kill-and-restart loop (tests/crash/kill-loop.ts):
 * the functions' source and the database run in this process, persisted in DATA_DIR with fsync,
 * so SIGKILL stops both as a dying function instance and a restart reads what was acknowledged.
 * CLOCK_OFFSET_MS moves this process's clock (the recount repairs only what a run an hour later
 * sees again). Prints `READY <url>` once it listens.
 */
import { startLocalCloud } from '../../localcloud/server';
import { FUNCTIONS } from '../../src/functions';
import { setClock } from '../../src/server/time';

async function main() {
  const dataDir = process.env.DATA_DIR;
  if (!dataDir) throw new Error('DATA_DIR is required');
  const offset = Number(process.env.CLOCK_OFFSET_MS ?? 0);
  if (offset) setClock(() => Date.now() + offset);
  const cloud = await startLocalCloud({ dataDir, fsync: true, functions: (name) => (FUNCTIONS as Record<string, never>)[name] });
  process.stdout.write(`READY ${cloud.url}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
