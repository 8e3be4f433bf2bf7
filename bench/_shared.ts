import { startLocalCloud, type LocalCloud } from '../localcloud/server';
import { DEMO_ADMIN } from '../localcloud/seed';
import { FUNCTIONS } from '../src/functions';
import { getProgramme, type Programme } from '../src/programmes';

/** What the benches share (bench/run.ts skips files starting with `_`). */
export const fmt = (x: number, d = 0) => x.toFixed(d);

/** Calls a function through the local cloud's HTTP gateway as a WeChat identity, as the mini-program does. */
export async function call(url: string, openid: string, fn: string, action: string, data: unknown = {}): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}/functions/${fn}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-openid': openid }, body: JSON.stringify({ action, data }) });
  const body = (await res.json()) as { ok: boolean; data?: Record<string, unknown>; error?: { message: string }; code?: string; message?: string };
  // a platform error (the function's timeout) has no envelope: code and message at the top
  if (!body.ok) throw new Error(`${fn}.${action}: ${body.error?.message ?? `${body.code} ${body.message}`}`);
  return body.data!;
}

/** An in-memory local cloud with the preset switched on by the demo admin. */
export async function startBenchCloud(presetId: string): Promise<{ cloud: LocalCloud; programme: Programme }> {
  process.env.ADMIN_OPENIDS = DEMO_ADMIN;
  process.env.TENCENTCLOUD = 'true';
  const cloud = await startLocalCloud({ dataDir: null, functions: (name) => (FUNCTIONS as Record<string, never>)[name] });
  await call(cloud.url, DEMO_ADMIN, 'account', 'login');
  await call(cloud.url, DEMO_ADMIN, 'account', 'setupProgramme', { presetId });
  return { cloud, programme: getProgramme(presetId)! };
}
