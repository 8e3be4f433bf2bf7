import { createFunction } from '../../server/handler';
import { board, closeFlag, corrections, flags, reviewCorrection } from './staff';
import { linkTeamGroup, unlinkTeamGroup } from './group';
import { sharedEntry, team } from './team';
import { reminders } from './timers';
import { reconcile } from './reconcile';
import { checkIn, correct, mine, timeline } from './volunteer';

/** Cloud function `visit`: 走访打卡, what is due, the overdue board and needs-attention flags; the morning timer reminds volunteers. */
export const main = createFunction(
  'visit',
  { checkIn, mine, correct, timeline, team, sharedEntry, linkTeamGroup, unlinkTeamGroup, board, flags, closeFlag, corrections, reviewCorrection, reconcile },
  { timers: { reminders } },
);
