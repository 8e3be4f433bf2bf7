import http from 'http';
import { startTestCloud, as, post } from '../helpers/cloud';
import { makeStaff, setupProgramme } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { ORGS, setupWorld, WHO } from '../domain/child/world';
import { approvedVolunteer } from '../domain/pairing/world';
import { publishedWish, setupWishWorld } from '../domain/wish/world';
import { suiningForm } from '../domain/volunteer/fixtures';
import { forgetProgramme } from '../../src/server/programme';
import { setClock } from '../../src/server/time';
import { PHOTO_LINK_MAX_AGE_S } from '../../src/server/files';

/**
 * Photos other people view (issue 14 item 5: nothing readable without a function-issued
 * temporary link). Storage is private: a phone reads back only what it uploaded. So every answer
 * that shows someone else's photo carries a link next to the fileID — check-in photos on the
 * timeline and in the correction queue, the thanks photo for the donor, the wall and staff, the
 * sign-up photo for reviewing staff, report photos for the node's staff and its parent — and only
 * for callers allowed to see it. Each describe has its own cloud; its tests make their own records.
 */
let t = Date.parse('2026-03-10T02:00:00Z');
let cloud: LocalCloud;
beforeAll(() => setClock(() => t));
afterAll(() => setClock(null));

const get = (url: string) =>
  new Promise<{ status: number; body: Buffer }>((resolve, reject) =>
    http.get(url, (res) => { const c: Buffer[] = []; res.on('data', (d) => c.push(d)); res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(c) })); }).on('error', reject));
/** The phone's wx.cloud.getTempFileURL: the storage rule decides. */
const clientLink = async (openid: string, fileID: string) =>
  ((await post(`${cloud.url}/storage/client/getTempFileURL`, { fileList: [fileID] }, { 'x-openid': openid })) as { fileList: { status: number; errMsg: string; tempFileURL: string }[] }).fileList[0];
const bare = (fileID: string) => `${cloud.url}/storage/files/${fileID.replace(/^cloud:\/\/[^/]+\//, '')}`;
/** A photo uploaded from `openid`'s phone (she is its creator under the storage rule). */
const upload = (openid: string, cloudPath: string) => cloud.storage.write(cloudPath, Buffer.from(`synthetic photo ${cloudPath}`), openid);
/** The link serves exactly the uploaded bytes, and lives PHOTO_LINK_MAX_AGE_S from now. */
async function opens(url: string | null | undefined, fileID: string): Promise<void> {
  expect(url).toMatch(/\/storage\/files\/.+\?sign=[0-9a-f]+&t=\d+$/);
  expect(Number(new URL(url!).searchParams.get('t'))).toBe(Math.floor(t / 1000) + PHOTO_LINK_MAX_AGE_S);
  const res = await get(url!);
  expect(res.status).toBe(200);
  expect(res.body.toString()).toBe(`synthetic photo ${fileID.replace(/^cloud:\/\/[^/]+\//, '')}`);
}
/** Someone who did not upload it cannot read the fileID itself. */
async function rawUnreadable(openid: string, fileID: string): Promise<void> {
  expect(await clientLink(openid, fileID)).toMatchObject({ status: -1, errMsg: 'STORAGE_EXCEED_AUTHORITY', tempFileURL: '' });
  expect((await get(bare(fileID))).status).toBe(403);
}
const noLink = (answer: unknown) => expect(JSON.stringify(answer)).not.toContain('/storage/files/');

