import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'crypto';

/**
 * Field-level protection for ID numbers and phones: AES-256-GCM so a database dump shows no
 * clear value, and a keyed hash (HMAC-SHA256) so duplicates can still be found by equality.
 *
 * Keys come from configuration (32 bytes each, base64); the local cloud sets throwaway keys:
 * - FIELD_ENCRYPTION_KEYS = `id:base64,id:base64,…` — every key that may open stored values; the
 *   FIRST one seals new values. Ids: letters, digits, `_`, `-`, at most 16.
 * - FIELD_ENCRYPTION_KEY = one base64 key, the single-key form: it is the key with id `k0`.
 *   Values sealed before key ids existed (`iv.tag.body`, no id) were sealed with it, so they
 *   open with `k0`. When both are set, `k0` may also be listed; it must then be the same key.
 * - FIELD_HASH_KEY = the HMAC key (rotation: docs/data-model.md, "Field keys").
 *
 * Sealed values read `keyId.iv.tag.body`; rotation adds a key, makes it first, and lets the
 * re-seal pass (src/server/reseal.ts) move old values to it before the old key is removed.
 */
export const LEGACY_KEY_ID = 'k0';
const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;

function decodeKey(name: string, raw: string): Buffer {
  const buf = Buffer.from(raw.trim(), 'base64');
  if (buf.length !== 32) throw new Error(`${name} must be 32 bytes, base64`);
  return buf;
}

function hashKey(): Buffer {
  const raw = process.env.FIELD_HASH_KEY;
  if (!raw) throw new Error('FIELD_HASH_KEY is not configured');
  return decodeKey('FIELD_HASH_KEY', raw);
}

interface KeyRing {
  current: string;
  keys: Map<string, Buffer>;
}
let cached: { from: string; ring: KeyRing } | null = null;

/** The encryption keys by id and the one that seals, parsed once per configuration. */
function keyRing(): KeyRing {
  const single = process.env.FIELD_ENCRYPTION_KEY;
  const list = process.env.FIELD_ENCRYPTION_KEYS;
  const from = `${single ?? ''}\n${list ?? ''}`;
  if (cached?.from === from) return cached.ring;
  const keys = new Map<string, Buffer>();
  let current: string | null = null;
  for (const entry of (list ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const at = entry.indexOf(':');
    const id = at > 0 ? entry.slice(0, at) : '';
    if (!KEY_ID.test(id)) throw new Error('FIELD_ENCRYPTION_KEYS must read id:base64,id:base64 (ids of letters, digits, _ or -, at most 16)');
    if (keys.has(id)) throw new Error(`FIELD_ENCRYPTION_KEYS lists key ${id} twice`);
    keys.set(id, decodeKey(`FIELD_ENCRYPTION_KEYS key ${id}`, entry.slice(at + 1)));
    current ??= id;
  }
  if (single) {
    const key = decodeKey('FIELD_ENCRYPTION_KEY', single);
    const listed = keys.get(LEGACY_KEY_ID);
    if (listed && !listed.equals(key)) throw new Error(`FIELD_ENCRYPTION_KEY differs from key ${LEGACY_KEY_ID} in FIELD_ENCRYPTION_KEYS`);
    keys.set(LEGACY_KEY_ID, key);
    current ??= LEGACY_KEY_ID;
  }
  if (!current) throw new Error('FIELD_ENCRYPTION_KEY is not configured (or FIELD_ENCRYPTION_KEYS)');
  const ring = { current, keys };
  cached = { from, ring };
  return ring;
}

/** The id of the key that seals new values. */
export const currentKeyId = (): string => keyRing().current;

export interface Sealed {
  /** keyId.iv.tag.ciphertext (base64 parts); older values iv.tag.ciphertext, key k0 */
  enc: string;
  /** keyed hash of the normalised value, for duplicate lookups */
  hash: string;
  /** masked form safe for lists */
  masked: string;
}

export const normalise = (value: string): string => value.replace(/\s/g, '').toUpperCase();

export function hashValue(value: string): string {
  return createHmac('sha256', hashKey()).update(normalise(value)).digest('base64');
}

function encrypt(clear: string): string {
  const { current, keys } = keyRing();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.get(current)!, iv);
  const body = Buffer.concat([cipher.update(clear, 'utf8'), cipher.final()]);
  return [current, ...[iv, cipher.getAuthTag(), body].map((b) => b.toString('base64'))].join('.');
}

export function seal(value: string): Sealed {
  const clear = normalise(value);
  return { enc: encrypt(clear), hash: hashValue(clear), masked: mask(clear) };
}

/** The key id a sealed value was sealed with (k0 for values older than key ids). */
export function sealedKeyId(enc: string): string {
  const parts = enc.split('.');
  if (parts.length === 3) return LEGACY_KEY_ID;
  if (parts.length === 4 && KEY_ID.test(parts[0])) return parts[0];
  throw new Error('not a sealed value');
}

export function unseal(sealed: Pick<Sealed, 'enc'>): string {
  const id = sealedKeyId(sealed.enc);
  const [iv, tag, body] = sealed.enc.split('.').slice(-3).map((p) => Buffer.from(p, 'base64'));
  const key = keyRing().keys.get(id);
  if (!key) throw new Error(`field key ${id} is not configured (FIELD_ENCRYPTION_KEYS)`);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}

/** True when the value was sealed with another key than the current one. */
export const needsReseal = (sealed: Pick<Sealed, 'enc'>): boolean => sealedKeyId(sealed.enc) !== currentKeyId();

/** The same clear value sealed afresh with the current key; hash and mask are unchanged. */
export function reseal<T extends Pick<Sealed, 'enc'>>(sealed: T): T {
  return { ...sealed, enc: encrypt(unseal(sealed)) };
}

/** Keeps the first 4 and last 4 characters of an ID number (3505**********1234), 3 + 4 of a phone. */
export function mask(value: string): string {
  const v = normalise(value);
  if (v.length >= 15) return v.slice(0, 4) + '*'.repeat(v.length - 8) + v.slice(-4);
  if (v.length >= 8) return v.slice(0, 3) + '*'.repeat(v.length - 7) + v.slice(-4);
  return '*'.repeat(v.length);
}
