/**
 * @jest-environment jsdom
 */
import { installWx, loadPage, waitFor, renderAs, textOf, connect, tap, typeInto } from '../helpers/page';
import { startTestCloud, as } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { ORGS, setupWorld, WHO } from '../domain/child/world';
import { approvedVolunteer } from '../domain/pairing/world';
import { setClock } from '../../src/server/time';

/**
 * Edits that never overwrite silently (issue 15), on the phone: a correction made from a view the
 * record has moved past shows the stored values beside her edit and applies hers on top of them; a
 * resent check-in the server holds differently is kept by the outbox, which says
 * 已记录的版本与您修改的不同 on the check-in page and home and opens the correction for that record.
 */
const wx = installWx() as Record<string, any>;
let cloud: LocalCloud;
let correctId: string;
let checkinId: string;
let homeId: string;
let childId = '';
const A1 = { code: ORGS.communityA1, name: '测试社区甲一', path: ['sn', ORGS.countyA, ORGS.streetA, ORGS.communityA1] };
type Stored = { _id: string; durationMinutes: number; problems: string; measures: string; withWhom: string; version: number; kind: string };
const stored = () => cloud.store.rawDocuments('visit_checkins') as unknown as Stored[];
const vol = () => as(cloud, WHO.volunteer);

beforeAll(() => {
  correctId = loadPage('packages/volunteer/pages/correct/index');
  checkinId = loadPage('packages/volunteer/pages/checkin/index');
  homeId = loadPage('pages/home/index');
});
beforeEach(async () => {
  cloud = await startTestCloud();
  connect(cloud);
  setClock(() => Date.now() - 40 * 24 * 3600_000);
  await setupWorld(cloud);
  childId = (await as(cloud, WHO.countyA).ok('child', 'create', childInput(81, A1.code))).id;
  const v = await approvedVolunteer(cloud, WHO.volunteer, A1, { name: '测试妈妈一' });
  const p = await as(cloud, WHO.countyA).ok('pairing', 'propose', { childId, volunteerId: v });
  await as(cloud, WHO.countyA).ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-01-02' });
  await vol().ok('pairing', 'respond', { id: p.id, accept: true });
  setClock(() => Date.now());
  for (const k of ['visitCorrecting', 'visitCorrectingMine', 'visitOutbox', 'visitOutboxConflicts']) wx.removeStorageSync(k);
});
afterEach(async () => {
  setClock(null);
  jest.clearAllMocks();
  await cloud.close();
});

/** 走访记录 hands the entry over in storage; the form opens on it. */
async function openCorrection(id: string, query: Record<string, string> = {}) {
  if (!query.conflict) wx.setStorageSync('visitCorrecting', (await vol().ok('visit', 'timeline', { childId })).items.find((i) => i.id === id));
  const form = renderAs(correctId, WHO.volunteer);
  form.instance.onLoad({ id, ...query });
  return form;
}

test('a correction from a stale view shows the stored values beside hers; submitting applies hers on top, keeping what the other correction changed', async () => {
  const { id } = await vol().ok('visit', 'checkIn', { clientId: 'pc-stale-1', childId, kind: 'call', at: new Date(Date.now() - 3600_000).toISOString(), durationMinutes: 30, withWhom: '孩子' });
  const first = await openCorrection(id);
  const stale = await openCorrection(id);
  // the first page adds problems and changes the duration
  typeInto(first, '#problems', '作业多');
  typeInto(first, '#duration', '45');
  typeInto(first, '#reason', '补充');
  tap(first, '#submit');
  await waitFor(() => first.data.done !== '');
  // the second, opened before, changes the duration and adds measures
  typeInto(stale, '#duration', '50');
  typeInto(stale, '#measures', '陪她写作业');
  typeInto(stale, '#reason', '再补充');
  tap(stale, '#submit');
  await waitFor(() => stale.data.error !== '');
  expect(textOf(stale, '#error')).toBe('记录已被修改，请刷新后再改');
  expect(textOf(stale, '#conflict')).toContain('已记录的版本与您修改的不同');
  expect(textOf(stale, '#diff-durationMinutes')).toBe('时长（分钟）：已记录「45」，您的修改「50」');
  expect(textOf(stale, '#diff-measures')).toBe('解决措施：已记录「（空）」，您的修改「陪她写作业」');
  // problems she never touched follow the stored record: no difference shown, not undone
  expect(stale.querySelector('#diff-problems')).toBeUndefined();
  expect(stale.data.form.problems).toBe('作业多');
  expect(textOf(stale, '#submit')).toBe('以我的修改为准提交');
  expect(stored()[0]).toMatchObject({ durationMinutes: 45, version: 2 });
  tap(stale, '#submit');
  await waitFor(() => stale.data.done !== '' || stale.data.sending === false && stale.data.error !== '记录已被修改，请刷新后再改');
  expect(stale.data.done).toBe('applied');
  expect(stored()[0]).toMatchObject({ durationMinutes: 50, problems: '作业多', measures: '陪她写作业', version: 3 });
});

