import { startTestCloud, as, snapshot, fireTimer } from '../helpers/cloud';
import { makeStaff } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { ORGS, setupWorld, WHO } from '../domain/child/world';
import { approvedVolunteer, db } from '../domain/pairing/world';
import { appIdFor } from '../../src/functions/volunteer/store';
import { userIdFor } from '../../src/server/ids';
import { setClock } from '../../src/server/time';
import { startCountingProxy } from '../../localcloud/counting-proxy';

/**
 * visit (遂宁): check-ins by the active volunteer only, once per clientId (double submit, offline
 * replay), counters at period edges, what is due, the overdue board from counters (constant round
 * trips), flags to staff in scope only, corrections in and after the window, bad input.
 */
let cloud: LocalCloud;
let kids: string[] = [];
const P = ['sn', ORGS.countyA, ORGS.streetA];
const A1 = { code: ORGS.communityA1, name: '测试社区甲一', path: [...P, ORGS.communityA1] };
const B1 = { code: ORGS.communityB1, name: '测试社区乙一', path: ['sn', ORGS.countyB, ORGS.streetB, ORGS.communityB1] };
const VB = 'vol-b';
const STREET_VISIT = 'staff-street-visit';
const T0 = Date.parse('2026-03-10T02:00:00.000Z'); // 10 March 2026, 10:00 in Shanghai
let clock = T0;
const err = (res: unknown) => (res as { ok: boolean; error?: { code: string; message: string } }).error;
const vol = () => as(cloud, WHO.volunteer);
/** Per-period counts as `${pairingId}_${counterId}`: check-ins carry the counter keys they count toward. */
const counters = () => {
  const out = new Map<string, number>();
  for (const d of cloud.store.rawDocuments('visit_checkins') as { pairingId: string; keys: string[] }[]) for (const k of d.keys) out.set(`${d.pairingId}_${k}`, (out.get(`${d.pairingId}_${k}`) ?? 0) + 1);
  return out;
};
const checkins = () => cloud.store.rawDocuments('visit_checkins') as { _id: string; childId: string; kind: string; at: string; version: number; revisions: unknown[] }[];
const versionOf = (id: string) => checkins().find((d) => d._id === id)!.version;
let seq = 0;
const input = (childId: string, over: Record<string, unknown> = {}) => ({
  clientId: `client-${Date.now()}-${seq++}`,
  childId,
  kind: 'call' as const,
  at: new Date(clock - 3600_000).toISOString(),
  durationMinutes: 30,
  withWhom: '孩子',
  problems: '',
  measures: '',
  ...over,
});

async function activate(staff: string, childId: string, volunteerId: string, openid: string) {
  const p = await as(cloud, staff).ok('pairing', 'propose', { childId, volunteerId });
  await as(cloud, staff).ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-01-02' });
  await as(cloud, openid).ok('pairing', 'respond', { id: p.id, accept: true });
  return p.id;
}

let pairingA = '';
/** Every test has its own cloud: kids[0] and kids[1] paired with 测试妈妈一 and kids[3] with 测试妈妈乙
 * since 5 January, no check-in yet, the clock at T0 (10 March). */
beforeEach(async () => {
  setClock(() => Date.parse('2026-01-05T02:00:00.000Z'));
  kids = [];
  clock = T0;
  cloud = await startTestCloud();
  await setupWorld(cloud);
  await makeStaff(cloud, STREET_VISIT, ORGS.streetA, ['visit.read']);
  for (let i = 0; i < 3; i++) kids.push((await as(cloud, WHO.countyA).ok('child', 'create', childInput(60 + i, A1.code))).id);
  kids.push((await as(cloud, WHO.countyB).ok('child', 'create', childInput(70, B1.code))).id);
  const v1 = await approvedVolunteer(cloud, WHO.volunteer, A1, { name: '测试妈妈一', pairingForms: ['one_to_many'] });
  await approvedVolunteer(cloud, WHO.otherVolunteer, A1, { name: '测试妈妈二' });
  const vb = await approvedVolunteer(cloud, VB, B1, { name: '测试妈妈乙' });
  pairingA = await activate(WHO.countyA, kids[0], v1, WHO.volunteer);
  await activate(WHO.countyA, kids[1], v1, WHO.volunteer);
  await activate(WHO.countyB, kids[3], vb, VB);
  setClock(() => clock);
});
afterEach(() => {
  setClock(null);
  return cloud.close();
});

