import { dashboardContract } from './dashboard';
import { calendarContract } from './calendar';
import { annexContract } from './annex';
import { commendationContract } from './commendation';

/**
 * report: what federations report upward. Four parts, one file each: the dashboard over a staff
 * member's subtree (dashboard.ts), the reporting calendar with frozen snapshots (calendar.ts),
 * every annex table as .xlsx (annex.ts) and the yearly review and commendation (commendation.ts).
 */
export const reportContract = {
  ...dashboardContract,
  ...calendarContract,
  ...annexContract,
  ...commendationContract,
} as const;
