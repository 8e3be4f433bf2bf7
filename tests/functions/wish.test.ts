import { startTestCloud, as, ADMIN, snapshot } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { db } from '../domain/child/world';
import { inDays, ORGS, pair, publishedWish, setupWishWorld, WHO, wishInput, type WishWorld } from '../domain/wish/world';
import { userIdFor } from '../../src/server/ids';

/** wish: who may collect, review, claim, fulfil and thank; every transition allowed and refused; scope; bad input. */
let cloud: LocalCloud;
let w: WishWorld;
const D2 = 'donor-2';
const D3 = 'donor-3';

beforeAll(async () => {
  cloud = await startTestCloud();
  w = await setupWishWorld(cloud);
});
afterAll(() => cloud.close());

const refused = async (who: string, action: string, data: unknown, code: string, message?: RegExp) => {
  const before = snapshot(cloud);
  const res = await as(cloud, who).raw('wish', action as never, data);
  expect(res).toMatchObject({ ok: false, error: { code } });
  if (message && !res.ok) expect(res.error.message).toMatch(message);
  expect(snapshot(cloud)).toBe(before); // a refusal changes nothing
};
const edit = (over: Record<string, unknown> = {}) => {
  const { childId: _c, ...rest } = wishInput('', over);
  return rest;
};
const status = async (id: string) => ((await db().collection('wishes').doc(id).get()).data[0] as { status: string }).status;

describe('collect', () => {
  test('the child\'s active volunteer and staff in scope with wish.review or child.write may collect', async () => {
    expect(await as(cloud, WHO.volunteer).ok('wish', 'collect', wishInput(w.a))).toMatchObject({ status: 'pending' });
    expect(await as(cloud, WHO.writer).ok('wish', 'collect', wishInput(w.a))).toMatchObject({ status: 'pending' });
    expect(await as(cloud, WHO.countyA).ok('wish', 'collect', wishInput(w.a))).toMatchObject({ status: 'pending' });
  });

  test('another volunteer, a reader, another county, a donor and an ended pairing are refused', async () => {
    await refused(WHO.otherVolunteer, 'collect', wishInput(w.a), 'FORBIDDEN', /结对爱心妈妈/);
    await refused(WHO.reader, 'collect', wishInput(w.a), 'FORBIDDEN');
    await refused(WHO.countyB, 'collect', wishInput(w.a), 'FORBIDDEN');
    await refused(WHO.donor, 'collect', wishInput(w.a), 'FORBIDDEN');
    await pair(w.b, WHO.otherVolunteer, 'ended');
    await refused(WHO.otherVolunteer, 'collect', wishInput(w.b), 'FORBIDDEN');
  });

  test('price above the programme cap, a past date, unknown keys and bad values change nothing', async () => {
    await refused(WHO.countyA, 'collect', wishInput(w.a, { priceYuan: 201 }), 'INVALID_INPUT', /200元/);
    await refused(WHO.countyA, 'collect', wishInput(w.a, { neededBy: inDays(-1) }), 'INVALID_INPUT', /晚于今天/);
    await refused(WHO.countyA, 'collect', { ...wishInput(w.a), childName: 'x' }, 'INVALID_INPUT');
    await refused(WHO.countyA, 'collect', wishInput(w.a, { category: 'toys' }), 'INVALID_INPUT', /心愿类别/);
    await refused(WHO.countyA, 'collect', wishInput(w.a, { title: '书'.repeat(41) }), 'INVALID_INPUT', /心愿内容/);
    await refused(WHO.countyA, 'collect', wishInput(w.a, { officeAddress: '' }), 'INVALID_INPUT');
    await refused(WHO.countyA, 'collect', wishInput('no-such-child'), 'NOT_FOUND');
  });
});

