import { startTestCloud, as } from '../helpers/cloud';
import { addOrg, makeStaff } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { ORGS, setupWorld, WHO, audits } from '../domain/child/world';
import { approvedVolunteer } from '../domain/pairing/world';
import { wishInput } from '../domain/wish/world';
import { userIdFor } from '../../src/server/ids';
import { setClock } from '../../src/server/time';
import { startCountingProxy } from '../../localcloud/counting-proxy';

/**
 * report: the yearly review (遂宁: review in June over June–May). A fixed world whose ranking is
 * worked out by hand below; every nomination transition allowed and refused; races; scope; what
 * the volunteer sees; constant round trips of the shortlist as the world grows.
 */
let cloud: LocalCloud;
let kids: string[] = [];
const A1 = { code: ORGS.communityA1, name: '测试社区甲一', path: ['sn', ORGS.countyA, ORGS.streetA, ORGS.communityA1] };
const B1 = { code: ORGS.communityB1, name: '测试社区乙一', path: ['sn', ORGS.countyB, ORGS.streetB, ORGS.communityB1] };
const V3 = 'vol-3';
const VB = 'vol-b';
const STREET = 'staff-street-cm';
const SIBLING = 'staff-sibling-cm';
const COMMUNITY = 'staff-community-cm';
const CITY = 'staff-city-cm';
let clock = Date.parse('2026-01-05T02:00:00.000Z');
const err = (res: unknown) => (res as { error?: { code: string; message: string } }).error;
let seq = 0;
const checkIn = (openid: string, childId: string, kind: string, at: string, minutes: number, flag = '') =>
  as(cloud, openid).ok('visit', 'checkIn', { clientId: `commendation-${seq++}`, childId, kind: kind as 'call', at: `${at}T02:00:00.000Z`, durationMinutes: minutes, withWhom: '孩子', problems: '', measures: '', flag });

async function activate(staff: string, childId: string, volunteerId: string, openid: string) {
  const p = await as(cloud, staff).ok('pairing', 'propose', { childId, volunteerId });
  await as(cloud, staff).ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-01-02' });
  await as(cloud, openid).ok('pairing', 'respond', { id: p.id, accept: true });
}

const [v1, v2, v3] = [WHO.volunteer, WHO.otherVolunteer, V3].map(userIdFor);

/** Every test has its own cloud: the world below, the clock in the review month (10 June 2026). */
beforeEach(async () => {
  clock = Date.parse('2026-01-05T02:00:00.000Z');
  setClock(() => clock);
  kids = [];
  cloud = await startTestCloud();
  await setupWorld(cloud);
  await addOrg(cloud, ORGS.countyA, 'st-c', '测试街道丙', 'street');
  await makeStaff(cloud, STREET, ORGS.streetA, ['commendation.manage', 'visit.read']);
  await makeStaff(cloud, SIBLING, 'st-c', ['commendation.manage']);
  await makeStaff(cloud, COMMUNITY, ORGS.communityA1, ['commendation.manage']);
  await makeStaff(cloud, CITY, 'sn', ['commendation.manage']);
  for (let i = 0; i < 3; i++) kids.push((await as(cloud, WHO.countyA).ok('child', 'create', childInput(60 + i, A1.code))).id);
  kids.push((await as(cloud, WHO.countyB).ok('child', 'create', childInput(70, B1.code))).id);
  await approvedVolunteer(cloud, WHO.volunteer, A1, { name: '测试妈妈一', pairingForms: ['one_to_many'] });
  await approvedVolunteer(cloud, WHO.otherVolunteer, A1, { name: '测试妈妈二' });
  await approvedVolunteer(cloud, V3, A1, { name: '测试妈妈三' });
  await approvedVolunteer(cloud, VB, B1, { name: '测试妈妈乙' });
  await activate(WHO.countyA, kids[0], v1, WHO.volunteer); // accepted 5 January 2026
  await activate(WHO.countyA, kids[1], v1, WHO.volunteer);
  await activate(WHO.countyA, kids[2], v2, WHO.otherVolunteer);
  await activate(WHO.countyB, kids[3], userIdFor(VB), VB);

  clock = Date.parse('2026-05-20T02:00:00.000Z');
  // 妈妈一: three home visits for kids[0] (each meets both monthly requirements), one call for kids[1], one flag
  await checkIn(WHO.volunteer, kids[0], 'home_visit', '2026-01-15', 60);
  await checkIn(WHO.volunteer, kids[0], 'home_visit', '2026-02-15', 60);
  await checkIn(WHO.volunteer, kids[0], 'home_visit', '2026-03-15', 60, '监护人长期外出');
  await checkIn(WHO.volunteer, kids[1], 'call', '2026-01-20', 30);
  const flag = (await as(cloud, STREET).ok('visit', 'flags', {})).items[0];
  await as(cloud, STREET).ok('visit', 'closeFlag', { id: flag.id, action: '已联系村儿童主任上门' });
  // 妈妈二: every monthly requirement, January to May
  for (const m of ['01', '02', '03', '04', '05']) {
    await checkIn(WHO.otherVolunteer, kids[2], 'call', `2026-${m}-10`, 30);
    await checkIn(WHO.otherVolunteer, kids[2], 'guardian_contact', `2026-${m}-11`, 30);
  }
  await checkIn(VB, kids[3], 'call', '2026-02-10', 45);
  // a wish 妈妈一 collected, fulfilled in May
  const { id: wish } = await as(cloud, WHO.volunteer).ok('wish', 'collect', wishInput(kids[0]));
  await as(cloud, WHO.countyA).ok('wish', 'review', { id: wish, decision: 'approve' });
  await as(cloud, WHO.donor).ok('wish', 'claim', { id: wish });
  await as(cloud, WHO.donor).ok('wish', 'send', { id: wish, mode: 'office' });
  await as(cloud, WHO.volunteer).ok('wish', 'receive', { id: wish });

  clock = Date.parse('2026-06-10T02:00:00.000Z'); // the review month
  await checkIn(WHO.otherVolunteer, kids[2], 'call', '2026-06-05', 600); // after the window: not counted
});
afterEach(() => {
  setClock(null);
  return cloud.close();
});

