/**
 * @jest-environment jsdom
 */
import { installWx, loadPage, waitFor, textOf, connect, renderAs, tap, typeInto, pick, tapValue } from '../helpers/page';
import { startTestCloud, as, ADMIN } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { entriesFor } from '../../miniprogram/services/entries';
import { ALL_PERMISSIONS, makeStaff } from '../helpers/fixtures';
import { userIdFor } from '../../src/server/ids';
import { forgetFontScale } from '../../miniprogram/utils/font-scale';
import { setClock } from '../../src/server/time';

/**
 * 操作记录 from the phone (issue 17 part 4): an admin reads the audit log newest first, each row
 * large — the action's Chinese name, 成功 / 被拒绝, who (her name and id), the record, the time in
 * China — narrows it by 操作人 (a name or an id), 操作类型, 日期范围, 记录编号 and 结果, and loads
 * more at the bottom. Staff do not see the tile and are told so if they open the page.
 */
const wx = installWx() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let cloud: LocalCloud;
let pageId: string;
const STAFF = 'aud-staff';

beforeAll(async () => {
  setClock(() => Date.parse('2026-03-01T02:00:00Z')); // the setup on 1 March, 10:00 in China; the reads after it
  cloud = await startTestCloud();
  connect(cloud);
  await as(cloud, ADMIN).ok('account', 'login', {});
  await as(cloud, ADMIN).ok('account', 'setupProgramme', { presetId: 'suining-2019' });
  await makeStaff(cloud, STAFF, 'sn', ALL_PERMISSIONS); // her redeem is audited, by her name 测试aud-staff
  // a record read many times by her, spread over two China days, one of them refused
  const staffId = userIdFor(STAFF);
  cloud.store.insertMany('audit_logs', Array.from({ length: 45 }, (_v, i) => ({
    at: new Date(Date.parse(i < 30 ? '2026-03-02T09:00:00+08:00' : '2026-03-03T09:00:00+08:00') + i * 60_000).toISOString(),
    actorId: staffId, actorRoles: ['staff'], actorOrg: 'sn', fn: 'child', action: i === 44 ? 'reveal' : 'get', ok: i !== 44,
    targetKind: 'child', targetIds: [`kid-${i % 3}`], fields: [],
  })));
  setClock(() => Date.parse('2026-03-04T02:00:00Z'));
  pageId = loadPage('packages/admin/pages/audit/index');
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterAll(async () => {
  jest.restoreAllMocks();
  setClock(null);
  await cloud.close();
});

async function open(openid: string) {
  const page = renderAs(pageId, openid);
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false && page.data.listing === false);
  return page;
}
const settled = (page: any) => waitFor(() => page.data.listing === false && page.data.loadingMore === false); // eslint-disable-line @typescript-eslint/no-explicit-any
/** A tap or a pick answers on a later turn: wait for what it should show, then for the page to settle. */
async function until(page: any, shown: () => boolean) { // eslint-disable-line @typescript-eslint/no-explicit-any
  await waitFor(shown);
  await settled(page);
}
const rows = (page: any) => page.data.items.map((_r: unknown, i: number) => textOf(page, `#row-${i}`)); // eslint-disable-line @typescript-eslint/no-explicit-any

test('an admin reads the log newest first, twenty at a time, more at the bottom', async () => {
  const page = await open(ADMIN);
  expect(textOf(page, '#count')).toMatch(/^共 \d+ 条$/);
  const total = page.data.total;
  expect(total).toBeGreaterThan(45);
  expect(page.data.items).toHaveLength(20);
  // the newest: her refused attempt at a child's full ID number, on 3 March
  const first = textOf(page, '#row-0');
  expect(first).toContain('查看儿童完整证件号或电话');
  expect(first).toContain('被拒绝');
  expect(first).toContain(`操作人：测试aud-staff · ${userIdFor(STAFF)}`);
  expect(first).toContain('对象：儿童档案：kid-2');
  expect(first).toContain('时间：2026-03-03 09:44');
  expect(textOf(page, '#row-1')).toContain('查看儿童档案');
  expect(textOf(page, '#row-1')).toContain('成功');

  tap(page, '#more');
  await waitFor(() => page.data.items.length === 40);
  page.instance.onReachBottom(); // scrolled to the bottom
  await waitFor(() => page.data.items.length === Math.min(60, total));
  while (page.data.items.length < total) {
    const before = page.data.items.length;
    page.instance.onReachBottom();
    await waitFor(() => page.data.items.length > before);
  }
  await settled(page);
  expect(new Set(page.data.items.map((r: { id: string }) => r.id)).size).toBe(total);
  expect(textOf(page, '#end')).toBe('已显示全部');
  expect(page.querySelector('#more')).toBeUndefined();
  // the admin's own setup is there, by the actions' Chinese names
  const all = rows(page).join('\n');
  expect(all).toContain('启用项目');
  expect(all).toContain('生成工作人员邀请码');
  expect(all).toContain('凭邀请码加入工作人员');
});

test('the filter bar narrows the list: 操作类型, 日期范围, 记录编号, 操作人, 结果, and 清除条件', async () => {
  const page = await open(ADMIN);
  // 操作类型: the picker lists every audited action by its Chinese name, 全部操作 first
  const labels = page.data.actionOptions.map((o: { label: string }) => o.label);
  expect(labels[0]).toBe('全部操作');
  pick(page, '#action', labels.indexOf('查看儿童档案'));
  await until(page, () => page.data.total === 44);
  expect(textOf(page, '#action-chosen')).toContain('查看儿童档案');
  expect(rows(page).every((r: string) => r.includes('查看儿童档案'))).toBe(true);

  // 日期范围: 2 March only (China days)
  pick(page, '#from', '2026-03-02');
  await settled(page);
  pick(page, '#to', '2026-03-02');
  await until(page, () => page.data.total === 30);
  expect(textOf(page, '#from-chosen')).toBe('2026-03-02');
  expect(rows(page).every((r: string) => r.includes('时间：2026-03-02'))).toBe(true);

  // 记录编号
  typeInto(page, '#record', 'kid-1');
  tap(page, '#search');
  await until(page, () => page.data.total === 10);
  expect(rows(page).every((r: string) => r.includes('kid-1'))).toBe(true);

  // 清除条件 brings the whole log back
  tap(page, '#clear');
  await until(page, () => page.data.total > 46);
  expect(textOf(page, '#action-chosen')).toContain('全部操作');

  // 操作人 by name, then by id; 结果 被拒绝
  typeInto(page, '#actor', '测试aud-staff');
  tap(page, '#search');
  await until(page, () => page.data.total === 46); // the 45 reads and her redeem
  typeInto(page, '#actor', userIdFor(STAFF));
  tapValue(page, '.chip', 'refused');
  await until(page, () => page.data.total === 1);
  expect(textOf(page, '#row-0')).toContain('被拒绝');

  // nothing found is said so
  typeInto(page, '#actor', '没有这个人');
  tap(page, '#search');
  await until(page, () => page.data.total === 0);
  expect(textOf(page, '#empty')).toBe('没有符合条件的操作记录');
});

test('a bad date range is told in Chinese', async () => {
  const page = await open(ADMIN);
  pick(page, '#from', '2026-03-05');
  await settled(page);
  pick(page, '#to', '2026-03-01');
  await until(page, () => !!page.data.error);
  expect(textOf(page, '#error')).toBe('开始日期不能晚于结束日期');
});

test('large text: the root carries the scale', async () => {
  const normal = wx.getAppBaseInfo;
  try {
    wx.getAppBaseInfo = () => ({ ...normal(), fontSizeSetting: 24 });
    forgetFontScale();
    const page = await open(ADMIN);
    expect(page.querySelector('.fs-root').dom.getAttribute('style')).toContain('--fs: 1.5;');
    expect(page.data.inputLayout).toBe('vertical');
  } finally {
    wx.getAppBaseInfo = normal;
    forgetFontScale();
  }
});

test('staff, even with every permission, have no 操作记录 tile and are refused on the page', async () => {
  expect(entriesFor({ roles: ['staff'], permissions: ALL_PERMISSIONS, isAdmin: false, isApplicant: false }).map((e) => e.key)).not.toContain('admin-audit');
  expect(entriesFor({ roles: ['admin'], permissions: [], isAdmin: true, isApplicant: false }).map((e) => e.key)).toContain('admin-audit');
  const page = await open(STAFF);
  expect(textOf(page, '#denied')).toBe('只有管理员可以查看操作记录');
  expect(page.querySelector('#filters')).toBeUndefined();
});
