/** One jest run covers pure domain tests, function tests through the real SDK against the
 * in-process local cloud, and mini-program page tests (those files opt into jsdom with a
 * `@jest-environment jsdom` docblock). */
module.exports = {
  testEnvironment: 'node',
  // jsdom would otherwise pick packages' browser/ESM builds (mingo, zod) in page tests
  testEnvironmentOptions: { customExportConditions: ['node', 'require', 'default'] },
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  // 'ts' must come before 'json' so miniprogram-simulate loads a page's index.ts, not index.json.
  moduleFileExtensions: ['ts', 'js', 'json', 'wxml', 'wxss'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
    // the real TDesign built into miniprogram_npm (ES modules) for page tests
    'miniprogram_npm/.+\\.js$': '<rootDir>/tests/setup/esm-transform.js',
  },
  // TDesign's own dependencies (tslib, dayjs) resolve from its nested miniprogram_npm, as on a phone
  moduleDirectories: ['node_modules', 'miniprogram_npm'],
  setupFiles: ['<rootDir>/tests/setup/env.ts'],
  snapshotSerializers: ['miniprogram-simulate/jest-snapshot-plugin'],
  testTimeout: 30000,
};
