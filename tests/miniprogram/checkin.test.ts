/**
 * @jest-environment jsdom
 */
import { installWx, loadPage, waitFor, renderAs, textOf, connect, network, tap, subscribeAnswers, subscribeFails, typeInto } from '../helpers/page';
import { startTestCloud, as, fireTimer, download } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { ORGS, setupWorld, WHO } from '../domain/child/world';
import { approvedVolunteer, db } from '../domain/pairing/world';
import { appIdFor } from '../../src/functions/volunteer/store';
import { userIdFor } from '../../src/server/ids';
import { setClock } from '../../src/server/time';
import { UPLOAD_TRIES } from '../../miniprogram/services/visit-outbox';

/** The check-in page: big kind buttons, today prefilled, one tap to send; offline it keeps the check-in and resends it once. */
const wx = installWx() as Record<string, any>;
let cloud: LocalCloud;
let pageId: string;
let boardId: string;
let timelineId: string;
let teamId: string;
let entryId: string;
let childId = '';
const text = textOf;
const checkins = () => cloud.store.rawDocuments('visit_checkins') as { childId: string; kind: string; durationMinutes: number; at: string }[];

/** The phone's files in memory (path → base64): chosen temp photos, compressed copies, kept ones. */
const files = new Map<string, string>();
let seq = 0;
let nextChoice: number[] = []; // sizes of the photos the next chooseMedia answers
wx.env = { USER_DATA_PATH: 'wxfile://usr' };
wx.chooseMedia = jest.fn((o: { success: (r: unknown) => void }) => {
  const tempFiles = nextChoice.splice(0).map((size) => {
    const tempFilePath = `http://tmp/photo-${++seq}.jpg`;
    files.set(tempFilePath, Buffer.from(`photo ${seq}`).toString('base64'));
    return { tempFilePath, size, fileType: 'image' };
  });
  o.success({ tempFiles });
});
wx.compressImage = jest.fn((o: { src: string; success: (r: { tempFilePath: string }) => void }) => {
  const tempFilePath = `http://tmp/compressed-${++seq}.jpg`;
  files.set(tempFilePath, files.get(o.src)!);
  o.success({ tempFilePath });
});
const noFile = (p: string) => new Error(`fail no such file or directory ${p}`);
wx.getFileSystemManager = () => ({
  readFileSync: (p: string) => {
    if (!files.has(p)) throw noFile(p);
    return files.get(p);
  },
  accessSync: (p: string) => {
    if (!files.has(p)) throw noFile(p);
  },
  saveFile: (o: { tempFilePath: string; filePath?: string; success?: (r: unknown) => void; fail?: (e: unknown) => void }) => {
    if (!files.has(o.tempFilePath)) return o.fail?.({ errMsg: 'saveFile:fail tempFilePath file not exist' });
    const to = o.filePath ?? `wxfile://store/${++seq}.jpg`;
    files.set(to, files.get(o.tempFilePath)!);
    files.delete(o.tempFilePath); // saveFile moves the temp file
    o.success?.({ savedFilePath: to });
  },
  unlinkSync: (p: string) => {
    if (!files.delete(p)) throw noFile(p);
  },
  removeSavedFile: (o: { filePath: string; success?: () => void; fail?: () => void }) => (files.delete(o.filePath) ? o.success?.() : o.fail?.()),
  readdirSync: (dir: string) => [...files.keys()].filter((k) => k.startsWith(`${dir}/`)).map((k) => k.slice(dir.length + 1)),
});
/** Uploads that reached the local cloud (cloud paths), and a hook to fail some of them. */
const uploads: string[] = [];
let failUpload: (cloudPath: string) => boolean = () => false;
const cloudUpload = wx.cloud.uploadFile.bind(wx.cloud);
wx.cloud.uploadFile = (o: { cloudPath: string; fail?: (e: unknown) => void }) => {
  if (network.gateway === OFFLINE) return cloudUpload(o); // never reaches the cloud
  uploads.push(o.cloudPath);
  if (failUpload(o.cloudPath)) return o.fail?.({ errCode: -1, errMsg: 'cloud.uploadFile:fail timeout' });
  return cloudUpload(o);
};
const OFFLINE = 'http://127.0.0.1:1';
const fileIdOf = (cloudPath: string) => `cloud://local.local-bucket/${cloudPath}`;
const stored = (cloudPath: string) =>
  (cloud.storage.handleAction({ action: 'storage.batchGetDownloadUrl', file_list: [{ fileid: fileIdOf(cloudPath) }] }) as { data: { download_list: { code: string }[] } }).data.download_list[0].code === 'SUCCESS';
