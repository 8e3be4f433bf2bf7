import { z } from 'zod';
import { action } from './define';

/**
 * 数据核对 (issue 15): each function that keeps derived numbers (places and pair locks, paired flags,
 * donors' open claims, the area board's tallies) has an admin action that runs its recount now and
 * answers what the run looked at, repaired and is watching. The same recount runs by itself every
 * hour (pairing, wish) or every morning (visit).
 */
const Difference = z.object({
  kind: z.string(),
  kindLabel: z.string().describe('what kind of number, in words'),
  id: z.string().describe('the document the number is kept in'),
  from: z.string().describe('what the document held, in words'),
  to: z.string().describe('what the records say it must hold, in words'),
});

/** At most this many differences of each list are answered (the totals count them all). */
export const RECONCILE_LIST_MAX = 50;

export const ReconcileReport = z.object({
  ran: z.boolean().describe('this call ran the recount (false: the last run as recorded)'),
  at: z.string().nullable().describe('when the last run was (null: never)'),
  checked: z.array(z.object({ label: z.string(), count: z.number().int() })).describe('documents the last run looked at, by kind'),
  complete: z.boolean().describe('the last run reached the end of every kind (false: the next run continues where it stopped)'),
  fixedNow: z.number().int().describe('numbers this call repaired'),
  fixedAt: z.string().nullable().describe('when the last repair was'),
  fixedTotal: z.number().int(),
  fixed: z.array(Difference).describe('what the last repair rewrote'),
  watchingTotal: z.number().int(),
  watching: z.array(Difference.extend({
    since: z.string().describe('first seen'),
    repairAfter: z.string().describe('repaired by the first run from this time on that still sees the same difference'),
  })).describe('differences seen once: an operation in flight looks the same for a moment, so one is repaired only when a run at least ten minutes later sees it again'),
  schedule: z.string().describe('when the recount runs by itself, in words'),
});

export const reconcileAction = (summary: string) => action({
  summary,
  access: ['admin'],
  input: z.strictObject({ run: z.boolean().default(true).describe('立即核对（否：只看上次核对的结果）') }),
  output: ReconcileReport,
  errors: ['FORBIDDEN'],
  audit: true,
});
