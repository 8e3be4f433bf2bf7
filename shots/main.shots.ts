import { installShotWx, startDemoCloud, open, capture, tapTo } from './render';
import { DEMO_ADMIN, DEMO_STAFF } from '../localcloud/seed';
import { DEMO_DONOR } from '../localcloud/seed-wishes';
import type { LocalCloud } from '../localcloud/server';
import { CARE_KEY, forgetFontScale } from '../miniprogram/utils/font-scale';
import { pageVisits } from '../tests/helpers/page-visits';

/** The main package and the volunteer's pages, with the 遂宁 demo data (`npm start`'s default). */
installShotWx();
let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startDemoCloud('suining-2019');
});
afterAll(() => cloud.close());

const NEW_USER = 'demo-new-user';
const APPLICANT = 'demo-mum-1'; // waiting for review
const VOLUNTEER = 'demo-mum-3'; // approved and paired

const HOME = 'pages/home/index';
test.each([
  ['home-donor', DEMO_DONOR],
  ['home-applicant', APPLICANT],
  ['home-volunteer', VOLUNTEER],
  ['home-staff', DEMO_STAFF.street.openid],
  ['home-admin', DEMO_ADMIN],
])('%s', async (name, openid) => {
  await open(HOME, openid);
  capture(name, HOME);
});

test('sign-up (a new WeChat user, first step)', async () => {
  await open('pages/signup/index', NEW_USER);
  capture('signup', 'pages/signup/index');
});

test.each([
  ['volunteer-status-pending', APPLICANT],
  ['volunteer-status-approved', VOLUNTEER],
  ['volunteer-status-rejected', 'demo-mum-4'],
])('%s', async (name, openid) => {
  await open('pages/volunteer-status/index', openid);
  capture(name, 'pages/volunteer-status/index');
});

test('wish list and the first wish', async () => {
  const list = await open('pages/wish-list/index', DEMO_DONOR);
  capture('wish-list', 'pages/wish-list/index');
  const to = await tapTo(list, '.card');
  await open(to.path, DEMO_DONOR, to.query);
  capture('wish-detail', to.path);
});

test('my claims', async () => {
  await open('pages/my-claims/index', DEMO_DONOR);
  capture('my-claims', 'pages/my-claims/index');
});

test('notices', async () => {
  await open('pages/notices/index', VOLUNTEER);
  capture('notices-volunteer', 'pages/notices/index');
});

test('pairings, the pairing card, check-in and timeline of her child', async () => {
  const pairings = await open('packages/volunteer/pages/pairings/index', VOLUNTEER);
  capture('pairings', 'packages/volunteer/pages/pairings/index');
  const to = await tapTo(pairings, '.tap');
  await open(to.path, VOLUNTEER, to.query);
  capture('pairing-card', to.path);
  await open('packages/volunteer/pages/checkin/index', VOLUNTEER, { childId: to.query.childId! });
  capture('checkin', 'packages/volunteer/pages/checkin/index');
  await open('packages/volunteer/pages/timeline/index', VOLUNTEER, { childId: to.query.childId! });
  capture('timeline', 'packages/volunteer/pages/timeline/index');
});

test('team activity (团队动态)', async () => {
  await open('packages/volunteer/pages/checkin-team/index', VOLUNTEER);
  capture('checkin-team', 'packages/volunteer/pages/checkin-team/index');
});

// pages opened from elsewhere (a timeline entry's 修改, a shared check-in card, the first-run entry)
const visits = pageVisits(open, (globalThis as unknown as { wx: Record<string, unknown> }).wx);
test.each([
  ['correct', 'packages/volunteer/pages/correct/index'],
  ['team-entry', 'packages/volunteer/pages/team-entry/index'],
  ['admin-setup', 'packages/admin/pages/setup/index'],
  ['admin-programme', 'packages/admin/pages/programme/index'],
  ['admin-programme-edit', 'packages/admin/pages/programme-edit/index'],
  ['admin-programme-save', 'packages/admin/pages/programme-save/index'],
])('%s', async (name, page) => {
  const visit = visits[page]!;
  const query = (await visit.query?.()) ?? {};
  await open(page, visit.openid, query);
  capture(name, page);
});

// the admin package: organisation tree, staff and their invites, joining with a code, 数据核对
test.each([
  ['admin-orgs', 'packages/admin/pages/orgs/index', DEMO_ADMIN],
  ['admin-staff', 'packages/admin/pages/staff/index', DEMO_ADMIN],
  ['admin-join', 'packages/admin/pages/join/index', NEW_USER],
  ['admin-reconcile', 'packages/admin/pages/reconcile/index', DEMO_ADMIN],
  ['admin-audit', 'packages/admin/pages/audit/index', DEMO_ADMIN],
])('%s', async (name, page, openid) => {
  await open(page, openid);
  capture(name, page);
});

// WeChat's largest font setting (fontSizeSetting 24 → scale 1.5) and 关怀模式 on top (1.75; every
// page is drawn so in care.shots.ts): nothing may be clipped or overlap (issue 18); the setting is
// read once, so it is forgotten before each
const large = (care: boolean) => {
  const wx = (globalThis as unknown as { wx: Record<string, any> }).wx; // eslint-disable-line @typescript-eslint/no-explicit-any
  wx.getAppBaseInfo = () => ({ SDKVersion: '3.6.0', version: '8.0.50', language: 'zh_CN', theme: 'light', fontSizeSetting: 24 });
  if (care) wx.setStorageSync(CARE_KEY, true);
  else wx.removeStorageSync(CARE_KEY);
  forgetFontScale();
};
test.each([
  ['large-home-volunteer', HOME, VOLUNTEER, false],
  ['large-home-staff', HOME, DEMO_STAFF.street.openid, false],
  ['large-wish-list', 'pages/wish-list/index', DEMO_DONOR, false],
  ['large-admin-orgs', 'packages/admin/pages/orgs/index', DEMO_ADMIN, false],
  ['care-home-staff', HOME, DEMO_STAFF.street.openid, true],
])('%s', async (name, page, openid, care) => {
  large(care);
  try {
    await open(page, openid);
    capture(name, page);
  } finally {
    const wx = (globalThis as unknown as { wx: Record<string, any> }).wx; // eslint-disable-line @typescript-eslint/no-explicit-any
    wx.getAppBaseInfo = () => ({ SDKVersion: '3.6.0', version: '8.0.50', language: 'zh_CN', theme: 'light', fontSizeSetting: 16 });
    wx.removeStorageSync(CARE_KEY);
    forgetFontScale();
  }
});
