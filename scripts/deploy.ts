/**
 * `npm run deploy -- --env <envId> [--dry-run] [--secrets <file>] [--setup-code]`: makes a CloudBase
 * environment match src/deploy's plan (collections, indexes, database and storage rules, functions
 * with their configuration, triggers and variables), changing only what differs, so a rerun
 * changes nothing. Values come from one git-ignored file (default `.env.local`, the file
 * @cloudbase/cli reads for cloudbaserc.json too): the variables in src/deploy/variables.ts plus
 * TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY for the deploy itself (a CAM key of the account
 * that owns the environment). `--dry-run` prints the plan and touches nothing (works offline).
 * docs/deploy.md is the walk-through.
 */
import fs from 'fs';
import path from 'path';
import { createHash } from 'crypto';
import { parseEnv } from 'util';
import { deployPlan, type DeployPlan } from '../src/deploy/plan';
import { diff, missingValues, type Step } from '../src/deploy/diff';
import { templateProblems } from '../src/server/templates';

const root = path.resolve(__dirname, '..');

export function renderPlan(plan: DeployPlan, values: Record<string, string> | null): string {
  const out: string[] = [`Deploy plan for environment ${plan.envId}`, ''];
  out.push(`Collections (${plan.collections.length}), each with database permission ${plan.collections[0]?.acl} (仅管理端可读写: clients reach data only through the functions):`);
  for (const c of plan.collections) {
    out.push(`  ${c.name}`);
    for (const i of c.indexes) out.push(`    index ${i.name}: ${i.keys.map((k) => `${k.name} ${k.direction === '1' ? 'asc' : 'desc'}`).join(', ')}${i.unique ? ' (unique)' : ''}`);
  }
  out.push('', `Storage permission: ${plan.storage.acl} (仅创建者及管理员可读写: a phone reads back only its own uploads; everything else through temporary links the functions issue)`, '');
  out.push(`Functions (${plan.functions.length}):`);
  for (const f of plan.functions) {
    out.push(`  ${f.name}: ${f.runtime}, ${f.timeout} s, ${f.memorySize} MB, handler ${f.handler}, dependencies installed in the cloud`);
    for (const t of f.triggers) out.push(`    trigger ${t.name}: timer "${t.config}"`);
    if (f.openapi.length) out.push(`    open API (config.json permissions.openapi): ${f.openapi.join(', ')}`);
    out.push(`    variables: ${f.variables.map((v) => v.name).join(', ') || 'none'}`);
  }
  out.push('', 'Variables (values from the secrets file, never from the repository):');
  for (const v of plan.variables) {
    const state = values === null ? '' : values[v.name] ? (v.secret ? ' = ******' : ` = ${values[v.name]}`) : v.required ? ' — MISSING' : ' — not set';
    out.push(`  ${v.name}${v.required ? ' (required)' : ''}${state}: read by ${v.readBy.join(', ')}`);
  }
  return out.join('\n');
}

export function describeStep(s: Step): string {
  switch (s.kind) {
    case 'createCollection': return `create collection ${s.collection}`;
    case 'setCollectionAcl': return `set ${s.collection} permission to ADMINONLY${s.from ? ` (was ${s.from})` : ''}`;
    case 'createIndexes': return `create ${s.indexes.length} index(es) on ${s.collection}: ${s.indexes.map((i) => i.name).join(', ')}`;
    case 'replaceIndex': return `replace index ${s.index.name} on ${s.collection} (its keys or uniqueness changed)`;
    case 'setStorageRule': return `set the storage permission to PRIVATE (was ${s.from || 'unset'})`;
    case 'createFunction': return `create function ${s.fn}`;
    case 'recreateFunction': return `recreate function ${s.fn} (runtime ${s.from} cannot be changed in place)`;
    case 'updateCode': return `upload new code for ${s.fn}`;
    case 'updateConfig': return `update ${s.fn}: ${s.fields.join(', ')}`;
    case 'setTriggers': return `set the timer trigger of ${s.fn}`;
  }
}

/**
 * The fingerprint of what is uploaded for a function: every file of its folder (index.js, a lazily
 * loaded exceljs.js, the source map, package.json, config.json), as the upload takes the folder
 * whole; node_modules is installed in the cloud and build leftovers (*.tmp) are not code.
 */
export function codeHash(fn: string): string {
  const h = createHash('sha256');
  const dir = path.join(root, 'cloudfunctions', fn);
  for (const file of fs.readdirSync(dir).filter((f) => f !== 'node_modules' && !f.endsWith('.tmp')).sort()) h.update(`${file}\0`).update(fs.readFileSync(path.join(dir, file)));
  return h.digest('hex').slice(0, 16);
}


function readValues(file: string): Record<string, string> {
  if (!fs.existsSync(file)) return {};
  return parseEnv(fs.readFileSync(file, 'utf8')) as Record<string, string>;
}

function parseArgs(argv: string[]) {
  const get = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return { envId: get('--env'), secrets: get('--secrets') ?? path.join(root, '.env.local'), dryRun: argv.includes('--dry-run'), setupCode: argv.includes('--setup-code') };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!args.envId) {
    console.error('usage: npm run deploy -- --env <envId> [--dry-run] [--secrets .env.local] [--setup-code]');
    return 2;
  }
  const plan = deployPlan(args.envId);
  const values = readValues(args.secrets);
  console.log(renderPlan(plan, fs.existsSync(args.secrets) ? values : null));
  if (args.dryRun) {
    console.log('\n--dry-run: nothing was changed.');
    return 0;
  }
  const problems = [...missingValues(plan, values), ...templateProblems(values)];
  if (!values.TENCENTCLOUD_SECRETID || !values.TENCENTCLOUD_SECRETKEY) problems.push('TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY are needed to deploy');
  if (problems.length) {
    console.error(`\nNot deployed, fix ${args.secrets} first:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    return 1;
  }
  const { buildFunctions } = await import('./build');
  await buildFunctions();
  const codeHashes = Object.fromEntries(plan.functions.map((f) => [f.name, codeHash(f.name)]));
  const { default: CloudBase } = await import('@cloudbase/manager-node');
  const { readState, runStep } = await import('../src/deploy/cloud');
  const manager = new CloudBase({ secretId: values.TENCENTCLOUD_SECRETID, secretKey: values.TENCENTCLOUD_SECRETKEY, envId: args.envId });
  const steps = diff(plan, await readState(manager, plan), values, codeHashes);
  console.log(steps.length ? `\n${steps.length} change(s):` : '\nThe environment already matches the plan.');
  for (const step of steps) {
    console.log(`  ${describeStep(step)}`);
    await runStep(manager, step, { plan, values, codeHashes, root });
  }
  const left = diff(plan, await readState(manager, plan), values, codeHashes);
  if (left.length) {
    console.error(`\nAfter deploying, ${left.length} difference(s) remain:\n${left.map((s) => `  ${describeStep(s)}`).join('\n')}`);
    return 1;
  }
  const { issueSetupCode } = await import('../src/deploy/setup');
  const issued = await issueSetupCode(manager, args.setupCode);
  if (issued) console.log(`\nSetup code (works once, until ${issued.expiresAt}): ${issued.code}\nOpen the mini-program → 我的 → 输入设置码; whoever enters it becomes this environment's admin.`);
  console.log(`\nDone. Build the mini-program for this environment: npm run build -- --env ${args.envId} --appid <your appid>, then upload it from WeChat DevTools.`);
  console.log('The WeChat-side steps that cannot be scripted are in docs/deploy.md.');
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
