/**
 * @jest-environment jsdom
 */
import { installWx, loadPage, waitFor, renderAs, textOf, connect, tap } from '../helpers/page';
import { startTestCloud, as, ADMIN, download } from '../helpers/cloud';
import { addOrg, setupProgramme } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { approvedVolunteer } from '../domain/pairing/world';
import { forgetProgramme } from '../../src/server/programme';

/**
 * 补充走访详情 after home's three-tap check-in (issue 18): the checklist where her rule has one
 * (岳阳's local 一看二联三问四帮, for home visits) and photos are added later within the correction
 * window, as notes and the child's state are, and the stored check-in has them.
 */
const wx = installWx() as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let cloud: LocalCloud;
let homeId: string;
let correctId: string;
let childId = '';
const VOL = 'yy-local';

/** The phone's files in memory (path → base64); chooseMedia answers new temp photos of the given sizes. */
const files = new Map<string, string>();
let seq = 0;
let nextChoice: number[] = [];
wx.chooseMedia = jest.fn((o: { count: number; success: (r: unknown) => void }) => {
  const tempFiles = nextChoice.splice(0, o.count).map((size) => {
    const tempFilePath = `http://tmp/photo-${++seq}.jpg`;
    files.set(tempFilePath, Buffer.from(`photo ${seq}`).toString('base64'));
    return { tempFilePath, size, fileType: 'image' };
  });
  o.success({ tempFiles });
});
wx.getFileSystemManager = () => ({
  readFileSync: (p: string) => {
    if (!files.has(p)) throw new Error(`fail no such file or directory ${p}`);
    return files.get(p);
  },
});
type Stored = { kind: string; checklist: string[]; photos: string[]; problems: string; revisions: unknown[] };
const stored = () => cloud.store.rawDocuments('visit_checkins') as Stored[];

beforeAll(() => {
  homeId = loadPage('pages/home/index');
  correctId = loadPage('packages/volunteer/pages/correct/index');
});
// each test: its own 岳阳 cloud with one local volunteer actively paired with one child, no check-in yet
beforeEach(async () => {
  forgetProgramme();
  cloud = await startTestCloud();
  connect(cloud);
  await setupProgramme(cloud, 'yueyang-2024');
  await addOrg(cloud, 'yy-junshan', 'yy-js-st', '测试镇', 'street');
  await addOrg(cloud, 'yy-js-st', 'yy-js-c1', '测试村一', 'community');
  childId = (await as(cloud, ADMIN).ok('child', 'create', childInput(71, 'yy-js-c1'))).id;
  const v = await approvedVolunteer(cloud, VOL, { code: 'yy-js-c1', name: '测试村一', path: ['yy', 'yy-junshan', 'yy-js-st', 'yy-js-c1'] }, { teamKind: 'local' });
  const p = await as(cloud, ADMIN).ok('pairing', 'propose', { childId, volunteerId: v });
  await as(cloud, ADMIN).ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-01-02' });
  await as(cloud, VOL).ok('pairing', 'respond', { id: p.id, accept: true });
  wx.removeStorageSync('visitCorrecting');
  files.clear();
  nextChoice = [];
});
afterEach(async () => {
  jest.clearAllMocks();
  await cloud.close();
});

/** Home's three taps (child, kind, duration) and send; then 补充详情 opens the correction form on it. */
async function quickThenDetails(kind: string) {
  const home = renderAs(homeId, VOL);
  home.instance.onLoad();
  await waitFor(() => home.data.quick.ready === true);
  tap(home, `#quick-child-${childId}`);
  tap(home, `#quick-kind-${kind}`);
  tap(home, '#quick-duration-60');
  await waitFor(() => home.data.quick.kind === kind && home.data.quick.durationMinutes === 60);
  tap(home, '#quick-send');
  await waitFor(() => home.data.quick.doneId !== '' || home.data.quick.error !== '');
  expect(home.data.quick.error).toBe('');
  expect(stored()).toEqual([expect.objectContaining({ kind, checklist: [], photos: [] })]);
  tap(home, '#quick-details');
  await waitFor(() => (wx.navigateTo as jest.Mock).mock.calls.length > 0);
  const id = home.data.quick.doneId as string;
  const form = renderAs(correctId, VOL);
  form.instance.onLoad({ id, add: '1' });
  return { id, form };
}

async function addPhotos(form: any, sizes: number[]) { // eslint-disable-line @typescript-eslint/no-explicit-any
  const before = form.data.photos.length;
  nextChoice = [...sizes]; // chooseMedia takes them from nextChoice
  tap(form, '#photo');
  await waitFor(() => form.data.photos.length === before + sizes.length && !form.data.photoBusy);
}

