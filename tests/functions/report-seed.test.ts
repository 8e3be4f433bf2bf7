import { startTestCloud, as } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { DEMO_STAFF, seedDemo } from '../../localcloud/seed';
import { FUNCTIONS } from '../../src/functions';
import { forgetProgramme } from '../../src/server/programme';

/**
 * The demo's reports and commendations follow the preset: 晋江 has a reporting calendar and no yearly
 * review, so one submitted report, drafts, and no nominations; 遂宁 the other way round.
 */
describe('晋江 demo: reports, no commendations', () => {
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

  test('one submitted, one draft, seen on the calendar and by the city', async () => {
    const docs = cloud.store.rawDocuments('reports') as { status: string; periodKey: string }[];
    // one submitted; the rest drafts: the street's own, and those the hourly report timer (run once
    // by the seed, as CloudBase's trigger would within the hour) opens for the open periods
    expect(docs.filter((d) => d.status === 'submitted')).toHaveLength(1);
    expect(docs.filter((d) => d.status !== 'submitted').map((d) => d.status)).toEqual(expect.arrayContaining(['draft']));
    expect(docs.every((d) => d.status === 'draft' || d.status === 'submitted')).toBe(true);
    const cal = await as(cloud, DEMO_STAFF.street.openid).ok('report', 'periods', {});
    const open = cal.periods.filter((p) => p.open);
    expect(open[0].hasDraft).toBe(true);
    expect(['submitted', 'late']).toContain(open[1].status);
    const status = await as(cloud, DEMO_STAFF.city.openid).ok('report', 'status', { periodKey: open[1].key });
    expect(status.counts.submitted).toBe(1);
  });

  test('no nominations', () => {
    expect(cloud.store.rawDocuments('commendation_nominations')).toHaveLength(0);
  });
});

describe('遂宁 demo: commendations, no reports', () => {
  let cloud: LocalCloud;
  beforeAll(async () => {
    forgetProgramme();
    cloud = await startTestCloud();
    await seedDemo(FUNCTIONS as never, 'suining-2019');
  }, 60_000);
  afterAll(() => {
    forgetProgramme();
    return cloud.close();
  });

  test('one approved (the volunteer sees it), one waiting for the city', async () => {
    const docs = cloud.store.rawDocuments('commendation_nominations') as { status: string; volunteerOpenid: string }[];
    expect(docs.map((d) => d.status).sort()).toEqual(['approved', 'nominated']);
    const approved = docs.find((d) => d.status === 'approved')!;
    const mine = await as(cloud, approved.volunteerOpenid).ok('report', 'mine', {});
    expect(mine.items).toHaveLength(1);
    const waiting = await as(cloud, DEMO_STAFF.city.openid).ok('report', 'nominations', { view: 'toApprove' });
    expect(waiting.total).toBe(1);
  });

  test('no reports', () => {
    expect(cloud.store.rawDocuments('reports')).toHaveLength(0);
  });
});
