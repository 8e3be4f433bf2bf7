import { createHash, randomBytes } from 'crypto';

/** A user's document id is derived from the OPENID, so two first logins at once converge on one row. */
export const userIdFor = (openid: string): string => 'u' + createHash('sha256').update(openid).digest('hex').slice(0, 31);

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O/1/I: codes are read aloud and typed by hand
export function shortCode(length = 8): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i] % ALPHABET.length];
  return out;
}
