import { installShotWx, startDemoCloud, open, capture } from './render';
import { DEMO_STAFF } from '../localcloud/seed';
import type { LocalCloud } from '../localcloud/server';
import { CARE_KEY, forgetFontScale } from '../miniprogram/utils/font-scale';

/** The reporting calendar with the 晋江 demo data (monthly reports: one submitted, one draft):
 * 工作报送, a report being written, a submitted one read-only, 报送情况 for the city above. */
installShotWx();
let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startDemoCloud('jinjiang-2024');
});
afterAll(() => cloud.close());

const STREET = DEMO_STAFF.street.openid; // writes the reports
const CITY = DEMO_STAFF.city.openid; // the node above the reporting towns
const P = (name: string) => `packages/report/pages/${name}/index`;

test('periods, the draft, a submitted report, and the status above', async () => {
  const periods = await open(P('periods'), STREET, {}, (p) => p.data.loaded === true);
  capture('report-periods', P('periods'));
  const rows = periods.data.periods as { key: string; hasDraft?: boolean; submittedAt?: string }[];
  const draft = rows.find((r) => r.hasDraft) ?? rows[0]!;
  await open(P('report-edit'), STREET, { orgCode: periods.data.orgCode, periodKey: draft.key });
  capture('report-edit-draft', P('report-edit'));
  const done = rows.find((r) => r.submittedAt);
  if (done) {
    await open(P('report-edit'), STREET, { orgCode: periods.data.orgCode, periodKey: done.key, readonly: '1' });
    capture('report-edit-submitted', P('report-edit'));
  }
  const above = await open(P('periods'), CITY, {}, (p) => p.data.loaded === true);
  capture('report-periods-city', P('periods'));
  const key = (done ?? draft).key;
  await open(P('report-status'), CITY, { orgCode: above.data.orgCode, periodKey: key });
  capture('report-status', P('report-status'));
});

// the same at the largest text (WeChat's largest setting and 关怀模式, scale 1.75; see care.shots.ts)
test('care-report-calendar: periods, the draft and 报送情况', async () => {
  const wx = (globalThis as unknown as { wx: Record<string, any> }).wx; // eslint-disable-line @typescript-eslint/no-explicit-any
  const standard = wx.getAppBaseInfo;
  wx.getAppBaseInfo = () => ({ ...standard(), fontSizeSetting: 25.5, fontSizeScaleFactor: 1.5 });
  wx.setStorageSync(CARE_KEY, true);
  forgetFontScale();
  try {
    const periods = await open(P('periods'), STREET, {}, (p) => p.data.loaded === true);
    capture('care-report-calendar-periods', P('periods'));
    const rows = periods.data.periods as { key: string; hasDraft?: boolean }[];
    const draft = rows.find((r) => r.hasDraft) ?? rows[0]!;
    await open(P('report-edit'), STREET, { orgCode: periods.data.orgCode, periodKey: draft.key });
    capture('care-report-calendar-edit', P('report-edit'));
    const above = await open(P('periods'), CITY, {}, (p) => p.data.loaded === true);
    await open(P('report-status'), CITY, { orgCode: above.data.orgCode, periodKey: draft.key });
    capture('care-report-calendar-status', P('report-status'));
  } finally {
    wx.getAppBaseInfo = standard;
    wx.removeStorageSync(CARE_KEY);
    forgetFontScale();
  }
});
