import { commitmentState, serviceYear, termFrom } from '../../../src/domain/volunteer/term';
import { daysLeft as reportDaysLeft, openPeriods, periodByKey, periodOf as reportPeriodOf, statusOf } from '../../../src/domain/report/calendar';
import { defaultReviewYear, reviewWindow, windowCounterIds } from '../../../src/domain/report/commendation';
import { deadlineFrom, isLapsed } from '../../../src/domain/pairing';
import { claimTimes, daysLeft as claimDaysLeft, dueAction } from '../../../src/domain/wish';
import { DAY, preset, PRESET_IDS, sh } from './probe';

/**
 * Deadlines and windows at their edges, for every preset that sets them: report due dates (晋江
 * 每月15日前 for the month before, 龙岗 每双月25日前), wish claims (claimDays, the reminder),
 * the volunteer's answer to an offer (acceptanceDays), 岳阳's three-year term, and the review year
 * of the commendation (遂宁 in June, 厦门 the calendar year). Instants are exact, in Shanghai time.
 */

describe('report calendar: opens, due and late to the millisecond', () => {
  test('only 晋江 and 龙岗 report periodically', () => {
    expect(PRESET_IDS.map((id) => {
      const c = preset(id).reportCalendar;
      return c && [c.everyMonths, c.dueDay, c.dueMonthOffset];
    })).toEqual([null, null, [1, 15, 1], null, [2, 25, 0]]);
  });

  const rows = [
    // preset, period key, Shanghai: submission opens, first instant late; the deadline day as read
    ['jinjiang-2024', '2026-03', '2026-04-01', '2026-04-16', '2026-04-15'],
    ['jinjiang-2024', '2025-12', '2026-01-01', '2026-01-16', '2026-01-15'],
    ['longgang-2019', '2026-03~04', '2026-04-01', '2026-04-26', '2026-04-25'],
    ['longgang-2019', '2025-11~12', '2025-12-01', '2025-12-26', '2025-12-25'],
  ] as const;

  describe.each(rows)('%s %s', (id, key, opens, late, dueDate) => {
    const cal = preset(id).reportCalendar!;
    const p = periodByKey(cal, key)!;
    const o = sh(opens).getTime();
    const d = sh(late).getTime();

    test('the deadline is the end of dueDay', () => {
      expect([p.opensAt.getTime(), p.due.getTime(), p.dueDate]).toEqual([o, d, dueDate]);
      expect(Number(p.dueDate.slice(8))).toBe(cal.dueDay);
    });
    test.each([
      ['a millisecond before it opens', o - 1, 'upcoming'],
      ['as it opens', o, 'open'],
      ['in the last millisecond of the deadline day', d - 1, 'open'],
      ['at midnight after the deadline day', d, 'overdue'],
      ['a millisecond later', d + 1, 'overdue'],
    ])('not submitted, %s (%i): %s', (_w, at, status) => {
      expect(statusOf(p, at, null)).toBe(status);
    });
    test.each([
      ['in the last millisecond of the deadline day', d - 1, 'submitted'],
      ['at midnight after it', d, 'late'],
    ])('submitted %s (%i): %s', (_w, at, status) => {
      expect(statusOf(p, d + 5 * DAY, at)).toBe(status);
    });
    test('days left count civil days in Shanghai', () => {
      expect(reportDaysLeft(p, d - DAY - 1)).toBe(1); // 23:59:59.999 the day before
      expect(reportDaysLeft(p, d - DAY)).toBe(0); // the deadline day's first instant
      expect(reportDaysLeft(p, d - 1)).toBe(0);
      expect(reportDaysLeft(p, d)).toBe(-1);
    });
    test('open for submission until the deadline, or graceDays after it', () => {
      const open = (at: number, grace = 0) => openPeriods(cal, at, grace).map((x) => x.key).includes(key);
      expect([open(o - 1), open(o), open(d - 1), open(d)]).toEqual([false, true, true, false]);
      expect([open(d + 3 * DAY - 1, 3), open(d + 3 * DAY, 3)]).toEqual([true, false]);
    });
    test('the figures cover [start, cut-off): the cut-off instant belongs to the next period', () => {
      expect(reportPeriodOf(cal, p.cutoff.getTime() - 1).key).toBe(key);
      expect(reportPeriodOf(cal, p.cutoff.getTime()).key).not.toBe(key);
      expect(reportPeriodOf(cal, p.start.getTime() - 1).key).not.toBe(key);
    });
  });
});

