import { startTestCloud, as, snapshot } from '../helpers/cloud';
import { makeStaff } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { teamWorld } from '../domain/visits/team-world';
import { audits, ORGS, setupWorld, WHO } from '../domain/child/world';
import { approvedVolunteer, db } from '../domain/pairing/world';
import { appIdFor } from '../../src/functions/volunteer/store';
import { userIdFor } from '../../src/server/ids';
import * as runtime from '../../src/server/runtime';
import { groupHashFromTicket, groupHashOf } from '../../src/functions/visit/group';
import { decodeOpenApiRequest, encodeOpenApiResponse } from '../../src/server/openapi';
import { nowMs, setClock } from '../../src/server/time';

/**
 * The team's WeChat group (visit.linkTeamGroup / unlinkTeamGroup / sharedEntry with a group
 * ticket): who may link, a card opened inside the linked group admitting non-members to the
 * minimal entry, wrong or forged tickets refused, relinking, bad input, and no raw openGId stored.
 * Tickets are cloudIDs the local cloud's WeChat issues to the user's phone inside a group, as
 * wx.getGroupEnterInfo does (api/open-api/group/wx.getGroupEnterInfo: open data `{ opengid }`),
 * and the function resolves through cloud.openapi.cloudbase.getOpenData (OpenApiDoc/cloudbase/getOpenData).
 */
let cloud: LocalCloud;
const B1 = { code: ORGS.communityB1, name: '测试社区乙一', path: ['sn', ORGS.countyB, ORGS.streetB, ORGS.communityB1] };
const LEADER = 'vol-leader';
const VB = 'vol-b';
const ROSTER = 'staff-street-roster'; // volunteer.read only, street A
const STREET_VISIT = 'staff-street-visit'; // visit.read only, street A
const TEAM = 'team-group-test';
const GROUP = 'GroupRawIdAlpha7Q';
const OTHER_GROUP = 'GroupRawIdBeta9Z';
/** What wx.getGroupEnterInfo gives `who` inside group `g`: a fresh cloudID (valid five minutes). */
const ticket = (g: string, who: string) => ({ cloudID: cloud.wechat.issueGroupCloudId(who, g) });
const err = (res: unknown) => (res as { ok: boolean; error?: { code: string; message: string } }).error;
const REFUSAL = { code: 'FORBIDDEN', message: '这条动态仅对所在爱心妈妈服务队的成员开放，感谢您的关心' };
const links = () => cloud.store.rawDocuments('visit_team_groups') as { _id: string; groupHash: string; teamName: string }[];
/** Everything but the audit log (a refused attempt at an audited action is logged, by design). */
const dataSnapshot = () => JSON.stringify(JSON.parse(snapshot(cloud)).filter(([c]: [string]) => c !== 'audit_logs'));
let entry = '';
/** The team linked to group `g`, or to none, whatever an earlier test left (through the function, as
 * the county's staff), so that each test starts from the link it describes. */
const linkState = async (g: string | null) => {
  await as(cloud, WHO.countyA).ok('visit', 'unlinkTeamGroup', { teamId: TEAM });
  if (g) await as(cloud, WHO.countyA).ok('visit', 'linkTeamGroup', { teamId: TEAM, groupTicket: ticket(g, WHO.countyA) });
};
/** The audit entries written since `mark` (the log's length when the test began). */
const auditsSince = (mark: number) => audits(cloud).slice(mark);

beforeAll(async () => {
  cloud = await startTestCloud();
  await setupWorld(cloud);
  await makeStaff(cloud, ROSTER, ORGS.streetA, ['volunteer.read']);
  await makeStaff(cloud, STREET_VISIT, ORGS.streetA, ['visit.read']);
  const childId = await teamWorld(cloud, { team: TEAM, leader: LEADER, childSeq: 90 });
  await approvedVolunteer(cloud, VB, B1, { name: '测试妈妈乙' });
  entry = (await as(cloud, WHO.volunteer).ok('visit', 'checkIn', { clientId: 'group-client-1', childId, kind: 'call', at: new Date(Date.now() - 60_000).toISOString(), durationMinutes: 20, problems: '孩子想念妈妈' })).id;
});
afterEach(() => setClock(null));
afterAll(() => cloud.close());

