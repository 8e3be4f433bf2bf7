import type { TimerJob } from '../../server/handler';

/** The report function's scheduled jobs, by trigger name (cloudfunctions/report/config.json). */
export const reportTimers: Record<string, TimerJob> = {};
