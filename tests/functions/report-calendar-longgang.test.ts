import { startTestCloud, as, ADMIN, fireTimer, snapshot } from '../helpers/cloud';
import { addOrg, makeStaff, setupProgramme } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { approvedVolunteer } from '../domain/pairing/world';
import { forgetProgramme } from '../../src/server/programme';
import { setClock } from '../../src/server/time';

/**
 * 龙岗 (every two months, due the 25th of the period's last month): the report is written inside
 * the period, so its figures are provisional until submitted (asOf = submit time); the cut-off
 * timer leaves a submitted report alone and takes the others' final snapshot. A programme with no
 * calendar says so and offers nothing.
 */
let clock = Date.parse('2026-03-05T02:00:00.000Z');
const err = (res: unknown) => (res as { error?: { code: string; message: string } }).error;
const at = (iso: string) => { clock = Date.parse(iso); };
const S = 'lg-bantian';
const T = 'lg-jihua';
const C1 = { code: 'lg-bt-c1', name: '测试社区丙一', path: ['lg', S, 'lg-bt-c1'] };
const STAFF = 'lg-staff-s';
const OTHER = 'lg-staff-t';
const DISTRICT = 'lg-staff-district';
/** Each test has its own cloud and clock (both put back after it). */
afterEach(() => setClock(null));

