/**
 * @jest-environment jsdom
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { installWx, loadPage, waitFor, renderAs, textOf, connect } from '../helpers/page';
import { startTestCloud, fireTimer } from '../helpers/cloud';
import { makeStaff } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { ORGS, setupWorld, WHO } from '../domain/child/world';
import { buildWorld, NOW } from '../domain/report/dashboard-world';
import { setClock } from '../../src/server/time';
import { entriesFor } from '../../miniprogram/services/entries';
import { CARE_KEY, forgetFontScale, refreshFontScale } from '../../miniprogram/utils/font-scale';

/**
 * 数据看板 (four figures, two charts with summaries, the rest behind taps), its figures page and its
 * drill-down list, on the fixed world of tests/domain/report/dashboard-world.ts, snapshotted by the
 * report timer as in production. jsdom has no canvas: the tests read the chart options the page
 * built, not pixels.
 */
const wx = installWx() as Record<string, any>;
let cloud: LocalCloud;
let dashId: string;
let drillId: string;
let figuresId: string;
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
  expect((await fireTimer(cloud, 'report', 'hourly')).ok).toBe(true);
  dashId = loadPage('packages/report/pages/dashboard/index');
  drillId = loadPage('packages/report/pages/drill/index');
  figuresId = loadPage('packages/report/pages/figures/index');
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

test('数据更新于 is the snapshot\'s time in China though the suite runs in UTC (04:00 UTC is 12:00 in China)', async () => {
  const page = renderAs(dashId, CITY);
  page.instance.onLoad({});
  await waitFor(() => !!page.data.view);
  expect(page.data.view.asOf).toBe('2026-03-15 12:00');
  expect(textOf(page, '#updated')).toBe('数据更新于 3月15日 12:00');
});

test('the city\'s first screen: the four figures that matter, two charts with summaries, the rest behind taps', async () => {
  const page = renderAs(dashId, CITY);
  page.instance.onLoad({});
  await waitFor(() => !!page.data.view);
  const v = page.data.view;
  expect(textOf(page, '#node')).toBe('遂宁市');
  expect(v.figures.map((f: any) => [f.id, f.value])).toEqual([['coverage', '28.6%'], ['high', '3'], ['overdue', '2'], ['flags', '2']]);
  expect(textOf(page, '#tile-coverage')).toContain('农村留守儿童结对覆盖率');
  expect(textOf(page, '#tile-coverage')).toContain('已结对2/7名');
  expect(textOf(page, '#tile-high')).toContain('高风险未结对');
  expect(textOf(page, '#tile-overdue')).toContain('走访逾期');
  expect(textOf(page, '#tile-flags')).toContain('待关注事项');

  // coverage and check-ins per month: 12 months from the stored series, coverage only where a run saw it
  const m = v.months.opts;
  expect(m.type).toBe('mix');
  expect(m.categories).toEqual(['4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月', '1月', '2月', '3月']);
  expect(m.series[0]).toMatchObject({ type: 'column', data: [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 4] });
  expect(m.series[1]).toMatchObject({ type: 'line', index: 1, data: [...Array(11).fill(null), 28.6] });
  expect(m.yAxis.data[1]).toMatchObject({ min: 0, max: 100 });
  expect(textOf(page, '#summary-months')).toBe('近12个月走访联系共7次，3月4次；结对覆盖率3月为28.6%（此后每月记录）。');

  // the districts side by side, worst coverage first (安居: 0 of 2 left-behind children paired; 船山: 2 of 5)
  const a = v.areas.opts;
  expect(a.type).toBe('bar');
  expect(a.categories.slice(0, 2)).toEqual(['安居区', '船山区']);
  expect(a.series[0].data.slice(0, 2)).toEqual([0, 40]);
  expect(textOf(page, '#summary-areas')).toContain('覆盖率最低：安居区 0%、船山区 40%');
  expect(textOf(page, '#summary-areas')).toContain('高风险未结对：安居区1名、船山区2名');

  // no card list, no child on the first screen: the rest is one tap away
  expect(page.querySelector('#section-quotas')).toBeFalsy();
  expect(page.querySelector('#unpaired')).toBeFalsy();
  expect(textOf(page, '#more')).toContain('各地明细');
  expect(textOf(page, '#more-quotas')).toContain('招募名额');
  expect(page.querySelector('#parent')).toBeFalsy();
});

