/**
 * @jest-environment jsdom
 */
import { installWx, loadPage, waitFor, textOf, connect, renderAs, tap } from '../helpers/page';
import { startTestCloud, as, ADMIN } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { entriesFor } from '../../miniprogram/services/entries';
import { ALL_PERMISSIONS, makeStaff } from '../helpers/fixtures';
import { setClock } from '../../src/server/time';

/**
 * 数据核对 from the phone (issue 15): an admin sees each area's last run; 立即核对 finds a volunteer
 * place left taken by a killed propose and says it is watching it and from when it will be
 * repaired; ten minutes later the same tap repairs it and says what was rewritten. Staff do not
 * see the tool, and are told so if they open the page.
 */
installWx();
let cloud: LocalCloud;
let pageId: string;
const T0 = Date.parse('2026-03-02T02:00:00Z'); // 10:00 in Shanghai
let t = T0;

beforeEach(async () => {
  t = T0;
  setClock(() => t);
  cloud = await startTestCloud();
  connect(cloud);
  await as(cloud, ADMIN).ok('account', 'login', {});
  await as(cloud, ADMIN).ok('account', 'setupProgramme', { presetId: 'suining-2019' });
  pageId = loadPage('packages/admin/pages/reconcile/index');
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(async () => {
  jest.restoreAllMocks();
  setClock(null);
  await cloud.close();
});

async function open(openid: string) {
  const page = renderAs(pageId, openid);
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false);
  return page;
}

test('an admin runs the recount: a wrong place is watched first, repaired by a run ten minutes later', async () => {
  const page = await open(ADMIN);
  expect(textOf(page, '#area-pairing')).toContain('尚未核对过');
  expect(textOf(page, '#area-wish')).toContain('每小时整点自动核对');
  expect(textOf(page, '#area-visit')).toContain('每天早上8点自动重算');
  // a propose killed after taking her place, before its pairing was written
  cloud.store.insertMany('pairing_volunteers', [{ _id: 'rcp-vol', capacity: 1, held: 1 }]);

  tap(page, '#run');
  await waitFor(() => page.data.busy === false && page.data.areas[0]?.when.includes('刚刚'));
  const watched = textOf(page, '#area-pairing');
  expect(watched).toContain('上次核对：2026-03-02 10:00（刚刚）');
  expect(watched).toContain('已核对：爱心妈妈的名额 1 条');
  expect(watched).toContain('本次没有修正');
  expect(watched).toContain('正在观察 1 处差异');
  expect(watched).toContain('爱心妈妈的名额 rcp-vol：已占1个名额，应为 已占0个名额；2026-03-02 10:10 之后的核对仍看到同样差异即修正');
  expect(cloud.store.rawDocuments('pairing_volunteers').find((d) => d._id === 'rcp-vol')).toMatchObject({ held: 1 });

  t += 10 * 60_000;
  tap(page, '#run');
  await waitFor(() => page.data.busy === false && page.data.areas[0]?.when.includes('10:10'));
  const fixed = textOf(page, '#area-pairing');
  expect(fixed).toContain('本次修正 1 处');
  expect(fixed).toContain('2026-03-02 10:10 修正了 1 处');
  expect(fixed).toContain('爱心妈妈的名额 rcp-vol：已占1个名额 → 已占0个名额');
  expect(fixed).not.toContain('正在观察');
  expect(cloud.store.rawDocuments('pairing_volunteers').find((d) => d._id === 'rcp-vol')).toMatchObject({ held: 0 });

  // opened again later, the page shows the last run without running one
  t += 60 * 60_000;
  const again = await open(ADMIN);
  expect(textOf(again, '#area-pairing')).toContain('上次核对：2026-03-02 10:10');
  expect(textOf(again, '#area-pairing')).not.toContain('刚刚');
});

test('staff, even with every permission, have no 数据核对 tile and are refused on the page', async () => {
  await makeStaff(cloud, 'rcp-staff', 'sn', ALL_PERMISSIONS);
  expect(entriesFor({ roles: ['staff'], permissions: ALL_PERMISSIONS, isAdmin: false, isApplicant: false }).map((e) => e.key)).not.toContain('admin-reconcile');
  expect(entriesFor({ roles: ['admin'], permissions: [], isAdmin: true, isApplicant: false }).map((e) => e.key)).toContain('admin-reconcile');
  const page = await open('rcp-staff');
  expect(textOf(page, '#denied')).toBe('只有管理员可以进行数据核对');
  expect(page.querySelector('#run')).toBeUndefined();
});
