import fs from 'fs';
import path from 'path';
import { execFileSync } from 'child_process';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { ESBUILD_TARGET } from '../src/deploy/functions';
import { deployFiles } from '../src/deploy/files';

/**
 * Bundles each cloud function (src/functions/<name>/index.ts plus the shared code it imports,
 * zod and dayjs) into cloudfunctions/<name>/index.js, so every function folder deploys on its own.
 * The bundle is main.js; index.js is a few lines that load it, and main.js loads
 * @cloudbase/node-sdk bundled apart into sdk.js, each compiled from V8's code cache beside it
 * (main.cache, sdk.cache; scripts/cached-loader.ts): nothing is installed in the cloud, and a cold
 * start skips compiling them (docs/benchmarks.md).
 * A function whose import/export actions use exceljs also gets cloudfunctions/<name>/exceljs.js,
 * loaded only when such an action first runs (cold starts of every other action skip it).
 */
const root = path.resolve(__dirname, '..');

/** Writes the deploy files generated from src/deploy (config.json, package.json, cloudbaserc.json); returns the paths changed. */
export function writeDeployFiles(): string[] {
  const changed: string[] = [];
  for (const [rel, text] of Object.entries(deployFiles())) {
    const file = path.join(root, rel);
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    changed.push(rel);
  }
  return changed;
}

/**
 * zod's locales we keep, by export name and file (node_modules/zod/v4/locales/<file>.js).
 * src/server/zod.ts sets `z.locales.zhCN()`; zod's default English is imported by zod itself from
 * en.js, not through this list. tests/build.test.ts checks that src uses no other `locales.<name>`.
 */
export const ZOD_LOCALES: Record<string, string> = { zhCN: 'zh-CN' };

/**
 * `z.locales` re-exports all 64 of zod's locales (about 360 KB, half of zod in a bundle), and a
 * namespace re-export cannot be tree-shaken; this plugin (esbuild's documented onResolve/onLoad
 * API) gives zod's own `../locales/index.js` imports a module exporting only ZOD_LOCALES.
 */
