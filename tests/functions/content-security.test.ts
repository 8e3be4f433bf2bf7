import { startTestCloud, as, callRaw, snapshot } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { db } from '../domain/child/world';
import { publishedWish, setupWishWorld, WHO, wishInput, type WishWorld } from '../domain/wish/world';
import { userIdFor } from '../../src/server/ids';
import { DEFAULT_MESSAGES } from '../../src/contract';

/**
 * Content security (内容安全) through the local cloud's emulation of WeChat:
 * - msgSecCheck v2: developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/sec-center/sec-check/msgSecCheck.html
 *   (version 2, the author's openid, scene 1 资料 / 2 评论 / 3 论坛 / 4 社交日志; result.suggest risky / review / pass)
 * - mediaCheckAsync v2: developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/sec-center/sec-check/mediaCheckAsync.html
 *   (media_url, media_type 2 for images, version 2, openid, scene; answers trace_id; the verdict is pushed
 *   within 30 minutes as Event 'wxa_media_check' with trace_id and result.suggest)
 * - the push to a cloud function: developers.weixin.qq.com/miniprogram/dev/wxcloud/guide/functions/openapi.html
 *   (the event is WeChat's JSON packet; one (MsgType, Event) pair goes to one function of the environment)
 * Texts others will see are refused on 'risky' (and 'review') with CONTENT_REFUSED and change nothing;
 * photos are hidden from all but their author and staff until the verdict passes, and for good when risky.
 */
let cloud: LocalCloud;
let w: WishWorld;
const REFUSED = '违禁示例词'; // the emulator's default refused word (localcloud/openapi.ts)

beforeAll(async () => {
  cloud = await startTestCloud();
  cloud.wechat.mediaCheckDelayMs = null; // verdicts are pushed when a test says so
  w = await setupWishWorld(cloud);
});
afterAll(() => cloud.close());

const refusedUnchanged = async (who: string, fn: 'wish' | 'pairing', action: string, data: unknown) => {
  const before = snapshot(cloud);
  const res = await as(cloud, who).raw(fn, action as never, data);
  expect(res).toEqual({ ok: false, error: { code: 'CONTENT_REFUSED', message: '内容含有不适宜公开的文字，请修改后再提交' } });
  expect(snapshot(cloud)).toBe(before);
};
/** The msgSecCheck calls made since `from`, with the fields WeChat reads. */
const secChecks = (from: number) => cloud.wechat.calls.slice(from).filter((c) => c.api === 'security.msgSecCheck').map((c) => c.data);
const mediaChecks = (from: number) => cloud.wechat.calls.slice(from).filter((c) => c.api === 'security.mediaCheckAsync').map((c) => c.data);

/** A wish the child has received, ready for thanks; claimed by `donor`. */
async function receivedWish(donor: string, title = '一盒彩色铅笔'): Promise<string> {
  const id = await publishedWish(cloud, w.a, { title });
  await as(cloud, donor).ok('wish', 'claim', { id, anonymous: true });
  await as(cloud, donor).ok('wish', 'send', { id, mode: 'office' });
  await as(cloud, WHO.volunteer).ok('wish', 'receive', { id });
  return id;
}
/** A photo the volunteer uploaded from her phone (the storage rule: she created it). */
const upload = (name: string, content = `synthetic image ${name}`) => cloud.storage.write(`wish-thanks/${name}`, Buffer.from(content), WHO.volunteer);
const donorPhoto = async (donor: string, id: string) => (await as(cloud, donor).ok('wish', 'mine', {})).items.find((i) => i.id === id)!.thanks?.photoFileID ?? null;
const wallPhoto = async (id: string) => (await as(cloud, 'cs-passer-by').ok('wish', 'thanksWall', { pageSize: 50 })).items.find((i) => i.card.id === id)?.photoFileID ?? null;

