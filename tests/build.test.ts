import fs from 'fs';
import path from 'path';
import { buildFunctions } from '../scripts/build';
import { startLocalCloud } from '../localcloud/server';
import { as, ADMIN } from './helpers/cloud';

/**
 * The deployable bundles: each function folder holds one index.js (no .ts beside it), its own
 * package.json and a config.json with an explicit timeout, and the bundle serves calls through
 * the gateway exactly like the source does.
 */
const root = path.resolve(__dirname, '..');
const SPREADSHEET_FUNCTIONS = ['child', 'pairing', 'report'];
let built: { name: string; bytes: number }[];
const savedAdmins = process.env.ADMIN_OPENIDS;
afterEach(() => {
  if (savedAdmins === undefined) delete process.env.ADMIN_OPENIDS;
  else process.env.ADMIN_OPENIDS = savedAdmins;
});

beforeAll(async () => {
  built = await buildFunctions();
}, 60_000);

test('every function folder is deployable on its own', () => {
  expect(built.map((b) => b.name)).toContain('account');
  for (const { name, bytes } of built) {
    const dir = path.join(root, 'cloudfunctions', name);
    expect(fs.existsSync(path.join(dir, 'index.ts'))).toBe(false);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies)).toEqual(['@cloudbase/node-sdk']);
    const cfg = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
    expect(cfg.timeout).toBeGreaterThanOrEqual(5);
    const code = fs.readFileSync(path.join(dir, 'index.js'), 'utf8');
    expect(code).toContain('require("@cloudbase/node-sdk")'); // external, installed in the cloud
    // functions that read or write spreadsheets carry exceljs (about 1 MB minified); the rest stay small
    expect(bytes).toBeLessThan(SPREADSHEET_FUNCTIONS.includes(name) ? 10_000_000 : 1_500_000);
  }
});

test('the built bundle answers through the gateway', async () => {
  process.env.ADMIN_OPENIDS = ADMIN;
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const load = (name: string) => require(path.join(root, 'cloudfunctions', name, 'index.js')).main;
  const cloud = await startLocalCloud({ dataDir: null, functions: load });
  try {
    const res = await as(cloud, ADMIN).ok('account', 'login', {});
    expect(res.me.roles).toContain('admin');
    const bad = await as(cloud, ADMIN).raw('account', 'nope' as never, {});
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  } finally {
    await cloud.close();
  }
});
