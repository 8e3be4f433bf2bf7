/** Shared by the child function tests (tests/functions/child*.test.ts); lives here with the other child fixtures. */
import { as, ADMIN } from '../../helpers/cloud';
import { addOrg, makeStaff, setupProgramme } from '../../helpers/fixtures';
import type { LocalCloud } from '../../../localcloud/server';
import { userIdFor } from '../../../src/server/ids';

/**
 * The registry tests' world (遂宁): two counties, each with a street and communities; staff with
 * different permissions; a volunteer and a donor.
 */
export const ORGS = { countyA: 'sn-chuanshan', streetA: 'st-a', communityA1: 'cm-a1', communityA2: 'cm-a2', countyB: 'sn-anju', streetB: 'st-b', communityB1: 'cm-b1' };
export const WHO = { countyA: 'staff-county-a', reader: 'staff-reader-a', writer: 'staff-writer-a', countyB: 'staff-county-b', volunteer: 'vol-1', otherVolunteer: 'vol-2', donor: 'donor-1' };

export async function setupWorld(cloud: LocalCloud): Promise<void> {
  await setupProgramme(cloud, 'suining-2019');
  await addOrg(cloud, ORGS.countyA, ORGS.streetA, '测试街道甲', 'street');
  await addOrg(cloud, ORGS.streetA, ORGS.communityA1, '测试社区甲一', 'community');
  await addOrg(cloud, ORGS.streetA, ORGS.communityA2, '测试社区甲二', 'community');
  await addOrg(cloud, ORGS.countyB, ORGS.streetB, '测试街道乙', 'street');
  await addOrg(cloud, ORGS.streetB, ORGS.communityB1, '测试社区乙一', 'community');
  await makeStaff(cloud, WHO.countyA, ORGS.countyA);
  await makeStaff(cloud, WHO.reader, ORGS.streetA, ['child.read']);
  await makeStaff(cloud, WHO.writer, ORGS.streetA, ['child.read', 'child.write']);
  await makeStaff(cloud, WHO.countyB, ORGS.countyB);
  for (const v of [WHO.volunteer, WHO.otherVolunteer]) await makeVolunteer(v);
  await as(cloud, WHO.donor).ok('account', 'login', {});
  void ADMIN;

  async function makeVolunteer(openid: string) {
    await as(cloud, openid).ok('account', 'login', {});
    await db().collection('users').doc(userIdFor(openid)).update({ roles: ['donor', 'volunteer'], volunteerStatus: 'approved' });
  }
}

// eslint-disable-next-line @typescript-eslint/no-var-requires
export const db = () => require('../../../src/server/runtime').getDb() as import('../../../src/server/runtime').Db;

/** A pairing as the pairing function will write it (that function comes with a later issue). */
export async function pair(childId: string, volunteerOpenid: string, status = 'active'): Promise<string> {
  const res = await db().collection('pairings').add({ childId, volunteerUserId: userIdFor(volunteerOpenid), status });
  return (res as { id: string }).id;
}

export interface AuditRow { action: string; fn: string; ok: boolean; actorId: string; targetIds: string[]; fields: string[] }
export const audits = (cloud: LocalCloud): AuditRow[] => cloud.store.rawDocuments('audit_logs') as unknown as AuditRow[];