const byClient = (clientId: string) => (cloud.store.rawDocuments('visit_checkins') as { clientId: string; photos: string[] }[]).filter((d) => d.clientId === clientId);

beforeAll(() => {
  pageId = loadPage('packages/volunteer/pages/checkin/index');
  boardId = loadPage('packages/staff/pages/visit-board/index');
  timelineId = loadPage('packages/volunteer/pages/timeline/index');
  teamId = loadPage('packages/volunteer/pages/checkin-team/index');
  entryId = loadPage('packages/volunteer/pages/team-entry/index');
});
// each test has its own cloud with one active pairing and no check-in yet, and a phone with nothing kept
beforeEach(async () => {
  cloud = await startTestCloud();
  connect(cloud);
  await setupWorld(cloud);
  const A1 = { code: ORGS.communityA1, name: '测试社区甲一', path: ['sn', ORGS.countyA, ORGS.streetA, ORGS.communityA1] };
  childId = (await as(cloud, WHO.countyA).ok('child', 'create', childInput(80, A1.code))).id;
  const v = await approvedVolunteer(cloud, WHO.volunteer, A1, { name: '测试妈妈一' });
  const p = await as(cloud, WHO.countyA).ok('pairing', 'propose', { childId, volunteerId: v });
  await as(cloud, WHO.countyA).ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-01-02' });
  await as(cloud, WHO.volunteer).ok('pairing', 'respond', { id: p.id, accept: true });
});
afterEach(async () => {
  network.gateway = cloud.url;
  failUpload = () => false;
  uploads.length = 0;
  nextChoice = [];
  setClock(() => Date.now());
  for (const k of ['visitOutbox', 'visitCorrecting']) wx.removeStorageSync(k);
  jest.clearAllMocks();
  await cloud.close();
});

/** A second volunteer in the same community, both in 测试服务队. */
async function sameTeam() {
  await approvedVolunteer(cloud, WHO.otherVolunteer, { code: ORGS.communityA1, name: '测试社区甲一', path: ['sn', ORGS.countyA, ORGS.streetA, ORGS.communityA1] }, { name: '测试妈妈二' });
  for (const who of [WHO.volunteer, WHO.otherVolunteer]) {
    await db().collection('volunteer_applications').doc(appIdFor(userIdFor(who))).update({ teamId: 'team-page', teamName: '测试服务队' });
  }
}

/** A check-in she made a minute ago through the API (for tests about what is shown afterwards). */
const checkedIn = (clientId: string) =>
  as(cloud, WHO.volunteer).ok('visit', 'checkIn', { clientId, childId, kind: 'home_visit', at: new Date(Date.now() - 60_000).toISOString(), durationMinutes: 60 });

const render = renderAs;