describe('review', () => {
  let id: string;
  beforeAll(async () => {
    id = (await as(cloud, WHO.volunteer).ok('wish', 'collect', wishInput(w.a, { title: '一套课外书', category: 'books' }))).id;
  });

  test('nothing is public before approval', async () => {
    // a wish of its own: the shared one is approved by another test of this block
    const id = (await as(cloud, WHO.volunteer).ok('wish', 'collect', wishInput(w.a, { title: '一套课外书', category: 'books' }))).id;
    const list = await as(cloud, WHO.donor).ok('wish', 'list', {});
    expect(list.items.map((c) => c.id)).not.toContain(id);
    await refused(WHO.donor, 'get', { id }, 'NOT_FOUND');
    await refused(WHO.donor, 'claim', { id }, 'NOT_FOUND');
  });

  test('only reviewers in scope review; a reason is needed to send back or reject', async () => {
    await refused(WHO.writer, 'review', { id, decision: 'approve' }, 'FORBIDDEN');
    await refused(WHO.volunteer, 'review', { id, decision: 'approve' }, 'FORBIDDEN');
    await refused(WHO.countyB, 'review', { id, decision: 'approve' }, 'FORBIDDEN');
    await refused(WHO.countyA, 'review', { id, decision: 'return' }, 'INVALID_INPUT', /原因/);
    await refused(WHO.countyA, 'review', { id, decision: 'maybe' }, 'INVALID_INPUT');
  });

  test('send back, resubmit, approve; a decided wish cannot be decided again', async () => {
    await as(cloud, WHO.countyA).ok('wish', 'review', { id, decision: 'return', reason: '请写明书名' });
    expect(await status(id)).toBe('returned');
    const seen = await as(cloud, WHO.volunteer).ok('wish', 'staffGet', { id });
    expect(seen.reviewReason).toBe('请写明书名');
    expect(seen.can.resubmit).toBe(true);
    await refused(WHO.countyA, 'review', { id, decision: 'approve' }, 'CONFLICT', /待审核/);
    await refused(WHO.otherVolunteer, 'resubmit', { ...edit(), id, version: seen.version }, 'FORBIDDEN');
    await refused(WHO.volunteer, 'resubmit', { ...edit(), id, version: seen.version - 1 }, 'CONFLICT');
    await as(cloud, WHO.volunteer).ok('wish', 'resubmit', { ...edit({ title: '《小王子》一本', category: 'books' }), id, version: seen.version });
    expect(await status(id)).toBe('pending');
    await as(cloud, WHO.countyA).ok('wish', 'review', { id, decision: 'approve' });
    expect(await status(id)).toBe('published');
    await refused(WHO.countyA, 'review', { id, decision: 'reject', reason: '重复' }, 'CONFLICT');
    await refused(WHO.volunteer, 'resubmit', { ...edit(), id, version: seen.version + 2 }, 'CONFLICT');
    const card = (await as(cloud, WHO.donor).ok('wish', 'get', { id })).card;
    expect(card).toMatchObject({ title: '《小王子》一本', categoryLabel: '图书', statusLabel: '等待认领' });
  });

  test('rejected stays private', async () => {
    const { id: r } = await as(cloud, WHO.countyA).ok('wish', 'collect', wishInput(w.a));
    await as(cloud, WHO.countyA).ok('wish', 'review', { id: r, decision: 'reject', reason: '超出活动范围' });
    expect(await status(r)).toBe('rejected');
    await refused(WHO.donor, 'get', { id: r }, 'NOT_FOUND');
  });

  test('the review queue holds the caller\'s subtree only', async () => {
    const { id: inB } = await as(cloud, WHO.countyB).ok('wish', 'collect', wishInput(w.b));
    const a = await as(cloud, WHO.countyA).ok('wish', 'queue', {});
    const b = await as(cloud, WHO.countyB).ok('wish', 'queue', {});
    expect(a.items.map((i) => i.card.id)).not.toContain(inB);
    expect(b.items.map((i) => i.card.id)).toEqual([inB]);
    expect(b.items[0].can.review).toBe(true);
    // a refused staff read changes no wish, and is audited as refused
    const wishesBefore = JSON.stringify(cloud.store.rawDocuments('wishes'));
    expect(await as(cloud, WHO.countyA).raw('wish', 'staffGet', { id: inB })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(JSON.stringify(cloud.store.rawDocuments('wishes'))).toBe(wishesBefore);
    const audit = (cloud.store.rawDocuments('audit_logs') as { fn: string; action: string; ok: boolean; targetIds: string[] }[]).filter((a) => a.fn === 'wish');
    expect(audit.at(-1)).toMatchObject({ action: 'staffGet', ok: false });
    await refused(WHO.donor, 'queue', {}, 'FORBIDDEN');
    expect((await as(cloud, ADMIN).ok('wish', 'queue', {})).total).toBeGreaterThan(a.total);
  });
});

describe('claim, cancel, revoke, send, receive, thank', () => {
  test('one donor claims; others, and the claimant again, are refused; she may cancel, others may not', async () => {
    const id = await publishedWish(cloud, w.a);
    const claim = await as(cloud, WHO.donor).ok('wish', 'claim', { id });
    expect(claim.card.status).toBe('claimed');
    expect(claim.daysLeft).toBe(7);
    expect(claim.handover.map((h) => h.address)).toEqual(['测试区妇联一楼服务台', '测试街道爱心驿站']);
    await refused(D2, 'claim', { id }, 'CONFLICT', /刚刚被其他爱心人士认领/);
    await refused(WHO.donor, 'claim', { id }, 'CONFLICT', /已经认领/);
    await refused(D2, 'cancel', { id }, 'FORBIDDEN', /认领人/);
    await refused(D2, 'send', { id, mode: 'office' }, 'FORBIDDEN');
    await refused(WHO.countyA, 'receive', { id }, 'CONFLICT', /还没有寄出/);
    expect((await as(cloud, D2).raw('wish', 'get', { id }))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await as(cloud, WHO.donor).ok('wish', 'get', { id })).mine).toBe(true);
    await as(cloud, WHO.donor).ok('wish', 'cancel', { id });
    expect(await status(id)).toBe('published');
    await refused(WHO.donor, 'cancel', { id }, 'FORBIDDEN');
    await as(cloud, D2).ok('wish', 'claim', { id });
    expect(await status(id)).toBe('claimed');
  });

  test('staff revoke with a reason, in scope only; the donor is told', async () => {
    const id = await publishedWish(cloud, w.a);
    await as(cloud, D3).ok('wish', 'claim', { id });
    await refused(WHO.countyB, 'revoke', { id, reason: '越界' }, 'FORBIDDEN');
    await refused(WHO.countyA, 'revoke', { id }, 'INVALID_INPUT');
    await refused(WHO.volunteer, 'revoke', { id, reason: '不行' }, 'FORBIDDEN');
    await as(cloud, WHO.countyA).ok('wish', 'revoke', { id, reason: '认领人联系不上' });
    expect(await status(id)).toBe('published');
    await refused(WHO.countyA, 'revoke', { id, reason: '再次' }, 'CONFLICT');
    const notes = cloud.store.rawDocuments('wish_notifications') as { userId: string; kind: string; text: string }[];
    expect(notes.find((n) => n.userId === userIdFor(D3) && n.kind === 'revoked')?.text).toContain('认领人联系不上');
  });

  test('a donor holds at most three open claims; a sent gift frees a slot', async () => {
    const donor = 'donor-limit';
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await publishedWish(cloud, w.a, { title: `心愿${i}` }));
    for (const id of ids.slice(0, 3)) await as(cloud, donor).ok('wish', 'claim', { id });
    await refused(donor, 'claim', { id: ids[3] }, 'CONFLICT', /3个进行中的认领/);
    await as(cloud, donor).ok('wish', 'send', { id: ids[0], mode: 'office' });
    await as(cloud, donor).ok('wish', 'claim', { id: ids[3] });
    const counter = cloud.store.rawDocuments('wish_donors').find((d) => d._id === userIdFor(donor)) as { openClaims: number };
    expect(counter.openClaims).toBe(3);
    const list = await as(cloud, donor).ok('wish', 'list', {});
    expect(list).toMatchObject({ myOpenClaims: 3, maxOpenClaims: 3 });
  });

  test('the whole way: send via the volunteer, the volunteer confirms, thanks reach the donor, the 爱心榜 and the wall', async () => {
    const id = await publishedWish(cloud, w.a, { title: '一双运动鞋', category: 'sports', priceYuan: 150 });
    const giver = 'donor-company';
    await as(cloud, giver).ok('wish', 'claim', { id, displayName: '测试爱心企业', anonymous: false });
    const sent = await as(cloud, giver).ok('wish', 'send', { id, mode: 'volunteer', note: '快递单号 SF000' });
    expect(sent).toMatchObject({ handoverMode: 'volunteer', card: { status: 'sent' } });
    await refused(giver, 'send', { id, mode: 'office' }, 'CONFLICT');
    await refused(giver, 'receive', { id }, 'FORBIDDEN');
    await refused(WHO.otherVolunteer, 'receive', { id }, 'FORBIDDEN');
    await refused(WHO.volunteer, 'thank', { id, text: '谢谢' }, 'CONFLICT', /收到礼物后/);
    await as(cloud, WHO.volunteer).ok('wish', 'receive', { id });
    await refused(WHO.volunteer, 'receive', { id }, 'CONFLICT');
    await refused(giver, 'thank', { id, text: '谢谢' }, 'FORBIDDEN');
    const t = await as(cloud, WHO.volunteer).ok('wish', 'thank', { id, text: '谢谢阿姨，鞋子很合脚！', photoFileID: 'cloud://env/wish-thanks/a.jpg', showsFace: true });
    expect(t).toMatchObject({ status: 'thanked', photoApproved: false });
    let mine = (await as(cloud, giver).ok('wish', 'mine', {})).items.find((i) => i.card.id === id)!;
    expect(mine.thanks).toMatchObject({ text: '谢谢阿姨，鞋子很合脚！', photoFileID: null }); // a face waits for staff
    await refused(WHO.volunteer, 'approvePhoto', { id }, 'FORBIDDEN');
    await as(cloud, WHO.countyA).ok('wish', 'approvePhoto', { id });
    mine = (await as(cloud, giver).ok('wish', 'mine', {})).items.find((i) => i.card.id === id)!;
    expect(mine.thanks?.photoFileID).toBe('cloud://env/wish-thanks/a.jpg');
    await refused(WHO.countyA, 'approvePhoto', { id }, 'CONFLICT');
    const board = await as(cloud, D2).ok('wish', 'donorBoard', {});
    expect(board.items).toContainEqual({ label: '测试爱心企业', fulfilled: 1 });
    const wall = await as(cloud, D2).ok('wish', 'thanksWall', {});
    expect(wall.items[0]).toMatchObject({ donor: '测试爱心企业', text: '谢谢阿姨，鞋子很合脚！', card: { title: '一双运动鞋' } });

    const history = (await as(cloud, WHO.countyA).ok('wish', 'staffGet', { id })).history;
    expect(history.map((h) => [h.event, h.from, h.to])).toEqual([
      ['collect', null, 'pending'], ['approve', 'pending', 'published'], ['claim', 'published', 'claimed'], ['send', 'claimed', 'sent'],
      ['receive', 'sent', 'received'], ['thank', 'received', 'thanked'], ['thank', 'thanked', 'thanked'],
    ]);
    expect(history[2].actorId).toBe(userIdFor(giver));
    expect(history.every((h) => h.at && h.actorId)).toBe(true);
  });

  test('a wish without a volunteer address cannot be handed to the volunteer; staff confirm and thank without a face', async () => {
    const id = await publishedWish(cloud, w.a, { volunteerAddress: '' });
    await as(cloud, WHO.donor).ok('wish', 'claim', { id, anonymous: true });
    const claim = (await as(cloud, WHO.donor).ok('wish', 'mine', {})).items.find((i) => i.card.id === id)!;
    expect(claim.handover.map((h) => h.mode)).toEqual(['office']);
    await refused(WHO.donor, 'send', { id, mode: 'volunteer' }, 'INVALID_INPUT');
    await as(cloud, WHO.donor).ok('wish', 'send', { id, mode: 'office' });
    await as(cloud, WHO.writer).ok('wish', 'receive', { id });
    const t = await as(cloud, WHO.writer).ok('wish', 'thank', { id, text: '谢谢', photoFileID: 'cloud://env/wish-thanks/letter.jpg' });
    // no face is no longer enough: the photo waits for content security or staff (tests/functions/content-security.test.ts)
    expect(t).toMatchObject({ photoApproved: false, photoStatus: '照片待工作人员审核' });
    expect((await as(cloud, WHO.donor).ok('wish', 'donorBoard', {})).items).toContainEqual({ label: '爱心人士', fulfilled: 1 });
  });
});

