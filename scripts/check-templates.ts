import fs from 'fs';
import path from 'path';
import ts from 'typescript';
import { listFiles } from './wechat-compile';

/**
 * The template check: reads every .wxml of the mini-program (not miniprogram_npm) the way WeChat
 * will use it and reports what WeChat would silently ignore.
 *
 * - Every tag is a WeChat built-in or registered in the page's (or app.json's) usingComponents, and
 *   the registered path resolves to a component.
 * - Every attribute on a custom component is one it declares: a property (dash-case in WXML,
 *   camelCase in JS), an external class, or an event it triggers (bind:x, bindx, catch:x, catchx,
 *   capture-bind:x, capture-catch:x, mut-bind:x); or a generic attribute (id, class, style, hidden,
 *   slot, data-*, wx:if/elif/else/for/for-item/for-index/key, generic:*, mark:*). Touch events that
 *   bubble out of every component (tap, longpress, touchstart, …) may be bound on any component.
 *   A virtual-host component (all of TDesign's) has no node of its own: class, style and hidden on
 *   its tag work only if it declares them (TDesign declares class and style, not hidden).
 *   TDesign's declarations are read from its own files in miniprogram_npm (props.js, type.d.ts,
 *   `this.externalClasses`, behaviors, the properties its wxComponent decorator adds, and the names
 *   it passes to triggerEvent / _trigger); ours from `Component({ properties, externalClasses })`.
 * - Every literal event handler (bindtap="onX", bind:change="onX", catch…) on any tag names a
 *   method of the page or component: a key of `methods` in its `Component({...})` (or a top-level
 *   key of `Page({...})`).
 *
 * Run it alone with `npx tsx scripts/check-templates.ts`; tests/miniprogram/templates.test.ts runs it
 * in `npm test`.
 */

export interface Finding {
  /** path relative to the checked root, with forward slashes */
  file: string;
  line: number;
  message: string;
  /** what the component does declare, when that helps */
  hint?: string;
}

/** WeChat's built-in components and WXML's own tags: no usingComponents entry needed. */
export const BUILT_IN_TAGS = new Set([
  // view containers
  'view', 'scroll-view', 'swiper', 'swiper-item', 'movable-area', 'movable-view', 'cover-view', 'cover-image',
  'match-media', 'page-container', 'share-element', 'root-portal', 'grid-view', 'list-view', 'sticky-header',
  'sticky-section', 'grid-builder', 'list-builder', 'nested-scroll-header', 'nested-scroll-body', 'draggable-sheet',
  'open-container', 'snapshot', 'span',
  // basic content
  'icon', 'progress', 'rich-text', 'text', 'selection',
  // form
  'button', 'checkbox', 'checkbox-group', 'editor', 'editor-portal', 'form', 'input', 'keyboard-accessory', 'label',
  'picker', 'picker-view', 'picker-view-column', 'radio', 'radio-group', 'slider', 'switch', 'textarea',
  // navigation, media, map, canvas, open abilities
  'functional-page-navigator', 'navigator', 'navigation-bar', 'page-meta', 'audio', 'camera', 'channel-live',
  'channel-video', 'image', 'live-player', 'live-pusher', 'video', 'voip-room', 'map', 'canvas', 'web-view', 'ad',
  'ad-custom', 'official-account', 'official-account-publish', 'open-data', 'store-coupon', 'store-gift',
  'store-home', 'store-product', 'aria-component', 'xr-frame',
  // WXML itself
  'block', 'template', 'import', 'include', 'wxs', 'slot',
]);

const WX_DIRECTIVES = new Set(['wx:if', 'wx:elif', 'wx:else', 'wx:for', 'wx:for-items', 'wx:for-item', 'wx:for-index', 'wx:key']);
const GENERIC_ATTRS = new Set(['id', 'class', 'style', 'hidden', 'slot']);
/** Touch and animation events bubble from a component's inside to its host, whatever it declares. */
export const BUBBLING_EVENTS = new Set([
  'tap', 'longpress', 'longtap', 'touchstart', 'touchmove', 'touchend', 'touchcancel', 'touchforcechange',
  'transitionend', 'animationstart', 'animationiteration', 'animationend',
]);