test('the only child is picked, today is filled in, a kind tap and submit record one check-in', async () => {
  const page = render(pageId, WHO.volunteer);
  await page.instance.onLoad({});
  await waitFor(() => page.data.kinds.length > 0);
  expect(page.data.childId).toBe(childId);
  expect(page.data.form.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(text(page, '#date')).toContain(page.data.form.date);
  // 本期待办 from the counters; when nothing is owed (e.g. a period she has met): no list, no "nothing
  // due" line (issue 18)
  if (page.data.due.length) expect(text(page, '#due-0')).toMatch(/0\/1/);
  else expect(text(page, '.page')).not.toContain('本期待办');
  expect(page.querySelector('#due-none')).toBeUndefined();
  expect(text(page, '#timeline-link')).toContain('查看走访记录（累计服务0小时）');
  page.querySelector('#submit').dispatchEvent('tap');
  await waitFor(() => page.data.error !== '');
  expect(text(page, '#error')).toBe('请选择走访方式');
  page.querySelector('#kind-home_visit').dispatchEvent('tap');
  page.querySelector('#duration-60').dispatchEvent('tap');
  await waitFor(() => page.data.form.kind === 'home_visit' && page.data.form.durationMinutes === 60);
  page.querySelector('#submit').dispatchEvent('tap');
  await waitFor(() => page.data.done === 'sent');
  expect(text(page, '#done')).toContain('打卡成功');
  // the reminder subscription is asked on the submit tap and its acceptance reaches the server
  expect(wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['local-visit-reminder'] }));
  expect(cloud.store.rawDocuments('visit_volunteers')).toEqual([expect.objectContaining({ reminderCredits: 1, openid: WHO.volunteer })]);
  expect(checkins()).toEqual([expect.objectContaining({ childId, kind: 'home_visit', durationMinutes: 60 })]);
  expect(wx.getStorageSync('visitOutbox')).toBe('');
});

for (const [how, answer] of [
  ['declined on the prompt', () => subscribeAnswers(wx, 'reject')],
  ['the prompt fails (errCode 20004, subscriptions switched off)', () => subscribeFails(wx)],
] as const) {
  test(`the reminder ${how}: the check-in is recorded, no reminder credit`, async () => {
    const page = render(pageId, WHO.volunteer);
    await page.instance.onLoad({});
    await waitFor(() => page.data.kinds.length > 0);
    tap(page, '#kind-home_visit');
    tap(page, '#duration-60');
    await waitFor(() => page.data.form.kind === 'home_visit' && page.data.form.durationMinutes === 60);
    answer();
    tap(page, '#submit');
    await waitFor(() => page.data.done === 'sent' || page.data.error !== '');
    expect(page.data.error).toBe('');
    expect(text(page, '#done')).toContain('打卡成功');
    expect(wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['local-visit-reminder'] }));
    expect(checkins()).toEqual([expect.objectContaining({ childId, kind: 'home_visit', durationMinutes: 60 })]);
    // no credit and no openid kept for the morning timer to remind her with
    const vols = cloud.store.rawDocuments('visit_volunteers') as Record<string, unknown>[];
    expect(vols.filter((d) => 'reminderCredits' in d || 'openid' in d)).toEqual([]);
  });
}

test('the date and time filled in are China\'s, whatever the phone\'s zone (the suite runs in UTC)', async () => {
  expect(process.env.TZ).toBe('UTC');
  const page = render(pageId, WHO.volunteer);
  // 17:30 UTC on 1 March is 01:30 on 2 March in China; the form is filled in synchronously on load
  const clock = jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-03-01T17:30:00.000Z'));
  let loading: Promise<void>;
  try {
    loading = page.instance.onLoad({});
  } finally {
    clock.mockRestore();
  }
  await loading;
  expect(page.data.form).toMatchObject({ date: '2026-03-02', time: '01:30' });
  expect(text(page, '#date')).toContain('2026-03-02');
  expect(text(page, '#time')).toContain('01:30');
});

