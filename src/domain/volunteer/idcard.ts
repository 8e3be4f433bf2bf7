/**
 * Mainland resident ID numbers (GB 11643): 17 digits and a check character. The birth date and
 * the sex are read from the number, so an applicant's age can be checked without trusting a
 * separately typed birth date.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function checkCharFor(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** A real calendar date written YYYY-MM-DD (no 2月30日). */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || mo < 1 || mo > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  return d <= days;
}

export interface IdInfo {
  birthDate: string;
  sex: 'female' | 'male';
}

/** Birth date and sex of a valid 18-character ID number, or null when it is not one. */
export function parseIdNumber(raw: string): IdInfo | null {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return null;
  // Stryker disable next-line MethodExpression: checkCharFor reads only the first 17 characters
  if (checkCharFor(id.slice(0, 17)) !== id[17]) return null;
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isCalendarDate(birthDate)) return null;
  return { birthDate, sex: Number(id[16]) % 2 === 1 ? 'male' : 'female' };
}

export const isValidIdNumber = (raw: string): boolean => parseIdNumber(raw) !== null;