describe('a check-in', () => {
  test('records once, bumps the month and year counters and the service hours, and shows as done', async () => {
    const before = await vol().ok('visit', 'mine', {});
    const a = before.children.find((c) => c.childId === kids[0])!;
    const march = (items: typeof a.items) => items.find((i) => i.label.includes('与孩子联系') && i.periodLabel === '2026年3月');
    expect(march(a.items)).toMatchObject({ done: 0, remaining: 1, status: 'on_track' });
    // February was owed (paired on 5 January) and missed: reported as overdue
    expect(a.items.find((i) => i.periodLabel === '2026年2月')).toMatchObject({ status: 'overdue', statusLabel: '已逾期' });
    const res = await vol().ok('visit', 'checkIn', input(kids[0], { durationMinutes: 90, location: { latitude: 30.123456, longitude: 105.987654 } }));
    expect(res).toMatchObject({ duplicate: false, serviceHours: 1.5 });
    const c = counters();
    expect(c.get(`${pairingA}_monthly_contact.0:2026-03`)).toBe(1);
    expect(c.get(`${pairingA}_monthly_contact.1:2026-03`)).toBeUndefined();
    const doc = cloud.store.rawDocuments('visit_checkins').find((d) => d._id === res.id) as { location: unknown; keys: string[] };
    expect(doc.location).toEqual({ latitude: 30.12, longitude: 105.99 });
    expect(doc.keys).toContain('monthly_contact.0:2026-03'); // counted: it carries its counter keys
    const after = await vol().ok('visit', 'mine', {});
    expect(march(after.children.find((x) => x.childId === kids[0])!.items)).toMatchObject({ done: 1, remaining: 0, status: 'done' });
    expect(after.kinds.map((k) => k.label)).toContain('入户走访');
  });

  test('counts by the Shanghai civil month and year at the edges', async () => {
    const edge = Date.parse('2026-03-31T15:30:00.000Z'); // 23:30 on 31 March in Shanghai
    clock = Date.parse('2026-04-01T01:00:00.000Z');
    await vol().ok('visit', 'checkIn', input(kids[1], { kind: 'guardian_contact', at: new Date(edge).toISOString() }));
    await vol().ok('visit', 'checkIn', input(kids[1], { kind: 'guardian_contact', at: '2026-03-31T16:10:00.000Z' })); // 00:10 on 1 April
    const pB = (cloud.store.rawDocuments('pairings') as { _id: string; childId: string; status: string }[]).find((p) => p.childId === kids[1] && p.status === 'active')!._id;
    const c = counters();
    expect(c.get(`${pB}_monthly_contact.1:2026-03`)).toBe(1);
    expect(c.get(`${pB}_monthly_contact.1:2026-04`)).toBe(1);
  });

  test('a double tap and an offline replay record once and answer the first record', async () => {
    const one = input(kids[0], { kind: 'home_visit', durationMinutes: 60 });
    const before = counters().get(`${pairingA}_yearly_home_and_holiday.0:2026`) ?? 0;
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => vol().ok('visit', 'checkIn', one)));
    expect(new Set(answers.map((a) => a.id)).size).toBe(1);
    expect(answers.filter((a) => !a.duplicate).length).toBe(1);
    const replay = await vol().ok('visit', 'checkIn', one);
    expect(replay).toMatchObject({ id: answers[0].id, duplicate: true });
    expect(checkins().filter((d) => d._id === answers[0].id).length).toBe(1);
    expect(counters().get(`${pairingA}_yearly_home_and_holiday.0:2026`)).toBe(before + 1);
  });

  test('a replay under a known clientId with a different body is refused and saves nothing; the same body (keys reordered, time rewritten, subscribe tapped) stays a replay', async () => {
    const one = input(kids[0], { problems: '作业没写完' });
    const first = await vol().ok('visit', 'checkIn', one);
    // the same submission, as a phone might resend it: keys in another order, the same instant written in +08:00
    const local = new Date(Date.parse(one.at) + 8 * 3600_000).toISOString().replace('Z', '+08:00');
    const { clientId, ...rest } = one;
    expect(await vol().ok('visit', 'checkIn', { ...rest, at: local, subscribe: true, clientId } as typeof one)).toMatchObject({ id: first.id, duplicate: true });
    const before = snapshot(cloud);
    for (const changed of [{ problems: '作业已补完' }, { durationMinutes: 45 }, { kind: 'home_visit' }, { flag: '孩子生病' }]) {
      expect(err(await vol().raw('visit', 'checkIn', { ...one, ...changed }))).toEqual({
        code: 'CONFLICT', message: '这条走访记录已经提交过，内容与之前不同，本次修改未保存；如需修改，请在走访记录中更正',
        // what is recorded, so the phone can show it beside her edit (tests/functions/visit-conflict.test.ts)
        details: { current: expect.objectContaining({ id: first.id, problems: '作业没写完', kind: 'call', version: 1 }) },
      });
    }
    expect(snapshot(cloud)).toBe(before);
    // several changed replays at once, racing the first insert: one record, the first body
    const fresh = input(kids[0]);
    const raced = await Promise.all([fresh, { ...fresh, durationMinutes: 90 }, fresh].map((b) => vol().raw('visit', 'checkIn', b)));
    expect(raced.filter((r) => r.ok).length).toBeGreaterThanOrEqual(1);
    const stored = checkins().filter((d) => d._id === (raced.find((r) => r.ok) as { data: { id: string } }).data.id);
    expect(stored.length).toBe(1);
    for (const r of raced) if (!r.ok) expect(r.error.code).toBe('CONFLICT');
    expect(checkins().find((d) => d._id === first.id)).toMatchObject({ problems: '作业没写完' });
  });

  test('only the active volunteer of the child; bad input changes nothing', async () => {
    const before = snapshot(cloud);
    expect(err(await as(cloud, WHO.otherVolunteer).raw('visit', 'checkIn', input(kids[0])))?.code).toBe('FORBIDDEN');
    expect(err(await vol().raw('visit', 'checkIn', input(kids[2])))?.code).toBe('FORBIDDEN'); // not paired
    expect(err(await vol().raw('visit', 'checkIn', input(kids[3])))?.code).toBe('FORBIDDEN'); // another county's child
    expect(err(await as(cloud, WHO.countyA).raw('visit', 'checkIn', input(kids[0])))?.code).toBe('FORBIDDEN'); // staff do not check in
    const future = err(await vol().raw('visit', 'checkIn', input(kids[0], { at: new Date(clock + 86400_000).toISOString() })));
    expect(future).toEqual({ code: 'INVALID_INPUT', message: '走访时间不能晚于现在' });
    expect(err(await vol().raw('visit', 'checkIn', input(kids[0], { kind: 'insurance' })))?.message).toBe('本项目不记录这一走访方式');
    expect(err(await vol().raw('visit', 'checkIn', input(kids[0], { checklist: ['look'] })))?.code).toBe('INVALID_INPUT');
    expect(err(await vol().raw('visit', 'checkIn', { ...input(kids[0]), extra: 1 }))?.code).toBe('INVALID_INPUT');
    expect(err(await vol().raw('visit', 'checkIn', input(kids[0], { durationMinutes: 0 })))?.code).toBe('INVALID_INPUT');
    expect(err(await vol().raw('visit', 'checkIn', input(kids[0], { problems: '长'.repeat(501) })))?.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(snapshot(cloud)).toBe(before);
  });
});

