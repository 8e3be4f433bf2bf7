import { seal, unseal, mask, hashValue } from '../../src/server/crypto';
import { useTestKeys } from '../helpers/keys';

useTestKeys();

const ID = '110101201001011234'; // synthetic

test('sealed values round-trip and never contain the clear value', () => {
  const s = seal(ID);
  expect(s.enc).not.toContain(ID);
  expect(s.enc).not.toContain('1234');
  expect(unseal(s)).toBe(ID);
  expect(seal(ID).enc).not.toBe(s.enc); // fresh IV each time
});

test('the keyed hash finds duplicates regardless of spacing and case', () => {
  expect(hashValue('11010120100101123x')).toBe(hashValue(' 11010120100101123X '));
  expect(hashValue(ID)).not.toBe(hashValue('110101201001011235'));
});

test('masks keep only the ends', () => {
  expect(mask(ID)).toBe('1101**********1234');
  expect(mask('13800001111')).toBe('138****1111');
  expect(mask('123')).toBe('***');
});

test('a tampered ciphertext is refused', () => {
  const s = seal(ID);
  const [kid, iv, tag, body] = s.enc.split('.');
  const flipped = Buffer.from(body, 'base64');
  flipped[0] ^= 1;
  expect(() => unseal({ enc: [kid, iv, tag, flipped.toString('base64')].join('.') })).toThrow();
});

test('missing keys fail loudly rather than storing clear text', () => {
  delete process.env.FIELD_ENCRYPTION_KEY;
  expect(() => seal(ID)).toThrow(/FIELD_ENCRYPTION_KEY/);
});
