import { startTestCloud, as } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { DEMO_STAFF, seedDemo } from '../../localcloud/seed';
import { FUNCTIONS } from '../../src/functions';
import { forgetProgramme } from '../../src/server/programme';

/** With a calendar (晋江) the demo leaves one submitted report and one draft; without one (遂宁) none. */
describe('demo reports', () => {
  let cloud: LocalCloud;
  beforeAll(async () => {
    forgetProgramme();
    cloud = await startTestCloud();
    await seedDemo(FUNCTIONS as never, 'jinjiang-2024');
  }, 60_000);
  afterAll(() => cloud.close());

  test('one submitted, one draft, seen on the calendar and by the city', async () => {
    const docs = cloud.store.rawDocuments('reports') as { status: string; periodKey: string }[];
    expect(docs.map((d) => d.status).sort()).toEqual(['draft', 'submitted']);
    const cal = await as(cloud, DEMO_STAFF.street.openid).ok('report', 'periods', {});
    const open = cal.periods.filter((p) => p.open);
    expect(open[0].hasDraft).toBe(true);
    expect(['submitted', 'late']).toContain(open[1].status);
    const status = await as(cloud, DEMO_STAFF.city.openid).ok('report', 'status', { periodKey: open[1].key });
    expect(status.counts.submitted).toBe(1);
  });
});

describe('no calendar, no demo reports', () => {
  let cloud: LocalCloud;
  beforeAll(async () => {
    forgetProgramme();
    cloud = await startTestCloud();
    await seedDemo(FUNCTIONS as never, 'suining-2019');
  }, 60_000);
  afterAll(() => cloud.close());

  test('nothing written', () => {
    expect(cloud.store.rawDocuments('reports')).toHaveLength(0);
  });
});
