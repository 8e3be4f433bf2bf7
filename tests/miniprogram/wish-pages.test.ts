/**
 * @jest-environment jsdom
 */
import { userIdFor } from '../../src/server/ids';
import { installWx, loadPage, waitFor, renderAs, textOf, connect, tap, subscribeAnswers, subscribeFails } from '../helpers/page';
import { startTestCloud, as, download } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { CHILD_A, identifying, inDays, publishedWish, setupWishWorld, WHO, type WishWorld } from '../domain/wish/world';

/** The public list, the detail with claim, and 我认领的心愿, against the local cloud. */
const wx = installWx() as Record<string, any>;
let cloud: LocalCloud;
let w: WishWorld;
let listId: string;
let detailId: string;
let mineId: string;
const ids: string[] = [];
const text = textOf;

beforeAll(() => {
  listId = loadPage('pages/wish-list/index');
  detailId = loadPage('pages/wish-detail/index');
  mineId = loadPage('pages/my-claims/index');
});
// each test gets its own cloud with the same 12 published wishes: the list counts them, and claims
// made by one test would otherwise change what another sees
beforeEach(async () => {
  cloud = await startTestCloud();
  connect(cloud);
  w = await setupWishWorld(cloud);
  ids.length = 0;
  for (let i = 0; i < 12; i++) {
    ids.push(await publishedWish(cloud, w.a, { title: `心愿${i}`, neededBy: inDays(10 + i), category: i % 3 === 0 ? 'books' : 'school_supplies' }));
  }
});
afterEach(async () => {
  jest.clearAllMocks();
  await cloud.close();
});

const render = renderAs;

test('the list: the first screen in one call, most urgent first, anonymised cards, filters, paging, sharing', async () => {
  wx.removeStorageSync('wishListFilters');
  const spy = jest.spyOn(wx.cloud, 'callFunction');
  const page = render(listId, 'page-visitor');
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false);
  expect(spy).toHaveBeenCalledTimes(1);
  spy.mockRestore();
  expect(page.data.total).toBe(12);
  expect(page.data.items.map((c: { title: string }) => c.title).slice(0, 3)).toEqual(['心愿0', '心愿1', '心愿2']);
  expect(text(page, '#count')).toBe('12个心愿等待认领');
  const card = text(page, `#card-${ids[0]}`);
  expect(card).toContain('试同学');
  expect(card).toContain('约120元');
  for (const v of identifying(CHILD_A)) expect(JSON.stringify(page.data)).not.toContain(v);
  expect(page.data.categories.length).toBe(6);

  page.querySelector('#more').dispatchEvent('tap');
  await waitFor(() => page.data.items.length === 12);
  expect(page.querySelector('#more')).toBeUndefined();

  page.querySelector('#chip-category-books').dispatchEvent('tap');
  await waitFor(() => page.data.loading === false && page.data.total === 4);
  page.querySelector('#chip-category-books').dispatchEvent('tap');
  await waitFor(() => page.data.loading === false && page.data.total === 12);
  page.querySelector('#sort-newest').dispatchEvent('tap');
  await waitFor(() => page.data.loading === false && page.data.items[0].title === '心愿11');

  page.querySelector(`#card-${ids[11]}`).dispatchEvent('tap');
  await waitFor(() => (wx.navigateTo as jest.Mock).mock.calls.length > 0);
  expect(wx.navigateTo).toHaveBeenCalledWith({ url: `/pages/wish-detail/index?id=${ids[11]}` });
  expect(page.instance.onShareAppMessage()).toEqual({ title: '孩子们的微心愿，等您来认领', path: '/pages/wish-list/index' });
});