describe('the overdue board', () => {
  test('staff see their subtree only; another county sees nothing of it', async () => {
    clock = Date.parse('2026-03-28T02:00:00.000Z'); // due soon: the month ends within a week
    const a = await as(cloud, WHO.countyA).ok('visit', 'board', {});
    expect(a.total).toBe(2);
    expect(a.items.map((r) => r.key).sort()).toEqual([kids[0], kids[1]].sort());
    const rowB = a.items.find((r) => r.key === kids[1])!;
    expect(rowB.worst).toBe('overdue'); // February was missed
    expect(rowB.dueSoon).toBeGreaterThan(0); // March ends within a week
    expect(rowB.items.filter((i) => i.status === 'due_soon').every((i) => i.periodLabel === '2026年3月')).toBe(true);
    const b = await as(cloud, WHO.countyB).ok('visit', 'board', {});
    expect(b.items.map((r) => r.key)).toEqual([kids[3]]);
    const byVol = await as(cloud, WHO.countyA).ok('visit', 'board', { view: 'volunteer' });
    expect(byVol.items).toHaveLength(1);
    expect(byVol.items[0].label).toBe('测试妈妈一');
    expect(err(await as(cloud, WHO.reader).raw('visit', 'board', {}))?.code).toBe('FORBIDDEN'); // no visit.read
    expect(err(await vol().raw('visit', 'board', {}))?.code).toBe('FORBIDDEN');
    clock = Date.parse('2026-04-02T02:00:00.000Z'); // March missed for the second child's first requirement
    const later = await as(cloud, WHO.countyA).ok('visit', 'board', {});
    expect(later.items.find((r) => r.key === kids[1])!.items.some((i) => i.periodLabel === '2026年3月' && i.status === 'overdue')).toBe(true);
  });

  test('round trips per board page do not grow with the number of check-ins', async () => {
    const proxy = await startCountingProxy(cloud);
    try {
      const measure = async () => {
        proxy.reset();
        await as(cloud, WHO.countyA).ok('visit', 'board', { pageSize: 10 });
        return proxy.count();
      };
      await measure(); // warm the programme cache
      const few = await measure();
      for (let i = 0; i < 15; i++) await vol().ok('visit', 'checkIn', input(kids[i % 2], { kind: i % 3 ? 'call' : 'home_visit' }));
      const many = await measure();
      expect(few).toBeGreaterThan(0);
      expect(many).toBe(few);
      expect(few).toBeLessThanOrEqual(6);
    } finally {
      await proxy.close();
    }
  });

  test('a check-in itself costs the same round trips with a long history as with a short one', async () => {
    const proxy = await startCountingProxy(cloud);
    try {
      const measure = async () => {
        proxy.reset();
        await vol().ok('visit', 'checkIn', input(kids[0], { kind: 'call' }));
        return proxy.count();
      };
      const before = await measure();
      for (let i = 0; i < 10; i++) await vol().ok('visit', 'checkIn', input(kids[0], { kind: 'call' }));
      expect(await measure()).toBe(before);
      expect(before).toBeLessThanOrEqual(4); // the caller, her pairing with the child's risk, the insert beside the sum of her minutes
    } finally {
      await proxy.close();
    }
  });
});