describe('check-in photos: the child\'s volunteer and staff in scope', () => {
  let childId = '';
  let seq = 0;
  beforeAll(async () => {
    forgetProgramme();
    cloud = await startTestCloud();
    await setupWorld(cloud);
    const A1 = { code: ORGS.communityA1, name: '测试社区甲一', path: ['sn', ORGS.countyA, ORGS.streetA, ORGS.communityA1] };
    childId = (await as(cloud, WHO.countyA).ok('child', 'create', childInput(81, A1.code))).id;
    const v = await approvedVolunteer(cloud, WHO.volunteer, A1, { name: '测试妈妈一' });
    const p = await as(cloud, WHO.countyA).ok('pairing', 'propose', { childId, volunteerId: v });
    await as(cloud, WHO.countyA).ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-01-02' });
    await as(cloud, WHO.volunteer).ok('pairing', 'respond', { id: p.id, accept: true });
  });
  afterAll(() => cloud.close());

  const checkIn = async (photos: string[]) => {
    const body = { clientId: `pl-client-${++seq}`, childId, kind: 'talk' as const, at: new Date(t - 60_000).toISOString(), durationMinutes: 30, photos };
    return { id: (await as(cloud, WHO.volunteer).ok('visit', 'checkIn', body)).id, body };
  };
  const entry = async (who: string, id: string) => (await as(cloud, who).ok('visit', 'timeline', { childId, pageSize: 100 })).items.find((i) => i.id === id)!;

  test('staff in scope and her volunteer get links that serve the photos; the raw fileID opens nothing for staff', async () => {
    const photos = [upload(WHO.volunteer, `visits/pl-${seq}-a.jpg`), upload(WHO.volunteer, `visits/pl-${seq}-b.jpg`)];
    const { id } = await checkIn(photos);
    for (const who of [WHO.countyA, WHO.volunteer]) {
      const item = await entry(who, id);
      expect(item.photos).toEqual(photos);
      expect(item.photoUrls).toHaveLength(2);
      await opens(item.photoUrls[0], photos[0]);
      await opens(item.photoUrls[1], photos[1]);
    }
    await rawUnreadable(WHO.countyA, photos[0]);
    expect(await clientLink(WHO.volunteer, photos[0])).toMatchObject({ status: 0 }); // her own upload
  });

  test('staff of another county and a volunteer not paired with the child get no link', async () => {
    const { id } = await checkIn([upload(WHO.volunteer, `visits/pl-${seq}-c.jpg`)]);
    for (const who of [WHO.countyB, WHO.otherVolunteer]) {
      const res = await as(cloud, who).raw('visit', 'timeline', { childId });
      expect(res).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '您无权查看这名孩子的走访记录' } });
      noLink(res);
    }
    expect((await entry(WHO.countyA, id)).photoUrls[0]).not.toBe('');
  });

  test('a link stops working after an hour; the next answer brings a new one', async () => {
    const photo = upload(WHO.volunteer, `visits/pl-${seq}-d.jpg`);
    const { id } = await checkIn([photo]);
    const first = (await entry(WHO.countyA, id)).photoUrls[0];
    await opens(first, photo);
    const start = t;
    t += PHOTO_LINK_MAX_AGE_S * 1000;
    try {
      expect((await get(first)).status).toBe(403);
      const again = (await entry(WHO.countyA, id)).photoUrls[0];
      expect(again).not.toBe(first);
      await opens(again, photo);
    } finally {
      t = start;
    }
  });

  test('a file no longer kept gets an empty link in its place', async () => {
    const photo = upload(WHO.volunteer, `visits/pl-${seq}-e.jpg`);
    const { id } = await checkIn([photo, 'cloud://local.local-bucket/visits/never-uploaded.jpg']);
    const item = await entry(WHO.countyA, id);
    expect(item.photoUrls[1]).toBe('');
    await opens(item.photoUrls[0], photo);
  });

  test('one answer with more than 50 photos: links in calls of at most 50 (getTempFileURL\'s limit), every one served', async () => {
    const fresh = [];
    for (let c = 0; c < 6; c++) fresh.push((await checkIn(Array.from({ length: 9 }, (_x, i) => upload(WHO.volunteer, `visits/pl-many-${c}-${i}.jpg`)))).id);
    const spy = jest.spyOn(cloud.storage, 'handleAction');
    try {
      const items = (await as(cloud, WHO.countyA).ok('visit', 'timeline', { childId, pageSize: 100 })).items;
      const calls = spy.mock.calls.map(([body]) => body as { action: string; file_list?: unknown[] }).filter((b) => b.action === 'storage.batchGetDownloadUrl');
      const total = items.reduce((sum, i) => sum + i.photos.length, 0);
      expect(total).toBeGreaterThan(50);
      expect(calls.map((c) => c.file_list!.length).sort((x, y) => y - x)).toEqual([50, total - 50]);
      for (const id of fresh) {
        const item = items.find((i) => i.id === id)!;
        for (const [k, url] of item.photoUrls.entries()) await opens(url, item.photos[k]);
      }
    } finally {
      spy.mockRestore();
    }
  });

  test('the correction queue shows staff the photos before and after a late correction', async () => {
    const before = upload(WHO.volunteer, `visits/pl-${seq}-f.jpg`);
    const after = upload(WHO.volunteer, `visits/pl-${seq}-g.jpg`);
    const { id, body } = await checkIn([before]);
    const start = t;
    t += 4 * 86_400_000; // past the correction window: the change waits for staff
    try {
      const { clientId: _c, childId: _k, ...fields } = body;
      expect(await as(cloud, WHO.volunteer).ok('visit', 'correct', { id, version: (cloud.store.rawDocuments('visit_checkins') as { _id: string; version: number }[]).find((d) => d._id === id)!.version, ...fields, photos: [after], reason: '补充照片' })).toMatchObject({ requestPending: true });
      const row = (await as(cloud, WHO.countyA).ok('visit', 'corrections', {})).items.find((i) => i.id === id)!;
      await opens(row.before.photoUrls[0], before);
      await opens(row.after.photoUrls[0], after);
      noLink(await as(cloud, WHO.countyB).ok('visit', 'corrections', {}));
    } finally {
      t = start;
    }
  });
});

