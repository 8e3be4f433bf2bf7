import type { Main } from './gateway';
import { wechatContext } from './env';
import { seedVolunteers } from './seed-volunteers';
import { seedChildren } from './seed-children';
import { seedWishes } from './seed-wishes';
import { seedVisits } from './seed-visits';
import { seedPairings } from './seed-pairings';
import { seedDashboard, seedReports } from './seed-reports';
import { seedCommendations } from './seed-commendations';

/**
 * Synthetic demo data, created through the real handlers (so it obeys every rule): a programme
 * preset with its org tree, an admin and staff at three levels. Names are obviously fake.
 */
export const DEMO_ADMIN = 'demo-admin';
export const DEMO_STAFF = {
  city: { openid: 'demo-staff-city', name: '测试市妇联甲' },
  district: { openid: 'demo-staff-district', name: '测试区妇联乙' },
  street: { openid: 'demo-staff-street', name: '测试街道丙' },
} as const;

type Call = (openid: string, action: string, data?: unknown) => Promise<unknown>;

function caller(account: Main): Call {
  return async (openid, action, data = {}) => {
    const res = (await account({ action, data }, wechatContext(openid, 'account'))) as { ok: boolean; data?: unknown; error?: { message: string } };
    if (!res.ok) throw new Error(`demo seed: account.${action} failed: ${res.error?.message}`);
    return res.data;
  };
}

export async function seedDemo(functions: { account: Main }, presetId: string): Promise<{ presetId: string; staff: Record<string, string> }> {
  const call = caller(functions.account);
  await call(DEMO_ADMIN, 'login');
  await call(DEMO_ADMIN, 'setupProgramme', { presetId });
  const { nodes } = (await call(DEMO_ADMIN, 'listOrgs')) as { nodes: { code: string; level: string; path: string[] }[] };
  const root = nodes.find((n) => n.path.length === 1)!;
  const district = nodes.find((n) => n.path.length === 2 && n.level !== 'unit') ?? root;
  const street = nodes.find((n) => n.path.length === 3 && n.path[1] === district.code) ?? district;
  const placed = { city: root.code, district: district.code, street: street.code };
  const staff: Record<string, string> = {};
  for (const level of ['city', 'district', 'street'] as const) {
    const { openid, name } = DEMO_STAFF[level];
    const permissions = ['org.manage', 'staff.manage', 'volunteer.review', 'volunteer.read', 'child.read', 'child.write', 'child.reveal', 'child.export', 'pairing.manage', 'wish.review', 'visit.read', 'report.read', 'report.submit', 'report.export', 'commendation.manage'];
    const { code } = (await call(DEMO_ADMIN, 'createStaffInvite', { orgCode: placed[level], permissions })) as { code: string };
    await call(openid, 'login');
    await call(openid, 'redeemStaffInvite', { code, name });
    staff[openid] = placed[level];
  }
  await seedVolunteers(functions, staff);
  await seedChildren(functions, staff);
  await seedPairings(functions, staff);
  await seedWishes(functions, staff);
  await seedVisits(functions);
  await seedReports(functions, DEMO_STAFF.street.openid);
  await seedCommendations(functions, [DEMO_STAFF.street.openid, DEMO_STAFF.district.openid, DEMO_STAFF.city.openid]);
  await seedDashboard(functions);
  return { presetId, staff };
}