test('offline: the check-in stays on the phone and is sent once when the network returns', async () => {
  const page = render(pageId, WHO.volunteer);
  await page.instance.onLoad({});
  await waitFor(() => page.data.kinds.length > 0);
  page.querySelector('#kind-call').dispatchEvent('tap');
  await waitFor(() => page.data.form.kind === 'call');
  network.gateway = 'http://127.0.0.1:1'; // no network
  page.querySelector('#submit').dispatchEvent('tap');
  await waitFor(() => page.data.done === 'kept' || page.data.error !== '').catch(() => undefined);
  expect(page.data.error).toBe('');
  expect(page.data.done).toBe('kept');
  expect(text(page, '#done')).toContain('已保存在手机上，有网络时自动上传');
  expect(wx.getStorageSync('visitOutbox')).toHaveLength(1);
  expect(checkins()).toHaveLength(0);
  network.gateway = cloud.url; // back online: resent, then resent again by mistake
  await page.instance.resend();
  await waitFor(() => checkins().length === 1);
  expect(wx.getStorageSync('visitOutbox')).toBe('');
  expect(page.data.outbox).toBe(0);
  // a stale copy (the phone restored its storage) is replayed: still recorded once
  const first = (cloud.store.rawDocuments('visit_checkins') as { clientId: string; at: string; durationMinutes: number }[])[0];
  const again = render(pageId, WHO.volunteer);
  wx.setStorageSync('visitOutbox', [{ clientId: page.data.clientId, childId, kind: 'call', at: first.at, durationMinutes: first.durationMinutes, withWhom: '', problems: '', measures: '' }]);
  await again.instance.onLoad({});
  await waitFor(() => again.data.kinds.length > 0);
  await waitFor(() => wx.getStorageSync('visitOutbox') === '' && again.data.outbox === 0); // outbox and note are set together
  expect(checkins()).toHaveLength(1);
  expect(again.data.note).toBe('');
  // a copy edited since it was sent (same clientId, another time): refused, and she is told it was not saved
  const edited = render(pageId, WHO.volunteer);
  wx.setStorageSync('visitOutbox', [{ clientId: page.data.clientId, childId, kind: 'call', at: new Date(Date.parse(first.at) - 3600_000).toISOString(), durationMinutes: first.durationMinutes }]);
  await edited.instance.onLoad({});
  await waitFor(() => edited.data.note !== '');
  expect(text(edited, '#note')).toBe('有一条补发的打卡未保存：这条走访记录已经提交过，内容与之前不同，本次修改未保存；如需修改，请在走访记录中更正');
  expect(checkins()).toEqual([expect.objectContaining({ at: first.at })]);
  expect(wx.getStorageSync('visitOutbox')).toBe('');
});

test('staff see the child on the overdue board and close a flag with the action taken', async () => {
  await as(cloud, WHO.volunteer).ok('visit', 'checkIn', { clientId: 'flag-client-1', childId, kind: 'call', at: new Date(Date.now() - 60_000).toISOString(), durationMinutes: 10, flag: '孩子说最近常头疼' });
  const page = render(boardId, WHO.countyA);
  page.instance.onLoad({});
  await waitFor(() => page.data.rows.length === 1);
  expect(text(page, `#row-${childId}`)).toContain('测试妈妈一');
  // the third tab: by area (the next org level below the county), from the morning timer's tallies
  await fireTimer(cloud, 'visit', 'reminders');
  page.querySelector('#tab-area').dispatchEvent('tap');
  await waitFor(() => page.data.tab === 'area' && !page.data.loading && page.data.rows.some((r: { key: string }) => r.key === ORGS.streetA));
  expect(text(page, `#row-${ORGS.streetA}`)).toContain('测试街道甲');
  expect(text(page, `#counts-${ORGS.streetA}`)).toMatch(/逾期\d+ · 即将到期\d+ · 正常\d+/);
  const st = page.data.rows.find((r: { key: string }) => r.key === ORGS.streetA);
  expect(st.overdue + st.dueSoon + st.onTrack).toBe(1);
  page.querySelector('#tab-flags').dispatchEvent('tap');
  await waitFor(() => page.data.flags.length === 1);
  const id = page.data.flags[0].id;
  expect(text(page, `#flag-${id}`)).toContain('孩子说最近常头疼');
  typeInto(page, `#action-${id}`, '已联系监护人带孩子就医');
  page.querySelector(`#close-${id}`).dispatchEvent('tap');
  await waitFor(() => page.data.flags.length === 0 && !page.data.loading);
  expect(text(page, '#empty')).toBe('没有待处理的关注事项');
  const other = render(boardId, WHO.countyB);
  other.instance.onLoad({});
  await waitFor(() => !other.data.loading && other.data.total === 0);
  expect(other.data.rows).toEqual([]);
});

