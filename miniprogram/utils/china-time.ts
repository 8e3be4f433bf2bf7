/**
 * What a person reads of an instant, in China's civil time (Asia/Shanghai), whatever the phone's or
 * the server's zone. Instants stay ISO UTC in the database and in the API; only display goes
 * through here. The one copy for both sides: the mini-program can only load files inside
 * `miniprogram/` (its own root), while the cloud functions are bundled by esbuild and can import
 * any file, so it lives here and `src/server/time.ts` re-exports it. It imports nothing: `dayjs` is
 * not in the mini-program's `miniprogram_npm` (only TDesign is), and China has kept UTC+8 with no
 * daylight saving since 1991, so a fixed offset is exact for every instant we store.
 */
export type Instant = string | number | Date;

export const CHINA_OFFSET_MS = 8 * 3600_000;

const pad = (n: number) => String(n).padStart(2, '0');

function msOf(at: Instant | null | undefined): number {
  if (at === null || at === undefined || at === '') return NaN;
  if (typeof at === 'number') return at;
  if (at instanceof Date) return at.getTime();
  return Date.parse(at);
}

/** The wall clock in China at `at`, or null for a missing or unreadable instant. */
function wall(at: Instant | null | undefined): { y: number; mo: number; d: number; h: number; mi: number } | null {
  const ms = msOf(at);
  if (!Number.isFinite(ms)) return null;
  const w = new Date(ms + CHINA_OFFSET_MS);
  return { y: w.getUTCFullYear(), mo: w.getUTCMonth() + 1, d: w.getUTCDate(), h: w.getUTCHours(), mi: w.getUTCMinutes() };
}

/** 'YYYY-MM-DD' in China ('' for none). A bare 'YYYY-MM-DD' string comes back unchanged. */
export function chinaDate(at: Instant | null | undefined): string {
  const w = wall(at);
  return w ? `${w.y}-${pad(w.mo)}-${pad(w.d)}` : '';
}

/** 'YYYY-MM-DD HH:mm' in China ('' for none). */
export function chinaDateTime(at: Instant | null | undefined): string {
  const w = wall(at);
  return w ? `${w.y}-${pad(w.mo)}-${pad(w.d)} ${pad(w.h)}:${pad(w.mi)}` : '';
}

/** 'HH:mm' in China ('' for none). */
export function chinaTime(at: Instant | null | undefined): string {
  const w = wall(at);
  return w ? `${pad(w.h)}:${pad(w.mi)}` : '';
}

/** 'M月D日 HH:mm' in China, e.g. 3月4日 10:00 ('' for none). */
export function chinaMonthDayTime(at: Instant | null | undefined): string {
  const w = wall(at);
  return w ? `${w.mo}月${w.d}日 ${pad(w.h)}:${pad(w.mi)}` : '';
}

/** Today's civil date in China, 'YYYY-MM-DD' (`now` in epoch ms, for tests and moved clocks). */
export function chinaToday(now: number = Date.now()): string {
  return chinaDate(now);
}

/** The instant (epoch ms) a China date 'YYYY-MM-DD' and time 'HH:mm' name; NaN if unreadable. */
export function chinaInstant(date: string, time = '00:00'): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return NaN;
  return Date.parse(`${date}T${time}:00+08:00`);
}
