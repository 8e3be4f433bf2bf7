import { startTestCloud, as, ADMIN } from '../helpers/cloud';
import { addOrg, makeStaff, setupProgramme } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { expectNoChange, recorded, suiningForm } from '../domain/volunteer/fixtures';
import { idNumberFor, phoneFor } from '../domain/volunteer/synthetic';
import { userIdFor } from '../../src/server/ids';

/**
 * Vetting along 遂宁's chain (县区妇联 then 市妇联) with staff at every level: scope, order of
 * steps, the race on one step, rejection and resubmission, the volunteer role, number and team,
 * the notifications, and the staff views (queue, roster, quotas, reveal).
 */
let cloud: LocalCloud;
let ids: Record<string, string> = {};
const version = async (who: string) => (await recorded(cloud, who).ok('mine', {})).application.version as number;

/** Every test has its own cloud: the chain's staff and three applicants, each pending at her county. */
beforeEach(async () => {
  cloud = await startTestCloud();
  ids = {};
  await setupProgramme(cloud, 'suining-2019');
  await addOrg(cloud, 'sn-anju', 'an-st1', '测试街道一', 'street');
  await addOrg(cloud, 'sn-anju', 'an-st2', '测试街道二', 'street');
  await addOrg(cloud, 'sn-chuanshan', 'cs-st1', '测试街道三', 'street');
  const review = ['volunteer.review', 'volunteer.read'] as const;
  for (const [who, org] of [['rv-anju', 'sn-anju'], ['rv-anju2', 'sn-anju'], ['rv-cs', 'sn-chuanshan'], ['rv-city', 'sn'], ['rv-st1', 'an-st1'], ['rv-st2', 'an-st2']]) {
    await makeStaff(cloud, who, org, [...review]);
  }
  await makeStaff(cloud, 'reader-anju', 'sn-anju', ['volunteer.read']);
  for (const [who, n, org] of [['mum-a', 1, 'an-st1'], ['mum-b', 2, 'an-st2'], ['mum-c', 3, 'cs-st1']] as const) {
    if (who === 'mum-a') cloud.wechat.acceptSubscribe(who, ['local-volunteer-result']); // her tap on 提交 accepted the template
    ids[who] = (await recorded(cloud, who).ok('submit', suiningForm(n, { orgCode: org, subscribed: who === 'mum-a' }))).application.id;
  }
});
afterEach(() => cloud.close());

/** mum-a past her county's step (version 2, the city's step next). */
const countyApproved = () => recorded(cloud, 'rv-anju').ok('review', { id: ids['mum-a'], version: 1, decision: 'approve', opinion: '同意' });
/** mum-a approved by the city, having accepted the result message again before it. */
async function cityApproved() {
  await countyApproved();
  cloud.wechat.acceptSubscribe('mum-a', ['local-volunteer-result']);
  await recorded(cloud, 'mum-a').ok('subscribe', { accepted: true });
  return (await recorded(cloud, 'rv-city').ok('review', { id: ids['mum-a'], version: 2, decision: 'approve', opinion: '欢迎加入' })).application;
}
/** The state the staff views count: mum-a approved, mum-b rejected and resubmitted, mum-c
 * withdrawn, and rv-anju2's own application pending at 安居区. */
async function afterDeciding() {
  await cityApproved();
  await recorded(cloud, 'rv-anju').ok('review', { id: ids['mum-b'], version: 1, decision: 'reject', opinion: '家庭住址请填写详细' });
  const { idNumber: _i, phone: _p, ...form } = suiningForm(2, { orgCode: 'an-st2', homeAddress: '测试路2号3单元' });
  await recorded(cloud, 'mum-b').ok('submit', form);
  await recorded(cloud, 'mum-c').ok('withdraw', { version: 1, reason: '时间不方便' });
  await recorded(cloud, 'rv-anju2').ok('submit', suiningForm(9, { orgCode: 'sn-anju' }));
}

