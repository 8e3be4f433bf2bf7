import { createFunction } from '../../server/handler';
import { login, setupProgramme } from './login';
import { createOrg, listOrgs, renameOrg } from './orgs';
import { moveOrg } from './org-move';
import { closeOrg, reopenOrg } from './org-close';
import { importOrgs } from './org-import';
import { createStaffInvite, listStaff, redeemStaffInvite, updateStaff } from './staff';
import { listAudit } from './audit';
import { notices, readNotices } from './notices';
import { todo } from './todo';
import { programmeVersions, reviewProgramme, saveProgramme } from './programme';
import { claimAdmin, issueSetupCode, presets } from './setup';

/** Cloud function `account`: identity, first admin, programme switch-on, org tree, staff accounts, audit log. */
export const main = createFunction(
  'account',
  {
    login,
    claimAdmin,
    presets,
    setupProgramme,
    listOrgs,
    createOrg,
    renameOrg,
    moveOrg,
    closeOrg,
    reopenOrg,
    importOrgs,
    createStaffInvite,
    redeemStaffInvite,
    listStaff,
    updateStaff,
    listAudit,
    notices,
    readNotices,
    todo,
    programmeVersions,
    reviewProgramme,
    saveProgramme,
  },
  // the deploy command's management-side call (src/deploy/setup.ts)
  { system: { issueSetupCode } },
);
