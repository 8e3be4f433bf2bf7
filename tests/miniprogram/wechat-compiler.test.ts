import path from 'path';
import { compileEachOwn, compileWholeApp, compileWxml, compileWxss, listFiles } from '../../scripts/wechat-compile';
import { tempTree } from '../helpers/temp-tree';

/**
 * WeChat's own compilers (wcc for .wxml/.wxs, wcsc for .wxss, from the npm package
 * miniprogram-compiler) over the mini-program: each of our files on its own, then the whole app
 * with TDesign's files in miniprogram_npm, as an upload compiles it. Planted mistakes prove a
 * compiler error fails here with file and line.
 */
const MP_ROOT = path.resolve(__dirname, '../../miniprogram');

test('each of our .wxml and .wxss compiles on its own', () => {
  const { files, errors } = compileEachOwn(MP_ROOT);
  expect(files).toBe(listFiles(MP_ROOT, '.wxml', false).length + listFiles(MP_ROOT, '.wxss', false).length);
  expect(files).toBeGreaterThan(60);
  expect(errors).toEqual([]);
});

test('the whole app compiles together, TDesign included', () => {
  const { wxml, wxss, errors } = compileWholeApp(MP_ROOT);
  // miniprogram_npm is built by the project (scripts/build-npm.ts) before the tests
  expect(listFiles(MP_ROOT, '.wxml', true).some((f) => f.startsWith('miniprogram_npm/tdesign-miniprogram/'))).toBe(true);
  expect(wxml).toBeGreaterThan(listFiles(MP_ROOT, '.wxml', false).length);
  expect(wxss).toBeGreaterThan(listFiles(MP_ROOT, '.wxss', false).length);
  expect(errors).toEqual([]);
});

describe('planted mistakes', () => {
  let root: string;
  let write: (rel: string, text: string) => void;
  let remove: () => void;

  beforeAll(() => {
    ({ root, write, remove } = tempTree('wechat-compile-'));
    write('app.json', JSON.stringify({ pages: ['pages/ok/index', 'pages/unclosed/index', 'pages/else/index', 'pages/style/index'] }));
    write('app.wxss', 'page { background: #f3f3f3; }\n');
    for (const p of ['ok', 'unclosed', 'else', 'style']) write(`pages/${p}/index.json`, '{}');
    write('pages/ok/index.wxml', '<view wx:if="{{a}}">a</view>\n<view wx:else>b</view>\n');
    write('pages/ok/index.wxss', '.a { color: red; }\n');
    write('pages/unclosed/index.wxml', '<view class="page">\n  <view class="card">\n    <text>未闭合</text>\n</view>\n');
    write('pages/unclosed/index.wxss', '');
    write('pages/else/index.wxml', '<view>\n  <text>a</text>\n  <text wx:else>b</text>\n</view>\n');
    write('pages/else/index.wxss', '');
    write('pages/style/index.wxml', '<view class="a">x</view>\n');
    write('pages/style/index.wxss', '.a { color: red;\n.b { color: blue; }\n');
  });

  afterAll(() => remove());

  test('an unclosed tag', () => {
    expect(compileWxml(root, ['pages/unclosed/index.wxml'])).toEqual([{ file: 'pages/unclosed/index.wxml', line: 1, message: 'end tag missing, near `view`' }]);
  });

  test('wx:else without wx:if', () => {
    expect(compileWxml(root, ['pages/else/index.wxml'])).toEqual([
      { file: 'pages/else/index.wxml', line: 3, message: 'Bad attr `wx:else` with message: `wx:if not found, then something must be wrong`.' },
    ]);
  });

  test('a broken style rule (wcsc returns its error rather than throwing it)', () => {
    expect(compileWxss(root, ['pages/style/index.wxss'])).toEqual([{ file: 'pages/style/index.wxss', line: 2, message: 'unexpected `{` at pos 21' }]);
  });

  test('the good files compile', () => {
    expect(compileWxml(root, ['pages/ok/index.wxml', 'pages/style/index.wxml'])).toEqual([]);
    expect(compileWxss(root, ['app.wxss', 'pages/ok/index.wxss'])).toEqual([]);
  });

  test('each file on its own and the whole app both fail on them', () => {
    const each = compileEachOwn(root).errors.map((e) => `${e.file}:${e.line}`);
    expect(each).toEqual(['pages/else/index.wxml:3', 'pages/unclosed/index.wxml:1', 'pages/style/index.wxss:2']);
    const whole = compileWholeApp(root).errors.map((e) => `${e.file}:${e.line}`);
    expect(whole.length).toBeGreaterThan(0);
    expect(whole).toContain('pages/style/index.wxss:2');
  });
});
