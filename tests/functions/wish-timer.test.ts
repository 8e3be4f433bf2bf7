import fs from 'fs';
import path from 'path';
import { startTestCloud, as, callRaw, fireTimer } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { cronMatches, readTriggers } from '../../localcloud/scheduler';
import { publishedWish, setupWishWorld, type WishWorld } from '../domain/wish/world';
import { setClock } from '../../src/server/time';
import { userIdFor } from '../../src/server/ids';

/** The hourly timer: one reminder before the lapse (never twice), then the lapse returns the wish to the list. */
const T0 = Date.parse('2026-03-02T02:00:00Z');
const HOUR = 3600_000;
const DAY = 24 * HOUR;
let t = T0;
let cloud: LocalCloud;
let w: WishWorld;

/** Every test has its own cloud (the wish world: two children, staff, no wish yet) and a clock at T0. */
beforeEach(async () => {
  t = T0;
  setClock(() => t);
  cloud = await startTestCloud();
  w = await setupWishWorld(cloud);
});
afterEach(async () => {
  setClock(null);
  await cloud.close();
});

const wishDoc = (id: string) => cloud.store.rawDocuments('wishes').find((d) => d._id === id) as { status: string; claimantId: string | null; reminded: boolean };
const notes = (kind: string) => (cloud.store.rawDocuments('wish_notifications') as { kind: string; userId: string; wishId: string }[]).filter((n) => n.kind === kind);
const trail = (id: string) => (cloud.store.rawDocuments('wishes').find((d) => d._id === id) as { trail?: { event: string; actorId: string; from: string; to: string }[] }).trail ?? [];

