import { checkCharFor } from '../../../src/domain/volunteer/idcard';

/**
 * Synthetic people for volunteer tests: ID numbers built with a valid check digit (area 110101,
 * a distinct sequence per seq whose last digit gives the sex), phones 1380000xxxx, names 测试甲….
 */
export function idNumberFor(birthDate: string, seq = 1, sex: 'female' | 'male' = 'female'): string {
  // the sequence's last digit gives the sex (odd: male), so each seq maps to its own number
  const n = ((seq % 500) * 2 + (sex === 'male' ? 1 : 0)) % 1000;
  const body = `110101${birthDate.replace(/-/g, '')}${String(n).padStart(3, '0')}`;
  return body + checkCharFor(body);
}

export const phoneFor = (n: number): string => `1380000${String(n).padStart(4, '0')}`;

const NAMES = '甲乙丙丁戊己庚辛壬癸';
export const nameFor = (n: number): string => `测试${NAMES[n % 10]}${n >= 10 ? Math.floor(n / 10) : ''}`;
