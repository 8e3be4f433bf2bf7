import fs from 'fs';
import os from 'os';
import path from 'path';
import { execFileSync } from 'child_process';
import { build } from 'esbuild';
import { z } from 'zod';
import { backendFile, buildFunctions, MAIN_CACHE, MAIN_CHUNK, SDK_CACHE, SDK_CHUNK, SPREADSHEET_CHUNK, ZOD_LOCALES, zodLocales } from '../scripts/build';
import { configureZod } from '../src/server/zod';
import { startLocalCloud } from '../localcloud/server';
import { as, ADMIN } from './helpers/cloud';
import { contract, type FunctionName } from '../src/contract';
import { ENV_VARIABLES, variablesOf } from '../src/deploy/variables';
import { TEMPLATE_VARIABLES } from '../src/server/templates';

/**
 * The deployable bundles: each function folder holds its bundle main.js (no .ts beside it), the
 * index.js that loads it, the SDK bundled (sdk.js), their code caches, its own package.json and a
 * config.json with an explicit timeout, and the bundle serves calls through the gateway exactly
 * like the source does. Spreadsheet functions also hold exceljs.js, loaded only by their
 * import/export actions.
 */
const root = path.resolve(__dirname, '..');
const SPREADSHEET_FUNCTIONS = ['account', 'child', 'pairing', 'report'];
/**
 * Byte budgets of main.js (our code), from docs/benchmarks.md (2026-12-07: 284–389 KB since each
 * bundle builds only its own contract) with room to grow; every cold start reads it. exceljs.js
 * was 1,128,941 bytes.
 */
const ENTRY_BUDGET = 450_000;
const SPREADSHEET_ENTRY_BUDGET = 500_000;
const CHUNK_BUDGET = 1_300_000;
let built: { name: string; bytes: number; files: Record<string, number> }[];
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
    expect(pkg.dependencies).toEqual({}); // the SDK is bundled beside index.js: nothing to install
    const cfg = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
    expect(cfg.timeout).toBeGreaterThanOrEqual(5);
    const code = fs.readFileSync(path.join(dir, MAIN_CHUNK), 'utf8');
    expect(code).not.toContain('@cloudbase/node-sdk');
    for (const f of ['index.js', MAIN_CACHE, SDK_CHUNK, SDK_CACHE]) expect({ name, f, there: fs.existsSync(path.join(dir, f)) }).toEqual({ name, f, there: true });
    // the entry only loads main.js; each bundle builds only its own function's contract
    expect(fs.statSync(path.join(dir, 'index.js')).size).toBeLessThan(4000);
    const summaries = (g: string) => Object.values(contract[g as FunctionName] as Record<string, { summary: string }>).map((a) => a.summary);
    expect(summaries(name).every((t) => code.includes(t))).toBe(true);
    expect({ name, others: Object.keys(contract).filter((g) => g !== name && summaries(g).some((t) => code.includes(t))) }).toEqual({ name, others: [] });
    expect({ name, bytes: bytes < (SPREADSHEET_FUNCTIONS.includes(name) ? SPREADSHEET_ENTRY_BUDGET : ENTRY_BUDGET) }).toEqual({ name, bytes: true });
  }
});

test('exceljs is a file apart, in the spreadsheet functions only, and not in any entry', () => {
  for (const { name, files } of built) {
    const dir = path.join(root, 'cloudfunctions', name);
    const code = fs.readFileSync(path.join(dir, MAIN_CHUNK), 'utf8');
    expect({ name, chunk: fs.existsSync(path.join(dir, SPREADSHEET_CHUNK)) }).toEqual({ name, chunk: SPREADSHEET_FUNCTIONS.includes(name) });
    expect(code).not.toContain('[Content_Types].xml'); // written by exceljs's xlsx writer
    // the chunk is required only inside the promise an `await import('exceljs')` became
    const requires = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]).filter((r) => r.startsWith('.'));
    expect(new Set(requires)).toEqual(new Set(SPREADSHEET_FUNCTIONS.includes(name) ? [`./${SPREADSHEET_CHUNK}`] : []));
    expect(code.split(`require("./${SPREADSHEET_CHUNK}")`).slice(0, -1).every((before) => /Promise\.resolve\(\)\.then\(\(\)=>\w+\($/.test(before))).toBe(true);
    if (SPREADSHEET_FUNCTIONS.includes(name)) {
      expect(files[SPREADSHEET_CHUNK]).toBeLessThan(CHUNK_BUDGET);
      expect(fs.readFileSync(path.join(dir, SPREADSHEET_CHUNK), 'utf8')).toContain('[Content_Types].xml');
    }
  }
  // a cold start (a fresh process requiring the entry) leaves exceljs unread
  const loaded = execFileSync(process.execPath, ['-e', `require(${JSON.stringify(path.join(root, 'cloudfunctions/child/index.js'))});console.log(JSON.stringify(Object.keys(require.cache)))`], { encoding: 'utf8' });
  expect((JSON.parse(loaded) as string[]).filter((f) => f.startsWith(path.join(root, 'cloudfunctions')))).toEqual([path.join(root, 'cloudfunctions/child/index.js')]);
});

