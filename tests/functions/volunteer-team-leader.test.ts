import { startTestCloud, as } from '../helpers/cloud';
import { makeStaff } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { db, ORGS, setupWorld, WHO } from '../domain/child/world';
import { suiningForm } from '../domain/volunteer/fixtures';
import { userIdFor } from '../../src/server/ids';
import { loadCaller, volunteerAppIdFor } from '../../src/server/caller';
import { setClock } from '../../src/server/time';
import { mayLink } from '../../src/functions/visit/group';

/**
 * A team's leader is named by her user id (issue 17, one id for a volunteer), like the roster's
 * volunteerId: saveTeam takes either of her ids and keeps her user id; listTeams answers it. Teams
 * saved before, which hold her application id, read the same (resolve on read), still let her link
 * the team's WeChat group, lose her as leader when she moves team, and are brought to her user id
 * when saved again.
 */
let cloud: LocalCloud;
const MUM = 'leader-mum';
const CITY = 'leader-city';
let appId: string;
let teamId: string;

beforeEach(async () => {
  setClock(() => Date.parse('2026-01-05T10:00:00+08:00'));
  cloud = await startTestCloud();
  await setupWorld(cloud);
  await makeStaff(cloud, CITY, 'sn');
  const { application } = await as(cloud, MUM).ok('volunteer', 'submit', suiningForm(31, { orgCode: ORGS.communityA1, pairingForms: ['one_to_many'] }) as never);
  await as(cloud, WHO.countyA).ok('volunteer', 'review', { id: application.id, version: 1, decision: 'approve' });
  await as(cloud, CITY).ok('volunteer', 'review', { id: application.id, version: 2, decision: 'approve' });
  appId = application.id;
  // her node's default team, which the final approval put her in
  const teams = (await as(cloud, CITY).ok('volunteer', 'listTeams', {})).items.filter((t) => t.memberCount === 1);
  expect(teams).toHaveLength(1);
  teamId = teams[0]!.id;
});
afterEach(async () => {
  setClock(null);
  await cloud.close();
});

interface StoredTeam { _id: string; name: string; kind: string; orgCode: string; leaderId: string | null; leaderName: string | null }
const stored = (): StoredTeam => (cloud.store.rawDocuments('volunteer_teams') as unknown as StoredTeam[]).find((t) => t._id === teamId)!;
const listed = async () => (await as(cloud, CITY).ok('volunteer', 'listTeams', {})).items.find((t) => t.id === teamId)!;
const save = (leaderId?: string) => {
  const t = stored();
  return as(cloud, CITY).ok('volunteer', 'saveTeam', { id: t._id, name: t.name, kind: 'local', orgCode: t.orgCode, ...(leaderId ? { leaderId } : {}) });
};
/** A team as saved before issue 17 finished: the leader named by her application id. */
const legacy = () => db().collection('volunteer_teams').doc(teamId).update({ leaderId: appId, leaderName: stored().leaderName ?? '测试' });

test('the roster\'s id makes her leader, stored and answered as her user id; the application id does the same', async () => {
  expect(appId).toBe(volunteerAppIdFor(userIdFor(MUM)));
  const [row] = (await as(cloud, CITY).ok('volunteer', 'listRoster', {})).items;
  const byRoster = await save(row.volunteerId);
  expect(byRoster.team).toMatchObject({ id: teamId, leaderId: userIdFor(MUM), leaderName: expect.any(String) });
  expect(stored().leaderId).toBe(userIdFor(MUM));
  await db().collection('volunteer_teams').doc(teamId).update({ leaderId: null, leaderName: null });
  const byApplication = await save(appId);
  expect(byApplication.team.leaderId).toBe(userIdFor(MUM));
  expect(stored().leaderId).toBe(userIdFor(MUM));
  expect((await listed()).leaderId).toBe(userIdFor(MUM));
  // not a member (a made-up user id): refused, nothing changes
  const before = JSON.stringify(stored());
  const res = await as(cloud, CITY).raw('volunteer', 'saveTeam', { id: teamId, name: stored().name, kind: 'local', orgCode: stored().orgCode, leaderId: userIdFor('nobody') });
  expect(res.ok).toBe(false);
  expect(JSON.stringify(stored())).toBe(before);
});

test('a team saved with her application id reads as her user id, and a save without a leader brings it to her user id', async () => {
  await legacy();
  expect(stored().leaderId).toBe(appId);
  expect((await listed()).leaderId).toBe(userIdFor(MUM));
  const renamed = await as(cloud, CITY).ok('volunteer', 'saveTeam', { id: teamId, name: '测试改名服务队', kind: 'local', orgCode: stored().orgCode });
  expect(renamed.team).toMatchObject({ name: '测试改名服务队', leaderId: userIdFor(MUM) });
  expect(stored().leaderId).toBe(userIdFor(MUM));
});

test.each([
  ['her user id', async () => void (await save(userIdFor(MUM)))],
  ['her application id (a team saved before)', legacy],
])('the leader named by %s may link the team\'s group, and is no leader once she moves team', async (_name, lead) => {
  await lead();
  const me = await loadCaller(db(), MUM);
  expect(await mayLink(db(), me, { _id: teamId, name: stored().name, orgPath: [], leaderId: stored().leaderId })).toBe(true);
  // another approved volunteer of the team is not its leader
  expect(await mayLink(db(), { ...me, userId: userIdFor('someone-else') }, { _id: teamId, name: stored().name, orgPath: [], leaderId: stored().leaderId })).toBe(false);

  const other = await as(cloud, CITY).ok('volunteer', 'saveTeam', { name: '测试第二服务队', kind: 'local', orgCode: ORGS.communityA1 });
  const { application } = await as(cloud, CITY).ok('volunteer', 'getApplication', { id: appId });
  await as(cloud, CITY).ok('volunteer', 'assignTeam', { id: appId, version: application.version, teamId: other.team.id });
  expect(stored()).toMatchObject({ leaderId: null, leaderName: null });
  expect((await listed()).leaderId).toBeNull();
});
