/**
 * @jest-environment jsdom
 */
import { installWx, loadPage, simulate, waitFor, renderAs, textOf, connect, network, tap, subscribeAnswers, subscribeFails } from '../helpers/page';
import { appIdFor } from '../../src/functions/volunteer/store';
import { userIdFor } from '../../src/server/ids';
import { startTestCloud, as } from '../helpers/cloud';
import { makeStaff, setupProgramme } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { idNumberFor, nameFor, phoneFor } from '../domain/volunteer/synthetic';

/**
 * 我的报名 (岳阳: one step, a 承诺书 each year): 草稿 from the device, 待审核 with withdraw, 已撤回
 * and 未通过 with the reason and an edit button, 已通过 with number, team and the letter to sign.
 */
const wx = installWx() as Record<string, any>;
wx.showModal = jest.fn((o: { success: (r: { confirm: boolean }) => void }) => o.success({ confirm: true }));
let cloud: LocalCloud;
let pageId: string;
const settle = () => new Promise((r) => setTimeout(r, 20));

const submit = (openid: string, n: number) =>
  as(cloud, openid).ok('volunteer', 'submit', {
    name: nameFor(n), birthDate: '1975-03-03', idNumber: idNumberFor('1975-03-03', n), phone: phoneFor(n), employerAndPost: '测试单位', homeAddress: '测试路',
    orgCode: 'yy-junshan', declarations: ['law_abiding', 'no_penalty', 'healthy', 'privacy_consent'],
  });

beforeAll(async () => {
  cloud = await startTestCloud();
  connect(cloud);
  await setupProgramme(cloud, 'yueyang-2024');
  await makeStaff(cloud, 'team-junshan', 'yy-junshan', ['volunteer.review', 'volunteer.read']);
  pageId = loadPage('pages/volunteer-status/index');
});
afterAll(() => cloud.close());
// a test that takes the network down gives it back even when it fails
afterEach(() => {
  network.gateway = cloud.url;
  wx.removeStorageSync('volunteerSignupDraft');
});

async function open(openid: string) {
  const page = renderAs(pageId, openid);
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false);
  expect(page.data.error).toBe('');
  return page;
}
const text = textOf;

test('nothing yet; then 草稿 while a form is half filled on the device', async () => {
  expect(text(await open('st-none'), '#status')).toBe('您还没有报名');
  wx.setStorageSync('volunteerSignupDraft', { step: 1, form: { name: '测试' } });
  const page = await open('st-none');
  expect(text(page, '#status')).toBe('草稿');
  page.querySelector('#signup').dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/signup/index' });
  wx.removeStorageSync('volunteerSignupDraft');
});

test('待审核, withdrawn from the page, then editable', async () => {
  await submit('st-w', 1);
  const page = await open('st-w');
  expect(text(page, '#status')).toBe('待审核');
  expect(text(page, '#waiting')).toBe('正在等待：“爱心妈妈”志愿服务队审核');
  expect(page.data.stepItems.map((s: { title: string }) => s.title)).toEqual(['提交报名', '“爱心妈妈”志愿服务队审核']);
  page.querySelector('#withdraw').dispatchEvent('tap');
  await waitFor(() => page.data.message === '已撤回');
  expect(text(page, '#status')).toBe('已撤回');
  expect(page.querySelector('#withdraw')).toBeUndefined();
  expect(page.querySelector('#edit')).toBeDefined();
});

test('未通过 shows the reason', async () => {
  const { application } = await submit('st-r', 2);
  await as(cloud, 'team-junshan').ok('volunteer', 'review', { id: application.id, version: 1, decision: 'reject', opinion: '请补充工作单位' });
  const page = await open('st-r');
  expect(text(page, '#status')).toBe('未通过');
  expect(text(page, '#reject-reason')).toBe('未通过原因：请补充工作单位');
  expect(page.data.stepItems[1].content).toBe('未通过：请补充工作单位');
  // the 审核进度 card draws both steps, the refused one with its reason
  expect(text(page, '#steps')).toContain('提交报名');
  expect(text(page, '#steps')).toContain('“爱心妈妈”志愿服务队审核未通过：请补充工作单位');
  // nothing is in progress after a refusal: the refused step is drawn as an error, none as current
  expect(page.dom.innerHTML).toMatch(/t-steps-item__title--error/);
  expect(page.dom.innerHTML).not.toMatch(/t-steps-item__title--process/);
  // with a later step (遂宁's chain has two), that step stays grey rather than looking current
  const app = page.data.app;
  page.instance.show({ ...app, steps: [...app.steps, { ...app.steps[0], label: '市妇联意见', decision: null, opinion: '' }] });
  await settle();
  expect(text(page, '#steps')).toContain('市妇联意见');
  // t-steps draws the step at `current` in `current-status` and later ones grey
  expect({ current: page.data.current, currentStatus: page.data.currentStatus }).toEqual({ current: 1, currentStatus: 'finish' });
  page.querySelector('#edit').dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/signup/index' });
});

