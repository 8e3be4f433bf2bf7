import { spawnSync } from 'child_process';
import path from 'path';
import { COLLECTIONS } from '../../src/server/collections';
import { INDEXES } from '../../src/server/indexes';
import { FUNCTIONS } from '../../src/functions';
import { deployPlan, indexName } from '../../src/deploy/plan';
import { FUNCTION_CONFIGS } from '../../src/deploy/functions';
import { ENV_VARIABLES } from '../../src/deploy/variables';
import { renderPlan } from '../../scripts/deploy';

/** The deploy plan (issue: "`npm run deploy -- --dry-run --env any` passes offline and its plan names everything"). */
const plan = deployPlan('any');

test('every collection, with clients shut out (ADMINONLY), and every declared index under a unique name', () => {
  expect(plan.collections.map((c) => c.name)).toEqual([...COLLECTIONS]);
  expect(new Set(plan.collections.map((c) => c.acl))).toEqual(new Set(['ADMINONLY']));
  expect(plan.collections.flatMap((c) => c.indexes)).toHaveLength(INDEXES.length);
  for (const c of plan.collections) {
    const names = c.indexes.map((i) => i.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[A-Za-z0-9_]{1,60}$/);
  }
  const users = plan.collections.find((c) => c.name === 'users')!;
  expect(users.indexes).toContainEqual({ name: 'openid_a', keys: [{ name: 'openid', direction: '1' }], unique: true });
  expect(users.indexes).toContainEqual({ name: 'staff_orgPath_a__id_a', keys: [{ name: 'staff.orgPath', direction: '1' }, { name: '_id', direction: '1' }], unique: false });
});

test('an index name is cut and hashed when its keys are long, so two long ones never collide', () => {
  const a = indexName({ volunteerUserId: 1, programmeYear: 1, 'evidence.period.start': -1, 'evidence.period.end': -1 });
  const b = indexName({ volunteerUserId: 1, programmeYear: 1, 'evidence.period.start': -1, 'evidence.period.end': 1 });
  expect(a).toHaveLength(59);
  expect(a).not.toBe(b);
  expect(indexName({ at: -1 })).toBe('at_d');
});

test('storage: clients may upload but never read; every function on Node 20 with its timer and variables', () => {
  expect(plan.storage).toEqual({ acl: 'PRIVATE' });
  expect(plan.functions.map((f) => f.name).sort()).toEqual(Object.keys(FUNCTIONS).sort());
  for (const f of plan.functions) {
    expect(f.runtime).toBe('Nodejs20.19');
    expect(f.timeout).toBe(FUNCTION_CONFIGS[f.name].timeout);
    expect(f.triggers).toEqual(FUNCTION_CONFIGS[f.name].trigger ? [FUNCTION_CONFIGS[f.name].trigger] : []);
    expect(f.variables.map((v) => v.name)).toContain('ADMIN_OPENIDS');
  }
  const report = plan.functions.find((f) => f.name === 'report')!;
  expect(report.triggers).toEqual([{ name: 'hourly', type: 'timer', config: '0 5 * * * * *' }]);
  // one key for every function that seals: a mismatch would silently break duplicate detection
  const hashers = plan.functions.filter((f) => f.variables.some((v) => v.name === 'FIELD_HASH_KEY')).map((f) => f.name).sort();
  expect(hashers).toEqual(['child', 'visit', 'volunteer']);
  const sealers = plan.functions.filter((f) => f.variables.some((v) => v.name === 'FIELD_ENCRYPTION_KEYS')).map((f) => f.name).sort();
  expect(sealers).toEqual(['child', 'pairing', 'report', 'volunteer']);
  expect(plan.variables.filter((v) => v.required).map((v) => v.name)).toEqual(['FIELD_HASH_KEY']);
});

test('the printed plan names every collection, index, rule, function, trigger and variable, and masks secrets', () => {
  const text = renderPlan(plan, { FIELD_HASH_KEY: 'c2VjcmV0', VISIT_REMINDER_TEMPLATE_ID: 'tmpl-visit' });
  for (const c of plan.collections) {
    expect(text).toContain(`  ${c.name}\n`);
    for (const i of c.indexes) expect(text).toContain(`index ${i.name}:`);
  }
  for (const f of plan.functions) {
    expect(text).toContain(`  ${f.name}: Nodejs20.19, ${f.timeout} s, ${f.memorySize} MB`);
    for (const t of f.triggers) expect(text).toContain(`trigger ${t.name}: timer "${t.config}"`);
  }
  for (const v of ENV_VARIABLES) expect(text).toContain(`  ${v.name}`);
  expect(text).toContain('ADMINONLY');
  expect(text).toContain('Storage permission: PRIVATE');
  expect(text).toContain('FIELD_HASH_KEY (required) = ******');
  expect(text).not.toContain('c2VjcmV0');
  expect(text).toContain('VISIT_REMINDER_TEMPLATE_ID = tmpl-visit');
  expect(text).toContain('FIELD_ENCRYPTION_KEYS — not set');
  expect(text).toContain('FIELD_HASH_KEY (required) = ******');
});

test('`npm run deploy -- --dry-run --env any` runs offline and changes nothing', () => {
  const root = path.resolve(__dirname, '../..');
  const run = spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['scripts/deploy.ts', '--dry-run', '--env', 'any', '--secrets', '/nonexistent'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' },
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('Deploy plan for environment any');
  expect(run.stdout).toContain('--dry-run: nothing was changed.');
  expect(run.stdout.split('\n').filter((l) => l.startsWith('    index ')).length).toBe(INDEXES.length);
}, 60_000);

test('without an environment id the command says how to use it', () => {
  const root = path.resolve(__dirname, '../..');
  const run = spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['scripts/deploy.ts', '--dry-run'], { cwd: root, encoding: 'utf8' });
  expect(run.status).toBe(2);
  expect(run.stderr).toContain('usage: npm run deploy -- --env <envId>');
}, 60_000);
