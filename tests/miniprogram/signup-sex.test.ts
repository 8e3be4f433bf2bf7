/**
 * @jest-environment jsdom
 */
import { installWx, loadPage, waitFor, renderAs, textOf, connect, typeInto, pick, tapOption } from '../helpers/page';
import { startTestCloud } from '../helpers/cloud';
import { setupProgramme } from '../helpers/fixtures';
import { DRAFT_KEY } from '../../miniprogram/pages/signup/model';
import type { LocalCloud } from '../../localcloud/server';
import { phoneFor } from '../domain/volunteer/synthetic';

/**
 * The sign-up page under 龙岗, whose form asks 性别 and no ID number (issue 17): the two choices
 * drawn as a radio list, a man told at once and held on the first step, a woman's choice sent and
 * kept on her application.
 */
const wx = installWx() as Record<string, any>;
wx.requestSubscribeMessage = jest.fn((o: { complete: () => void }) => o.complete());
let cloud: LocalCloud;
let pageId: string;

beforeAll(() => {
  pageId = loadPage('pages/signup/index');
});
beforeEach(async () => {
  cloud = await startTestCloud();
  connect(cloud);
  await setupProgramme(cloud, 'longgang-2019');
  wx.removeStorageSync(DRAFT_KEY);
});
afterEach(async () => {
  jest.clearAllMocks();
  await cloud.close();
});

const settle = () => new Promise((r) => setTimeout(r, 20));
async function open(openid: string) {
  const page = renderAs(pageId, openid);
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false);
  expect(page.data.error).toBe('');
  return page;
}
/** Step one as 龙岗 asks it, without 性别. */
async function stepOne(page: any, n: number) {
  typeInto(page, '#f-name', '测试甲');
  pick(page, '#f-birthDate', '1985-05-01');
  typeInto(page, '#f-phone', phoneFor(n));
  await settle();
}

test('性别 is drawn with 女 and 男, says the programme is for women, and is required', async () => {
  const page = await open('sex-mum-1');
  expect(textOf(page, '#f-sex')).toBe('女男');
  expect(textOf(page, '#female-only')).toBe('本项目面向女性志愿者');
  await stepOne(page, 1);
  page.querySelector('#next').dispatchEvent('tap');
  await settle();
  expect(page.data.step).toBe(0);
  expect(textOf(page, '#err-sex')).toBe('请选择性别');
});

test('a man is told at once and stays on the first step', async () => {
  const page = await open('sex-man-2');
  await stepOne(page, 2);
  tapOption(page, '#f-sex', 'male');
  await settle();
  expect(textOf(page, '#err-sex')).toBe('不符合报名条件：本项目面向女性志愿者');
  page.querySelector('#next').dispatchEvent('tap');
  await settle();
  expect(page.data.step).toBe(0);
  expect(wx.showToast).toHaveBeenLastCalledWith({ title: '不符合报名条件：本项目面向女性志愿者', icon: 'none' });
});

test('a woman fills it in, submits, and her application keeps it', async () => {
  const page = await open('sex-mum-3');
  await stepOne(page, 3);
  tapOption(page, '#f-sex', 'female');
  await settle();
  expect(page.querySelector('#err-sex')).toBeUndefined();
  page.querySelector('#next').dispatchEvent('tap');
  await settle();
  expect(page.data.step).toBe(1);
  typeInto(page, '#f-employerAndPost', '测试社区 妇联主席');
  pick(page, '#f-orgCode', page.data.areas.findIndex((a: { code: string }) => a.code === 'lg-buji'));
  await settle();
  for (let i = 0; i < 2; i++) {
    page.querySelector('#next').dispatchEvent('tap');
    await settle();
  }
  expect(page.data.step).toBe(3);
  tapOption(page, '#f-declarations', 'privacy_consent');
  await settle();
  page.querySelector('#submit').dispatchEvent('tap');
  await waitFor(() => wx.redirectTo.mock.calls.length > 0);
  expect(page.data.submitError).toBe('');
  const apps = cloud.store.rawDocuments('volunteer_applications') as { name: string; status: string; form: { sex?: string } }[];
  expect(apps).toHaveLength(1);
  expect(apps[0]).toMatchObject({ name: '测试甲', status: 'pending', form: { sex: 'female' } });
});
