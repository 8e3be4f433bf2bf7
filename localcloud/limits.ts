/**
 * The platform limits the local cloud enforces, each as CloudBase applies it:
 *
 * - A function's execution timeout from its cloudfunctions/<fn>/config.json (`timeout`, seconds;
 *   CloudBase's default is 3 s). A call still running when it expires is answered with CloudBase's
 *   timeout error: code FUNCTIONS_TIME_LIMIT_EXCEEDED ("Cloud function execution timeout, function
 *   runtime exceeds the configured maximum execution time",
 *   docs.cloudbase.net/error-code/basic/FUNCTIONS_TIME_LIMIT_EXCEEDED) with the runtime's message
 *   "Invoking task timed out after N seconds", which wx.cloud.callFunction reports as errCode
 *   -504003. Locally the function cannot be frozen as CloudBase freezes its instance: its promise
 *   keeps running in this process, but its answer is dropped.
 * - A function's memory (`memorySize`, MB; default 256). CloudBase stops a call whose instance
 *   uses more than that with FUNCTIONS_MEMORY_LIMIT_EXCEEDED ("云函数运行内存超限",
 *   docs.cloudbase.net/error-code/basic/FUNCTIONS_MEMORY_LIMIT_EXCEEDED; SCF's status 434
 *   MemoryLimitReached). Here the functions share this process's heap, so a call is charged what
 *   the heap (and Buffers) grew by since it started, plus what an instance holds before any code
 *   runs (RUNTIME_BASELINE_MB); see watchMemory for what that can and cannot see.
 * - Request body sizes (EXCEED_MAX_PAYLOAD_SIZE, docs.cloudbase.net/error-code/EXCEED_MAX_PAYLOAD_SIZE):
 *   a cloud function's text request body at most 100 KB, other requests (the database and
 *   storage API) at most 100 MB.
 * - LOCALCLOUD_LATENCY_MS: an optional delay on every database and storage round trip (/admin),
 *   as a real region's network adds (10–30 ms), so benchmarks show what round trips cost.
 */
import fs from 'fs';
import path from 'path';
import v8 from 'v8';
import vm from 'vm';

export const DEFAULT_TIMEOUT_S = 3;
export const DEFAULT_MEMORY_MB = 256;
/** A cloud function's text request body (callFunction's `data`): 100 KB. */
export const FUNCTION_BODY_LIMIT = 100 * 1024;
/** Any other request to the service (database, storage API): 100 MB. */
export const API_BODY_LIMIT = 100 * 1024 * 1024;

export interface FunctionLimits {
  timeout: number;
  memorySize: number;
}

const CLOUDFUNCTIONS = path.resolve(__dirname, '../cloudfunctions');

/** A function's limits from cloudfunctions/<name>/config.json, CloudBase's defaults where unset. */
export function readFunctionLimits(name: string, dir = CLOUDFUNCTIONS): FunctionLimits {
  let config: { timeout?: unknown; memorySize?: unknown } = {};
  const file = path.join(dir, name, 'config.json');
  if (fs.existsSync(file)) config = JSON.parse(fs.readFileSync(file, 'utf8'));
  const timeout = Number(config.timeout);
  const memorySize = Number(config.memorySize);
  return {
    timeout: timeout > 0 ? timeout : DEFAULT_TIMEOUT_S,
    memorySize: memorySize > 0 ? memorySize : DEFAULT_MEMORY_MB,
  };
}

/** What the platform answers instead of the function's result (HTTP status and body). */
export class PlatformError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errCode?: number,
  ) {
    super(message);
  }
  body(requestId: string): Record<string, unknown> {
    return { code: this.code, message: this.message, ...(this.errCode === undefined ? {} : { errCode: this.errCode }), requestId };
  }
}

/**
 * What a CloudBase instance holds before the function allocates anything: Node 20 with a bundled
 * function and @cloudbase/node-sdk loaded measured 88 MB (account) to 106 MB (child) resident;
 * the lower figure, so a call is never charged for more than it could have used.
 */
export const RUNTIME_BASELINE_MB = 88;
/** How often the heap is sampled while a call runs. */
export const MEMORY_SAMPLE_MS = 25;

/** CloudBase's code; errCode is wx.cloud's 云函数执行失败; the sentence is ours (the runtime's is not documented). */
export const memoryLimitExceeded = (mb: number): PlatformError =>
  new PlatformError(500, 'FUNCTIONS_MEMORY_LIMIT_EXCEEDED', `Memory limit exceeded: the function used more than its configured ${mb} MB`, -504002);

export const timeLimitExceeded = (seconds: number): PlatformError =>
  new PlatformError(504, 'FUNCTIONS_TIME_LIMIT_EXCEEDED', `Invoking task timed out after ${seconds} seconds`, -504003);

export const payloadTooLarge = (limit: number): PlatformError =>
  new PlatformError(413, 'EXCEED_MAX_PAYLOAD_SIZE', `request body exceeds the limit of ${limit} bytes`);

/**
 * The functions as the platform runs them: each call under its function's timeout. The wrapped
 * main rejects with a PlatformError when the time is up (the gateway answers it).
 */
