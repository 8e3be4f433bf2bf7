import { startTestCloud } from '../helpers/cloud';
import { makeStaff, setupProgramme } from '../helpers/fixtures';
import { setClock } from '../../src/server/time';
import type { LocalCloud } from '../../localcloud/server';
import { expectNoChange, recorded, type SubmitInput } from '../domain/volunteer/fixtures';
import { idNumberFor, nameFor, phoneFor } from '../domain/volunteer/synthetic';

/**
 * 岳阳: 18–70, "无违法犯罪记录" declarations, one step at the applicant's own team node, three
 * years of service with a 承诺书 each year, local / remote / professional teams.
 */
let cloud: LocalCloud;
const at = (iso: string) => setClock(() => Date.parse(iso));

const form = (n: number, over: Partial<SubmitInput> = {}): SubmitInput => ({
  name: nameFor(n),
  birthDate: '1970-09-10',
  idNumber: idNumberFor('1970-09-10', n),
  phone: phoneFor(n),
  employerAndPost: '测试单位',
  homeAddress: '测试路',
  orgCode: 'yy-junshan',
  declarations: ['law_abiding', 'no_penalty', 'healthy', 'privacy_consent'],
  ...over,
});

/** Every test has its own cloud (the 岳阳 tree and three reviewers) and starts on the real clock. */
beforeEach(async () => {
  cloud = await startTestCloud();
  await setupProgramme(cloud, 'yueyang-2024');
  await makeStaff(cloud, 'team-junshan', 'yy-junshan', ['volunteer.review', 'volunteer.read']);
  await makeStaff(cloud, 'team-szjg', 'yy-szjg', ['volunteer.review', 'volunteer.read']);
  await makeStaff(cloud, 'city', 'yy', ['volunteer.review', 'volunteer.read']);
});
afterEach(async () => {
  setClock(null);
  await cloud.close();
});

/** mum-1 approved by her team on 15 August 2024 (the clock left there); her application's id. */
async function approvedOn15August(): Promise<string> {
  at('2024-08-15T10:00:00+08:00');
  const { application } = await recorded(cloud, 'mum-1').ok('submit', form(10));
  await recorded(cloud, 'team-junshan').ok('review', { id: application.id, version: 1, decision: 'approve', opinion: '欢迎' });
  return application.id;
}
/** ...and her first year's letter signed that day. */
async function firstLetterSigned(): Promise<void> {
  await approvedOn15August();
  await recorded(cloud, 'mum-1').ok('acceptCommitment', { accepted: true });
}

test('the no-penalty declaration is required', async () => {
  const res = await expectNoChange(cloud, () => recorded(cloud, 'mum-np').raw('submit', form(1, { declarations: ['law_abiding', 'healthy', 'privacy_consent'] })));
  expect(res).toMatchObject({ error: { message: '不符合报名条件：请阅读并确认：无行政处分、行政处罚、刑事处罚记录' } });
});

test('a pairing form the programme does not offer is refused', async () => {
  const res = await expectNoChange(cloud, () => recorded(cloud, 'mum-pf').raw('submit', form(3, { pairingForms: ['many_to_many'] })));
  expect(res).toMatchObject({ error: { message: '结对形式不在本项目可选范围内' } });
});

test('70 is accepted up to the day before her 71st birthday', async () => {
  at('2041-09-10T09:00:00+08:00');
  await expectNoChange(cloud, () => recorded(cloud, 'mum-70').raw('submit', form(2)));
  at('2041-09-09T09:00:00+08:00');
  expect((await recorded(cloud, 'mum-70').ok('submit', form(2))).application.age).toBe(70);
});

