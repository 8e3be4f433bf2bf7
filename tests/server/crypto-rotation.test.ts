import { createCipheriv, randomBytes } from 'crypto';
import { currentKeyId, hashValue, needsReseal, reseal, seal, sealedKeyId, unseal } from '../../src/server/crypto';
import { useTestKeys } from '../helpers/keys';

/** Key ids in sealed values, several keys in configuration, and re-sealing (issue 14 item 7). */
useTestKeys();

const ID = '110101201001011234'; // synthetic
const OLD = Buffer.alloc(32, 1).toString('base64'); // useTestKeys' FIELD_ENCRYPTION_KEY
const NEW = Buffer.alloc(32, 5).toString('base64');

/** A value as the code before key ids sealed it: iv.tag.body with the single key. */
function legacySeal(value: string, key = OLD): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64'), iv);
  const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64')).join('.');
}

test('a value sealed before key ids still opens, as key k0 (FIELD_ENCRYPTION_KEY)', () => {
  const enc = legacySeal(ID);
  expect(sealedKeyId(enc)).toBe('k0');
  expect(unseal({ enc })).toBe(ID);
});

test('new values carry the id of the key that sealed them', () => {
  expect(seal(ID).enc).toMatch(/^k0\.[^.]+\.[^.]+\.[^.]+$/);
  process.env.FIELD_ENCRYPTION_KEYS = `k1:${NEW},k0:${OLD}`;
  expect(currentKeyId()).toBe('k1');
  const s = seal(ID);
  expect(sealedKeyId(s.enc)).toBe('k1');
  expect(unseal(s)).toBe(ID);
});

test('FIELD_ENCRYPTION_KEYS alone: the first key seals, every listed key opens', () => {
  delete process.env.FIELD_ENCRYPTION_KEY;
  process.env.FIELD_ENCRYPTION_KEYS = `k0:${OLD}, k1:${NEW}`; // step 1 of a rotation: k1 known, k0 still sealing
  const before = seal(ID);
  expect(sealedKeyId(before.enc)).toBe('k0');
  process.env.FIELD_ENCRYPTION_KEYS = `k1:${NEW},k0:${OLD}`; // step 2: k1 first
  expect(unseal(before)).toBe(ID);
  expect(unseal({ enc: legacySeal(ID) })).toBe(ID);
  expect(sealedKeyId(seal(ID).enc)).toBe('k1');
});

test('after re-sealing, every value opens with only the new key present', () => {
  const values = [{ enc: legacySeal(ID) }, seal('13800001111')];
  process.env.FIELD_ENCRYPTION_KEYS = `k1:${NEW},k0:${OLD}`;
  expect(values.map(needsReseal)).toEqual([true, true]);
  const moved = values.map((v) => reseal(v));
  expect(moved.map(needsReseal)).toEqual([false, false]);
  delete process.env.FIELD_ENCRYPTION_KEY;
  process.env.FIELD_ENCRYPTION_KEYS = `k1:${NEW}`; // the old key removed
  expect(moved.map((v) => unseal(v))).toEqual([ID, '13800001111']);
  expect(() => unseal(values[0])).toThrow('field key k0 is not configured (FIELD_ENCRYPTION_KEYS)');
});

test('re-sealing keeps the hash and the mask, so duplicate lookups are unaffected', () => {
  const s = seal(ID);
  process.env.FIELD_ENCRYPTION_KEYS = `k1:${NEW}`;
  const moved = reseal(s);
  expect(moved).toEqual({ enc: expect.stringMatching(/^k1\./), hash: s.hash, masked: s.masked });
  expect(seal(ID).hash).toBe(s.hash); // a value sealed after the rotation still finds the old record
  expect(hashValue(ID)).toBe(s.hash);
});

test('a malformed configuration is refused by name', () => {
  process.env.FIELD_ENCRYPTION_KEYS = `${NEW}`;
  expect(() => seal(ID)).toThrow('FIELD_ENCRYPTION_KEYS must read id:base64,id:base64 (ids of letters, digits, _ or -, at most 16)');
  process.env.FIELD_ENCRYPTION_KEYS = 'k1'; // no colon: not an id however short
  expect(() => seal(ID)).toThrow('FIELD_ENCRYPTION_KEYS must read id:base64,id:base64 (ids of letters, digits, _ or -, at most 16)');
  process.env.FIELD_ENCRYPTION_KEYS = `k1:${NEW},k1:${OLD}`;
  expect(() => seal(ID)).toThrow('FIELD_ENCRYPTION_KEYS lists key k1 twice');
  process.env.FIELD_ENCRYPTION_KEYS = `k1:${Buffer.alloc(16).toString('base64')}`;
  expect(() => seal(ID)).toThrow('FIELD_ENCRYPTION_KEYS key k1 must be 32 bytes, base64');
  process.env.FIELD_ENCRYPTION_KEYS = `k0:${NEW}`; // k0 listed, but not the single key
  expect(() => seal(ID)).toThrow('FIELD_ENCRYPTION_KEY differs from key k0 in FIELD_ENCRYPTION_KEYS');
  delete process.env.FIELD_ENCRYPTION_KEYS;
  delete process.env.FIELD_ENCRYPTION_KEY;
  expect(() => seal(ID)).toThrow(/FIELD_ENCRYPTION_KEY is not configured/);
  expect(() => sealedKeyId('a.b')).toThrow('not a sealed value');
});

test('a changed FIELD_ENCRYPTION_KEY takes effect at once (the parsed keys are kept per configuration)', () => {
  const before = seal(ID);
  process.env.FIELD_ENCRYPTION_KEY = NEW;
  expect(() => unseal(before)).toThrow();
  process.env.FIELD_ENCRYPTION_KEY = OLD;
  expect(unseal(before)).toBe(ID);
});
