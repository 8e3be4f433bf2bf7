import fs from 'fs';
import path from 'path';
import { deployFiles } from '../../src/deploy/files';
import { ESBUILD_TARGET, RUNTIME } from '../../src/deploy/functions';

/** The generated deploy files are committed; `npm run build` rewrites them from src/deploy. */
const root = path.resolve(__dirname, '../..');
const files = deployFiles();

test.each(Object.keys(files))('%s matches src/deploy (run `npm run build` after changing it)', (rel) => {
  expect(fs.readFileSync(path.join(root, rel), 'utf8')).toBe(files[rel]);
});

test('config.json carries no variables (an upload from DevTools must not wipe the values set at deploy)', () => {
  for (const [rel, text] of Object.entries(files)) if (rel.endsWith('config.json')) expect(JSON.parse(text)).not.toHaveProperty('envVariables');
});

test('cloudbaserc.json names each variable as {{env.NAME}} for the CLI to fill from .env.local, never a value', () => {
  const rc = JSON.parse(files['cloudbaserc.json']);
  expect(rc.version).toBe('2.0');
  for (const f of rc.functions) for (const [k, v] of Object.entries(f.envVariables)) expect(v).toBe(`{{env.${k}}}`);
  expect(rc.functions.find((f: { name: string }) => f.name === 'visit').triggers).toEqual([{ name: 'reminders', type: 'timer', config: '0 0 8 * * * *' }]);
});

test('the bundles target the Node version the functions are deployed with', () => {
  const major = RUNTIME.match(/^Nodejs(\d+)\./)![1];
  expect(ESBUILD_TARGET).toBe(`node${major}`);
});
