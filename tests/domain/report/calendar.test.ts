import { daysLeft, nextPeriod, openPeriods, periodByKey, periodOf, previousPeriod, recentPeriods, statusOf } from '../../../src/domain/report/calendar';
import { jinjiang2024 } from '../../../src/programmes/presets/jinjiang2024';
import { longgang2019 } from '../../../src/programmes/presets/longgang2019';

const JJ = jinjiang2024.reportCalendar!;
const LG = longgang2019.reportCalendar!;
/** A Shanghai wall-clock time as an instant (UTC+8, no DST). */
const sh = (s: string) => new Date(`${s}+08:00`);

describe('晋江: monthly, due the 15th of the next month', () => {
  test('period, key, label, cut-off and deadline', () => {
    const p = periodOf(JJ, sh('2026-03-10T12:00:00'));
    expect(p).toMatchObject({ key: '2026-03', label: '2026年3月', dueDate: '2026-04-15' });
    expect(p.start).toEqual(sh('2026-03-01T00:00:00'));
    expect(p.cutoff).toEqual(sh('2026-04-01T00:00:00'));
    expect(p.opensAt).toEqual(p.cutoff);
    expect(p.due).toEqual(sh('2026-04-16T00:00:00'));
  });

  test('December wraps the year: due 15 January', () => {
    const p = periodOf(JJ, sh('2025-12-31T23:59:00'));
    expect(p).toMatchObject({ key: '2025-12', dueDate: '2026-01-15' });
    expect(p.cutoff).toEqual(sh('2026-01-01T00:00:00'));
    expect(nextPeriod(JJ, p).key).toBe('2026-01');
    expect(previousPeriod(JJ, periodOf(JJ, sh('2026-01-05T00:00:00'))).key).toBe('2025-12');
  });

  test('near midnight the Shanghai date decides, not UTC', () => {
    // 2026-03-31T16:30Z is already 1 April 00:30 in Shanghai
    expect(periodOf(JJ, '2026-03-31T16:30:00.000Z').key).toBe('2026-04');
    expect(periodOf(JJ, '2026-03-31T15:59:59.000Z').key).toBe('2026-03');
    const march = periodByKey(JJ, '2026-03')!;
    // 15 April 23:59 Shanghai (15:59Z) is still on time; 16 April 00:00 Shanghai (15 April 16:00Z) is late
    expect(statusOf(march, '2026-04-15T15:59:00.000Z', null)).toBe('open');
    expect(statusOf(march, '2026-04-15T16:00:00.000Z', null)).toBe('overdue');
    expect(statusOf(march, '2026-04-20T00:00:00.000Z', '2026-04-15T15:59:00.000Z')).toBe('submitted');
    expect(statusOf(march, '2026-04-20T00:00:00.000Z', '2026-04-15T16:00:00.000Z')).toBe('late');
    expect(daysLeft(march, '2026-04-14T16:30:00.000Z')).toBe(0); // 15 April 00:30 Shanghai
    expect(daysLeft(march, '2026-04-14T15:30:00.000Z')).toBe(1); // 14 April 23:30 Shanghai
  });

  test('status through the month: 未到期 in the month, 待提交 from the 1st, 已逾期 after the 15th', () => {
    const march = periodByKey(JJ, '2026-03')!;
    expect(statusOf(march, sh('2026-03-31T23:59:00'), null)).toBe('upcoming');
    expect(statusOf(march, sh('2026-04-01T00:00:00'), null)).toBe('open');
    expect(statusOf(march, sh('2026-04-16T00:00:00'), null)).toBe('overdue');
    expect(daysLeft(march, sh('2026-04-12T09:00:00'))).toBe(3);
    expect(daysLeft(march, sh('2026-04-17T09:00:00'))).toBe(-2);
  });

  test('open periods: the month before, until its deadline', () => {
    expect(openPeriods(JJ, sh('2026-04-10T09:00:00')).map((p) => p.key)).toEqual(['2026-03']);
    expect(openPeriods(JJ, sh('2026-04-20T09:00:00')).map((p) => p.key)).toEqual([]);
    expect(openPeriods(JJ, sh('2026-04-20T09:00:00'), 30).map((p) => p.key)).toEqual(['2026-03']);
    expect(recentPeriods(JJ, sh('2026-02-10T09:00:00'), 3).map((p) => p.key)).toEqual(['2026-02', '2026-01', '2025-12']);
  });
});

describe('龙岗: every two months, due the 25th of the last month', () => {
  test('two-month periods aligned to January', () => {
    const p = periodOf(LG, sh('2026-04-30T23:00:00'));
    expect(p).toMatchObject({ key: '2026-03~04', label: '2026年3—4月', dueDate: '2026-04-25' });
    expect(p.start).toEqual(sh('2026-03-01T00:00:00'));
    expect(p.cutoff).toEqual(sh('2026-05-01T00:00:00'));
    expect(p.opensAt).toEqual(sh('2026-04-01T00:00:00'));
    expect(p.due).toEqual(sh('2026-04-26T00:00:00'));
    expect(periodOf(LG, sh('2026-03-01T00:00:00')).key).toBe('2026-03~04');
    expect(periodOf(LG, sh('2026-02-28T23:59:59')).key).toBe('2026-01~02');
    expect(periodOf(LG, sh('2025-12-31T23:59:59'))).toMatchObject({ key: '2025-11~12', dueDate: '2025-12-25' });
    expect(nextPeriod(LG, periodOf(LG, sh('2025-12-01T00:00:00'))).key).toBe('2026-01~02');
  });

  test('opens on the 1st of the last month, due on its 25th', () => {
    const p = periodByKey(LG, '2026-03~04')!;
    expect(statusOf(p, sh('2026-03-31T23:59:00'), null)).toBe('upcoming');
    expect(statusOf(p, sh('2026-04-01T00:00:00'), null)).toBe('open');
    expect(statusOf(p, sh('2026-04-25T23:59:00'), null)).toBe('open');
    expect(statusOf(p, sh('2026-04-26T00:00:00'), null)).toBe('overdue');
    expect(openPeriods(LG, sh('2026-04-10T00:00:00')).map((x) => x.key)).toEqual(['2026-03~04']);
    expect(openPeriods(LG, sh('2026-03-10T00:00:00')).map((x) => x.key)).toEqual([]);
  });

  test('keys: malformed or misaligned keys name no period', () => {
    expect(periodByKey(LG, '2026-03~04')?.label).toBe('2026年3—4月');
    for (const bad of ['2026-04~05', '2026-03', '2026-03~05', '2026-13~14', '26-03~04', '2026-03~04x', '']) expect(periodByKey(LG, bad)).toBeNull();
    expect(periodByKey(JJ, '2026-03~04')).toBeNull();
    expect(periodByKey(JJ, '2026-12')?.dueDate).toBe('2027-01-15');
    expect(periodByKey({ everyMonths: 12, dueDay: 10, dueMonthOffset: 1 }, '2026-01~12')).toMatchObject({ label: '2026年', dueDate: '2027-01-10' });
    expect(periodByKey({ everyMonths: 3, dueDay: 5, dueMonthOffset: 1 }, '2026-10~12')).toMatchObject({ label: '2026年10—12月', dueDate: '2027-01-05' });
  });
});
