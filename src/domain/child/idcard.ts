/**
 * Resident ID numbers (GB 11643): 17 digits + a check character. Checked on every entry so a
 * mistyped digit is caught at the desk, not months later in a report.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function checkChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

export const normaliseId = (value: string): string => value.replace(/\s/g, '').toUpperCase();

export function isValidIdNumber(value: string): boolean {
  const v = normaliseId(value);
  if (!/^\d{17}[\dX]$/.test(v)) return false;
  if (!isRealDate(idBirthDate(v))) return false;
  // Stryker disable next-line MethodExpression: checkChar reads only the first 17 characters
  return checkChar(v.slice(0, 17)) === v[17];
}

/** YYYY-MM-DD from characters 7–14. */
export const idBirthDate = (v: string): string => `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`;

/** The 17th digit is odd for men, even for women. */
export const idSex = (v: string): 'male' | 'female' => (Number(v[16]) % 2 === 1 ? 'male' : 'female');

export function isRealDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1900 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** A synthetic, valid ID number for tests, demo data and benchmarks (regions 99xxxx do not exist). */
export function syntheticIdNumber(birthDate: string, seq: number, sex: 'male' | 'female' = 'female'): string {
  const ymd = birthDate.replace(/-/g, '');
  const region = String(990000 + (Math.floor(seq / 500) % 10000));
  const order = String((seq % 500) * 2 + (sex === 'male' ? 1 : 0)).padStart(3, '0');
  const first17 = `${region}${ymd}${order}`;
  return first17 + checkChar(first17);
}