describe('龙岗: every two months, due the 25th', () => {
  let cloud: LocalCloud;
  let child = '';
  beforeEach(async () => {
    forgetProgramme();
    at('2026-03-05T02:00:00.000Z');
    setClock(() => clock);
    cloud = await startTestCloud();
    await setupProgramme(cloud, 'longgang-2019');
    await addOrg(cloud, S, C1.code, C1.name, 'community');
    await makeStaff(cloud, STAFF, S, ['report.read', 'report.submit']);
    await makeStaff(cloud, OTHER, T, ['report.read', 'report.submit']);
    await makeStaff(cloud, DISTRICT, 'lg', ['report.read']);
    child = (await as(cloud, ADMIN).ok('child', 'create', childInput(40, C1.code, { riskLevel: 'low', category: 'poor', poorReasons: ['subsistence_allowance'] }))).id;
    const v = await approvedVolunteer(cloud, 'lg-vol', C1);
    const p = await as(cloud, ADMIN).ok('pairing', 'propose', { childId: child, volunteerId: v });
    await as(cloud, ADMIN).ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-03-05' });
    await as(cloud, 'lg-vol').ok('pairing', 'respond', { id: p.id, accept: true });
  });
  afterEach(() => cloud.close());

  const checkIn = (clientId: string, kind: 'home_visit' | 'call', when: string, durationMinutes: number) =>
    as(cloud, 'lg-vol').ok('visit', 'checkIn', { clientId, childId: child, kind, at: when, durationMinutes });
  const text = { results: '一名孩子已结对', experience: '入户走访', problems: '无', ledger: '台账见附件' };
  const typicalCases = [{ title: '周末陪伴', text: '爱心妈妈每周末陪孩子读书' }];
  /** 坂田's March–April report as the inside-the-period test writes it: a visit on 9 April, the
   * text and a photo saved on 10 April, a call on 11 April, submitted on 12 April. */
  async function submittedOn12April() {
    at('2026-04-10T02:00:00.000Z');
    await checkIn('lg-client-1', 'home_visit', '2026-04-09T02:00:00.000Z', 60);
    const r = await as(cloud, STAFF).ok('report', 'draft', { orgCode: S, periodKey: '2026-03~04' });
    const saved = await as(cloud, STAFF).ok('report', 'save', { orgCode: S, periodKey: '2026-03~04', version: r.version, narrative: text, typicalCases, photos: ['cloud://local.local-bucket/report/a.jpg'] });
    at('2026-04-12T02:00:00.000Z');
    await checkIn('lg-client-2', 'call', '2026-04-11T02:00:00.000Z', 10);
    await as(cloud, STAFF).ok('report', 'submit', { orgCode: S, periodKey: '2026-03~04', version: saved.version });
  }

  test('March–April opens on 1 April and is due on 25 April', async () => {
    at('2026-03-20T02:00:00.000Z');
    let cal = await as(cloud, STAFF).ok('report', 'periods', {});
    expect(cal).toMatchObject({ message: '每两个月报送一次，当期最后一个月25日前提交', everyLabel: '每两个月' });
    expect(cal.sections.map((s) => s.key)).toEqual(['results', 'experience', 'problems', 'typical_cases', 'ledger', 'photos']);
    expect(cal.periods[0]).toMatchObject({ key: '2026-03~04', label: '2026年3—4月', dueDate: '2026-04-25', status: 'upcoming', open: false });
    expect(cal.periods[1]).toMatchObject({ key: '2026-01~02', dueDate: '2026-02-25', status: 'overdue' });
    at('2026-04-10T02:00:00.000Z');
    cal = await as(cloud, STAFF).ok('report', 'periods', {});
    expect(cal.periods[0]).toMatchObject({ status: 'open', statusLabel: '待提交', daysLeft: 15, open: true });
  });

  test('written inside the period: provisional figures, frozen as of the submit', async () => {
    at('2026-04-10T02:00:00.000Z');
    await checkIn('lg-client-1', 'home_visit', '2026-04-09T02:00:00.000Z', 60);
    const r = await as(cloud, STAFF).ok('report', 'draft', { orgCode: S, periodKey: '2026-03~04' });
    expect(r).toMatchObject({ figuresFinal: false, asOf: '2026-04-10T02:00:00.000Z', figures: { children: { total: 1, paired: 1 }, visits: { total: 1 } } });
    expect(r.figures!.window).toMatchObject({ start: '2026-02-28T16:00:00.000Z', end: '2026-04-10T02:00:00.000Z' });
    let saved = await as(cloud, STAFF).ok('report', 'save', { orgCode: S, periodKey: '2026-03~04', version: r.version, narrative: text, photos: ['cloud://local.local-bucket/report/a.jpg'] });
    const before = snapshot(cloud);
    expect(err(await as(cloud, STAFF).raw('report', 'submit', { orgCode: S, periodKey: '2026-03~04', version: saved.version }))?.message).toBe('请先填写“典型案例”再提交');
    expect(err(await as(cloud, STAFF).raw('report', 'save', { orgCode: S, periodKey: '2026-03~04', version: saved.version, photos: Array(10).fill('cloud://x/y.jpg') }))?.code).toBe('INVALID_INPUT');
    expect(err(await as(cloud, STAFF).raw('report', 'save', { orgCode: S, periodKey: '2026-03~04', version: saved.version, typicalCases: [{ title: '', text: '内容' }] }))?.message).toBe('请填写案例标题');
    expect(snapshot(cloud)).toBe(before);
    saved = await as(cloud, STAFF).ok('report', 'save', { orgCode: S, periodKey: '2026-03~04', version: saved.version, typicalCases });
    at('2026-04-12T02:00:00.000Z');
    await checkIn('lg-client-2', 'call', '2026-04-11T02:00:00.000Z', 10);
    expect(await as(cloud, STAFF).ok('report', 'submit', { orgCode: S, periodKey: '2026-03~04', version: saved.version })).toMatchObject({ late: false });
    const sub = await as(cloud, DISTRICT).ok('report', 'get', { orgCode: S, periodKey: '2026-03~04' });
    expect(sub).toMatchObject({ asOf: '2026-04-12T02:00:00.000Z', figuresFinal: false, figures: { visits: { total: 2 } }, photos: ['cloud://local.local-bucket/report/a.jpg'] });
    expect(sub.typicalCases).toEqual([{ title: '周末陪伴', text: '爱心妈妈每周末陪孩子读书' }]);
  });

  test('at the cut-off the timer leaves the submitted report alone and snapshots the rest', async () => {
    await submittedOn12April();
    const frozen = await as(cloud, DISTRICT).ok('report', 'get', { orgCode: S, periodKey: '2026-03~04' });
    at('2026-04-21T02:00:00.000Z');
    await checkIn('lg-client-3', 'call', '2026-04-20T02:00:00.000Z', 10);
    at('2026-04-30T16:05:00.000Z'); // 00:05 on 1 May in Shanghai
    expect(await fireTimer(cloud, 'report', 'hourly')).toMatchObject({ data: { snapshots: { period: '2026-03~04', snapshots: 10 } } });
    expect(await as(cloud, DISTRICT).ok('report', 'get', { orgCode: S, periodKey: '2026-03~04' })).toEqual(frozen);
    const t = await as(cloud, OTHER).ok('report', 'draft', { orgCode: T, periodKey: '2026-03~04' });
    expect(t).toMatchObject({ figuresFinal: true, asOf: '2026-04-30T16:05:00.000Z', figures: { window: { end: '2026-04-30T16:00:00.000Z' } } });
    const s = await as(cloud, DISTRICT).ok('report', 'status', { periodKey: '2026-03~04' });
    expect(s.counts).toMatchObject({ submitted: 1, overdue: 10, total: 11 });
  });
});

describe('a programme with no reporting calendar', () => {
  let cloud: LocalCloud;
  beforeEach(async () => {
    forgetProgramme();
    cloud = await startTestCloud();
    await setupProgramme(cloud, 'suining-2019');
  });
  afterEach(() => cloud.close());

  test('says so in Chinese and offers nothing', async () => {
    const cal = await as(cloud, ADMIN).ok('report', 'periods', {});
    expect(cal).toMatchObject({ enabled: false, message: '本项目没有规定定期报送工作报告', periods: [], sections: [] });
    expect(err(await as(cloud, ADMIN).raw('report', 'status', {}))).toMatchObject({ code: 'NOT_FOUND', message: '本项目没有规定定期报送工作报告' });
    expect(await fireTimer(cloud, 'report', 'hourly')).toMatchObject({ ok: true, data: { snapshots: { snapshots: 0 }, reminders: { reminded: 0 } } });
  });
});
