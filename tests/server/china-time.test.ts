import fc from 'fast-check';
import * as shared from '../../miniprogram/utils/china-time';
import { chinaDate, chinaDateTime, chinaInstant, chinaMonthDayTime, chinaTime, chinaToday, inZone } from '../../src/server/time';

/** The one display helper (miniprogram/utils/china-time.ts, re-exported by src/server/time.ts): China time, whatever the machine's zone. */

test('the suite runs with the machine in UTC, and the server re-exports the mini-program\'s copy', () => {
  expect(process.env.TZ).toBe('UTC');
  expect(chinaDate).toBe(shared.chinaDate);
  expect(chinaDateTime).toBe(shared.chinaDateTime);
});

test('16:00 UTC is midnight in China: just before it is still the same day, from it the next', () => {
  expect(chinaDateTime('2026-03-01T15:59:59.999Z')).toBe('2026-03-01 23:59');
  expect(chinaDate('2026-03-01T15:59:59.999Z')).toBe('2026-03-01');
  expect(chinaDateTime('2026-03-01T16:00:00.000Z')).toBe('2026-03-02 00:00');
  expect(chinaDate('2026-03-01T16:00:00.000Z')).toBe('2026-03-02');
  expect(chinaTime('2026-03-01T16:00:00.000Z')).toBe('00:00');
  // 01:30 China is 17:30 UTC the day before: the UTC date (slice(0, 10)) would be a day early
  expect(chinaDate('2026-03-01T17:30:00.000Z')).toBe('2026-03-02');
  expect(chinaTime('2026-03-01T17:30:00.000Z')).toBe('01:30');
  // 08:00 China is 00:00 UTC: from here on the dates agree
  expect(chinaDateTime('2026-03-02T00:00:00.000Z')).toBe('2026-03-02 08:00');
  expect(chinaDateTime('2026-03-02T02:14:00.000Z')).toBe('2026-03-02 10:14');
});

test('month, year and leap-day boundaries', () => {
  expect(chinaDate('2025-12-31T15:59:00Z')).toBe('2025-12-31');
  expect(chinaDate('2025-12-31T16:00:00Z')).toBe('2026-01-01');
  expect(chinaDate('2024-02-28T16:00:00Z')).toBe('2024-02-29');
  expect(chinaDate('2024-02-29T16:00:00Z')).toBe('2024-03-01');
  expect(chinaDate('2026-04-30T16:00:00Z')).toBe('2026-05-01');
});

test('an ISO string, a Date and epoch ms read the same; other offsets are honoured', () => {
  const iso = '2026-06-27T00:00:00.000Z';
  expect(chinaDateTime(iso)).toBe('2026-06-27 08:00');
  expect(chinaDateTime(new Date(iso))).toBe('2026-06-27 08:00');
  expect(chinaDateTime(Date.parse(iso))).toBe('2026-06-27 08:00');
  expect(chinaDateTime('2026-06-27T08:00:00+08:00')).toBe('2026-06-27 08:00');
  expect(chinaDateTime('2026-06-26T20:00:00-04:00')).toBe('2026-06-27 08:00');
  expect(chinaMonthDayTime('2026-03-04T02:00:00Z')).toBe('3月4日 10:00');
});

test('a civil date passes through unchanged; nothing, or an unreadable value, shows as blank', () => {
  expect(chinaDate('2026-03-05')).toBe('2026-03-05');
  for (const v of [null, undefined, '', 'not a date', NaN]) {
    expect(chinaDate(v)).toBe('');
    expect(chinaDateTime(v)).toBe('');
    expect(chinaTime(v)).toBe('');
    expect(chinaMonthDayTime(v)).toBe('');
  }
});

test('today is China\'s civil date', () => {
  expect(chinaToday(Date.parse('2026-03-01T15:59:00Z'))).toBe('2026-03-01');
  expect(chinaToday(Date.parse('2026-03-01T16:01:00Z'))).toBe('2026-03-02');
  expect(chinaToday()).toBe(inZone(Date.now()).format('YYYY-MM-DD'));
});

test('a China date and time name one instant (the check-in form), and read back the same', () => {
  expect(new Date(chinaInstant('2026-03-02', '01:30')).toISOString()).toBe('2026-03-01T17:30:00.000Z');
  expect(new Date(chinaInstant('2026-03-02')).toISOString()).toBe('2026-03-01T16:00:00.000Z');
  expect(chinaDateTime(chinaInstant('2026-03-02', '01:30'))).toBe('2026-03-02 01:30');
  expect(chinaInstant('2026-3-2', '01:30')).toBeNaN();
  expect(chinaInstant('2026-03-02', '1:30')).toBeNaN();
});

test('the same answer in any machine zone', () => {
  const at = '2026-03-01T17:30:00.000Z';
  const before = process.env.TZ;
  try {
    for (const zone of ['UTC', 'America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati', 'Europe/London']) {
      process.env.TZ = zone;
      expect([chinaDateTime(at), chinaToday(Date.parse(at)), chinaInstant('2026-03-02', '01:30')]).toEqual(['2026-03-02 01:30', '2026-03-02', Date.parse(at)]);
    }
  } finally {
    process.env.TZ = before;
  }
});

test('agrees with dayjs in Asia/Shanghai for any instant since 1992 (no daylight saving since 1991)', () => {
  fc.assert(
    fc.property(fc.integer({ min: Date.parse('1992-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') }), (t) => {
      expect(chinaDateTime(t)).toBe(inZone(t).format('YYYY-MM-DD HH:mm'));
      expect(chinaInstant(chinaDate(t), chinaTime(t))).toBe(t - (t % 60_000));
    }),
    { numRuns: 500 },
  );
});
