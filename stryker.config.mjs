// @ts-check
/**
 * Mutation testing (`npm run mutate`, docs/testing.md "Mutation testing"). Not part of `npm test`.
 *
 * MUTATE_SCOPE picks what is mutated (default: all three):
 *   domain     src/domain/**            tested by the unit tests only
 *   server     src/server/**            tested by the unit tests (tests/server has the wrapper's)
 *   functions  the scope and permission lines in src/functions (generated below), with the
 *              function tests (tests/functions, tests/authz) as well
 *   all        the three together
 * Incremental: results are kept in reports/stryker-incremental.json (committed), so a rerun tests
 * only the mutants whose code or covering tests changed; results of files outside the current
 * scope are kept. `--force` retests everything. MUTATE_CONCURRENCY (default 1) sets the workers:
 * the machine has two cores shared with other work; check `uptime` before raising it to 2.
 */
import fs from 'node:fs';
import path from 'node:path';

const scope = process.env.MUTATE_SCOPE || 'all';
const SCOPES = ['domain', 'server', 'functions', 'all'];
if (!SCOPES.includes(scope)) throw new Error(`MUTATE_SCOPE must be one of ${SCOPES.join(', ')}`);

/** Lines of src/functions that decide scope or permission: each becomes a one-line mutation range
 * (`file:line-line`), so only the checks are mutated there, not the handlers around them. */
const SCOPE_CALL = /\bassertInScope\(|\binScope\(|\bhasPermission\(|\bassertPermission\(|\bscopeFilter\(|\bsubtreeFilter\(|\bpermissions(\?)?\.(includes|some)\(/;
function scopeLines() {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) {
        fs.readFileSync(p, 'utf8').split('\n').forEach((line, i) => {
          const t = line.trim();
          if (t.startsWith('import ') || t.startsWith('//') || t.startsWith('*') || t.startsWith('/*')) return;
          if (SCOPE_CALL.test(line)) out.push(`${p.split(path.sep).join('/')}:${i + 1}-${i + 1}`);
        });
      }
    }
  };
  walk('src/functions');
  return out;
}

const mutate = [
  ...(scope === 'domain' || scope === 'all' ? ['src/domain/**/*.ts'] : []),
  ...(scope === 'server' || scope === 'all' ? ['src/server/**/*.ts'] : []),
  ...(scope === 'functions' || scope === 'all' ? scopeLines() : []),
  '!**/*.d.ts',
];

// Which tests run, read by jest.mutate.config.js in the test-runner processes (they inherit the
// environment). MUTATE_TESTS=unit|all overrides. Default: the unit tests for src/domain and
// src/server (tests/server unit-tests the wrapper, scope, caller and orgs on an in-memory db, in
// milliseconds), the function tests as well once src/functions is in scope (only they reach the
// scope calls). The function tests cover src/server's wrapper in every test, so with them each
// src/server mutant would rerun most of the function suite: hours on two shared cores.
process.env.STRYKER_TESTS = process.env.MUTATE_TESTS || (scope === 'functions' || scope === 'all' ? 'all' : 'unit');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.mutate.config.js', enableFindRelatedTests: true },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.mutate.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  // a static mutant (module-level constant) would need the whole suite reloaded per mutant
  ignoreStatic: true,
  mutate,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  concurrency: Number(process.env.MUTATE_CONCURRENCY || 1),
  // a busy shared machine: be patient before calling a mutant a timeout. MUTATE_TIMEOUT_MS lowers it
  // on a quiet machine for code whose mutants often loop forever (the matching engine's flow)
  timeoutMS: Number(process.env.MUTATE_TIMEOUT_MS || 15000),
  timeoutFactor: 2,
  dryRunTimeoutMinutes: 40,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: null },
  // not needed by the unit or function tests; keeps the sandbox copy small
  ignorePatterns: ['.localcloud', '.shots', 'coverage', 'miniprogram/miniprogram_npm', 'cloudfunctions/*/index.js*', 'shots', 'bench', 'docs'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
