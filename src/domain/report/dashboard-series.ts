import { periodOf, type Instant } from '../visits/periods';

/**
 * The dashboard's month series, pure: per node, coverage and check-ins for each of the last 12
 * months in China's calendar. The report timer keeps it in the node's snapshot: each run rewrites
 * the current month (so a month ends holding its last run's values), recounts last month's
 * check-ins (late entries), and fills older months once from the check-ins. Coverage cannot be
 * recounted for a past month (pairings change), so a month before the first run has none.
 */
export interface MonthPoint {
  /** 'YYYY-MM' */
  month: string;
  /** '3月' */
  label: string;
  visits: number | null;
  /** paired share of the target children, percent with one decimal */
  coverage: number | null;
}

export interface MonthSpan {
  key: string;
  label: string;
  start: string;
  end: string;
}

export const SERIES_MONTHS = 12;

/** The last `n` months, oldest first, the current month last. */
export function lastMonths(at: Instant, n = SERIES_MONTHS): MonthSpan[] {
  const out: MonthSpan[] = [];
  let p = periodOf('month', at);
  for (let i = 0; i < n; i++) {
    out.unshift({ key: p.key, label: `${Number(p.key.slice(5))}月`, start: p.start.toISOString(), end: p.end.toISOString() });
    p = periodOf('month', p.start.getTime() - 1);
  }
  return out;
}

export type MonthUpdate = { month: string } & Partial<Pick<MonthPoint, 'visits' | 'coverage'>>;

/** The stored series moved on to `months`: older months dropped, each update's given fields written, gaps null. */
export function mergeSeries(stored: readonly MonthPoint[] | undefined, updates: readonly MonthUpdate[], months: readonly MonthSpan[]): MonthPoint[] {
  const old = new Map((stored ?? []).map((p) => [p.month, p]));
  return months.map((m) => {
    const point: MonthPoint = { month: m.key, label: m.label, visits: old.get(m.key)?.visits ?? null, coverage: old.get(m.key)?.coverage ?? null };
    for (const u of updates) {
      if (u.month !== m.key) continue;
      if (u.visits !== undefined) point.visits = u.visits;
      if (u.coverage !== undefined) point.coverage = u.coverage;
    }
    return point;
  });
}

/** The months (of `months`, but not the last two, which every run recounts) whose check-ins the series lacks. */
export function monthsToFill(stored: readonly MonthPoint[] | undefined, months: readonly MonthSpan[]): MonthSpan[] {
  const have = new Set((stored ?? []).filter((p) => p.visits !== null).map((p) => p.month));
  return months.slice(0, -2).filter((m) => !have.has(m.key));
}
