import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'crypto';

/**
 * Field-level protection for ID numbers and phones: AES-256-GCM so a database dump shows no
 * clear value, and a keyed hash (HMAC-SHA256) so duplicates can still be found by equality.
 * Keys come from configuration (FIELD_ENCRYPTION_KEY, FIELD_HASH_KEY: 32 bytes, base64); the
 * local cloud sets throwaway keys of its own.
 */
function key(name: 'FIELD_ENCRYPTION_KEY' | 'FIELD_HASH_KEY'): Buffer {
  const raw = process.env[name];
  if (!raw) throw new Error(`${name} is not configured`);
  const buf = Buffer.from(raw, 'base64');
  if (buf.length !== 32) throw new Error(`${name} must be 32 bytes, base64`);
  return buf;
}

export interface Sealed {
  /** iv.tag.ciphertext, base64 parts */
  enc: string;
  /** keyed hash of the normalised value, for duplicate lookups */
  hash: string;
  /** masked form safe for lists */
  masked: string;
}

export const normalise = (value: string): string => value.replace(/\s+/g, '').toUpperCase();

export function hashValue(value: string): string {
  return createHmac('sha256', key('FIELD_HASH_KEY')).update(normalise(value)).digest('base64');
}

export function seal(value: string): Sealed {
  const clear = normalise(value);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key('FIELD_ENCRYPTION_KEY'), iv);
  const body = Buffer.concat([cipher.update(clear, 'utf8'), cipher.final()]);
  const enc = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64')).join('.');
  return { enc, hash: hashValue(clear), masked: mask(clear) };
}

export function unseal(sealed: Pick<Sealed, 'enc'>): string {
  const [iv, tag, body] = sealed.enc.split('.').map((p) => Buffer.from(p, 'base64'));
  const decipher = createDecipheriv('aes-256-gcm', key('FIELD_ENCRYPTION_KEY'), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}

/** Keeps the first 4 and last 4 characters of an ID number (3505**********1234), 3 + 4 of a phone. */
export function mask(value: string): string {
  const v = normalise(value);
  if (v.length >= 15) return v.slice(0, 4) + '*'.repeat(v.length - 8) + v.slice(-4);
  if (v.length >= 8) return v.slice(0, 3) + '*'.repeat(v.length - 7) + v.slice(-4);
  return '*'.repeat(v.length);
}
