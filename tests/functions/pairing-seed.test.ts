import { startTestCloud, as } from '../helpers/cloud';
import { FUNCTIONS } from '../../src/functions';
import { DEMO_STAFF, seedDemo } from '../../localcloud/seed';
import type { LocalCloud } from '../../localcloud/server';

/** The demo data has one pairing through the whole life: suggested, confirmed, consented, accepted. */
let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
  await seedDemo(FUNCTIONS as never, 'suining-2019');
});
afterAll(() => cloud.close());

test('one active demo pairing with a 关爱寄语; its volunteer sees the care card', async () => {
  const list = await as(cloud, DEMO_STAFF.city.openid).ok('pairing', 'list', { status: 'active' });
  expect(list.total).toBe(1);
  const row = list.items[0];
  expect(row.message).toContain('孩子');
  expect(row.consent).toMatchObject({ methodLabel: '书面签字' });
  const openid = (cloud.store.rawDocuments('volunteer_applications') as { userId: string; openid: string }[]).find((a) => a.userId === row.volunteerId)!.openid;
  expect((await as(cloud, openid).ok('child', 'careList', {})).items).toHaveLength(1);
});