describe('needs attention', () => {
  test('a flag reaches staff in scope (with visit.read) and no one else, until closed with the action', async () => {
    const { id } = await vol().ok('visit', 'checkIn', input(kids[0], { kind: 'home_visit', flag: '监护人长期外出，孩子独自在家' }));
    const open = await as(cloud, WHO.countyA).ok('visit', 'flags', {});
    expect(open.items.map((f) => f.reason)).toEqual(['监护人长期外出，孩子独自在家']);
    expect((await as(cloud, STREET_VISIT).ok('visit', 'flags', {})).total).toBe(1);
    expect((await as(cloud, WHO.countyB).ok('visit', 'flags', {})).total).toBe(0);
    expect(err(await as(cloud, WHO.reader).raw('visit', 'flags', {}))?.code).toBe('FORBIDDEN');
    expect(err(await vol().raw('visit', 'flags', {}))?.code).toBe('FORBIDDEN');
    const flagId = open.items[0].id;
    const before = snapshot(cloud);
    expect(err(await as(cloud, WHO.countyB).raw('visit', 'closeFlag', { id: flagId, action: '已联系' }))?.code).toBe('FORBIDDEN');
    expect(err(await as(cloud, WHO.countyA).raw('visit', 'closeFlag', { id: flagId, action: '' }))?.code).toBe('INVALID_INPUT');
    expect(snapshot(cloud).replace(/"audit_logs",\[.*?\]\]/, '')).toBe(before.replace(/"audit_logs",\[.*?\]\]/, ''));
    await as(cloud, WHO.countyA).ok('visit', 'closeFlag', { id: flagId, action: '已联系村委会安排临时照护' });
    expect((await as(cloud, WHO.countyA).ok('visit', 'flags', {})).total).toBe(0);
    const closed = await as(cloud, WHO.countyA).ok('visit', 'flags', { status: 'closed' });
    expect(closed.items[0]).toMatchObject({ status: 'closed', action: '已联系村委会安排临时照护' });
    expect(err(await as(cloud, WHO.countyA).raw('visit', 'closeFlag', { id: flagId, action: '再次' }))?.code).toBe('CONFLICT');
    expect(id).toBeTruthy();
  });
});

