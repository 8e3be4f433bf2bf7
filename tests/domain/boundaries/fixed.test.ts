import { isRealDate, isValidIdNumber as isValidChildId, syntheticIdNumber } from '../../../src/domain/child/idcard';
import { listEligiblePairs, type MatchChild, type MatchVolunteer } from '../../../src/domain/matching';
import { periodByKey } from '../../../src/domain/report/calendar';
import { daysSince, waitBucketOf } from '../../../src/domain/report/dashboard-targets';
import { isCalendarDate, parseIdNumber } from '../../../src/domain/volunteer/idcard';
import { DAY, preset } from './probe';

/**
 * Limits fixed in the domain rather than set by a preset, each just below, at and just above:
 * how long a wish has waited (7, 30, 90 days), the earliest birth year of an ID number (1900),
 * the years a report key may name (2000–2100), and a volunteer's preferred child ages.
 */

describe('wish waiting buckets: 7天内, 8—30天, 31—90天, 90天以上', () => {
  const now = Date.parse('2026-03-15T04:00:00.000Z');
  test.each([
    [7, 'd7', 'd30'],
    [30, 'd30', 'd90'],
    [90, 'd90', 'older'],
  ])('changed exactly %i days ago: %s; a millisecond earlier: %s', (days, at, before) => {
    const edge = now - days * DAY;
    expect(waitBucketOf(new Date(edge + 1).toISOString(), now)).toBe(at);
    expect(waitBucketOf(new Date(edge).toISOString(), now)).toBe(at);
    expect(waitBucketOf(new Date(edge - 1).toISOString(), now)).toBe(before);
  });
  test('whole days since, rounded down', () => {
    expect([daysSince(new Date(now - DAY + 1).toISOString(), now), daysSince(new Date(now - DAY).toISOString(), now), daysSince(new Date(now + 1).toISOString(), now)]).toEqual([0, 1, 0]);
  });
});

describe('ID numbers: births from 1900 on', () => {
  test.each([
    ['1899-12-31', false],
    ['1900-01-01', true],
    ['1900-01-02', true],
  ])('%s accepted %s', (date, ok) => {
    expect(isCalendarDate(date)).toBe(ok);
    expect(isRealDate(date)).toBe(ok);
    const id = syntheticIdNumber(date, 7);
    expect(isValidChildId(id)).toBe(ok);
    expect(parseIdNumber(id)?.birthDate ?? null).toBe(ok ? date : null);
  });
  test.each([
    ['2023-02-28', true], ['2023-02-29', false], ['2024-02-29', true], ['2024-02-30', false],
    ['2100-02-29', false], ['2000-02-29', true], ['2025-04-30', true], ['2025-04-31', false], ['2025-12-31', true], ['2025-13-01', false], ['2025-00-10', false], ['2025-01-00', false],
  ])('%s is a calendar date: %s', (date, ok) => {
    expect(isCalendarDate(date)).toBe(ok);
    expect(isRealDate(date)).toBe(ok);
  });
});

describe('report keys name years 2000–2100', () => {
  const jj = preset('jinjiang-2024').reportCalendar!;
  test.each([
    ['1999-12', false], ['2000-01', true], ['2100-12', true], ['2101-01', false],
  ])('%s names a period: %s', (key, ok) => {
    expect(periodByKey(jj, key) !== null).toBe(ok);
  });
});

describe("a volunteer's preferred child ages are inclusive", () => {
  const child = (age: number): MatchChild => ({ id: `c${age}`, orgPath: ['r', 'd'], sex: 'F', age, category: 'left_behind', riskLevel: 'low', needs: [] });
  const vol: MatchVolunteer = { id: 'v', orgPath: ['r', 'd'], role: 'local', freeCapacity: 1, skills: [], preferences: { childMinAge: 6, childMaxAge: 10 } };
  test.each([
    [5, false], [6, true], [7, true], [9, true], [10, true], [11, false],
  ])('a child of %i is in her preferred range: %s', (age, inRange) => {
    const [pair] = listEligiblePairs([child(age)], [vol], { areaRule: 'any' });
    const [noPref] = listEligiblePairs([child(age)], [{ ...vol, preferences: {} }], { areaRule: 'any' });
    expect(pair.score - noPref.score).toBe(inRange ? 5 : 0);
  });
});
