import fs from 'fs';
import path from 'path';
import { DEMO_ADMIN, DEMO_STAFF } from '../../localcloud/seed';
import { DEMO_DONOR } from '../../localcloud/seed-wishes';

/**
 * Every page in app.json, and who opens it with what so that it shows its content with the 遂宁
 * demo data (localcloud/seed.ts, `npm start`'s default): used by the font-scale page test and by
 * the large-text screens of `npm run shots`, so both cover each page and a new page needs a line here.
 */
const MP_ROOT = path.resolve(__dirname, '../../miniprogram');
const app = JSON.parse(fs.readFileSync(path.join(MP_ROOT, 'app.json'), 'utf8')) as { pages: string[]; subPackages: { root: string; pages: string[] }[] };
export const ALL_PAGES = [...app.pages, ...app.subPackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Page = any;
/** Opens a page as `openid` with `query` and resolves once its data is loaded. */
export type Open = (page: string, openid: string, query?: Record<string, string>) => Promise<Page>;
/** `says`: what the page shows instead of its content with this data (the 遂宁 programme has no
 * reporting calendar; report-calendar.shots.ts draws those pages with 晋江's). */
export type Visit = { openid: string; query?: () => Promise<Record<string, string>>; says?: string };

export const VOLUNTEER = 'demo-mum-3'; // approved and paired
const APPLICANT = 'demo-mum-1'; // waiting for review
const NEW_USER = 'demo-new-user';
const CITY = DEMO_STAFF.city.openid;
const STREET = DEMO_STAFF.street.openid;
const S = (p: string) => `packages/staff/pages/${p}/index`;
const V = (p: string) => `packages/volunteer/pages/${p}/index`;
const R = (p: string) => `packages/report/pages/${p}/index`;
const A = (p: string) => `packages/admin/pages/${p}/index`;

/** `wx`: the test's wx (a 修改 form reads its entry from storage) */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function pageVisits(open: Open, wx: Record<string, any>): Record<string, Visit> {
  /** a detail page's query, from what its list page shows first */
  const from = (page: string, openid: string, pick: (d: Page['data']) => Record<string, string>, query: Record<string, string> = {}) => async () =>
    pick((await open(page, openid, query)).data);
  const child = from(V('pairings'), VOLUNTEER, (d) => ({ childId: d.active[0].childId }));
  const visit = async () => (await open(V('timeline'), VOLUNTEER, await child())).data.items[0] as { id: string };
  const period = (openid: string) => from(R('periods'), openid, (d) => ({ orgCode: d.orgCode, periodKey: d.periods[0]?.key ?? '2026-12' }));
  const noCalendar = '本项目没有规定定期报送工作报告';
  const programmeDraft = async () => {
    await (await open(A('programme'), DEMO_ADMIN)).instance.onEdit();
    return {};
  };
  return {
    'pages/home/index': { openid: VOLUNTEER },
    'pages/wish-list/index': { openid: DEMO_DONOR },
    'pages/wish-detail/index': { openid: DEMO_DONOR, query: from('pages/wish-list/index', DEMO_DONOR, (d) => ({ id: d.items[0].id })) },
    'pages/my-claims/index': { openid: DEMO_DONOR },
    'pages/signup/index': { openid: NEW_USER },
    'pages/volunteer-status/index': { openid: APPLICANT },
    'pages/notices/index': { openid: VOLUNTEER },
    [S('volunteer-review')]: { openid: STREET },
    [S('volunteer-detail')]: { openid: STREET, query: from(S('volunteer-review'), STREET, (d) => ({ id: d.items[0].id })) },
    [S('volunteer-roster')]: { openid: CITY },
    [S('child-list')]: { openid: CITY },
    [S('child-detail')]: { openid: CITY, query: from(S('child-list'), CITY, (d) => ({ id: d.items[0].id })) },
    [S('child-edit')]: { openid: CITY, query: from(S('child-list'), CITY, (d) => ({ id: d.items[0].id })) },
    [S('child-import')]: { openid: CITY },
    [S('pairing-board')]: { openid: CITY },
    [S('pairing-detail')]: { openid: CITY, query: from(S('pairing-board'), CITY, (d) => ({ id: d.items[0].id })) },
    [S('wish-review')]: { openid: CITY },
    [S('wish-manage')]: { openid: CITY, query: from(S('wish-review'), CITY, (d) => ({ id: d.items[0].card.id }), { status: 'claimed' }) },
    [S('wish-collect')]: { openid: VOLUNTEER },
    [S('visit-board')]: { openid: CITY },
    [V('pairings')]: { openid: VOLUNTEER },
    [V('pairing-card')]: { openid: VOLUNTEER, query: from(V('pairings'), VOLUNTEER, (d) => ({ id: d.active[0].id, childId: d.active[0].childId })) },
    [V('checkin')]: { openid: VOLUNTEER, query: child },
    [V('timeline')]: { openid: VOLUNTEER, query: child },
    [V('checkin-team')]: { openid: VOLUNTEER },
    [V('team-entry')]: { openid: VOLUNTEER, query: async () => ({ id: (await visit()).id }) },
    [V('correct')]: {
      openid: VOLUNTEER,
      query: async () => {
        const item = await visit();
        wx.setStorageSync('visitCorrecting', item); // as 修改 on the timeline leaves it
        return { id: item.id };
      },
    },
    [A('setup')]: { openid: DEMO_ADMIN },
    [A('orgs')]: { openid: DEMO_ADMIN },
    [A('staff')]: { openid: DEMO_ADMIN },
    [A('join')]: { openid: NEW_USER },
    [A('reconcile')]: { openid: DEMO_ADMIN },
    [A('audit')]: { openid: DEMO_ADMIN },
    [A('programme')]: { openid: DEMO_ADMIN },
    // the editor's pages edit the draft 修改规则 starts (kept in the page module and in storage)
    [A('programme-edit')]: { openid: DEMO_ADMIN, query: async () => ({ ...(await programmeDraft()), path: 'wishRules' }) },
    [A('programme-save')]: { openid: DEMO_ADMIN, query: programmeDraft },
    [R('periods')]: { openid: STREET },
    [R('report-edit')]: { openid: STREET, query: period(STREET), says: noCalendar },
    [R('report-status')]: { openid: CITY, query: period(CITY), says: noCalendar },
    [R('dashboard')]: { openid: CITY },
    [R('drill')]: { openid: CITY, query: async () => ({ tile: 'children' }) },
    [R('figures')]: { openid: CITY, query: async () => ({ orgCode: 'sn', section: 'areas' }) },
    [R('annexes')]: { openid: CITY },
    [R('commendation')]: { openid: STREET },
    [R('honours')]: { openid: VOLUNTEER },
  };
}
