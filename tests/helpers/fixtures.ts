import type { LocalCloud } from '../../localcloud/server';
import type { Permission } from '../../src/contract';
import { PERMISSIONS } from '../../src/contract';
import { as, ADMIN } from './cloud';

export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export interface OrgRow {
  code: string;
  name: string;
  level: string;
  path: string[];
}

/**
 * Switches a programme on and returns its org tree, so feature tests can place staff and records
 * at chosen nodes.
 */
export async function setupProgramme(cloud: LocalCloud, presetId: string): Promise<OrgRow[]> {
  await as(cloud, ADMIN).ok('account', 'login', {});
  await as(cloud, ADMIN).ok('account', 'setupProgramme', { presetId });
  return (await as(cloud, ADMIN).ok('account', 'listOrgs', {})).nodes;
}

/** Makes `openid` a staff member at `orgCode` with the given permissions (all by default). */
export async function makeStaff(cloud: LocalCloud, openid: string, orgCode: string, permissions: Permission[] = ALL_PERMISSIONS): Promise<void> {
  const { code } = await as(cloud, ADMIN).ok('account', 'createStaffInvite', { orgCode, permissions });
  await as(cloud, openid).ok('account', 'login', {});
  await as(cloud, openid).ok('account', 'redeemStaffInvite', { code, name: `测试${openid.slice(0, 10)}` });
}

/** Adds a street or community under a parent, for programmes whose presets stop at a higher level. */
export async function addOrg(cloud: LocalCloud, parentCode: string, code: string, name: string, level: 'street' | 'community'): Promise<void> {
  await as(cloud, ADMIN).ok('account', 'createOrg', { code, name, level, parentCode });
}
