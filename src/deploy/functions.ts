import type { FunctionName } from '../contract';

/**
 * Every cloud function's platform configuration, declared once. `npm run build` writes each
 * cloudfunctions/<name>/config.json (read by WeChat DevTools and by the local cloud) and
 * cloudbaserc.json (read by @cloudbase/cli) from it; `npm run deploy` applies it with
 * @cloudbase/manager-node. Environment variables are listed by name only, in ./variables.ts.
 */

/** Node.js 20 (CloudBase's `Nodejs20.19`), the version the suite runs on; esbuild targets the same. */
export const RUNTIME = 'Nodejs20.19';
export const ESBUILD_TARGET = 'node20';

export interface TimerTrigger {
  name: string;
  type: 'timer';
  /** CloudBase's seven-field cron: second minute hour day month weekday year, China time. */
  config: string;
}

export interface FunctionConfig {
  /** What the function does, for its package.json and the docs. */
  about: string;
  /** Seconds (CloudBase allows 1–60 for event functions; the default 3 s is too short for most). */
  timeout: number;
  /** MB: one of 128, 256, 512, 1024, 2048. */
  memorySize: 128 | 256 | 512 | 1024 | 2048;
  /** CloudBase allows one timer trigger per function, so a function with several jobs runs them from one. */
  trigger?: TimerTrigger;
  /** 云调用 (WeChat open API) the function may call: config.json `permissions.openapi`, else -604101. */
  openapi: string[];
}

export const FUNCTION_CONFIGS: Record<FunctionName, FunctionConfig> = {
  account: {
    about: 'identity, programme switch-on, org tree, staff accounts, audit log',
    timeout: 10,
    memorySize: 256,
    openapi: [],
  },
  volunteer: {
    about: 'volunteer sign-up, vetting, roster and teams',
    timeout: 10,
    memorySize: 256,
    openapi: ['phonenumber.getPhoneNumber', 'subscribeMessage.send'],
  },
  child: {
    about: "children's registry, imports and exports",
    timeout: 60,
    memorySize: 512,
    openapi: [],
  },
  pairing: {
    about: 'pairing suggestions, proposals, consent and exports; the hourly timer lapses offers',
    timeout: 20,
    memorySize: 512,
    trigger: { name: 'lapse', type: 'timer', config: '0 0 * * * * *' },
    openapi: ['security.msgSecCheck'],
  },
  wish: {
    about: 'small wishes from collection to thanks; the hourly timer lapses and reminds claims',
    timeout: 20,
    memorySize: 256,
    trigger: { name: 'claims', type: 'timer', config: '0 0 * * * * *' },
    openapi: ['subscribeMessage.send', 'security.msgSecCheck', 'security.mediaCheckAsync'],
  },
  visit: {
    about: 'check-ins, what is due, the overdue board and flags; the morning timer reminds volunteers',
    timeout: 20,
    memorySize: 256,
    trigger: { name: 'reminders', type: 'timer', config: '0 0 8 * * * *' },
    openapi: ['subscribeMessage.send', 'cloudbase.getOpenData'],
  },
  report: {
    about: 'dashboard, reporting calendar, annexes and commendation; the hourly timer freezes and reminds',
    timeout: 60,
    memorySize: 512,
    trigger: { name: 'hourly', type: 'timer', config: '0 5 * * * * *' },
    openapi: ['subscribeMessage.send'],
  },
};