describe('wish claims: claimDays, the reminder before the lapse', () => {
  test.each([...PRESET_IDS])('%s uses the product defaults (the notices are silent): 7 days, reminder 2 days before', (id) => {
    const w = preset(id).wishRules;
    expect([w.claimDays, w.reminderDaysBeforeLapse]).toEqual([7, 2]);
  });

  // claimed at 01:30 on 2 March, Shanghai
  const claimedAt = Date.parse('2026-03-01T17:30:00.000Z');
  describe.each([...PRESET_IDS])('%s', (id) => {
    const t = claimTimes(claimedAt, preset(id).wishRules);
    const expires = Date.parse(t.expiresAt);
    const remind = Date.parse(t.remindAt!);
    test('expiry and reminder instants', () => {
      expect([t.expiresAt, t.remindAt]).toEqual(['2026-03-08T17:30:00.000Z', '2026-03-06T17:30:00.000Z']);
    });
    test.each([
      ['a millisecond before the reminder', -1, 'remind', false, null],
      ['at the reminder', 0, 'remind', false, 'remind'],
      ['a millisecond after it', 1, 'remind', false, 'remind'],
      ['a millisecond before the lapse', -1, 'expires', false, 'remind'],
      ['a millisecond before the lapse, reminded', -1, 'expires', true, null],
      ['at the lapse', 0, 'expires', true, 'lapse'],
      ['a millisecond after the lapse', 1, 'expires', false, 'lapse'],
    ])('%s', (_w, delta, edge, reminded, action) => {
      const now = (edge === 'remind' ? remind : expires) + delta;
      expect(dueAction({ expiresAt: t.expiresAt, remindAt: t.remindAt, reminded }, now)).toBe(action);
    });
    test('还剩 N 天 rounds up and reaches 0 at the lapse', () => {
      expect(claimDaysLeft(t.expiresAt, claimedAt)).toBe(7);
      expect(claimDaysLeft(t.expiresAt, expires - DAY - 1)).toBe(2);
      expect(claimDaysLeft(t.expiresAt, expires - DAY)).toBe(1);
      expect(claimDaysLeft(t.expiresAt, expires - 1)).toBe(1);
      expect(claimDaysLeft(t.expiresAt, expires)).toBe(0);
      expect(claimDaysLeft(t.expiresAt, expires + DAY)).toBe(0);
    });
  });

  test.each([
    [0, null],
    [1, '2026-03-07T17:30:00.000Z'],
  ])('a reminder of %i days before the lapse: %s', (days, remindAt) => {
    expect(claimTimes(claimedAt, { claimDays: 7, reminderDaysBeforeLapse: days }).remindAt).toBe(remindAt);
  });
});

describe('pairing offers: the volunteer answers within acceptanceDays', () => {
  const offeredAt = Date.parse('2026-03-01T02:00:00.000Z');
  test.each([...PRESET_IDS])('%s: 3 days (product default), lapsed at the deadline, not a millisecond before', (id) => {
    const days = preset(id).pairing.acceptanceDays;
    expect(days).toBe(3);
    const deadline = deadlineFrom(offeredAt, days);
    expect(deadline).toBe('2026-03-04T02:00:00.000Z');
    const at = Date.parse(deadline);
    expect([isLapsed(deadline, at - 1), isLapsed(deadline, at), isLapsed(deadline, at + 1)]).toEqual([false, true, true]);
  });
});