describe('scope and the order of steps', () => {
  test('each county\'s queue holds its own applicants', async () => {
    const anju = await recorded(cloud, 'rv-anju').ok('listApplications', {});
    expect(anju.items.map((r: { name: string }) => r.name).sort()).toEqual(['测试乙', '测试丙'].sort());
    expect(anju.items.every((r: { canAct: boolean }) => r.canAct)).toBe(true);
    expect((await recorded(cloud, 'rv-cs').ok('listApplications', {})).total).toBe(1);
  });

  test('the city sees all three but has nothing to do yet', async () => {
    expect((await recorded(cloud, 'rv-city').ok('listApplications', {})).total).toBe(0);
    const all = await recorded(cloud, 'rv-city').ok('listApplications', { todo: false });
    expect(all.total).toBe(3);
    expect(all.items.some((r: { canAct: boolean }) => r.canAct)).toBe(false);
  });

  test('a street reviewer cannot see another street\'s applicant', async () => {
    const st1 = await recorded(cloud, 'rv-st1').ok('listApplications', { todo: false });
    expect(st1.items.map((r: { id: string }) => r.id)).toEqual([ids['mum-a']]);
    expect(await recorded(cloud, 'rv-st1').raw('getApplication', { id: ids['mum-b'] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await recorded(cloud, 'rv-st1').raw('listApplications', { todo: false, areaCode: 'an-st2' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  test('a street reviewer cannot act, on another street nor on her own (no street step here)', async () => {
    await expectNoChange(cloud, () => recorded(cloud, 'rv-st1').raw('review', { id: ids['mum-b'], version: 1, decision: 'approve' }), 'FORBIDDEN');
    const own = await expectNoChange(cloud, () => recorded(cloud, 'rv-st1').raw('review', { id: ids['mum-a'], version: 1, decision: 'approve' }), 'FORBIDDEN');
    expect(own).toMatchObject({ error: { message: '该报名当前环节不由您所在单位审核' } });
  });

  test('the city cannot act before the county', async () => {
    const res = await expectNoChange(cloud, () => recorded(cloud, 'rv-city').raw('review', { id: ids['mum-a'], version: 1, decision: 'approve' }), 'FORBIDDEN');
    expect(res).toMatchObject({ error: { message: '请等待“县区（园区）妇联意见”完成后再审核' } });
  });

  test('another county cannot act', async () => {
    await expectNoChange(cloud, () => recorded(cloud, 'rv-cs').raw('review', { id: ids['mum-a'], version: 1, decision: 'approve' }), 'FORBIDDEN');
  });

  test('a reader without volunteer.review opens but cannot decide', async () => {
    expect((await recorded(cloud, 'reader-anju').ok('getApplication', { id: ids['mum-a'] })).application.canAct).toBe(false);
    await expectNoChange(cloud, () => recorded(cloud, 'reader-anju').raw('review', { id: ids['mum-a'], version: 1, decision: 'approve' }), 'FORBIDDEN');
  });
});

describe('deciding', () => {
  test('two county reviewers approving at once: one wins, the other gets CONFLICT', async () => {
    const results = await Promise.all(['rv-anju', 'rv-anju2'].map((who) => recorded(cloud, who).raw('review', { id: ids['mum-a'], version: 1, decision: 'approve', opinion: '同意' })));
    expect(results.filter((r: any) => r.ok)).toHaveLength(1);
    expect(results.find((r: any) => !r.ok)).toMatchObject({ error: { code: 'CONFLICT' } });
    const mine = await recorded(cloud, 'mum-a').ok('mine', {});
    expect(mine.application).toMatchObject({ status: 'district_approved', version: 2, currentStepLabel: '市妇联意见' });
    expect(mine.application.steps[0]).toMatchObject({ decision: 'approve', opinion: '同意' });
    expect(mine.application.steps[0].reviewerName).toBeUndefined();
  });

  test('the county cannot decide twice', async () => {
    await countyApproved();
    await expectNoChange(cloud, () => recorded(cloud, 'rv-anju').raw('review', { id: ids['mum-a'], version: 2, decision: 'reject', opinion: '再看看' }), 'CONFLICT');
  });

  test('a stale version is a CONFLICT', async () => {
    await countyApproved();
    await expectNoChange(cloud, () => recorded(cloud, 'rv-city').raw('review', { id: ids['mum-a'], version: 1, decision: 'approve' }), 'CONFLICT');
  });

  test('the city\'s approval makes her a volunteer with a number, a team and the role', async () => {
    const application = await cityApproved();
    expect(application).toMatchObject({ status: 'approved', canAct: false, team: { kind: 'local', name: '测试街道一爱心妈妈志愿服务队' } });
    expect(application.volunteerNumber).toMatch(/^SN\d{4}00001$/);
    expect(application.history.map((h: { kind: string }) => h.kind)).toEqual(['submitted', 'approve', 'approve']);
    const me = (await as(cloud, 'mum-a').ok('account', 'login', {})).me;
    expect(me.roles).toContain('volunteer');
    expect(me.volunteerStatus).toBe('approved');
    await expectNoChange(cloud, () => recorded(cloud, 'mum-a').raw('withdraw', { version: 3 }), 'CONFLICT');
    await expectNoChange(cloud, () => recorded(cloud, 'mum-a').raw('submit', suiningForm(1)), 'CONFLICT');
  });

  test('the review does not write her user row; her very next call, whichever, has the role and status', async () => {
    const row = (who: string) => cloud.store.rawDocuments('users').find((u) => u._id === userIdFor(who)) as { roles: string[]; volunteerStatus: string };
    await countyApproved();
    // still in review: her calls do not get the volunteer role early
    expect(await as(cloud, 'mum-a').raw('pairing', 'mine', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(row('mum-a').volunteerStatus).toBe('district_approved');
    await recorded(cloud, 'rv-city').ok('review', { id: ids['mum-a'], version: 2, decision: 'approve', opinion: '欢迎加入' });
    expect(row('mum-a')).toMatchObject({ roles: ['donor'], volunteerStatus: 'district_approved' });
    // a volunteer-only action straight after the approval
    expect(await as(cloud, 'mum-a').ok('pairing', 'mine', {})).toEqual({ items: [] });
    expect(row('mum-a')).toMatchObject({ roles: ['donor', 'volunteer'], volunteerStatus: 'approved' });
    // a rejection reaches her next call the same way, with no role
    await recorded(cloud, 'rv-anju').ok('review', { id: ids['mum-b'], version: 1, decision: 'reject', opinion: '信息不全' });
    expect((await as(cloud, 'mum-b').ok('account', 'login', {})).me).toMatchObject({ roles: ['donor'], volunteerStatus: 'rejected' });
    expect(row('mum-b')).toMatchObject({ roles: ['donor'], volunteerStatus: 'rejected' });
  });

  test('she heard of both decisions: one message per acceptance', async () => {
    await cityApproved();
    const sent = cloud.wechat.sent.filter((m) => m.templateId === 'local-volunteer-result');
    expect(sent.map((m) => [m.touser, m.data.phrase2.value])).toEqual([['mum-a', '审核中'], ['mum-a', '已通过']]);
    expect(cloud.wechat.acceptancesOf('mum-a', 'local-volunteer-result')).toBe(0);
  });

  test('rejecting needs a reason; the applicant sees it, can edit and resubmit', async () => {
    const res = await expectNoChange(cloud, () => recorded(cloud, 'rv-anju').raw('review', { id: ids['mum-b'], version: 1, decision: 'reject' }));
    expect(res).toMatchObject({ error: { message: '不通过时请填写原因' } });
    await recorded(cloud, 'rv-anju').ok('review', { id: ids['mum-b'], version: 1, decision: 'reject', opinion: '家庭住址请填写详细' });
    const rejected = (await recorded(cloud, 'mum-b').ok('mine', {})).application;
    expect(rejected).toMatchObject({ status: 'rejected', rejectReason: '家庭住址请填写详细' });
    await expectNoChange(cloud, () => recorded(cloud, 'rv-city').raw('review', { id: ids['mum-b'], version: 2, decision: 'approve' }), 'CONFLICT');
    // resubmitting without retyping the ID number or the phone keeps them
    const { idNumber: _i, phone: _p, ...form } = suiningForm(2, { orgCode: 'an-st2', homeAddress: '测试路2号3单元' });
    const again = (await recorded(cloud, 'mum-b').ok('submit', form)).application;
    expect(again).toMatchObject({ status: 'pending', round: 2, rejectReason: null, phoneMasked: '138****0002' });
    expect(again.steps.every((s: { decision: unknown }) => s.decision === null)).toBe(true);
    const detail = (await recorded(cloud, 'rv-anju').ok('getApplication', { id: ids['mum-b'] })).application;
    expect(detail.history.map((h: { kind: string; round: number }) => `${h.round}${h.kind}`)).toEqual(['1submitted', '1reject', '2submitted']);
  });

  test('a withdrawn application cannot be decided', async () => {
    await recorded(cloud, 'mum-c').ok('withdraw', { version: 1, reason: '时间不方便' });
    await expectNoChange(cloud, () => recorded(cloud, 'rv-cs').raw('review', { id: ids['mum-c'], version: 2, decision: 'approve' }), 'CONFLICT');
    expect((await recorded(cloud, 'rv-cs').ok('listApplications', {})).total).toBe(0);
  });

  test('staff cannot decide their own application', async () => {
    await recorded(cloud, 'rv-anju2').ok('submit', suiningForm(9, { orgCode: 'sn-anju' }));
    const id = (await recorded(cloud, 'rv-anju2').ok('mine', {})).application.id;
    const v = await version('rv-anju2');
    const res = await expectNoChange(cloud, () => recorded(cloud, 'rv-anju2').raw('review', { id, version: v, decision: 'approve' }), 'FORBIDDEN');
    expect(res).toMatchObject({ error: { message: '不能审核本人的报名' } });
  });
});

describe('staff views', () => {
  beforeEach(afterDeciding);

  test('counts for the staff home', async () => {
    expect(await recorded(cloud, 'rv-anju').ok('reviewCounts', {})).toEqual({ todo: 2, inReview: 2, approved: 1 });
    expect(await recorded(cloud, 'rv-city').ok('reviewCounts', {})).toEqual({ todo: 0, inReview: 2, approved: 1 });
  });

  test('quota progress inside the caller\'s subtree', async () => {
    const city = await recorded(cloud, 'rv-city').ok('quotaProgress', {});
    expect(city.total).toMatchObject({ atLeast: 1000, approved: 1, inReview: 2 });
    expect(city.items).toHaveLength(9);
    const anju = await recorded(cloud, 'rv-anju').ok('quotaProgress', {});
    expect(anju).toEqual({ total: null, items: [{ orgCode: 'sn-anju', orgName: '安居区', atLeast: 120, approved: 1, inReview: 2 }] });
    expect((await recorded(cloud, 'rv-st1').ok('quotaProgress', {})).items).toEqual([]);
  });

  test('the roster finds a volunteer by name, phone, ID number and number, inside the subtree only', async () => {
    const { items } = await recorded(cloud, 'rv-city').ok('listRoster', { keyword: '测试乙' });
    const number = items[0].volunteerNumber;
    for (const keyword of [phoneFor(1), idNumberFor('1985-05-01', 1), number]) {
      expect((await recorded(cloud, 'reader-anju').ok('listRoster', { keyword })).items.map((r: { name: string }) => r.name)).toEqual(['测试乙']);
    }
    expect((await recorded(cloud, 'rv-cs').ok('listRoster', { keyword: phoneFor(1) })).total).toBe(0);
  });

  test('teams: the default team counts her; a leader must be a member', async () => {
    // every node of her subtree has its default team from its creation; only an-st1's has a member
    const teams = await recorded(cloud, 'reader-anju').ok('listTeams', {});
    expect(teams.items).toEqual(['an-st1', 'an-st2', 'sn-anju'].map((orgCode, i) => expect.objectContaining({ orgCode, kind: 'local', memberCount: i ? 0 : 1, leaderName: null })));
    const team = teams.items[0];
    const saved = await recorded(cloud, 'rv-anju').ok('saveTeam', { id: team.id, name: team.name, kind: 'local', orgCode: 'an-st1', leaderId: ids['mum-a'] });
    expect(saved.team.leaderName).toBe('测试乙');
    await expectNoChange(cloud, () => recorded(cloud, 'rv-anju').raw('saveTeam', { id: team.id, name: team.name, kind: 'local', orgCode: 'an-st1', leaderId: ids['mum-b'] }));
    await expectNoChange(cloud, () => recorded(cloud, 'rv-anju').raw('saveTeam', { name: '专业队', kind: 'professional', speciality: 'legal', orgCode: 'sn-anju' }));
    await expectNoChange(cloud, () => recorded(cloud, 'rv-cs').raw('saveTeam', { name: '越界队', kind: 'local', orgCode: 'sn-anju' }), 'FORBIDDEN');
  });

  test('reveal is audited, and refused outside the subtree (also audited)', async () => {
    expect(await recorded(cloud, 'rv-anju').ok('revealContact', { id: ids['mum-a'] })).toEqual({ idNumber: idNumberFor('1985-05-01', 1), phone: phoneFor(1) });
    expect(await recorded(cloud, 'rv-cs').raw('revealContact', { id: ids['mum-a'] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const logs = (cloud.store.rawDocuments('audit_logs') as { action: string; ok: boolean; fields: string[]; targetIds: string[] }[]).filter((l) => l.action === 'revealContact');
    expect(logs.map((l) => l.ok)).toEqual([true, false]);
    expect(logs[0]).toMatchObject({ fields: ['idNumber', 'phone'], targetIds: [ids['mum-a']] });
  });

  test('an admin acts at the current step of any node', async () => {
    const id = ids['mum-b'];
    const res = await as(cloud, ADMIN).raw('volunteer', 'review', { id, version: await version('mum-b'), decision: 'approve', opinion: '代为审核' });
    expect(res).toMatchObject({ ok: true, data: { application: { status: 'district_approved' } } });
  });
});
