import fs from 'fs';
import path from 'path';
import vm from 'vm';
import Module from 'module';

/**
 * What `import tcb from '@cloudbase/node-sdk'` becomes in a built function (scripts/build.ts).
 *
 * The SDK is bundled into ./sdk.js beside index.js, and ./sdk.cache holds V8's code cache of it,
 * written by the build after running it once. Loading @cloudbase/node-sdk from node_modules costs
 * 200–400 ms here on every cold start (hundreds of files, most of the time compiling); with the
 * cache V8 skips the compile (docs/benchmarks.md). V8 checks the cache against its own version,
 * flags and the source, and on any mismatch (a runtime built differently) it compiles as usual:
 * the cache can make a start slower never, wrong never.
 */
declare const __dirname: string;
const SDK_FILE = 'sdk.js';
const SDK_CACHE = 'sdk.cache';

function loadSdk(): unknown {
  const file = path.join(__dirname, SDK_FILE);
  const hostRequire = require;
  // Code compiled by vm runs in the main realm; inside another realm (jest runs tests in one) its
  // Errors and Arrays would not be this realm's, so there the host's own loader compiles it.
  if (vm.runInThisContext('globalThis') !== globalThis) return hostRequire(file);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(path.join(__dirname, SDK_CACHE));
  } catch {
    // no cache beside it: a plain compile
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
  const mod = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(mod.exports, hostRequire, mod, file, __dirname);
  return mod.exports;
}

export = loadSdk();
