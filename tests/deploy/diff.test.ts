import { deployPlan } from '../../src/deploy/plan';
import { codeMark, diff, missingValues, type CloudState } from '../../src/deploy/diff';
import { functionStateOf, indexesOf } from '../../src/deploy/cloud';

/**
 * What `npm run deploy` changes: only what differs from the plan, so a second run changes nothing.
 * The environment's answers are in the shapes Tencent documents: SCF GetFunction
 * (cloud.tencent.com/document/api/583/18584: Runtime, Timeout, MemorySize, Description,
 * Environment.Variables[{Key,Value}], Triggers[{Type,TriggerName,TriggerDesc}] where a timer's
 * TriggerDesc is `{"cron":"…"}`) and TCB DescribeTable (Indexes[{Name,Keys[{Name,Direction}],Unique}]).
 */
const plan = deployPlan('env-test');
const values = { FIELD_ENCRYPTION_KEY: 'k1', FIELD_HASH_KEY: 'k2', ADMIN_OPENIDS: 'o-admin' };
const hashes = Object.fromEntries(plan.functions.map((f) => [f.name, `hash-${f.name}`]));

/** The environment exactly as the plan wants it, described the way the cloud answers. */
function matching(): CloudState {
  const state: CloudState = { collections: {}, storage: { acl: 'PRIVATE' }, functions: {} };
  for (const c of plan.collections) {
    const table = {
      Indexes: [
        { Name: '_id_', Keys: [{ Name: '_id', Direction: '1' }], Unique: true },
        ...c.indexes.map((i) => ({ Name: i.name, Keys: i.keys.map((k) => ({ Name: k.name, Direction: k.direction })), Unique: i.unique })),
      ],
    };
    state.collections[c.name] = { acl: 'ADMINONLY', indexes: indexesOf(table) };
  }
  for (const f of plan.functions) {
    state.functions[f.name] = functionStateOf({
      Runtime: 'Nodejs20.19',
      Timeout: f.timeout,
      MemorySize: f.memorySize,
      Description: codeMark(f.name, hashes[f.name]),
      Environment: { Variables: f.variables.filter((v) => v.name in values).map((v) => ({ Key: v.name, Value: values[v.name as keyof typeof values] })) },
      Triggers: f.triggers.map((t) => ({ Type: 'timer', TriggerName: t.name, TriggerDesc: JSON.stringify({ cron: t.config }) })),
    });
  }
  return state;
}

test('an environment that already matches needs no change (rerunning deploy changes nothing)', () => {
  expect(diff(plan, matching(), values, hashes)).toEqual([]);
});

test('an empty environment gets every collection, permission, index, the storage rule and every function', () => {
  const empty: CloudState = { collections: {}, storage: { acl: 'READONLY' }, functions: {} };
  const steps = diff(plan, empty, values, hashes);
  expect(steps.filter((s) => s.kind === 'createCollection')).toHaveLength(plan.collections.length);
  expect(steps.filter((s) => s.kind === 'setCollectionAcl')).toHaveLength(plan.collections.length);
  const indexSteps = steps.flatMap((s) => (s.kind === 'createIndexes' ? s.indexes : []));
  expect(indexSteps).toHaveLength(plan.collections.flatMap((c) => c.indexes).length);
  expect(steps).toContainEqual({ kind: 'setStorageRule', from: 'READONLY' });
  expect(steps.filter((s) => s.kind === 'createFunction').map((s) => (s as { fn: string }).fn)).toEqual(plan.functions.map((f) => f.name));
});

test('only what differs: a console-edited permission, a lost index, a changed key, new code, a timeout, a secret, a trigger', () => {
  const state = matching();
  state.collections.children.acl = 'READONLY';
  state.collections.users.indexes = state.collections.users.indexes.filter((i) => i.name !== 'openid_a');
  const wish = state.collections.wishes.indexes[0];
  state.collections.wishes.indexes[0] = { ...wish, unique: !wish.unique };
  state.functions.visit!.description = codeMark('visit', 'older');
  state.functions.report!.timeout = 15;
  state.functions.child!.variables = { ...state.functions.child!.variables, FIELD_HASH_KEY: 'typed-by-hand' };
  state.functions.wish!.triggers = [];
  const steps = diff(plan, state, values, hashes);
  expect(steps).toEqual([
    { kind: 'createIndexes', collection: 'users', indexes: [plan.collections.find((c) => c.name === 'users')!.indexes.find((i) => i.name === 'openid_a')] },
    { kind: 'setCollectionAcl', collection: 'children', from: 'READONLY' },
    { kind: 'replaceIndex', collection: 'wishes', index: plan.collections.find((c) => c.name === 'wishes')!.indexes[0] },
    { kind: 'updateConfig', fn: 'child', fields: ['variables'] },
    { kind: 'setTriggers', fn: 'wish' },
    { kind: 'updateCode', fn: 'visit' },
    { kind: 'updateConfig', fn: 'report', fields: ['timeout'] },
  ]);
});

test('a function on an old runtime is recreated (SCF cannot change a runtime in place); an index the plan lacks is left alone', () => {
  const state = matching();
  state.functions.account!.runtime = 'Nodejs16.13';
  state.collections.orgs.indexes.push({ name: 'made_by_hand', keys: [{ name: 'x', direction: '1' }], unique: false });
  expect(diff(plan, state, values, hashes)).toEqual([{ kind: 'recreateFunction', fn: 'account', from: 'Nodejs16.13' }]);
});

test('a deploy stops before changing anything when a required value is missing', () => {
  expect(missingValues(plan, { FIELD_ENCRYPTION_KEY: 'x' })).toEqual(['FIELD_HASH_KEY is not set (needed by volunteer, child, visit)']);
  expect(missingValues(plan, { FIELD_HASH_KEY: 'x' })).toEqual(['one of FIELD_ENCRYPTION_KEYS or FIELD_ENCRYPTION_KEY must be set']);
  expect(missingValues(plan, { FIELD_HASH_KEY: 'x', FIELD_ENCRYPTION_KEYS: 'k1:a' })).toEqual([]);
  expect(missingValues(plan, values)).toEqual([]);
});

test("an older trigger answer that carries the cron text itself is read the same way", () => {
  const s = functionStateOf({ Runtime: 'Nodejs20.19', Timeout: 3, MemorySize: 256, Triggers: [{ Type: 'timer', TriggerName: 't', TriggerDesc: '0 0 8 * * * *' }, { Type: 'cos', TriggerName: 'c' }] });
  expect(s.triggers).toEqual([{ name: 't', type: 'timer', config: '0 0 8 * * * *' }]);
  expect(s.variables).toEqual({});
  expect(s.description).toBe('');
});