describe('the shortlist', () => {
  test('ranks the subtree by the weights, with the evidence (worked out by hand)', async () => {
    const res = await as(cloud, WHO.countyA).ok('report', 'shortlist', {});
    expect(res).toMatchObject({ year: 2026, title: '2026年度优秀爱心妈妈', windowLabel: '2025年6月1日—2026年5月31日', total: 3 });
    // weights 20/40/10/20/10; best in the county: 2 pairings, 5 hours, 1 wish, 1 flag followed
    // 妈妈二: 20·½ + 40·10/10 + 0 + 20·5/5 + 0 = 70
    // 妈妈一: 20·2/2 + 40·7/20 + 10·1/1 + 20·3.5/5 + 10·1/1 = 68
    expect(res.items.map((r) => [r.name, r.rank, r.total])).toEqual([['测试妈妈二', 1, 70], ['测试妈妈一', 2, 68], ['测试妈妈三', 3, 0]]);
    const one = res.items[1].criteria.map((c) => [c.label, c.text, c.score]);
    expect(one).toEqual([
      ['保持结对数', '2对', 100],
      ['走访联系完成率', '完成7/20项（35%），打卡4次', 35],
      ['圆梦微心愿数', '1个', 100],
      ['服务时长', '3.5小时', 70],
      ['发现并跟进问题数', '发现1个，已跟进1个', 100],
    ]);
    expect(res.items[0].criteria.find((c) => c.key === 'service_hours')!.text).toBe('5小时');
    expect(res.items.every((r) => r.nomination === null && r.canNominate)).toBe(true);
    expect(JSON.stringify(res)).not.toMatch(/childName|测试儿童|openid/);
    const page2 = await as(cloud, STREET).ok('report', 'shortlist', { year: 2026, page: 2, pageSize: 2 });
    expect(page2.items.map((r) => r.name)).toEqual(['测试妈妈三']);
  });

  test('scope, permission and bad input', async () => {
    expect((await as(cloud, WHO.countyB).ok('report', 'shortlist', {})).items.map((r) => r.name)).toEqual(['测试妈妈乙']);
    expect((await as(cloud, SIBLING).ok('report', 'shortlist', {})).total).toBe(0);
    expect(err(await as(cloud, WHO.reader).raw('report', 'shortlist', {}))?.code).toBe('FORBIDDEN');
    expect(err(await as(cloud, WHO.volunteer).raw('report', 'shortlist', {}))?.code).toBe('FORBIDDEN');
    expect(err(await as(cloud, WHO.countyA).raw('report', 'shortlist', { year: 2028 }))).toEqual({ code: 'INVALID_INPUT', message: '2028年度的评优周期尚未开始' });
    expect(err(await as(cloud, WHO.countyA).raw('report', 'shortlist', { year: 1999 }))?.code).toBe('INVALID_INPUT');
  });

});

