import fc from 'fast-check';
import { checkChar, idBirthDate, idSex, isRealDate, isValidIdNumber, syntheticIdNumber } from '../../../src/domain/child';

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

test('an otherwise valid number with a character more is refused', () => {
  const id = '990000201605030027'; // a digit as check character: its last 18 of 19 digits read as valid
  expect([id, `${id}1`, `1${id}`, `${id}X`].map(isValidIdNumber)).toEqual([true, false, false, false]);
});

test.each([
  ['2016-05-03', true], ['2016-05-03x', false], ['x2016-05-03', false], ['2016-05-03 ', false], ['2016-5-3', false], ['20160503', false], ['', false],
])('isRealDate(%j) is %s: the whole text must be YYYY-MM-DD', (text, ok) => {
  expect(isRealDate(text)).toBe(ok);
});

// regions 990000–999999 (none is real), 500 numbers of each sex per region and birth date
test.each<[number, 'male' | 'female', string, string]>([
  [0, 'female', '990000', '000'],
  [0, 'male', '990000', '001'],
  [499, 'female', '990000', '998'],
  [500, 'female', '990001', '000'],
  [501, 'male', '990001', '003'],
  [4_999_999, 'female', '999999', '998'],
  [5_000_000, 'female', '990000', '000'],
])('synthetic number %i (%s): region %s, order %s', (seq, sex, region, order) => {
  const id = syntheticIdNumber('2016-05-03', seq, sex);
  expect([id.slice(0, 6), id.slice(6, 14), id.slice(14, 17)]).toEqual([region, '20160503', order]);
});