test('the timeline shows the child\'s check-ins with notes and photos to her volunteer, not to another county', async () => {
  // photos she uploaded from her phone; storage is private, so the page shows the function's temporary links
  const photos = ['visits/tl-a.jpg', 'visits/tl-b.jpg'].map((p) => cloud.storage.write(p, Buffer.from(`synthetic ${p}`), WHO.volunteer));
  await as(cloud, WHO.volunteer).ok('visit', 'checkIn', {
    clientId: 'photo-client-1', childId, kind: 'talk', at: new Date(Date.now() - 30_000).toISOString(), durationMinutes: 40,
    problems: '作业拖拉', measures: '约定每天先写作业', photos,
  });
  for (const who of [WHO.volunteer, WHO.countyA]) {
    const page = render(timelineId, who);
    page.instance.onLoad({ childId });
    await waitFor(() => page.data.items.length > 0 && !page.data.loading);
    const first = page.data.items.find((i: { kind: string }) => i.kind === 'talk');
    expect(first).toMatchObject({ kindLabel: '谈心', photos });
    expect(text(page, `#item-${first.id}`)).toContain('发现的问题：作业拖拉');
    const shown = page.querySelectorAll(`#item-${first.id} .photo`);
    expect(shown).toHaveLength(2);
    expect(first.links).toEqual(first.photoUrls);
    for (const [k, img] of shown.entries()) {
      // the simulator drops a builtin <image>'s src; the page binds the same value to data-url (tap to preview)
      const src = img.dom.getAttribute('data-url') as string;
      expect(src).toBe(first.photoUrls[k]);
      expect(src).toMatch(/\/storage\/files\/visits\/tl-[ab]\.jpg\?sign=[0-9a-f]+&t=\d+$/);
      const res = await download(src);
      expect(res.status).toBe(200);
      expect(res.body.toString()).toBe(`synthetic visits/tl-${'ab'[k]}.jpg`);
    }
  }
  const other = render(timelineId, WHO.countyB);
  other.instance.onLoad({ childId });
  await waitFor(() => other.data.error !== '');
  expect(other.data.items).toEqual([]);
});

test('the team page lists recent activity by alias and who has not checked in this month', async () => {
  await checkedIn('team-client-1');
  await sameTeam();
  const page = render(teamId, WHO.otherVolunteer);
  await page.instance.onLoad();
  expect(text(page, '#team-name')).toBe('测试服务队（2人）');
  expect(text(page, '#inactive-0')).toBe('测试妈妈二');
  expect(text(page, '#recent-0')).toMatch(/测试妈妈一 与.+同学/);
});

test('a timeline entry shares to the team group; the card shows members the anonymised entry and others a refusal', async () => {
  await sameTeam();
  await checkedIn('share-client-1');
  const tl = render(timelineId, WHO.volunteer);
  tl.instance.onLoad({ childId });
  await waitFor(() => tl.data.items.length > 0 && !tl.data.loading);
  const item = tl.data.items[0];
  expect(tl.querySelector(`#share-${item.id}`)).toBeTruthy();
  const share = tl.instance.onShareAppMessage({ from: 'button', target: { dataset: { id: item.id, kind: item.kindLabel } } });
  expect(share.path).toBe(`/packages/volunteer/pages/team-entry/index?id=${item.id}`);
  const entry = render(entryId, WHO.otherVolunteer);
  await entry.instance.onLoad({ id: item.id });
  expect(text(entry, '#entry-who')).toMatch(/^测试妈妈一 与.+同学$/);
  expect(text(entry, '#entry-what')).toContain(item.kindLabel);
  expect(text(entry, '#entry')).not.toContain('测试儿童');
  const outsider = render(entryId, WHO.countyB);
  await outsider.instance.onLoad({ id: item.id });
  expect(outsider.data.entry).toBeNull();
  expect(text(outsider, '#refusal')).toContain('感谢您的关心');
});

