import { startTestCloud, as, ADMIN, snapshot, fireTimer } from '../helpers/cloud';
import { addOrg, makeStaff, setupProgramme } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { approvedVolunteer } from '../domain/pairing/world';
import { forgetProgramme } from '../../src/server/programme';
import { setClock } from '../../src/server/time';
import { userIdFor } from '../../src/server/ids';
import { startCountingProxy } from '../../localcloud/counting-proxy';

/**
 * The reporting calendar under 晋江 (monthly, due the 15th of the next month, streets report): a
 * small fixed world whose March figures are counted by hand, the cut-off snapshot, the frozen
 * submitted report, concurrency, scope, reminders and bad input.
 */
let cloud: LocalCloud;
let clock = Date.parse('2026-02-20T02:00:00.000Z');
const A = 'jj-qingyang';
const B = 'jj-meiling';
const A1 = { code: 'jj-qy-c1', name: '测试社区甲一', path: ['jj', A, 'jj-qy-c1'] };
const A2 = { code: 'jj-qy-c2', name: '测试社区甲二', path: ['jj', A, 'jj-qy-c2'] };
const B1 = { code: 'jj-ml-c1', name: '测试社区乙一', path: ['jj', B, 'jj-ml-c1'] };
const WHO = { a: 'jj-staff-a', a2: 'jj-staff-a2', b: 'jj-staff-b', city: 'jj-staff-city', reader: 'jj-staff-reader' };
const err = (res: unknown) => (res as { error?: { code: string; message: string } }).error;
const at = (iso: string) => { clock = Date.parse(iso); };
let kids: string[] = [];
let seq = 0;
const checkIn = (openid: string, childId: string, kind: string, when: string) =>
  as(cloud, openid).ok('visit', 'checkIn', { clientId: `rc-client-${seq++}`, childId, kind: kind as 'call', at: when, durationMinutes: 30 });
const rows = (name: string) => cloud.store.rawDocuments(name) as Record<string, unknown>[];

async function activate(childId: string, volunteerId: string, openid: string) {
  const p = await as(cloud, ADMIN).ok('pairing', 'propose', { childId, volunteerId });
  await as(cloud, ADMIN).ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-02-20' });
  await as(cloud, openid).ok('pairing', 'respond', { id: p.id, accept: true });
}

/** Every test has its own cloud: the world below with its check-ins, the clock on 1 April 2026. */
beforeEach(async () => {
  forgetProgramme();
  at('2026-02-20T02:00:00.000Z');
  setClock(() => clock);
  kids = [];
  cloud = await startTestCloud();
  await setupProgramme(cloud, 'jinjiang-2024');
  for (const c of [A1, A2, B1]) await addOrg(cloud, c.path[1], c.code, c.name, 'community');
  await makeStaff(cloud, WHO.a, A, ['report.read', 'report.submit']);
  await makeStaff(cloud, WHO.a2, A, ['report.submit']);
  await makeStaff(cloud, WHO.b, B, ['report.read', 'report.submit']);
  await makeStaff(cloud, WHO.city, 'jj', ['report.read']);
  await makeStaff(cloud, WHO.reader, A, ['child.read']);
  // street A: three children in c1 (two paired), a high-risk unpaired one in c2; street B: one, paired
  for (const [i, org, risk] of [[0, A1, 'low'], [1, A1, 'low'], [2, A1, 'medium'], [3, A2, 'high'], [4, B1, 'low']] as const) {
    kids.push((await as(cloud, ADMIN).ok('child', 'create', childInput(90 + i, org.code, { riskLevel: risk }))).id);
  }
  await activate(kids[0], await approvedVolunteer(cloud, 'jj-vol-a1', A1), 'jj-vol-a1');
  await activate(kids[1], await approvedVolunteer(cloud, 'jj-vol-a2', A1), 'jj-vol-a2');
  await activate(kids[4], await approvedVolunteer(cloud, 'jj-vol-b', B1), 'jj-vol-b');
  at('2026-03-01T03:00:00.000Z');
  await checkIn('jj-vol-a2', kids[1], 'call', '2026-02-27T02:00:00.000Z'); // February: outside the window
  at('2026-04-01T03:00:00.000Z');
  await checkIn('jj-vol-a1', kids[0], 'call', '2026-03-10T02:00:00.000Z');
  await checkIn('jj-vol-a1', kids[0], 'home_visit', '2026-03-31T15:30:00.000Z'); // 23:30 on 31 March in Shanghai: in March
  await checkIn('jj-vol-a1', kids[0], 'call', '2026-03-31T16:30:00.000Z'); // 00:30 on 1 April: not in March
  await checkIn('jj-vol-a2', kids[1], 'talk', '2026-03-15T02:00:00.000Z');
  await checkIn('jj-vol-b', kids[4], 'call', '2026-03-12T02:00:00.000Z');
});
afterEach(() => {
  setClock(null);
  return cloud.close();
});