describe('linking a team to its WeChat group', () => {
  test('refused to members who are not the leader, staff without visit.read or volunteer.read, staff of another county and donors; nothing changes', async () => {
    await linkState(null);
    const mark = audits(cloud).length;
    const before = dataSnapshot();
    for (const who of [WHO.volunteer, WHO.otherVolunteer, WHO.reader, WHO.countyB, VB]) {
      const e = err(await as(cloud, who).raw('visit', 'linkTeamGroup', { id: entry, groupTicket: ticket(GROUP, who) }));
      expect(e).toEqual({ code: 'FORBIDDEN', message: '只有服务队队长或负责该地区的工作人员可以绑定服务队群' });
    }
    expect(err(await as(cloud, WHO.donor).raw('visit', 'linkTeamGroup', { teamId: TEAM, groupTicket: ticket(GROUP, WHO.donor) }))?.code).toBe('FORBIDDEN');
    expect(dataSnapshot()).toBe(before);
    expect(links()).toEqual([]);
    // the refused attempts are in the audit log (the five that reached the handler name the team)
    const refused = auditsSince(mark).filter((a) => a.action === 'linkTeamGroup' && !a.ok);
    expect(refused.length).toBe(6);
    expect(refused.filter((a) => a.targetIds.includes(TEAM)).length).toBe(5);
  });

  test('the leader links from a card opened in the group; only a keyed hash of the group is kept', async () => {
    await linkState(null);
    const mark = audits(cloud).length;
    const res = await as(cloud, LEADER).ok('visit', 'linkTeamGroup', { id: entry, groupTicket: ticket(GROUP, LEADER) });
    expect(res).toEqual({ teamId: TEAM, teamName: '测试甲一服务队', replaced: false });
    expect(links()).toEqual([expect.objectContaining({ _id: TEAM, teamName: '测试甲一服务队', groupHash: expect.any(String) })]);
    const all = snapshot(cloud);
    for (const raw of [GROUP, GROUP.toUpperCase(), GROUP.toLowerCase(), Buffer.from(GROUP).toString('hex'), Buffer.from(GROUP).toString('base64')]) {
      expect(all.toLowerCase()).not.toContain(raw.toLowerCase());
    }
    expect(auditsSince(mark).filter((a) => a.action === 'linkTeamGroup' && a.ok)).toEqual([expect.objectContaining({ actorId: userIdFor(LEADER), targetIds: [TEAM], fields: ['groupHash'] })]);
  });

  test('staff looking after the team (visit.read or volunteer.read in scope, or the county) may link by team too', async () => {
    await linkState(GROUP);
    const first = links()[0].groupHash;
    expect(await as(cloud, ROSTER).ok('visit', 'linkTeamGroup', { teamId: TEAM, groupTicket: ticket(GROUP, ROSTER) })).toMatchObject({ replaced: false });
    expect(await as(cloud, STREET_VISIT).ok('visit', 'linkTeamGroup', { teamId: TEAM, groupTicket: ticket(GROUP, STREET_VISIT) })).toMatchObject({ replaced: false });
    expect(await as(cloud, WHO.countyA).ok('visit', 'linkTeamGroup', { teamId: TEAM, groupTicket: ticket(GROUP, WHO.countyA) })).toMatchObject({ replaced: false });
    expect(links()).toEqual([expect.objectContaining({ groupHash: first })]);
  });

  test('bad input changes nothing and says what is wrong in Chinese', async () => {
    const before = snapshot(cloud);
    const bad: unknown[] = [
      { id: entry },
      { groupTicket: ticket(GROUP, LEADER) },
      { id: entry, teamId: TEAM, groupTicket: ticket(GROUP, LEADER) },
      { teamId: 'team-missing', groupTicket: ticket(GROUP, LEADER) },
      { id: 'ck-missing-0000', groupTicket: ticket(GROUP, LEADER) },
      { teamId: TEAM, groupTicket: { cloudID: '' } },
      { teamId: TEAM, groupTicket: { cloudID: 'x'.repeat(2000) } },
      { teamId: TEAM, groupTicket: { ...ticket(OTHER_GROUP, LEADER), data: { openGId: OTHER_GROUP } } },
      { teamId: TEAM, groupTicket: ticket(OTHER_GROUP, LEADER).cloudID },
    ];
    for (const data of bad) {
      const e = err(await as(cloud, LEADER).raw('visit', 'linkTeamGroup', data));
      expect(['INVALID_INPUT', 'NOT_FOUND']).toContain(e?.code);
      expect(e?.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(snapshot(cloud)).toBe(before);
  });
});

describe('a card opened inside the linked group', () => {
  test('admits a non-member to the same minimal entry; a wrong group or no ticket gets the polite refusal', async () => {
    await linkState(GROUP);
    for (const who of [WHO.otherVolunteer, VB, WHO.donor, 'someone-in-the-group']) {
      const seen = await as(cloud, who).ok('visit', 'sharedEntry', { id: entry, groupTicket: ticket(GROUP, who) });
      expect(seen).toEqual({ volunteerName: '测试妈妈一', childAlias: expect.stringMatching(/同学$/), kindLabel: '电话/微信', date: expect.any(String), link: null });
      const names = (cloud.store.rawDocuments('children') as { name: string }[]).map((c) => c.name);
      expect(names.some((n) => JSON.stringify(seen).includes(n))).toBe(false);
      expect(JSON.stringify(seen)).not.toContain('孩子想念妈妈');
      expect(err(await as(cloud, who).raw('visit', 'sharedEntry', { id: entry, groupTicket: ticket(OTHER_GROUP, who) }))).toEqual(REFUSAL);
      expect(err(await as(cloud, who).raw('visit', 'sharedEntry', { id: entry }))).toEqual(REFUSAL);
      expect(err(await as(cloud, who).raw('visit', 'sharedEntry', { id: entry, groupTicket: { cloudID: 'not-a-ticket' } }))).toEqual(REFUSAL);
    }
  });

  test('members still see it anywhere; those who may link learn whether this is the linked group', async () => {
    await linkState(GROUP);
    expect(await as(cloud, WHO.volunteer).ok('visit', 'sharedEntry', { id: entry })).toMatchObject({ volunteerName: '测试妈妈一', link: null });
    expect((await as(cloud, LEADER).ok('visit', 'sharedEntry', { id: entry, groupTicket: ticket(GROUP, LEADER) })).link).toEqual({ teamId: TEAM, teamName: '测试甲一服务队', linked: true, here: true });
    expect((await as(cloud, LEADER).ok('visit', 'sharedEntry', { id: entry, groupTicket: ticket(OTHER_GROUP, LEADER) })).link).toMatchObject({ linked: true, here: false });
    expect((await as(cloud, ROSTER).ok('visit', 'sharedEntry', { id: entry })).link).toMatchObject({ linked: true, here: null });
    expect(err(await as(cloud, WHO.countyB).raw('visit', 'sharedEntry', { id: entry }))).toEqual(REFUSAL);
  });

  test('a forged cloudID, one past its five minutes, another user\'s or a reused stand-in is refused; nothing changes', async () => {
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const before = dataSnapshot();
    const UNREADABLE = { code: 'INVALID_INPUT', message: '未能识别所在的微信群，请在服务队群里重新打开这张卡片' };
    try {
      // forged: WeChat never issued it (the old local stand-in is just another forged string now)
      for (const cloudID of ['27_AbCdEf-not-real', `local-group:${OTHER_GROUP}`]) {
        expect(err(await as(cloud, WHO.otherVolunteer).raw('visit', 'sharedEntry', { id: entry, groupTicket: { cloudID } }))).toEqual(REFUSAL);
        expect(err(await as(cloud, LEADER).raw('visit', 'linkTeamGroup', { id: entry, groupTicket: { cloudID } }))).toEqual(UNREADABLE);
      }
      // another user's: a cloudID from the donor's phone does not prove the leader is in that group
      expect(err(await as(cloud, LEADER).raw('visit', 'linkTeamGroup', { id: entry, groupTicket: ticket(OTHER_GROUP, WHO.donor) }))).toEqual(UNREADABLE);
      // expired: a cloudID lasts five minutes
      const old = ticket(OTHER_GROUP, LEADER);
      const t0 = nowMs();
      setClock(() => t0 + 5 * 60_000 + 1000);
      expect(err(await as(cloud, LEADER).raw('visit', 'linkTeamGroup', { id: entry, groupTicket: old }))).toEqual(UNREADABLE);
      expect(dataSnapshot()).toBe(before);
    } finally {
      setClock(null);
      quiet.mockRestore();
    }
  });

  test('the cloudID goes to WeChat as cloud.openapi.cloudbase.getOpenData sends it, with the caller\'s OPENID; either spelling of the group id', async () => {
    const calls: { apiName: string; data: Record<string, unknown> }[] = [];
    const answer = (cloudID: string, data: Record<string, string>) =>
      encodeOpenApiResponse({ contentType: 'application/json', respData: Buffer.from(JSON.stringify({ errcode: 0, errmsg: 'ok', data_list: [{ cloud_id: cloudID, json: JSON.stringify({ cloudID, data }) }] })) });
    const spy = jest.spyOn(runtime, 'getApp').mockReturnValue({
      callCompatibleWxOpenApi: async (o: { apiName: string; requestData: Buffer }) => {
        const data = decodeOpenApiRequest(o.requestData).data;
        calls.push({ apiName: o.apiName, data });
        const id = (data.cloudid_list as string[])[0];
        if (id === 'cid-enter') return answer(id, { opengid: GROUP }); // wx.getGroupEnterInfo's spelling
        if (id === 'cid-share') return answer(id, { openGId: GROUP }); // wx.getShareInfo's
        return encodeOpenApiResponse({ contentType: 'application/json', respData: Buffer.from('{"errcode":-1,"errmsg":"system error"}') });
      },
    } as never);
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await groupHashFromTicket({ cloudID: 'cid-enter' }, 'o-leader')).toBe(groupHashOf(GROUP));
      expect(await groupHashFromTicket({ cloudID: 'cid-share' }, 'o-leader')).toBe(groupHashOf(GROUP));
      expect(groupHashOf(GROUP)).not.toBe(groupHashOf(GROUP.toLowerCase())); // case-sensitive ids stay apart
      await expect(groupHashFromTicket({ cloudID: 'cid-busy' }, 'o-leader')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      expect(calls[0]).toEqual({ apiName: 'cloudbase.getOpenData', data: { openid: 'o-leader', cloudid_list: ['cid-enter'] } });
    } finally {
      spy.mockRestore();
      quiet.mockRestore();
    }
  });

  test('relinking replaces the group: the old group no longer admits, the new one does', async () => {
    await linkState(GROUP);
    const res = await as(cloud, LEADER).ok('visit', 'linkTeamGroup', { id: entry, groupTicket: ticket(OTHER_GROUP, LEADER) });
    expect(res.replaced).toBe(true);
    expect(links()).toHaveLength(1);
    expect(err(await as(cloud, WHO.donor).raw('visit', 'sharedEntry', { id: entry, groupTicket: ticket(GROUP, WHO.donor) }))).toEqual(REFUSAL);
    expect(await as(cloud, WHO.donor).ok('visit', 'sharedEntry', { id: entry, groupTicket: ticket(OTHER_GROUP, WHO.donor) })).toMatchObject({ volunteerName: '测试妈妈一' });
  });

  test('unlinking: only those who may link; afterwards the group admits no one but members', async () => {
    await linkState(OTHER_GROUP);
    const mark = audits(cloud).length;
    const before = dataSnapshot();
    expect(err(await as(cloud, WHO.otherVolunteer).raw('visit', 'unlinkTeamGroup', { teamId: TEAM }))?.code).toBe('FORBIDDEN');
    expect(dataSnapshot()).toBe(before);
    expect(await as(cloud, WHO.countyA).ok('visit', 'unlinkTeamGroup', { id: entry })).toEqual({ teamId: TEAM, removed: true });
    expect(links()).toEqual([]);
    expect(await as(cloud, WHO.countyA).ok('visit', 'unlinkTeamGroup', { teamId: TEAM })).toEqual({ teamId: TEAM, removed: false });
    expect(err(await as(cloud, WHO.donor).raw('visit', 'sharedEntry', { id: entry, groupTicket: ticket(OTHER_GROUP, WHO.donor) }))).toEqual(REFUSAL);
    expect(await as(cloud, WHO.volunteer).ok('visit', 'sharedEntry', { id: entry })).toMatchObject({ volunteerName: '测试妈妈一' });
    expect(auditsSince(mark).filter((a) => a.action === 'unlinkTeamGroup').map((a) => a.ok)).toEqual([false, true, true]);
  });

  test('a leader who left the team may no longer link it', async () => {
    await db().collection('volunteer_applications').doc(appIdFor(userIdFor(LEADER))).update({ teamId: 'team-elsewhere' });
    try {
      expect(err(await as(cloud, LEADER).raw('visit', 'linkTeamGroup', { teamId: TEAM, groupTicket: ticket(GROUP, LEADER) }))?.code).toBe('FORBIDDEN');
    } finally {
      await db().collection('volunteer_applications').doc(appIdFor(userIdFor(LEADER))).update({ teamId: TEAM });
    }
  });
});