test('the first wish is on the first screen: sort and category in one bar, area and occasion in the 筛选 sheet, remembered; 无 is never offered', async () => {
  wx.removeStorageSync('wishListFilters');
  const page = render(listId, 'page-visitor');
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false);
  // before the first card: the two tabs and one filter bar (no rows of area/occasion chips)
  expect(page.querySelector('#chip-occasion-birthday')).toBeUndefined();
  expect(page.data.occasions.length).toBeGreaterThan(0);
  expect(page.data.occasions.map((o: { code: string }) => o.code)).not.toContain('none');
  expect(JSON.stringify(page.data.occasions)).not.toContain('"无"');
  const occasion = page.data.occasions[0].code as string;
  tap(page, '#filter-open');
  await waitFor(() => page.data.sheet === true);
  tap(page, `#sheet-occasion-${occasion}`);
  await waitFor(() => page.data.draft.occasion === occasion);
  tap(page, '#sheet-apply');
  // the 12 wishes have no occasion: none match, and the button says one filter is on
  await waitFor(() => page.data.sheet === false && page.data.loading === false && page.data.total === 0);
  expect(text(page, '#filter-open')).toBe('筛选 1');
  tap(page, '#sort-newest');
  await waitFor(() => page.data.sort === 'newest' && page.data.loading === false);
  expect(wx.getStorageSync('wishListFilters')).toEqual({ sort: 'newest', filters: { district: '', category: '', occasion } });

  // next visit: her last choice comes back; clearing the sheet shows all 12 again
  const again = render(listId, 'page-visitor');
  again.instance.onLoad();
  await waitFor(() => again.data.loading === false);
  expect(again.data).toMatchObject({ sort: 'newest', filters: { occasion }, total: 0, sheetCount: 1 });
  tap(again, '#filter-open');
  await waitFor(() => again.data.sheet === true);
  tap(again, '#sheet-clear');
  tap(again, '#sheet-apply');
  await waitFor(() => again.data.loading === false && again.data.total === 12);
  expect(again.data.items[0].title).toBe('心愿11');
  expect(wx.getStorageSync('wishListFilters')).toEqual({ sort: 'newest', filters: { district: '', category: '', occasion: '' } });
  wx.removeStorageSync('wishListFilters');
});

test('the detail: the anonymised card, sharing the same card, and a claim with the handover points', async () => {
  const page = render(detailId, 'page-donor');
  page.instance.onLoad({ id: ids[1] });
  await waitFor(() => page.data.loading === false);
  expect(text(page, '#title')).toBe('心愿1');
  expect(text(page, '#who')).toContain('试同学');
  expect(page.instance.onShareAppMessage()).toEqual({ title: '试同学（' + page.data.detail.card.age + '岁）的微心愿：心愿1', path: `/pages/wish-detail/index?id=${ids[1]}` });
  page.querySelector('#claim').dispatchEvent('tap');
  await waitFor(() => !!page.querySelector('#confirm'));
  page.querySelector('#confirm').dispatchEvent('tap');
  await waitFor(() => page.data.claimed !== null);
  expect(text(page, '#message')).toBe('认领成功，感谢您的爱心！');
  expect(text(page, '#claimed')).toContain('测试区妇联一楼服务台');
  expect(text(page, '#claimed')).not.toContain(CHILD_A.address);
  expect(page.data.claimed.daysLeft).toBe(7);
  // the tap asked for the reminder template and the acceptance was recorded as one credit
  expect(wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['local-wish-reminder'] }));
  const donor = cloud.store.rawDocuments('wish_donors').find((d) => d._id === userIdFor('page-donor')) as { reminderCredits?: number };
  expect(donor.reminderCredits).toBe(1);
});

test('a wish just taken by someone else: the second donor is told, and cannot claim again', async () => {
  const first = render(detailId, 'page-donor-2');
  const second = render(detailId, 'page-donor-3');
  first.instance.onLoad({ id: ids[2] });
  second.instance.onLoad({ id: ids[2] });
  await waitFor(() => first.data.loading === false && second.data.loading === false);
  await as(cloud, 'page-donor-2').ok('wish', 'claim', { id: ids[2] });
  second.querySelector('#claim').dispatchEvent('tap');
  await waitFor(() => !!second.querySelector('#confirm'));
  second.querySelector('#confirm').dispatchEvent('tap');
  await waitFor(() => second.data.busy === false && second.data.message !== '');
  expect(text(second, '#message')).toContain('刚刚被其他爱心人士认领');
  expect(second.querySelector('#claim')).toBeUndefined();
  expect(second.data.claimed).toBeNull();
});