export const zodLocales: Plugin = {
  name: 'zod-locales',
  setup(b) {
    // zod's ES build (.js, what `import` picks) and its CommonJS build (.cjs, for `require`)
    b.onResolve({ filter: /^\.\.\/locales\/index\.c?js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: path.join(args.resolveDir, args.path), namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: Object.entries(ZOD_LOCALES).map(([name, file]) => `export { default as ${name} } from './${file}${path.extname(args.path)}';`).join('\n'),
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};

/** The file beside index.js holding exceljs and what it pulls in (jszip, unzipper, bluebird …). */
export const SPREADSHEET_CHUNK = 'exceljs.js';

/**
 * exceljs becomes the external `./exceljs.js`, and only `await import('exceljs')` may load it: a
 * static import would put it back on every cold start, so the build refuses one.
 */
const exceljsApart: Plugin = {
  name: 'exceljs-apart',
  setup(b) {
    b.onResolve({ filter: /^exceljs$/ }, (args) =>
      args.kind === 'dynamic-import'
        ? { path: `./${SPREADSHEET_CHUNK}`, external: true }
        : { errors: [{ text: "load exceljs with `await import('exceljs')` inside the action that needs it (scripts/build.ts): a static import is paid by every cold start" }] },
    );
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: ESBUILD_TARGET, // the runtime every function is deployed with (src/deploy/functions.ts)
  format: 'cjs',
  minify: true, // less to read and compile on each cold start
  keepNames: true, // class and function names stay readable in CloudBase's logs
  charset: 'utf8', // the contract's Chinese messages as UTF-8 (3 bytes a character), not \uXXXX escapes (6)
  legalComments: 'none',
  logLevel: 'warning',
  write: false as const,
} satisfies BuildOptions;

/** The function's bundle, the SDK bundled apart, their V8 code caches. */
export const MAIN_CHUNK = 'main.js';
export const MAIN_CACHE = 'main.cache';
export const SDK_CHUNK = 'sdk.js';
export const SDK_CACHE = 'sdk.cache';
const LOADER = JSON.stringify(path.join(root, 'scripts/cached-loader.ts'));

/** main.js's `@cloudbase/node-sdk` becomes sdk.js loaded with its cache. */
const sdkThroughLoader: Plugin = {
  name: 'sdk-through-loader',
  setup(b) {
    b.onResolve({ filter: /^@cloudbase\/node-sdk$/ }, () => ({ path: 'sdk', namespace: 'sdk-loader' }));
    b.onLoad({ filter: /.*/, namespace: 'sdk-loader' }, () => ({ contents: `module.exports = require(${LOADER}).loadCached(__dirname, 'sdk', require);`, loader: 'js', resolveDir: root }));
  },
};

/**
 * The SDK reads its version from ../../package.json at load (for its request headers), which a
 * bundle does not have beside it; the pinned version is written in instead.
 */
function sdkVersionInline(version: string): Plugin {
  return {
    name: 'sdk-version-inline',
    setup(b) {
      b.onLoad({ filter: /[\\/]@cloudbase[\\/]node-sdk[\\/]dist[\\/]utils[\\/]version\.js$/ }, () => ({
        contents: `"use strict";Object.defineProperty(exports,"__esModule",{value:true});exports.version=${JSON.stringify(version)};`,
        loader: 'js',
      }));
    },
  };
}

/** Bundles @cloudbase/node-sdk (only Node's own modules stay outside) into one file's bytes. */
async function bundleSdk(): Promise<Uint8Array> {
  const version = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/@cloudbase/node-sdk/package.json'), 'utf8')).version as string;
  const out = await build({ ...common, stdin: { contents: "module.exports = require('@cloudbase/node-sdk');", resolveDir: root, loader: 'js' }, outfile: path.join(root, SDK_CHUNK), plugins: [sdkVersionInline(version)] });
  return out.outputFiles[0].contents;
}

/**
 * V8's code cache of a file of the function folder, made in a fresh `node` (no flags of ours: V8
 * refuses a cache made under other flags) after running it once as index.js would, so the
 * functions compiled lazily while it loads are in it too.
 */
function codeCache(file: string): Buffer {
  const script = `const fs=require('fs'),vm=require('vm'),M=require('module'),p=require('path');const f=${JSON.stringify(file)};const d=p.dirname(f);const s=new vm.Script(M.wrap(fs.readFileSync(f,'utf8')),{filename:f});const m={exports:{}};s.runInThisContext()(m.exports,M.createRequire(p.join(d,'index.js')),m,f,d);process.stdout.write(s.createCachedData().toString('base64'))`;
  const env: NodeJS.ProcessEnv = { ...process.env, TENCENTCLOUD: 'true' };
  delete env.NODE_OPTIONS;
  return Buffer.from(execFileSync(process.execPath, ['-e', script], { env, encoding: 'utf8', maxBuffer: 64 << 20 }), 'base64');
}

/**
 * Each bundle's `contract` (src/contract/index.ts) holds only its own function's actions: every
 * zod schema is built when its module loads, and building the other six functions' schemas cost
 * each cold start for nothing (docs/benchmarks.md). The index is read as written, minus the other
 * functions' imports, entries and re-exports; a bundle that used one would fail to build.
 */
const FUNCTION_CONTRACTS = ['account', 'volunteer', 'child', 'pairing', 'wish', 'visit', 'report'];
function ownContract(fn: string): Plugin {
  return {
    name: 'own-contract',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]contract[\\/]index\.ts$/ }, (args) => {
        const others = FUNCTION_CONTRACTS.filter((g) => g !== fn);
        const dropped = (line: string) =>
          others.some((g) => line === `import { ${g}Contract } from './${g}';` || line === `  ${g}: ${g}Contract,` || new RegExp(`^export \\{[^}]*\\} from '\\./${g}';$`).test(line));
        const text = fs.readFileSync(args.path, 'utf8').split('\n').filter((l) => !dropped(l)).join('\n');
        return { contents: text, loader: 'ts', resolveDir: path.dirname(args.path) };
      });
    },
  };
}

/** Write then rename: a test loading a bundle while another rebuilds it never sees half a file. */
function writeAtomic(file: string, contents: Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, contents);
  fs.renameSync(tmp, file);
}