test('config.json declares an hourly timer the local scheduler runs', () => {
  const triggers = readTriggers(path.resolve(__dirname, '../../cloudfunctions')).filter((x) => x.fn === 'wish');
  expect(triggers).toEqual([{ fn: 'wish', name: 'claims', cron: '0 0 * * * * *' }]);
  expect(cronMatches(triggers[0].cron, new Date('2026-03-02T05:00:00Z'))).toBe(true);
  expect(cronMatches(triggers[0].cron, new Date('2026-03-02T05:30:00Z'))).toBe(false);
  expect(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../cloudfunctions/wish/config.json'), 'utf8')).timeout).toBeGreaterThanOrEqual(5);
});

test('remind once two days before, lapse after seven days; a sent gift never lapses', async () => {
  const id = await publishedWish(cloud, w.a);
  const sentId = await publishedWish(cloud, w.a, { title: '已寄出的心愿' });
  await as(cloud, 'timer-donor').ok('wish', 'claim', { id });
  await as(cloud, 'timer-donor').ok('wish', 'claim', { id: sentId });
  await as(cloud, 'timer-donor').ok('wish', 'send', { id: sentId, mode: 'office' });

  t = T0 + 4 * DAY;
  expect(await fireTimer(cloud, 'wish', 'claims')).toEqual({ ok: true, data: { lapsed: 0, reminded: 0, countersFixed: 0 } });
  t = T0 + 5 * DAY + HOUR;
  expect(await fireTimer(cloud, 'wish', 'claims')).toEqual({ ok: true, data: { lapsed: 0, reminded: 1, countersFixed: 0 } });
  t += HOUR;
  expect(await fireTimer(cloud, 'wish', 'claims')).toEqual({ ok: true, data: { lapsed: 0, reminded: 0, countersFixed: 0 } });
  expect(notes('reminder')).toEqual([expect.objectContaining({ userId: userIdFor('timer-donor'), wishId: id })]);
  expect(wishDoc(id)).toMatchObject({ status: 'claimed', reminded: true });
  expect((await as(cloud, 'timer-donor').ok('wish', 'mine', {})).notices.map((n) => n.kind)).toEqual(['reminder']);
  expect((await as(cloud, 'timer-donor').ok('wish', 'mine', {})).items.find((i) => i.card.id === id)?.daysLeft).toBe(2);

  t = T0 + 7 * DAY - 1000;
  expect(await fireTimer(cloud, 'wish', 'claims')).toEqual({ ok: true, data: { lapsed: 0, reminded: 0, countersFixed: 0 } });
  t = T0 + 7 * DAY;
  expect(await fireTimer(cloud, 'wish', 'claims')).toEqual({ ok: true, data: { lapsed: 1, reminded: 0, countersFixed: 0 } });
  expect(wishDoc(id)).toMatchObject({ status: 'published', claimantId: null });
  expect(wishDoc(sentId).status).toBe('sent');
  expect(notes('lapsed')).toHaveLength(1);
  expect(notes('reminder')).toHaveLength(1);
  // the claim cycle's moves are recorded on the wish itself, by the update that makes them
  const lapse = trail(id).filter((e) => e.event === 'lapse');
  expect(lapse).toEqual([expect.objectContaining({ actorId: 'system', from: 'claimed', to: 'published' })]);
  expect(await fireTimer(cloud, 'wish', 'claims')).toEqual({ ok: true, data: { lapsed: 0, reminded: 0, countersFixed: 0 } });

  // the wish is back on the list and the donor's slot is free again
  expect((await as(cloud, 'another-donor').ok('wish', 'list', {})).items.map((c) => c.id)).toContain(id);
  const counter = cloud.store.rawDocuments('wish_donors').find((d) => d._id === userIdFor('timer-donor')) as { openClaims: number };
  expect(counter.openClaims).toBe(0);
  // a re-claimed wish gets a fresh reminder of its own
  await as(cloud, 'another-donor').ok('wish', 'claim', { id });
  expect(wishDoc(id).reminded).toBe(false);
});

test('a caller cannot fire the timer', async () => {
  const res = await callRaw(cloud, 'sneaky', 'wish', { Type: 'Timer', TriggerName: 'claims' });
  expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
});

test('two timer runs at the same moment remind once and lapse once', async () => {
  const id = await publishedWish(cloud, w.a, { title: '并发计时' });
  const start = t;
  await as(cloud, 'timer-donor-2').ok('wish', 'claim', { id });
  t = start + 5 * DAY + HOUR;
  await Promise.all([fireTimer(cloud, 'wish', 'claims'), fireTimer(cloud, 'wish', 'claims'), fireTimer(cloud, 'wish', 'claims')]);
  expect(notes('reminder').filter((n) => n.wishId === id)).toHaveLength(1);
  t = start + 7 * DAY + HOUR;
  const lapses = await Promise.all([fireTimer(cloud, 'wish', 'claims'), fireTimer(cloud, 'wish', 'claims'), as(cloud, 'timer-donor-2').raw('wish', 'cancel', { id })]);
  const ends = trail(id).filter((e) => e.event === 'lapse' || e.event === 'cancel');
  expect(ends).toHaveLength(1);
  expect(ends[0].event === 'cancel').toBe((lapses[2] as { ok: boolean }).ok);
  expect(wishDoc(id).status).toBe('published');
  const counter = cloud.store.rawDocuments('wish_donors').find((d) => d._id === userIdFor('timer-donor-2')) as { openClaims: number };
  expect(counter.openClaims).toBe(0);
  expect(notes('reminder').filter((n) => n.wishId === id)).toHaveLength(1);
});

describe('the reminder in WeChat', () => {
  /** what the local cloud's WeChat delivered; acceptances are granted as the claim page's wx.requestSubscribeMessage would */
  const sent = () => cloud.wechat.sent;

  test('is sent once per acceptance given on the claim tap, and never without one', async () => {
    t = T0 + 20 * DAY;
    const withConsent = await publishedWish(cloud, w.a, { title: '想要一盒彩笔' });
    const withoutConsent = await publishedWish(cloud, w.a, { title: '想要一本字典' });
    const detail = await as(cloud, 'remind-donor').ok('wish', 'get', { id: withConsent });
    expect(detail.reminderTemplateId).toBe('local-wish-reminder');
    cloud.wechat.acceptSubscribe('remind-donor', ['local-wish-reminder']);
    await as(cloud, 'remind-donor').ok('wish', 'claim', { id: withConsent, remind: true });
    await as(cloud, 'quiet-donor').ok('wish', 'claim', { id: withoutConsent });
    const before = sent().length;

    t = T0 + 25 * DAY + HOUR; // inside both claims' reminder window
    expect(await fireTimer(cloud, 'wish', 'claims')).toEqual({ ok: true, data: { lapsed: 0, reminded: 2, countersFixed: 0 } });
    const mine = sent().slice(before);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ touser: 'remind-donor', templateId: 'local-wish-reminder', page: 'pages/my-claims/index' });
    expect(mine[0].data.thing1.value).toBe('想要一盒彩笔');
    expect(mine[0].data.thing3.value.length).toBeLessThanOrEqual(20);

    t += HOUR;
    await fireTimer(cloud, 'wish', 'claims');
    expect(sent().slice(before)).toHaveLength(1);
    const donor = cloud.store.rawDocuments('wish_donors').find((d) => d._id === userIdFor('remind-donor')) as { reminderCredits: number };
    expect(donor.reminderCredits).toBe(0);
  });

  test('a claim made at 01:30 China time is reminded with China\'s date of the expiry (the machine runs in UTC)', async () => {
    t = Date.parse('2026-05-01T17:30:00Z'); // 2 May 01:30 in China, still 1 May in UTC
    const id = await publishedWish(cloud, w.a, { title: '想要一个台灯' });
    cloud.wechat.acceptSubscribe('night-donor', ['local-wish-reminder']);
    await as(cloud, 'night-donor').ok('wish', 'claim', { id, remind: true });
    const before = sent().length;
    t += 5 * DAY + HOUR; // inside the reminder window of the 7-day claim
    await fireTimer(cloud, 'wish', 'claims');
    const mine = sent().slice(before).filter((m) => m.touser === 'night-donor');
    expect(mine).toHaveLength(1);
    expect(mine[0].data.time2.value).toBe('2026年5月9日 01:30'); // the UTC date would say 5月8日
    const note = (cloud.store.rawDocuments('wish_notifications') as { kind: string; wishId: string; text: string }[]).find((n) => n.wishId === id && n.kind === 'reminder');
    expect(note?.text).toContain('将于2026-05-09到期');
  });
});
