import fs from 'fs';
import path from 'path';
import http from 'http';
import { makeWxCloud, network } from './wx-cloud';
import { listFiles, MAX_BUFFER } from '../../scripts/wechat-compile';
// eslint-disable-next-line @typescript-eslint/no-var-requires
const simulate = require('miniprogram-simulate');

export { simulate };
export { connect, network } from './wx-cloud';

/* simulate runs a component's .js through `require` each time a page using it is loaded, but jest
 * keeps modules, so a second page with the same TDesign tag would register nothing and draw an
 * unknown tag. Keep each file's Component() options and register them again on later loads. The
 * relations map is copied because simulate rewrites its keys to the first load's ids in place. */
type Options = Record<string, unknown> & { relations?: Record<string, object> };
const simUtils = require('miniprogram-simulate/src/utils') as { runJs(p: string): void };
const registerWithSimulate = (globalThis as unknown as { Component(o: Options): void }).Component;
const definitions = new Map<string, Options>();
let running = '';
(globalThis as unknown as { Component(o: Options): void }).Component = (options: Options) => {
  const copyRelations = (o: Options): Options => (o.relations ? { ...o, relations: Object.fromEntries(Object.entries(o.relations).map(([k, v]) => [k, { ...v }])) } : o);
  if (running) definitions.set(running, copyRelations(options));
  registerWithSimulate(copyRelations(options));
};
const requireOnce = simUtils.runJs;
simUtils.runJs = (filePath: string) => {
  const known = definitions.get(filePath);
  if (known) return (globalThis as unknown as { Component(o: Options): void }).Component(known);
  running = filePath;
  try {
    requireOnce(filePath);
  } finally {
    running = '';
  }
};
export const MP_ROOT = path.resolve(__dirname, '../../miniprogram');

const NPM_ROOT = path.join(MP_ROOT, 'miniprogram_npm');

/** `tdesign-miniprogram/button/button` → `/miniprogram_npm/tdesign-miniprogram/button/button`, the
 * path WeChat resolves an npm component to; relative and absolute paths stay as they are. */
function npmPath(target: string): string {
  return target.startsWith('.') || target.startsWith('/') ? target : `/miniprogram_npm/${target}`;
}

/** Every component file (without extension, relative to MP_ROOT) a component pulls in, itself included. */
function componentClosure(relPath: string, seen = new Set<string>()): Set<string> {
  if (seen.has(relPath)) return seen;
  seen.add(relPath);
  const json = JSON.parse(fs.readFileSync(path.join(MP_ROOT, `${relPath}.json`), 'utf8')) as { usingComponents?: Record<string, string> };
  for (const target of Object.values(json.usingComponents ?? {})) {
    const p = npmPath(target);
    componentClosure(p.startsWith('/') ? p.slice(1) : path.join(path.dirname(relPath), p), seen);
  }
  return seen;
}

/** The .wxml/.wxs files WeChat's compiler needs for a set of components: theirs, plus the
 * templates and wxs modules they import (found by their <import>/<include>/<wxs src>). */
function compileInputs(components: Iterable<string>): { wxmlList: string[]; wxsList: string[] } {
  const wxml = new Set<string>();
  const wxs = new Set<string>();
  const visit = (rel: string) => {
    if (wxml.has(rel)) return;
    wxml.add(rel);
    const text = fs.readFileSync(path.join(MP_ROOT, rel), 'utf8');
    for (const m of text.matchAll(/<(import|include|wxs)\s[^>]*src="([^"{]+)"/g)) {
      const target = path.join(path.dirname(rel), m[2]);
      if (m[1] === 'wxs') wxs.add(target);
      else visit(target.endsWith('.wxml') ? target : `${target}.wxml`);
    }
  };
  for (const c of components) if (fs.existsSync(path.join(MP_ROOT, `${c}.wxml`))) visit(`${c}.wxml`);
  return { wxmlList: [...wxml], wxsList: [...wxs] };
}

/** Our own pages and components (not miniprogram_npm), without extension: a .wxml with its .json. */
const ownComponents = (): string[] =>
  listFiles(MP_ROOT, '.wxml', false).map((f) => f.replace(/\.wxml$/, '')).filter((c) => fs.existsSync(path.join(MP_ROOT, `${c}.json`)));

