/**
 * Mainland resident ID numbers (GB 11643): 17 digits and a check character. The birth date and
 * the sex are read from the number, so an applicant's age can be checked without trusting a
 * separately typed birth date.
 */
import { checkChar, isRealDate } from '../child/idcard';

// One GB 11643 check and one calendar check for children and volunteers (src/domain/child/idcard.ts).
export { checkChar as checkCharFor, isRealDate as isCalendarDate };

export interface IdInfo {
  birthDate: string;
  sex: 'female' | 'male';
}

/** Birth date and sex of a valid 18-character ID number, or null when it is not one. */
export function parseIdNumber(raw: string): IdInfo | null {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return null;
  // Stryker disable next-line MethodExpression: checkChar reads only the first 17 characters
  if (checkChar(id.slice(0, 17)) !== id[17]) return null;
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isRealDate(birthDate)) return null;
  return { birthDate, sex: Number(id[16]) % 2 === 1 ? 'male' : 'female' };
}

export const isValidIdNumber = (raw: string): boolean => parseIdNumber(raw) !== null;