test('my claims: where to hand over, marking it sent, cancelling another', async () => {
  await as(cloud, 'page-mine').ok('wish', 'claim', { id: ids[3] });
  await as(cloud, 'page-mine').ok('wish', 'claim', { id: ids[4] });
  const page = render(mineId, 'page-mine');
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false);
  expect(page.data.items).toHaveLength(2);
  expect(text(page, `#claim-${ids[3]}`)).toContain('测试街道爱心驿站');
  page.querySelector(`#send-volunteer-${ids[3]}`).dispatchEvent('tap');
  await waitFor(() => page.data.message === '已标记寄出，孩子收到后会告诉您' && page.data.loading === false);
  expect(page.data.items.find((i: { card: { id: string } }) => i.card.id === ids[3]).card.status).toBe('sent');
  page.querySelector(`#cancel-${ids[4]}`).dispatchEvent('tap');
  await waitFor(() => page.data.message === '已取消认领' && page.data.loading === false);
  expect(page.data.items).toHaveLength(1);
  await as(cloud, WHO.volunteer).ok('wish', 'receive', { id: ids[3] });
  await as(cloud, WHO.volunteer).ok('wish', 'thank', { id: ids[3], text: '谢谢阿姨！' });
  page.instance.load();
  await waitFor(() => page.data.loading === false && !!page.querySelector(`#thanks-${ids[3]}`));
  expect(text(page, `#thanks-${ids[3]}`)).toContain('谢谢阿姨！');
  expect(text(page, '#notice-0')).toContain('孩子收到了您的心意');
});

test('a thanks photo shows on 我认领的心愿 and the 感谢墙 only once WeChat passed it, as the function\'s temporary link', async () => {
  cloud.wechat.mediaCheckDelayMs = null; // the verdict is pushed when the test says so
  wx.previewImage = jest.fn();
  await as(cloud, 'page-mine').ok('wish', 'claim', { id: ids[3] });
  await as(cloud, 'page-mine').ok('wish', 'send', { id: ids[3], mode: 'volunteer' });
  await as(cloud, WHO.volunteer).ok('wish', 'receive', { id: ids[3] });
  const photo = cloud.storage.write('wish-thanks/page-letter.jpg', Buffer.from('synthetic thanks letter'), WHO.volunteer);
  await as(cloud, WHO.volunteer).ok('wish', 'thank', { id: ids[3], text: '谢谢阿姨！', photoFileID: photo });
  // one page at a time: rendering sets whose phone the calls come from
  const open = async () => {
    const mine = render(mineId, 'page-mine');
    mine.instance.onLoad();
    await waitFor(() => mine.data.loading === false && !!mine.querySelector(`#thanks-${ids[3]}`));
    const mineImg = mine.querySelector(`#thanks-${ids[3]} .photo`);
    const mineUrl = mine.data.items.find((i: { id: string }) => i.id === ids[3]).thanks.photoUrl as string | null;
    if (mineImg) mineImg.dispatchEvent('tap');
    const wall = render(listId, 'page-wall-visitor');
    wall.instance.onLoad();
    await waitFor(() => wall.data.loading === false);
    wall.querySelector('#view-thanks').dispatchEvent('tap');
    await waitFor(() => wall.data.wallLoaded === true);
    return { mineImg, mineUrl, wallImg: wall.querySelector('#thanks-0 .photo'), wallUrl: wall.data.wall[0].photoUrl as string | null };
  };
  const before = await open(); // while WeChat checks it: neither the donor nor the wall shows it
  expect(before).toEqual({ mineImg: undefined, mineUrl: null, wallImg: undefined, wallUrl: null });

  expect(await cloud.wechat.deliverMediaChecks()).toBe(1);
  const { mineImg, mineUrl, wallImg, wallUrl } = await open();
  expect(mineUrl).toMatch(/\/storage\/files\/wish-thanks\/page-letter\.jpg\?sign=[0-9a-f]+&t=\d+$/);
  expect(wallUrl).toMatch(/\/storage\/files\/wish-thanks\/page-letter\.jpg\?sign=[0-9a-f]+&t=\d+$/);
  // the simulator drops a builtin <image>'s src; the page binds the same value to data-url (tap to preview)
  expect(mineImg.dom.getAttribute('data-url')).toBe(mineUrl);
  expect(wallImg.dom.getAttribute('data-url')).toBe(wallUrl);
  for (const link of [mineUrl!, wallUrl!]) {
    const res = await download(link);
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('synthetic thanks letter');
  }
  expect(wx.previewImage).toHaveBeenCalledTimes(1);
  expect(wx.previewImage).toHaveBeenLastCalledWith({ current: mineUrl, urls: [mineUrl] });
});