describe('corrections', () => {
  test('within 3 days the volunteer corrects; later it is a request staff approve; old values are kept', async () => {
    clock = Date.parse('2026-05-10T02:00:00.000Z');
    const { id } = await vol().ok('visit', 'checkIn', input(kids[0], { kind: 'call', at: '2026-05-09T02:00:00.000Z' }));
    const key = (k: string) => `${pairingA}_monthly_contact.${k}:2026-05`;
    expect(counters().get(key('0'))).toBe(1);
    clock += 2 * 86400_000;
    const fix = { ...input(kids[0], { kind: 'guardian_contact', at: '2026-05-09T02:00:00.000Z' }), id, version: versionOf(id), reason: '选错了方式' };
    const { clientId: _c, childId: _k, ...body } = fix;
    expect(await vol().ok('visit', 'correct', body)).toMatchObject({ applied: true });
    expect(counters().get(key('0')) ?? 0).toBe(0); // moved: no check-in counts toward it any more
    expect(counters().get(key('1'))).toBe(1);
    expect(checkins().find((d) => d._id === id)!.revisions).toHaveLength(1);
    expect(err(await as(cloud, WHO.otherVolunteer).raw('visit', 'correct', body))?.code).toBe('NOT_FOUND');

    clock += 2 * 86400_000; // 4 days after: a request
    const late = { ...body, version: versionOf(id), kind: 'home_visit' as const, reason: '其实是入户走访' };
    expect(await vol().ok('visit', 'correct', late)).toMatchObject({ applied: false, requestPending: true });
    expect(counters().get(key('1'))).toBe(1);
    expect(err(await vol().raw('visit', 'correct', late))?.code).toBe('CONFLICT');
    const tl = await vol().ok('visit', 'timeline', { childId: kids[0] });
    expect(tl.items.find((i) => i.id === id)).toMatchObject({ kind: 'guardian_contact', pendingCorrection: true, corrected: true, editable: false, mine: true });
    expect((await as(cloud, WHO.countyB).ok('visit', 'corrections', {})).total).toBe(0);
    expect(err(await as(cloud, WHO.countyB).raw('visit', 'reviewCorrection', { id, version: versionOf(id), approve: true }))?.code).toBe('FORBIDDEN');
    const queue = await as(cloud, WHO.countyA).ok('visit', 'corrections', {});
    expect(queue.items[0]).toMatchObject({ id, reason: '其实是入户走访', before: { version: versionOf(id) } });
    const shown = queue.items[0].before.version;
    await as(cloud, WHO.countyA).ok('visit', 'reviewCorrection', { id, version: shown, approve: true, note: '核实无误' });
    // a second reviewer still looking at the same queue: told it changed, nothing decided twice
    const before = snapshot(cloud);
    expect(err(await as(cloud, STREET_VISIT).raw('visit', 'reviewCorrection', { id, version: shown, approve: false }))).toEqual({ code: 'CONFLICT', message: '记录已被修改，请刷新后再改' });
    expect(snapshot(cloud)).toBe(before);
    expect(counters().get(key('0'))).toBe(1); // home visits count toward both
    const doc = checkins().find((d) => d._id === id) as unknown as { kind: string; revisions: { kind: string }[]; decisions: { approved: boolean }[] };
    expect(doc.kind).toBe('home_visit');
    expect(doc.revisions.map((r) => r.kind)).toEqual(['call', 'guardian_contact']);
    expect(doc.decisions).toEqual([expect.objectContaining({ approved: true })]);
  });

  test('a correction from a stale view is refused with CONFLICT and writes nothing; the fresh version goes through', async () => {
    const { id } = await vol().ok('visit', 'checkIn', input(kids[0], { kind: 'call', durationMinutes: 30 }));
    // two pages opened on the same check-in: both show the same version
    const seen = (await vol().ok('visit', 'timeline', { childId: kids[0] })).items.find((i) => i.id === id)!;
    expect(seen.version).toBe(versionOf(id));
    const { clientId: _c, childId: _k, ...fields } = input(kids[0], { kind: 'call', at: checkins().find((d) => d._id === id)!.at as never });
    expect(await vol().ok('visit', 'correct', { ...fields, id, version: seen.version, durationMinutes: 40, reason: '时长记错了' })).toMatchObject({ applied: true });
    const before = snapshot(cloud);
    const stale = await vol().raw('visit', 'correct', { ...fields, id, version: seen.version, durationMinutes: 50, reason: '还是记错了' });
    expect(err(stale)).toEqual({ code: 'CONFLICT', message: '记录已被修改，请刷新后再改', details: { current: expect.objectContaining({ id, durationMinutes: 40, version: seen.version + 1 }) } });
    expect(snapshot(cloud)).toBe(before);
    expect(checkins().find((d) => d._id === id)).toMatchObject({ durationMinutes: 40, revisions: [expect.objectContaining({ durationMinutes: 30 })] });
    // a version from the future is as stale as one from the past
    expect(err(await vol().raw('visit', 'correct', { ...fields, id, version: versionOf(id) + 1, durationMinutes: 50, reason: '还是记错了' }))?.code).toBe('CONFLICT');
    // refreshed: the new version is shown and accepted
    const fresh = (await vol().ok('visit', 'timeline', { childId: kids[0] })).items.find((i) => i.id === id)!;
    expect(fresh.version).toBe(seen.version + 1);
    expect(await vol().ok('visit', 'correct', { ...fields, id, version: fresh.version, durationMinutes: 50, reason: '还是记错了' })).toMatchObject({ applied: true });
    // two corrections at once from the same view: exactly one applies
    const v = versionOf(id);
    const both = await Promise.all([60, 70].map((d) => vol().raw('visit', 'correct', { ...fields, id, version: v, durationMinutes: d, reason: '同时修改' })));
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(both.filter((r) => !r.ok).map(err)).toEqual([{ code: 'CONFLICT', message: '记录已被修改，请刷新后再改', details: { current: expect.objectContaining({ id, version: v + 1 }) } }]);
    expect(checkins().find((d) => d._id === id)!.revisions).toHaveLength(3);
  });
});

