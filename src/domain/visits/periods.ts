import type { VisitPeriod } from '../../programmes/enums';
import { dayjs, ZONE } from '../../server/time';

/** A moment: an ISO string, epoch milliseconds or a Date. */
export type Instant = Date | string | number;

/** One period of a visit rule, in China's civil time (Asia/Shanghai). `end` is exclusive. */
export interface Period {
  period: VisitPeriod;
  key: string;
  start: Date;
  end: Date;
  label: string;
}

const QUARTER_LABELS = ['一', '二', '三', '四'];
const pad = (n: number) => String(n).padStart(2, '0');

/** Midnight of the 1st of month `m0` (0-based, may overflow into later years) of `year` in Shanghai. */
function monthStart(year: number, m0: number): Date {
  const y = year + Math.floor(m0 / 12);
  const m = ((m0 % 12) + 12) % 12;
  return dayjs.tz(`${y}-${pad(m + 1)}-01 00:00:00`, ZONE).toDate();
}

/** Shanghai calendar year and 0-based month of an instant (the machine's zone plays no part). */
export function civilMonth(at: Instant): { year: number; month0: number } {
  const d = dayjs(at).tz(ZONE);
  return { year: d.year(), month0: d.month() };
}

/**
 * The period of kind `period` containing `at`.
 * - School terms follow the Chinese school calendar: the spring term (春季学期) runs 1 Feb – 31 Jul,
 *   the autumn term (秋季学期) 1 Aug – 31 Jan. Real terms start a few weeks later and leave the
 *   summer and winter holidays out, but a 家访 in the holidays is exactly what 五个一 asks for, so
 *   the two terms tile the year with no gap. The autumn term is named by the year it starts in:
 *   January 2026 belongs to '2025-autumn' (2025年秋季学期).
 * - Two-month blocks are aligned to January (Jan–Feb, Mar–Apr, …), as 龙岗's 每双月 reports are.
 */
export function periodOf(period: VisitPeriod, at: Instant): Period {
  const ms = new Date(at).getTime();
  const key = `${period}:${ms}`;
  let p = Number.isNaN(ms) ? undefined : PERIODS.get(key);
  if (!p) {
    p = computePeriod(period, at);
    remember(PERIODS, key, p); // an invalid instant's entry is never read (see the lookup)
  }
  // a copy: callers own their Dates
  return { ...p, start: new Date(p.start.getTime()), end: new Date(p.end.getTime()) };
}

/**
 * Time-zone arithmetic costs about 0.3 ms a period; a board or the morning timer asks the same few
 * periods for every pairing (the same instant), so answers are remembered, a bounded number.
 */
const PERIODS = new Map<string, Period>();
const LAST_DAYS = new Map<number, string>();
export const REMEMBERED = 10_000;
/** Adds to a cache that is emptied when it holds REMEMBERED entries (exported for its test). */
export function remember<K, V>(cache: Map<K, V>, key: K, value: V): void {
  if (cache.size >= REMEMBERED) cache.clear();
  cache.set(key, value);
}

function computePeriod(period: VisitPeriod, at: Instant): Period {
  const { year, month0 } = civilMonth(at);
  const make = (key: string, startM0: number, months: number, label: string, y = year): Period => ({
    period,
    key,
    start: monthStart(y, startM0),
    end: monthStart(y, startM0 + months),
    label,
  });
  switch (period) {
    case 'month':
      return make(`${year}-${pad(month0 + 1)}`, month0, 1, `${year}年${month0 + 1}月`);
    case 'two_months': {
      const s = month0 - (month0 % 2);
      return make(`${year}-M${pad(s + 1)}-${pad(s + 2)}`, s, 2, `${year}年${s + 1}—${s + 2}月`);
    }
    case 'quarter': {
      const q = Math.floor(month0 / 3);
      return make(`${year}-Q${q + 1}`, q * 3, 3, `${year}年第${QUARTER_LABELS[q]}季度`);
    }
    case 'school_term': {
      if (month0 >= 1 && month0 <= 6) return make(`${year}-spring`, 1, 6, `${year}年春季学期`);
      const y = month0 === 0 ? year - 1 : year; // January closes the autumn term begun the August before
      return make(`${y}-autumn`, 7, 6, `${y}年秋季学期`, y);
    }
    case 'year':
      return make(`${year}`, 0, 12, `${year}年`);
  }
}

/** The period just before `p` (its last instant lies in it). */
export function previousPeriod(p: Period): Period {
  return periodOf(p.period, p.start.getTime() - 1);
}

/** The last civil day of a period, 'YYYY-MM-DD' in Shanghai: what a volunteer reads as 截止日期. */
export function lastDay(p: Period): string {
  const end = p.end.getTime();
  let day = LAST_DAYS.get(end);
  if (day === undefined) {
    day = dayjs(end - 1).tz(ZONE).format('YYYY-MM-DD');
    remember(LAST_DAYS, end, day);
  }
  return day;
}
