/**
 * @jest-environment jsdom
 */
import { installWx, loadPage, simulate, waitFor, textOf, connect, network } from '../helpers/page';
import { entriesFor, type Viewer } from '../../miniprogram/services/entries';
import { startTestCloud, as, ADMIN } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { addOrg } from '../helpers/fixtures';
import { suiningForm } from '../domain/volunteer/fixtures';
import { userIdFor } from '../../src/server/ids';

const wx = installWx();
let cloud: LocalCloud;
let pageId: string;

beforeAll(async () => {
  cloud = await startTestCloud();
  connect(cloud);
  await as(cloud, ADMIN).ok('account', 'login', {});
  await as(cloud, ADMIN).ok('account', 'setupProgramme', { presetId: 'suining-2019' });
  pageId = loadPage('pages/home/index');
});
afterAll(() => cloud.close());

function render() {
  const page = simulate.render(pageId);
  page.attach(document.createElement('parent-wrapper'));
  return page;
}

test('home renders the programme and the caller from the gateway', async () => {
  (wx.setStorageSync as (k: string, v: string) => void)('localOpenid', ADMIN);
  const page = render();
  expect(page.data.loading).toBe(true);
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false);
  expect(page.data.error).toBe('');
  expect(textOf(page, '#programme-name')).toContain('遂宁');
  expect(page.data.brandName).toBe('爱心妈妈');
  expect(page.data.roles.map((r: { label: string }) => r.label)).toContain('管理员');
  expect(wx.setNavigationBarTitle).toHaveBeenCalledWith({ title: '爱心妈妈' });
});

test('a new WeChat user sees herself as 爱心人士 only', async () => {
  (wx.setStorageSync as (k: string, v: string) => void)('localOpenid', 'someone-new');
  const page = render();
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false);
  expect(page.data.roles).toEqual([{ code: 'donor', label: '爱心人士' }]);
  expect(page.querySelector('#org')).toBeUndefined();
});

test('a network failure shows a Chinese message and a retry that works', async () => {
  (wx.setStorageSync as (k: string, v: string) => void)('localOpenid', ADMIN);
  const good = network.gateway;
  network.gateway = 'http://127.0.0.1:1'; // nothing listens there
  const page = render();
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false);
  expect(page.data.error).toBe('网络不太好，请稍后再试');
  network.gateway = good;
  page.querySelector('#retry').dispatchEvent('tap');
  await waitFor(() => page.data.loading === false && page.data.error === '');
  expect(page.data.programmeName).toContain('遂宁');
});

test('a reviewer sees how many applications wait for her in the work queue, above her tools', async () => {
  await addOrg(cloud, 'sn-anju', 'an-st1', '测试街道一', 'street');
  await as(cloud, 'mum-home').ok('account', 'login', {});
  await as(cloud, 'mum-home').ok('volunteer', 'submit', suiningForm(1));
  (wx.setStorageSync as (k: string, v: string) => void)('localOpenid', ADMIN);
  const page = render();
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false);
  await waitFor(() => page.data.queueLoaded === true);
  // the count moved from the 报名审核 tile's badge to the queue (issue 18): one call for all counts
  expect(page.data.queue.map((q: { key: string }) => q.key)).toEqual(['review']);
  expect(textOf(page, '#queue-review')).toBe('报名待审核1份');
  page.querySelector('#queue-review').dispatchEvent('tap');
  await waitFor(() => (wx.navigateTo as jest.Mock).mock.calls.length > 0);
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/staff/pages/volunteer-review/index' });
  expect(textOf(page, '#entry-volunteer-review')).not.toContain('待审核');
});

test('each role finds its messages first, then its daily work: a volunteer her check-in, an applicant the sign-up, staff their queues', () => {
  const keys = (v: Partial<Viewer>) => entriesFor({ roles: [], permissions: [], isAdmin: false, isApplicant: false, ...v }).map((e) => e.key);
  expect(keys({ roles: ['donor', 'volunteer'] }).slice(0, 3)).toEqual(['notices', 'visit-checkin', 'pairing-mine']);
  expect(keys({ roles: ['donor'], isApplicant: true }).slice(0, 2)).toEqual(['notices', 'volunteer-signup']);
  const staff = keys({ roles: ['donor', 'staff'], permissions: ['visit.read', 'volunteer.review', 'report.read'] });
  expect(staff).toEqual(['notices', 'visit-board', 'volunteer-review', 'report-dashboard', 'wish-list', 'wish-mine']);
  expect(keys({ roles: ['donor'] })).toEqual(['notices', 'wish-list', 'wish-mine', 'staff-join']);
  expect(keys({ roles: ['donor', 'staff', 'admin'], isAdmin: true })[0]).toBe('notices');
  const tile = entriesFor({ roles: ['donor'], permissions: [], isAdmin: false, isApplicant: false })[0];
  expect(tile).toMatchObject({ label: '消息', hint: '走访提醒、报送提醒、心愿进展、表扬通知', url: '/pages/notices/index' });
});

test('the 消息 tile shows how many notices are unread, and clears after she reads them', async () => {
  const MUM = 'mum-home-notices';
  await as(cloud, MUM).ok('account', 'login', {});
  cloud.store.insertMany('visit_notifications', [
    { userId: userIdFor(MUM), kind: 'visit_due', text: '走访提醒：测试', at: '2026-06-27T00:00:00.000Z', read: false },
    { userId: userIdFor(MUM), kind: 'visit_due', text: '走访提醒：测试二', at: '2026-06-28T00:00:00.000Z', read: false },
  ]);
  cloud.store.insertMany('wish_notifications', [{ userId: userIdFor(MUM), wishId: 'w', kind: 'thanks', text: '感谢', at: '2026-06-29T00:00:00.000Z', read: false }]);
  (wx.setStorageSync as (k: string, v: string) => void)('localOpenid', MUM);
  const page = render();
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false);
  expect(page.data.entries[0].key).toBe('notices');
  await waitFor(() => page.data.entries[0].badge !== '');
  expect(page.data.entries[0].badge).toBe('3条未读');
  expect(textOf(page, '#entry-notices')).toContain('3条未读');
  await as(cloud, MUM).ok('account', 'readNotices', {});
  page.instance.onShow(); // back from the inbox
  await waitFor(() => page.data.entries[0].badge === '');
  // nothing unread: no badge at all for a newcomer
  (wx.setStorageSync as (k: string, v: string) => void)('localOpenid', 'home-newcomer');
  const fresh = render();
  fresh.instance.onLoad();
  await waitFor(() => fresh.data.loading === false);
  await new Promise((r) => setTimeout(r, 50));
  expect(fresh.data.entries[0]).toMatchObject({ key: 'notices', badge: '' });
});