describe('timeline and reminders', () => {
  test('the timeline is for the active volunteer and staff in scope', async () => {
    await vol().ok('visit', 'checkIn', input(kids[0]));
    expect((await as(cloud, WHO.countyA).ok('visit', 'timeline', { childId: kids[0] })).total).toBeGreaterThan(0);
    expect(err(await as(cloud, WHO.countyB).raw('visit', 'timeline', { childId: kids[0] }))?.code).toBe('FORBIDDEN');
    expect(err(await as(cloud, WHO.otherVolunteer).raw('visit', 'timeline', { childId: kids[0] }))?.code).toBe('FORBIDDEN');
  });

  test('the morning timer reminds each volunteer once per due item, in WeChat once per accepted subscription', async () => {
    clock = T0;
    // she accepted the template on the check-in tap; a double tap is one acceptance
    const sub = input(kids[0], { subscribe: true });
    cloud.wechat.acceptSubscribe(WHO.volunteer, ['local-visit-reminder']); // what wx.requestSubscribeMessage tells WeChat
    await vol().ok('visit', 'checkIn', sub);
    expect(await vol().ok('visit', 'checkIn', sub)).toMatchObject({ duplicate: true });
    const vols = () => cloud.store.rawDocuments('visit_volunteers') as { _id: string; reminderCredits?: number; openid?: string }[];
    const me = () => vols().find((v) => v._id === userIdFor(WHO.volunteer))!;
    expect(me()).toMatchObject({ reminderCredits: 1, openid: WHO.volunteer });
    expect((await vol().ok('visit', 'mine', {})).reminderTemplateId).toBe('local-visit-reminder');
    const wechat = () => cloud.wechat.sent.filter((m) => m.templateId === 'local-visit-reminder');
    const sentBefore = wechat().length;
    clock = Date.parse('2026-06-27T00:00:00.000Z');
    const first = await fireTimer(cloud, 'visit', 'reminders');
    expect(first.ok).toBe(true);
    // only the volunteer with a credit gets a WeChat message; the credit is spent
    expect(wechat().length).toBe(sentBefore + 1);
    expect(wechat()[sentBefore]).toMatchObject({ touser: WHO.volunteer, page: 'packages/volunteer/pages/checkin/index' });
    expect(wechat()[sentBefore].data.thing1.value.length).toBeLessThanOrEqual(20);
    expect(me().reminderCredits).toBe(0);
    const notes = () => cloud.store.rawDocuments('visit_notifications') as { userId: string; text: string }[];
    const n = notes().length;
    expect(n).toBe(2); // the two volunteers with active pairings
    expect(notes()[0].text).toContain('即将到期');
    await fireTimer(cloud, 'visit', 'reminders');
    expect(notes().length).toBe(n);
    clock = Date.parse('2026-07-02T00:00:00.000Z'); // now overdue: a new reminder
    await fireTimer(cloud, 'visit', 'reminders');
    expect(notes().length).toBe(n + 2);
    expect(wechat().length).toBe(sentBefore + 1); // no acceptance left: nothing more in WeChat
  });
});