let compilerOptions: { wxmlList: string[]; wxsList: string[]; maxBuffer: number } | undefined;

/**
 * Loads a page (written with Component()) with the real TDesign components from miniprogram_npm
 * (built by scripts/build-npm.ts, as DevTools' "构建 npm" does); call once per test file per page.
 * WeChat's own compiler (wcc) compiles our templates and only the TDesign ones they use, once
 * per test file: compiling all of miniprogram_npm overflows the compiler's output buffer.
 */
export function loadPage(relPath: string): string {
  if (!fs.existsSync(NPM_ROOT)) throw new Error('miniprogram/miniprogram_npm is missing: run `npx tsx scripts/build-npm.ts`');
  if (!compilerOptions) {
    const all = new Set<string>();
    for (const c of ownComponents()) componentClosure(c, all);
    compilerOptions = { ...compileInputs(all), maxBuffer: MAX_BUFFER };
  }
  // simulate applies these to every component it registers for the page, so npm tags used by our
  // own components inside the page (the privacy popup's t-popup) are mapped too; a path starting
  // with '/' resolves from rootPath, as WeChat resolves miniprogram_npm from the app root
  const usingComponents: Record<string, string> = {};
  for (const c of componentClosure(relPath)) {
    if (c.startsWith('miniprogram_npm/')) continue;
    const json = JSON.parse(fs.readFileSync(path.join(MP_ROOT, `${c}.json`), 'utf8')) as { usingComponents?: Record<string, string> };
    for (const [tag, target] of Object.entries(json.usingComponents ?? {})) {
      if (c === relPath || !target.startsWith('.')) usingComponents[tag] = npmPath(target);
    }
  }
  return simulate.load(path.join(MP_ROOT, relPath), { usingComponents, rootPath: MP_ROOT, compilerOptions });
}

const SCREEN = { pixelRatio: 3, screenWidth: 390, screenHeight: 844, windowWidth: 390, windowHeight: 844, statusBarHeight: 47, safeArea: { top: 47, left: 0, right: 390, bottom: 810, width: 390, height: 763 } };

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
    // TDesign reads these at load; the shapes are WeChat's documented ones, the values a
    // common phone on base library 3.6.0 (project.config.json's libVersion)
    getWindowInfo: () => ({ ...SCREEN }),
    getDeviceInfo: () => ({ brand: 'devtools', model: 'iPhone 12', system: 'iOS 16.0', platform: 'devtools', pixelRatio: SCREEN.pixelRatio }),
    getAppBaseInfo: () => ({ SDKVersion: '3.6.0', version: '8.0.50', language: 'zh_CN', theme: 'light', fontSizeSetting: 16 }),
    getSystemInfoSync: () => ({ ...SCREEN, SDKVersion: '3.6.0', version: '8.0.50', platform: 'devtools', language: 'zh_CN', fontSizeSetting: 16 }),
    nextTick: (fn: () => void) => setTimeout(fn, 0),
    setNavigationBarTitle: jest.fn(),
    /**
     * The user taps 允许 for every template (unless a test overrides it): the acceptance goes to
     * WeChat, here the local cloud's emulation (localcloud/openapi.ts POST /wechat/requestSubscribeMessage),
     * which then lets the functions send one message each, as WeChat does. Without a connected
     * cloud it fails as a phone without WeChat's servers would.
     */
    requestSubscribeMessage: jest.fn((o: { tmplIds: string[]; success?: (r: Record<string, string>) => void; fail?: (e: unknown) => void; complete?: () => void }) => {
      const openid = String(storage.get('localOpenid') ?? '');
      const done = (ok: boolean, r: Record<string, unknown>) => {
        if (ok) o.success?.(r as Record<string, string>);
        else o.fail?.(r);
        o.complete?.();
      };
      if (!network.gateway || !openid) return done(false, { errCode: 20001, errMsg: 'requestSubscribeMessage:fail no WeChat service (connect a local cloud and sign in)' });
      const req = http.request(`${network.gateway}/wechat/requestSubscribeMessage`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-openid': openid } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const r = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          done(res.statusCode === 200, r);
        });
      });
      req.on('error', (e) => done(false, { errCode: 20001, errMsg: `requestSubscribeMessage:fail ${e.message}` }));
      req.end(JSON.stringify({ tmplIds: o.tmplIds }));
    }),
    showToast: jest.fn(),
    showModal: jest.fn(),
    navigateTo: jest.fn(),
    redirectTo: jest.fn(),
    navigateBack: jest.fn(),
    switchTab: jest.fn(),
    cloud: undefined as unknown,
  };
  wx.cloud = makeWxCloud(wx);
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

