import { parseArgs } from 'util';
import { tempDir } from '../tests/helpers/cloud';
import { killLoop } from '../tests/crash/kill-loop';

/**
 * `npx tsx scripts/crash-loop.ts [--rounds N] [--seed S] [--min MS] [--max MS]`: the kill-and-restart
 * loop of tests/crash/kill-restart.test.ts, as long as you like (issue 15). Exits non-zero and
 * prints each counter that disagrees with its recount, or each acknowledged write that was lost.
 */
async function main() {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '10' }, seed: { type: 'string', default: String(Date.now() % 1e9) }, min: { type: 'string', default: '500' }, max: { type: 'string', default: '5000' } } });
  const dir = tempDir('aixin-crash-');
  console.log(`data in ${dir}, seed ${values.seed}`);
  const { problems, calls, ack } = await killLoop(dir, { seed: Number(values.seed), rounds: Number(values.rounds), minMs: Number(values.min), maxMs: Number(values.max), log: console.log });
  console.log(`${calls} calls; ${ack.pairings.length} proposals and ${ack.checkIns.length} check-ins acknowledged`);
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log('every counter equals its recount; nothing acknowledged was lost');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
