/**
 * @jest-environment jsdom
 */
import fs from 'fs';
import path from 'path';
import { installWx, loadPage, MP_ROOT, simulate, waitFor } from '../helpers/page';
import { AGREE_BUTTON_ID } from '../../miniprogram/services/privacy';

/**
 * WeChat's privacy flow (隐私保护指引, since 2023-09): when a privacy API is about to run and the
 * user has not agreed yet, WeChat calls the app's one onNeedPrivacyAuthorization listener with a
 * `resolve`; the popup of the page in front explains, links the guide, and answers through that
 * resolve — agree only from WeChat's agreePrivacyAuthorization button, or disagree.
 */
type Answer = { event: string; buttonId?: string };
type Listener = (resolve: (a: Answer) => void, eventInfo?: { referrer?: string }) => void;

const wx = installWx() as Record<string, any>;
const listeners: Listener[] = [];
wx.onNeedPrivacyAuthorization = jest.fn((l: Listener) => void listeners.push(l));
wx.openPrivacyContract = jest.fn((o: { success?: () => void }) => o.success?.());
wx.getPrivacySetting = jest.fn((o: { success?: (r: unknown) => void }) =>
  o.success?.({ needAuthorization: true, privacyContractName: '《爱心妈妈小程序隐私保护指引》', errMsg: 'getPrivacySetting:ok' }),
);

// the app registers the one listener at launch (app.ts)
let app: { onLaunch(): void } | undefined;
(globalThis as Record<string, unknown>).App = (def: { onLaunch(): void }) => void (app = def);
// eslint-disable-next-line @typescript-eslint/no-var-requires
require('../../miniprogram/app');

const popupId = loadPage('components/privacy-popup/index');
const SOURCE = fs.readFileSync(path.join(MP_ROOT, 'components/privacy-popup/index.wxml'), 'utf8');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Rendered = any;
const shown: Rendered[] = [];
function render(): Rendered {
  const c = simulate.render(popupId);
  c.attach(document.createElement('parent-wrapper'));
  shown.push(c);
  return c;
}
/** WeChat holding one privacy call: its resolve (a mock) after the listener was told. */
function wechatAsks(referrer = 'chooseMedia'): jest.Mock {
  const resolve = jest.fn();
  listeners[listeners.length - 1](resolve, { referrer });
  return resolve;
}
const visible = (c: Rendered): boolean => c.data.visible === true;
const answers = (resolve: jest.Mock): Answer[] => resolve.mock.calls.map((c) => c[0] as Answer).filter((a) => a.event !== 'exposureAuthorization');
const tapOn = async (c: Rendered, sel: string, event = 'tap') => {
  const node = c.querySelector(sel);
  if (!node) throw new Error(`${sel} is not rendered`);
  node.dispatchEvent(event);
  await simulate.sleep(0);
};

// WeChat launches the app before any page shows: the listener every test below talks to is registered then
beforeAll(() => app!.onLaunch());
afterEach(() => {
  for (const c of shown.splice(0)) c.detach();
});

test('the app registers the one onNeedPrivacyAuthorization listener at launch, once', () => {
  expect(app).toBeDefined();
  app!.onLaunch(); // launched once already (beforeAll)
  app!.onLaunch(); // registering again would replace the listener ("覆盖式注册"); it is not done twice
  expect(wx.onNeedPrivacyAuthorization).toHaveBeenCalledTimes(1);
});

test('hidden until WeChat asks, then shown with what is collected and why', async () => {
  const c = render();
  expect(visible(c)).toBe(false);
  expect(c.querySelector('#privacy')).toBeFalsy(); // nothing drawn on the page meanwhile
  const resolve = wechatAsks('getFuzzyLocation');
  expect(visible(c)).toBe(true);
  await simulate.sleep(0);
  const text = c.querySelector('#privacy').dom.textContent as string;
  expect(text).toContain('您正要记录大致位置');
  expect(text).toContain('《爱心妈妈小程序隐私保护指引》'); // the guide's name from wx.getPrivacySetting
  for (const words of ['手机号', '照片', '大致位置', '相册']) expect(text).toContain(words);
  expect(resolve).toHaveBeenCalledWith({ event: 'exposureAuthorization' }); // the platform is told the popup was seen
  expect(answers(resolve)).toEqual([]); // the call waits for her answer
  await tapOn(c, '#privacy-disagree');
});

test("agreeing through WeChat's agree button resolves with 'agree' and that button's id", async () => {
  // the base library checks that the button named in buttonId, an agreePrivacyAuthorization button, was tapped
  expect(SOURCE).toMatch(new RegExp(`<button id="${AGREE_BUTTON_ID}"[^>]* open-type="agreePrivacyAuthorization" bindagreeprivacyauthorization="onAgree"`));
  const c = render();
  const resolve = wechatAsks('button.getPhoneNumber');
  expect(c.data.purpose).toBe('用微信绑定的手机号');
  await tapOn(c, `#${AGREE_BUTTON_ID}`, 'agreeprivacyauthorization');
  expect(answers(resolve)).toEqual([{ event: 'agree', buttonId: 'privacy-agree' }]);
  expect(visible(c)).toBe(false);
});

test("declining resolves with 'disagree' (the waiting call fails) and closes the popup", async () => {
  const c = render();
  const resolve = wechatAsks();
  await tapOn(c, '#privacy-disagree');
  expect(answers(resolve)).toEqual([{ event: 'disagree' }]);
  expect(visible(c)).toBe(false);
  expect(c.querySelector('#privacy')).toBeFalsy();
});

test('two calls waiting at once (photo and location) both get the one answer', async () => {
  const c = render();
  const first = wechatAsks('chooseMedia');
  const second = wechatAsks('getFuzzyLocation');
  await tapOn(c, `#${AGREE_BUTTON_ID}`, 'agreeprivacyauthorization');
  expect(answers(first)).toEqual([{ event: 'agree', buttonId: AGREE_BUTTON_ID }]);
  expect(answers(second)).toEqual([{ event: 'agree', buttonId: AGREE_BUTTON_ID }]);
});

test('the guide link opens the 隐私保护指引 with wx.openPrivacyContract', async () => {
  const c = render();
  wechatAsks();
  wx.openPrivacyContract.mockClear();
  await tapOn(c, '#privacy-contract');
  expect(wx.openPrivacyContract).toHaveBeenCalledTimes(1);
  await tapOn(c, '#privacy-disagree');
});

test('the popup of the page in front asks; closing that page answers disagree, the page below does not take over', async () => {
  const below = render();
  const front = render(); // a page opened on top of the first
  const resolve = wechatAsks();
  expect([visible(below), visible(front)]).toEqual([false, true]);
  front.detach(); // she went back without answering
  expect(answers(resolve)).toEqual([{ event: 'disagree' }]);
  expect(visible(below)).toBe(false);
  // back on a page brings its popup to the front again
  const other = render();
  below.triggerPageLifeTime('show');
  const next = wechatAsks();
  expect([visible(below), visible(other)]).toEqual([true, false]);
  await tapOn(below, '#privacy-disagree');
  expect(answers(next)).toEqual([{ event: 'disagree' }]);
});

test('a call made before any popup is on screen waits and is shown by the next popup', async () => {
  const resolve = wechatAsks();
  const c = render();
  await waitFor(() => visible(c));
  await tapOn(c, `#${AGREE_BUTTON_ID}`, 'agreeprivacyauthorization');
  expect(answers(resolve)).toEqual([{ event: 'agree', buttonId: AGREE_BUTTON_ID }]);
});
