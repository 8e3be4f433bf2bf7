import { hashValue, mask, normalise, seal } from '../../src/server/crypto';
import { useTestKeys } from '../helpers/keys';

/** src/server/crypto.ts at its edges (written for mutants that survived `npm run mutate`). */
useTestKeys();

test('a key that is not 32 bytes is refused by name', () => {
  process.env.FIELD_HASH_KEY = Buffer.alloc(16, 2).toString('base64');
  expect(() => hashValue('x')).toThrow(new Error('FIELD_HASH_KEY must be 32 bytes, base64'));
  process.env.FIELD_ENCRYPTION_KEY = Buffer.alloc(33, 1).toString('base64');
  expect(() => seal('x')).toThrow(new Error('FIELD_ENCRYPTION_KEY must be 32 bytes, base64'));
  delete process.env.FIELD_HASH_KEY;
  expect(() => hashValue('x')).toThrow(new Error('FIELD_HASH_KEY is not configured'));
});

test('normalising drops every space and upper-cases (the X of an ID number)', () => {
  expect(normalise(' 11010120100101123x ')).toBe('11010120100101123X');
  expect(normalise('1101 0120\t1001 0112 3x')).toBe('11010120100101123X');
});

test('masks switch form at 15 and at 8 characters', () => {
  expect(mask('123456789012345')).toBe('1234*******2345'); // 15: an old 15-digit ID number
  expect(mask('12345678901234')).toBe('123*******1234'); // 14
  expect(mask('12345678')).toBe('123*5678'); // 8
  expect(mask('1234567')).toBe('*******'); // 7
});
