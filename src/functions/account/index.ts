import { createFunction } from '../../server/handler';
import { login, setupProgramme } from './login';
import { createOrg, listOrgs, renameOrg } from './orgs';
import { createStaffInvite, listStaff, redeemStaffInvite, updateStaff } from './staff';
import { listAudit } from './audit';
import { notices, readNotices } from './notices';

/** Cloud function `account`: identity, programme switch-on, org tree, staff accounts, audit log. */
export const main = createFunction('account', {
  login,
  setupProgramme,
  listOrgs,
  createOrg,
  renameOrg,
  createStaffInvite,
  redeemStaffInvite,
  listStaff,
  updateStaff,
  listAudit,
  notices,
  readNotices,
});
