/** Jest for `npm run mutate` (StrykerJS, see stryker.config.mjs and docs/testing.md): the base
 * config narrowed to the tests that exercise the mutated code. STRYKER_TESTS (set by the Stryker
 * config from MUTATE_SCOPE) picks the folders: the unit tests always, the function tests
 * (tests/functions, tests/authz) when src/server or the scope calls in src/functions are mutated.
 * Page and local-cloud tests are left out: they do not exercise src/domain or src/server beyond
 * what the function tests do, and would only slow every mutant down. */
const base = require('./jest.config');

const UNIT = ['domain', 'programmes', 'server', 'contract'];
const FUNCTIONS = ['functions', 'authz'];
const folders = process.env.STRYKER_TESTS === 'unit' ? UNIT : [...UNIT, ...FUNCTIONS];

module.exports = {
  ...base,
  rootDir: __dirname,
  // src in the roots so jest's dependency graph sees src/domain/child/index.ts and the like: with
  // only tests/ (the base config), a file reached through an index outside its folder had no
  // related tests, and its mutants were counted as survivors without any test run
  roots: ['<rootDir>/tests', '<rootDir>/src'],
  testMatch: folders.map((f) => `<rootDir>/tests/${f}/**/*.test.ts`),
  // the 10 000-record index test measures the database emulator, not the rules; minutes per run.
  // The engine's HiGHS oracle (an LP solver on 300 instances, ~10 s) would run for every mutant of
  // src/domain/matching; its property tests compare with exact answers on smaller instances
  testPathIgnorePatterns: ['/node_modules/', '/tests/functions/indexes-10k\\.test\\.ts$', '/tests/domain/matching/highs\\.test\\.ts$'],
};
