import { createFunction } from '../../server/handler';
import { dashboardHandlers } from './dashboard';
import { calendarHandlers } from './calendar';
import { annexHandlers } from './annex';
import { commendationHandlers } from './commendation';
import { reportTimers } from './timers';

/** Cloud function `report`: the dashboard, the reporting calendar, annex exports and the yearly commendation. */
export const main = createFunction(
  'report',
  { ...dashboardHandlers, ...calendarHandlers, ...annexHandlers, ...commendationHandlers },
  { timers: reportTimers },
);