test('修改: within the window her correction applies at once; later it is a request staff approve on the board', async () => {
  const correctId = loadPage('packages/volunteer/pages/correct/index');
  await checkedIn('correct-client-1');
  const openTimeline = async () => {
    const tl = render(timelineId, WHO.volunteer);
    tl.instance.onLoad({ childId });
    await waitFor(() => tl.data.items.length > 0 && !tl.data.loading);
    return tl;
  };
  let tl = await openTimeline();
  const item = tl.data.items[0];
  expect(text(tl, `#edit-${item.id}`)).toContain('修改');
  const staffView = render(timelineId, WHO.countyA);
  staffView.instance.onLoad({ childId });
  await waitFor(() => staffView.data.items.length > 0 && !staffView.data.loading);
  expect(staffView.querySelector(`#edit-${item.id}`)).toBeFalsy();
  tl.querySelector(`#edit-${item.id}`).dispatchEvent('tap');
  await waitFor(() => wx.navigateTo.mock.calls.length > 0);
  expect(wx.navigateTo).toHaveBeenLastCalledWith(expect.objectContaining({ url: `/packages/volunteer/pages/correct/index?id=${item.id}` }));

  let form = render(correctId, WHO.volunteer);
  form.instance.onLoad({ id: item.id });
  // the same entry opened a second time (another tab of the page stack), to be sent after the first
  const staleForm = render(correctId, WHO.volunteer);
  staleForm.instance.onLoad({ id: item.id });
  expect(form.data.form.durationMinutes).toBe(String(item.durationMinutes));
  typeInto(form, '#problems', '孩子作业有困难');
  typeInto(form, '#duration', '45');
  form.querySelector('#submit').dispatchEvent('tap');
  await waitFor(() => form.data.error !== '');
  expect(text(form, '#error')).toBe('请填写修改原因');
  typeInto(form, '#reason', '补充记录');
  form.querySelector('#submit').dispatchEvent('tap');
  await waitFor(() => form.data.done !== '');
  expect(text(form, '#done')).toContain('已修改');
  const doc = () => (cloud.store.rawDocuments('visit_checkins') as { _id: string; problems: string; durationMinutes: number; kind: string; withWhom: string }[]).find((d) => d._id === item.id)!;
  expect(doc()).toMatchObject({ problems: '孩子作业有困难', durationMinutes: 45, kind: item.kind, withWhom: item.withWhom });
  // the second page still holds the version it was opened with: refused and told, the first correction stands
  typeInto(staleForm, '#duration', '50');
  typeInto(staleForm, '#reason', '另一处修改');
  staleForm.querySelector('#submit').dispatchEvent('tap');
  await waitFor(() => staleForm.data.error !== '');
  expect(text(staleForm, '#error')).toBe('记录已被修改，请刷新后再改');
  expect(staleForm.data.done).toBe('');
  expect(doc()).toMatchObject({ problems: '孩子作业有困难', durationMinutes: 45 });

  setClock(() => Date.now() + 10 * 86400_000); // past the correction window: a request
  try {
    tl = await openTimeline();
    wx.removeStorageSync('visitCorrecting');
    tl.querySelector(`#edit-${item.id}`).dispatchEvent('tap');
    await waitFor(() => wx.getStorageSync('visitCorrecting') !== '');
    form = render(correctId, WHO.volunteer);
    form.instance.onLoad({ id: item.id });
    typeInto(form, '#duration', '90');
    typeInto(form, '#reason', '时长记错了');
    form.querySelector('#submit').dispatchEvent('tap');
    await waitFor(() => form.data.done !== '');
    expect(text(form, '#done')).toContain('等待工作人员审核');
    expect(doc().durationMinutes).toBe(45);
    tl = await openTimeline();
    expect(tl.querySelector(`#edit-${item.id}`)).toBeFalsy();
    expect(text(tl, `#item-${item.id}`)).toContain('更正待审核');

    const board = render(boardId, WHO.countyA);
    board.instance.onLoad({});
    await waitFor(() => !board.data.loading);
    board.querySelector('#tab-corrections').dispatchEvent('tap');
    await waitFor(() => board.data.tab === 'corrections' && board.data.corrections.length === 1);
    expect(text(board, `#correction-${item.id}`)).toContain('时长记错了');
    expect(text(board, `#correction-${item.id}`)).toContain('45分钟 → 90分钟');
    board.querySelector(`#approve-${item.id}`).dispatchEvent('tap');
    await waitFor(() => doc().durationMinutes === 90);
    await waitFor(() => board.data.corrections.length === 0 && !board.data.loading);
    expect(text(board, '#empty')).toBe('没有待审核的修改申请');
  } finally {
    setClock(() => Date.now());
  }
});