test('a cold start loads main.js and the bundled SDK with their code caches and reads nothing from node_modules', () => {
  // a fresh `node` outside the repository (as in the cloud: no node_modules to fall back on)
  const probe = `
    const vm = require('vm');
    const Script = vm.Script;
    const seen = [];
    vm.Script = function (code, opts) { const s = new Script(code, opts); seen.push(s); return s; };
    const t = require(process.argv[1]);
    console.log(JSON.stringify({
      main: typeof t.main,
      rejected: seen.map((s) => s.cachedDataRejected),
      outside: Object.keys(require.cache).filter((f) => !f.startsWith(require('path').dirname(process.argv[1]))),
    }));`;
  const env: NodeJS.ProcessEnv = { ...process.env, TENCENTCLOUD: 'true' };
  delete env.NODE_OPTIONS;
  const out = JSON.parse(execFileSync(process.execPath, ['-e', probe, path.join(root, 'cloudfunctions/visit/index.js')], { cwd: os.tmpdir(), env, encoding: 'utf8' }));
  // V8 took the cache (false = not rejected); a rejected cache would still load, only slower
  expect(out).toEqual({ main: 'function', rejected: [false, false], outside: [] });
  // the SDK's version, read at load from a package.json a bundle lacks, is written in by the build
  const version = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/@cloudbase/node-sdk/package.json'), 'utf8')).version;
  expect(fs.readFileSync(path.join(root, 'cloudfunctions/visit', SDK_CHUNK), 'utf8')).toContain(`version=${JSON.stringify(version)}`);
});

test('the built child bundle loads exceljs.js for an export, not for other actions', async () => {
  process.env.ADMIN_OPENIDS = ADMIN;
  const chunk = path.join(root, 'cloudfunctions/child', SPREADSHEET_CHUNK);
  let loads = 0;
  jest.doMock(chunk, () => {
    loads++;
    return jest.requireActual(chunk);
  });
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const cloud = await startLocalCloud({ dataDir: null, functions: (name) => require(path.join(root, 'cloudfunctions', name, 'index.js')).main });
  try {
    await as(cloud, ADMIN).ok('account', 'login', {});
    await as(cloud, ADMIN).ok('account', 'setupProgramme', { presetId: 'longgang-2019' });
    await as(cloud, ADMIN).ok('child', 'list', {});
    expect(loads).toBe(0);
    const exported = await as(cloud, ADMIN).ok('child', 'exportSheet', { layout: 'lg-2' });
    expect(exported).toMatchObject({ count: 0, fileName: expect.stringMatching(/\.xlsx$/) });
    expect(loads).toBe(1);
  } finally {
    await cloud.close();
    jest.dontMock(chunk);
  }
});

test('zod in a bundle words its messages as the source does (only its zh-CN locale is kept)', async () => {
  // zod's own messages reach users where a refinement has none (src/contract/messages.ts)
  const probe = `
    import { z } from 'zod';
    import { configureZod } from ${JSON.stringify(path.join(root, 'src/server/zod'))};
    configureZod();
    const schemas = [z.string().min(3), z.number().int(), z.enum(['a', 'b']), z.string().refine(() => false), z.strictObject({}), z.string().email()];
    const inputs = ['a', 1.5, 'c', 'x', { k: 1 }, 'not-mail'];
    export const messages = schemas.map((s, i) => s.safeParse(inputs[i]).error!.issues[0].message);
  `;
  const out = await build({ stdin: { contents: probe, resolveDir: root, loader: 'ts' }, bundle: true, platform: 'node', format: 'cjs', write: false, plugins: [zodLocales] });
  const text = out.outputFiles[0].text;
  expect(text).not.toContain('./ru.js'); // the other 63 locales are gone
  const mod = { exports: {} as { messages: string[] } };
  new Function('module', 'exports', 'require', text)(mod, mod.exports, require);
  const bundled = mod.exports.messages;
  configureZod();
  const source = [z.string().min(3).safeParse('a'), z.number().int().safeParse(1.5), z.enum(['a', 'b']).safeParse('c'), z.string().refine(() => false).safeParse('x'), z.strictObject({}).safeParse({ k: 1 }), z.string().email().safeParse('not-mail')].map((r) => r.error!.issues[0].message);
  expect(bundled).toEqual(source);
  expect(source.every((m) => /[\u4e00-\u9fa5]/.test(m))).toBe(true);
  // src reads no locale the build drops
  const src = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? src(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
  const used = new Set(src(path.join(root, 'src')).flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/locales\.(\w+)/g)].map((m) => m[1])));
  expect([...used].filter((l) => !(l in ZOD_LOCALES))).toEqual([]);
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
    // the entry and a lazily loaded exceljs.js alike: every file the function runs
    const code = fs.readdirSync(path.join(root, 'cloudfunctions', name)).filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(path.join(root, 'cloudfunctions', name, f), 'utf8')).join('\n');
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
