import http from 'http';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../../localcloud/server';
import { FUNCTIONS } from '../../src/functions';
import type { ActionName, Envelope, FunctionName, Input, Output } from '../../src/contract';
import { DEMO_ADMIN } from '../../localcloud/seed';

export const ADMIN = DEMO_ADMIN;

/**
 * A local cloud for one test file, running the functions' source in-process (the build test
 * covers the bundles). Calls go over HTTP through the gateway, as the mini-program's would.
 */
export async function startTestCloud(opts: Partial<LocalCloudOptions> = {}): Promise<LocalCloud> {
  process.env.ADMIN_OPENIDS = ADMIN;
  return startLocalCloud({ functions: (name) => (FUNCTIONS as Record<string, never>)[name], ...opts, dataDir: opts.dataDir ?? null });
}

export function tempDir(prefix = 'aixin-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** GET a URL (a storage link): status and bytes. Page tests run under jsdom, which has no fetch. */
export function download(url: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) =>
    http.get(url, (res) => { const c: Buffer[] = []; res.on('data', (d: Buffer) => c.push(d)); res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(c) })); }).on('error', reject));
}

/** Raw envelope of one call as `openid` (empty string = no identity). */
export function callRaw(cloud: LocalCloud, openid: string, fn: string, event: unknown): Promise<Envelope<unknown>> {
  return post(`${cloud.url}/functions/${fn}`, event, openid ? { 'x-openid': openid } : {}) as Promise<Envelope<unknown>>;
}

/** A typed client acting as one WeChat identity. */
export function as(cloud: LocalCloud, openid: string) {
  return {
    raw: <F extends FunctionName, A extends ActionName<F>>(fn: F, action: A, data: unknown) => callRaw(cloud, openid, fn, { action, data }),
    async ok<F extends FunctionName, A extends ActionName<F>>(fn: F, action: A, data: Input<F, A>): Promise<Output<F, A>> {
      const res = await callRaw(cloud, openid, fn, { action, data });
      if (!res.ok) throw new Error(`${fn}.${action} as ${openid} failed: ${res.error.code} ${res.error.message}`);
      return res.data as Output<F, A>;
    },
  };
}

/** A fingerprint of every collection's documents, to prove a refused call wrote nothing. */
export function snapshot(cloud: LocalCloud): string {
  return JSON.stringify(cloud.store.listCollections().sort().map((c) => [c, cloud.store.rawDocuments(c)]));
}

/** Fires a function's timer trigger through the local cloud, as CloudBase would (no identity). */
export function fireTimer(cloud: LocalCloud, fn: string, trigger: string): Promise<Envelope<unknown>> {
  return post(`${cloud.url}/timers/${fn}/${trigger}`, {}) as Promise<Envelope<unknown>>;
}