test('放弃我的修改 puts the stored values back in the form', async () => {
  const { id } = await vol().ok('visit', 'checkIn', { clientId: 'pc-stale-2', childId, kind: 'call', at: new Date(Date.now() - 3600_000).toISOString(), durationMinutes: 30 });
  const stale = await openCorrection(id);
  await vol().ok('visit', 'correct', { id, version: 1, kind: 'call', at: stored()[0]['at' as never], durationMinutes: 40, reason: '改时长' } as never);
  typeInto(stale, '#duration', '20');
  typeInto(stale, '#reason', '我的修改');
  tap(stale, '#submit');
  await waitFor(() => stale.data.conflict.length > 0);
  tap(stale, '#keep-stored');
  await waitFor(() => stale.data.conflict.length === 0);
  expect(stale.data.form).toMatchObject({ durationMinutes: '40', reason: '我的修改' });
  expect(textOf(stale, '#submit')).toBe('提交修改');
});

test('a resent check-in the server holds differently: the outbox keeps it, the check-in page and home say so, and the correction applies her version', async () => {
  const at = new Date(Date.now() - 3600_000).toISOString();
  const first = await vol().ok('visit', 'checkIn', { clientId: 'pc-outbox-1', childId, kind: 'call', at, durationMinutes: 30 });
  // the phone still holds an edited copy under the same clientId (restored storage, an edit while offline)
  wx.setStorageSync('visitOutbox', [{ clientId: 'pc-outbox-1', childId, kind: 'home_visit', at, durationMinutes: 45, problems: '孩子发烧' }]);
  const page = renderAs(checkinId, WHO.volunteer);
  await page.instance.onLoad({});
  await waitFor(() => page.data.conflicts === 1);
  expect(textOf(page, '#conflict')).toContain('已记录的版本与您修改的不同');
  expect(wx.getStorageSync('visitOutbox')).toBe('');
  expect(stored()).toEqual([expect.objectContaining({ durationMinutes: 30, kind: 'call' })]);

  // home says it too
  const home = renderAs(homeId, WHO.volunteer);
  home.instance.onLoad();
  await waitFor(() => home.data.quick.ready === true);
  expect(textOf(home, '#quick-conflict')).toContain('已记录的版本与您修改的不同');

  tap(page, '#conflict-open');
  await waitFor(() => wx.navigateTo.mock.calls.length > 0);
  expect(wx.navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: `/packages/volunteer/pages/correct/index?id=${first.id}&conflict=1` }));
  const form = await openCorrection(first.id, { conflict: '1' });
  expect(textOf(form, '#conflict')).toContain('已记录的版本与您修改的不同');
  expect(textOf(form, '#diff-kind')).toBe('走访方式：已记录「电话/微信」，您的修改「入户走访」');
  expect(textOf(form, '#diff-durationMinutes')).toBe('时长（分钟）：已记录「30」，您的修改「45」');
  expect(textOf(form, '#diff-problems')).toBe('发现的问题：已记录「（空）」，您的修改「孩子发烧」');
  tap(form, '#submit');
  await waitFor(() => form.data.done !== '' || form.data.error !== '');
  expect(form.data.error).toBe('');
  expect(stored()[0]).toMatchObject({ kind: 'home_visit', durationMinutes: 45, problems: '孩子发烧', version: 2 });
  // resolved: no longer offered on the check-in page
  page.instance.onShow();
  await waitFor(() => page.data.conflicts === 0);
  expect(page.querySelector('#conflict')).toBeUndefined();
});