/** The cut-off timer run at 00:05 on 1 April in Shanghai: every street's March snapshot. */
async function cutOff() {
  at('2026-03-31T16:05:00.000Z');
  await fireTimer(cloud, 'report', 'hourly');
}
/** ...and street A's March text saved on 2 April (version 1). */
async function saved() {
  await cutOff();
  at('2026-04-02T02:00:00.000Z');
  await as(cloud, WHO.a).ok('report', 'save', { orgCode: A, periodKey: '2026-03', version: 0, narrative: { problems: '部分孩子监护人外出务工，联系不便', results: '两名孩子已结对' } });
}
/** ...and submitted on 3 April. */
async function submitted() {
  await saved();
  at('2026-04-03T02:00:00.000Z');
  await as(cloud, WHO.a).ok('report', 'submit', { orgCode: A, periodKey: '2026-03', version: 1 });
}

describe('the calendar', () => {
  test('in March the March report is not due yet; the street sees the months with deadlines', async () => {
    at('2026-03-20T02:00:00.000Z');
    const cal = await as(cloud, WHO.a).ok('report', 'periods', {});
    expect(cal).toMatchObject({ enabled: true, orgCode: A, isSubmitter: true, canSubmit: true, canViewStatus: false, message: '每月报送一次，次月15日前提交' });
    expect(cal.sections.map((s) => s.label)).toEqual(['存在问题', '工作成效']);
    expect(cal.periods[0]).toMatchObject({ key: '2026-03', label: '2026年3月', dueDate: '2026-04-15', status: 'upcoming', statusLabel: '未到期', open: false });
    expect(cal.periods[1]).toMatchObject({ key: '2026-02', dueDate: '2026-03-15', status: 'overdue', statusLabel: '已逾期' });
    expect(err(await as(cloud, WHO.a).raw('report', 'draft', { orgCode: A, periodKey: '2026-03' }))?.message).toBe('2026年3月的报告尚未开始报送，请于2026-04-01起填写');
    const city = await as(cloud, WHO.city).ok('report', 'periods', {});
    expect(city).toMatchObject({ isSubmitter: false, canSubmit: false, canViewStatus: true });
  });

  test('the timer takes every street\'s snapshot at the cut-off, once', async () => {
    at('2026-03-31T16:05:00.000Z'); // 00:05 on 1 April in Shanghai
    const first = await fireTimer(cloud, 'report', 'hourly');
    expect(first).toMatchObject({ ok: true, data: { snapshots: { period: '2026-03', snapshots: 19 }, reminders: { reminded: 0 } } });
    const before = JSON.stringify(rows('reports'));
    at('2026-03-31T17:05:00.000Z');
    expect(await fireTimer(cloud, 'report', 'hourly')).toMatchObject({ ok: true, data: { snapshots: { snapshots: 0 } } });
    expect(JSON.stringify(rows('reports'))).toBe(before);
  });

  test('the March figures equal the hand count, as of the cut-off', async () => {
    await cutOff();
    at('2026-04-02T02:00:00.000Z');
    const r = await as(cloud, WHO.a).ok('report', 'draft', { orgCode: A, periodKey: '2026-03' });
    expect(r).toMatchObject({ status: 'draft', version: 0, figuresFinal: true, asOf: '2026-03-31T16:05:00.000Z', dueDate: '2026-04-15', editable: true });
    const f = r.figures!;
    expect(f.window).toEqual({ start: '2026-02-28T16:00:00.000Z', end: '2026-03-31T16:00:00.000Z', label: '2026年3月' });
    expect(f.children).toMatchObject({ total: 4, paired: 2, unpaired: 2, unpairedHighRisk: 1 });
    expect(f.pairings.active).toBe(2);
    expect(f.volunteers.approved).toBe(2);
    expect(f.visits.total).toBe(3); // 10 Mar call, 31 Mar 23:30 visit, 15 Mar talk
    expect(Object.fromEntries(f.visits.byKind.filter((k) => k.n).map((k) => [k.key, k.n]))).toEqual({ call: 1, home_visit: 1, talk: 1 });
    expect(f.subnodes.map((s) => [s.code, s.children, s.paired, s.unpairedHighRisk, s.contacts])).toEqual([[A1.code, 3, 2, 0, 3], [A2.code, 1, 0, 1, 0]]);
    const b = await as(cloud, WHO.b).ok('report', 'draft', { orgCode: B, periodKey: '2026-03' });
    expect(b.figures).toMatchObject({ children: { total: 1, paired: 1 }, visits: { total: 1 } });
  });
});

