import tcb from '@cloudbase/node-sdk';

/**
 * One SDK app per function instance. In production `SYMBOL_CURRENT_ENV` picks the function's own
 * environment; on the local cloud the same call is redirected by environment variables alone
 * (TCB_CONTEXT_CNFG etc., set by localcloud/env.ts), so this file has no local branch.
 */
type App = ReturnType<typeof tcb.init>;
let app: App | null = null;
let appFor: string | undefined;

export function getApp(): App {
  // keyed by the redirect variable so a restarted local cloud on a new port is picked up
  const target = process.env.TCB_CONTEXT_CNFG;
  if (!app || appFor !== target) {
    // Stryker disable next-line ObjectLiteral: the env symbol and timeout matter only in a real CloudBase environment
    app = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV, timeout: 15000 });
    appFor = target;
  }
  return app;
}

export function getDb() {
  return getApp().database();
}

export type Db = ReturnType<typeof getDb>;

/**
 * Whether the call came from a WeChat client (a mini-program's callFunction): its context names
 * the app (WX_APPID) and, for a user, the OPENID. Timer triggers and the deploy's system jobs
 * (manager-node's invokeFunction) carry neither, so only events without them may run jobs.
 */
export function fromWeChatClient(context: unknown): boolean {
  if (!context || typeof context !== 'object') return false;
  try {
    const env = tcb.getCloudbaseContext(context as Parameters<typeof tcb.getCloudbaseContext>[0]);
    return Boolean(env.WX_OPENID || env.WX_APPID);
  } catch {
    return false;
  }
}

/** The WeChat OPENID of the caller, from the function's context (never from the payload). */
export function openidFromContext(context: unknown): string | null {
  if (!context || typeof context !== 'object') return null;
  try {
    const env = tcb.getCloudbaseContext(context as Parameters<typeof tcb.getCloudbaseContext>[0]);
    return env.WX_OPENID || null;
  } catch {
    return null;
  }
}
