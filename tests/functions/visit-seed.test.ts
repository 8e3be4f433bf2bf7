import { startTestCloud, as } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { DEMO_STAFF, seedDemo } from '../../localcloud/seed';
import { FUNCTIONS } from '../../src/functions';

/** The demo data holds check-ins, one open flag and a board with a row for the paired child. */
let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
  await seedDemo(FUNCTIONS as never, 'suining-2019');
}, 60_000);
afterAll(() => cloud.close());

test('two demo check-ins, an open flag for the city staff and the child on the board', async () => {
  expect(cloud.store.rawDocuments('visit_checkins')).toHaveLength(2);
  const city = as(cloud, DEMO_STAFF.city.openid);
  expect((await city.ok('visit', 'flags', {})).items.map((f) => f.reason)).toEqual(['孩子放学后无人照看']);
  expect((await city.ok('visit', 'board', {})).total).toBe(1);
});
