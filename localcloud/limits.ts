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
 * - A function's memory (`memorySize`, MB; default 256) is read and reported, not enforced: the
 *   functions share this process's heap, so a per-call figure would be guesswork.
 * - Request body sizes (EXCEED_MAX_PAYLOAD_SIZE, docs.cloudbase.net/error-code/EXCEED_MAX_PAYLOAD_SIZE):
 *   a cloud function's text request body at most 100 KB, other requests (the database and
 *   storage API) at most 100 MB.
 * - LOCALCLOUD_LATENCY_MS: an optional delay on every database and storage round trip (/admin),
 *   as a real region's network adds (10–30 ms), so benchmarks show what round trips cost.
 */
import fs from 'fs';
import path from 'path';

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
): (name: string) => M | undefined {
  const cache = new Map<string, FunctionLimits>();
  return (name) => {
    const main = resolve(name);
    if (!main) return undefined;
    let limits = cache.get(name);
    if (!limits) cache.set(name, (limits = limitsOf(name)));
    const l = limits;
    return ((event: unknown, context: unknown) => withTimeout(l, () => main(event, context))) as M;
  };
}

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

/** LOCALCLOUD_LATENCY_MS as a number of milliseconds (0 when unset or invalid). */
export function latencyFromEnv(): number {
  const n = Number(process.env.LOCALCLOUD_LATENCY_MS ?? 0);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