describe('one step, a three-year term and a yearly 承诺书', () => {
  test('the team of her own node decides; the city may not', async () => {
    at('2024-08-15T10:00:00+08:00');
    const { application } = await recorded(cloud, 'mum-1').ok('submit', form(10));
    const id = application.id;
    expect(application.steps.map((s: { orgName: string }) => s.orgName)).toEqual(['君山区']);
    await expectNoChange(cloud, () => recorded(cloud, 'city').raw('review', { id, version: 1, decision: 'approve' }), 'FORBIDDEN');
    const done = await recorded(cloud, 'team-junshan').ok('review', { id, version: 1, decision: 'approve', opinion: '欢迎' });
    expect(done.application).toMatchObject({ status: 'approved', term: { start: '2024-08-15', end: '2027-08-14', years: 3 }, commitment: { required: true, title: '结对关爱承诺书', serviceYear: 1, due: true } });
  });

  test('she accepts this year\'s letter once', async () => {
    await approvedOn15August();
    const { application } = await recorded(cloud, 'mum-1').ok('acceptCommitment', { accepted: true });
    expect(application.commitment).toMatchObject({ serviceYear: 1, due: false });
    const again = await expectNoChange(cloud, () => recorded(cloud, 'mum-1').raw('acceptCommitment', { accepted: true }), 'CONFLICT');
    expect(again).toMatchObject({ error: { message: '本服务年度的承诺书已签订' } });
  });

  test('a year on, the next letter is due, and the roster shows it', async () => {
    await firstLetterSigned();
    at('2025-08-14T23:00:00+08:00');
    expect((await recorded(cloud, 'mum-1').ok('mine', {})).application.commitment.due).toBe(false);
    at('2025-08-15T08:00:00+08:00');
    expect((await recorded(cloud, 'mum-1').ok('mine', {})).application.commitment).toMatchObject({ serviceYear: 2, due: true });
    expect((await recorded(cloud, 'city').ok('listRoster', {})).items[0]).toMatchObject({ commitmentDue: true, termEnd: '2027-08-14' });
    await recorded(cloud, 'mum-1').ok('acceptCommitment', { accepted: true });
  });

  test('after the term there is nothing to sign', async () => {
    await firstLetterSigned();
    at('2025-08-15T08:00:00+08:00');
    await recorded(cloud, 'mum-1').ok('acceptCommitment', { accepted: true });
    at('2027-08-15T08:00:00+08:00');
    await expectNoChange(cloud, () => recorded(cloud, 'mum-1').raw('acceptCommitment', { accepted: true }), 'CONFLICT');
  });

  test('teams: a unit volunteer joins a remote team; staff move her into a professional one', async () => {
    const { application } = await recorded(cloud, 'mum-2').ok('submit', form(20, { orgCode: 'yy-szjg' }));
    const approved = (await recorded(cloud, 'team-szjg').ok('review', { id: application.id, version: 1, decision: 'approve' })).application;
    expect(approved.team).toMatchObject({ kind: 'remote', name: '市直机关妇委会爱心妈妈志愿服务队' });
    await expectNoChange(cloud, () => recorded(cloud, 'city').raw('saveTeam', { name: '法律宣讲队', kind: 'professional', orgCode: 'yy' }));
    const { team } = await recorded(cloud, 'city').ok('saveTeam', { name: '法律宣讲“爱心妈妈”志愿服务队', kind: 'professional', speciality: 'legal', orgCode: 'yy' });
    await expectNoChange(cloud, () => recorded(cloud, 'team-szjg').raw('assignTeam', { id: application.id, version: approved.version, teamId: team.id }), 'FORBIDDEN');
    await expectNoChange(cloud, () => recorded(cloud, 'city').raw('assignTeam', { id: application.id, version: approved.version - 1, teamId: team.id }), 'CONFLICT');
    const moved = (await recorded(cloud, 'city').ok('assignTeam', { id: application.id, version: approved.version, teamId: team.id })).application;
    expect(moved.team).toEqual({ id: team.id, name: team.name, kind: 'professional' });
    const teams = (await recorded(cloud, 'city').ok('listTeams', {})).items;
    expect(teams.find((t: { id: string }) => t.id === team.id)).toMatchObject({ memberCount: 1, speciality: 'legal' });
  });

  test('only approved volunteers join teams', async () => {
    const { team } = await recorded(cloud, 'city').ok('saveTeam', { name: '法律宣讲“爱心妈妈”志愿服务队', kind: 'professional', speciality: 'legal', orgCode: 'yy' }); // a team to be refused
    const { application } = await recorded(cloud, 'mum-3').ok('submit', form(30));
    // neither that team nor her node's default one (made with the node) takes her before approval
    const teams = (await recorded(cloud, 'city').ok('listTeams', { areaCode: 'yy-junshan' })).items;
    const own = teams.find((t: { orgCode: string; kind: string }) => t.orgCode === 'yy-junshan' && t.kind === 'local');
    expect(own).toMatchObject({ memberCount: 0 });
    for (const teamId of [team.id, own.id]) await expectNoChange(cloud, () => recorded(cloud, 'city').raw('assignTeam', { id: application.id, version: 1, teamId }), 'CONFLICT');
  });
});
