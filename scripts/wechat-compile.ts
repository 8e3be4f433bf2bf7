import fs from 'fs';
import path from 'path';

/**
 * WeChat's own template and style compilers (wcc and wcsc, shipped for Linux, macOS and Windows in
 * the npm package miniprogram-compiler) over the mini-program: what DevTools and the upload would
 * refuse (an unclosed tag, wx:else without wx:if, an unclosed {{, a broken style rule) fails here
 * with file and line.
 *
 * - compileWxml / compileWxss compile a given list of files together;
 * - compileEachOwn compiles each of our .wxml and .wxss (not miniprogram_npm) on its own;
 * - compileWholeApp compiles every .wxml/.wxs and every .wxss under the root together, TDesign's
 *   in miniprogram_npm included, as the upload does.
 *
 * Run it alone with `npx tsx scripts/wechat-compile.ts`; tests/miniprogram/wechat-compiler.test.ts
 * runs it in `npm test`.
 */

export interface CompileError {
  /** path relative to the compiled root, forward slashes */
  file: string;
  line: number;
  message: string;
}

/** The whole app's compiled templates are over 1 MB, more than node's default spawnSync buffer. */
export const MAX_BUFFER = 64 * 1024 * 1024;

// eslint-disable-next-line @typescript-eslint/no-var-requires
const compiler = require('miniprogram-compiler') as { wxmlToJs(root: string, o: { wxmlList: string[]; wxsList: string[]; maxBuffer: number }): string };
// wcsc's own module: it RETURNS an Error (the index wrapper would then fail on it obscurely)
// eslint-disable-next-line @typescript-eslint/no-var-requires
const wcsc = require('miniprogram-compiler/src/wcsc') as (root: string, filesWithoutExt: string[], o: { maxBuffer: number }) => Record<string, string> | Error;

/** Splits a compiler's message into findings: `a.wxml:3:5: msg` (wcc) and `a.wxss(3:5): msg` (wcsc). */
export function parseCompilerMessage(message: string, files: string[]): CompileError[] {
  const text = message.replace(/^编译 \.(wxml|wxss) 文件错误：/, '').trim();
  const out: CompileError[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    let m = /^(?:ERR: )?(\S+?\.wxml):(\d+):(\d+):\s*(.*)$/.exec(line);
    if (m) {
      out.push({ file: m[1], line: Number(m[2]), message: m[4] });
      continue;
    }
    m = /^(?:ERR: )?(\S+?\.wxss)\((\d+):(\d+)\):\s*(.*)$/.exec(line);
    if (m) {
      out.push({ file: m[1].replace(/^\.\//, ''), line: Number(m[2]), message: m[4] });
      continue;
    }
    m = /^(\S+?\.(?:wxml|wxss|wxs)) (not found.*)$/.exec(line);
    if (m) out.push({ file: m[1], line: 0, message: m[2] });
  }
  // a message in no known shape still fails, named after the files compiled
  if (!out.length) out.push({ file: files.length === 1 ? files[0] : `${files.length} files`, line: 0, message: text || 'compiler failed with no message' });
  return out;
}

/** Compiles .wxml files (paths relative to root) and .wxs modules together with wcc. */
export function compileWxml(root: string, wxmlList: string[], wxsList: string[] = []): CompileError[] {
  try {
    compiler.wxmlToJs(root, { wxmlList, wxsList, maxBuffer: MAX_BUFFER });
    return [];
  } catch (err) {
    return parseCompilerMessage(err instanceof Error ? err.message : String(err), wxmlList);
  }
}

/** Compiles .wxss files (paths relative to root) together with wcsc. */
export function compileWxss(root: string, wxssList: string[]): CompileError[] {
  let result: Record<string, string> | Error;
  try {
    result = wcsc(root, wxssList.map((f) => f.replace(/\.wxss$/, '')), { maxBuffer: MAX_BUFFER });
  } catch (err) {
    result = err instanceof Error ? err : new Error(String(err));
  }
  return result instanceof Error ? parseCompilerMessage(result.message, wxssList) : [];
}

/** Files under root with an extension, relative, sorted; miniprogram_npm only if asked. */
export function listFiles(root: string, ext: string, withNpm: boolean): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.') || (!withNpm && e.name === 'miniprogram_npm')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) visit(full);
      else if (e.name.endsWith(ext)) out.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  visit(root);
  return out.sort();
}

/** Each of our .wxml and .wxss on its own (our .wxs modules given to every template). */
export function compileEachOwn(root: string): { files: number; errors: CompileError[] } {
  const wxs = listFiles(root, '.wxs', false);
  const wxml = listFiles(root, '.wxml', false);
  const wxss = listFiles(root, '.wxss', false);
  const errors = [...wxml.flatMap((f) => compileWxml(root, [f], wxs)), ...wxss.flatMap((f) => compileWxss(root, [f]))];
  return { files: wxml.length + wxss.length, errors };
}

/** Everything under root together, miniprogram_npm included, as an upload compiles it. */
export function compileWholeApp(root: string): { wxml: number; wxss: number; errors: CompileError[] } {
  const wxml = listFiles(root, '.wxml', true);
  const wxss = listFiles(root, '.wxss', true);
  const errors = [...compileWxml(root, wxml, listFiles(root, '.wxs', true)), ...compileWxss(root, wxss)];
  return { wxml: wxml.length, wxss: wxss.length, errors };
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  const root = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'miniprogram'));
  let t = Date.now();
  const each = compileEachOwn(root);
  console.log(`each of our ${each.files} .wxml/.wxss on its own: ${Date.now() - t} ms`);
  t = Date.now();
  const whole = compileWholeApp(root);
  console.log(`the whole app (${whole.wxml} .wxml, ${whole.wxss} .wxss): ${Date.now() - t} ms`);
  const errors = [...each.errors, ...whole.errors];
  for (const e of errors) console.log(`${e.file}:${e.line}: ${e.message}`);
  process.exit(errors.length ? 1 : 0);
}
