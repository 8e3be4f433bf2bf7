/**
 * @jest-environment jsdom
 */
import { installWx, loadPage, waitFor, renderAs, textOf, connect, typeInto, network } from '../helpers/page';
import { startTestCloud, as } from '../helpers/cloud';
import { addOrg, makeStaff, setupProgramme } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { suiningForm } from '../domain/volunteer/fixtures';
import { phoneFor } from '../domain/volunteer/synthetic';

/** The staff sub-package: the county's queue and counts, a decision from the detail page, the roster with quotas. */
const wx = installWx() as Record<string, any>;
let cloud: LocalCloud;
let pages: Record<string, string>;
let appId: string;
const settle = () => new Promise((r) => setTimeout(r, 20));
const text = textOf;

beforeAll(() => {
  pages = {
    queue: loadPage('packages/staff/pages/volunteer-review/index'),
    detail: loadPage('packages/staff/pages/volunteer-detail/index'),
    roster: loadPage('packages/staff/pages/volunteer-roster/index'),
  };
});
// each test has its own cloud with the same starting records, so none depends on what another did
beforeEach(async () => {
  cloud = await startTestCloud();
  connect(cloud);
  await setupProgramme(cloud, 'suining-2019');
  await addOrg(cloud, 'sn-anju', 'an-st1', '测试街道一', 'street');
  await makeStaff(cloud, 'pg-anju', 'sn-anju', ['volunteer.review', 'volunteer.read']);
  await makeStaff(cloud, 'pg-city', 'sn', ['volunteer.review', 'volunteer.read']);
  appId = (await as(cloud, 'pg-mum').ok('volunteer', 'submit', suiningForm(401))).application.id;
  await as(cloud, 'pg-mum2').ok('volunteer', 'submit', suiningForm(402));
});
afterEach(async () => {
  network.gateway = cloud.url;
  jest.clearAllMocks();
  await cloud.close();
});

function render(name: string, openid: string, props: Record<string, unknown> = {}) {
  const page = renderAs(pages[name], openid, props);
  return page;
}

test('the county\'s queue: counts, rows with masked phones, opening one', async () => {
  const page = render('queue', 'pg-anju');
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false && page.data.items.length > 0);
  expect(page.data.counts).toEqual({ todo: 2, inReview: 2, approved: 0 });
  expect(text(page, '#count-todo')).toContain('2');
  expect(page.data.items.map((r: { phoneMasked: string }) => r.phoneMasked)).toEqual(['138****0401', '138****0402']);
  expect(JSON.stringify(page.data)).not.toContain(phoneFor(401));
  page.querySelector(`#row-${appId}`).dispatchEvent('tap'); // t-cell's root catches the tap and triggers click
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: `/packages/staff/pages/volunteer-detail/index?id=${appId}` });
});

test('the city has nothing to do yet; the “all” tab shows both', async () => {
  const page = render('queue', 'pg-city');
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false);
  expect(text(page, '#empty')).toBe('暂无待审核的报名');
  page.querySelector('#tab-all').dispatchEvent('tap');
  await waitFor(() => page.data.items.length === 2);
  expect(page.data.items.every((r: { canAct: boolean }) => !r.canAct)).toBe(true);
});

test('rejecting from the detail page needs a reason; approving moves her on', async () => {
  const page = render('detail', 'pg-anju', { id: appId });
  page.instance.onLoad({ id: appId });
  await waitFor(() => page.data.loading === false);
  expect(page.data.rows.find((r: { label: string }) => r.label === '联系电话').value).toBe('138****0401');
  page.querySelector('#reject').dispatchEvent('tap');
  await settle();
  expect(text(page, '#message')).toBe('不通过时请填写原因');
  typeInto(page, '#opinion', '同意推荐');
  await settle();
  page.querySelector('#approve').dispatchEvent('tap');
  await waitFor(() => page.data.message === '已通过' && page.data.loading === false);
  expect(text(page, '#status')).toBe('区县审核通过');
  expect(page.querySelector('#decide')).toBeUndefined();
  expect(page.data.history.map((h: { opinion: string }) => h.opinion)).toEqual(['', '同意推荐']);
});

test('the roster and the quotas, after the city approves', async () => {
  await as(cloud, 'pg-anju').ok('volunteer', 'review', { id: appId, version: 1, decision: 'approve', opinion: '同意推荐' });
  await as(cloud, 'pg-city').ok('volunteer', 'review', { id: appId, version: 2, decision: 'approve' });
  const page = render('roster', 'pg-city');
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false && page.data.items.length === 1);
  expect(page.data.quotaTotal).toMatchObject({ atLeast: 1000, approved: 1, percent: 0 });
  expect(text(page, '#quota-sn-anju')).toContain('1 / 120（审核中1）');
  expect(text(page, '#count')).toBe('共1位');
});
