import { installShotWx, startDemoCloud, open, capture } from './render';
import { DEMO_STAFF } from '../localcloud/seed';
import type { LocalCloud } from '../localcloud/server';
import { post } from '../tests/helpers/cloud';

/** The report pages with the 遂宁 demo data (quotas and the yearly commendation): dashboard,
 * drill-down, annexes, commendation, a volunteer's honours. The reporting calendar is in
 * report-calendar.shots.ts (晋江). */
installShotWx();
let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startDemoCloud('suining-2019');
});
afterAll(() => cloud.close());

const CITY = DEMO_STAFF.city.openid;
const STREET = DEMO_STAFF.street.openid;
const P = (name: string) => `packages/report/pages/${name}/index`;

test('dashboard', async () => {
  // the dashboard shows the report timer's snapshots, as in production
  await post(`${cloud.url}/timers/report/hourly`, {});
  await open(P('dashboard'), CITY);
  capture('report-dashboard', P('dashboard'));
  await open(P('figures'), CITY, { orgCode: 'sn', section: 'areas' });
  capture('report-dashboard-areas', P('figures'));
});

test.each(['children', 'volunteers', 'pairings', 'overdue', 'flags', 'wishes'])('drill-down %s', async (tile) => {
  await open(P('drill'), CITY, { tile });
  capture(`report-drill-${tile}`, P('drill'));
});

test('annexes', async () => {
  await open(P('annexes'), CITY);
  capture('report-annexes', P('annexes'));
});

test('commendation, both tabs', async () => {
  await open(P('commendation'), STREET);
  capture('report-commendation', P('commendation'));
  await open(P('commendation'), CITY, { tab: 'all' });
  capture('report-commendation-all', P('commendation'));
});

test('a volunteer\'s honours', async () => {
  await open(P('honours'), 'demo-mum-3');
  capture('report-honours', P('honours'));
});
