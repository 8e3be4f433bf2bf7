import type { SignupWindow } from '../../programmes';

/**
 * The sign-up window (issue 17): days are China's civil dates (YYYY-MM-DD), both inclusive, so
 * plain string comparison orders them. `today` is the caller's China date (src/server/time.ts).
 */
export type WindowState = 'before' | 'open' | 'after';

export const OPEN_WINDOW: SignupWindow = { opens: null, closes: null };

export function windowState(w: SignupWindow, today: string): WindowState {
  if (w.opens && today < w.opens) return 'before';
  if (w.closes && today > w.closes) return 'after';
  return 'open';
}

/** 2019-07-01 → 2019年7月1日 */
export function chineseDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** What the sign-up page shows after 报名时间：. */
export function windowText(w: SignupWindow): string {
  if (w.opens && w.closes) return `${chineseDay(w.opens)}至${chineseDay(w.closes)}`;
  if (w.closes) return `即日起至${chineseDay(w.closes)}`;
  if (w.opens) return `${chineseDay(w.opens)}起`;
  return '常年开放';
}

/** Why a sign-up is refused today, naming the dates; null while the window is open. */
export function windowRefusal(w: SignupWindow, today: string): string | null {
  const state = windowState(w, today);
  if (state === 'before') return `报名尚未开始，报名时间为${windowText(w)}，请届时再来报名`;
  if (state === 'after') return `报名已于${chineseDay(w.closes!)}截止（报名时间：${windowText(w)}），如有疑问请联系当地妇联`;
  return null;
}

/**
 * The window a programme runs with when it is switched on. A preset's window that has already
 * ended belongs to the notice's own campaign (years ago): carrying it over would switch on a
 * programme whose sign-up is closed before it starts, so sign-up starts unlimited and staff set
 * the dates. A window still running or ahead is kept as the notice says.
 */
export function windowAtSwitchOn(preset: SignupWindow, today: string): SignupWindow {
  return windowState(preset, today) === 'after' ? OPEN_WINDOW : { opens: preset.opens, closes: preset.closes };
}

/** Staff extend the closing date: only later than today's closing date, and not before today. */
export function extensionRefusal(current: SignupWindow, closes: string, today: string): string | null {
  if (!current.closes) return '当前报名没有截止日期，无需延长';
  if (closes <= current.closes) return `新的截止日期须晚于当前截止日期${chineseDay(current.closes)}`;
  if (closes < today) return '新的截止日期不能早于今天';
  return null;
}
