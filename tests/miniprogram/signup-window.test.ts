/**
 * @jest-environment jsdom
 */
import { installWx, loadPage, waitFor, renderAs, textOf, connect, pick } from '../helpers/page';
import { as, startTestCloud } from '../helpers/cloud';
import { makeStaff, setupProgramme } from '../helpers/fixtures';
import { DRAFT_KEY } from '../../miniprogram/pages/signup/model';
import { setClock } from '../../src/server/time';
import { appIdFor } from '../../src/functions/volunteer/store';
import { userIdFor } from '../../src/server/ids';
import type { LocalCloud } from '../../localcloud/server';
import { presetForm } from '../domain/volunteer/fixtures';

/**
 * The sign-up page shows the programme's window (issue 17): 报名时间 above the form while it is
 * open; once closed, the dates and why instead of the form (she cannot fill in what the server
 * would refuse) — except for an applicant answering a rejection, whom the server still takes.
 */
const wx = installWx() as Record<string, any>;
let cloud: LocalCloud;
let pageId: string;
let rosterId: string;
const at = (iso: string) => setClock(() => Date.parse(iso));

beforeAll(() => {
  pageId = loadPage('pages/signup/index');
  rosterId = loadPage('packages/staff/pages/volunteer-roster/index');
});
// 遂宁 switched on before its notice's 招募阶段 (2019年7月1日-7月31日), so the window is kept
beforeEach(async () => {
  cloud = await startTestCloud();
  connect(cloud);
  at('2019-06-20T09:00:00+08:00');
  await setupProgramme(cloud, 'suining-2019');
  wx.removeStorageSync(DRAFT_KEY);
});
afterEach(async () => {
  setClock(null);
  await cloud.close();
});

async function open(openid: string) {
  const page = renderAs(pageId, openid);
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false);
  expect(page.data.error).toBe('');
  return page;
}

test('inside the window: 报名时间 above the form', async () => {
  at('2019-07-10T10:00:00+08:00');
  const page = await open('win-mum-1');
  expect(textOf(page, '#signup-window')).toBe('报名时间：2019年7月1日至2019年7月31日');
  expect(page.querySelector('#steps')).toBeTruthy();
  expect(page.querySelector('#signup-closed')).toBeFalsy();
});

test.each([
  ['before it opens', '2019-06-25T10:00:00+08:00', '报名尚未开始，报名时间为2019年7月1日至2019年7月31日，请届时再来报名'],
  ['after it closed', '2019-08-01T00:30:00+08:00', '报名已于2019年7月31日截止（报名时间：2019年7月1日至2019年7月31日），如有疑问请联系当地妇联'],
])('%s: the dates and why, and no form', async (_when, moment, notice) => {
  at(moment);
  const page = await open('win-mum-2');
  expect(textOf(page, '#signup-closed')).toBe(`报名时间：2019年7月1日至2019年7月31日${notice}`);
  expect(page.querySelector('#steps')).toBeFalsy();
  expect(page.querySelector('#f-name')).toBeFalsy();
});

test('after closing, an applicant answering a rejection still gets her form', async () => {
  at('2019-07-20T10:00:00+08:00');
  await makeStaff(cloud, 'win-county', 'sn-anju');
  await as(cloud, 'win-mum-3').ok('volunteer', 'submit', presetForm('suining-2019', 3, 'female') as never);
  await as(cloud, 'win-county').ok('volunteer', 'review', { id: appIdFor(userIdFor('win-mum-3')), version: 1, decision: 'reject', opinion: '家庭住址请填写详细' });
  at('2019-08-05T10:00:00+08:00');
  const page = await open('win-mum-3');
  expect(page.querySelector('#signup-closed')).toBeFalsy();
  expect(page.querySelector('#steps')).toBeTruthy();
});

describe('名册: the window, and its extension by the top node', () => {
  async function roster(openid: string) {
    const page = renderAs(rosterId, openid);
    page.instance.onLoad();
    await waitFor(() => page.data.loading === false && page.data.signupWindow !== null);
    return page;
  }

  test('the city\'s staff pick a later date: the card and the sign-up page show it', async () => {
    await makeStaff(cloud, 'win-city', 'sn');
    at('2019-08-02T10:00:00+08:00');
    const page = await roster('win-city');
    expect(textOf(page, '#window-text')).toBe('2019年7月1日至2019年7月31日（已截止）');
    expect(page.data.extendFrom).toBe('2019-08-01');
    pick(page, '#extend', '2019-08-20');
    await waitFor(() => page.data.signupWindow.closes === '2019-08-20');
    expect(textOf(page, '#window-text')).toBe('2019年7月1日至2019年8月20日');
    const signup = await open('win-mum-4');
    expect(textOf(signup, '#signup-window')).toBe('报名时间：2019年7月1日至2019年8月20日');
  });

  test('a date the server refuses is told under the card', async () => {
    await makeStaff(cloud, 'win-city', 'sn');
    at('2019-08-02T10:00:00+08:00');
    const page = await roster('win-city');
    pick(page, '#extend', '2019-08-01');
    await waitFor(() => page.data.windowError !== '');
    expect(textOf(page, '#window-error')).toBe('新的截止日期不能早于今天');
    expect(textOf(page, '#window-text')).toBe('2019年7月1日至2019年7月31日（已截止）');
  });

  test('a district\'s staff see the window but no way to move it', async () => {
    await makeStaff(cloud, 'win-county', 'sn-anju');
    const page = await roster('win-county');
    expect(textOf(page, '#window-text')).toBe('2019年7月1日至2019年7月31日（未开始）');
    expect(page.querySelector('#extend')).toBeFalsy();
  });
});
