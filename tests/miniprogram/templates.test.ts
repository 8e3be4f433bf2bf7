import fs from 'fs';
import path from 'path';
import { checkTemplates, expressionCalls, handlerNames, readWxmlTags } from '../../scripts/check-templates';
import { tempTree } from '../helpers/temp-tree';

/**
 * The template check (scripts/check-templates.ts): every attribute on a component is one it
 * declares (TDesign's read from miniprogram_npm), every tag is registered, every handler exists.
 * The real tree has nothing to report; planted mistakes are each reported, with file and line.
 */
const MP_ROOT = path.resolve(__dirname, '../../miniprogram');
const NPM = path.join(MP_ROOT, 'miniprogram_npm');

test('the mini-program has no attribute, tag or handler WeChat would ignore', () => {
  expect(fs.existsSync(path.join(NPM, 'tdesign-miniprogram', 'tag', 'tag.js'))).toBe(true);
  const findings = checkTemplates(MP_ROOT);
  // printed in full when it fails: file, line, what is wrong and what the component declares
  expect(findings).toEqual([]);
});

describe('planted mistakes', () => {
  let root: string;
  let write: (rel: string, text: string) => void;
  let remove: () => void;

  beforeAll(() => {
    ({ root, write, remove } = tempTree('templates-'));
    // the real TDesign, so its declarations are read from the same files as for the real tree
    fs.symlinkSync(NPM, path.join(root, 'miniprogram_npm'), 'dir');
    write('app.json', JSON.stringify({ pages: ['pages/bad/index', 'pages/good/index'] }));
    write('components/card/index.json', JSON.stringify({ component: true }));
    write('components/card/index.wxml', '<view class="t-class" bindtap="pick">{{title}}</view>\n');
    write(
      'components/card/index.ts',
      `Component({
  externalClasses: ['t-class'],
  properties: { title: String, maxLines: { type: Number, value: 2 } },
  methods: { pick() { this.triggerEvent('pick', {}); } },
});
`,
    );
    const using = {
      't-tag': 'tdesign-miniprogram/tag/tag',
      't-steps': 'tdesign-miniprogram/steps/steps',
      't-button': 'tdesign-miniprogram/button/button',
      't-cell': 'tdesign-miniprogram/cell/cell',
      'my-card': '/components/card/index',
    };
    write('pages/bad/index.json', JSON.stringify({ usingComponents: using }));
    write(
      'pages/bad/index.wxml',
      [
        '<view>',
        '  <t-tag text="x"/>',
        '  <t-steps options="{{a}}"/>',
        '  <t-button theme="primary" bind:tap="onMissing" bind:click="onGo">去</t-button>',
        '  <view bindtap="onGo" catch:longpress="onData" />',
        '  <t-unknown />',
        '  <my-card title="x" max-lines="3" note="y" t-class="a" bind:pick="onGo" bind:drop="onGo" />',
        '  <t-tag wx:for="{{list}}" wx:key="id" wx:foo="1">{{item}}</t-tag>',
        '  <t-cell',
        '    title="多行"',
        '    lefticon="app" />',
        '  <button bindtap="helper" bind:longpress="outside">x</button>',
        '  <t-tag hidden="{{h}}">x</t-tag>',
        '</view>',
        '',
      ].join('\n'),
    );
    write(
      'pages/bad/index.ts',
      `function outside() { return 1; }
Component({
  data: { onData: 1 },
  methods: {
    onGo() { helper(); outside(); },
  },
});
function helper() { return 2; }
`,
    );
    // everything allowed: generic attributes, dash-case properties, external classes, declared and
    // bubbling events, model:, every way of writing a method
    write('pages/good/index.json', JSON.stringify({ usingComponents: using }));
    write(
      'pages/good/index.wxml',
      `<t-tag id="t" class="c" style="color:red" data-x="1" mark:y="2" slot="s" wx:if="{{a}}" theme="primary" max-width="80" custom-style="" t-class="k" bind:click="onA" catch:close="onB" capture-bind:tap="onC" mut-bind:touchstart="onD">字</t-tag>
<t-tag wx:elif="{{b}}" bindclick="onA">字</t-tag>
<t-tag wx:else catchclose="onB" capture-catch:longpress="onC">字</t-tag>
<t-cell wx:for="{{list}}" wx:for-item="row" wx:for-index="i" wx:key="id" title="{{row.t}}" left-icon="app" t-class-title="c" hover arrow bind:click="{{row.handler}}" />
<t-button open-type="getPhoneNumber" bind:getphonenumber="onA" t-class-icon="i">号码</t-button>
<t-steps current="{{1}}" readonly layout="vertical"><view>步骤</view></t-steps>
<my-card title="x" max-lines="1" t-class="a" class="b" style="" hidden="{{h}}" bind:pick="onB" generic:item="my-card" />
<view bindtap="onShared" />
`,
    );
    // a method of a Behavior({...}) the page imports is a handler too
    write('behaviors/shared.ts', `export const shared = Behavior({ data: { x: '' }, methods: { onShared() {} } });\n`);
    write(
      'pages/good/index.ts',
      `import { shared } from '../../behaviors/shared';
Component({
  behaviors: [shared],
  methods: {
    onA() {},
    async onB() {},
    onC: function () {},
    'onD': () => undefined,
  },
});
`,
    );
  });

  afterAll(() => remove());

  test('each is reported with its file and line', () => {
    const findings = checkTemplates(root).map(({ file, line, message }) => ({ file, line, message }));
    const bad = 'pages/bad/index.wxml';
    expect(findings).toEqual([
      { file: bad, line: 2, message: '<t-tag text>: t-tag has no property or external class "text"' },
      { file: bad, line: 3, message: '<t-steps options>: t-steps has no property or external class "options"' },
      { file: bad, line: 4, message: '<t-button bind:tap="onMissing">: no method onMissing in pages/bad/index.ts' },
      { file: bad, line: 4, message: '<t-button bind:click>: t-button triggers no event "click"' },
      // a data key is not a method
      { file: bad, line: 5, message: '<view catch:longpress="onData">: no method onData in pages/bad/index.ts' },
      { file: bad, line: 6, message: '<t-unknown> is not a WeChat component and not in usingComponents of pages/bad/index.json' },
      { file: bad, line: 7, message: '<my-card note>: my-card has no property or external class "note"' },
      { file: bad, line: 7, message: '<my-card bind:drop>: my-card triggers no event "drop"' },
      { file: bad, line: 8, message: '<t-tag wx:foo>: unknown wx: directive' },
      // dash-case is required: lefticon is not left-icon; the line is the attribute's own
      { file: bad, line: 11, message: '<t-cell lefticon>: t-cell has no property or external class "lefticon"' },
      // functions outside methods: {} are not handlers
      { file: bad, line: 12, message: '<button bindtap="helper">: no method helper in pages/bad/index.ts' },
      { file: bad, line: 12, message: '<button bind:longpress="outside">: no method outside in pages/bad/index.ts' },
      // TDesign's components have no node of their own: hidden on the tag hides nothing
      { file: bad, line: 13, message: '<t-tag hidden>: t-tag is a virtual host (no node of its own) and does not declare hidden, so it does nothing; use wx:if' },
    ]);
  });

  test('handlers from a behavior: its methods when it is a Behavior({...}) the file names, else not checked', () => {
    write('behaviors/empty.ts', `export const empty = Behavior({ data: { y: 1 } });\n`);
    write('pages/mixed/index.ts', `import { shared } from '../../behaviors/shared';\nimport { empty } from '../../behaviors/empty';\nComponent({ behaviors: [empty, shared], methods: { onOwn() {} } });\n`);
    expect(handlerNames(path.join(root, 'pages/mixed/index.ts'))).toEqual(new Set(['onShared', 'onOwn']));
    write('pages/opaque/index.ts', `import { make } from '../../behaviors/make';\nComponent({ behaviors: [make()], methods: { onOwn() {} } });\n`);
    expect(handlerNames(path.join(root, 'pages/opaque/index.ts'))).toEqual({ error: expect.stringMatching(/^behaviors: handlers from a behavior other than/) });
  });

  test('what the component declares comes with the finding', () => {
    const tag = checkTemplates(root).find((f) => f.message.startsWith('<t-tag text>'));
    expect(tag?.hint).toMatch(/^miniprogram_npm\/tdesign-miniprogram\/tag\/tag\.js properties: .*\bmax-width\b.*\bvariant\b/);
  });
});

