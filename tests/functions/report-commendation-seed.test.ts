import { startTestCloud, as } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { DEMO_STAFF, seedDemo } from '../../localcloud/seed';
import { FUNCTIONS } from '../../src/functions';
import { forgetProgramme } from '../../src/server/programme';

/** With a yearly review (遂宁) the demo leaves one approved and one waiting nomination; without one (晋江) none. */
describe('demo commendations', () => {
  let cloud: LocalCloud;
  beforeAll(async () => {
    forgetProgramme();
    cloud = await startTestCloud();
    await seedDemo(FUNCTIONS as never, 'suining-2019');
  }, 60_000);
  afterAll(() => cloud.close());

  test('one approved (the volunteer sees it), one waiting for the city', async () => {
    const docs = cloud.store.rawDocuments('commendation_nominations') as { status: string; volunteerOpenid: string }[];
    expect(docs.map((d) => d.status).sort()).toEqual(['approved', 'nominated']);
    const approved = docs.find((d) => d.status === 'approved')!;
    const mine = await as(cloud, approved.volunteerOpenid).ok('report', 'mine', {});
    expect(mine.items).toHaveLength(1);
    const waiting = await as(cloud, DEMO_STAFF.city.openid).ok('report', 'nominations', { view: 'toApprove' });
    expect(waiting.total).toBe(1);
  });
});

describe('no yearly review, no demo commendations', () => {
  let cloud: LocalCloud;
  beforeAll(async () => {
    forgetProgramme();
    cloud = await startTestCloud();
    await seedDemo(FUNCTIONS as never, 'jinjiang-2024');
  }, 60_000);
  afterAll(() => {
    forgetProgramme();
    return cloud.close();
  });

  test('nothing written', () => {
    expect(cloud.store.rawDocuments('commendation_nominations')).toHaveLength(0);
  });
});