/** Opens the form, picks 通话, and (offline) chooses photos of the given sizes and submits: kept on the phone. */
async function keptWithPhotos(sizes: number[]) {
  const page = render(pageId, WHO.volunteer);
  await page.instance.onLoad({});
  await waitFor(() => page.data.kinds.length > 0);
  page.querySelector('#kind-call').dispatchEvent('tap');
  network.gateway = OFFLINE;
  nextChoice = [...sizes];
  page.querySelector('#photo').dispatchEvent('tap');
  await waitFor(() => page.data.form.thumbs.length === sizes.length && !page.data.photoBusy);
  const local: string[] = page.data.form.photos;
  expect(page.querySelectorAll('.photo')).toHaveLength(sizes.length); // local thumbnails at once
  expect(text(page, '#photo-note')).toBe(`${sizes.length}张照片已保存在手机上，有网络时自动上传`);
  page.querySelector('#submit').dispatchEvent('tap');
  await waitFor(() => page.data.done !== '' || page.data.error !== '');
  expect(page.data.done).toBe('kept');
  return { page, local, clientId: page.data.clientId as string };
}

test('offline photos wait on the phone with the check-in; when the network returns they are uploaded, then the check-in is sent once', async () => {
  uploads.length = 0;
  wx.compressImage.mockClear();
  const { page, local, clientId } = await keptWithPhotos([3_000_000, 200_000]);
  // only the large photo is compressed; both are saved out of the temp folder (paths survive a restart)
  expect(wx.compressImage).toHaveBeenCalledTimes(1);
  expect(wx.compressImage).toHaveBeenCalledWith(expect.objectContaining({ quality: 60 }));
  expect(local).toHaveLength(2);
  expect(local.every((p) => p.startsWith('wxfile://usr/visit-photo-') && files.has(p))).toBe(true);
  expect(page.data.form.thumbs).toEqual(local);
  expect(text(page, '#done')).toContain('打卡和照片已保存在手机上，有网络时自动上传');
  expect(text(page, '#outbox')).toContain('有1条打卡（含2张照片）已保存在手机上，有网络时自动上传');
  // nothing reached the server; the outbox holds the entry with the local paths
  expect(uploads).toEqual([]);
  expect(byClient(clientId)).toEqual([]);
  expect(wx.getStorageSync('visitOutbox')).toEqual([expect.objectContaining({ clientId, photos: local, files: local })]);

  network.gateway = cloud.url;
  page.instance.onNetwork({ isConnected: true });
  await waitFor(() => page.data.outbox === 0);
  const paths = [`visits/${clientId}-0.jpg`, `visits/${clientId}-1.jpg`];
  expect([...uploads].sort()).toEqual(paths);
  expect(paths.every(stored)).toBe(true);
  expect(byClient(clientId)).toEqual([expect.objectContaining({ photos: paths.map(fileIdOf) })]);
  expect(local.some((p) => files.has(p))).toBe(false);
  expect(wx.getStorageSync('visitOutbox')).toBe('');
  expect(page.querySelector('#outbox')).toBeFalsy();
  expect(text(page, '#done')).toContain('打卡成功'); // the page that kept it now shows it sent
  expect(page.data.sentId).toBe((byClient(clientId)[0] as unknown as { _id: string })._id);
});

test('the network fails after the first photo is uploaded: the retry uploads only the second and records one check-in', async () => {
  const { page, local, clientId } = await keptWithPhotos([100_000, 100_000]);
  uploads.length = 0;
  network.gateway = cloud.url;
  failUpload = (p) => p.endsWith('-1.jpg');
  page.querySelector('#retry').dispatchEvent('tap');
  await waitFor(() => wx.showToast.mock.calls.some((c: [{ title: string }]) => c[0].title === '还是没有网络，有网络时会自动上传'));
  // the first photo's fileID is stored at once; the check-in itself waits
  const [entry] = wx.getStorageSync('visitOutbox');
  expect(entry.photos).toEqual([fileIdOf(`visits/${clientId}-0.jpg`), local[1]]);
  expect(byClient(clientId)).toEqual([]);
  expect(text(page, '#outbox')).toContain('有1条打卡（含1张照片）');

  failUpload = () => false;
  page.querySelector('#retry').dispatchEvent('tap');
  await waitFor(() => page.data.outbox === 0);
  expect(uploads.filter((p) => p.endsWith('-0.jpg'))).toHaveLength(1);
  expect(uploads.filter((p) => p.endsWith('-1.jpg'))).toHaveLength(2); // the failed try and the retry, same path
  expect(byClient(clientId)).toEqual([expect.objectContaining({ photos: [0, 1].map((i) => fileIdOf(`visits/${clientId}-${i}.jpg`)) })]);
  expect(local.some((p) => files.has(p))).toBe(false);
});