/** Builds every function; `bytes` is its main.js (our code), `files` every file the build writes. */
export async function buildFunctions(): Promise<{ name: string; bytes: number; files: Record<string, number> }[]> {
  writeDeployFiles();
  const names = fs.readdirSync(path.join(root, 'src/functions')).filter((n) => fs.existsSync(path.join(root, 'src/functions', n, 'index.ts')));
  const out: { name: string; bytes: number; files: Record<string, number> }[] = [];
  let spreadsheet: Uint8Array | undefined;
  const sdk = await bundleSdk();
  let sdkCache: Buffer | undefined;
  // index.js: the platform's entry (handler index.main), main.js loaded with its cache
  const stub = (await build({ ...common, stdin: { contents: `module.exports = require(${LOADER}).loadCached(__dirname, 'main', require);`, resolveDir: root, loader: 'js' }, outfile: path.join(root, 'index.js') })).outputFiles[0].contents;
  for (const name of names) {
    const dir = path.join(root, 'cloudfunctions', name);
    if (!fs.existsSync(path.join(dir, 'package.json'))) throw new Error(`cloudfunctions/${name}/package.json is missing`);
    const outfile = path.join(dir, MAIN_CHUNK);
    const result = await build({
      ...common,
      entryPoints: [path.join(root, 'src/functions', name, 'index.ts')],
      outfile,
      // `import()` as a require inside a promise: jest's module registry (tests load the bundles)
      // cannot run a native dynamic import, and a CommonJS entry loads a CommonJS chunk anyway
      supported: { 'dynamic-import': false },
      // linked, without the sources (the repository has them at the built commit): for
      // `node --enable-source-maps` or mapping a logged stack back by hand
      sourcemap: 'linked',
      sourcesContent: false,
      metafile: true,
      plugins: [zodLocales, exceljsApart, sdkThroughLoader, ownContract(name)],
      // the loader's fallback require (jest's realm) is meant to stay a run-time require
      logOverride: { 'unsupported-require-call': 'silent' },
    });
    for (const f of result.outputFiles) writeAtomic(f.path, f.contents);
    const chunk = path.join(dir, SPREADSHEET_CHUNK);
    const needsChunk = Object.values(result.metafile.outputs).some((o) => o.imports.some((i) => i.path === `./${SPREADSHEET_CHUNK}`));
    if (needsChunk) {
      spreadsheet ??= (await build({ ...common, stdin: { contents: "module.exports = require('exceljs');", resolveDir: root, loader: 'js' }, outfile: chunk })).outputFiles[0].contents;
      writeAtomic(chunk, spreadsheet);
    } else fs.rmSync(chunk, { force: true });
    const sdkFile = path.join(dir, SDK_CHUNK);
    writeAtomic(sdkFile, sdk);
    sdkCache ??= codeCache(sdkFile);
    writeAtomic(path.join(dir, SDK_CACHE), sdkCache);
    writeAtomic(path.join(dir, 'index.js'), stub);
    fs.rmSync(path.join(dir, 'index.js.map'), { force: true }); // from before main.js
    const mainCache = codeCache(outfile);
    writeAtomic(path.join(dir, MAIN_CACHE), mainCache);
    const files: Record<string, number> = {
      'index.js': stub.byteLength, [MAIN_CHUNK]: fs.statSync(outfile).size, [MAIN_CACHE]: mainCache.byteLength, [SDK_CHUNK]: sdk.byteLength, [SDK_CACHE]: sdkCache.byteLength,
    };
    if (needsChunk) files[SPREADSHEET_CHUNK] = fs.statSync(chunk).size;
    out.push({ name, bytes: files[MAIN_CHUNK], files });
  }
  return out;
}

/** The mini-program's back end for this build: the local cloud, or a CloudBase environment by id. */
export function backendFile(envId: string): string {
  const backend = envId === 'local' ? { backend: 'local', envId: '' } : { backend: 'cloud', envId };
  return `/**
 * Which back end this build talks to. Written by \`npm run build -- --env <envId>\` (CloudBase) or
 * \`npm run build -- --env local\`; the committed file is always the local cloud, and
 * tests/build.test.ts fails if a cloud environment id is committed.
 */
export const BACKEND: { backend: 'local' | 'cloud'; envId: string } = { backend: '${backend.backend}', envId: '${backend.envId}' };
`;
}

/**
 * `--env <envId|local>` chooses the mini-program's back end (miniprogram/services/backend.ts);
 * `--appid <appid>` writes project.private.config.json (git-ignored; WeChat DevTools lets it
 * override project.config.json), since 云开发 needs the real appid, not touristappid.
 */
function applyBuildOptions(argv: string[]): void {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const envId = arg('--env');
  if (envId !== undefined) {
    if (!/^(local|[a-z0-9][a-z0-9-]{2,62})$/.test(envId)) throw new Error(`--env must be a CloudBase environment id or "local", not "${envId}"`);
    fs.writeFileSync(path.join(root, 'miniprogram/services/backend.ts'), backendFile(envId));
    console.log(envId === 'local' ? 'mini-program back end: the local cloud' : `mini-program back end: CloudBase environment ${envId} (do not commit miniprogram/services/backend.ts)`);
  }
  const appid = arg('--appid');
  if (appid !== undefined) {
    if (!/^wx[0-9a-f]{16}$/.test(appid)) throw new Error(`--appid must look like wx followed by 16 hex digits, not "${appid}"`);
    fs.writeFileSync(path.join(root, 'project.private.config.json'), `${JSON.stringify({ appid, projectname: 'aixin-mama' }, null, 2)}\n`);
    console.log(`DevTools appid: ${appid} (project.private.config.json)`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  try {
    applyBuildOptions(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  buildFunctions().then(
    (rows) => rows.forEach((r) => console.log(`built cloudfunctions/${r.name}/main.js  ${(r.bytes / 1024).toFixed(0)} KB`)),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
