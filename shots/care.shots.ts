import { installShotWx, startDemoCloud, open, capture } from './render';
import { ALL_PAGES, pageVisits } from '../tests/helpers/page-visits';
import type { LocalCloud } from '../localcloud/server';
import { CARE_KEY, forgetFontScale } from '../miniprogram/utils/font-scale';

/**
 * Every page at the largest text it can get (issue 18): WeChat's largest font setting (scale 1.5)
 * with 关怀模式 on top (1.75), as `care-<page>` screens, each opened as in the font-scale page test
 * (tests/helpers/page-visits.ts). Nothing may be clipped or overlap; shots/run.ts lists text that
 * overflows its box or the screen. home and 走访打卡 at scale 1.5 are large-* in main.shots.ts.
 */
const wx = installShotWx();
let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startDemoCloud('suining-2019');
  wx.getAppBaseInfo = () => ({ SDKVersion: '3.6.0', version: '8.0.50', language: 'zh_CN', theme: 'light', fontSizeSetting: 25.5, fontSizeScaleFactor: 1.5 });
  wx.setStorageSync(CARE_KEY, true);
  forgetFontScale();
});
afterAll(() => {
  wx.removeStorageSync(CARE_KEY);
  forgetFontScale();
  return cloud.close();
});

const visits = pageVisits(open, wx);
/** pages/home/index → home, packages/staff/pages/child-list/index → staff-child-list */
const screen = (page: string) => page.replace(/^packages\/volunteer\//, '').replace(/^packages\/(\w+)\/pages\//, '$1-').replace(/^pages\//, '').replace(/\/index$/, '');

test.each(ALL_PAGES.map((p) => [screen(p), p]))('care-%s', async (name, page) => {
  const visit = visits[page]!;
  const query = (await visit.query?.()) ?? {};
  await open(page, visit.openid, query);
  capture(`care-${name}`, page);
});