describe('texts others will see: msgSecCheck before anything is stored', () => {
  test('a donor\'s 爱心榜 name: refused with the Chinese sentence and nothing changes; an accepted one is stored; scene 1 with her openid', async () => {
    const id = await publishedWish(cloud, w.a, { title: '一本字典' });
    const from = cloud.wechat.calls.length;
    await refusedUnchanged('cs-donor-1', 'wish', 'claim', { id, displayName: `${REFUSED}公司`, anonymous: false });
    expect(secChecks(from)).toEqual([{ version: 2, openid: 'cs-donor-1', scene: 1, content: `${REFUSED}公司` }]);
    expect((await db().collection('wishes').doc(id).get()).data[0]).toMatchObject({ status: 'published', claimantId: null });

    await as(cloud, 'cs-donor-1').ok('wish', 'claim', { id, displayName: '测试爱心书店', anonymous: false });
    expect((await db().collection('wish_donors').doc(userIdFor('cs-donor-1')).get()).data[0]).toMatchObject({ displayName: '测试爱心书店', anonymous: false });
  });

  test('no name, no check: an anonymous claim asks WeChat nothing', async () => {
    const id = await publishedWish(cloud, w.a, { title: '一个足球' });
    const from = cloud.wechat.calls.length;
    await as(cloud, 'cs-donor-2').ok('wish', 'claim', { id, anonymous: true });
    expect(secChecks(from)).toEqual([]);
  });

  test('wish text before publishing: a refused title or handover address changes nothing; the collector\'s openid, scene 3', async () => {
    const from = cloud.wechat.calls.length;
    await refusedUnchanged(WHO.volunteer, 'wish', 'collect', wishInput(w.a, { title: `想要${REFUSED}` }));
    await refusedUnchanged(WHO.volunteer, 'wish', 'collect', wishInput(w.a, { volunteerAddress: `${REFUSED}路1号` }));
    expect(secChecks(from)).toEqual([
      { version: 2, openid: WHO.volunteer, scene: 3, title: `想要${REFUSED}`, content: '测试区妇联一楼服务台\n测试街道爱心驿站' },
      { version: 2, openid: WHO.volunteer, scene: 3, title: '一个新书包', content: `测试区妇联一楼服务台\n${REFUSED}路1号` },
    ]);
    const { id } = await as(cloud, WHO.volunteer).ok('wish', 'collect', wishInput(w.a, { title: '一套绘本' }));
    expect((await db().collection('wishes').doc(id).get()).data[0]).toMatchObject({ title: '一套绘本', status: 'pending' });
  });

  test('a resubmitted wish is checked again', async () => {
    const { id } = await as(cloud, WHO.volunteer).ok('wish', 'collect', wishInput(w.a, { title: '一个台灯' }));
    await as(cloud, WHO.countyA).ok('wish', 'review', { id, decision: 'return', reason: '请写明颜色' });
    const { version } = (await db().collection('wishes').doc(id).get()).data[0] as { version: number };
    const { childId: _c, ...fields } = wishInput(w.a, { title: `白色${REFUSED}台灯` });
    await refusedUnchanged(WHO.volunteer, 'wish', 'resubmit', { id, version, ...fields });
    expect(await as(cloud, WHO.volunteer).ok('wish', 'resubmit', { id, version, ...fields, title: '一个白色台灯' })).toMatchObject({ status: 'pending' });
  });

  test('a thank-you note: refused changes nothing (the wish stays received); accepted reaches the donor; scene 2', async () => {
    const id = await receivedWish('cs-donor-3');
    const from = cloud.wechat.calls.length;
    await refusedUnchanged(WHO.volunteer, 'wish', 'thank', { id, text: `谢谢${REFUSED}` });
    expect(secChecks(from)).toEqual([{ version: 2, openid: WHO.volunteer, scene: 2, content: `谢谢${REFUSED}` }]);
    await as(cloud, WHO.volunteer).ok('wish', 'thank', { id, text: '谢谢阿姨，铅笔很好用' });
    expect((await as(cloud, 'cs-donor-3').ok('wish', 'mine', {})).items.find((i) => i.id === id)!.thanks).toMatchObject({ text: '谢谢阿姨，铅笔很好用', photoFileID: null });
  });

  test('a refused thank is answered as before when the state machine refuses it first (no check asked)', async () => {
    const id = await publishedWish(cloud, w.a, { title: '一把雨伞' });
    const from = cloud.wechat.calls.length;
    const res = await as(cloud, WHO.volunteer).raw('wish', 'thank', { id, text: `谢谢${REFUSED}` });
    expect(res).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(secChecks(from)).toEqual([]);
  });

  test('the 关爱寄语 on a pairing card: refused changes nothing, accepted is stored', async () => {
    const at = new Date().toISOString();
    const { id: pairingId } = (await db().collection('pairings').add({
      childId: w.b, childName: '测试儿童乙', childOrgName: '测试社区乙一', volunteerUserId: userIdFor(WHO.volunteer), volunteerName: '测试爱心妈妈',
      volunteerOrgName: '测试社区乙一', role: 'local', reasons: [], consent: null, deadline: null, message: '', proposedAt: at, acceptedAt: at,
      closedAt: null, closeReason: null, version: 1, status: 'active',
    })) as { id: string };
    const from = cloud.wechat.calls.length;
    await refusedUnchanged(WHO.volunteer, 'pairing', 'setMessage', { id: pairingId, message: `${REFUSED}，加油` });
    expect(secChecks(from)).toEqual([{ version: 2, openid: WHO.volunteer, scene: 2, content: `${REFUSED}，加油` }]);
    expect(await as(cloud, WHO.volunteer).ok('pairing', 'setMessage', { id: pairingId, message: '愿你天天开心，好好学习' })).toMatchObject({ message: '愿你天天开心，好好学习' });
    expect((await db().collection('pairings').doc(pairingId).get()).data[0]).toMatchObject({ message: '愿你天天开心，好好学习' });
  });

  test('the refusal message is the contract\'s own code and sentence', () => {
    expect(DEFAULT_MESSAGES.CONTENT_REFUSED).toBe('内容含有不适宜公开的文字，请修改后再提交');
  });
});

