import { getProgramme, type Programme } from '../../../src/programmes';

/**
 * Shared pieces of the boundary tests: the five presets, civil-date arithmetic written here (not
 * borrowed from src/, so a bug there cannot hide in the probes) and Shanghai instants.
 */

/** The five presets in shipping order; a test table over them fails if one is added or removed. */
export const PRESET_IDS = ['xiamen-2017', 'suining-2019', 'jinjiang-2024', 'yueyang-2024', 'longgang-2019'] as const;
export type PresetId = (typeof PRESET_IDS)[number];

export const preset = (id: string): Programme => {
  const p = getProgramme(id);
  if (!p) throw new Error(`no preset ${id}`);
  return p;
};

export const DAY = 86_400_000;

/** A Shanghai wall-clock time ('2025-03-01 00:00' or with seconds/ms) as an instant (UTC+8, no DST). */
export function sh(wall: string): Date {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2})(?::(\d{2})(?:\.(\d{3}))?)?)?$/.exec(wall);
  if (!m) throw new Error(`bad wall time ${wall}`);
  return new Date(`${m[1]}T${m[2] ?? '00:00'}:${m[3] ?? '00'}.${m[4] ?? '000'}+08:00`);
}

/** A civil date moved by whole days ('2024-02-28' + 1 = '2024-02-29'). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) + days * DAY).toISOString().slice(0, 10);
}

/** The civil date `years` later with the same month and day (callers avoid 29 February). */
export function addYears(date: string, years: number): string {
  if (date.slice(5) === '02-29') throw new Error('pick another birthday');
  return `${String(Number(date.slice(0, 4)) + years).padStart(4, '0')}${date.slice(4)}`;
}

/** Months later, day 1 kept ('2024-01' + 6 = '2024-07'). */
export function addMonths(yearMonth: string, months: number): string {
  const [y, m] = yearMonth.split('-').map(Number);
  const n = y * 12 + (m - 1) + months;
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
}
