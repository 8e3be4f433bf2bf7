import type { LocalCloud } from '../../../localcloud/server';
import { as } from '../../helpers/cloud';
import { childInput } from '../child/fixtures';
import { ORGS, WHO } from '../child/world';
import { approvedVolunteer, db } from '../pairing/world';
import { appIdFor } from '../../../src/functions/volunteer/store';
import { userIdFor } from '../../../src/server/ids';

export const A1 = { code: ORGS.communityA1, name: '测试社区甲一', path: ['sn', ORGS.countyA, ORGS.streetA, ORGS.communityA1] };

/**
 * A volunteer team in community A1 for the team-group tests: WHO.volunteer and its leader are
 * members, WHO.otherVolunteer is approved but not in it, and WHO.volunteer is actively paired with
 * a new child. Call after setupWorld; answers the child's id.
 */
export async function teamWorld(cloud: LocalCloud, opts: { team: string; leader: string; childSeq: number }): Promise<string> {
  const childId = (await as(cloud, WHO.countyA).ok('child', 'create', childInput(opts.childSeq, A1.code))).id;
  const v = await approvedVolunteer(cloud, WHO.volunteer, A1, { name: '测试妈妈一' });
  await approvedVolunteer(cloud, opts.leader, A1, { name: '测试队长' });
  await approvedVolunteer(cloud, WHO.otherVolunteer, A1, { name: '测试妈妈二' });
  for (const who of [WHO.volunteer, opts.leader]) {
    await db().collection('volunteer_applications').doc(appIdFor(userIdFor(who))).update({ teamId: opts.team, teamName: '测试甲一服务队' });
  }
  await db().collection('volunteer_teams').add({
    _id: opts.team, name: '测试甲一服务队', kind: 'local', speciality: null, orgCode: A1.code, orgName: A1.name, orgPath: A1.path,
    leaderId: appIdFor(userIdFor(opts.leader)), leaderName: '测试队长', createdAt: '2026-01-01T00:00:00.000Z',
  });
  const p = await as(cloud, WHO.countyA).ok('pairing', 'propose', { childId, volunteerId: v });
  await as(cloud, WHO.countyA).ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-01-02' });
  await as(cloud, WHO.volunteer).ok('pairing', 'respond', { id: p.id, accept: true });
  return childId;
}