/* TDesign components are virtual hosts on a phone (base library ≥ 2.19.2): the tag itself draws
 * nothing and its template's nodes sit in the page directly. So a component has no DOM node of its
 * own; what it shows is the DOM of its composed children, and a finger lands on the first of them. */
interface ExparserNode { $$?: Node; __virtual?: boolean; __wxSlotChildren?: ExparserNode[] }
function composedDom(node: ExparserNode): Node[] {
  if (node.$$ && !node.__virtual) return [node.$$];
  return (node.__wxSlotChildren ?? []).flatMap(composedDom);
}

// eslint-disable-next-line @typescript-eslint/no-var-requires
const RootComponent = require('j-component/src/render/component');
const WrappedNode = Object.getPrototypeOf(RootComponent) as { new (n: ExparserNode): { dispatchEvent(name: string, o?: unknown): void }; prototype: { dispatchEvent(this: { _exparserNode: ExparserNode }, name: string, o?: unknown): void } };
const dispatchOnDom = WrappedNode.prototype.dispatchEvent;
WrappedNode.prototype.dispatchEvent = function dispatchEvent(this: { _exparserNode: ExparserNode }, name: string, options?: unknown) {
  const node = this._exparserNode;
  if (node.$$ && !node.__virtual) return dispatchOnDom.call(this, name, options);
  // a virtual host: the event starts at the first element it draws and bubbles out through it
  const first = firstElement(node);
  if (!first) throw new Error(`nothing rendered to receive '${name}'`);
  return dispatchOnDom.call(new WrappedNode(first) as unknown as { _exparserNode: ExparserNode }, name, options);
};
function firstElement(node: ExparserNode): ExparserNode | undefined {
  for (const child of node.__wxSlotChildren ?? []) {
    if (child.$$ && !child.__virtual && child.$$.nodeType === 1) return child;
    const inner = firstElement(child);
    if (inner) return inner;
  }
  return undefined;
}

/** The text a selector renders, or '' when it is absent (a TDesign tag's words are in its composed children). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const textOf = (page: any, sel: string): string => {
  const found = page.querySelector(sel);
  return found ? composedDom(found._exparserNode).map((d) => d.textContent ?? '').join('') : '';
};

/* Interactions on what a page draws, so WeChat's native elements and TDesign's components make
 * their own events (the shapes handlers really get) rather than a test handing one in. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Page = any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function found(page: Page, sel: string): any {
  const node = page.querySelector(sel);
  if (!node) throw new Error(`nothing matches ${sel}`);
  return node;
}

/** A finger on what `sel` draws: WeChat's `tap`. A TDesign tag gets it on its first drawn element,
 * where its own handler runs (t-cell's onClick triggers `click`, t-button passes `tap` on). */
export function tap(page: Page, sel: string): void {
  found(page, sel).dispatchEvent('tap');
}

/** A tap on the one of `sel`'s matches whose data-value is `value` (chips drawn by wx:for). */
export function tapValue(page: Page, sel: string, value: string): void {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const all = page.querySelectorAll(sel) as any[];
  const hit = all.find((n) => String(n._exparserNode.dataset?.value) === value);
  if (!hit) throw new Error(`no ${sel} with data-value ${value} among ${all.map((n) => n._exparserNode.dataset?.value).join(', ')}`);
  hit.dispatchEvent('tap');
}