export const camelCase = (s: string) => s.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
export const dashCase = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** What a component declares. */
export interface ComponentDef {
  /** the component's source file, relative to the checked root */
  source: string;
  properties: Set<string>;
  externalClasses: Set<string>;
  events: Set<string>;
  /** options.virtualHost: no node of its own, so class, style and hidden on its tag reach nothing
   * unless it declares them (TDesign declares class and style) */
  virtualHost: boolean;
}

/** One event binding attribute split into its form and event name, or null if the attribute is none. */
export function parseEventAttr(name: string): { form: string; event: string } | null {
  const m = /^(capture-bind|capture-catch|mut-bind|bind|catch)(:?)([A-Za-z][\w-]*)$/.exec(name);
  if (!m) return null;
  return { form: m[1] + m[2], event: m[3] };
}

// ---------------------------------------------------------------------------------------------
// reading JS / TS source with the TypeScript parser

const sourceCache = new Map<string, ts.SourceFile>();
function parse(file: string): ts.SourceFile {
  let sf = sourceCache.get(file);
  if (!sf) {
    const kind = file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
    sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, kind);
    sourceCache.set(file, sf);
  }
  return sf;
}

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((c) => walk(c, visit));
}

function keyName(name: ts.PropertyName): string | null {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return null;
}

/** Resolves a relative import from a .js/.ts file to the file it names. */
function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec);
  for (const cand of [base, `${base}.ts`, `${base}.js`, path.join(base, 'index.ts'), path.join(base, 'index.js')]) {
    if (fs.existsSync(cand) && fs.statSync(cand).isFile()) return cand;
  }
  return null;
}

/** Where an identifier comes from in a file: a local initializer or an import (default or named). */
function lookupIdentifier(sf: ts.SourceFile, name: string): { init?: ts.Expression; importFrom?: string; importName?: string } | null {
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.name.text === name && d.initializer) return { init: d.initializer };
      }
    }
    if (ts.isImportDeclaration(st) && st.importClause && ts.isStringLiteral(st.moduleSpecifier)) {
      const spec = st.moduleSpecifier.text;
      const clause = st.importClause;
      if (clause.name?.text === name) return { importFrom: resolveImport(sf.fileName, spec) ?? undefined, importName: 'default' };
      if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) {
        for (const el of clause.namedBindings.elements) {
          if (el.name.text === name) return { importFrom: resolveImport(sf.fileName, spec) ?? undefined, importName: (el.propertyName ?? el.name).text };
        }
      }
    }
  }
  return null;
}

/** The expression a module exports under a name ('default' or named). */
function exportedExpression(file: string, exportName: string): { sf: ts.SourceFile; expr: ts.Expression } | null {
  const sf = parse(file);
  for (const st of sf.statements) {
    if (exportName === 'default' && ts.isExportAssignment(st)) return { sf, expr: st.expression };
    if (ts.isVariableStatement(st) && st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      for (const d of st.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.name.text === exportName && d.initializer) return { sf, expr: d.initializer };
      }
    }
  }
  return null;
}

/** The keys of an object-valued expression: a literal, a name bound to one, or Object.assign of them. */
function objectKeys(sf: ts.SourceFile, expr: ts.Expression, depth = 0): string[] | null {
  if (depth > 8) return null;
  while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr)) expr = expr.expression;
  if (ts.isObjectLiteralExpression(expr)) {
    const keys: string[] = [];
    for (const p of expr.properties) {
      if (ts.isSpreadAssignment(p)) {
        const inner = objectKeys(sf, p.expression, depth + 1);
        if (!inner) return null;
        keys.push(...inner);
      } else if (p.name) {
        const k = keyName(p.name);
        if (k === null) return null;
        keys.push(k);
      }
    }
    return keys;
  }
  if (ts.isIdentifier(expr)) {
    const found = lookupIdentifier(sf, expr.text);
    if (found?.init) return objectKeys(sf, found.init, depth + 1);
    if (found?.importFrom && found.importName) {
      const ex = exportedExpression(found.importFrom, found.importName);
      if (ex) return objectKeys(ex.sf, ex.expr, depth + 1);
    }
    return null;
  }
  if (ts.isCallExpression(expr) && expr.expression.getText(sf) === 'Object.assign') {
    const keys: string[] = [];
    for (const a of expr.arguments) {
      const k = objectKeys(sf, a, depth + 1);
      if (!k) return null;
      keys.push(...k);
    }
    return keys;
  }
  return null;
}