test('the list: published only, filters, most urgent first or newest first, paging; page 1 carries the filter choices', async () => {
  // a second cloud points this process's SDK at itself (localcloud/env.ts pointSdkAt): the file's
  // own cloud gets it back afterwards, or every later test would call a closed port
  const sdkTarget = process.env.TCB_CONTEXT_CNFG;
  const fresh = await startTestCloud();
  try {
    const ww = await setupWishWorld(fresh);
    const late = await publishedWish(fresh, ww.a, { neededBy: inDays(60), title: '晚' });
    const soon = await publishedWish(fresh, ww.a, { neededBy: inDays(5), title: '急', category: 'clothing', occasion: 'birthday' });
    const inB = await publishedWish(fresh, ww.b, { neededBy: inDays(20), title: '乙' }, WHO.countyB);
    const first = await as(fresh, 'someone').ok('wish', 'list', {});
    expect(first.items.map((c) => c.id)).toEqual([soon, inB, late]);
    expect(first.filters?.categories.map((c) => c.label)).toEqual(['学习用品', '图书', '衣物', '体育', '生活用品', '其他']);
    expect(first.filters?.occasions.map((o) => o.label)).toEqual(['六一', '生日', '春节', '开学']); // never 无
    expect(first.filters?.districts.map((d) => d.code)).toContain(ORGS.countyB);
    expect((await as(fresh, 'someone').ok('wish', 'list', { sort: 'newest' })).items.map((c) => c.id)).toEqual([inB, soon, late]);
    expect((await as(fresh, 'someone').ok('wish', 'list', { district: ORGS.countyB })).items.map((c) => c.id)).toEqual([inB]);
    expect((await as(fresh, 'someone').ok('wish', 'list', { category: 'clothing', occasion: 'birthday' })).items.map((c) => c.id)).toEqual([soon]);
    const p2 = await as(fresh, 'someone').ok('wish', 'list', { page: 2, pageSize: 2 });
    expect(p2).toMatchObject({ total: 3, filters: null });
    expect(p2.items.map((c) => c.id)).toEqual([late]);
    expect(first.items[0].district).toBeTruthy();
  } finally {
    await fresh.close();
    process.env.TCB_CONTEXT_CNFG = sdkTarget;
  }
});
