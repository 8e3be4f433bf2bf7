import fc from 'fast-check';
import { checkCharFor, isCalendarDate, isValidIdNumber, parseIdNumber } from '../../../src/domain/volunteer/idcard';
import { idNumberFor } from './synthetic';

describe('ID numbers', () => {
  test('reads birth date and sex from a valid number', () => {
    expect(parseIdNumber(idNumberFor('1985-03-09', 12, 'female'))).toEqual({ birthDate: '1985-03-09', sex: 'female' });
    expect(parseIdNumber(idNumberFor('1985-03-09', 12, 'male'))).toEqual({ birthDate: '1985-03-09', sex: 'male' });
  });

  test('accepts a lower-case x check character and surrounding spaces', () => {
    // find a synthetic number whose check character is X
    let id = '';
    for (let s = 0; s < 1000 && !id.endsWith('X'); s++) id = idNumberFor('1990-01-01', s);
    expect(id.endsWith('X')).toBe(true);
    expect(isValidIdNumber(` ${id.toLowerCase()} `)).toBe(true);
  });

  test.each([
    ['too short', '11010119850309002'],
    ['letters', '11010119850309002A'],
    ['an impossible date with a right check character', '11010119850230002' + checkCharFor('11010119850230002')],
    ['a wrong check character', (() => { const id = idNumberFor('1985-03-09'); return id.slice(0, 17) + (id[17] === '0' ? '1' : '0'); })()],
  ])('refuses %s', (_why, id) => {
    expect(isValidIdNumber(id)).toBe(false);
  });

  test('any change of one digit breaks the check', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const id = idNumberFor('1979-11-30', 7);
        const changed = id.slice(0, pos) + String((Number(id[pos]) + delta) % 10) + id.slice(pos + 1);
        return !isValidIdNumber(changed) || parseIdNumber(changed)!.birthDate !== '1979-11-30';
      }),
    );
  });

  test('calendar dates', () => {
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(isCalendarDate('1900-02-29')).toBe(false);
    expect(isCalendarDate('2023-04-31')).toBe(false);
    expect(isCalendarDate('2023-4-3')).toBe(false);
  });
});