/**
 * Typing `text` into a native <input>/<textarea>, or into the native input a t-input draws:
 * WeChat fires `input` on each keystroke with detail { value, cursor, keyCode } (the whole value so
 * far); t-input's onInput takes that detail and triggers its own `change` with { value, cursor, keyCode }.
 */
export function typeInto(page: Page, sel: string, text: string): void {
  const target = nativeIn(found(page, sel)._exparserNode, /^(input|textarea)$/);
  if (!target) throw new Error(`${sel} draws no input`);
  new WrappedNode(target).dispatchEvent('input', { detail: { value: text, cursor: text.length, keyCode: 0 } });
}

/** The first native element (by tag) at or inside a node, through components' own templates too
 * (exparser's selectors know ids and classes, not tag names). */
interface TreeNode extends ExparserNode { is?: string; childNodes?: TreeNode[]; shadowRoot?: TreeNode }
function nativeIn(node: TreeNode, tag: RegExp): TreeNode | undefined {
  if (node.is && tag.test(node.is)) return node;
  for (const child of [...(node.shadowRoot ? [node.shadowRoot] : []), ...(node.childNodes ?? [])]) {
    const hit = nativeIn(child, tag);
    if (hit) return hit;
  }
  return undefined;
}

/** Choosing in a native <picker>: WeChat fires `change` with detail.value the chosen index for a
 * selector picker (a number) and the 'YYYY-MM-DD' / 'YYYY-MM' string for a date picker. */
export function pick(page: Page, sel: string, value: number | string): void {
  const picker = nativeIn(found(page, sel)._exparserNode, /^picker$/);
  if (!picker) throw new Error(`${sel} draws no picker`);
  new WrappedNode(picker).dispatchEvent('change', { detail: { value } });
}

/** wx.requestSubscribeMessage answered once with `answer` for every template: 'reject' when she
 * declines on the prompt, 'ban' when the template is banned (documented values of its success result). */
export function subscribeAnswers(wx: Record<string, any>, answer: 'accept' | 'reject' | 'ban'): void {
  (wx.requestSubscribeMessage as jest.Mock).mockImplementationOnce((o: { tmplIds: string[]; success?: (r: Record<string, string>) => void; complete?: () => void }) => {
    o.success?.({ errMsg: 'requestSubscribeMessage:ok', ...Object.fromEntries(o.tmplIds.map((id) => [id, answer])) });
    o.complete?.();
  });
}

/** wx.requestSubscribeMessage failing once, as when she has switched off subscriptions in the
 * app's settings: fail({ errCode: 20004, errMsg: 'requestSubscribeMessage:fail The main switch is switched off' }). */
export function subscribeFails(wx: Record<string, any>, errCode = 20004, errMsg = 'requestSubscribeMessage:fail The main switch is switched off'): void {
  (wx.requestSubscribeMessage as jest.Mock).mockImplementationOnce((o: { fail?: (e: unknown) => void; complete?: () => void }) => {
    o.fail?.({ errCode, errMsg });
    o.complete?.();
  });
}

/**
 * A tap on the option whose value is `value` in a t-checkbox-group / t-radio-group drawn from
 * `options`: the t-checkbox's root catches the tap (mut-bind:tap="handleTap") and the group
 * triggers `change` with { value } (the whole checked list for checkboxes, the one value for radios),
 * as TDesign does on a phone.
 */
export function tapOption(page: Page, sel: string, value: string): void {
  const hit = optionIn(found(page, sel)._exparserNode, value);
  if (!hit) throw new Error(`${sel} draws no option ${value}`);
  new WrappedNode(hit).dispatchEvent('tap');
}
interface OptionNode extends TreeNode { dataset?: { item?: { value?: unknown }; value?: unknown } }
function optionIn(node: OptionNode, value: string): OptionNode | undefined {
  const d = node.dataset;
  if (d && (String(d.item?.value) === value || (d.item === undefined && d.value !== undefined && String(d.value) === value))) return node;
  for (const child of [...(node.shadowRoot ? [node.shadowRoot] : []), ...(node.childNodes ?? [])] as OptionNode[]) {
    const hit = optionIn(child, value);
    if (hit) return hit;
  }
  return undefined;
}
