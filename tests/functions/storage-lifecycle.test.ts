import http from 'http';
import { startTestCloud, as, ADMIN, fireTimer, post } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { audits, ORGS, setupWorld, WHO } from '../domain/child/world';
import { setClock } from '../../src/server/time';
import { EXPORT_KEEP_S, EXPORT_LINK_MAX_AGE_S } from '../../src/server/files';
import { userIdFor } from '../../src/server/ids';

/**
 * Storage lifecycle (issue 14 item 5): exports under random paths, served as short links to
 * their maker only, audited, deleted by report's hourly timer; storage private under the rule
 * 仅创建者及管理员可读写 (localcloud/storage.ts cites CloudBase's documentation): no export and no
 * photo is readable by a client without a function-issued temporary link.
 */
const T0 = Date.parse('2026-03-10T02:00:00Z');
let t = T0;
let cloud: LocalCloud;

const get = (url: string) =>
  new Promise<{ status: number; body: Buffer }>((resolve, reject) =>
    http.get(url, (res) => { const c: Buffer[] = []; res.on('data', (d) => c.push(d)); res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(c) })); }).on('error', reject));
/** The phone's wx.cloud.getTempFileURL: the storage rule decides. */
const clientLink = async (openid: string, fileID: string) =>
  ((await post(`${cloud.url}/storage/client/getTempFileURL`, { fileList: [fileID] }, openid ? { 'x-openid': openid } : {})) as { fileList: { status: number; errMsg: string; tempFileURL: string }[] }).fileList[0];
const pathOf = (fileID: string) => fileID.replace(/^cloud:\/\/[^/]+\//, '');
const bare = (fileID: string) => `${cloud.url}/storage/files/${pathOf(fileID)}`;

// each test its own cloud and clock: none reads what another made (npm run test:isolation)
beforeEach(async () => {
  t = T0;
  setClock(() => t);
  cloud = await startTestCloud();
  await setupWorld(cloud);
  await as(cloud, WHO.countyA).ok('child', 'create', childInput(1, ORGS.communityA1));
});
afterEach(async () => {
  setClock(null);
  await cloud.close();
});

describe('exports', () => {
  test('a random path, a ten-minute link; without the link nobody reads it', async () => {
    t = T0;
    const res = await as(cloud, WHO.countyA).ok('child', 'exportSheet', { layout: 'xm-2' });
    expect(res.fileID).toMatch(/\/child-exports\/[0-9a-f]{32}\.xlsx$/); // 128 random bits, no date, no id
    expect(res.expiresAt).toBe(new Date(T0 + EXPORT_LINK_MAX_AGE_S * 1000).toISOString());
    expect(res.url).toMatch(/\?sign=[0-9a-f]+&t=\d+$/);
    expect((await get(res.url)).status).toBe(200);

    // the bare address, a forged signature, and the client SDK (even for the maker: a function wrote it)
    expect((await get(bare(res.fileID))).status).toBe(403);
    expect((await get(res.url.replace(/sign=[0-9a-f]/, 'sign=x'))).status).toBe(403);
    for (const who of [WHO.countyA, WHO.countyB, ADMIN, '']) expect(await clientLink(who, res.fileID)).toMatchObject({ status: -1, errMsg: 'STORAGE_EXCEED_AUTHORITY', tempFileURL: '' });

    t = T0 + EXPORT_LINK_MAX_AGE_S * 1000;
    expect((await get(res.url)).status).toBe(403); // the link has expired
  });

  test('only the maker gets a new link (not other staff, not an admin); every link and refusal is audited', async () => {
    t = T0;
    const res = await as(cloud, WHO.countyA).ok('child', 'exportSheet', { layout: 'xm-2' });
    const exportId = /([0-9a-f]{32})\.xlsx$/.exec(res.fileID)![1];
    const made = audits(cloud).filter((a) => a.action === 'exportSheet').pop() as unknown as { files: string[]; actorId: string };
    expect(made).toMatchObject({ actorId: userIdFor(WHO.countyA), files: [exportId] });

    for (const who of [WHO.countyB, WHO.reader, ADMIN]) {
      expect(await as(cloud, who).raw('report', 'exportLink', { fileID: res.fileID })).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '只能下载您本人导出的文件' } });
    }
    t = T0 + 30 * 60_000;
    const again = await as(cloud, WHO.countyA).ok('report', 'exportLink', { fileID: res.fileID });
    expect(again.url).not.toBe(res.url);
    expect(again.expiresAt).toBe(new Date(t + EXPORT_LINK_MAX_AGE_S * 1000).toISOString());
    expect((await get(again.url)).status).toBe(200);
    // the last link ends with the export's keeping time, never after
    t = T0 + EXPORT_KEEP_S * 1000 - 60_000;
    const last = await as(cloud, WHO.countyA).ok('report', 'exportLink', { fileID: res.fileID });
    expect(last.expiresAt).toBe(new Date(T0 + EXPORT_KEEP_S * 1000).toISOString());

    const links = audits(cloud).filter((a) => a.action === 'exportLink') as unknown as { ok: boolean; actorId: string; targetIds: string[]; files: string[] }[];
    expect(links.map((a) => [a.actorId, a.ok])).toEqual([
      [userIdFor(WHO.countyB), false], [userIdFor(WHO.reader), false], [userIdFor(ADMIN), false],
      [userIdFor(WHO.countyA), true], [userIdFor(WHO.countyA), true],
    ]);
    expect(links.every((a) => a.targetIds[0] === exportId && a.files[0] === exportId)).toBe(true);
    // the admin reads who fetched which export in the audit log
    const page = await as(cloud, ADMIN).ok('account', 'listAudit', { fn: 'report' });
    expect(page.items.find((i) => i.action === 'exportLink' && i.ok)).toMatchObject({ files: [exportId] });
  });

  test('the hourly timer deletes an export once its hour is over: the file is gone and no link works', async () => {
    t = T0 + 2 * 3600_000;
    const res = await as(cloud, WHO.countyA).ok('report', 'exportAnnex', { key: 'sn-1', orgCode: ORGS.communityA1 });
    expect(res.fileID).toMatch(/\/report-exports\/[0-9a-f]{32}\.xlsx$/);
    const file = () => cloud.storage.handleAction({ action: 'storage.batchGetDownloadUrl', file_list: [{ fileid: res.fileID }] }) as { data: { download_list: { code: string }[] } };

    t += EXPORT_KEEP_S * 1000 - 1000;
    expect(await fireTimer(cloud, 'report', 'hourly')).toMatchObject({ ok: true, data: { exports: { deleted: 0 } } });
    const late = await as(cloud, WHO.countyA).ok('report', 'exportLink', { fileID: res.fileID });
    expect(file().data.download_list[0].code).toBe('SUCCESS');

    t += 1000;
    expect(await fireTimer(cloud, 'report', 'hourly')).toMatchObject({ ok: true, data: { exports: { deleted: 1 } } });
    expect(file().data.download_list[0].code).toBe('STORAGE_FILE_NONEXIST');
    expect((await get(late.url)).status).toBe(404);
    expect(await as(cloud, WHO.countyA).raw('report', 'exportLink', { fileID: res.fileID })).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '导出文件已过期，请重新导出' } });
    const record = cloud.store.rawDocuments('export_files').find((d) => d.fileID === res.fileID);
    expect(record).toMatchObject({ makerId: userIdFor(WHO.countyA), deletedAt: new Date(t).toISOString() });
    expect(await fireTimer(cloud, 'report', 'hourly')).toMatchObject({ data: { exports: { deleted: 0 } } }); // once
  });
});