test('online a photo is uploaded at once; a kept photo deleted from the phone is dropped with a note and the check-in still goes', async () => {
  const orphan = 'wxfile://usr/visit-photo-abandoned-0-x.jpg'; // from a form left unsent before the app closed
  files.set(orphan, 'eA==');
  const page = render(pageId, WHO.volunteer);
  await page.instance.onLoad({});
  await waitFor(() => page.data.kinds.length > 0);
  expect(files.has(orphan)).toBe(false);
  const clientId: string = page.data.clientId;
  page.querySelector('#kind-call').dispatchEvent('tap');
  nextChoice = [100_000];
  page.querySelector('#photo').dispatchEvent('tap');
  await waitFor(() => page.data.form.thumbs.length === 1 && !page.data.photoBusy);
  expect(page.data.form.photos).toEqual([fileIdOf(`visits/${clientId}-0.jpg`)]);
  expect(page.data.form.thumbs[0]).toMatch(/^wxfile:\/\/usr\//); // the thumbnail stays local (no download)
  expect(page.querySelector('#photo-note')).toBeFalsy();

  network.gateway = OFFLINE;
  nextChoice = [100_000, 100_000];
  page.querySelector('#photo').dispatchEvent('tap');
  await waitFor(() => page.data.form.thumbs.length === 3 && !page.data.photoBusy);
  expect(wx.chooseMedia).toHaveBeenLastCalledWith(expect.objectContaining({ count: 8 })); // at most 9 in all
  expect(text(page, '#photo-note')).toBe('2张照片已保存在手机上，有网络时自动上传');
  const thumbs: string[] = page.data.form.thumbs;
  page.querySelector('#submit').dispatchEvent('tap');
  await waitFor(() => page.data.done === 'kept');
  files.delete(thumbs[2]); // e.g. she cleared the app's files

  network.gateway = cloud.url;
  page.instance.onShow();
  await waitFor(() => page.data.outbox === 0);
  expect(byClient(clientId)).toEqual([expect.objectContaining({ photos: [0, 1].map((i) => fileIdOf(`visits/${clientId}-${i}.jpg`)) })]);
  expect(stored(`visits/${clientId}-2.jpg`)).toBe(false);
  expect(text(page, '#note')).toContain('有1张照片没能上传');
  expect(thumbs.some((p) => files.has(p))).toBe(false);
});

test('a photo the server keeps refusing while the phone is online is given up after a few tries; the check-in goes without it', async () => {
  const { page, clientId } = await keptWithPhotos([100_000, 100_000]);
  network.gateway = cloud.url;
  failUpload = (p) => p.endsWith('-1.jpg');
  wx.getNetworkType = jest.fn((o: { success: (r: { networkType: string }) => void }) => o.success({ networkType: 'wifi' }));
  try {
    for (let i = 1; i < UPLOAD_TRIES; i++) {
      page.querySelector('#retry').dispatchEvent('tap');
      await waitFor(() => wx.getStorageSync('visitOutbox')?.[0]?.uploadFailures === i);
      expect(byClient(clientId)).toEqual([]);
    }
    page.querySelector('#retry').dispatchEvent('tap');
    await waitFor(() => page.data.outbox === 0);
    expect(byClient(clientId)).toEqual([expect.objectContaining({ photos: [fileIdOf(`visits/${clientId}-0.jpg`)] })]);
    expect(text(page, '#note')).toContain('有1张照片');
  } finally {
    delete wx.getNetworkType;
  }
});
