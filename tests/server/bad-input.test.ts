import { inspectInput, hasControlChar, hasLoneSurrogate, MAX_INPUT_DEPTH } from '../../src/server/input-guard';
import { fakeDb } from './fake-db';

/** Bad input the wrapper must refuse before anything recursive or stateful runs (issue 15). */
let store = fakeDb();
jest.mock('../../src/server/runtime', () => ({
  getDb: jest.fn(() => store.db),
  openidFromContext: jest.fn((ctx: unknown) => (ctx && typeof ctx === 'object' && (ctx as { openid?: string }).openid) || null),
}));
import * as runtime from '../../src/server/runtime';
import { createFunction } from '../../src/server/handler';

const nest = (n: number, leaf: unknown = 1): unknown => {
  let v: unknown = leaf;
  for (let i = 0; i < n; i++) v = [v];
  return v;
};
const refused = (message: string) => ({ ok: false, error: { code: 'INVALID_INPUT', message } });

describe('inspectInput', () => {
  test('depth counts containers, without recursion even at 100,000 levels', () => {
    expect(inspectInput(nest(MAX_INPUT_DEPTH))).toBeNull();
    expect(inspectInput(nest(MAX_INPUT_DEPTH + 1))).toEqual({ kind: 'tooDeep' });
    expect(inspectInput({ a: nest(MAX_INPUT_DEPTH - 1) })).toBeNull();
    expect(inspectInput({ a: nest(MAX_INPUT_DEPTH) })).toEqual({ kind: 'tooDeep' });
    expect(inspectInput(nest(100_000))).toEqual({ kind: 'tooDeep' });
    expect(inspectInput(null)).toBeNull();
    expect(inspectInput('x')).toBeNull();
  });

  test('unpaired surrogates anywhere, in values or keys, with their path; pairs are fine', () => {
    for (const bad of ['\ud800', 'a\udbffb', '\udc00', 'x\udfff', '😀\ud83d', '\ude00😀']) expect(hasLoneSurrogate(bad)).toBe(true);
    for (const good of ['', '普通文字', '😀', 'a😀b😀', '\ud83d\ude00']) expect(hasLoneSurrogate(good)).toBe(false);
    expect(inspectInput({ a: 'ok', b: ['x', { c: '\ud800' }] })).toEqual({ kind: 'loneSurrogate', path: ['b', 1, 'c'] });
    expect(inspectInput({ ['k\udc00']: 1 })).toEqual({ kind: 'loneSurrogate', path: ['k\udc00'] });
    // too deep wins over a surrogate found first
    expect(inspectInput({ a: '\ud800', b: nest(MAX_INPUT_DEPTH) })).toEqual({ kind: 'tooDeep' });
  });

  test('control characters other than tab, line feed and carriage return are found, in values or keys', () => {
    for (const bad of ['\u0000', 'a\u0001b', '\u0008', '\u000b', '\u000c', '\u000e', '名\u001b[31m', '\u001f', '\u007f']) expect(hasControlChar(bad)).toBe(true);
    for (const good of ['', '第一行\n第二行', 'a\tb', 'a\r\nb', ' ', '~', '\u0080', '普通文字😀']) expect(hasControlChar(good)).toBe(false);
    expect(inspectInput({ note: 'ok', list: [{ t: 'x\u0000' }] })).toEqual({ kind: 'controlChar', path: ['list', 0, 't'] });
    expect(inspectInput({ ['k\u0007']: 1 })).toEqual({ kind: 'controlChar', path: ['k\u0007'] });
    expect(inspectInput({ note: '走访\n情况良好\t' })).toBeNull();
  });
});

describe('the wrapper', () => {
  const handlers = new Proxy({} as Record<string, jest.Mock>, { get: (t, k: string) => (t[k] ??= jest.fn(async () => ({}))) });
  const main = createFunction('account', handlers as never);
  beforeEach(() => {
    jest.clearAllMocks();
    store = fakeDb();
  });

  test('5,000 nested arrays answer "too deep" for any action, with or without an identity, touching nothing', async () => {
    const data = nest(5000);
    for (const action of ['login', 'createOrg', 'renameOrg', 'listAudit']) {
      expect(await main({ action, data }, { openid: 'o-1' })).toEqual(refused('提交的内容层级过深'));
      expect(await main({ action, data: { name: data } }, {})).toEqual(refused('提交的内容层级过深'));
    }
    expect(runtime.getDb).not.toHaveBeenCalled();
    expect(store.calls).toEqual([]);
  });

  test('a lone surrogate is refused naming the field (never echoing the bad text), before the database', async () => {
    const createOrg = (name: string) => ({ action: 'createOrg', data: { code: 'x1', name, level: 'street', parentCode: 'd1' } });
    expect(await main(createOrg('某\ud800'), { openid: 'o-1' })).toEqual(refused('组织名称含有无法识别的字符，请删除后重新输入'));
    expect(await main({ action: 'login', data: { ['\udc01']: 'x' } }, { openid: 'o-1' })).toEqual(refused('提交的内容含有无法识别的字符，请删除后重新输入'));
    // identity still comes first
    expect(await main(createOrg('\ud800'), {})).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: '请先登录' } });
    expect(runtime.getDb).not.toHaveBeenCalled();
    expect(handlers.createOrg).not.toHaveBeenCalled();
  });
});