describe('writing and submitting', () => {
  test('save is version-conditional: of two edits on one version the second is refused', async () => {
    await cutOff();
    at('2026-04-02T02:00:00.000Z');
    const body = { orgCode: A, periodKey: '2026-03', version: 0, narrative: { problems: '部分孩子监护人外出务工，联系不便', results: '两名孩子已结对' } };
    expect(await as(cloud, WHO.a).ok('report', 'save', body)).toMatchObject({ version: 1 });
    const res = await as(cloud, WHO.a2).raw('report', 'save', { ...body, narrative: { problems: '另一位同事的改动' } });
    expect(err(res)).toMatchObject({ code: 'CONFLICT', message: '报告刚被其他人修改或已提交，请刷新后再试' });
    const r = await as(cloud, WHO.a2).ok('report', 'draft', { orgCode: A, periodKey: '2026-03' });
    expect(r.narrative).toMatchObject({ problems: '部分孩子监护人外出务工，联系不便', results: '两名孩子已结对' });
  });

  test('bad input changes nothing, with a Chinese message', async () => {
    await saved();
    const before = snapshot(cloud);
    const save = (over: Record<string, unknown>) => as(cloud, WHO.a).raw('report', 'save', { orgCode: A, periodKey: '2026-03', version: 1, ...over });
    expect(err(await save({ narrative: { problems: '长'.repeat(2001) } }))).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('存在问题') });
    expect(err(await save({ narrative: { experience: '经验' } }))?.message).toBe('本项目的报告不包含“经验做法”');
    expect(err(await save({ typicalCases: [{ title: '案例', text: '内容' }] }))?.message).toBe('本项目的报告不包含“典型案例”');
    expect(err(await save({ periodKey: '2026-13' }))?.code).toBe('INVALID_INPUT');
    expect(err(await save({ photos: ['http://example.com/a.jpg'] }))?.message).toBe('照片须从已上传的文件中选择');
    expect(err(await as(cloud, WHO.city).raw('report', 'draft', { orgCode: 'jj', periodKey: '2026-03' }))?.code).toBe('FORBIDDEN'); // no report.submit
    expect(err(await as(cloud, ADMIN).raw('report', 'draft', { orgCode: 'jj', periodKey: '2026-03' }))?.message).toBe('工作报告由街道/乡镇一级报送，晋江市无需单独报送');
    expect(err(await as(cloud, WHO.a).raw('report', 'submit', { orgCode: A, periodKey: '2026-03', version: 0 }))?.code).toBe('CONFLICT');
    expect(snapshot(cloud)).toBe(before);
  });

  test('scope: a street cannot read or write another street\'s report', async () => {
    const before = snapshot(cloud);
    expect(err(await as(cloud, WHO.b).raw('report', 'draft', { orgCode: A, periodKey: '2026-03' }))?.code).toBe('FORBIDDEN');
    expect(err(await as(cloud, WHO.b).raw('report', 'save', { orgCode: A, periodKey: '2026-03', version: 1, narrative: {} }))?.code).toBe('FORBIDDEN');
    expect(err(await as(cloud, WHO.b).raw('report', 'status', { orgCode: A }))?.code).toBe('FORBIDDEN');
    expect(err(await as(cloud, WHO.reader).raw('report', 'periods', {}))?.code).toBe('FORBIDDEN');
    expect(snapshot(cloud)).toBe(before);
  });

  test('two submits at once: exactly one wins; the report is frozen and audited', async () => {
    await saved();
    at('2026-04-03T02:00:00.000Z');
    const body = { orgCode: A, periodKey: '2026-03', version: 1 };
    const res = await Promise.all([as(cloud, WHO.a).raw('report', 'submit', body), as(cloud, WHO.a2).raw('report', 'submit', body)]);
    expect(res.filter((r) => r.ok).length).toBe(1);
    expect(err(res.find((r) => !r.ok))?.code).toBe('CONFLICT');
    expect((res.find((r) => r.ok) as { data: unknown }).data).toMatchObject({ status: 'submitted', submittedAt: '2026-04-03T02:00:00.000Z', late: false });
    const audit = rows('audit_logs').filter((a) => a.action === 'submit' && a.ok);
    expect(audit).toHaveLength(1);
    expect(audit[0].targetIds).toEqual([`${A}_2026-03`]);
  });

  test('after submit, a new child and a late-entered March check-in change nothing in it', async () => {
    await submitted();
    const frozen = await as(cloud, WHO.a).ok('report', 'draft', { orgCode: A, periodKey: '2026-03' });
    expect(frozen).toMatchObject({ status: 'submitted', statusLabel: '已提交', editable: false });
    at('2026-04-04T02:00:00.000Z');
    await as(cloud, ADMIN).ok('child', 'create', childInput(99, A2.code));
    await checkIn('jj-vol-a1', kids[0], 'call', '2026-03-20T02:00:00.000Z');
    await fireTimer(cloud, 'report', 'hourly');
    const again = await as(cloud, WHO.city).ok('report', 'get', { orgCode: A, periodKey: '2026-03' });
    expect(again.figures).toEqual(frozen.figures);
    expect(again).toMatchObject({ narrative: frozen.narrative, submittedByName: expect.stringMatching(/^测试jj-staff-a/), editable: false });
    expect(err(await as(cloud, WHO.a).raw('report', 'save', { orgCode: A, periodKey: '2026-03', version: 2, narrative: { problems: '改' } }))).toMatchObject({ code: 'CONFLICT', message: '该报告已经提交，不能再修改' });
    // the dashboard moved on; the report did not
    const live = await as(cloud, WHO.a).ok('report', 'draft', { orgCode: A, periodKey: '2026-03' });
    expect(live.figures!.children.total).toBe(4);
  });
});

