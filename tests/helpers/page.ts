import fs from 'fs';
import path from 'path';
import http from 'http';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const simulate = require('miniprogram-simulate');

export { simulate };
export const MP_ROOT = path.resolve(__dirname, '../../miniprogram');

/**
 * TDesign's npm paths do not resolve under miniprogram-simulate, so each `t-*` tag a page uses is
 * replaced by a stub that shows its common text properties and its slot; events still reach the
 * page's handlers.
 */
function stubFor(tagName: string): string {
  return simulate.load({
    tagName,
    properties: {
      title: { type: String, value: '' },
      note: { type: String, value: '' },
      label: { type: String, value: '' },
      text: { type: String, value: '' },
      content: { type: String, value: '' },
      placeholder: { type: String, value: '' },
      value: { type: null, value: '' },
      options: { type: Array, value: [] },
    },
    template: '<view class="stub-title">{{title}}</view><view class="stub-note">{{note}}</view><view class="stub-label">{{label}}{{text}}{{content}}</view><slot/><slot name="note"/>',
  });
}

/** Loads a page (written with Component()) with TDesign tags stubbed; call once per test file. */
export function loadPage(relPath: string): string {
  const abs = path.join(MP_ROOT, relPath);
  const json = JSON.parse(fs.readFileSync(`${abs}.json`, 'utf8')) as { usingComponents?: Record<string, string> };
  const usingComponents: Record<string, string> = {};
  for (const [tag, target] of Object.entries(json.usingComponents ?? {})) {
    if (target.startsWith('tdesign-miniprogram/')) usingComponents[tag] = stubFor(tag);
  }
  return simulate.load(abs, { usingComponents, rootPath: MP_ROOT });
}

/** A `wx` good enough for pages under test; `request` really goes over HTTP (to the local cloud). */
export function installWx(): Record<string, unknown> {
  const storage = new Map<string, unknown>();
  const wx = {
    request(opts: { url: string; method?: string; data?: unknown; header?: Record<string, string>; success?: (r: unknown) => void; fail?: (e: unknown) => void }) {
      const body = JSON.stringify(opts.data ?? {});
      const req = http.request(opts.url, { method: opts.method ?? 'GET', headers: opts.header }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let data: unknown = text;
          try {
            data = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          opts.success?.({ statusCode: res.statusCode, data, header: res.headers });
        });
      });
      req.on('error', (e) => opts.fail?.({ errMsg: `request:fail ${e.message}` }));
      req.end(body);
    },
    getStorageSync: (k: string) => storage.get(k) ?? '',
    setStorageSync: (k: string, v: unknown) => void storage.set(k, v),
    removeStorageSync: (k: string) => void storage.delete(k),
    setNavigationBarTitle: jest.fn(),
    /** accepts every template unless a test overrides it */
    requestSubscribeMessage: jest.fn((o: { tmplIds: string[]; success?: (r: Record<string, string>) => void }) => o.success?.(Object.fromEntries(o.tmplIds.map((id) => [id, 'accept'])))),
    showToast: jest.fn(),
    showModal: jest.fn(),
    navigateTo: jest.fn(),
    redirectTo: jest.fn(),
    switchTab: jest.fn(),
    cloud: undefined,
  };
  (globalThis as Record<string, unknown>).wx = wx;
  (globalThis as Record<string, unknown>).getApp = () => ({ globalData: {} });
  return wx;
}

/** Waits until `check` passes (pages update after network round trips). */
export async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('waitFor: condition not met');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Renders a loaded page as a local-cloud identity (the api client sends it as x-openid). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function renderAs(pageId: string, openid: string, props: Record<string, unknown> = {}): any {
  (globalThis as unknown as { wx: { setStorageSync(k: string, v: string): void } }).wx.setStorageSync('localOpenid', openid);
  const page = simulate.render(pageId, props);
  page.attach(document.createElement('parent-wrapper'));
  return page;
}

/** The text a selector renders, or '' when it is absent. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const textOf = (page: any, sel: string): string => page.querySelector(sel)?.dom.textContent ?? '';