test('已通过: number, team, term, and this year\'s 承诺书 signed in the app', async () => {
  const { application } = await submit('st-a', 3);
  await as(cloud, 'team-junshan').ok('volunteer', 'review', { id: application.id, version: 1, decision: 'approve' });
  const page = await open('st-a');
  expect(text(page, '#status')).toBe('已通过');
  expect(text(page, '#number')).toMatch(/^志愿者编号：YY\d{9}$/);
  expect(text(page, '#team')).toBe('所在服务队：君山区爱心妈妈志愿服务队（本地）');
  expect(text(page, '#term')).toMatch(/^服务期：\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}$/);
  expect(text(page, '#commitment')).toContain('请签订第1年度的《结对关爱承诺书》');
  page.querySelector('#accept').dispatchEvent('tap');
  await waitFor(() => page.data.message !== '');
  expect(text(page, '#message')).toBe('承诺书已签订，感谢您的付出');
  expect(page.querySelector('#commitment')).toBeUndefined();
});

test('a network failure says so in Chinese', async () => {
  const good = network.gateway;
  network.gateway = 'http://127.0.0.1:1';
  wx.setStorageSync('localOpenid', 'st-a');
  const page = simulate.render(pageId);
  page.attach(document.createElement('parent-wrapper'));
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false);
  expect(text(page, '#error')).toBe('网络不太好，请稍后再试');
  network.gateway = good;
});

describe('审核结果通知我 while she waits', () => {
  const allowance = (openid: string) => (cloud.store.rawDocuments('volunteer_applications').find((d) => d._id === appIdFor(userIdFor(openid))) as { notifyAllowance: number }).notifyAllowance;
  const asked = () => (wx.requestSubscribeMessage as jest.Mock).mock.calls.length;

  test('accepted: the server counts one more result message, and the page says she will be told', async () => {
    await submit('st-sub-yes', 11);
    const page = await open('st-sub-yes');
    expect(allowance('st-sub-yes')).toBe(0);
    const before = asked();
    tap(page, '#subscribe');
    await waitFor(() => page.data.message !== '');
    expect(asked()).toBe(before + 1);
    expect(text(page, '#message')).toBe('审核有结果时会通知您');
    expect(allowance('st-sub-yes')).toBe(1);
  });

  test('declined on the prompt: nothing is recorded and nothing is promised', async () => {
    await submit('st-sub-no', 12);
    const page = await open('st-sub-no');
    const before = asked();
    const calls = jest.spyOn(wx.cloud, 'callFunction');
    subscribeAnswers(wx, 'reject');
    tap(page, '#subscribe');
    await waitFor(() => asked() === before + 1);
    await settle();
    await settle();
    expect(text(page, '#message')).toBe('');
    expect(text(page, '#status')).toBe('待审核');
    expect(calls).not.toHaveBeenCalled(); // the page did not tell the server anything
    calls.mockRestore();
    expect(allowance('st-sub-no')).toBe(0);
  });

  test('the prompt fails (errCode 20004, subscriptions switched off): nothing is recorded and nothing is promised', async () => {
    await submit('st-sub-off', 13);
    const page = await open('st-sub-off');
    const before = asked();
    const calls = jest.spyOn(wx.cloud, 'callFunction');
    subscribeFails(wx);
    tap(page, '#subscribe');
    await waitFor(() => asked() === before + 1);
    await settle();
    await settle();
    expect(text(page, '#message')).toBe('');
    expect(calls).not.toHaveBeenCalled();
    calls.mockRestore();
    expect(allowance('st-sub-off')).toBe(0);
  });
});