describe('the parent view and reminders', () => {
  test('the city sees who has and has not submitted, and opens a submitted report read-only', async () => {
    await submitted();
    at('2026-04-10T02:00:00.000Z');
    const s = await as(cloud, WHO.city).ok('report', 'status', {});
    expect(s).toMatchObject({ periodKey: '2026-03', dueDate: '2026-04-15', counts: { submitted: 1, pending: 18, overdue: 0, total: 19 } });
    expect(s.rows.find((r) => r.orgCode === A)).toMatchObject({ state: 'submitted', stateLabel: '已提交', submittedAt: '2026-04-03T02:00:00.000Z' });
    expect(s.rows.find((r) => r.orgCode === B)).toMatchObject({ state: 'not_started', stateLabel: '未开始', overdue: false });
    expect(err(await as(cloud, WHO.city).raw('report', 'get', { orgCode: B, periodKey: '2026-03' }))).toMatchObject({ code: 'NOT_FOUND', message: '梅岭街道尚未提交2026年3月的报告' });
    const own = await as(cloud, WHO.a).ok('report', 'status', {});
    expect(own.rows.map((r) => r.orgCode)).toEqual([A]);
  });

  test('round trips: the status of 19 streets, the calendar and opening a frozen report take a few reads, not one per street', async () => {
    await submitted();
    const proxy = await startCountingProxy(cloud);
    try {
      const measure = async (f: () => Promise<unknown>) => {
        proxy.reset();
        await f();
        return proxy.count();
      };
      await measure(() => as(cloud, WHO.city).ok('report', 'status', {})); // warm the programme cache
      const n = {
        status: await measure(() => as(cloud, WHO.city).ok('report', 'status', {})),
        periods: await measure(() => as(cloud, WHO.a).ok('report', 'periods', {})),
        open: await measure(() => as(cloud, WHO.city).ok('report', 'get', { orgCode: A, periodKey: '2026-03' })),
      };
      expect(n.status).toBeLessThanOrEqual(5);
      expect(n.periods).toBeLessThanOrEqual(5);
      expect(n.open).toBeLessThanOrEqual(5);
    } finally {
      await proxy.close();
    }
  });

  test('3 days and 1 day before the deadline, staff of streets that have not submitted are reminded once', async () => {
    await submitted();
    cloud.wechat.acceptSubscribe(WHO.b, ['local-report-reminder']); // what wx.requestSubscribeMessage tells WeChat
    await as(cloud, WHO.b).ok('report', 'remindMe', {});
    const notes = () => rows('report_notifications').filter((n) => n.userId === userIdFor(WHO.b));
    at('2026-04-11T23:30:00.000Z'); // 07:30 on 12 April: too early in the day
    await fireTimer(cloud, 'report', 'hourly');
    expect(notes()).toHaveLength(0);
    at('2026-04-12T01:05:00.000Z'); // 09:05 on 12 April, 3 days before
    expect(await fireTimer(cloud, 'report', 'hourly')).toMatchObject({ data: { reminders: { reminded: 18, sent: 1 } } });
    await fireTimer(cloud, 'report', 'hourly');
    expect(notes().map((n) => n.text)).toEqual(['2026年3月工作报告将于2026-04-15截止（还有3天），请及时提交']);
    expect(rows('report_notifications').filter((n) => n.userId === userIdFor(WHO.a) || n.userId === userIdFor(WHO.a2))).toHaveLength(0);
    expect(cloud.wechat.sent.filter((m) => m.touser === WHO.b)).toHaveLength(1);
    at('2026-04-14T02:05:00.000Z');
    await fireTimer(cloud, 'report', 'hourly');
    await fireTimer(cloud, 'report', 'hourly');
    expect(notes()).toHaveLength(2);
    expect(cloud.wechat.sent.filter((m) => m.touser === WHO.b)).toHaveLength(1); // one acceptance, one message
    // her calendar shows her own reminders, newest first; another street's staff sees none of them
    expect((await as(cloud, WHO.b).ok('report', 'periods', {})).notices.map((n) => n.text)).toEqual([
      '2026年3月工作报告将于2026-04-15截止（还有1天），请及时提交',
      '2026年3月工作报告将于2026-04-15截止（还有3天），请及时提交',
    ]);
    expect((await as(cloud, WHO.a).ok('report', 'periods', {})).notices).toEqual([]);
  });

  test('after the 15th the city sees the overdue streets first; a late submit is marked 逾期提交', async () => {
    await submitted();
    at('2026-04-16T02:00:00.000Z');
    const s = await as(cloud, WHO.city).ok('report', 'status', { periodKey: '2026-03' });
    expect(s.counts).toMatchObject({ submitted: 1, overdue: 18 });
    expect(s.rows[0]).toMatchObject({ overdue: true });
    await as(cloud, WHO.b).ok('report', 'save', { orgCode: B, periodKey: '2026-03', version: 0, narrative: { problems: '无', results: '一名孩子已结对' } });
    expect(await as(cloud, WHO.b).ok('report', 'submit', { orgCode: B, periodKey: '2026-03', version: 1 })).toMatchObject({ late: true });
    const cal = await as(cloud, WHO.b).ok('report', 'periods', {});
    expect(cal.periods[1]).toMatchObject({ key: '2026-03', status: 'late', statusLabel: '逾期提交' });
  });

  test('the city may return a report for revision; its figures stay as submitted', async () => {
    await submitted();
    at('2026-04-16T02:00:00.000Z');
    const before = await as(cloud, WHO.city).ok('report', 'get', { orgCode: A, periodKey: '2026-03' });
    expect(err(await as(cloud, WHO.a).raw('report', 'reopen', { orgCode: A, periodKey: '2026-03', reason: '请补充' }))?.code).toBe('FORBIDDEN');
    await as(cloud, WHO.city).ok('report', 'reopen', { orgCode: A, periodKey: '2026-03', reason: '请补充工作成效的具体数字' });
    const r = await as(cloud, WHO.a).ok('report', 'draft', { orgCode: A, periodKey: '2026-03' });
    expect(r).toMatchObject({ status: 'returned', editable: true, returned: { reason: '请补充工作成效的具体数字' } });
    await as(cloud, WHO.a).ok('report', 'save', { orgCode: A, periodKey: '2026-03', version: r.version, narrative: { results: '两名孩子已结对，三月走访三次' } });
    await as(cloud, WHO.a).ok('report', 'submit', { orgCode: A, periodKey: '2026-03', version: r.version + 1 });
    const after = await as(cloud, WHO.city).ok('report', 'get', { orgCode: A, periodKey: '2026-03' });
    expect(after.figures).toEqual(before.figures);
    expect(after).toMatchObject({ late: true, narrative: { results: '两名孩子已结对，三月走访三次' } });
  });
});
