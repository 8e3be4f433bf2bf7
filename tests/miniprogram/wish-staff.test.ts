/**
 * @jest-environment jsdom
 */
import { installWx, loadPage, waitFor, renderAs, textOf, connect, network, typeInto, pick } from '../helpers/page';
import { startTestCloud, as } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { CHILD_A, inDays, publishedWish, setupWishWorld, WHO, wishInput, type WishWorld } from '../domain/wish/world';

/** Staff pages: collect, the review queue (approve / send back), and receipt + thanks on the manage page. */
installWx();
let cloud: LocalCloud;
let w: WishWorld;
let reviewId: string;
let manageId: string;
let collectId: string;
const text = textOf;

beforeAll(() => {
  reviewId = loadPage('packages/staff/pages/wish-review/index');
  manageId = loadPage('packages/staff/pages/wish-manage/index');
  collectId = loadPage('packages/staff/pages/wish-collect/index');
});
// each test has its own cloud with the same starting records, so none depends on what another did
beforeEach(async () => {
  cloud = await startTestCloud();
  connect(cloud);
  w = await setupWishWorld(cloud);
});
afterEach(async () => {
  network.gateway = cloud.url;
  jest.clearAllMocks();
  await cloud.close();
});

const render = renderAs;

test('the volunteer collects a wish for her paired child; the form checks before sending', async () => {
  const page = render(collectId, WHO.volunteer);
  page.instance.onLoad({ childId: w.a });
  page.querySelector('#submit').dispatchEvent('tap');
  await waitFor(() => page.data.error !== '');
  expect(text(page, '#error')).toBe('请填写心愿内容');
  typeInto(page, '#title', '一盒彩笔');
  typeInto(page, '#price', '500');
  pick(page, '#needed-by', inDays(20));
  typeInto(page, '#office', '测试区妇联');
  page.querySelector('#category-school_supplies').dispatchEvent('tap');
  await waitFor(() => page.data.form.category === 'school_supplies');
  page.querySelector('#submit').dispatchEvent('tap');
  await waitFor(() => page.data.busy === false && page.data.error.includes('200元'));
  typeInto(page, '#price', '60');
  page.querySelector('#submit').dispatchEvent('tap');
  await waitFor(() => page.data.done === true);
  expect(text(page, '#done')).toContain('等待妇联审核');
});

test('opened without a child, the volunteer picks her only paired child; staff are sent to the registry', async () => {
  const page = render(collectId, WHO.volunteer);
  page.instance.onLoad({});
  await waitFor(() => page.data.children.length === 1);
  expect(page.data.childId).toBe(w.a);
  expect(text(page, `#child-${w.a}`)).toContain(CHILD_A.name.slice(1));
  expect(text(page, `#child-${w.a}`)).not.toContain(CHILD_A.name);
  const staff = render(collectId, WHO.countyA);
  staff.instance.onLoad({});
  await waitFor(() => staff.data.childHint !== '');
  expect(text(staff, '#child-hint')).toBe('请从儿童档案进入采集心愿');
});

test('the review queue shows the child\'s name to staff, and approves or sends back in place', async () => {
  await as(cloud, WHO.volunteer).ok('wish', 'collect', wishInput(w.a, { title: '一盒彩笔', category: 'school_supplies' }));
  const { id: other } = await as(cloud, WHO.countyA).ok('wish', 'collect', wishInput(w.a, { title: '一个足球', category: 'sports' }));
  const page = render(reviewId, WHO.countyA);
  page.instance.onLoad({});
  await waitFor(() => page.data.loading === false);
  expect(page.data.total).toBe(2);
  const first = page.data.items.find((i: { card: { title: string } }) => i.card.title === '一盒彩笔').card.id;
  expect(text(page, `#row-${first}`)).toContain(CHILD_A.name);
  page.querySelector(`#approve-${first}`).dispatchEvent('tap');
  await waitFor(() => page.data.message === '已通过，心愿已发布' && page.data.loading === false);
  expect(page.data.total).toBe(1);
  page.querySelector(`#return-${other}`).dispatchEvent('tap');
  await waitFor(() => page.data.busyId === '' && page.data.message === '请填写退回修改的原因');
  typeInto(page, `#reason-${other}`, '请写清尺码');
  page.querySelector(`#return-${other}`).dispatchEvent('tap');
  await waitFor(() => page.data.message === '已退回修改' && page.data.loading === false);
  expect(page.data.total).toBe(0);
  expect((await as(cloud, 'somebody').ok('wish', 'list', {})).items.map((c) => c.id)).toEqual([first]);
});

test('the manage page: a thanks note content security refuses says so and the form stays; a photo waiting for its check says 照片审核中', async () => {
  const id = await publishedWish(cloud, w.a, { title: '一个笔袋' });
  await as(cloud, 'staff-page-donor').ok('wish', 'claim', { id });
  await as(cloud, 'staff-page-donor').ok('wish', 'send', { id, mode: 'office' });
  await as(cloud, WHO.volunteer).ok('wish', 'receive', { id });
  cloud.wechat.mediaCheckDelayMs = null;
  const page = render(manageId, WHO.volunteer);
  page.instance.onLoad({ id });
  await waitFor(() => page.data.loading === false);
  typeInto(page, '#thanks-text', '谢谢违禁示例词');
  page.querySelector('#thank').dispatchEvent('tap');
  await waitFor(() => page.data.busy === false && page.data.message !== '');
  expect(page.data.message).toBe('内容含有不适宜公开的文字，请修改后再提交');
  expect(page.querySelector('#thank-form')).toBeTruthy();
  const photoFileID = cloud.storage.write('wish-thanks/page-photo.jpg', Buffer.from('synthetic photo'), WHO.volunteer);
  await as(cloud, WHO.volunteer).ok('wish', 'thank', { id, text: '谢谢您', photoFileID });
  page.instance.onLoad({ id });
  await waitFor(() => page.data.loading === false && !!page.data.wish?.thanks);
  expect(text(page, '#thanks')).toContain('（照片审核中）');
  await cloud.wechat.deliverMediaChecks();
  page.instance.onLoad({ id });
  await waitFor(() => page.data.loading === false && page.data.wish?.thanks?.photoApproved === true);
  expect(text(page, '#thanks')).not.toContain('照片');
});

test('the manage page: confirm receipt, send thanks, see the history', async () => {
  const id = await publishedWish(cloud, w.a, { title: '一盒彩笔' });
  await as(cloud, 'staff-page-donor').ok('wish', 'claim', { id });
  await as(cloud, 'staff-page-donor').ok('wish', 'send', { id, mode: 'office' });
  const page = render(manageId, WHO.volunteer);
  page.instance.onLoad({ id });
  await waitFor(() => page.data.loading === false);
  expect(text(page, '#status')).toContain('礼物已寄出');
  page.querySelector('#receive').dispatchEvent('tap');
  await waitFor(() => page.data.message === '已确认孩子收到礼物' && page.data.loading === false);
  typeInto(page, '#thanks-text', '谢谢叔叔阿姨！');
  page.querySelector('#thank').dispatchEvent('tap');
  await waitFor(() => page.data.message === '感谢已送达爱心人士' && page.data.loading === false);
  expect(text(page, '#thanks')).toContain('谢谢叔叔阿姨！');
  expect(page.data.wish.history.map((h: { event: string }) => h.event)).toEqual(['collect', 'approve', 'claim', 'send', 'receive', 'thank']);
  const mine = await as(cloud, 'staff-page-donor').ok('wish', 'mine', {});
  expect(mine.items[0].thanks?.text).toBe('谢谢叔叔阿姨！');
});
