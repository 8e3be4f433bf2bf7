/**
 * @jest-environment jsdom
 */
import { installWx, loadPage, waitFor, renderAs, textOf, connect } from '../helpers/page';
import { startTestCloud, as } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { ORGS, setupWorld, WHO } from '../domain/child/world';

/** The registry list page: rows from the gateway (masked), filters, paging, opening a file, export. */
const wx = installWx() as Record<string, any>;
let cloud: LocalCloud;
let pageId: string;
const text = textOf;

beforeAll(async () => {
  cloud = await startTestCloud();
  connect(cloud);
  await setupWorld(cloud);
  for (let i = 0; i < 25; i++) {
    const org = i % 2 ? ORGS.communityA1 : ORGS.communityA2;
    await as(cloud, WHO.countyA).ok('child', 'create', childInput(i, org, { riskLevel: i % 5 === 0 ? 'high' : 'low', category: i % 3 === 0 ? 'difficult' : 'left_behind' }));
  }
  await as(cloud, WHO.countyB).ok('child', 'create', childInput(99, ORGS.communityB1));
  pageId = loadPage('packages/staff/pages/child-list/index');
});
afterAll(() => cloud.close());

async function open(openid: string) {
  const page = renderAs(pageId, openid);
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false && page.data.options !== null);
  return page;
}

test('the first page of the county\'s children, numbers masked, with the staff\'s buttons', async () => {
  const page = await open(WHO.countyA);
  expect(page.data.total).toBe(25);
  expect(page.data.items).toHaveLength(20);
  expect(text(page, '#count')).toBe('共25名儿童');
  const first = page.data.items[0];
  expect(text(page, `#row-${first.id}`)).toContain(first.name);
  const shown = JSON.stringify(page.data.items);
  expect(shown).not.toContain(childInput(0, '').idNumber);
  expect(shown).not.toContain(childInput(99, '').name); // the other county's child
  expect(page.querySelector('#add')).toBeDefined();
  expect(page.querySelector('#export')).toBeDefined();
});

test('filters narrow the list and a second tap clears them; paging loads the rest', async () => {
  const page = await open(WHO.countyA);
  page.querySelector('#chip-risk-high').dispatchEvent('tap');
  await waitFor(() => page.data.loading === false && page.data.total === 5);
  expect(page.data.items.every((r: { riskLabel: string }) => r.riskLabel === '高风险')).toBe(true);
  page.querySelector('#chip-category-difficult').dispatchEvent('tap');
  await waitFor(() => page.data.loading === false && page.data.total === 2); // i = 0, 15
  page.querySelector('#chip-risk-high').dispatchEvent('tap');
  await waitFor(() => page.data.loading === false && page.data.total === 9);
  page.querySelector('#reset').dispatchEvent('tap');
  await waitFor(() => page.data.loading === false && page.data.total === 25);
  page.querySelector('#more').dispatchEvent('tap');
  await waitFor(() => page.data.items.length === 25);
  expect(new Set(page.data.items.map((r: { id: string }) => r.id)).size).toBe(25);
  expect(page.querySelector('#more')).toBeUndefined();
});

test('a chosen 需求 chip is drawn as chosen, and a second tap clears it (WXML cannot call indexOf: list.wxs does)', async () => {
  const page = await open(WHO.countyA);
  const chosen = () => /(^|\s|--)on(\s|$)/.test(page.querySelector('#chip-needs-study').dom.className);
  expect(chosen()).toBe(false);
  page.querySelector('#chip-needs-study').dispatchEvent('tap');
  await waitFor(() => page.data.loading === false && page.data.filters.needs.length === 1);
  expect(chosen()).toBe(true);
  expect(/(^|\s|--)on(\s|$)/.test(page.querySelector('#chip-needs-psychological').dom.className)).toBe(false);
  page.querySelector('#chip-needs-study').dispatchEvent('tap');
  await waitFor(() => page.data.loading === false && page.data.filters.needs.length === 0);
  expect(chosen()).toBe(false);
});

test('tapping a row opens the file', async () => {
  const page = await open(WHO.countyA);
  const row = page.data.items[3];
  page.querySelector(`#row-${row.id}`).dispatchEvent('tap'); // t-cell's root catches the tap and triggers click
  await waitFor(() => (wx.navigateTo as jest.Mock).mock.calls.length > 0);
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: `/packages/staff/pages/child-detail/index?id=${row.id}` });
});

test('export: pick a layout, the sheet is downloaded under its name and opened', async () => {
  wx.showActionSheet = jest.fn((o: { itemList: string[]; success: (r: { tapIndex: number }) => void }) => o.success({ tapIndex: o.itemList.indexOf('贫困儿童基本情况报送表') }));
  wx.env = { USER_DATA_PATH: 'wxfile://usr' };
  wx.downloadFile = jest.fn((o: { url: string; filePath: string; success: (r: unknown) => void }) => o.success({ statusCode: 200, filePath: o.filePath }));
  wx.openDocument = jest.fn((o: { success: () => void }) => o.success());
  const page = await open(WHO.countyA);
  page.querySelector('#chip-risk-high').dispatchEvent('tap');
  await waitFor(() => page.data.loading === false && page.data.total === 5);
  page.querySelector('#export').dispatchEvent('tap');
  await waitFor(() => (wx.openDocument as jest.Mock).mock.calls.length === 1);
  const dl = (wx.downloadFile as jest.Mock).mock.calls[0][0];
  expect(dl.url).toMatch(/\/storage\/files\/child-exports\//);
  expect(dl.filePath).toMatch(/^wxfile:\/\/usr\/贫困儿童基本情况报送表_船山区_\d{8}\.xlsx$/);
  expect((wx.openDocument as jest.Mock).mock.calls[0][0]).toMatchObject({ fileType: 'xlsx' });
  expect(wx.showToast).toHaveBeenLastCalledWith({ title: '已导出5名儿童', icon: 'none' });
});

test('a reader sees the list but no add, import or export buttons', async () => {
  const page = await open(WHO.reader);
  expect(page.data.total).toBe(25);
  expect(page.querySelector('#add')).toBeUndefined();
  expect(page.querySelector('#export')).toBeUndefined();
});
