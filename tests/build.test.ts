import fs from 'fs';
import path from 'path';
import { backendFile, buildFunctions } from '../scripts/build';
import { startLocalCloud } from '../localcloud/server';
import { as, ADMIN } from './helpers/cloud';
import type { FunctionName } from '../src/contract';
import { ENV_VARIABLES, variablesOf } from '../src/deploy/variables';
import { TEMPLATE_VARIABLES } from '../src/server/templates';

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

test('each function is given exactly the variables its bundle reads (src/deploy/variables.ts)', () => {
  // subscribe templates are read by computed names (src/server/templates.ts); their readers come from that declaration
  const literal = ENV_VARIABLES.filter((v) => !TEMPLATE_VARIABLES.some((t) => t.name === v.name));
  for (const { name } of built) {
    const code = fs.readFileSync(path.join(root, 'cloudfunctions', name, 'index.js'), 'utf8');
    const read = literal.filter((v) => new RegExp(`\\b${v.name}\\b`).test(code)).map((v) => v.name).sort();
    const given = variablesOf(name as FunctionName).filter((v) => literal.includes(v)).map((v) => v.name).sort();
    expect({ name, read }).toEqual({ name, read: given });
  }
});

test('our code reads no environment variable that is not declared (bundled libraries read their own)', () => {
  const src = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? src(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
  const names = new Set<string>();
  for (const file of src(path.join(root, 'src'))) for (const m of fs.readFileSync(file, 'utf8').matchAll(/process\.env\.([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(m[1]);
  expect([...names].filter((n) => !ENV_VARIABLES.some((v) => v.name === n)).sort()).toEqual(['TCB_CONTEXT_CNFG']);
});

test('the committed mini-program talks to the local cloud; `--env` writes the back end a build uses', () => {
  const committed = fs.readFileSync(path.join(root, 'miniprogram/services/backend.ts'), 'utf8');
  expect(committed).toBe(backendFile('local'));
  expect(backendFile('prod-4g5h6j')).toContain("{ backend: 'cloud', envId: 'prod-4g5h6j' }");
  // DevTools' project needs the real appid for 云开发; the committed one stays the tourist id
  expect(JSON.parse(fs.readFileSync(path.join(root, 'project.config.json'), 'utf8')).appid).toBe('touristappid');
});