describe('thanks photos: mediaCheckAsync, verdict pushed later', () => {
  test('hidden from the donor and the wall while pending (author and staff see 照片审核中); shown after a pass push', async () => {
    const id = await receivedWish('cs-donor-4');
    const fileID = upload('pencils.jpg');
    const from = cloud.wechat.calls.length;
    const t = await as(cloud, WHO.volunteer).ok('wish', 'thank', { id, text: '谢谢您的铅笔', photoFileID: fileID });
    expect(t).toMatchObject({ status: 'thanked', photoApproved: false, photoStatus: '照片审核中' });
    const [asked] = mediaChecks(from);
    expect(asked).toMatchObject({ version: 2, openid: WHO.volunteer, scene: 2, media_type: 2, media_url: expect.stringContaining('/wish-thanks/pencils.jpg') });

    expect(await donorPhoto('cs-donor-4', id)).toBeNull();
    expect(await wallPhoto(id)).toBeNull();
    for (const who of [WHO.volunteer, WHO.countyA]) {
      expect((await as(cloud, who).ok('wish', 'staffGet', { id })).thanks).toMatchObject({ photoFileID: fileID, photoApproved: false, photoStatus: '照片审核中' });
    }

    expect(await cloud.wechat.deliverMediaChecks()).toBe(1);
    expect(cloud.wechat.pushed.at(-1)).toMatchObject({
      functionName: 'wish',
      event: { MsgType: 'event', Event: 'wxa_media_check', version: 2, trace_id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/), result: { suggest: 'pass', label: 100 } },
      answer: { ok: true },
    });
    expect(await donorPhoto('cs-donor-4', id)).toBe(fileID);
    expect(await wallPhoto(id)).toBe(fileID);
    expect((await as(cloud, WHO.countyA).ok('wish', 'staffGet', { id })).thanks).toMatchObject({ photoApproved: true, photoStatus: '照片已通过审核' });
  });

  test('a risky verdict hides the photo for good: staff cannot approve it, a repeated push changes nothing', async () => {
    const id = await receivedWish('cs-donor-5');
    const fileID = upload('refused-sample-1.jpg');
    await as(cloud, WHO.volunteer).ok('wish', 'thank', { id, text: '谢谢您', photoFileID: fileID });
    await cloud.wechat.deliverMediaChecks();
    expect(cloud.wechat.pushed.at(-1)?.event).toMatchObject({ result: { suggest: 'risky' } });
    expect(await donorPhoto('cs-donor-5', id)).toBeNull();
    expect(await wallPhoto(id)).toBeNull();
    const staff = await as(cloud, WHO.countyA).ok('wish', 'staffGet', { id });
    expect(staff.thanks).toMatchObject({ photoFileID: fileID, photoApproved: false, photoStatus: '照片未通过内容安全审核，不会展示' });
    expect(staff.can.approvePhoto).toBe(false);
    expect(await as(cloud, WHO.countyA).raw('wish', 'approvePhoto', { id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '这张照片未通过内容安全审核，不能展示' } });
    // WeChat may push a trace again, even with another verdict: risky stays
    const again = { ...cloud.wechat.pushed.at(-1)!.event, result: { suggest: 'pass', label: 100 } };
    await cloud.wechat.push(again, WHO.volunteer);
    expect(await donorPhoto('cs-donor-5', id)).toBeNull();
  });

  test('refused by content hash as well as by name (LOCALCLOUD_REFUSED_IMAGES sha256:…)', async () => {
    const id = await receivedWish('cs-donor-6');
    const content = 'synthetic refused bytes';
    cloud.wechat.refusedImages.push(`sha256:${require('crypto').createHash('sha256').update(content).digest('hex')}`);
    await as(cloud, WHO.volunteer).ok('wish', 'thank', { id, text: '谢谢', photoFileID: upload('ordinary-name.jpg', content) });
    await cloud.wechat.deliverMediaChecks();
    expect(cloud.wechat.pushed.at(-1)?.event).toMatchObject({ result: { suggest: 'risky', label: 20002 } });
    expect(await donorPhoto('cs-donor-6', id)).toBeNull();
  });

  test('no more auto-approval without showsFace; a face needs staff even after a pass; staff may approve while pending', async () => {
    const a = await receivedWish('cs-donor-7');
    const face = upload('face.jpg');
    await as(cloud, WHO.volunteer).ok('wish', 'thank', { id: a, text: '谢谢', photoFileID: face, showsFace: true });
    await cloud.wechat.deliverMediaChecks();
    expect(await donorPhoto('cs-donor-7', a)).toBeNull();
    expect((await as(cloud, WHO.countyA).ok('wish', 'staffGet', { id: a })).thanks?.photoStatus).toBe('照片待工作人员审核');
    await as(cloud, WHO.countyA).ok('wish', 'approvePhoto', { id: a });
    expect(await donorPhoto('cs-donor-7', a)).toBe(face);

    const b = await receivedWish('cs-donor-8');
    const letter = upload('letter.jpg');
    const t = await as(cloud, WHO.writer).ok('wish', 'thank', { id: b, text: '谢谢', photoFileID: letter });
    expect(t).toMatchObject({ photoApproved: false, photoStatus: '照片审核中' }); // not shown just because there is no face
    await as(cloud, WHO.countyA).ok('wish', 'approvePhoto', { id: b }); // a person looked before WeChat answered
    expect(await donorPhoto('cs-donor-8', b)).toBe(letter);
    await cloud.wechat.deliverMediaChecks();
    expect(await donorPhoto('cs-donor-8', b)).toBe(letter);
  });

  test('a photo WeChat cannot be asked about (no such file) waits for staff', async () => {
    const id = await receivedWish('cs-donor-9');
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const t = await as(cloud, WHO.volunteer).ok('wish', 'thank', { id, text: '谢谢', photoFileID: 'cloud://local.local-bucket/wish-thanks/never-uploaded.jpg' });
      expect(t).toMatchObject({ photoApproved: false, photoStatus: '照片待工作人员审核' });
    } finally {
      warn.mockRestore();
    }
    expect(await donorPhoto('cs-donor-9', id)).toBeNull();
    await as(cloud, WHO.countyA).ok('wish', 'approvePhoto', { id });
    expect(await donorPhoto('cs-donor-9', id)).toBe('cloud://local.local-bucket/wish-thanks/never-uploaded.jpg');
  });

  test('a call shaped like the push, from a phone, with a trace_id nobody issued, changes nothing', async () => {
    const id = await receivedWish('cs-donor-10');
    await as(cloud, WHO.volunteer).ok('wish', 'thank', { id, text: '谢谢', photoFileID: upload('forged.jpg') });
    const wishesBefore = JSON.stringify(cloud.store.rawDocuments('wishes'));
    const forged = { MsgType: 'event', Event: 'wxa_media_check', trace_id: '00000000-00000000-00000000', version: 2, result: { suggest: 'pass', label: 100 } };
    const res = await callRaw(cloud, 'cs-donor-10', 'wish', forged);
    expect(res).toMatchObject({ ok: true, data: { applied: false } });
    expect(await donorPhoto('cs-donor-10', id)).toBeNull();
    // only the ticket of the unknown trace (kept in case its asker is still writing) was added
    const added = cloud.store.rawDocuments('media_checks').filter((d) => d._id === forged.trace_id);
    expect(added).toEqual([expect.objectContaining({ target: null, fileID: null })]);
    expect(JSON.stringify(cloud.store.rawDocuments('wishes'))).toBe(wishesBefore);
    await cloud.wechat.deliverMediaChecks();
  });
});