test('attributes keep their case and line; mustaches with < and > do not confuse the parser', () => {
  const tags = readWxmlTags('<view class="{{a > 1 ? \'x\' : \'y\'}}">\n  <t-tag\n    maxWidth="{{w}}" wx:else>{{a < b}}</t-tag>\n</view>');
  expect(tags).toEqual([
    { name: 'view', line: 1, attrs: [{ name: 'class', value: "{{a > 1 ? 'x' : 'y'}}", line: 1 }] },
    { name: 't-tag', line: 2, attrs: [{ name: 'maxWidth', value: '{{w}}', line: 3 }, { name: 'wx:else', value: null, line: 3 }] },
  ]);
});

test('a method call in a binding is reported; a function of a wxs module, strings and grouping are not', () => {
  const wxml = [
    '<wxs src="../../utils/list.wxs" module="list" />',
    '<view class="{{a.indexOf(b) >= 0 ? \'on\' : \'\'}}">{{ list.has(a, b) }}</view>',
    '<view>{{ (a + 1) * 2 }} {{ \'x.y(\' }} {{ names.join(\',\') }}</view>',
    '<wxs module="inline">module.exports.f = function (s) { return s.trim(); };</wxs>',
    '<view>{{ inline.f(t) }} {{ other.f(t) }}</view>',
  ].join('\n');
  expect(expressionCalls(wxml)).toEqual([
    { line: 2, call: 'a.indexOf(' },
    { line: 3, call: 'names.join(' },
    { line: 5, call: 'other.f(' },
  ]);
});
