import type { TimerJob } from '../../server/handler';
import { remindReports, snapshotReports } from './calendar-timers';

/**
 * CloudBase allows one timer trigger per function, so the report function has one, hourly
 * (cloudfunctions/report/config.json `hourly`), and runs its jobs in turn: the calendar's cut-off
 * snapshots (soon after midnight on the 1st), then the deadline reminders (from 09:00, once each).
 * Each job is idempotent; one failing does not stop the next.
 */
const JOBS: Record<string, TimerJob> = { snapshots: snapshotReports, reminders: remindReports };

const hourly: TimerJob = async (ctx) => {
  const out: Record<string, unknown> = {};
  for (const [name, job] of Object.entries(JOBS)) {
    try {
      out[name] = await job(ctx);
    } catch (err) {
      console.error(`[report timer ${name}]`, err);
      out[name] = { error: true };
    }
  }
  return out;
};

/** The report function's scheduled jobs, by trigger name (cloudfunctions/report/config.json). */
export const reportTimers: Record<string, TimerJob> = { hourly };
