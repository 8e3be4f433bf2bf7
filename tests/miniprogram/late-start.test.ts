/**
 * @jest-environment jsdom
 */
import { installWx, loadPage, waitFor, renderAs, textOf, connect } from '../helpers/page';
import { startTestCloud, as, ADMIN } from '../helpers/cloud';
import { makeStaff, setupProgramme } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { approvedVolunteer } from '../domain/pairing/world';
import * as programmes from '../../src/programmes';
import { forgetProgramme } from '../../src/server/programme';
import { setClock } from '../../src/server/time';

/**
 * Where a programme grants the late-start grace (issue 17), the screens say why nothing is asked
 * yet: 本期待办 on home, 走访打卡 and the staff board show 本期结对较晚，下期起计 for the waived
 * requirement, with no deadline. A 晋江 low-risk pairing made on 10 December (the fourth quarter's
 * last third); no preset grants the grace, so 晋江's is switched on here with it.
 */
installWx();
const real = programmes.getProgramme;
let cloud: LocalCloud;
let childId = '';
let ids: Record<'home' | 'checkin' | 'board', string>;

beforeAll(() => {
  ids = { home: loadPage('pages/home/index'), checkin: loadPage('packages/volunteer/pages/checkin/index'), board: loadPage('packages/staff/pages/visit-board/index') };
});
beforeEach(async () => {
  jest.spyOn(programmes, 'getProgramme').mockImplementation((id) => {
    const p = real(id);
    return p && id === 'jinjiang-2024' ? { ...p, lateStartGrace: 'last_third' } : p;
  });
  forgetProgramme();
  setClock(() => Date.parse('2026-12-10T10:00:00+08:00'));
  cloud = await startTestCloud();
  connect(cloud);
  await setupProgramme(cloud, 'jinjiang-2024');
  await makeStaff(cloud, 'ls-staff', 'jj-qingyang');
  childId = (await as(cloud, ADMIN).ok('child', 'create', { ...childInput(42, 'jj-qingyang'), riskLevel: 'low' } as never)).id;
  const v = await approvedVolunteer(cloud, 'ls-vol', { code: 'jj-qingyang', name: '青阳街道', path: ['jj', 'jj-qingyang'] }, { name: '测试妈妈一' });
  const p = await as(cloud, ADMIN).ok('pairing', 'propose', { childId, volunteerId: v });
  await as(cloud, ADMIN).ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-12-09' });
  await as(cloud, 'ls-vol').ok('pairing', 'respond', { id: p.id, accept: true });
});
afterEach(async () => {
  jest.restoreAllMocks();
  setClock(null);
  forgetProgramme();
  await cloud.close();
});

test('home: 本期待办 lists the waived visit last, with why and no deadline', async () => {
  const page = renderAs(ids.home, 'ls-vol');
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false && page.data.due.length === 2);
  expect(textOf(page, '#due-0')).toMatch(/：联系一次（0\/1，进行中，12月31日前）$/);
  expect(textOf(page, '#due-1')).toMatch(/：走访一次（本期结对较晚，下期起计）$/);
});

test('走访打卡: the waived visit under 本期待办', async () => {
  const page = renderAs(ids.checkin, 'ls-vol');
  await page.instance.onLoad({});
  await waitFor(() => page.data.childId === childId && page.data.due.length === 2);
  expect(textOf(page, '#due-0')).toBe('2026年12月 联系一次：0/1，进行中（截止2026-12-31）');
  expect(textOf(page, '#due-1')).toBe('2026年第四季度 走访一次：本期结对较晚，下期起计');
});

test('the staff board: the child\'s row shows the waived visit', async () => {
  const page = renderAs(ids.board, 'ls-staff');
  page.instance.onLoad({});
  await waitFor(() => page.data.rows.length === 1);
  expect(textOf(page, `#row-${childId}`)).toContain('2026年第四季度 走访一次：本期结对较晚，下期起计');
  expect(textOf(page, `#row-${childId}`)).not.toContain('截止2026-12-31');
});
