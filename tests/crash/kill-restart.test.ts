import { tempDir } from '../helpers/cloud';
import { killLoop } from './kill-loop';

/**
 * Issue 15, "Done when": killing the local cloud (SIGKILL of its process, which runs the functions
 * and the database) at random moments during proposals, consents, cancels, ends, claims, claim
 * cancels and check-ins, then restarting it and firing the timers, leaves every derived number
 * equal to its recount and loses no acknowledged write. The same loop, longer and with any seed:
 * `npx tsx scripts/crash-loop.ts --rounds 20 --seed 7`.
 */
test('three kills at random moments mid-traffic, a restart each, then the timers: every counter equals its recount and nothing acknowledged is lost', async () => {
  const log: string[] = [];
  const { problems, calls, ack } = await killLoop(tempDir('aixin-crash-'), { seed: 20261207, rounds: 3, minMs: 1500, maxMs: 4000, log: (s) => log.push(s) });
  expect(problems).toEqual([]);
  // the loop did real work: proposals and check-ins were acknowledged before the kills
  expect({ calls: calls > 30, proposals: ack.pairings.length > 0 }).toEqual({ calls: true, proposals: true });
}, 240_000);
