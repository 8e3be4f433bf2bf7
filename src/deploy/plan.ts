import { createHash } from 'crypto';
import type { FunctionName } from '../contract';
import { COLLECTIONS, type CollectionName } from '../server/collections';
import { INDEXES } from '../server/indexes';
import { FUNCTION_CONFIGS, RUNTIME, type TimerTrigger } from './functions';
import { ENV_VARIABLES, variablesOf } from './variables';

/**
 * The whole deploy plan, as data: what a CloudBase environment must hold for the product to run.
 * Pure (no I/O): `npm run deploy -- --dry-run` prints it, tests check it, and src/deploy/apply.ts
 * compares it with what the environment holds and changes only what differs.
 */

/** Clients never touch the database: every read and write goes through the functions. */
export const COLLECTION_ACL = 'ADMINONLY';

/**
 * Storage: 仅创建者及管理员可读写 (PRIVATE). A phone reads back only what it uploaded itself; every
 * other file (children's photos, exports, another volunteer's photos) is seen only through a
 * temporary link a function issues after checking the caller. The functions' server SDK is not
 * subject to the rule. localcloud/storage.ts emulates exactly this.
 */
export const STORAGE_ACL = 'PRIVATE';

export interface IndexPlan {
  name: string;
  keys: { name: string; direction: '1' | '-1' }[];
  unique: boolean;
}

export interface CollectionPlan {
  name: CollectionName;
  acl: typeof COLLECTION_ACL;
  indexes: IndexPlan[];
}

export interface VariablePlan {
  name: string;
  required: boolean;
  secret: boolean;
}

export interface FunctionPlan {
  name: FunctionName;
  dir: string;
  runtime: string;
  timeout: number;
  memorySize: number;
  handler: 'index.main';
  /** Nothing to install: the folder holds the SDK bundled (sdk.js) beside index.js. */
  installDependency: false;
  triggers: TimerTrigger[];
  openapi: string[];
  variables: VariablePlan[];
}

export interface DeployPlan {
  envId: string;
  collections: CollectionPlan[];
  storage: { acl: typeof STORAGE_ACL };
  functions: FunctionPlan[];
  /** Every variable once, with the functions that read it. */
  variables: (VariablePlan & { readBy: FunctionName[] })[];
}

/**
 * An index's name in the environment, from its keys: CloudBase names must be letters, digits and
 * underscores, so `staff.orgPath` ↓ becomes `staff_orgPath_d`. Long names are cut and given a
 * short hash so two indexes never share one.
 */
export function indexName(keys: Record<string, 1 | -1>): string {
  const full = Object.entries(keys).map(([k, d]) => `${k.replace(/[^A-Za-z0-9]/g, '_')}_${d === 1 ? 'a' : 'd'}`).join('_');
  if (full.length <= 60) return full;
  return `${full.slice(0, 50)}_${createHash('sha256').update(full).digest('hex').slice(0, 8)}`;
}

/** Files left out of a function's upload: what the platform installs, and a build's half-written files. */
export const UPLOAD_IGNORE = ['node_modules', '*.tmp'];

/** What every route (manager-node, @cloudbase/cli) is told about a function, besides its variables. */
export function functionBasics(f: FunctionPlan) {
  return { name: f.name, handler: f.handler, runtime: f.runtime, timeout: f.timeout, memorySize: f.memorySize, installDependency: f.installDependency, ignore: UPLOAD_IGNORE };
}

export function deployPlan(envId: string): DeployPlan {
  const collections: CollectionPlan[] = COLLECTIONS.map((name) => ({
    name,
    acl: COLLECTION_ACL,
    indexes: INDEXES.filter((d) => d.collection === name).map((d) => ({
      name: indexName(d.keys),
      keys: Object.entries(d.keys).map(([k, dir]) => ({ name: k, direction: dir === 1 ? '1' : '-1' })),
      unique: !!d.unique,
    })),
  }));
  const functions: FunctionPlan[] = (Object.keys(FUNCTION_CONFIGS) as FunctionName[]).map((name) => {
    const c = FUNCTION_CONFIGS[name];
    return {
      name,
      dir: `cloudfunctions/${name}`,
      runtime: RUNTIME,
      timeout: c.timeout,
      memorySize: c.memorySize,
      handler: 'index.main',
      installDependency: false,
      triggers: c.trigger ? [c.trigger] : [],
      openapi: c.openapi,
      variables: variablesOf(name).map(({ name: n, required, secret }) => ({ name: n, required, secret })),
    };
  });
  const variables = ENV_VARIABLES.map(({ name, required, secret, readBy }) => ({ name, required, secret, readBy }));
  return { envId, collections, storage: { acl: STORAGE_ACL }, functions, variables };
}
