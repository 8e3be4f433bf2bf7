import { startTestCloud, as, ADMIN } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { countRoundTrips } from '../../localcloud/counting-proxy';
import { idKey } from '../../localcloud/db/codec';
import { getProgramme } from '../../src/programmes';

/**
 * Every org node gets its default 志愿服务队 when it is created (issue 16: no approval has to create
 * it): setupProgramme for the preset's whole tree in one insert, createOrg for the new node; the
 * same fixed ids a first approval would use, so a re-run or a race makes no second team.
 */
let cloud: LocalCloud;
beforeEach(async () => {
  cloud = await startTestCloud();
  await as(cloud, ADMIN).ok('account', 'login', {});
});
afterEach(() => cloud.close());

interface Team { _id: string; name: string; kind: string; orgCode: string; orgName: string; orgPath: string[]; leaderId: string | null; speciality: string | null }
const teams = () => (cloud.store.rawDocuments('volunteer_teams') as unknown as Team[]).sort((a, b) => a._id.localeCompare(b._id));

const count = async (run: () => Promise<unknown>): Promise<number> => (await countRoundTrips(cloud, run))[0];

test.each([['suining-2019'], ['yueyang-2024'], ['jinjiang-2024']])('setupProgramme (%s) creates one default team per preset node in one request', async (presetId) => {
  const preset = getProgramme(presetId)!;
  const before = await count(() => as(cloud, ADMIN).ok('account', 'setupProgramme', { presetId }));
  const nodes = (await as(cloud, ADMIN).ok('account', 'listOrgs', {})).nodes;
  expect(nodes).toHaveLength(preset.orgTree.length);
  // a unit committee's team is remote where the programme has remote teams; every other node's local
  const expected = nodes.map((n) => {
    const kind = n.level === 'unit' && preset.teams.kinds.includes('remote') ? 'remote' : 'local';
    return { _id: `team-${n.code}-${kind}`, name: `${n.name}${preset.brandName}志愿服务队`, kind, orgCode: n.code, orgName: n.name, orgPath: n.path, leaderId: null, speciality: null };
  }).sort((a, b) => a._id.localeCompare(b._id));
  expect(teams()).toEqual(expected.map((t) => expect.objectContaining(t)));
  // two reads of the settings document, a read and an insert per node, the switch-on, the audit
  // entry, and one insert of all the teams
  expect(before).toBe(2 * preset.orgTree.length + 4 + 1);
});

test('a re-run of setupProgramme adds the missing default teams and leaves existing ones as they are', async () => {
  await as(cloud, ADMIN).ok('account', 'setupProgramme', { presetId: 'suining-2019' });
  const all = teams();
  // staff renamed one team; another node is from before default teams were made with the node
  const renamed = all[0]!;
  await as(cloud, ADMIN).ok('volunteer', 'saveTeam', { id: renamed._id, name: '测试改名服务队', kind: renamed.kind as 'local', orgCode: renamed.orgCode });
  const missing = all[1]!;
  cloud.store.commit([{ coll: 'volunteer_teams', key: idKey(missing._id), doc: null }]);
  expect(teams()).toHaveLength(all.length - 1);

  const again = await as(cloud, ADMIN).ok('account', 'setupProgramme', { presetId: 'suining-2019' });
  expect(again.orgsCreated).toBe(0);
  const after = teams();
  expect(after.map((t) => t._id)).toEqual(all.map((t) => t._id));
  expect(after.find((t) => t._id === renamed._id)!.name).toBe('测试改名服务队');
  expect(after.find((t) => t._id === missing._id)).toMatchObject({ name: missing.name, kind: missing.kind, orgPath: missing.orgPath });
});

test('createOrg creates the new node\'s default team with one request more', async () => {
  await as(cloud, ADMIN).ok('account', 'setupProgramme', { presetId: 'suining-2019' });
  const before = teams().length;
  const street = await count(() => as(cloud, ADMIN).ok('account', 'createOrg', { code: 'an-st9', name: '测试街道九', level: 'street', parentCode: 'sn-anju' }));
  const unit = await count(() => as(cloud, ADMIN).ok('account', 'createOrg', { code: 'sn-unit9', name: '测试单位妇委会', level: 'unit', parentCode: 'sn' }));
  // the caller's row, the parent, the code's check, the node, the team, the audit entry; the first
  // also reads the programme (setupProgramme left it uncached; a warm instance keeps it 30 s)
  expect({ street, unit }).toEqual({ street: 7, unit: 6 });
  expect(teams()).toHaveLength(before + 2);
  expect(teams().find((t) => t.orgCode === 'an-st9')).toMatchObject({ _id: 'team-an-st9-local', name: '测试街道九爱心妈妈志愿服务队', kind: 'local', orgPath: ['sn', 'sn-anju', 'an-st9'] });
  expect(teams().find((t) => t.orgCode === 'sn-unit9')).toMatchObject({ _id: 'team-sn-unit9-remote', name: '测试单位妇委会爱心妈妈志愿服务队', kind: 'remote', orgPath: ['sn', 'sn-unit9'] });
  // a refused creation (the code exists) makes no team
  expect((await as(cloud, ADMIN).raw('account', 'createOrg', { code: 'an-st9', name: '重复', level: 'street', parentCode: 'sn-anju' })).ok).toBe(false);
  expect(teams()).toHaveLength(before + 2);
});
