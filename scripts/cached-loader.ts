import fs from 'fs';
import path from 'path';
import vm from 'vm';
import Module from 'module';

/**
 * How a built function loads its two big files (scripts/build.ts): `index.js` is a few lines that
 * load `main.js` (our bundle) this way, and `main.js` loads `sdk.js` (@cloudbase/node-sdk, bundled)
 * this way, each compiled with V8's code cache beside it (`main.cache`, `sdk.cache`), written by the
 * build after running the file once. A cold start then skips compiling about 1.4 MB of JavaScript
 * (docs/benchmarks.md). V8 checks a cache against its own version, flags and the source, and on any
 * mismatch (a runtime built differently) compiles as usual: a cache can make a start slower never,
 * wrong never.
 */
export function loadCached(dir: string, name: 'main' | 'sdk', hostRequire: NodeJS.Require): unknown {
  const file = path.join(dir, `${name}.js`);
  // Code compiled by vm runs in the main realm; inside another realm (jest runs tests in one) its
  // Errors and Arrays would not be that realm's, so there the host's own loader compiles it.
  if (vm.runInThisContext('globalThis') !== globalThis) return hostRequire(file);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(path.join(dir, `${name}.cache`));
  } catch {
    // no cache beside it: a plain compile
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
  const mod = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(mod.exports, hostRequire, mod, file, dir);
  return mod.exports;
}
