/**
 * @jest-environment jsdom
 */
import { installWx, loadPage, waitFor, renderAs, textOf, connect } from '../helpers/page';
import { as, startTestCloud } from '../helpers/cloud';
import { makeStaff, setupProgramme } from '../helpers/fixtures';
import { DRAFT_KEY } from '../../miniprogram/pages/signup/model';
import { setClock } from '../../src/server/time';
import type { LocalCloud } from '../../localcloud/server';

/**
 * 岳阳 after 31 August with the 异地 teams' window extended (issue 17 part 5): the sign-up page lists
 * the team's window and keeps the form, saying the programme's window closed and who still recruits;
 * without a team window the closed notice replaces the form as before.
 */
const wx = installWx() as Record<string, any>;
let cloud: LocalCloud;
let pageId: string;
const at = (iso: string) => setClock(() => Date.parse(iso));

beforeAll(() => {
  pageId = loadPage('pages/signup/index');
});
beforeEach(async () => {
  cloud = await startTestCloud();
  connect(cloud);
  at('2024-07-15T09:00:00+08:00');
  await setupProgramme(cloud, 'yueyang-2024');
  await makeStaff(cloud, 'city-staff', 'yy');
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

test('closed for everyone: the notice instead of the form', async () => {
  at('2024-09-02T10:00:00+08:00');
  const page = await open('tw-mum-1');
  expect(page.querySelector('#signup-closed')).toBeTruthy();
  expect(page.querySelector('#team-window-remote')).toBeFalsy();
});

test('the 异地 teams still recruiting: their window shown, the form kept, the programme\'s closing said', async () => {
  at('2024-09-02T10:00:00+08:00');
  await as(cloud, 'city-staff').ok('volunteer', 'extendSignup', { closes: '2024-09-30', teamKind: 'remote' });
  const page = await open('tw-mum-2');
  expect(page.querySelector('#signup-closed')).toBeFalsy();
  expect(page.querySelector('#steps')).toBeTruthy();
  expect(textOf(page, '#signup-window')).toBe('报名时间：即日起至2024年8月31日');
  expect(textOf(page, '#team-window-remote')).toBe('异地爱心妈妈志愿服务队：即日起至2024年9月30日');
  expect(textOf(page, '#team-note')).toBe('报名已于2024年8月31日截止（报名时间：即日起至2024年8月31日），如有疑问请联系当地妇联；异地爱心妈妈志愿服务队仍在报名');
  // after the team's window too: closed, its line marked
  at('2024-10-01T10:00:00+08:00');
  const later = await open('tw-mum-3');
  expect(later.querySelector('#signup-closed')).toBeTruthy();
  expect(textOf(later, '#team-window-remote')).toBe('异地爱心妈妈志愿服务队：即日起至2024年9月30日（已截止）');
});
