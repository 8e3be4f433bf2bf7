import fc from 'fast-check';
import { checkChar, idBirthDate, idSex, isValidIdNumber, syntheticIdNumber } from '../../../src/domain/child';

test('synthetic ID numbers are valid and carry the birth date and sex', () => {
  fc.assert(
    fc.property(fc.date({ min: new Date('2005-01-01'), max: new Date('2024-12-31'), noInvalidDate: true }), fc.nat(100000), fc.boolean(), (d, seq, male) => {
      const birth = d.toISOString().slice(0, 10);
      const id = syntheticIdNumber(birth, seq, male ? 'male' : 'female');
      expect(isValidIdNumber(id)).toBe(true);
      expect(idBirthDate(id)).toBe(birth);
      expect(idSex(id)).toBe(male ? 'male' : 'female');
    }),
  );
});

test('one wrong digit fails the check character', () => {
  const id = syntheticIdNumber('2016-05-03', 7);
  for (let i = 0; i < 17; i++) {
    const digit = String((Number(id[i]) + 1) % 10);
    const bad = id.slice(0, i) + digit + id.slice(i + 1);
    // a changed date digit may also make an impossible date: either way it is refused
    expect(isValidIdNumber(bad)).toBe(false);
  }
});

test('format, dates and the X check character', () => {
  expect(isValidIdNumber('12345')).toBe(false);
  expect(isValidIdNumber('99000020160231001X')).toBe(false); // 31 February
  const first17 = '99000020160503002';
  expect(isValidIdNumber(first17 + checkChar(first17))).toBe(true);
  expect(isValidIdNumber(` ${first17}${checkChar(first17).toLowerCase()} `)).toBe(true);
});