describe('the board by area', () => {
  test('before the morning timer has ever run, an area says it is not counted yet (not "no pairings")', async () => {
    await db().collection('visit_area_status').where({ code: db().command.exists(true) }).remove();
    const a = await as(cloud, WHO.countyA).ok('visit', 'board', { view: 'area' });
    expect(a.items.find((r) => r.key === ORGS.streetA)).toMatchObject({ sub: '尚未统计（每天早上统计一次）', worst: 'pending', worstLabel: '待统计', overdue: 0 });
  });

  test('groups the subtree by the next level below the caller\'s node, from the timer\'s tallies, in constant round trips', async () => {
    clock = Date.parse('2026-07-02T00:00:00.000Z');
    await fireTimer(cloud, 'visit', 'reminders');
    const a = await as(cloud, WHO.countyA).ok('visit', 'board', { view: 'area' });
    const street = a.items.find((r) => r.key === ORGS.streetA)!;
    expect(street).toMatchObject({ label: '测试街道甲', worst: 'overdue', items: [] });
    expect(street.overdue + street.dueSoon + street.onTrack).toBe(2); // the two active pairings of county A
    expect(street.overdue).toBeGreaterThan(0);
    expect(a.items.map((r) => r.key)).not.toContain(ORGS.streetB);
    expect(a.items[0].key).toBe(ORGS.streetA); // worst first
    const s = await as(cloud, STREET_VISIT).ok('visit', 'board', { view: 'area' });
    expect(s.items.find((r) => r.key === ORGS.communityA1)).toMatchObject({ overdue: street.overdue, dueSoon: street.dueSoon, onTrack: street.onTrack });
    expect(s.items.find((r) => r.key === ORGS.communityA2)).toMatchObject({ overdue: 0, dueSoon: 0, onTrack: 0, sub: '暂无在结对 · 统计于2026-07-02', worst: 'none', worstLabel: '无结对' });
    const b = await as(cloud, WHO.countyB).ok('visit', 'board', { view: 'area' });
    expect(b.items.find((r) => r.key === ORGS.streetB)!.overdue + b.items.find((r) => r.key === ORGS.streetB)!.dueSoon + b.items.find((r) => r.key === ORGS.streetB)!.onTrack).toBe(1);
    expect(err(await vol().raw('visit', 'board', { view: 'area' }))?.code).toBe('FORBIDDEN');
    // round trips per page do not grow with check-ins
    const proxy = await startCountingProxy(cloud);
    try {
      await as(cloud, WHO.countyA).ok('visit', 'board', { view: 'area' });
      const before = proxy.count();
      for (let i = 0; i < 5; i++) await vol().ok('visit', 'checkIn', input(kids[0], { at: new Date(clock - 3600_000 * (i + 2)).toISOString() }));
      await fireTimer(cloud, 'visit', 'reminders');
      proxy.reset();
      await as(cloud, WHO.countyA).ok('visit', 'board', { view: 'area' });
      expect(proxy.count()).toBe(before);
    } finally {
      await proxy.close();
    }
  });
});