describe('岳阳: three years of service, a 承诺书 each service year', () => {
  test('only 岳阳 sets a term', () => {
    expect(PRESET_IDS.map((id) => preset(id).term?.years ?? null)).toEqual([null, null, null, 3, null]);
  });
  const term = preset('yueyang-2024').term!;
  const t = termFrom('2024-08-15', term);
  test('the term ends the day before the third anniversary', () => {
    expect(t).toEqual({ start: '2024-08-15', end: '2027-08-14', years: 3 });
  });
  test.each([
    ['2024-08-14', null],
    ['2024-08-15', 1],
    ['2025-08-14', 1],
    ['2025-08-15', 2],
    ['2026-08-14', 2],
    ['2026-08-15', 3],
    ['2027-08-14', 3],
    ['2027-08-15', null],
  ])('on %s: service year %s', (day, year) => {
    expect(serviceYear(t, day)).toBe(year);
    expect(commitmentState(term, t, [], day)).toEqual({ required: true, serviceYear: year, due: year !== null });
  });
  test('a term begun on 29 February ends on 28 February three years on', () => {
    const leap = termFrom('2024-02-29', term);
    expect(leap.end).toBe('2027-02-28');
    expect([serviceYear(leap, '2025-02-28'), serviceYear(leap, '2025-03-01'), serviceYear(leap, '2027-02-28'), serviceYear(leap, '2027-03-01')]).toEqual([1, 2, 3, null]);
  });
  test.each(PRESET_IDS.filter((id) => id !== 'yueyang-2024'))('%s asks for no letter', (id) => {
    expect(commitmentState(preset(id).term, null, [], '2025-01-01')).toEqual({ required: false, serviceYear: null, due: false });
  });
});

describe('commendation: the review year and the periods it counts', () => {
  test('遂宁 reviews in June, 厦门 by calendar year; the others do not commend', () => {
    expect(PRESET_IDS.map((id) => { const c = preset(id).commendation; return c ? c.month ?? 'calendar' : null; })).toEqual(['calendar', 6, null, null, null]);
  });

  test.each([
    // preset, review year, window start and end (exclusive), Shanghai
    ['suining-2019', 2026, '2025-06-01', '2026-06-01'],
    ['xiamen-2017', 2025, '2025-01-01', '2026-01-01'],
  ])('%s %i: [%s, %s)', (id, year, start, end) => {
    const w = reviewWindow(preset(id).commendation!, year);
    expect([w.start.getTime(), w.end.getTime()]).toEqual([sh(start).getTime(), sh(end).getTime()]);
  });

  test.each([
    // a period counts in the window its last day falls in: end > window start and end <= window end
    ['suining-2019', 2026, ['monthly_contact.0:2025-06', 'monthly_contact.0:2026-05', 'yearly_home_and_holiday.0:2025'], ['monthly_contact.0:2025-05', 'monthly_contact.0:2026-06', 'yearly_home_and_holiday.0:2024', 'yearly_home_and_holiday.0:2026']],
    ['xiamen-2017', 2025, ['five_ones.0:2024-autumn', 'five_ones.4:2025-spring'], ['five_ones.0:2024-spring', 'five_ones.0:2025-autumn']],
  ])('%s %i counts the periods ending inside the window only', (id, year, inside, outside) => {
    const ids = windowCounterIds(preset(id), reviewWindow(preset(id).commendation!, year));
    for (const k of inside) expect(ids).toContain(k);
    for (const k of outside) expect(ids).not.toContain(k);
  });

  test.each([
    // 遂宁: the window in progress is named by the current year; it turns at Shanghai midnight on 1 January
    ['suining-2019', '2025-12-31 23:59:59.999', 2025],
    ['suining-2019', '2026-01-01 00:00', 2026],
    // 厦门: January and February still review the previous calendar year
    ['xiamen-2017', '2026-02-28 23:59:59.999', 2025],
    ['xiamen-2017', '2026-03-01 00:00', 2026],
  ])('%s opens on the review of %s → %i', (id, at, year) => {
    expect(defaultReviewYear(preset(id).commendation!, sh(at).getTime())).toBe(year);
  });
});