describe('thanks photos: content security decides who gets a link', () => {
  let a = '';
  let n = 0;
  beforeAll(async () => {
    forgetProgramme();
    cloud = await startTestCloud();
    cloud.wechat.mediaCheckDelayMs = null; // verdicts are pushed when a test says so
    ({ a } = await setupWishWorld(cloud));
  });
  afterAll(() => cloud.close());

  /** A received wish thanked by the child's volunteer with a photo she uploaded. */
  async function thanked(donor: string, name: string) {
    const id = await publishedWish(cloud, a, { title: `测试心愿${++n}` });
    await as(cloud, donor).ok('wish', 'claim', { id, anonymous: true });
    await as(cloud, donor).ok('wish', 'send', { id, mode: 'office' });
    await as(cloud, WHO.volunteer).ok('wish', 'receive', { id });
    const photo = upload(WHO.volunteer, `wish-thanks/${name}`);
    await as(cloud, WHO.volunteer).ok('wish', 'thank', { id, text: '谢谢您', photoFileID: photo });
    return { id, photo };
  }
  const donorThanks = async (donor: string, id: string) => (await as(cloud, donor).ok('wish', 'mine', {})).items.find((i) => i.id === id)!.thanks!;
  const wallRow = async (id: string) => (await as(cloud, 'pl-passer-by').ok('wish', 'thanksWall', { pageSize: 100 })).items.find((i) => i.card.id === id)!;
  const staffThanks = async (who: string, id: string) => (await as(cloud, who).ok('wish', 'staffGet', { id })).thanks!;

  test('while WeChat checks it: links for its author and staff only; after a pass also for the donor and the wall', async () => {
    const { id, photo } = await thanked('pl-donor-1', 'pl-pencils.jpg');
    expect(await donorThanks('pl-donor-1', id)).toMatchObject({ photoFileID: null, photoUrl: null });
    expect(await wallRow(id)).toMatchObject({ photoFileID: null, photoUrl: null });
    for (const who of [WHO.volunteer, WHO.countyA]) await opens((await staffThanks(who, id)).photoUrl, photo);
    const queued = (await as(cloud, WHO.countyA).ok('wish', 'queue', { status: 'thanked', pageSize: 100 })).items.find((i) => i.id === id)!;
    await opens(queued.thanks!.photoUrl, photo);
    await rawUnreadable('pl-donor-1', photo);

    expect(await cloud.wechat.deliverMediaChecks()).toBe(1);
    const mine = await donorThanks('pl-donor-1', id);
    expect(mine.photoFileID).toBe(photo);
    await opens(mine.photoUrl, photo);
    await opens((await wallRow(id)).photoUrl, photo);
    await rawUnreadable('pl-passer-by', photo);
  });

  test('a risky photo: never a link for the donor or the wall; its author and staff still see it', async () => {
    const { id, photo } = await thanked('pl-donor-2', 'refused-sample-pl.jpg');
    expect(await cloud.wechat.deliverMediaChecks()).toBe(1);
    expect(await donorThanks('pl-donor-2', id)).toMatchObject({ photoFileID: null, photoUrl: null });
    expect(await wallRow(id)).toMatchObject({ photoFileID: null, photoUrl: null });
    noLink(await as(cloud, 'pl-donor-2').ok('wish', 'mine', {}));
    expect(await staffThanks(WHO.countyA, id)).toMatchObject({ photoFileID: photo, photoApproved: false });
    await opens((await staffThanks(WHO.countyA, id)).photoUrl, photo);
  });

  test('staff of another county get no link (nor the wish)', async () => {
    const { id } = await thanked('pl-donor-3', 'pl-letter.jpg');
    const res = await as(cloud, WHO.countyB).raw('wish', 'staffGet', { id });
    expect(res).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '该心愿不在您的管辖范围内' } });
    noLink(res);
  });
});

