import { startTestCloud, as } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { CHILD_A, CHILD_B, identifying, publishedWish, setupWishWorld, WHO, type WishWorld } from '../domain/wish/world';

/**
 * Anonymisation: every public and donor-facing response, across a wish's whole life, is scanned
 * for either child's full name, ID numbers, phones, school, address and family names.
 */
let cloud: LocalCloud;
let w: WishWorld;
const responses: { action: string; body: unknown }[] = [];
const forbidden = [...identifying(CHILD_A), ...identifying(CHILD_B)];

beforeAll(async () => {
  cloud = await startTestCloud();
  w = await setupWishWorld(cloud);
});
afterAll(() => cloud.close());

async function seen(openid: string, action: string, data: unknown) {
  const res = await as(cloud, openid).raw('wish', action as never, data);
  responses.push({ action, body: res });
  return res as { ok: boolean; data: any };
}

const leaks = (body: unknown) => {
  const text = JSON.stringify(body);
  return forbidden.filter((v) => v && text.includes(v));
};

test('the scanner finds what it looks for (a staff view carries the name)', async () => {
  const id = await publishedWish(cloud, w.a);
  const staff = await as(cloud, WHO.countyA).raw('wish', 'staffGet', { id });
  expect(leaks(staff)).toContain(CHILD_A.name);
});

test('no public or donor response, from list to thanks, carries anything that identifies a child', async () => {
  const a = await publishedWish(cloud, w.a, { title: '一本字典', category: 'books' });
  const b = await publishedWish(cloud, w.b, { title: '一件棉衣', category: 'clothing', volunteerAddress: '' }, WHO.countyB);
  const donor = 'anon-donor';
  await seen(donor, 'list', {});
  await seen(donor, 'list', { sort: 'newest', page: 1, pageSize: 30 });
  await seen(donor, 'get', { id: a });
  await seen(donor, 'get', { id: b });
  await seen(donor, 'claim', { id: a, displayName: '测试爱心团队', anonymous: false });
  await seen(donor, 'claim', { id: b });
  await seen(donor, 'cancel', { id: b });
  await seen(donor, 'mine', {});
  await seen(donor, 'send', { id: a, mode: 'volunteer' });
  await as(cloud, WHO.volunteer).ok('wish', 'receive', { id: a });
  await as(cloud, WHO.volunteer).ok('wish', 'thank', { id: a, text: '谢谢您，我会好好学习', photoFileID: 'cloud://env/wish-thanks/x.jpg' });
  await seen(donor, 'mine', {});
  await seen('passer-by', 'thanksWall', {});
  await seen('passer-by', 'donorBoard', {});
  await seen('passer-by', 'list', { district: CHILD_B.orgCode });

  expect(responses.filter((r) => !(r.body as { ok: boolean }).ok)).toEqual([]);
  for (const r of responses) expect({ action: r.action, leaks: leaks(r.body) }).toEqual({ action: r.action, leaks: [] });
  // the card is the alias, not the name: 测试儿童甲 → 试同学
  const card = (responses.find((r) => r.action === 'get')!.body as { data: { card: { alias: string }; shareTitle: string } }).data;
  expect(card.card.alias).toBe('试同学');
  expect(card.shareTitle).toContain('试同学');
  // the donor sees the handover points only, never the child's address
  const mine = (responses.filter((r) => r.action === 'mine').pop()!.body as { data: { items: { handover: { address: string }[] }[] } }).data;
  expect(mine.items[0].handover.map((h) => h.address)).toEqual(['测试区妇联一楼服务台', '测试街道爱心驿站']);
});

test('the child\'s words and internal ids stay with staff', async () => {
  const text = JSON.stringify(responses);
  expect(text).not.toContain('我想要一个蓝色的书包');
  expect(text).not.toContain(w.a);
  expect(text).not.toContain('orgPath');
  expect(text).not.toContain('childId');
});
