import type { Handlers } from '../../server/handler';
import type { calendarContract } from '../../contract/report/calendar';

/** Handlers of src/contract/report/calendar.ts. */
export const calendarHandlers: Pick<Handlers<'report'>, keyof typeof calendarContract> = {};