describe('the sign-up photo: for reviewing staff in scope', () => {
  beforeAll(async () => {
    forgetProgramme();
    cloud = await startTestCloud();
    await setupWorld(cloud);
  });
  afterAll(() => cloud.close());

  test('staff in scope get a link, in the detail and in their decision\'s answer; staff elsewhere nothing; the applicant reads her own upload', async () => {
    const photo = upload('pl-mum', 'volunteer-photos/pl-mum.jpg');
    const { application } = await as(cloud, 'pl-mum').ok('volunteer', 'submit', suiningForm(41, { orgCode: ORGS.streetA, photoFileId: photo }));
    const detail = (await as(cloud, WHO.countyA).ok('volunteer', 'getApplication', { id: application.id })).application;
    expect(detail.form.photoFileId).toBe(photo);
    await opens(detail.photoUrl, photo);
    await rawUnreadable(WHO.countyA, photo);

    const res = await as(cloud, WHO.countyB).raw('volunteer', 'getApplication', { id: application.id });
    expect(res).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '该记录不在您的管辖范围内' } });
    noLink(res);

    const decided = await as(cloud, WHO.countyA).ok('volunteer', 'review', { id: application.id, version: detail.version, decision: 'approve', opinion: '同意' });
    await opens(decided.application.photoUrl, photo);
    // her own view has no link: her phone reads her own upload
    expect((await as(cloud, 'pl-mum').ok('volunteer', 'mine', {})).application).not.toHaveProperty('photoUrl');
    expect(await clientLink('pl-mum', photo)).toMatchObject({ status: 0 });
  });

  test('no photo, no link', async () => {
    const { application } = await as(cloud, 'pl-mum-2').ok('volunteer', 'submit', suiningForm(42, { orgCode: ORGS.streetA }));
    expect((await as(cloud, WHO.countyA).ok('volunteer', 'getApplication', { id: application.id })).application.photoUrl).toBeNull();
  });
});

describe('report photos (龙岗): the node\'s staff and the parent that reads it', () => {
  const S = 'lg-bantian';
  const T = 'lg-jihua';
  const STAFF = 'pl-staff-s';
  const COLLEAGUE = 'pl-staff-s2';
  const OTHER = 'pl-staff-t';
  const DISTRICT = 'pl-staff-district';
  const start = t;
  beforeAll(async () => {
    forgetProgramme();
    t = Date.parse('2026-04-10T02:00:00.000Z');
    cloud = await startTestCloud();
    await setupProgramme(cloud, 'longgang-2019');
    await makeStaff(cloud, STAFF, S, ['report.read', 'report.submit']);
    await makeStaff(cloud, COLLEAGUE, S, ['report.submit']);
    await makeStaff(cloud, OTHER, T, ['report.read', 'report.submit']);
    await makeStaff(cloud, DISTRICT, 'lg', ['report.read']);
  });
  afterAll(async () => {
    t = start;
    forgetProgramme();
    await cloud.close();
  });

  test('a colleague editing the draft and the district reading the submitted report get links; another street nothing', async () => {
    const periodKey = '2026-03~04';
    const photo = upload(STAFF, 'report-photos/pl-activity.jpg');
    const r = await as(cloud, STAFF).ok('report', 'draft', { orgCode: S, periodKey });
    const saved = await as(cloud, STAFF).ok('report', 'save', { orgCode: S, periodKey, version: r.version, narrative: { results: '一名孩子已结对', experience: '入户走访', problems: '无', ledger: '台账见附件' }, typicalCases: [{ title: '周末陪伴', text: '爱心妈妈每周末陪孩子读书' }], photos: [photo] });

    const draft = await as(cloud, COLLEAGUE).ok('report', 'draft', { orgCode: S, periodKey });
    expect(draft.photos).toEqual([photo]);
    await opens(draft.photoUrls[0], photo);
    await rawUnreadable(COLLEAGUE, photo);

    await as(cloud, STAFF).ok('report', 'submit', { orgCode: S, periodKey, version: saved.version });
    const read = await as(cloud, DISTRICT).ok('report', 'get', { orgCode: S, periodKey });
    expect(read.photos).toEqual([photo]);
    await opens(read.photoUrls[0], photo);
    await rawUnreadable(DISTRICT, photo);

    const res = await as(cloud, OTHER).raw('report', 'get', { orgCode: S, periodKey });
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    noLink(res);
  });
});
