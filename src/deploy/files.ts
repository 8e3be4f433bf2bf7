import type { FunctionName } from '../contract';
import { FUNCTION_CONFIGS } from './functions';
import { deployPlan, functionBasics, type FunctionPlan } from './plan';

/**
 * The deploy files generated from the plan (`npm run build` writes them; tests/deploy/files.test.ts
 * fails when a committed one is stale):
 * - cloudfunctions/<name>/config.json: what WeChat DevTools' "上传并部署" applies and what the local
 *   cloud reads (timeout, memory, runtime, the timer, 云调用 permissions). It carries no
 *   `envVariables`: values live only in the secrets file, and an empty list uploaded from DevTools
 *   must never be able to wipe what the console or `npm run deploy` set.
 * - cloudbaserc.json: the same for @cloudbase/cli (`tcb fn deploy`), with each variable as
 *   `{{env.NAME}}`, which the CLI fills from `.env.local` (the same file `npm run deploy` reads).
 * - cloudfunctions/<name>/package.json: the one dependency the bundle leaves out.
 */
function configJson(f: FunctionPlan): object {
  return {
    timeout: f.timeout,
    memorySize: f.memorySize,
    runtime: f.runtime,
    ...(f.triggers.length ? { triggers: f.triggers } : {}),
    ...(f.openapi.length ? { permissions: { openapi: f.openapi } } : {}),
  };
}

function cloudbaserc(functions: FunctionPlan[]): object {
  return {
    version: '2.0',
    envId: '{{env.ENV_ID}}',
    functionRoot: './cloudfunctions',
    functions: functions.map((f) => ({
      ...functionBasics(f),
      ...(f.triggers.length ? { triggers: f.triggers } : {}),
      envVariables: Object.fromEntries(f.variables.map((v) => [v.name, `{{env.${v.name}}}`])),
    })),
  };
}

const json = (o: object) => `${JSON.stringify(o, null, 2)}\n`;

/** Every generated file, by path from the repository root. */
export function deployFiles(): Record<string, string> {
  const { functions } = deployPlan('{{env.ENV_ID}}');
  const files: Record<string, string> = { 'cloudbaserc.json': json(cloudbaserc(functions)) };
  for (const f of functions) {
    files[`${f.dir}/config.json`] = json(configJson(f));
    files[`${f.dir}/package.json`] = json({
      name: f.name,
      version: '0.1.0',
      private: true,
      description: `爱心妈妈: ${FUNCTION_CONFIGS[f.name as FunctionName].about} (generated from src/deploy; built from src/functions/${f.name})`,
      main: 'index.js',
      // none: @cloudbase/node-sdk is bundled beside index.js (scripts/build.ts), nothing to install
      dependencies: {},
    });
  }
  return files;
}