test('感谢墙 and 爱心榜 load only when opened, anonymised', async () => {
  await as(cloud, 'page-mine').ok('wish', 'claim', { id: ids[3] });
  await as(cloud, 'page-mine').ok('wish', 'send', { id: ids[3], mode: 'volunteer' });
  await as(cloud, WHO.volunteer).ok('wish', 'receive', { id: ids[3] });
  await as(cloud, WHO.volunteer).ok('wish', 'thank', { id: ids[3], text: '谢谢阿姨！' });
  const page = render(listId, 'page-wall-visitor');
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false);
  expect(page.data.wallLoaded).toBe(false);
  page.querySelector('#view-thanks').dispatchEvent('tap');
  await waitFor(() => page.data.wallLoaded === true);
  expect(text(page, '#thanks-0')).toContain('谢谢阿姨！');
  expect(text(page, '#thanks-0')).toContain('爱心人士');
  expect(text(page, '#board-0')).toContain('圆梦 1 个');
  for (const v of identifying(CHILD_A)) expect(JSON.stringify(page.data)).not.toContain(v);
  page.querySelector('#view-wishes').dispatchEvent('tap');
  await waitFor(() => !!page.querySelector('#count'));
});

describe('the reminder prompt on 认领', () => {
  async function claimWith(openid: string, answer: () => void) {
    const page = render(detailId, openid);
    page.instance.onLoad({ id: ids[5] });
    await waitFor(() => page.data.loading === false);
    tap(page, '#claim');
    await waitFor(() => !!page.querySelector('#confirm'));
    answer();
    tap(page, '#confirm');
    await waitFor(() => page.data.claimed !== null || (page.data.busy === false && page.data.message !== ''));
    return page;
  }
  const donorDoc = (openid: string) => cloud.store.rawDocuments('wish_donors').find((d) => d._id === userIdFor(openid)) as { reminderCredits?: number } | undefined;

  test('declined: the claim still goes through, and no reminder is promised', async () => {
    const page = await claimWith('page-donor-decline', () => subscribeAnswers(wx, 'reject'));
    expect(wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['local-wish-reminder'] }));
    expect(text(page, '#message')).toBe('认领成功，感谢您的爱心！');
    expect(text(page, '#claimed')).toContain('测试区妇联一楼服务台');
    const wish = cloud.store.rawDocuments('wishes').find((d) => d._id === ids[5]) as { status: string; claimantId: string };
    expect({ status: wish.status, claimantId: wish.claimantId }).toEqual({ status: 'claimed', claimantId: userIdFor('page-donor-decline') });
    // her donor record has the claim and no reminder credit (nor the openid a reminder would go to)
    expect(donorDoc('page-donor-decline')).toMatchObject({ openClaims: 1 });
    expect(donorDoc('page-donor-decline')).not.toHaveProperty('reminderCredits');
    expect(donorDoc('page-donor-decline')).not.toHaveProperty('openid');
  });

  test('the prompt fails (subscriptions switched off, errCode 20004): the claim still goes through, no reminder', async () => {
    const page = await claimWith('page-donor-off', () => subscribeFails(wx));
    expect(text(page, '#message')).toBe('认领成功，感谢您的爱心！');
    const wish = cloud.store.rawDocuments('wishes').find((d) => d._id === ids[5]) as { status: string; claimantId: string };
    expect({ status: wish.status, claimantId: wish.claimantId }).toEqual({ status: 'claimed', claimantId: userIdFor('page-donor-off') });
    // her donor record has the claim and no reminder credit (nor the openid a reminder would go to)
    expect(donorDoc('page-donor-off')).toMatchObject({ openClaims: 1 });
    expect(donorDoc('page-donor-off')).not.toHaveProperty('reminderCredits');
    expect(donorDoc('page-donor-off')).not.toHaveProperty('openid');
  });
});
