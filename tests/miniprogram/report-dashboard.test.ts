/**
 * @jest-environment jsdom
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { installWx, loadPage, waitFor, renderAs, textOf, connect } from '../helpers/page';
import { startTestCloud } from '../helpers/cloud';
import { makeStaff } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { ORGS, setupWorld, WHO } from '../domain/child/world';
import { buildWorld, NOW } from '../domain/report/dashboard-world';
import { setClock } from '../../src/server/time';
import { entriesFor } from '../../miniprogram/services/entries';

/** 数据看板 and its drill-down list, on the fixed world of tests/domain/report/dashboard-world.ts. */
const wx = installWx() as Record<string, any>;
let cloud: LocalCloud;
let dashId: string;
let drillId: string;
const CITY = 'staff-city-page';
const STREET = 'staff-street-page';

beforeAll(async () => {
  setClock(() => NOW);
  cloud = await startTestCloud();
  connect(cloud);
  await setupWorld(cloud);
  await makeStaff(cloud, CITY, 'sn', ['report.read']);
  await makeStaff(cloud, STREET, ORGS.streetA, ['report.read']);
  buildWorld(cloud);
  dashId = loadPage('packages/report/pages/dashboard/index');
  drillId = loadPage('packages/report/pages/drill/index');
});
afterAll(() => {
  setClock(null);
  return cloud.close();
});

test('the home tile shows for staff holding report.read only', () => {
  const keys = (permissions: string[]) => entriesFor({ roles: ['staff'], permissions, isAdmin: false, isApplicant: false }).map((e) => e.key);
  expect(keys(['report.read'])).toContain('report-dashboard');
  expect(keys(['child.read'])).not.toContain('report-dashboard');
});

test('统计于 is China time though the suite runs in UTC (04:00 UTC is 12:00 in China)', async () => {
  const page = renderAs(dashId, CITY);
  page.instance.onLoad({});
  await waitFor(() => !!page.data.view);
  expect(page.data.view.asOf).toBe('2026-03-15 12:00');
});

test('the city: big numbers, the coverage bar, unpaired high-risk first, districts to compare', async () => {
  const page = renderAs(dashId, CITY);
  page.instance.onLoad({});
  await waitFor(() => !!page.data.view);
  expect(textOf(page, '#node')).toBe('遂宁市');
  expect(textOf(page, '#tile-children')).toContain('10');
  expect(textOf(page, '#tile-high')).toContain('3');
  expect(textOf(page, '#tile-overdue')).toContain('走访逾期');
  expect(textOf(page, '#coverage')).toContain('农村留守儿童结对覆盖率 28.6%（2/7）');
  expect(page.querySelector('#unpaired-c6')).toBeTruthy();
  expect(textOf(page, '#unpaired')).toContain('小同学 · 高风险');
  expect(textOf(page, '#unpaired')).not.toContain('杨小雪');
  expect(textOf(page, `#node-${ORGS.countyA}`)).toContain('儿童7 · 已结对3');
  expect(textOf(page, '#section-quotas')).toContain('船山区');
  expect(page.querySelector('#parent')).toBeFalsy();
});

test('tapping a figure opens its list; tapping a district opens its dashboard', async () => {
  const page = renderAs(dashId, CITY);
  page.instance.onLoad({});
  await waitFor(() => !!page.data.view);
  wx.navigateTo.mockClear();
  const tap = async (sel: string, calls: number) => {
    page.querySelector(sel).dispatchEvent('tap');
    await waitFor(() => wx.navigateTo.mock.calls.length === calls);
  };
  await tap('#tile-high', 1);
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/report/pages/drill/index?tile=children&orgCode=sn&key=unpairedHighRisk' });
  await tap('#row-risk-none', 2);
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/report/pages/drill/index?tile=children&orgCode=sn&key=risk%3Anone' });
  await tap(`#node-${ORGS.countyB}`, 3);
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: `/packages/report/pages/dashboard/index?orgCode=${ORGS.countyB}` });
  page.querySelector('#tile-contacts').dispatchEvent('tap'); // no list behind it
  await new Promise((r) => setTimeout(r, 50));
  expect(wx.navigateTo).toHaveBeenCalledTimes(3);
});

test('a district opened from the city can go back up; a street asking for another street gets the refusal', async () => {
  const b = renderAs(dashId, CITY);
  b.instance.onLoad({ orgCode: ORGS.countyB });
  await waitFor(() => !!b.data.view);
  expect(textOf(b, '#tile-children')).toContain('3');
  b.querySelector('#parent').dispatchEvent('tap');
  await waitFor(() => wx.redirectTo.mock.calls.length > 0);
  expect(wx.redirectTo).toHaveBeenLastCalledWith({ url: '/packages/report/pages/dashboard/index?orgCode=sn' });
  const street = renderAs(dashId, STREET);
  street.instance.onLoad({ orgCode: ORGS.streetB });
  await waitFor(() => street.data.error !== '');
  expect(textOf(street, '#error')).toContain('管辖范围');
});

test('the drill list: title, masked rows, paging', async () => {
  const page = renderAs(drillId, STREET);
  page.instance.onLoad({ tile: 'children', key: 'unpairedHighRisk', orgCode: ORGS.streetA });
  await waitFor(() => page.data.rows.length === 2);
  expect(textOf(page, '#title')).toBe('测试街道甲 · 儿童 · 未结对的高风险儿童');
  expect(textOf(page, '#total')).toBe('共2条');
  expect(textOf(page, '#row-c6')).toContain('小同学');
  expect(textOf(page, '#row-c6')).toContain('已登记134天');
  expect(textOf(page, '#row-c6')).not.toContain('杨小雪');
  expect(textOf(page, '#row-c6')).not.toContain('查看'); // report.read alone: no child page to open
  const before = wx.navigateTo.mock.calls.length;
  page.querySelector('#row-c6').dispatchEvent('tap');
  await new Promise((r) => setTimeout(r, 20));
  expect(wx.navigateTo.mock.calls.length).toBe(before);
  expect(page.querySelector('#next')).toBeFalsy();
  const wishes = renderAs(drillId, CITY);
  wishes.instance.onLoad({ tile: 'wishes', key: 'status%3Apublished' });
  await waitFor(() => wishes.data.rows.length === 2);
  expect(textOf(wishes, '#row-w3')).toContain('已等待73天');
});

test('a row opens the record\'s own page for staff who may read it there', async () => {
  const page = renderAs(drillId, WHO.countyA);
  page.instance.onLoad({ tile: 'children', key: 'unpairedHighRisk' });
  await waitFor(() => page.data.rows.length === 2);
  expect(textOf(page, '#row-c6')).toContain('查看 ›');
  page.querySelector('#row-c6').dispatchEvent('tap');
  await waitFor(() => wx.navigateTo.mock.calls.length > 0 && wx.navigateTo.mock.calls.at(-1)[0].url.includes('child-detail'));
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/staff/pages/child-detail/index?id=c6' });
});
