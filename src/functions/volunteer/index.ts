import { createFunction } from '../../server/handler';
import { getSignupForm, verifyPhone } from './form';
import { submit } from './apply';
import { acceptCommitment, mine, subscribe, withdraw } from './mine';
import { getApplication, listApplications, revealContact, reviewCounts } from './review';
import { review } from './decide';
import { listRoster, quotaProgress } from './roster';
import { assignTeam, listTeams, saveTeam } from './teams';
import { extendSignup } from './window';

/** Cloud function `volunteer`: sign-up, vetting along the programme's chain, roster, teams, quotas. */
export const main = createFunction('volunteer', {
  getSignupForm,
  verifyPhone,
  submit,
  mine,
  withdraw,
  subscribe,
  acceptCommitment,
  listApplications,
  reviewCounts,
  getApplication,
  revealContact,
  review,
  listRoster,
  quotaProgress,
  listTeams,
  saveTeam,
  assignTeam,
  extendSignup,
});