/** The strings an array-of-strings expression holds; `${prefix}` (TDesign's config prefix) is read as given. */
function stringElements(sf: ts.SourceFile, expr: ts.Expression, prefix: string): string[] | null {
  if (!ts.isArrayLiteralExpression(expr)) return null;
  const out: string[] = [];
  for (const el of expr.elements) {
    if (ts.isStringLiteral(el) || ts.isNoSubstitutionTemplateLiteral(el)) out.push(el.text);
    else if (ts.isTemplateExpression(el)) {
      let s = el.head.text;
      for (const span of el.templateSpans) {
        if (span.expression.getText(sf) !== 'prefix') return null;
        s += prefix + span.literal.text;
      }
      out.push(s);
    } else return null;
  }
  return out;
}

/** Every string literal inside an expression (for behaviors such as `cond ? ["wx://form-field-button"] : []`). */
function stringLiterals(node: ts.Node): string[] {
  const out: string[] = [];
  walk(node, (n) => {
    if (ts.isStringLiteral(n)) out.push(n.text);
  });
  return out;
}

/** The object literal passed to a top-level `Component({...})` or `Page({...})` call, if any. */
export function componentOptions(sf: ts.SourceFile): { kind: 'Component' | 'Page'; options: ts.ObjectLiteralExpression } | null {
  let found: { kind: 'Component' | 'Page'; options: ts.ObjectLiteralExpression } | null = null;
  walk(sf, (n) => {
    if (found || !ts.isCallExpression(n) || !ts.isIdentifier(n.expression)) return;
    const name = n.expression.text;
    if ((name === 'Component' || name === 'Page') && n.arguments[0] && ts.isObjectLiteralExpression(n.arguments[0])) {
      found = { kind: name, options: n.arguments[0] };
    }
  });
  return found;
}

function optionValue(options: ts.ObjectLiteralExpression, key: string): ts.Expression | null {
  for (const p of options.properties) {
    if (ts.isPropertyAssignment(p) && keyName(p.name) === key) return p.initializer;
  }
  return null;
}

/** Properties that built-in behaviors add. */
const BUILT_IN_BEHAVIOR_PROPS: Record<string, string[]> = {
  'wx://form-field': ['name', 'value'],
  'wx://form-field-group': ['name'],
  'wx://form-field-button': [],
  'wx://component-export': [],
  'wx://proxy-scroll-view': [],
};

/** Property keys declared by the `Behavior({ properties })` calls in a module. */
function behaviorModuleProps(file: string): string[] {
  const sf = parse(file);
  const keys: string[] = [];
  walk(sf, (n) => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'Behavior' && n.arguments[0] && ts.isObjectLiteralExpression(n.arguments[0])) {
      const props = optionValue(n.arguments[0], 'properties');
      if (props) keys.push(...(objectKeys(sf, props) ?? []));
    }
  });
  return keys;
}

