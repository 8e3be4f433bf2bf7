/**
 * @jest-environment jsdom
 */
import { installWx, loadPage, waitFor, renderAs, textOf, connect, network } from '../helpers/page';
import { startTestCloud, as } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { userIdFor } from '../../src/server/ids';

/** 消息: the inbox over every area's notices — the list, tapping one, marking read, empty and error states. */
const wx = installWx() as Record<string, any>;
let cloud: LocalCloud;
let pageId: string;
const MUM = 'notices-page-mum';
const unread = async (openid: string) => (await as(cloud, openid).ok('account', 'notices', { limit: 0 })).unread;

beforeAll(() => {
  pageId = loadPage('pages/notices/index');
});
// each test has its own cloud with the same starting records, so none depends on what another did
beforeEach(async () => {
  cloud = await startTestCloud();
  connect(cloud);
  await as(cloud, MUM).ok('account', 'login', {});
  const me = userIdFor(MUM);
  cloud.store.insertMany('visit_notifications', [
    { userId: me, kind: 'visit_due', text: '走访提醒：测试孩子：每月联系（即将到期，截止2026-06-30）', at: '2026-06-27T00:00:00.000Z', read: false },
  ]);
  cloud.store.insertMany('wish_notifications', [
    { userId: me, wishId: 'w-1', kind: 'thanks', text: '孩子收到了您的心愿礼物', at: '2026-06-20T01:00:00.000Z', read: true },
    { userId: userIdFor('someone-else'), wishId: 'w-2', kind: 'lapsed', text: '别人的消息', at: '2026-06-29T01:00:00.000Z', read: false },
  ]);
  cloud.store.insertMany('commendation_notifications', [
    { userId: me, nominationId: 'n-1', kind: 'approved', text: '恭喜您被测试区妇联评为优秀爱心妈妈', at: '2026-06-25T01:00:00.000Z', read: false },
  ]);
});
afterEach(async () => {
  network.gateway = cloud.url;
  jest.clearAllMocks();
  await cloud.close();
});

test('lists her notices newest first, marks the unread ones, then marks them read on the server', async () => {
  expect(await unread(MUM)).toBe(2);
  const page = renderAs(pageId, MUM);
  page.instance.onLoad({});
  await waitFor(() => page.data.loading === false);
  expect(page.data.error).toBe('');
  expect(textOf(page, '#notice-0')).toContain('走访提醒');
  expect(textOf(page, '#notice-0')).toContain('2026-06-27 08:00'); // Shanghai time
  expect(textOf(page, '#notice-0')).toContain('未读');
  expect(textOf(page, '#notice-1')).toContain('恭喜您被测试区妇联评为优秀爱心妈妈');
  expect(textOf(page, '#notice-1')).toContain('未读');
  expect(textOf(page, '#notice-2')).toContain('孩子收到了您的心愿礼物');
  expect(textOf(page, '#notice-2')).not.toContain('未读');
  expect(page.querySelector('#notice-3')).toBeFalsy();
  expect(JSON.stringify(page.data.items)).not.toContain('别人的消息');
  // shown, then marked read: the next visit has nothing unread
  for (let i = 0; i < 100 && (await unread(MUM)) !== 0; i++) await new Promise((r) => setTimeout(r, 10));
  expect(await unread(MUM)).toBe(0);
  expect(await unread('someone-else')).toBe(1);
  const again = renderAs(pageId, MUM);
  again.instance.onLoad({});
  await waitFor(() => again.data.loading === false);
  expect(again.data.items.length).toBe(3);
  expect(textOf(again, '#notice-0')).not.toContain('未读');
});

test('tapping a notice opens its page', async () => {
  const page = renderAs(pageId, MUM);
  page.instance.onLoad({});
  await waitFor(() => page.data.loading === false);
  wx.navigateTo.mockClear();
  page.querySelector('#notice-1').dispatchEvent('tap');
  await waitFor(() => wx.navigateTo.mock.calls.length > 0);
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/report/pages/honours/index' });
  page.querySelector('#notice-0').dispatchEvent('tap');
  await waitFor(() => wx.navigateTo.mock.calls.length > 1);
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/volunteer/pages/checkin/index' });
});

test('someone with no notices sees the empty state', async () => {
  const page = renderAs(pageId, 'notices-page-newcomer');
  page.instance.onLoad({});
  await waitFor(() => page.data.loading === false);
  expect(textOf(page, '#empty')).toBe('暂时没有消息');
  expect(page.querySelector('#notice-0')).toBeFalsy();
});

test('a network failure shows a Chinese message and a retry that works', async () => {
  const good = network.gateway;
  network.gateway = 'http://127.0.0.1:1'; // nothing listens there
  const page = renderAs(pageId, MUM);
  page.instance.onLoad({});
  await waitFor(() => page.data.loading === false);
  expect(textOf(page, '#error')).toBe('网络不太好，请稍后再试');
  network.gateway = good;
  page.querySelector('#retry').dispatchEvent('tap');
  await waitFor(() => page.data.loading === false && page.data.error === '');
  expect(page.data.items.length).toBe(3);
});
