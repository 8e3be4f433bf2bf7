import type { ReportCalendar } from '../../programmes/schema';
import { dayjs, ZONE } from '../../server/time';

/**
 * The reporting calendar (报送周期), pure rules in China's civil time (Asia/Shanghai):
 * - periods of `everyMonths` months aligned to January (龙岗 每双月: Jan–Feb, Mar–Apr, …);
 * - the cut-off is the end of the period: the figures cover [start, cutoff);
 * - the deadline is the end of `dueDay` of the period's last month (dueMonthOffset 0, 龙岗 25th)
 *   or of the month after it (dueMonthOffset 1, 晋江 15th of the next month);
 * - a period opens for submission at its cut-off, or, when the deadline falls inside the period
 *   (offset 0), on the 1st of its last month, so the report can be written before it is due.
 */

export type Instant = Date | string | number;

export interface ReportPeriod {
  /** '2026-03' (one month) or '2026-03~04' (several months). */
  key: string;
  label: string;
  start: Date;
  /** exclusive end of the period = the figures' cut-off */
  cutoff: Date;
  /** when submission opens */
  opensAt: Date;
  /** exclusive end of the deadline day */
  due: Date;
  /** the deadline day, 'YYYY-MM-DD' in Shanghai: what staff read as 截止日期 */
  dueDate: string;
}

export type ReportStatus = 'upcoming' | 'open' | 'overdue' | 'submitted' | 'late';
export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  upcoming: '未到期',
  open: '待提交',
  overdue: '已逾期',
  submitted: '已提交',
  late: '逾期提交',
};

type Cal = Pick<ReportCalendar, 'everyMonths' | 'dueDay' | 'dueMonthOffset'>;

const pad = (n: number) => String(n).padStart(2, '0');

/** Midnight of day `day` of month `m0` (0-based, may overflow into other years) of `year`, Shanghai. */
function civil(year: number, m0: number, day = 1): Date {
  const y = year + Math.floor(m0 / 12);
  const m = ((m0 % 12) + 12) % 12;
  return dayjs.tz(`${y}-${pad(m + 1)}-${pad(day)} 00:00:00`, ZONE).toDate();
}

/** The period starting at month `s0` (0-based, aligned) of `year`. */
function make(cal: Cal, year: number, s0: number): ReportPeriod {
  const n = cal.everyMonths;
  const last0 = s0 + n - 1;
  const key = n === 1 ? `${year}-${pad(s0 + 1)}` : `${year}-${pad(s0 + 1)}~${pad(last0 + 1)}`;
  const label = n === 1 ? `${year}年${s0 + 1}月` : n === 12 ? `${year}年` : `${year}年${s0 + 1}—${last0 + 1}月`;
  const dueMonth = last0 + cal.dueMonthOffset;
  const dueStart = civil(year, dueMonth, cal.dueDay);
  const cutoff = civil(year, s0 + n);
  return {
    key,
    label,
    start: civil(year, s0),
    cutoff,
    opensAt: cal.dueMonthOffset === 1 ? cutoff : civil(year, last0),
    due: civil(year, dueMonth, cal.dueDay + 1),
    dueDate: dayjs(dueStart).tz(ZONE).format('YYYY-MM-DD'),
  };
}

/** The period containing `at`. */
export function periodOf(cal: Cal, at: Instant): ReportPeriod {
  const d = dayjs(at).tz(ZONE);
  const m0 = d.month();
  return make(cal, d.year(), m0 - (m0 % cal.everyMonths));
}

/** The period a key names, or null when the key is malformed or not aligned to this calendar. */
export function periodByKey(cal: Cal, key: string): ReportPeriod | null {
  const m = /^(\d{4})-(\d{2})(?:~(\d{2}))?$/.exec(key);
  if (!m) return null;
  const year = Number(m[1]);
  const s0 = Number(m[2]) - 1;
  if (year < 2000 || year > 2100 || s0 < 0 || s0 > 11 || s0 % cal.everyMonths !== 0) return null;
  const p = make(cal, year, s0);
  return p.key === key ? p : null;
}

export const previousPeriod = (cal: Cal, p: ReportPeriod): ReportPeriod => periodOf(cal, p.start.getTime() - 1);
export const nextPeriod = (cal: Cal, p: ReportPeriod): ReportPeriod => periodOf(cal, p.cutoff.getTime());

export const isOpen = (p: ReportPeriod, at: Instant): boolean => dayjs(at).valueOf() >= p.opensAt.getTime();

/**
 * The periods to show, newest first: the current period and the `count - 1` before it. With a
 * deadline in the next month (晋江) the current period is still 未到期 and the one before is the one
 * to submit; with a deadline inside the period (龙岗) the current one opens on its last month.
 */
export function recentPeriods(cal: Cal, at: Instant, count = 6): ReportPeriod[] {
  const out = [periodOf(cal, at)];
  while (out.length < count) out.push(previousPeriod(cal, out[out.length - 1]));
  return out;
}

/** The periods open for submission at `at` whose deadline is not more than `graceDays` behind. */
export function openPeriods(cal: Cal, at: Instant, graceDays = 0): ReportPeriod[] {
  const t = dayjs(at).valueOf();
  return recentPeriods(cal, at, 14).filter((p) => isOpen(p, t) && t < p.due.getTime() + graceDays * 86_400_000);
}

/** Whole civil days from `at`'s day to the deadline day (0 on the day itself, negative once past). */
export function daysLeft(p: ReportPeriod, at: Instant): number {
  const today = dayjs(at).tz(ZONE).format('YYYY-MM-DD');
  return Math.round((Date.parse(`${p.dueDate}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** A node's status for a period, given when (if ever) it submitted. */
export function statusOf(p: ReportPeriod, at: Instant, submittedAt: Instant | null): ReportStatus {
  if (submittedAt != null) return dayjs(submittedAt).valueOf() < p.due.getTime() ? 'submitted' : 'late';
  const t = dayjs(at).valueOf();
  if (t < p.opensAt.getTime()) return 'upcoming';
  return t < p.due.getTime() ? 'open' : 'overdue';
}