type View = { id: string; version: number; status: string };
const nominations = () => cloud.store.rawDocuments('commendation_nominations') as unknown as (View & { volunteerUserId: string; snapshot: { total: number } })[];
const settle = async (calls: Promise<unknown>[]) => (await Promise.all(calls)) as { ok: boolean; data?: View; error?: { code: string; message: string } }[];

/** 妈妈一 nominated by her street (version 1), having accepted the result message. */
async function nominated(): Promise<View> {
  cloud.wechat.acceptSubscribe(WHO.volunteer, ['local-commendation-result']); // what wx.requestSubscribeMessage tells WeChat
  await as(cloud, WHO.volunteer).ok('report', 'subscribe', {});
  return as(cloud, STREET).ok('report', 'nominate', { year: 2026, volunteerId: v1, reason: '坚持走访，为孩子圆梦微心愿' });
}
/** ...returned by the county, nominated again and approved by the county (version 4). */
async function approved(): Promise<View> {
  const n = await nominated();
  await as(cloud, WHO.countyA).ok('report', 'decide', { id: n.id, version: 1, decision: 'return', reason: '请补充走访照片' });
  await as(cloud, STREET).ok('report', 'nominate', { year: 2026, volunteerId: v1, reason: '已补充走访照片' });
  return as(cloud, WHO.countyA).ok('report', 'decide', { id: n.id, version: 3, decision: 'approve' });
}

