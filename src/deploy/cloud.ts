import type CloudBase from '@cloudbase/manager-node';
import type { TimerTrigger } from './functions';
import type { CloudState, FunctionState, Step } from './diff';
import { codeMark, wantedVariables } from './diff';
import { functionBasics, type DeployPlan, type IndexPlan } from './plan';

/**
 * The environment through Tencent's own management SDK (@cloudbase/manager-node): reading what is
 * there (readState) and making one change (runStep). Only src/deploy/diff.ts decides what changes.
 * Database permissions go through the TCB API actions DescribeDatabaseACL / ModifyDatabaseACL
 * (manager.commonService(), as docs.cloudbase.net/api-reference/manager/node/rule documents).
 */

interface ScfFunction {
  Runtime: string;
  Timeout: number;
  MemorySize: number;
  Description?: string;
  Environment?: { Variables?: { Key: string; Value: string }[] };
  Triggers?: { Type: string; TriggerName: string; TriggerDesc?: string }[];
}

/** GetFunction's answer in the plan's terms. A timer's TriggerDesc is `{"cron":"…"}`. */
export function functionStateOf(f: ScfFunction): FunctionState {
  const triggers: TimerTrigger[] = (f.Triggers ?? [])
    .filter((t) => t.Type === 'timer')
    .map((t) => {
      let cron = t.TriggerDesc ?? '';
      try {
        cron = (JSON.parse(cron) as { cron?: string }).cron ?? cron;
      } catch {
        // older answers carry the cron text itself
      }
      return { name: t.TriggerName, type: 'timer', config: cron };
    });
  return {
    runtime: f.Runtime,
    timeout: f.Timeout,
    memorySize: f.MemorySize,
    description: f.Description ?? '',
    variables: Object.fromEntries((f.Environment?.Variables ?? []).map((v) => [v.Key, v.Value])),
    triggers,
  };
}

/** DescribeTable's index list in the plan's terms (the `_id_` index every collection has is left out). */
export function indexesOf(table: { Indexes?: { Name: string; Keys?: { Name?: string; Direction?: string }[]; Unique?: boolean }[] }): IndexPlan[] {
  return (table.Indexes ?? [])
    .filter((i) => i.Name !== '_id_')
    .map((i) => ({ name: i.Name, keys: (i.Keys ?? []).map((k) => ({ name: k.Name ?? '', direction: k.Direction === '-1' ? '-1' : '1' })), unique: !!i.Unique }));
}

const notFound = (e: unknown) => /NotFound|not exist|不存在/i.test(String((e as { code?: string }).code ?? '') + String((e as Error).message ?? ''));

export async function readState(manager: CloudBase, plan: DeployPlan): Promise<CloudState> {
  const state: CloudState = { collections: {}, storage: { acl: '' }, functions: {} };
  const names = new Set<string>();
  for (let offset = 0; ; offset += 100) {
    const page = await manager.database.listCollections({ MgoOffset: offset, MgoLimit: 100 });
    for (const c of page.Collections ?? []) names.add(c.CollectionName);
    if (!page.Collections || page.Collections.length < 100) break;
  }
  const common = manager.commonService();
  for (const c of plan.collections) {
    if (!names.has(c.name)) continue;
    const table = await manager.database.describeCollection(c.name);
    const acl = (await common.call({ Action: 'DescribeDatabaseACL', Param: { EnvId: plan.envId, CollectionName: c.name } })) as { AclTag?: string };
    state.collections[c.name] = { acl: acl.AclTag ?? null, indexes: indexesOf(table as never) };
  }
  state.storage = { acl: await manager.storage.getStorageAcl() };
  for (const f of plan.functions) {
    try {
      state.functions[f.name] = functionStateOf((await manager.functions.getFunctionDetail(f.name)) as unknown as ScfFunction);
    } catch (e) {
      if (!notFound(e)) throw e;
      state.functions[f.name] = null;
    }
  }
  return state;
}

export interface StepContext {
  plan: DeployPlan;
  values: Record<string, string>;
  codeHashes: Record<string, string>;
  /** The repository root: functions are uploaded from <root>/cloudfunctions/<name>. */
  root: string;
}

export async function runStep(manager: CloudBase, step: Step, ctx: StepContext): Promise<void> {
  const fnPlan = (name: string) => ctx.plan.functions.find((f) => f.name === name)!;
  const cloudFunction = (name: string) => {
    const f = fnPlan(name);
    return {
      ...functionBasics(f),
      description: codeMark(f.name, ctx.codeHashes[f.name]),
      envVariables: wantedVariables(f, ctx.values),
      triggers: f.triggers,
    };
  };
  const functionRootPath = `${ctx.root}/cloudfunctions`;
  switch (step.kind) {
    case 'createCollection':
      await manager.database.createCollectionIfNotExists(step.collection);
      return;
    case 'setCollectionAcl':
      await manager.commonService().call({ Action: 'ModifyDatabaseACL', Param: { EnvId: ctx.plan.envId, CollectionName: step.collection, AclTag: 'ADMINONLY' } });
      return;
    case 'createIndexes':
      await manager.database.updateCollection(step.collection, {
        CreateIndexes: step.indexes.map((i) => ({ IndexName: i.name, MgoKeySchema: { MgoIsUnique: i.unique, MgoIndexKeys: i.keys.map((k) => ({ Name: k.name, Direction: k.direction })) } })),
      });
      return;
    case 'replaceIndex':
      await manager.database.updateCollection(step.collection, { DropIndexes: [{ IndexName: step.index.name }] });
      await manager.database.updateCollection(step.collection, {
        CreateIndexes: [{ IndexName: step.index.name, MgoKeySchema: { MgoIsUnique: step.index.unique, MgoIndexKeys: step.index.keys.map((k) => ({ Name: k.name, Direction: k.direction })) } }],
      });
      return;
    case 'setStorageRule':
      await manager.storage.setStorageAcl(ctx.plan.storage.acl);
      return;
    case 'recreateFunction':
      await manager.functions.deleteFunction(step.fn);
      await manager.functions.createFunction({ func: cloudFunction(step.fn), functionRootPath, force: true });
      return;
    case 'createFunction':
      await manager.functions.createFunction({ func: cloudFunction(step.fn), functionRootPath, force: true });
      return;
    case 'updateCode':
      await manager.functions.updateFunctionCode({ func: cloudFunction(step.fn), functionRootPath });
      await manager.functions.waitFunctionActive(step.fn);
      await manager.functions.updateFunctionConfig({ name: step.fn, description: cloudFunction(step.fn).description });
      return;
    case 'updateConfig': {
      const { name, timeout, memorySize, envVariables, installDependency } = cloudFunction(step.fn);
      await manager.functions.updateFunctionConfig({ name, timeout, memorySize, envVariables, installDependency });
      return;
    }
    case 'setTriggers': {
      const now = (await manager.functions.getFunctionDetail(step.fn)) as unknown as ScfFunction;
      for (const t of now.Triggers ?? []) if (t.Type === 'timer') await manager.functions.deleteFunctionTrigger(step.fn, t.TriggerName);
      if (fnPlan(step.fn).triggers.length) await manager.functions.createFunctionTriggers(step.fn, fnPlan(step.fn).triggers);
      return;
    }
  }
}
