import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Every date rule of the programmes is in China's civil time, whatever the machine's zone. */
export const ZONE = 'Asia/Shanghai';

type Clock = () => number;
let clock: Clock = () => Date.now();

/** Tests and the local cloud may move time (claims lapse, periods end); production never does. */
export function setClock(next: Clock | null): void {
  clock = next ?? (() => Date.now());
}

export const nowMs = (): number => clock();
export const now = (): Dayjs => dayjs(clock()).tz(ZONE);
export const inZone = (d: Date | string | number): Dayjs => dayjs(d).tz(ZONE);
export const isoNow = (): string => new Date(clock()).toISOString();
export { dayjs };
/** What people read of an instant (pages, notices, subscribe messages): the mini-program's own helper, one copy for both sides. */
export { chinaDate, chinaDateTime, chinaTime, chinaMonthDayTime, chinaToday, chinaInstant, type Instant } from '../../miniprogram/utils/china-time';
export type { Dayjs };
