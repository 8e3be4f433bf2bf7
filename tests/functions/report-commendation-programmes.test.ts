import { startTestCloud, as, ADMIN } from '../helpers/cloud';
import { addOrg, makeStaff, setupProgramme } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { approvedVolunteer } from '../domain/pairing/world';
import { forgetProgramme } from '../../src/server/programme';
import { userIdFor } from '../../src/server/ids';
import { setClock } from '../../src/server/time';

/** The yearly review under the other presets: 厦门 (calendar year, 五个一 per term) and 龙岗 (none). */
const err = (res: unknown) => (res as { error?: { code: string; message: string } }).error;
let clock = Date.parse('2025-09-01T02:00:00.000Z');
let seq = 0;
/** Each test has its own cloud and clock (both put back after it). */
afterEach(() => setClock(null));

describe('厦门: the calendar year; a term counts in the year it ends', () => {
  let cloud: LocalCloud;
  const C = { code: 'xm-hc-c1', name: '测试社区', path: ['xm', 'xm-haicang', 'xm-hc-st', 'xm-hc-c1'] };
  beforeEach(async () => {
    forgetProgramme();
    clock = Date.parse('2025-09-01T02:00:00.000Z');
    setClock(() => clock);
    cloud = await startTestCloud();
    await setupProgramme(cloud, 'xiamen-2017');
    await addOrg(cloud, 'xm-haicang', 'xm-hc-st', '测试街道', 'street');
    await addOrg(cloud, 'xm-hc-st', C.code, C.name, 'community');
    await makeStaff(cloud, 'xm-district', 'xm-haicang', ['commendation.manage']);
    await makeStaff(cloud, 'xm-city', 'xm', ['commendation.manage']);
    const child = (await as(cloud, ADMIN).ok('child', 'create', childInput(81, C.code))).id;
    const v = await approvedVolunteer(cloud, 'xm-vol', C, { name: '测试妈妈厦' });
    await approvedVolunteer(cloud, 'xm-vol-2', C, { name: '测试妈妈门' });
    const p = await as(cloud, ADMIN).ok('pairing', 'propose', { childId: child, volunteerId: v });
    await as(cloud, ADMIN).ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2025-09-01' });
    await as(cloud, 'xm-vol').ok('pairing', 'respond', { id: p.id, accept: true });
    clock = Date.parse('2025-11-01T02:00:00.000Z');
    for (const [kind, at] of [['home_visit', '2025-09-10'], ['talk', '2025-10-10']]) {
      await as(cloud, 'xm-vol').ok('visit', 'checkIn', { clientId: `xm-client-${seq++}`, childId: child, kind: kind as 'talk', at: `${at}T02:00:00.000Z`, durationMinutes: 90, withWhom: '孩子', problems: '', measures: '' });
    }
    clock = Date.parse('2026-02-10T02:00:00.000Z');
  });
  afterEach(() => cloud.close());

  test('in February the page opens on last year; the autumn term is owed in the year it ends', async () => {
    const last = await as(cloud, 'xm-district').ok('report', 'shortlist', {});
    expect(last).toMatchObject({ year: 2025, windowLabel: '2025年1月1日—2025年12月31日', years: [2025, 2024, 2023, 2022, 2021] });
    expect(last.items.map((r) => r.name)).toEqual(['测试妈妈厦', '测试妈妈门']);
    expect(last.items[0].criteria.find((c) => c.key === 'visit_compliance')!.text).toBe('无应完成项，打卡2次');
    expect(last.items[0].criteria.find((c) => c.key === 'service_hours')!.text).toBe('3小时');
    const now = await as(cloud, 'xm-district').ok('report', 'shortlist', { year: 2026 });
    // 2025年秋季学期 (五个一: 5 requirements) ended on 31 January 2026: home visit and talk done
    expect(now.items[0].criteria.find((c) => c.key === 'visit_compliance')!.text).toBe('完成2/5项（40%），打卡0次');
  });

  test('a district nominates, the city approves', async () => {
    const n = await as(cloud, 'xm-district').ok('report', 'nominate', { year: 2025, volunteerId: userIdFor('xm-vol'), reason: '五个一落实到位' });
    expect(err(await as(cloud, 'xm-district').raw('report', 'decide', { id: n.id, version: 1, decision: 'approve' }))?.code).toBe('FORBIDDEN');
    expect(await as(cloud, 'xm-city').ok('report', 'decide', { id: n.id, version: 1, decision: 'approve' })).toMatchObject({ status: 'approved', decidedOrgName: '厦门市' });
    expect((await as(cloud, 'xm-vol').ok('report', 'mine', {})).items).toEqual([
      { id: n.id, year: 2025, title: '2025年度优秀爱心妈妈', name: '测试妈妈厦', orgName: '厦门市', date: '2026-02-10' },
    ]);
  });
});

describe('龙岗: no yearly review in the programme', () => {
  let cloud: LocalCloud;
  beforeEach(async () => {
    forgetProgramme();
    clock = Date.parse('2026-03-01T02:00:00.000Z');
    setClock(() => clock);
    cloud = await startTestCloud();
    await setupProgramme(cloud, 'longgang-2019');
    await makeStaff(cloud, 'lg-staff', 'lg', ['commendation.manage']);
    await approvedVolunteer(cloud, 'lg-vol', { code: 'lg', name: '龙岗区', path: ['lg'] });
  });
  afterEach(() => {
    forgetProgramme();
    return cloud.close();
  });

  test('staff are told in Chinese; the volunteer\'s page says so', async () => {
    const e = err(await as(cloud, 'lg-staff').raw('report', 'shortlist', {}));
    expect(e?.code).toBe('NOT_FOUND');
    expect(e?.message).toMatch(/^本项目（.+）未设置年度总结评优表扬$/);
    expect(err(await as(cloud, 'lg-staff').raw('report', 'nominate', { year: 2026, volunteerId: userIdFor('lg-vol'), reason: '理由' }))?.message).toMatch(/未设置年度总结评优表扬/);
    expect(err(await as(cloud, 'lg-staff').raw('report', 'nominations', {}))?.message).toMatch(/未设置年度总结评优表扬/);
    expect(await as(cloud, 'lg-vol').ok('report', 'mine', {})).toEqual({ enabled: false, message: '本项目未设置年度总结评优表扬', items: [], notices: [], templateId: null });
    expect(cloud.store.rawDocuments('commendation_nominations')).toEqual([]);
  });
});
