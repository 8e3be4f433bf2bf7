/**
 * `npm run test:isolation [-- --seed=N] [folders or files…]`: runs jest with its tests shuffled
 * (jest's `--randomize`: the order of tests within each file, and of files) so that a test which
 * only passes because an earlier test in its file ran first shows up as a failure. Without
 * `--seed` a random seed is drawn; it is printed first so a failure can be replayed exactly.
 * Without paths it runs every non-page folder one after another (one jest at a time: the
 * machine is small); give `tests/miniprogram` or any file to run that instead.
 */
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const seedArg = args.find((a) => /^--seed=-?\d+$/.test(a));
const seed = seedArg ? Number(seedArg.slice('--seed='.length)) : Math.floor(Math.random() * 2 ** 31);
const paths = args.filter((a) => !a.startsWith('--'));
const passThrough = args.filter((a) => a.startsWith('--') && a !== seedArg);
const DEFAULT = ['tests/server', 'tests/domain', 'tests/programmes', 'tests/contract', 'tests/authz', 'tests/localcloud', 'tests/functions', 'tests/[^/]+\\.test\\.ts$'];
const groups = paths.length ? [paths] : DEFAULT.map((p) => [p]);

console.log(`test:isolation: seed ${seed} (replay with npm run test:isolation -- --seed=${seed} ${paths.join(' ')})`);
const failed: string[] = [];
for (const group of groups) {
  const run = spawnSync('npx', ['jest', '--randomize', `--seed=${seed}`, ...passThrough, ...group], { stdio: 'inherit' });
  if (run.status !== 0) failed.push(group.join(' '));
}
if (failed.length) {
  console.error(`test:isolation: seed ${seed} failed in ${failed.join(', ')}`);
  process.exit(1);
}
console.log(`test:isolation: seed ${seed} passed`);
