import fc from 'fast-check';
import { VISIT_PERIODS } from '../../../src/programmes/enums';
import { lastDay, periodOf, previousPeriod } from '../../../src/domain/visits';
import { remember, REMEMBERED } from '../../../src/domain/visits/periods';
import { dayjs, ZONE } from '../../../src/server/time';

/** A civil time in Shanghai, e.g. sh('2025-01-31 23:59:59'). */
const sh = (s: string) => dayjs.tz(s, ZONE).toDate();
const key = (p: Parameters<typeof periodOf>[0], at: Date | string) => periodOf(p, at).key;

describe('periodOf', () => {
  it('puts a check-in at 2024-12-31T16:30Z (00:30 in Shanghai) in 2025 for every period kind', () => {
    const at = '2024-12-31T16:30:00Z';
    expect(key('month', at)).toBe('2025-01');
    expect(key('two_months', at)).toBe('2025-M01-02');
    expect(key('quarter', at)).toBe('2025-Q1');
    expect(key('year', at)).toBe('2025');
    expect(key('school_term', at)).toBe('2024-autumn'); // January still closes the autumn term
    expect(key('year', '2024-12-31T15:59:59.999Z')).toBe('2024');
  });

  it('splits months at Shanghai midnight, with Chinese labels and exclusive ends', () => {
    expect(periodOf('month', sh('2025-01-31 23:59:59'))).toEqual({
      period: 'month', key: '2025-01', label: '2025年1月',
      start: new Date('2024-12-31T16:00:00Z'), end: new Date('2025-01-31T16:00:00Z'),
    });
    expect(key('month', sh('2025-02-01 00:00:00'))).toBe('2025-02');
    expect(key('month', sh('2025-04-30 23:59:59'))).toBe('2025-04');
    expect(key('month', sh('2025-05-01 00:00:00'))).toBe('2025-05');
  });

  it('handles the leap day 29 Feb 2024', () => {
    const feb = periodOf('month', sh('2024-02-29 12:00'));
    expect(feb.key).toBe('2024-02');
    expect(lastDay(feb)).toBe('2024-02-29');
    expect(feb.end).toEqual(sh('2024-03-01 00:00'));
    const block = periodOf('two_months', sh('2024-02-29 23:59:59'));
    expect([block.key, block.label, lastDay(block)]).toEqual(['2024-M01-02', '2024年1—2月', '2024-02-29']);
    expect(lastDay(periodOf('month', sh('2025-02-10')))).toBe('2025-02-28');
    expect(key('two_months', sh('2024-03-01 00:00'))).toBe('2024-M03-04');
  });

  it('switches school terms on 1 Feb and 1 Aug (Shanghai)', () => {
    expect(periodOf('school_term', sh('2026-01-31 23:59:59'))).toMatchObject({ key: '2025-autumn', label: '2025年秋季学期' });
    expect(periodOf('school_term', sh('2026-02-01 00:00'))).toMatchObject({ key: '2026-spring', label: '2026年春季学期' });
    expect(key('school_term', sh('2025-07-31 23:59:59'))).toBe('2025-spring');
    expect(key('school_term', sh('2025-08-01 00:00'))).toBe('2025-autumn');
    const autumn = periodOf('school_term', sh('2025-10-01'));
    expect([autumn.start, autumn.end]).toEqual([sh('2025-08-01'), sh('2026-02-01')]);
  });

  it('splits quarters and years at their last second', () => {
    expect(periodOf('quarter', sh('2025-03-31 23:59:59'))).toMatchObject({ key: '2025-Q1', label: '2025年第一季度' });
    expect(key('quarter', sh('2025-04-01 00:00'))).toBe('2025-Q2');
    expect(periodOf('quarter', sh('2025-12-31 23:59:59'))).toMatchObject({ key: '2025-Q4', label: '2025年第四季度' });
    expect(periodOf('quarter', sh('2025-12-31 23:59:59')).end).toEqual(sh('2026-01-01'));
    expect(periodOf('year', sh('2025-06-01')).label).toBe('2025年');
  });

  it('tiles time: every instant lies in its period, and periods chain without gaps', () => {
    const instant = fc.integer({ min: Date.UTC(2019, 0, 1), max: Date.UTC(2031, 0, 1) });
    fc.assert(
      fc.property(fc.constantFrom(...VISIT_PERIODS), instant, (kind, ms) => {
        const p = periodOf(kind, ms);
        expect(p.start.getTime()).toBeLessThanOrEqual(ms);
        expect(p.end.getTime()).toBeGreaterThan(ms);
        expect(periodOf(kind, p.start).key).toBe(p.key);
        const next = periodOf(kind, p.end);
        expect(next.key).not.toBe(p.key);
        expect(next.start).toEqual(p.end);
        expect(previousPeriod(next).key).toBe(p.key);
      }),
      { numRuns: 500 },
    );
  });
});

test('the period caches stay bounded: emptied when full, then filled again', () => {
  const cache = new Map<number, number>();
  for (let i = 0; i < REMEMBERED; i++) remember(cache, i, i);
  expect(cache.size).toBe(REMEMBERED);
  expect(cache.get(REMEMBERED - 1)).toBe(REMEMBERED - 1);
  remember(cache, -1, 7);
  expect([...cache]).toEqual([[-1, 7]]);
});
