import path from 'path';
import fs from 'fs';
import { startLocalCloud } from './server';
import { seedDemo, DEMO_ADMIN, DEMO_STAFF } from './seed';
import { DEMO_APPLICANTS } from './seed-volunteers';
import type { Main } from './gateway';
import { readTriggers, startScheduler } from './scheduler';
import { latencyFromEnv, limitFunctions, readFunctionLimits } from './limits';
import { openDemoCloud } from './demo-data';

/**
 * `npm start`: the local cloud on 127.0.0.1 with the built cloud functions (the same bundles that
 * are deployed) and synthetic demo data on first start.
 *   LOCALCLOUD_PORT (default 8930)  LOCALCLOUD_DATA (default .localcloud)  LOCALCLOUD_PRESET (default suining-2019)
 */
const root = path.resolve(__dirname, '..');
const port = Number(process.env.LOCALCLOUD_PORT ?? 8930);
const dataDir = path.resolve(root, process.env.LOCALCLOUD_DATA ?? '.localcloud');
const presetId = process.env.LOCALCLOUD_PRESET ?? 'suining-2019';
process.env.ADMIN_OPENIDS ??= DEMO_ADMIN;

function loadBundle(name: string): Main | undefined {
  const file = path.join(root, 'cloudfunctions', name, 'index.js');
  if (!fs.existsSync(file)) return undefined;
  return require(file).main as Main;
}

async function main() {
  const { cloud, seeded: first, discarded } = await openDemoCloud(
    dataDir,
    () => startLocalCloud({ port, dataDir, functions: loadBundle, memoryLimits: true }),
    () => {
      const account = loadBundle('account');
      if (!account) throw new Error('cloudfunctions/account/index.js is missing: run `npm run build`');
      return seedDemo({ account }, presetId);
    },
  );
  if (discarded) console.log(`上次启动时演示数据没有建完，已清空重建 (the last start stopped mid-seed: ${dataDir} was removed and seeded again)`);
  console.log(`
本地云已启动 (local cloud running)  ${cloud.url}
  data:      ${dataDir}${first ? '  (demo data created)' : ''}
  gateway:   POST ${cloud.url}/functions/<name>  body {"action","data"}  header x-openid
  try:       curl -s -X POST ${cloud.url}/functions/account -H 'x-openid: ${DEMO_STAFF.city.openid}' -d '{"action":"login","data":{}}'
  identities: ${DEMO_ADMIN} (admin), ${Object.values(DEMO_STAFF).map((s) => s.openid).join(', ')}
              volunteers ${DEMO_APPLICANTS.join(', ')} (demo-mum-3 approved and paired)
  next:      open the project in WeChat DevTools; miniprogram/services/backend.ts selects the local cloud (docs/devtools.md)
`);
  const names = fs.readdirSync(path.join(root, 'cloudfunctions')).filter((n) => fs.existsSync(path.join(root, 'cloudfunctions', n, 'config.json')));
  console.log(`  limits:    ${names.map((n) => { const l = readFunctionLimits(n); return `${n} ${l.timeout} s/${l.memorySize} MB`; }).join(', ')} (timeouts and memory enforced); round-trip latency ${latencyFromEnv()} ms (LOCALCLOUD_LATENCY_MS)`);
  const triggers = readTriggers(path.join(root, 'cloudfunctions'));
  startScheduler(triggers, limitFunctions(loadBundle, readFunctionLimits, true)); // timers run under the function's limits too
  if (triggers.length) console.log(`  timers:    ${triggers.map((t) => `${t.fn}.${t.name} (${t.cron})`).join(', ')}; fire one now: POST ${cloud.url}/timers/<fn>/<trigger>`);
  const stop = () => cloud.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