/** Event names passed as literals to triggerEvent / _trigger (TDesign's controlled-props helper). */
function triggeredEvents(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\b(?:triggerEvent|_trigger)\(\s*([^,)]*)/g)) {
    for (const s of m[1].matchAll(/(["'`])([^"'`$]+)\1/g)) out.push(s[2]);
  }
  return out;
}

/** What TDesign's wxComponent decorator adds to every component (read from its own source). */
function decoratorAdditions(decoratorFile: string): { properties: string[]; externalClasses: string[] } {
  const text = fs.readFileSync(decoratorFile, 'utf8');
  const properties = [...text.matchAll(/\{key:"(\w+)",type:\w+\}/g)].map((m) => m[1]);
  properties.push(...[...text.matchAll(/\.properties\.(\w+)=\{/g)].map((m) => m[1]));
  const ext = /externalClasses=\[((?:"[^"]*",)*)\.\.\.\w+\]/.exec(text);
  const externalClasses = ext ? [...ext[1].matchAll(/"([^"]*)"/g)].map((m) => m[1]) : [];
  return { properties, externalClasses };
}

/** Reads what a component declares from its source (.ts for ours, .js for npm components). */
export function readComponentDef(componentBase: string, root: string): ComponentDef | { error: string } {
  const srcFile = [`${componentBase}.ts`, `${componentBase}.js`].find((f) => fs.existsSync(f));
  if (!srcFile) return { error: 'no .ts or .js' };
  const sf = parse(srcFile);
  const text = sf.text;
  const dir = path.dirname(srcFile);
  const properties = new Set<string>();
  const externalClasses = new Set<string>();
  const events = new Set<string>(triggeredEvents(text));
  const problems: string[] = [];
  let virtualHost = false;

  // TDesign's config prefix ("t"): `${prefix}-class`
  let prefix = 't';
  const configFile = resolveImport(srcFile, '../common/config');
  if (configFile) prefix = /prefix:"(\w+)"/.exec(fs.readFileSync(configFile, 'utf8'))?.[1] ?? prefix;

  const addBehaviors = (expr: ts.Expression) => {
    for (const s of stringLiterals(expr)) {
      if (s in BUILT_IN_BEHAVIOR_PROPS) BUILT_IN_BEHAVIOR_PROPS[s].forEach((p) => properties.add(p));
    }
    walk(expr, (n) => {
      const id = ts.isCallExpression(n) && ts.isIdentifier(n.expression) ? n.expression : ts.isIdentifier(n) ? n : null;
      if (!id) return;
      const found = lookupIdentifier(sf, id.text);
      if (found?.importFrom) {
        behaviorModuleProps(found.importFrom).forEach((p) => properties.add(p));
        triggeredEvents(fs.readFileSync(found.importFrom, 'utf8')).forEach((e) => events.add(e));
      }
    });
  };
  const addProperties = (expr: ts.Expression) => {
    const keys = objectKeys(sf, expr);
    if (keys) keys.forEach((k) => properties.add(k));
    else problems.push(`properties not readable: ${expr.getText(sf).slice(0, 60)}`);
  };
  const addExternalClasses = (expr: ts.Expression) => {
    const list = stringElements(sf, expr, prefix);
    if (list) list.forEach((c) => externalClasses.add(c));
    else problems.push(`externalClasses not readable: ${expr.getText(sf).slice(0, 60)}`);
  };

  // ours: Component({ properties, externalClasses, behaviors })
  const opts = componentOptions(sf);
  if (opts) {
    const p = optionValue(opts.options, 'properties');
    if (p) addProperties(p);
    const e = optionValue(opts.options, 'externalClasses');
    if (e) addExternalClasses(e);
    const b = optionValue(opts.options, 'behaviors');
    if (b) addBehaviors(b);
    const o = optionValue(opts.options, 'options');
    const vh = o && ts.isObjectLiteralExpression(o) ? optionValue(o, 'virtualHost') : null;
    virtualHost = vh?.kind === ts.SyntaxKind.TrueKeyword;
  }
  // TDesign: class fields assigned in the constructor (this.properties = props, ...)
  walk(sf, (n) => {
    if (!ts.isBinaryExpression(n) || n.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
    if (!ts.isPropertyAccessExpression(n.left) || n.left.expression.kind !== ts.SyntaxKind.ThisKeyword) return;
    const field = n.left.name.text;
    if (field === 'properties') addProperties(n.right);
    else if (field === 'externalClasses') addExternalClasses(n.right);
    else if (field === 'behaviors') addBehaviors(n.right);
  });
  // TDesign: props.js and type.d.ts (Td<Name>Props) beside the component
  const propsJs = path.join(dir, 'props.js');
  if (fs.existsSync(propsJs)) {
    const ex = exportedExpression(propsJs, 'default');
    (ex ? objectKeys(ex.sf, ex.expr) : null)?.forEach((k) => properties.add(k));
  }
  const typeDts = path.join(dir, 'type.d.ts');
  if (fs.existsSync(typeDts)) {
    const tsf = parse(typeDts);
    for (const st of tsf.statements) {
      if (ts.isInterfaceDeclaration(st) && /^Td\w*Props$/.test(st.name.text)) {
        for (const m of st.members) if (m.name) { const k = keyName(m.name); if (k) properties.add(k); }
      }
    }
  }
  // TDesign: the wxComponent decorator adds style, customStyle, aria-* and the "class" external class
  if (/\bwxComponent\b/.test(text)) {
    const decorator = resolveImport(srcFile, '../common/src/instantiationDecorator');
    if (decorator) {
      const add = decoratorAdditions(decorator);
      add.properties.forEach((p) => properties.add(p));
      add.externalClasses.forEach((c) => externalClasses.add(c));
      // on every base library since 2.19.2 (the project's is 3.6.0)
      virtualHost = /options\.virtualHost=!0/.test(fs.readFileSync(decorator, 'utf8'));
    } else problems.push('wxComponent decorator not found');
  }
  if (problems.length) return { error: problems.join('; ') };
  return { source: rel(root, srcFile), properties, externalClasses, events, virtualHost };
}

// ---------------------------------------------------------------------------------------------
// resolving usingComponents

function rel(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** The component a usingComponents path names, as a path without extension, or null. */
export function resolveComponentPath(root: string, fromDir: string, spec: string): string | null {
  if (spec.startsWith('plugin://') || spec.startsWith('plugin-private://')) return null;
  const candidates: string[] = [];
  if (spec.startsWith('/')) candidates.push(path.join(root, spec));
  else if (spec.startsWith('.')) candidates.push(path.resolve(fromDir, spec));
  else {
    // npm: miniprogram_npm in the page's folder or any folder above it up to the root, then relative
    for (let d = fromDir; ; d = path.dirname(d)) {
      candidates.push(path.join(d, 'miniprogram_npm', spec));
      if (path.relative(root, d) === '' || !d.startsWith(root)) break;
    }
    candidates.push(path.resolve(fromDir, spec));
  }
  for (const c of candidates) {
    for (const base of [c, path.join(c, 'index')]) {
      if (fs.existsSync(`${base}.json`) && (fs.existsSync(`${base}.js`) || fs.existsSync(`${base}.ts`))) return base;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// reading WXML with sax (loose mode) for structure; attributes from the tag's own source text so
// their case and line are exact

interface TagNode {
  name: string;
  line: number;
  attrs: { name: string; value: string | null; line: number }[];
}

interface SaxParser {
  onopentag: (node: { name: string }) => void;
  onerror: (e: Error) => void;
  startTagPosition: number;
  position: number;
  error: Error | null;
  resume(): SaxParser;
  write(s: string): SaxParser;
  close(): SaxParser;
}
// eslint-disable-next-line @typescript-eslint/no-var-requires
const sax = require('sax') as { parser(strict: boolean, opts: Record<string, unknown>): SaxParser };

export function readWxmlTags(source: string): TagNode[] {
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const tags: TagNode[] = [];
  const p = sax.parser(false, { lowercase: true, position: true });
  p.onerror = () => {
    // loose mode: keep going; WeChat's own compiler (scripts/wechat-compile.ts) judges syntax
    p.error = null;
    p.resume();
  };
  p.onopentag = () => {
    const start = p.startTagPosition - 1;
    const raw = source.slice(start, p.position);
    const m = /^<([^\s/>]+)/.exec(raw);
    if (!m) return;
    const tag: TagNode = { name: m[1], line: lineOf(start), attrs: [] };
    const attrRe = /([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+))?/g;
    attrRe.lastIndex = m[0].length;
    for (let a = attrRe.exec(raw); a; a = attrRe.exec(raw)) {
      let value: string | null = a[2] ?? null;
      if (value && /^["']/.test(value)) value = value.slice(1, -1);
      tag.attrs.push({ name: a[1], value, line: lineOf(start + a.index) });
    }
    tags.push(tag);
  };
  p.write(source).close();
  return tags;
}

// ---------------------------------------------------------------------------------------------
// handlers

/** The names a page or component's handlers may use: `methods` of Component(), top level of Page(). */
export function handlerNames(tsFile: string): Set<string> | { error: string } {
  const sf = parse(tsFile);
  const found = componentOptions(sf);
  if (!found) return { error: 'no Component({...}) or Page({...}) call' };
  const keysOf = (o: ts.ObjectLiteralExpression) => {
    const names: string[] = [];
    for (const p of o.properties) {
      if (ts.isSpreadAssignment(p)) return null;
      if (p.name) {
        const k = keyName(p.name);
        if (k === null) return null;
        names.push(k);
      }
    }
    return names;
  };
  if (found.kind === 'Page') {
    const names = keysOf(found.options);
    return names ? new Set(names) : { error: 'Page({...}) keys not statically readable (spread or computed key)' };
  }
  const behaviors = optionValue(found.options, 'behaviors');
  const inherited = behaviors ? behaviorMethods(sf, behaviors) : [];
  if (!inherited) return { error: 'behaviors: handlers from a behavior other than a Behavior({...}) the file names are not checked; list the methods in methods: {}' };
  const methods = optionValue(found.options, 'methods');
  if (!methods) return new Set(inherited);
  if (!ts.isObjectLiteralExpression(methods)) return { error: 'methods is not an object literal' };
  const names = keysOf(methods);
  return names ? new Set([...inherited, ...names]) : { error: 'methods not statically readable (spread or computed key)' };
}

/** The methods `behaviors: [a, b]` add when each is a `Behavior({...})` the file declares or
 * imports (one without behaviors of its own); null when one cannot be read that way. */
function behaviorMethods(sf: ts.SourceFile, list: ts.Expression): string[] | null {
  if (!ts.isArrayLiteralExpression(list)) return null;
  const names: string[] = [];
  for (const el of list.elements) {
    if (!ts.isIdentifier(el)) return null;
    const found = lookupIdentifier(sf, el.text);
    const def = found?.init ? { sf, expr: found.init } : found?.importFrom && found.importName ? exportedExpression(found.importFrom, found.importName) : null;
    if (!def || !ts.isCallExpression(def.expr) || !ts.isIdentifier(def.expr.expression) || def.expr.expression.text !== 'Behavior') return null;
    const options = def.expr.arguments[0];
    if (!options || !ts.isObjectLiteralExpression(options) || optionValue(options, 'behaviors')) return null;
    const methods = optionValue(options, 'methods');
    const keys = methods ? objectKeys(def.sf, methods) : [];
    if (!keys) return null;
    names.push(...keys);
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// the check


function readJson(file: string): Record<string, unknown> | null {
  if (!fs.existsSync(file)) return null;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** Checks every .wxml under root (a mini-program root with app.json) and returns what is wrong. */
/**
 * Calls inside `{{ }}`. WXML's data binding evaluates operators and property reads only: a method
 * call such as `list.indexOf(x)` compiles without complaint and renders as empty on a phone. Only a
 * function of the file's own `<wxs module>` may be called (`mod.fn(x)`).
 */
export function expressionCalls(source: string): { line: number; call: string }[] {
  const modules = new Set([...source.matchAll(/<wxs\b[^>]*\bmodule="([^"]+)"/g)].map((m) => m[1]));
  // inline wxs code is JavaScript, not a binding
  const text = source.replace(/<wxs\b(?:[^>]*[^/>])?>[\s\S]*?<\/wxs>/g, (m) => m.replace(/[^\n]/g, ' '));
  const out: { line: number; call: string }[] = [];
  for (const m of text.matchAll(/\{\{([\s\S]*?)\}\}/g)) {
    const expr = m[1].replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, (q) => ' '.repeat(q.length));
    for (const c of expr.matchAll(/([A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*|\[[^\]]*\])*)\s*\(/g)) {
      const chain = c[1].split('.').map((x) => x.trim());
      if (chain.length === 2 && modules.has(chain[0])) continue;
      const offset = (m.index ?? 0) + 2 + (c.index ?? 0);
      out.push({ line: source.slice(0, offset).split('\n').length, call: `${c[1].replace(/\s+/g, '')}(` });
    }
  }
  return out;
}

export function checkTemplates(root: string): Finding[] {
  root = path.resolve(root);
  const findings: Finding[] = [];
  const defs = new Map<string, ComponentDef | { error: string }>();
  const appUsing = (readJson(path.join(root, 'app.json'))?.usingComponents ?? {}) as Record<string, string>;

  for (const wxml of listFiles(root, '.wxml', false).map((f) => path.join(root, f))) {
    const file = rel(root, wxml);
    const base = wxml.slice(0, -'.wxml'.length);
    const dir = path.dirname(wxml);
    const add = (line: number, message: string, hint?: string) => findings.push(hint ? { file, line, message, hint } : { file, line, message });
    const json = readJson(`${base}.json`);
    // app.json's components are registered for every page and component
    const using: Record<string, { spec: string; fromDir: string }> = {};
    for (const [tag, spec] of Object.entries(appUsing)) using[tag] = { spec, fromDir: root };
    for (const [tag, spec] of Object.entries((json?.usingComponents ?? {}) as Record<string, string>)) using[tag] = { spec, fromDir: dir };

    const tsFile = [`${base}.ts`, `${base}.js`].find((f) => fs.existsSync(f));
    let handlers: Set<string> | { error: string } | null = null;
    const handlersOf = () => (handlers ??= tsFile ? handlerNames(tsFile) : { error: 'no .ts or .js beside the .wxml' });
    let handlerErrorReported = false;

    const source = fs.readFileSync(wxml, 'utf8');
    for (const c of expressionCalls(source)) add(c.line, `{{ ${c.call}… }}: WXML bindings cannot call methods (it renders as empty); compute it in the page's data or a <wxs> module`);
    for (const tag of readWxmlTags(source)) {
      // handlers, on every tag
      for (const a of tag.attrs) {
        const ev = parseEventAttr(a.name);
        if (!ev || (a.value !== null && a.value.includes('{{'))) continue;
        const h = handlersOf();
        if ('error' in h) {
          if (!handlerErrorReported) add(a.line, `<${tag.name} ${a.name}>: cannot check handlers: ${h.error}`);
          handlerErrorReported = true;
        } else if (!a.value) add(a.line, `<${tag.name} ${a.name}>: empty handler`);
        else if (!(h instanceof Set) || !h.has(a.value)) add(a.line, `<${tag.name} ${a.name}="${a.value}">: no method ${a.value} in ${tsFile ? rel(root, tsFile) : '(no .ts)'}`);
      }
      if (BUILT_IN_TAGS.has(tag.name)) continue;

      const reg = using[tag.name];
      if (!reg) {
        add(tag.line, `<${tag.name}> is not a WeChat component and not in usingComponents of ${json ? rel(root, `${base}.json`) : 'app.json (no .json beside the .wxml)'}`);
        continue;
      }
      // a plugin's components are declared in the plugin, out of reach here
      if (reg.spec.startsWith('plugin://') || reg.spec.startsWith('plugin-private://')) continue;
      const compBase = resolveComponentPath(root, reg.fromDir, reg.spec);
      if (!compBase) {
        add(tag.line, `<${tag.name}>: usingComponents path ${reg.spec} does not resolve to a component`);
        continue;
      }
      let def = defs.get(compBase);
      if (!def) defs.set(compBase, (def = readComponentDef(compBase, root)));
      if ('error' in def) {
        add(tag.line, `<${tag.name}>: cannot read ${reg.spec}: ${def.error}`);
        continue;
      }
      for (const a of tag.attrs) {
        const n = a.name;
        if (def.virtualHost && GENERIC_ATTRS.has(n) && n !== 'id' && n !== 'slot' && !def.properties.has(n) && !def.externalClasses.has(n)) {
          add(a.line, `<${tag.name} ${n}>: ${tag.name} is a virtual host (no node of its own) and does not declare ${n}, so it does nothing${n === 'hidden' ? '; use wx:if' : ''}`);
          continue;
        }
        if (GENERIC_ATTRS.has(n) || n.startsWith('data-') || n.startsWith('generic:') || n.startsWith('mark:')) continue;
        if (n.startsWith('wx:')) {
          if (!WX_DIRECTIVES.has(n)) add(a.line, `<${tag.name} ${n}>: unknown wx: directive`);
          continue;
        }
        const ev = parseEventAttr(n);
        if (ev) {
          if (!def.events.has(ev.event) && !BUBBLING_EVENTS.has(ev.event)) {
            add(a.line, `<${tag.name} ${n}>: ${tag.name} triggers no event "${ev.event}"`, `${def.source} triggers: ${[...def.events].sort().join(', ') || 'nothing'}`);
          }
          continue;
        }
        if (def.externalClasses.has(n)) continue;
        const prop = n.startsWith('model:') ? n.slice('model:'.length) : n;
        if (def.properties.has(camelCase(prop)) || def.properties.has(prop)) continue;
        const known = [...def.properties].filter((p) => !/^aria[A-Z]/.test(p)).map(dashCase).sort().join(', ');
        add(a.line, `<${tag.name} ${n}>: ${tag.name} has no property or external class "${n}"`, `${def.source} properties: ${known}; external classes: ${[...def.externalClasses].join(', ')}`);
      }
    }
  }
  return findings;
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  const root = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'miniprogram'));
  const findings = checkTemplates(root);
  for (const f of findings) console.log(`${f.file}:${f.line}: ${f.message}${f.hint ? `\n    (${f.hint})` : ''}`);
  console.log(findings.length ? `${findings.length} finding(s)` : 'templates: no findings');
  process.exit(findings.length ? 1 : 0);
}
