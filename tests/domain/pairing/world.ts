/** Shared by the pairing function and page tests: approved volunteers placed at chosen nodes. */
import { as } from '../../helpers/cloud';
import type { LocalCloud } from '../../../localcloud/server';
import { userIdFor } from '../../../src/server/ids';
import { appIdFor } from '../../../src/functions/volunteer/store';
import { db } from '../child/world';
import { seal } from '../../../src/server/crypto';

export { db };

/**
 * An approved volunteer as the volunteer function leaves one (status 'approved' in
 * volunteer_applications, role 'volunteer' on her user row), written directly: vetting is
 * tested in tests/functions/volunteer-*.test.ts. Synthetic names only.
 */
export async function approvedVolunteer(
  cloud: LocalCloud,
  openid: string,
  org: { code: string; name: string; path: string[] },
  opts: { name?: string; skills?: string; pairingForms?: string[]; teamKind?: 'local' | 'remote' | null; phone?: string; post?: string } = {},
): Promise<string> {
  await as(cloud, openid).ok('account', 'login', {});
  const userId = userIdFor(openid);
  await db().collection('users').doc(userId).update({ roles: ['donor', 'volunteer'], volunteerStatus: 'approved' });
  await db().collection('volunteer_applications').add({
    _id: appIdFor(userId),
    userId,
    openid,
    status: 'approved',
    version: 3,
    name: opts.name ?? `测试妈妈${openid.slice(-2)}`,
    form: { skills: opts.skills ?? '辅导功课、讲故事', pairingForms: opts.pairingForms ?? ['one_to_one'], ...(opts.post ? { employerAndPost: opts.post } : {}) },
    ...(opts.phone ? { phone: seal(opts.phone) } : {}),
    orgCode: org.code,
    orgName: org.name,
    orgPath: org.path,
    preferredAreaCode: null,
    teamKind: opts.teamKind ?? null,
    approvedAt: '2026-01-01T00:00:00.000Z',
  });
  return userId;
}
