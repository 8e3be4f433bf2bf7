import http from 'http';
import path from 'path';
import type { AddressInfo } from 'net';
import { DocumentStore } from './db/store';
import { handleDatabaseAction } from './db/actions';
import { LocalStorage } from './storage';
import { createGateway, type ResolveMain } from './gateway';
import { readJson, sendJson } from './http';
import { pointSdkAt, wechatContext } from './env';
import { COLLECTIONS } from '../src/server/collections';
import { INDEXES } from '../src/server/indexes';
import { attachIndexes, type IndexOptions, type IndexRegistry } from './db/indexes';
import { timerContext, timerEvent } from './scheduler';
import { WeChatEmulator } from './openapi';
import { API_BODY_LIMIT, latencyFromEnv, limitFunctions, memoryLimitsFromEnv, PlatformError, readFunctionLimits, sleep, type FunctionLimits } from './limits';

export interface LocalCloudOptions {
  port?: number;
  host?: string;
  /** null keeps everything in memory (tests); a folder persists the database and storage. */
  dataDir: string | null;
  functions: ResolveMain;
  fsync?: boolean;
  /** Delay on every database and storage round trip (/admin); default LOCALCLOUD_LATENCY_MS, else 0. */
  latencyMs?: number;
  /** A function's timeout and memory; default its cloudfunctions/<name>/config.json (3 s, 256 MB when unset). */
  functionLimits?: (name: string) => FunctionLimits;
  /** Enforce each function's memorySize (localcloud/limits.ts); default LOCALCLOUD_MEMORY_LIMITS=1. */
  memoryLimits?: boolean;
  /** Unindexed-query checking (localcloud/db/indexes.ts): mode, threshold, log. */
  indexes?: IndexOptions;
}

export interface LocalCloud {
  url: string;
  port: number;
  store: DocumentStore;
  storage: LocalStorage;
  /** WeChat's open API as the functions' cloud calls reach it, and what the phones told WeChat (localcloud/openapi.ts). */
  wechat: WeChatEmulator;
  /** The declared indexes (src/server/indexes.ts) and the unindexed queries seen so far. */
  indexes: IndexRegistry;
  /** The current round-trip delay in ms (may be changed while running, e.g. by a bench). */
  latencyMs: number;
  close(): Promise<void>;
}

/**
 * The local cloud: one HTTP server with the database API the SDK talks to (/admin), the function
 * gateway (/functions/<name>) and storage (/storage/...). It also points this process's SDK at
 * itself, so functions run in-process exactly as deployed.
 */
export async function startLocalCloud(opts: LocalCloudOptions): Promise<LocalCloud> {
  const host = opts.host ?? '127.0.0.1';
  const store = DocumentStore.open({ dataDir: opts.dataDir ? path.join(opts.dataDir, 'db') : null, fsync: opts.fsync });
  for (const name of COLLECTIONS) if (!store.hasCollection(name)) store.createCollection(name);
  const indexes = attachIndexes(store, INDEXES, COLLECTIONS, opts.indexes);
  let baseUrl = '';
  const wechat = new WeChatEmulator();
  const storage = new LocalStorage(opts.dataDir ?? path.join(require('os').tmpdir(), `localcloud-${process.pid}-${Date.now()}`), () => baseUrl);
  // every call runs under its function's configured timeout (localcloud/limits.ts)
  const limited = limitFunctions(opts.functions, opts.functionLimits ?? readFunctionLimits, opts.memoryLimits ?? memoryLimitsFromEnv());
  // calls still running, so close() lets them finish their database round trips first (a page
  // that fired a request without waiting must not see the database vanish under it)
  let inFlight = 0;
  const functions = (name: string) => {
    const main = limited(name);
    if (!main) return undefined;
    return async (event: unknown, context: unknown) => {
      inFlight++;
      try {
        return await main(event, context);
      } finally {
        inFlight--;
      }
    };
  };
  const gateway = createGateway(functions);
  // WeChat's message pushes (mediaCheckAsync verdicts) run in their configured function, with the
  // push's user in the context as for any WeChat-triggered call
  wechat.deliver = async (name, event, openid) => {
    const main = functions(name);
    if (!main) throw new Error(`no function ${name} for the message push`);
    return main(event, wechatContext(openid, name));
  };

  const server = http.createServer((req, res) => {
    // one request per connection: a caller in this process whose event loop was busy (a bulk load)
    // must not reuse a kept-alive socket the server is closing at that moment (ECONNRESET)
    res.setHeader('connection', 'close');
    const pathname = new URL(req.url ?? '/', 'http://local').pathname;
    handle(req, res, pathname).catch((err) => {
      console.error('[localcloud]', err);
      if (!res.headersSent) sendJson(res, 500, { code: 'INTERNAL', message: String(err) });
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, pathname: string) {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*', 'access-control-allow-methods': 'GET,POST,PUT' });
      return void res.end();
    }
    if (await wechat.route(req, res, pathname)) return; // wx.openApi (multipart POST /admin) and the phone's /wechat/ endpoints
    if (req.method === 'POST' && pathname === '/admin') {
      let body: Record<string, unknown>;
      try {
        body = (await readJson(req, API_BODY_LIMIT)) as Record<string, unknown>;
      } catch (err) {
        if (err instanceof PlatformError) return sendJson(res, 200, err.body(`local-${Date.now().toString(36)}`));
        throw err;
      }
      if (cloud.latencyMs > 0) await sleep(cloud.latencyMs); // a region's round trip
      const action = String(body.action ?? '');
      const answer = action.startsWith('storage.') ? storage.handleAction(body) : await handleDatabaseAction(store, body);
      return sendJson(res, 200, answer);
    }
    // fire a timer trigger now (local only): POST /timers/<fn>/<trigger>
    const timer = /^\/timers\/([a-z]+)\/([A-Za-z0-9_-]+)$/.exec(pathname);
    if (req.method === 'POST' && timer) {
      const main = functions(timer[1]);
      if (!main) return sendJson(res, 404, { message: 'no such function' });
      try {
        return sendJson(res, 200, await main(timerEvent(timer[2]), timerContext(timer[1])));
      } catch (err) {
        if (err instanceof PlatformError) return sendJson(res, err.status, err.body('timer'));
        throw err;
      }
    }
    const fn = /^\/functions\/([a-z]+)$/.exec(pathname);
    if (req.method === 'POST' && fn) return gateway(req, res, fn[1]);
    if (await storage.route(req, res, pathname)) return;
    if (pathname === '/health') return sendJson(res, 200, { ok: true });
    sendJson(res, 404, { message: 'not found' });
  }

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host}:${port}`;
  pointSdkAt(baseUrl);
  const cloud: LocalCloud = {
    url: baseUrl,
    port,
    store,
    storage,
    wechat,
    indexes,
    latencyMs: opts.latencyMs ?? latencyFromEnv(),
    close: async () => {
      wechat.close();
      for (const until = Date.now() + 10_000; inFlight > 0 && Date.now() < until; ) await sleep(5);
      await new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => {
          store.close();
          resolve();
        });
      });
    },
  };
  return cloud;
}
