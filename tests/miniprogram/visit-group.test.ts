/**
 * @jest-environment jsdom
 */
import fs from 'fs';
import path from 'path';
import { installWx, loadPage, MP_ROOT, waitFor, renderAs, textOf, connect } from '../helpers/page';
import { startTestCloud, as } from '../helpers/cloud';
import { wechatOnPhone } from '../helpers/wx-cloud';
import { config } from '../../miniprogram/services/config';
import type { LocalCloud } from '../../localcloud/server';
import { teamWorld } from '../domain/visits/team-world';
import { setupWorld, WHO } from '../domain/child/world';

/**
 * The team's WeChat group on the pages: the check-in result screen shares the check-in to the
 * group; the card (team-entry) opened inside the group passes the group's ticket, so the leader
 * can bind the group there and anyone in the bound group sees the minimal entry.
 * wx.getGroupEnterInfo answers cloudIDs issued by the local cloud's emulated WeChat to the phone's
 * user, which the visit function resolves through the open API (cloudbase.getOpenData).
 */
const wx = installWx() as Record<string, any>;
let cloud: LocalCloud;
let checkinId: string;
let entryId: string;
const LEADER = 'vol-leader';
const TEAM = 'team-page-group';
let scene = 1044;
let group = 'GroupPageAlpha';
let shared = '';
const links = () => cloud.store.rawDocuments('visit_team_groups') as { _id: string; groupHash: string }[];
const REFUSAL = '这条动态仅对所在爱心妈妈服务队的成员开放，感谢您的关心';

let childId: string;

beforeAll(() => {
  wx.showShareMenu = jest.fn();
  wx.getEnterOptionsSync = jest.fn(() => ({ scene }));
  wx.getGroupEnterInfo = jest.fn((o: { success: (r: unknown) => void }) => o.success(wechatOnPhone(cloud, wx).groupEnterInfo(group)));
  checkinId = loadPage('packages/volunteer/pages/checkin/index');
  entryId = loadPage('packages/volunteer/pages/team-entry/index');
});
// each test has its own cloud with the team and its pairing, no check-in and no group bound, opened from the group
beforeEach(async () => {
  cloud = await startTestCloud();
  connect(cloud); // the production transport (wx.cloud.callFunction)
  config.localUrl = cloud.url; // for the DevTools-only ?group= stand-in below
  await setupWorld(cloud);
  childId = await teamWorld(cloud, { team: TEAM, leader: LEADER, childSeq: 91 });
  scene = 1044;
  group = 'GroupPageAlpha';
  shared = '';
});
afterEach(async () => {
  config.backend = 'cloud';
  jest.clearAllMocks();
  await cloud.close();
});

/** 测试妈妈一's home visit a minute ago (the card shared to the group points at it). */
async function checkedIn() {
  await as(cloud, WHO.volunteer).ok('visit', 'checkIn', { clientId: 'group-page-1', childId, kind: 'home_visit', at: new Date(Date.now() - 60_000).toISOString(), durationMinutes: 60 });
  shared = (cloud.store.rawDocuments('visit_checkins') as { _id: string }[])[0]._id;
}
/** The leader binds the group from the card opened inside it (as in the test that shows it). */
async function boundByLeader() {
  const page = renderAs(entryId, LEADER);
  await page.instance.onLoad({ id: shared });
  page.querySelector('#link-button').dispatchEvent('tap');
  await waitFor(() => links().length === 1 && !page.data.busy);
}

test('after a check-in the result screen offers 分享到服务队群, pointing the card at this check-in', async () => {
  const page = renderAs(checkinId, WHO.volunteer);
  await page.instance.onLoad({});
  await waitFor(() => page.data.kinds.length > 0);
  expect(wx.showShareMenu).toHaveBeenCalledWith(expect.objectContaining({ withShareTicket: true }));
  page.querySelector('#kind-home_visit').dispatchEvent('tap');
  await waitFor(() => page.data.form.kind === 'home_visit');
  page.querySelector('#submit').dispatchEvent('tap');
  await waitFor(() => page.data.done === 'sent');
  shared = (cloud.store.rawDocuments('visit_checkins') as { _id: string }[])[0]._id;
  expect(textOf(page, '#share')).toBe('分享到服务队群');
  // WeChat's own share sheet opens from the button (the simulator keeps no attribute for it)
  expect(fs.readFileSync(path.join(MP_ROOT, 'packages/volunteer/pages/checkin/index.wxml'), 'utf8')).toMatch(/<button[^>]*id="share"[^>]*open-type="share"/);
  expect(textOf(page, '#share-hint')).toContain('孩子的化名');
  expect(page.instance.onShareAppMessage()).toEqual({ title: '爱心妈妈走访动态：入户走访', path: `/packages/volunteer/pages/team-entry/index?id=${shared}` });
  // another check-in starts clean: nothing to share until it is sent
  page.querySelector('#another').dispatchEvent('tap');
  await waitFor(() => page.data.done === '');
  expect(page.data.sentId).toBe('');
});

