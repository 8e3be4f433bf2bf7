import { startTestCloud, as, ADMIN } from '../helpers/cloud';
import { checkpoint } from '../helpers/checkpoint';
import type { LocalCloud } from '../../localcloud/server';
import { setClock } from '../../src/server/time';
import { forgetProgramme } from '../../src/server/programme';
import { userIdFor } from '../../src/server/ids';
import { buildMainWorld, type World } from '../authz/world';
import { MAIN_CLOCK } from '../authz/fixtures';
import { buildSheet, childInput, testPhone } from '../domain/child/fixtures';
import { suiningForm } from '../domain/volunteer/fixtures';

/**
 * A closed (撤销) org node takes no new record (issue 17 part 3): sign-up's node and preferred
 * area, a staff invite made or redeemed, a child's file created, moved or imported there, a team
 * created or moved there are each refused with one sentence (src/server/orgs.ts closedOrgMessage),
 * and nothing is written. In the matrix's 遂宁 world, with an empty community under street A
 * closed for the test (a staff invite to it sent before).
 */
let cloud: LocalCloud;
let w: World;
let invite: string;
let restore: () => void;

const SHUT = 'cm-shut';
const SAID = '「测试撤销社区」已撤销，请选择其他组织';
const raw = (c: string) => cloud.store.rawDocuments(c) as Record<string, any>[];
/** Every collection but the audit log (a refused call is logged there) */
const state = () => JSON.stringify(cloud.store.listCollections().filter((c) => c !== 'audit_logs').sort().map((c) => [c, cloud.store.rawDocuments(c)]));
const refused = async (call: Promise<unknown>, message = SAID) => {
  const before = state();
  expect(await call).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message } });
  expect(state()).toBe(before);
};
let files = 0;
const upload = (content: Buffer) => cloud.storage.write(`child-imports/${userIdFor(ADMIN)}/closed${++files}.xlsx`, content);

beforeAll(async () => {
  setClock(() => MAIN_CLOCK);
  forgetProgramme();
  cloud = await startTestCloud();
  w = await buildMainWorld(cloud, []);
  await as(cloud, ADMIN).ok('account', 'createOrg', { code: SHUT, name: '测试撤销社区', level: 'community', parentCode: w.orgs.sA.code });
  invite = (await as(cloud, ADMIN).ok('account', 'createStaffInvite', { orgCode: SHUT, permissions: ['child.read'] })).code;
  await as(cloud, ADMIN).ok('account', 'closeOrg', { code: SHUT });
  restore = checkpoint(cloud);
}, 120_000);
// each test starts with the node closed and nothing filed (one reopens it, others file records)
afterEach(() => restore());
afterAll(async () => {
  await cloud.close();
  setClock(null);
});

describe('a closed node is refused wherever a record would be filed there', () => {
  test('sign-up: her node, or her preferred area', async () => {
    await refused(as(cloud, 'oc-signup-1').raw('volunteer', 'submit', suiningForm(81, { orgCode: SHUT })));
    await refused(as(cloud, 'oc-signup-2').raw('volunteer', 'submit', suiningForm(82, { orgCode: w.orgs.a1.code, preferredAreaCode: SHUT })));
    // the same sign-up at an open node goes through
    const ok = await as(cloud, 'oc-signup-2').ok('volunteer', 'submit', suiningForm(82, { orgCode: w.orgs.a1.code }));
    expect(ok.application.status).toBeTruthy();
  });

  test('a staff invite: made for it, or redeemed after it closed', async () => {
    await refused(as(cloud, ADMIN).raw('account', 'createStaffInvite', { orgCode: SHUT, permissions: ['child.read'] }));
    await refused(as(cloud, w.openid.street).raw('account', 'createStaffInvite', { orgCode: SHUT, permissions: ['child.read'] }));
    // outside her subtree she learns no more than that
    expect(await as(cloud, w.openid.otherDistrict).raw('account', 'createStaffInvite', { orgCode: SHUT, permissions: ['child.read'] }))
      .toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await as(cloud, 'oc-staff-1').ok('account', 'login', {});
    await refused(as(cloud, 'oc-staff-1').raw('account', 'redeemStaffInvite', { code: invite, name: '测试职员' }), '「测试撤销社区」已撤销，请联系邀请人重新邀请');
    expect(raw('staff_invites').find((i) => i._id === invite)!.usedBy).toBeNull();
  });

  test('a child\'s file: created there, moved there', async () => {
    await refused(as(cloud, ADMIN).raw('child', 'create', childInput(91, SHUT)));
    const child = raw('children').find((c) => c._id === w.ids.childA)!;
    await refused(as(cloud, ADMIN).raw('child', 'update', { id: w.ids.childA, version: child.version, orgCode: SHUT, patch: {} }));
  });

  test('a child import: filed there by default, or a row naming it', async () => {
    const row = (i: number, community: string) => ({ 序号: i, 姓名: `撤销导入${i}`, '年龄（出生年月）': `7（2017-0${i}-05）`, 所在社区: community, 监护人及联系方式: `测试监护人 ${testPhone(700 + i)}`, 家庭住址: '测试路1号', 贫困原因: '低保家庭' });
    await refused(as(cloud, ADMIN).raw('child', 'importSheet', { fileID: upload(await buildSheet('lg-2', [row(1, '测试社区甲一')])), orgCode: SHUT }));
    const res = await as(cloud, ADMIN).ok('child', 'importSheet', {
      fileID: upload(await buildSheet('lg-2', [row(1, '测试撤销社区'), row(2, '测试社区甲一')])),
      orgCode: w.orgs.a1.code,
    });
    expect(res).toMatchObject({ created: 1, rejected: [{ name: '撤销导入1', reason: SAID }] });
    expect(raw('children').filter((c) => c.orgCode === SHUT)).toEqual([]);
  });

  test('a team: created there, or moved there; one already there may still be renamed', async () => {
    await refused(as(cloud, ADMIN).raw('volunteer', 'saveTeam', { name: '测试新队', kind: 'local', orgCode: SHUT }));
    const team = raw('volunteer_teams').find((t) => t.orgCode === w.orgs.a1.code)!;
    await refused(as(cloud, ADMIN).raw('volunteer', 'saveTeam', { id: team._id, name: team.name, kind: team.kind, orgCode: SHUT }));
    // the closed node's own default team (made with the node) is still its record
    const own = raw('volunteer_teams').find((t) => t.orgCode === SHUT)!;
    const renamed = await as(cloud, ADMIN).ok('volunteer', 'saveTeam', { id: own._id, name: '测试撤销社区旧队', kind: own.kind, orgCode: SHUT });
    expect(renamed.team.name).toBe('测试撤销社区旧队');
  });

  test('reopened, it takes records again', async () => {
    await as(cloud, ADMIN).ok('account', 'reopenOrg', { code: SHUT });
    const { id } = await as(cloud, ADMIN).ok('child', 'create', childInput(92, SHUT));
    expect(raw('children').find((c) => c._id === id)!.orgCode).toBe(SHUT);
    expect((await as(cloud, ADMIN).ok('account', 'createStaffInvite', { orgCode: SHUT, permissions: ['child.read'] })).code).toBeTruthy();
  });
});