describe('nominate and decide', () => {
  test('a nomination freezes the evidence; one per volunteer and year; only in scope', async () => {
    cloud.wechat.acceptSubscribe(WHO.volunteer, ['local-commendation-result']); // what wx.requestSubscribeMessage tells WeChat
    expect(await as(cloud, WHO.volunteer).ok('report', 'subscribe', {})).toEqual({ credits: 1 });
    const n = await as(cloud, STREET).ok('report', 'nominate', { year: 2026, volunteerId: v1, reason: '坚持走访，为孩子圆梦微心愿' });
    expect(n).toMatchObject({
      status: 'nominated', statusLabel: '待审批', version: 1, rank: 2, total: 68, orgName: '测试街道甲', volunteerName: '测试妈妈一',
      title: '2026年度优秀爱心妈妈', can: { approve: false, return: false, withdraw: true },
    });
    expect(n.criteria).toHaveLength(5);
    expect(audits(cloud).filter((a) => a.action === 'nominate' && a.ok).map((a) => a.targetIds)).toEqual([[n.id]]);
    const row = (await as(cloud, WHO.countyA).ok('report', 'shortlist', {})).items.find((r) => r.volunteerId === v1)!;
    expect(row).toMatchObject({ canNominate: false, nomination: { id: n.id, status: 'nominated', statusLabel: '待审批', orgName: '测试街道甲' } });

    const before = JSON.stringify(nominations());
    const refused = async (who: string, data: Record<string, unknown>, code: string, message?: string) => {
      const e = err(await as(cloud, who).raw('report', 'nominate', { year: 2026, volunteerId: v1, reason: '理由', ...data }));
      expect(e?.code).toBe(code);
      if (message) expect(e?.message).toBe(message);
    };
    await refused(STREET, {}, 'CONFLICT', '该爱心妈妈本年度已被推荐');
    await refused(WHO.countyA, {}, 'CONFLICT', '该爱心妈妈本年度已被推荐');
    await refused(SIBLING, {}, 'FORBIDDEN');
    await refused(STREET, { volunteerId: userIdFor(VB) }, 'FORBIDDEN', '该爱心妈妈不在您的管辖范围内');
    await refused(WHO.reader, {}, 'FORBIDDEN');
    await refused(STREET, { reason: '  ' }, 'INVALID_INPUT');
    await refused(STREET, { year: 2028 }, 'INVALID_INPUT');
    expect(JSON.stringify(nominations())).toBe(before);
  });

  test('only a node above decides: return, nominate again, two approvers at once (one wins), approved is final', async () => {
    const n1 = await nominated();
    const decide = (who: string, data: Record<string, unknown>) => as(cloud, who).raw('report', 'decide', { id: n1.id, version: 1, decision: 'approve', ...data });
    const before = JSON.stringify(nominations());
    expect(err(await decide(STREET, {}))).toEqual({ code: 'FORBIDDEN', message: '只有推荐单位的上级妇联可以审批' }); // the same node
    expect(err(await decide(COMMUNITY, {}))?.code).toBe('FORBIDDEN'); // a node below
    expect(err(await decide(SIBLING, {}))?.code).toBe('FORBIDDEN');
    expect(err(await decide(WHO.countyB, {}))?.code).toBe('FORBIDDEN');
    expect(err(await decide(WHO.countyA, { version: 9 }))?.code).toBe('CONFLICT');
    expect(err(await decide(WHO.countyA, { decision: 'return' }))).toEqual({ code: 'INVALID_INPUT', message: '退回时请填写审批意见' });
    expect(err(await decide(WHO.countyA, { decision: 'maybe' }))?.code).toBe('INVALID_INPUT');
    expect(JSON.stringify(nominations())).toBe(before);

    const back = await as(cloud, WHO.countyA).ok('report', 'decide', { id: n1.id, version: 1, decision: 'return', reason: '请补充走访照片' });
    expect(back).toMatchObject({ status: 'returned', version: 2, decidedOrgName: '船山区', decisionReason: '请补充走访照片' });
    // a returned nomination is no certificate: the shared-card view finds nothing
    expect(err(await as(cloud, 'someone-with-the-card').raw('report', 'certificate', { id: n1.id }))?.code).toBe('NOT_FOUND');
    expect(err(await decide(WHO.countyA, { version: 2 }))).toEqual({ code: 'CONFLICT', message: '这条推荐不在待审批状态' }); // approve after return
    expect(err(await as(cloud, STREET).raw('report', 'withdraw', { id: n1.id, version: 2 }))?.code).toBe('CONFLICT');
    expect((await as(cloud, STREET).ok('report', 'shortlist', {})).items.find((r) => r.volunteerId === v1)).toMatchObject({ canNominate: true, nomination: { status: 'returned' } });

    const again = await as(cloud, STREET).ok('report', 'nominate', { year: 2026, volunteerId: v1, reason: '已补充走访照片' });
    expect(again).toMatchObject({ id: n1.id, status: 'nominated', version: 3, reason: '已补充走访照片', decidedAt: null });
    const race = await settle([decide(WHO.countyA, { version: 3 }), decide(CITY, { version: 3 })]);
    expect(race.filter((r) => r.ok)).toHaveLength(1);
    expect(race.filter((r) => !r.ok).map((r) => r.error!.code)).toEqual(['CONFLICT']);
    const won = race.find((r) => r.ok)!.data!;
    expect(won).toMatchObject({ status: 'approved', version: 4 });
    expect(await as(cloud, 'someone-with-the-card').ok('report', 'certificate', { id: n1.id })).toMatchObject({ name: '测试妈妈一', title: '2026年度优秀爱心妈妈' });
    expect(err(await as(cloud, STREET).raw('report', 'withdraw', { id: n1.id, version: 4 }))).toEqual({ code: 'CONFLICT', message: '只有待审批的推荐可以撤回' });
    expect(err(await decide(CITY, { version: 4, decision: 'return', reason: '再议' }))?.code).toBe('CONFLICT');
    expect(err(await as(cloud, STREET).raw('report', 'nominate', { year: 2026, volunteerId: v1, reason: '再次推荐' }))?.code).toBe('CONFLICT');
    expect(audits(cloud).filter((a) => a.action === 'decide' && a.ok)).toHaveLength(2); // the return and the approval
    expect(audits(cloud).filter((a) => a.action === 'decide' && !a.ok)).toHaveLength(4); // the refused attempts by the wrong nodes
  });

  test('the volunteer sees her approved commendation, told in the app and by WeChat; no one else\'s', async () => {
    await approved();
    const mine = await as(cloud, WHO.volunteer).ok('report', 'mine', {});
    expect(mine.enabled).toBe(true);
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({ year: 2026, title: '2026年度优秀爱心妈妈', name: '测试妈妈一', date: '2026-06-10' });
    expect(['船山区', '遂宁市']).toContain(mine.items[0].orgName);
    expect(mine.notices[0].text).toBe(`恭喜您被${mine.items[0].orgName}评为2026年度优秀爱心妈妈`);
    expect(mine.templateId).toBe('local-commendation-result');
    const sent = cloud.wechat.sent.filter((m) => m.templateId === 'local-commendation-result');
    expect(sent).toEqual([expect.objectContaining({ touser: WHO.volunteer, page: 'packages/report/pages/honours/index' })]);
    expect(cloud.store.rawDocuments('commendation_subscribers')).toEqual([expect.objectContaining({ _id: v1, credits: 0 })]);
    expect((await as(cloud, WHO.otherVolunteer).ok('report', 'mine', {})).items).toEqual([]);
    expect((await as(cloud, VB).ok('report', 'mine', {})).items).toEqual([]);
    expect(err(await as(cloud, WHO.countyB).raw('report', 'mine', {}))?.code).toBe('FORBIDDEN');
  });

  test('withdraw by the nominating node only; nominated again from a node below; the 待审批 views', async () => {
    await approved();
    const n = await as(cloud, STREET).ok('report', 'nominate', { year: 2026, volunteerId: v2, reason: '每月按时联系孩子和监护人' });
    expect(err(await as(cloud, WHO.countyA).raw('report', 'withdraw', { id: n.id, version: 1 }))).toEqual({ code: 'FORBIDDEN', message: '只有推荐单位可以撤回推荐' });
    expect(await as(cloud, STREET).ok('report', 'withdraw', { id: n.id, version: 1 })).toMatchObject({ status: 'withdrawn', statusLabel: '已撤回', version: 2 });
    expect(err(await as(cloud, WHO.countyA).raw('report', 'decide', { id: n.id, version: 2, decision: 'approve' }))?.code).toBe('CONFLICT');
    expect(await as(cloud, COMMUNITY).ok('report', 'nominate', { year: 2026, volunteerId: v2, reason: '社区推荐' })).toMatchObject({ status: 'nominated', orgName: '测试社区甲一', version: 3 });

    const list = (who: string, view: 'all' | 'toApprove') => as(cloud, who).ok('report', 'nominations', { view });
    const street = await list(STREET, 'toApprove');
    expect(street.items.map((i) => [i.volunteerName, i.can.approve])).toEqual([['测试妈妈二', true]]);
    expect(street.toApprove).toBe(1);
    expect((await list(WHO.countyA, 'toApprove')).items.map((i) => i.volunteerName)).toEqual(['测试妈妈二']);
    expect((await list(CITY, 'toApprove')).total).toBe(1);
    expect(await list(COMMUNITY, 'toApprove')).toMatchObject({ total: 0, toApprove: 0 });
    expect((await list(COMMUNITY, 'all')).items.map((i) => [i.volunteerName, i.can.withdraw])).toEqual([['测试妈妈二', true]]);
    expect((await list(WHO.countyA, 'all')).items.map((i) => [i.volunteerName, i.status]).sort()).toEqual([['测试妈妈一', 'approved'], ['测试妈妈二', 'nominated']]);
    expect((await list(SIBLING, 'all')).total).toBe(0);
    expect((await list(WHO.countyB, 'all')).total).toBe(0);
    expect(err(await as(cloud, WHO.volunteer).raw('report', 'nominations', {}))?.code).toBe('FORBIDDEN');
  });

  test('two nominations of one volunteer at once: exactly one wins', async () => {
    const res = await settle([STREET, WHO.countyA, CITY].map((who) => as(cloud, who).raw('report', 'nominate', { year: 2026, volunteerId: v3, reason: '热心公益' })));
    expect(res.filter((r) => r.ok)).toHaveLength(1);
    expect(res.filter((r) => !r.ok).map((r) => r.error!.code)).toEqual(['CONFLICT', 'CONFLICT']);
    expect(nominations().filter((d) => d.volunteerUserId === v3)).toHaveLength(1);
  });

  test('the evidence stays as it was when nominated', async () => {
    await nominated();
    await checkIn(WHO.volunteer, kids[1], 'guardian_contact', '2026-05-25', 120);
    expect((await as(cloud, WHO.countyA).ok('report', 'shortlist', {})).items.find((r) => r.volunteerId === v1)!.total).not.toBe(68);
    expect(nominations().find((d) => d.volunteerUserId === v1)!.snapshot.total).toBe(68);
  });
});

describe('cost', () => {
  test('round trips do not grow with the world', async () => {
    const proxy = await startCountingProxy(cloud);
    try {
      const measure = async () => {
        proxy.reset();
        await as(cloud, WHO.countyA).ok('report', 'shortlist', { pageSize: 5 });
        return proxy.count();
      };
      await measure(); // warm the programme cache
      const few = await measure();
      for (let i = 0; i < 4; i++) await approvedVolunteer(cloud, `vol-more-${i}`, A1, { name: `测试妈妈多${i}` });
      for (let i = 0; i < 6; i++) await checkIn(WHO.volunteer, kids[i % 2], 'talk', `2026-04-0${i + 1}`, 10);
      const many = await measure();
      expect(few).toBeGreaterThan(0);
      expect(many).toBe(few);
      expect(few).toBeLessThanOrEqual(9);
    } finally {
      await proxy.close();
    }
  });
});
