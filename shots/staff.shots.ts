import { installShotWx, startDemoCloud, open, capture, tapTo } from './render';
import { DEMO_STAFF } from '../localcloud/seed';
import type { LocalCloud } from '../localcloud/server';

/** Every staff page (packages/staff/pages/*) with the 遂宁 demo data: each list, then the first row's
 * detail, as the demo staff member who has the most to see there. */
installShotWx();
let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startDemoCloud('suining-2019');
});
afterAll(() => cloud.close());

const STREET = DEMO_STAFF.street.openid; // first reviewer of the demo applicants
const CITY = DEMO_STAFF.city.openid; // sees the whole programme
const P = (name: string) => `packages/staff/pages/${name}/index`;

test('volunteer review (待我审核) and an application', async () => {
  const list = await open(P('volunteer-review'), STREET);
  capture('staff-volunteer-review', P('volunteer-review'));
  const to = await tapTo(list, `#row-${list.data.items[0].id}`);
  await open(to.path, STREET, to.query);
  capture('staff-volunteer-detail', to.path);
});

test('volunteer roster', async () => {
  await open(P('volunteer-roster'), CITY);
  capture('staff-volunteer-roster', P('volunteer-roster'));
});

test('children: list, a child, editing her, import', async () => {
  const list = await open(P('child-list'), CITY);
  capture('staff-child-list', P('child-list'));
  const to = await tapTo(list, `#row-${list.data.items[0].id}`);
  await open(to.path, CITY, to.query);
  capture('staff-child-detail', to.path);
  await open(P('child-edit'), CITY, { id: to.query.id! });
  capture('staff-child-edit', P('child-edit'));
  await open(P('child-import'), CITY);
  capture('staff-child-import', P('child-import'));
});

test('pairing board and a pairing', async () => {
  const board = await open(P('pairing-board'), CITY);
  capture('staff-pairing-board', P('pairing-board'));
  const to = await tapTo(board, `#row-${board.data.items[0].id}`);
  await open(to.path, CITY, to.query);
  capture('staff-pairing-detail', to.path);
});

test('wish review, a claimed wish being handled, collecting a new one', async () => {
  await open(P('wish-review'), CITY);
  capture('staff-wish-review', P('wish-review'));
  const claimed = await open(P('wish-review'), CITY, { status: 'claimed' });
  capture('staff-wish-review-claimed', P('wish-review'));
  const to = await tapTo(claimed, '.title');
  await open(to.path, CITY, to.query);
  capture('staff-wish-manage', to.path);
  // the volunteer's home tile 采集微心愿 opens it with no child chosen
  await open(P('wish-collect'), 'demo-mum-3');
  capture('staff-wish-collect', P('wish-collect'));
});

test.each(['child', 'volunteer', 'area', 'flags', 'corrections'])('visit board, tab %s', async (tab) => {
  await open(P('visit-board'), CITY, { tab });
  capture(`staff-visit-board-${tab}`, P('visit-board'));
});
