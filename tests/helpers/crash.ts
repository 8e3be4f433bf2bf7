import { startSdkProxy, type SdkProxy } from '../../localcloud/counting-proxy';
import type { LocalCloud } from '../../localcloud/server';

/**
 * Crash injection for actions that write several documents (issue 15): a proxy in front of the
 * local cloud sees every request the functions' SDK sends and can make the k-th database *write*
 * of an action fail. Generic: it knows only the SDK's wire format (a JSON body whose `action`
 * names the database call, CLOUDBASE-NOTES.md), nothing of any function.
 *
 * Modes:
 * - `dead`: the k-th write and every request after it fail, as when the process dies just before
 *   that write reaches the database (nothing of it is applied, nothing after it runs; the undo
 *   an action keeps in memory is lost with the process);
 * - `once`: only the k-th write fails (a refused or lost request); the process goes on, so its
 *   in-process undo runs.
 * A failed request is answered as CloudBase answers an error (HTTP 200 with a `code`), so the SDK
 * throws exactly as it would on the real service.
 */
export type CrashMode = 'dead' | 'once';

/** Database calls that change something; a write inside a transaction is staged until `commitTransaction`, which counts too. */
export const WRITE_ACTIONS: ReadonlySet<string> = new Set([
  'database.insertDocument',
  'database.modifyDocument',
  'database.removeDocument',
  'database.modifyAndReturnDoc',
  'database.commitTransaction',
]);

export const INJECTED = { code: 'LOCALCLOUD_INJECTED_CRASH', message: 'injected crash (tests/helpers/crash.ts)' } as const;

/** The database action a request body names, or null (storage uploads, WeChat's open API and other non-JSON bodies). */
export function actionOf(body: Buffer): string | null {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { action?: unknown };
    return typeof parsed?.action === 'string' ? parsed.action : null;
  } catch {
    return null;
  }
}

export interface CrashProxy {
  /** Writes seen since the last `arm` / `record`, in order (their action names). */
  writes: () => string[];
  /** Counts writes from now on, failing none. */
  record: () => void;
  /** From now on, make the k-th write (1-based) fail, in `mode`. */
  arm: (k: number, mode: CrashMode) => void;
  /** Everything passes again (the next process, the timers, the retry). */
  disarm: () => void;
  /** Whether the armed write was reached (an action with fewer writes never fails). */
  fired: () => boolean;
  close: () => Promise<void>;
}

export async function startCrashProxy(cloud: LocalCloud): Promise<CrashProxy> {
  let seen: string[] = [];
  let armed: { k: number; mode: CrashMode } | null = null;
  let dead = false;
  let fired = false;
  const proxy: SdkProxy = await startSdkProxy(cloud, (body) => {
    if (dead) return { status: 200, json: INJECTED };
    const action = actionOf(body);
    if (!action || !WRITE_ACTIONS.has(action)) return undefined;
    seen.push(action);
    if (!armed || seen.length !== armed.k) return undefined;
    fired = true;
    if (armed.mode === 'dead') dead = true;
    return { status: 200, json: INJECTED };
  });
  const reset = (next: typeof armed) => {
    seen = [];
    armed = next;
    dead = false;
    fired = false;
  };
  return {
    writes: () => [...seen],
    record: () => reset(null),
    arm: (k, mode) => reset({ k, mode }),
    disarm: () => {
      armed = null;
      dead = false;
    },
    fired: () => fired,
    close: () => proxy.close(),
  };
}

/** The writes `run` makes when nothing fails: the crash points to try are 1..length. */
export async function writesOf(proxy: CrashProxy, run: () => Promise<unknown>): Promise<string[]> {
  proxy.record();
  try {
    await run();
    return proxy.writes();
  } finally {
    proxy.disarm();
  }
}

/**
 * Runs `run` with its k-th write failing in `mode`, then disarms: the caller then runs the retry
 * and the timers and checks its invariants. Answers what `run` returned or threw (the failed
 * call's envelope, typically INTERNAL or a CONFLICT from an undo).
 */
export async function crashAt<T>(proxy: CrashProxy, k: number, mode: CrashMode, run: () => Promise<T>): Promise<{ fired: boolean; result: T | Error }> {
  proxy.arm(k, mode);
  try {
    const result = await run().catch((err: Error) => err);
    return { fired: proxy.fired(), result };
  } finally {
    proxy.disarm();
  }
}
