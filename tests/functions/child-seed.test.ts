import { startTestCloud, as } from '../helpers/cloud';
import { FUNCTIONS } from '../../src/functions';
import { DEMO_STAFF, seedDemo } from '../../localcloud/seed';
import type { LocalCloud } from '../../localcloud/server';

/** The demo data `npm start` creates: about twenty children, through the real handlers, with history. */
let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startTestCloud();
  await seedDemo(FUNCTIONS as never, 'suining-2019');
});
afterAll(() => cloud.close());

test('twenty synthetic children, visible to the city staff, with an edit in the history', async () => {
  const list = await as(cloud, DEMO_STAFF.city.openid).ok('child', 'list', { pageSize: 50 });
  expect(list.total).toBe(20);
  expect(list.items.every((r) => r.name.startsWith('测试儿童'))).toBe(true);
  expect(new Set(list.items.map((r) => r.riskLabel))).toEqual(new Set(['低风险', '中风险', '高风险']));
  const history = cloud.store.rawDocuments('child_history').filter((h) => h.action === 'update');
  expect(history.some((h) => h.reason === '入户走访发现祖母生病，照护能力下降')).toBe(true);
});
