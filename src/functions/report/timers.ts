import type { TimerJob } from '../../server/handler';
import { remindReports, snapshotReports } from './calendar-timers';
import { snapshotDashboards } from './dashboard-snapshot';
import { purgeExports } from '../../server/files';
import { resealBatch } from '../../server/reseal';
import { finishApprovals } from './commendation-store';
import { finishPendingMoves } from '../../server/org-move';

/**
 * CloudBase allows one timer trigger per function, so the report function has one, hourly
 * (cloudfunctions/report/config.json `hourly`), and runs its jobs in turn: first any org move a
 * dead process left half done (src/server/org-move.ts; the account function has no timer, and the
 * dashboards and reports below read the paths it rewrites), then the dashboard's
 * snapshot of every org node (dashboard-snapshot.ts), the calendar's cut-off
 * snapshots (soon after midnight on the 1st), then the deadline reminders (from 09:00, once each),
 * then approvals a dead process left without their notice (commendation-store.ts),
 * then housekeeping for every function: expired exports deleted from storage (src/server/files.ts)
 * and a bounded batch of a field-key rotation's re-seal pass (src/server/reseal.ts).
 * Each job is idempotent; one failing does not stop the next.
 */
const JOBS: Record<string, TimerJob> = {
  orgMoves: async ({ db }) => ({ finished: await finishPendingMoves(db) }),
  dashboards: snapshotDashboards,
  snapshots: snapshotReports,
  reminders: remindReports,
  commendations: ({ db }) => finishApprovals(db),
  exports: ({ db }) => purgeExports(db),
  reseal: ({ db }) => resealBatch(db),
};

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