export function limitFunctions<M extends (event: unknown, context: unknown) => Promise<unknown>>(
  resolve: (name: string) => M | undefined,
  limitsOf: (name: string) => FunctionLimits = readFunctionLimits,
  enforceMemory = memoryLimitsFromEnv(),
): (name: string) => M | undefined {
  const cache = new Map<string, FunctionLimits>();
  return (name) => {
    const main = resolve(name);
    if (!main) return undefined;
    let limits = cache.get(name);
    if (!limits) cache.set(name, (limits = limitsOf(name)));
    const l = limits;
    return (async (event: unknown, context: unknown) => {
      // the memory baseline (full collections, slow on a loaded machine) is taken before the
      // function's clock starts: it is the emulator's measuring, not the function's time
      const start = enforceMemory ? await settledUsage() : null;
      return withTimeout(l, () => (start ? withMemoryLimit(l, () => main(event, context), start) : main(event, context)));
    }) as M;
  };
}

/**
 * Memory is enforced when asked for (LOCALCLOUD_MEMORY_LIMITS=1, `npm start` does; a test passes
 * `memoryLimits: true`). Not by default under jest: page tests render TDesign in the same heap as
 * the calls they make, and a shared heap cannot tell that growth from a call's own.
 */
export const memoryLimitsFromEnv = (): boolean => process.env.LOCALCLOUD_MEMORY_LIMITS === '1';

/** Runs a call under the function's timeout: rejects with FUNCTIONS_TIME_LIMIT_EXCEEDED when it expires. */
export async function withTimeout<T>(limits: FunctionLimits, run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeLimitExceeded(limits.timeout)), limits.timeout * 1000);
  });
  try {
    return await Promise.race([run(), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** The heap in use, and Buffers outside it (an export's workbook lives there), counted apart. */
interface Usage {
  heap: number;
  external: number;
}
const inUse = (): Usage => {
  const m = process.memoryUsage();
  return { heap: m.heapUsed, external: m.external };
};
/**
 * What a call is charged: the growth of each part since it started. Counted apart so that Buffers
 * of an earlier call, released while this one runs (their memory is returned after the collection
 * that found them dead), do not hide this call's heap growth.
 */
const growth = (from: Usage, now: Usage): number => Math.max(0, now.heap - from.heap) + Math.max(0, now.external - from.external);

/** A full collection on demand, without starting node with --expose-gc. */
let collect: (() => void) | undefined;
function fullGc(): void {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  collect();
}

/**
 * Memory in use once earlier work's garbage is gone: collected, then collected again while the
 * Buffers the collection found dead are still being returned (V8 frees their memory after the
 * collection, on its own schedule), until external memory stops falling. Otherwise an earlier
 * call's Buffers, returned while this call runs, would hide as much of this call's growth.
 */
async function settledUsage(): Promise<Usage> {
  fullGc();
  let now = inUse();
  for (let round = 0; round < 5; round++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    fullGc();
    const next = inUse();
    const settled = now.external - next.external < 1024 * 1024;
    now = next;
    if (settled) break;
  }
  return now;
}

interface Watched {
  start: Usage;
  budget: number;
  fail: () => void;
}
const watched = new Set<Watched>();
let sampler: NodeJS.Timeout | undefined;

/**
 * Checks every call in flight against its budget. The heap also holds garbage, so a call over its
 * budget is charged only after a full collection confirms it (the collection runs only then, so
 * calls within their budget pay one memoryUsage() per sample and nothing else).
 */
export function checkMemory(): void {
  if (!watched.size) return;
  const over = (w: Watched, now: Usage) => growth(w.start, now) > w.budget;
  let now = inUse();
  if (![...watched].some((w) => over(w, now))) return;
  fullGc();
  now = inUse();
  for (const w of [...watched]) {
    if (!over(w, now)) continue;
    watched.delete(w);
    w.fail();
  }
  stopSamplerWhenIdle();
}

function stopSamplerWhenIdle(): void {
  if (watched.size || !sampler) return;
  clearInterval(sampler);
  sampler = undefined;
}

/**
 * Runs a call under the function's memory: rejects with FUNCTIONS_MEMORY_LIMIT_EXCEEDED when the
 * memory it holds, sampled every MEMORY_SAMPLE_MS and when it returns, goes past memorySize minus
 * RUNTIME_BASELINE_MB. What it can see: memory a call keeps across a turn of the event loop (a
 * database round trip) or returns. Each call starts after a full collection, so garbage left by
 * earlier work is not counted. What it cannot see: a burst allocated and dropped within one
 * synchronous stretch; memory another call frees while this one runs, which makes this one look
 * smaller (never larger); and calls running at the same time are each charged for what the others
 * hold, as the heap is one. Like a timed-out call, the call itself keeps running in this process;
 * its answer is dropped.
 */
export async function withMemoryLimit<T>(limits: FunctionLimits, run: () => Promise<T>, baseline?: Usage): Promise<T> {
  const budget = (limits.memorySize - RUNTIME_BASELINE_MB) * 1024 * 1024;
  const start = baseline ?? (await settledUsage());
  let entry!: Watched;
  const exceeded = new Promise<never>((_, reject) => {
    entry = { start, budget, fail: () => reject(memoryLimitExceeded(limits.memorySize)) };
  });
  exceeded.catch(() => undefined); // raced below; never unhandled when the call wins
  watched.add(entry);
  sampler ??= setInterval(checkMemory, MEMORY_SAMPLE_MS).unref();
  try {
    const result = run().then((value) => {
      checkMemory(); // what it returns is still held: charged as at the end of a CloudBase call
      return value;
    });
    return await Promise.race([result, exceeded]);
  } finally {
    watched.delete(entry);
    stopSamplerWhenIdle();
  }
}

/** LOCALCLOUD_LATENCY_MS as a number of milliseconds (0 when unset or invalid). */
export function latencyFromEnv(): number {
  const n = Number(process.env.LOCALCLOUD_LATENCY_MS ?? 0);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