describe('photos', () => {
  const upload = (openid: string, cloudPath: string) =>
    post(`${cloud.url}/storage/upload-json`, { cloudPath, base64: Buffer.from('jpeg-bytes').toString('base64') }, openid ? { 'x-openid': openid } : {}) as Promise<{ fileID?: string; errMsg: string }>;

  test('a client reads back only the photo it uploaded; anyone else needs a link a function issued', async () => {
    const { fileID } = await upload(WHO.volunteer, 'visits/photo-test-0.jpg');
    expect(fileID).toMatch(/^cloud:\/\//);
    expect((await get(bare(fileID!))).status).toBe(403);
    expect(await clientLink(WHO.volunteer, fileID!)).toMatchObject({ status: 0 });
    for (const who of [WHO.otherVolunteer, WHO.donor, WHO.countyA, '']) expect(await clientLink(who, fileID!)).toMatchObject({ status: -1, errMsg: 'STORAGE_EXCEED_AUTHORITY' });
    // a function (the server SDK) may always read and hand out a link
    const served = cloud.storage.handleAction({ action: 'storage.batchGetDownloadUrl', file_list: [{ fileid: fileID, max_age: 600 }] }) as { data: { download_list: { tempFileURL: string }[] } };
    expect((await get(served.data.download_list[0].tempFileURL)).body.toString()).toBe('jpeg-bytes');
  });

  test('nobody overwrites a photo someone else uploaded; an anonymous client uploads nothing', async () => {
    await upload(WHO.volunteer, 'visits/photo-test-1.jpg');
    expect(await upload(WHO.otherVolunteer, 'visits/photo-test-1.jpg')).toMatchObject({ errMsg: 'uploadFile:fail STORAGE_EXCEED_AUTHORITY' });
    expect(await upload('', 'visits/photo-test-2.jpg')).toMatchObject({ errMsg: 'uploadFile:fail STORAGE_EXCEED_AUTHORITY' });
    expect(await upload(WHO.volunteer, 'visits/photo-test-1.jpg')).toMatchObject({ errMsg: 'uploadFile:ok' }); // her own retry
  });
});
