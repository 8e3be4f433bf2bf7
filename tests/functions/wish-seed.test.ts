import { startTestCloud, as } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { DEMO_STAFF, seedDemo } from '../../localcloud/seed';
import { DEMO_DONOR } from '../../localcloud/seed-wishes';
import { FUNCTIONS } from '../../src/functions';

/** The demo data holds wishes in every stage a visitor would want to see. */
let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
  await seedDemo(FUNCTIONS as never, 'suining-2019');
}, 60_000);
afterAll(() => cloud.close());

test('published wishes, a claim, a thanks and one awaiting review', async () => {
  const list = await as(cloud, 'visitor').ok('wish', 'list', {});
  expect(list.total).toBe(3);
  expect(list.items.every((c) => /同学$/.test(c.alias))).toBe(true);
  const mine = await as(cloud, DEMO_DONOR).ok('wish', 'mine', {});
  expect(mine.items.map((i) => i.card.status).sort()).toEqual(['claimed', 'thanked']);
  expect((await as(cloud, 'visitor').ok('wish', 'thanksWall', {})).items[0]).toMatchObject({ donor: '测试爱心企业' });
  expect((await as(cloud, DEMO_STAFF.city.openid).ok('wish', 'queue', {})).total).toBe(1);
});