describe('the team', () => {
  /** 测试妈妈一 and 测试妈妈二 in one team. */
  beforeEach(async () => {
    for (const who of [WHO.volunteer, WHO.otherVolunteer]) {
      await db().collection('volunteer_applications').doc(appIdFor(userIdFor(who))).update({ teamId: 'team-test', teamName: '测试服务队' });
    }
  });

  test('members see recent activity with the child\'s alias only, and who has not checked in this month', async () => {
    await vol().ok('visit', 'checkIn', input(kids[0])); // 测试妈妈一 this month; 测试妈妈二 not
    const res = await as(cloud, WHO.otherVolunteer).ok('visit', 'team', {});
    expect(res).toMatchObject({ teamName: '测试服务队', members: 2, inactive: ['测试妈妈二'] });
    expect(res.recent.length).toBeGreaterThan(0);
    const names = (cloud.store.rawDocuments('children') as { name: string }[]).map((c) => c.name);
    const json = JSON.stringify(res);
    expect(names.some((n) => json.includes(n))).toBe(false);
    expect(res.recent.every((r) => /同学$/.test(r.childAlias) && r.volunteerName === '测试妈妈一')).toBe(true);
    expect(err(await as(cloud, VB).raw('visit', 'team', {}))?.code).toBe('NOT_FOUND');
  });

  test('a check-in shared to the team group: members see kind, name and alias only; others a polite refusal', async () => {
    await vol().ok('visit', 'checkIn', input(kids[0]));
    const id = checkins().find((c) => c.childId === kids[0])!._id;
    const seen = await as(cloud, WHO.otherVolunteer).ok('visit', 'sharedEntry', { id });
    expect(Object.keys(seen).sort()).toEqual(['childAlias', 'date', 'kindLabel', 'link', 'volunteerName']);
    expect(seen.link).toBeNull(); // only the team's leader and staff looking after it learn about its group link
    expect(seen.volunteerName).toBe('测试妈妈一');
    expect(seen.childAlias).toMatch(/同学$/);
    const names = (cloud.store.rawDocuments('children') as { name: string }[]).map((c) => c.name);
    expect(names.some((n) => JSON.stringify(seen).includes(n))).toBe(false);
    expect(await vol().ok('visit', 'sharedEntry', { id })).toEqual(seen);
    for (const outsider of [VB, WHO.countyA, 'someone-in-the-group']) {
      const e = err(await as(cloud, outsider).raw('visit', 'sharedEntry', { id }));
      expect(e).toEqual({ code: 'FORBIDDEN', message: '这条动态仅对所在爱心妈妈服务队的成员开放，感谢您的关心' });
    }
    expect(err(await as(cloud, WHO.otherVolunteer).raw('visit', 'sharedEntry', { id: 'ck-missing-0000' }))?.code).toBe('NOT_FOUND');
  });
});