test('large fonts: chart text and height follow the page\'s scale (WeChat\'s setting, 关怀模式 on top), which its root carries too', async () => {
  const normal = wx.getAppBaseInfo;
  const open = async () => {
    forgetFontScale();
    const page = renderAs(dashId, CITY);
    page.instance.onLoad({});
    await waitFor(() => !!page.data.view);
    return page;
  };
  try {
    wx.getAppBaseInfo = () => ({ ...normal(), fontSizeSetting: 24 });
    const page = await open();
    const { months, areas } = page.data.view;
    expect(months.opts.fontSize).toBe(21); // 14 px at the standard 16, times 1.5
    expect(months.opts.xAxis.fontSize).toBe(21);
    expect(months.opts.yAxis.data.map((y: any) => y.fontSize)).toEqual([21, 21]);
    expect(months.opts.legend.fontSize).toBe(21);
    expect(months.height).toBe(390);
    expect(areas.opts.fontSize).toBe(21);
    expect(page.querySelector('.fs-root').dom.getAttribute('style')).toContain('--fs: 1.5;');

    // 关怀模式 enlarges the charts with the page: 1.25 at the standard setting, 1.75 at the largest
    wx.setStorageSync(CARE_KEY, true);
    wx.getAppBaseInfo = normal;
    const care = (await open()).data.view;
    expect(care.months.opts.fontSize).toBe(18); // 17.5
    expect(care.areas.opts.yAxis.data[0].fontSize).toBe(18);
    expect(care.months.height).toBe(325);
    wx.getAppBaseInfo = () => ({ ...normal(), fontSizeScaleFactor: 1.5 });
    const largest = await open();
    expect(largest.data.view.months.opts.fontSize).toBe(25); // 24.5
    expect(largest.data.view.months.opts.legend.fontSize).toBe(25);
    expect(largest.data.view.areas.opts.fontSize).toBe(25);
    expect(largest.querySelector('.fs-root').dom.getAttribute('style')).toContain('--fs: 1.75;');
  } finally {
    wx.getAppBaseInfo = normal;
    wx.removeStorageSync(CARE_KEY);
    forgetFontScale();
  }
});

test('关怀模式 switched while the dashboard is open (refreshFontScale) draws its charts again at the new size', async () => {
  forgetFontScale();
  const page = renderAs(dashId, CITY);
  page.instance.onLoad({});
  await waitFor(() => !!page.data.view);
  expect(page.data.view.months.opts.fontSize).toBe(14);
  (globalThis as Record<string, unknown>).getCurrentPages = () => [page.instance];
  try {
    wx.setStorageSync(CARE_KEY, true);
    refreshFontScale();
    await waitFor(() => page.data.view.months.opts.fontSize === 18);
    expect(page.data.view.areas.opts.fontSize).toBe(18);
    expect(page.data.view.months.height).toBe(325);
  } finally {
    delete (globalThis as Record<string, unknown>).getCurrentPages;
    wx.removeStorageSync(CARE_KEY);
    forgetFontScale();
  }
});

test('tapping a figure opens its list; 更多数据 opens the figures page; a district there opens its dashboard', async () => {
  const page = renderAs(dashId, CITY);
  page.instance.onLoad({});
  await waitFor(() => !!page.data.view);
  wx.navigateTo.mockClear();
  const tap = async (p: any, sel: string, calls: number) => {
    p.querySelector(sel).dispatchEvent('tap');
    await waitFor(() => wx.navigateTo.mock.calls.length === calls);
  };
  await tap(page, '#tile-high', 1);
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/report/pages/drill/index?tile=children&orgCode=sn&key=unpairedHighRisk' });
  await tap(page, '#tile-coverage', 2);
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/report/pages/drill/index?tile=children&orgCode=sn&key=unpaired' });
  await tap(page, '#tile-overdue', 3);
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/report/pages/drill/index?tile=overdue&orgCode=sn' });
  await tap(page, '#more-risk', 4);
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/report/pages/figures/index?orgCode=sn&section=risk' });

  const risk = renderAs(figuresId, CITY);
  risk.instance.onLoad({ orgCode: 'sn', section: 'risk' });
  await waitFor(() => risk.data.rows.length > 0);
  expect(textOf(risk, '#title')).toBe('遂宁市 · 风险等级（已结对/总数）');
  expect(textOf(risk, '#as-of')).toBe('数据更新于 2026-03-15 12:00');
  await tap(risk, '#row-risk-none', 5);
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/report/pages/drill/index?tile=children&orgCode=sn&key=risk%3Anone' });

  const quotas = renderAs(figuresId, CITY);
  quotas.instance.onLoad({ orgCode: 'sn', section: 'quotas' });
  await waitFor(() => quotas.data.rows.length > 0);
  expect(textOf(quotas, '#rows')).toContain('船山区');

  const areas = renderAs(figuresId, CITY);
  areas.instance.onLoad({ orgCode: 'sn', section: 'areas' });
  await waitFor(() => areas.data.areas.length > 0);
  expect(textOf(areas, `#node-${ORGS.countyA}`)).toContain('儿童7 · 已结对3');
  expect(areas.data.areas[0].code).toBe(ORGS.countyB); // worst coverage first, like the chart
  await tap(areas, `#node-${ORGS.countyB}`, 6);
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: `/packages/report/pages/dashboard/index?orgCode=${ORGS.countyB}` });
});

test('a community has no areas to compare: no second chart, its months chart still shows', async () => {
  const page = renderAs(dashId, STREET);
  page.instance.onLoad({ orgCode: ORGS.communityA1 });
  await waitFor(() => !!page.data.view);
  expect(page.data.view.areas).toBeNull();
  expect(page.querySelector('#card-areas')).toBeFalsy();
  expect(page.querySelector('#chart-months')).toBeTruthy();
  expect(page.data.view.months.opts.series[0].data.slice(-4)).toEqual([1, 0, 1, 2]);
  expect(textOf(page, '#parent')).toContain('返回测试街道甲');
});

test('a district opened from the city can go back up; a street asking for another street gets the refusal', async () => {
  const b = renderAs(dashId, CITY);
  b.instance.onLoad({ orgCode: ORGS.countyB });
  await waitFor(() => !!b.data.view);
  expect(textOf(b, '#tile-coverage')).toContain('已结对0/2名');
  expect(textOf(b, '#tile-high')).toContain('1');
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