test('outside the team and not in a bound group: the card is politely refused', async () => {
  await checkedIn();
  const page = renderAs(entryId, WHO.otherVolunteer);
  await page.instance.onLoad({ id: shared });
  expect(page.data.entry).toBeNull();
  expect(textOf(page, '#refusal')).toBe(REFUSAL);
  expect(page.querySelector('#link')).toBeFalsy();
});

test('the leader opens the card inside the group and binds it with one tap', async () => {
  await checkedIn();
  const page = renderAs(entryId, LEADER);
  await page.instance.onLoad({ id: shared });
  expect(wx.getGroupEnterInfo).toHaveBeenCalled();
  expect(textOf(page, '#entry-who')).toMatch(/^测试妈妈一 与.+同学$/);
  expect(textOf(page, '#link-offer')).toContain('绑定后');
  expect(page.querySelector('#unlink-button')).toBeFalsy();
  page.querySelector('#link-button').dispatchEvent('tap');
  await waitFor(() => page.data.message !== '' && !page.data.busy);
  expect(textOf(page, '#message')).toBe('已把本群绑定为「测试甲一服务队」的工作群');
  expect(links()).toEqual([expect.objectContaining({ _id: TEAM })]);
  expect(JSON.stringify(links())).not.toContain(group);
  expect(textOf(page, '#link-here')).toContain('本群已绑定');
  expect(page.querySelector('#link-button')).toBeFalsy();
});

test('anyone opening the card in the bound group sees the minimal entry; in another group or outside a group, the refusal', async () => {
  await checkedIn();
  await boundByLeader();
  const page = renderAs(entryId, WHO.otherVolunteer);
  await page.instance.onLoad({ id: shared });
  expect(textOf(page, '#entry-who')).toMatch(/^测试妈妈一 与.+同学$/);
  expect(textOf(page, '#entry-what')).toContain('入户走访');
  expect(textOf(page, '#entry')).not.toContain('测试儿童');
  expect(page.querySelector('#link')).toBeFalsy();
  group = 'GroupPageOther';
  const other = renderAs(entryId, WHO.donor);
  await other.instance.onLoad({ id: shared });
  expect(textOf(other, '#refusal')).toBe(REFUSAL);
  group = 'GroupPageAlpha';
  scene = 1001; // opened from the app's own menu: no group is asked for
  wx.getGroupEnterInfo.mockClear();
  const outside = renderAs(entryId, WHO.donor);
  await outside.instance.onLoad({ id: shared });
  expect(wx.getGroupEnterInfo).not.toHaveBeenCalled();
  expect(textOf(outside, '#refusal')).toBe(REFUSAL);
  scene = 1044;
});

test('staff looking after the team see how to bind outside the group, and can remove the link after confirming', async () => {
  await checkedIn();
  await boundByLeader();
  scene = 1001;
  const page = renderAs(entryId, WHO.countyA);
  await page.instance.onLoad({ id: shared });
  expect(textOf(page, '#link-how')).toContain('本服务队已绑定工作群');
  wx.showModal = jest.fn((o: { success: (r: { confirm: boolean }) => void }) => o.success({ confirm: false }));
  page.querySelector('#unlink-button').dispatchEvent('tap');
  await waitFor(() => wx.showModal.mock.calls.length > 0);
  expect(wx.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '解除绑定' }));
  expect(links()).toHaveLength(1);
  wx.showModal = jest.fn((o: { success: (r: { confirm: boolean }) => void }) => o.success({ confirm: true }));
  page.querySelector('#unlink-button').dispatchEvent('tap');
  await waitFor(() => page.data.message === '已解除绑定' && !page.data.busy);
  expect(links()).toEqual([]);
  expect(textOf(page, '#link-how')).toContain('还没有绑定工作群');
  scene = 1044;
  const member = renderAs(entryId, WHO.otherVolunteer);
  await member.instance.onLoad({ id: shared });
  expect(textOf(member, '#refusal')).toBe(REFUSAL);
});

test('on the local cloud a ?group= parameter names the group and the local WeChat issues its cloudID (DevTools has no group chat)', async () => {
  await checkedIn();
  scene = 1001;
  const page = renderAs(entryId, LEADER);
  config.backend = 'local'; // the stand-in exists only for DevTools against the local cloud
  try {
    await page.instance.onLoad({ id: shared, group: 'GroupFromQuery' });
    expect(page.data.ticket).toEqual({ cloudID: expect.stringMatching(/^\d{2}_[A-Za-z0-9_-]+$/) });
    page.querySelector('#link-button').dispatchEvent('tap');
    await waitFor(() => links().length === 1 && !page.data.busy);
  } finally {
    config.backend = 'cloud';
    scene = 1044;
  }
});