test('a quick home visit: 补充走访详情 ticks the 一看二联三问四帮 checklist and adds photos (one removed again); the stored check-in has them', async () => {
  const { id, form } = await quickThenDetails('home_visit');
  // the rule's checklist, from her home data, once it has loaded: every item a large tap target, none ticked
  await waitFor(() => form.data.checklist.length > 0);
  const mine = await as(cloud, VOL).ok('visit', 'mine', {});
  const rule = mine.children[0].checklist;
  expect(form.data.checklist.map((c: { key: string }) => c.key)).toEqual(rule.map((c) => c.key));
  const [first, second] = rule;
  expect(textOf(form, `#check-${first.key}`)).toBe(`${first.group}·${first.label}`);
  expect(form.querySelector(`#check-${first.key}`).dom.className).not.toContain('on');
  tap(form, `#check-${first.key}`);
  tap(form, `#check-${second.key}`);
  tap(form, `#check-${second.key}`); // ticked by mistake, unticked
  await waitFor(() => form.data.ticks.length === 1);
  expect(form.querySelector(`#check-${first.key}`).dom.className).toContain('on');
  expect(form.querySelector(`#check-${second.key}`).dom.className).not.toContain('on');
  // two photos, uploaded at once; the first removed again
  await addPhotos(form, [1000, 2000]);
  expect(wx.chooseMedia).toHaveBeenLastCalledWith(expect.objectContaining({ count: 9, mediaType: ['image'] }));
  expect(form.querySelectorAll('.photo')).toHaveLength(2);
  const [, kept] = form.data.photos as string[];
  expect(kept).toMatch(/^cloud:\/\/.+\/visits\/.+\.jpg$/);
  tap(form, '#photo-remove-0');
  await waitFor(() => form.data.photos.length === 1);
  expect(form.data.photos).toEqual([kept]);
  tap(form, '#submit');
  await waitFor(() => form.data.done !== '' || form.data.error !== '');
  expect(form.data.error).toBe('');
  expect(textOf(form, '#done')).toBe('已补充，走访记录已更新');
  expect(stored()).toEqual([expect.objectContaining({ kind: 'home_visit', checklist: [first.key], photos: [kept], revisions: [expect.anything()] })]);
  // the photo she kept is the one she chose second, readable through the timeline's link
  const timeline = await as(cloud, VOL).ok('visit', 'timeline', { childId });
  const item = timeline.items.find((i) => i.id === id)!;
  expect(item.photos).toEqual([kept]);
  const res = await download(item.photoUrls[0]);
  expect(res.body.toString('utf8')).toBe(`photo ${seq}`);
});

test('a quick call: no checklist (her rule has it for home visits only); photos up to nine in all, then no 添加照片', async () => {
  const { form } = await quickThenDetails('call');
  // with her home data loaded (awaited here) the call still shows no checklist
  await form.instance.loadChecklist();
  expect(form.data.checklist).toEqual([]);
  expect(form.querySelector('.chip')).toBeFalsy();
  await addPhotos(form, [1000, 1000, 1000, 1000, 1000, 1000, 1000]);
  await addPhotos(form, [1000, 1000]);
  expect(wx.chooseMedia).toHaveBeenLastCalledWith(expect.objectContaining({ count: 2 })); // 9 - 7
  expect(form.querySelector('#photo')).toBeFalsy();
  expect(textOf(form, '#photo-label')).toBe('照片（选填，9张，最多9张）');
  tap(form, '#submit');
  await waitFor(() => form.data.done !== '' || form.data.error !== '');
  expect(form.data.error).toBe('');
  expect(stored()).toEqual([expect.objectContaining({ kind: 'call', checklist: [], photos: form.data.photos })]);
  expect(stored()[0].photos).toHaveLength(9);
});

test('a photo whose upload fails is left out and she is told; the correction goes without it', async () => {
  const { form } = await quickThenDetails('home_visit');
  const cloudUpload = wx.cloud.uploadFile;
  wx.cloud.uploadFile = (o: { fail?: (e: unknown) => void }) => o.fail?.({ errCode: -1, errMsg: 'cloud.uploadFile:fail timeout' });
  try {
    nextChoice = [1000];
    tap(form, '#photo');
    await waitFor(() => form.data.error !== '');
  } finally {
    wx.cloud.uploadFile = cloudUpload;
  }
  expect(textOf(form, '#error')).toBe('有1张照片没能上传，请检查网络后重新添加');
  expect(form.data.photos).toEqual([]);
  tap(form, '#submit');
  await waitFor(() => form.data.done !== '');
  expect(stored()).toEqual([expect.objectContaining({ photos: [], revisions: [expect.anything()] })]);
});
