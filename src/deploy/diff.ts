import type { DeployPlan, FunctionPlan, IndexPlan } from './plan';
import type { TimerTrigger } from './functions';
import { ONE_OF_REQUIRED } from './variables';

/**
 * What must change in an environment to match the plan: a pure comparison of the plan with what
 * the environment reported (src/deploy/cloud.ts reads it). Running the steps and comparing again
 * gives no steps, which is what makes `npm run deploy` safe to rerun.
 */

export interface FunctionState {
  runtime: string;
  timeout: number;
  memorySize: number;
  /** Holds the code fingerprint the last deploy wrote (see codeMark). */
  description: string;
  variables: Record<string, string>;
  triggers: TimerTrigger[];
}

export interface CloudState {
  collections: Record<string, { acl: string | null; indexes: IndexPlan[] }>;
  storage: { acl: string };
  functions: Record<string, FunctionState | null>;
}

export type Step =
  | { kind: 'createCollection'; collection: string }
  | { kind: 'setCollectionAcl'; collection: string; from: string | null }
  | { kind: 'createIndexes'; collection: string; indexes: IndexPlan[] }
  | { kind: 'replaceIndex'; collection: string; index: IndexPlan }
  | { kind: 'setStorageRule'; from: string }
  | { kind: 'createFunction'; fn: string }
  /** Runtime and handler are fixed at creation (SCF UpdateFunctionConfiguration cannot change them). */
  | { kind: 'recreateFunction'; fn: string; from: string }
  | { kind: 'updateCode'; fn: string }
  | { kind: 'updateConfig'; fn: string; fields: string[] }
  | { kind: 'setTriggers'; fn: string };

/** The description a deployed function carries: its code's fingerprint, so unchanged code is not uploaded again. */
export const codeMark = (fn: string, codeHash: string): string => `爱心妈妈 ${fn} · code ${codeHash}`;

const sameIndex = (a: IndexPlan, b: IndexPlan) => a.unique === b.unique && JSON.stringify(a.keys) === JSON.stringify(b.keys);
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const sortedEntries = (r: Record<string, string>) => Object.entries(r).sort(([a], [b]) => a.localeCompare(b));

function functionSteps(f: FunctionPlan, now: FunctionState | null, values: Record<string, string>, codeHash: string): Step[] {
  if (!now) return [{ kind: 'createFunction', fn: f.name }];
  if (now.runtime !== f.runtime) return [{ kind: 'recreateFunction', fn: f.name, from: now.runtime }];
  const steps: Step[] = [];
  if (now.description !== codeMark(f.name, codeHash)) steps.push({ kind: 'updateCode', fn: f.name });
  const fields: string[] = [];
  if (now.timeout !== f.timeout) fields.push('timeout');
  if (now.memorySize !== f.memorySize) fields.push('memorySize');
  if (!sameJson(sortedEntries(now.variables), sortedEntries(wantedVariables(f, values)))) fields.push('variables');
  if (fields.length) steps.push({ kind: 'updateConfig', fn: f.name, fields });
  if (!sameJson(now.triggers, f.triggers)) steps.push({ kind: 'setTriggers', fn: f.name });
  return steps;
}

/** A function's variables with their values from the secrets file; unset optional ones are left out. */
export function wantedVariables(f: FunctionPlan, values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of f.variables) if (values[v.name]) out[v.name] = values[v.name];
  return out;
}

export function diff(plan: DeployPlan, state: CloudState, values: Record<string, string>, codeHashes: Record<string, string>): Step[] {
  const steps: Step[] = [];
  for (const c of plan.collections) {
    const now = state.collections[c.name];
    if (!now) {
      steps.push({ kind: 'createCollection', collection: c.name }, { kind: 'setCollectionAcl', collection: c.name, from: null });
      if (c.indexes.length) steps.push({ kind: 'createIndexes', collection: c.name, indexes: c.indexes });
      continue;
    }
    if (now.acl !== c.acl) steps.push({ kind: 'setCollectionAcl', collection: c.name, from: now.acl });
    const missing = c.indexes.filter((i) => !now.indexes.some((n) => n.name === i.name));
    if (missing.length) steps.push({ kind: 'createIndexes', collection: c.name, indexes: missing });
    for (const i of c.indexes) {
      const n = now.indexes.find((x) => x.name === i.name);
      if (n && !sameIndex(n, i)) steps.push({ kind: 'replaceIndex', collection: c.name, index: i });
    }
  }
  if (state.storage.acl !== plan.storage.acl) steps.push({ kind: 'setStorageRule', from: state.storage.acl });
  for (const f of plan.functions) steps.push(...functionSteps(f, state.functions[f.name] ?? null, values, codeHashes[f.name]));
  return steps;
}

/** Problems that stop a deploy before it changes anything: required values missing from the secrets file. */
export function missingValues(plan: DeployPlan, values: Record<string, string>): string[] {
  const missing = plan.variables.filter((v) => v.required && !values[v.name]).map((v) => `${v.name} is not set (needed by ${v.readBy.join(', ')})`);
  for (const group of ONE_OF_REQUIRED) if (!group.some((n) => values[n])) missing.push(`one of ${group.join(' or ')} must be set`);
  return missing;
}
