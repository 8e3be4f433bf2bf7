/** `npm run shots` (shots/run.ts): renders each main screen with the real pages and TDesign under
 * jsdom, against the in-process local cloud with the demo data, and writes one HTML file per
 * screen for Chromium to photograph. Same transforms and module resolution as jest.config.js. */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  roots: ['<rootDir>/shots'],
  testMatch: ['**/*.shots.ts'],
  testEnvironment: 'jsdom',
  snapshotSerializers: [],
  testTimeout: 120000,
};
