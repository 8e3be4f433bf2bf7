/**
 * @jest-environment jsdom
 */
import { installWx, loadPage, waitFor, renderAs, textOf, connect, typeInto, tap, subscribeAnswers, subscribeFails } from '../helpers/page';
import { startTestCloud, as, ADMIN } from '../helpers/cloud';
import { addOrg, makeStaff, setupProgramme } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { forgetProgramme } from '../../src/server/programme';
import { setClock } from '../../src/server/time';
import { entriesFor } from '../../miniprogram/services/entries';

/** The reporting pages under 晋江: the calendar, writing and submitting a report, the city's status view and return. */
const wx = installWx() as Record<string, any>;
let cloud: LocalCloud;
let periodsId: string;
let editId: string;
let statusId: string;
const A = 'jj-qingyang';
const STAFF = 'jj-page-staff';
const CITY = 'jj-page-city';
const reports = () => cloud.store.rawDocuments('reports') as { _id: string; status: string; version: number; narrative: Record<string, string> }[];

beforeAll(() => {
  periodsId = loadPage('packages/report/pages/periods/index');
  editId = loadPage('packages/report/pages/report-edit/index');
  statusId = loadPage('packages/report/pages/report-status/index');
});
// each test has its own cloud on 2 April 2026 (March open, due 15 April) with no report yet
beforeEach(async () => {
  forgetProgramme();
  setClock(() => Date.parse('2026-04-02T02:00:00.000Z'));
  cloud = await startTestCloud();
  connect(cloud);
  await setupProgramme(cloud, 'jinjiang-2024');
  await addOrg(cloud, A, 'jj-page-c1', '测试社区页一', 'community');
  await as(cloud, ADMIN).ok('child', 'create', childInput(30, 'jj-page-c1'));
  await makeStaff(cloud, STAFF, A, ['report.read', 'report.submit']);
  await makeStaff(cloud, CITY, 'jj', ['report.read']);
});
afterEach(async () => {
  setClock(null);
  jest.clearAllMocks();
  await cloud.close();
  forgetProgramme();
});

/** The street's March report saved with both sections and submitted (as on the report page). */
async function submitted() {
  const target = { orgCode: A, periodKey: '2026-03' };
  await as(cloud, STAFF).ok('report', 'draft', target);
  await as(cloud, STAFF).ok('report', 'save', { ...target, version: 0, narrative: { problems: '个别监护人联系不上', results: '台账已建立' } });
  await as(cloud, STAFF).ok('report', 'submit', { ...target, version: 1 });
}

test('the home tile is there for staff who submit reports', () => {
  const tiles = (permissions: string[]) => entriesFor({ roles: ['donor', 'staff'], permissions, isAdmin: false, isApplicant: false }).map((e) => e.key);
  expect(tiles(['report.submit'])).toContain('report-periods');
  expect(tiles(['report.read'])).not.toContain('report-periods');
});

test('the calendar: each period with its status and deadline, a big button for the open one, a reminder tap', async () => {
  const page = renderAs(periodsId, STAFF);
  page.instance.onLoad({});
  await waitFor(() => page.data.loaded);
  expect(textOf(page, '#rule')).toBe('每月报送一次，次月15日前提交');
  expect(textOf(page, '#period-2026-03')).toContain('待提交');
  expect(textOf(page, '#period-2026-03')).toContain('截止日期：2026-04-15');
  expect(textOf(page, '#left-2026-03')).toBe('还有13天截止');
  expect(textOf(page, '#period-2026-04')).toContain('未到期');
  expect(page.querySelector('#open-2026-04')).toBeFalsy();
  page.querySelector('#open-2026-03').dispatchEvent('tap');
  await waitFor(() => wx.navigateTo.mock.calls.length === 1);
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: `/packages/report/pages/report-edit/index?orgCode=${A}&periodKey=2026-03` });
  page.querySelector('#remind').dispatchEvent('tap');
  await waitFor(() => cloud.store.rawDocuments('report_reminder_credits').length === 1);
  expect(wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['local-report-reminder'] }));
});

test('the report: figures on top, the two sections, checked before sending, saved, submitted after a confirm', async () => {
  const page = renderAs(editId, STAFF);
  page.instance.onLoad({ orgCode: A, periodKey: '2026-03' });
  await waitFor(() => page.data.loaded);
  expect(textOf(page, '#title')).toContain('青阳街道 2026年3月工作报告');
  expect(textOf(page, '#fact-0')).toBe('1儿童总数');
  expect(page.data.sections.map((s: { label: string }) => s.label)).toEqual(['存在问题', '工作成效']);
  expect(page.querySelector('#cases')).toBeFalsy();
  expect(page.querySelector('#photos')).toBeFalsy();
  page.setData({ 'form.problems': '长'.repeat(2001) });
  page.querySelector('#save').dispatchEvent('tap');
  await waitFor(() => page.data.error !== '');
  expect(textOf(page, '#error')).toBe('存在问题不能超过2000个字');
  expect(reports()[0].version).toBe(0);
  typeInto(page, '#text-problems', '个别监护人联系不上');
  typeInto(page, '#text-results', '台账已建立');
  page.querySelector('#save').dispatchEvent('tap');
  await waitFor(() => page.data.notice === '草稿已保存');
  expect(reports()[0]).toMatchObject({ version: 1, narrative: { problems: '个别监护人联系不上' } });
  wx.showModal.mockImplementationOnce((o: { success: (r: { confirm: boolean }) => void }) => o.success({ confirm: false }));
  page.querySelector('#submit').dispatchEvent('tap');
  expect(reports()[0].status).toBe('draft');
  wx.showModal.mockImplementationOnce((o: { content: string; success: (r: { confirm: boolean }) => void }) => o.success({ confirm: true }));
  page.querySelector('#submit').dispatchEvent('tap');
  await waitFor(() => page.data.statusLabel === '已提交');
  expect(wx.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ content: '提交后报告将报送上级，不能再修改。确定提交吗？' }));
  expect(reports()[0].status).toBe('submitted');
  expect(page.querySelector('#submit')).toBeFalsy();
  expect(textOf(page, '#read-problems')).toBe('个别监护人联系不上');
  expect(textOf(page, '#submitted')).toContain('2026-04-02 10:00提交');
});

test('the city sees who has submitted, opens the report read-only and may return it', async () => {
  await submitted();
  const page = renderAs(statusId, CITY);
  page.instance.onLoad({ periodKey: '2026-03' });
  await waitFor(() => page.data.loaded);
  expect(textOf(page, '#counts')).toBe('已提交1 · 未提交18 · 已逾期0（共19）');
  expect(textOf(page, `#row-${A}`)).toContain('已提交');
  expect(textOf(page, '#row-jj-meiling')).toContain('未开始');
  const calls = wx.navigateTo.mock.calls.length;
  page.querySelector('#row-jj-meiling').dispatchEvent('tap'); // not submitted: nothing to open
  page.querySelector(`#row-${A}`).dispatchEvent('tap');
  await waitFor(() => wx.navigateTo.mock.calls.length > calls);
  expect(wx.navigateTo.mock.calls.length).toBe(calls + 1);
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: `/packages/report/pages/report-edit/index?readonly=1&orgCode=${A}&periodKey=2026-03` });

  const view = renderAs(editId, CITY);
  view.instance.onLoad({ readonly: '1', orgCode: A, periodKey: '2026-03' });
  await waitFor(() => view.data.loaded);
  expect(textOf(view, '#read-results')).toBe('台账已建立');
  expect(view.querySelector('#save')).toBeFalsy();
  view.querySelector('#return-btn').dispatchEvent('tap');
  await waitFor(() => view.data.error !== '');
  expect(textOf(view, '#error')).toBe('请填写退回原因');
  typeInto(view, '#reason', '请补充具体数字');
  view.querySelector('#return-btn').dispatchEvent('tap');
  await waitFor(() => view.data.notice === '已退回修改');
  expect(reports()[0].status).toBe('returned');
});

test('the calendar shows her latest deadline reminders on top', async () => {
  const { userIdFor } = await import('../../src/server/ids');
  cloud.store.insertMany('report_notifications', [
    { _id: 'rn-page-1', userId: userIdFor(STAFF), kind: 'report_due', text: '2026年3月工作报告将于2026-04-15截止（还有3天），请及时提交', at: '2026-04-12T01:05:00.000Z', read: false },
    { _id: 'rn-page-2', userId: userIdFor(CITY), kind: 'report_due', text: '别人的提醒', at: '2026-04-12T01:05:00.000Z', read: false },
  ]);
  const page = renderAs(periodsId, STAFF);
  page.instance.onLoad({});
  await waitFor(() => page.data.loaded);
  expect(textOf(page, '#notice-0')).toBe('2026年3月工作报告将于2026-04-15截止（还有3天），请及时提交');
  expect(page.querySelector('#notice-1')).toBeFalsy();
});

for (const [how, answer] of [
  ['declined on the prompt', () => subscribeAnswers(wx, 'reject')],
  ['the prompt fails (errCode 20004, subscriptions switched off)', () => subscribeFails(wx)],
] as const) {
  test(`the deadline reminder ${how}: the page says it is not on, and nothing is recorded`, async () => {
    const page = renderAs(periodsId, STAFF);
    page.instance.onLoad({});
    await waitFor(() => page.data.loaded);
    answer();
    tap(page, '#remind');
    await waitFor(() => page.data.error !== '');
    expect(wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['local-report-reminder'] }));
    expect(textOf(page, '#error')).toBe('未开启提醒，可稍后再试');
    expect(wx.showToast).not.toHaveBeenCalled();
    expect(cloud.store.rawDocuments('report_reminder_credits')).toEqual([]);
  });
}
