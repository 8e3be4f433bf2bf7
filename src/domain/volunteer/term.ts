import { ageInYears, type Term } from '../../programmes';

/**
 * Service term (岳阳: three years, a 承诺书 signed every year). Dates are civil dates in China
 * (YYYY-MM-DD). Service year k runs from the k-th anniversary of the start minus one.
 */
export interface TermDates {
  start: string;
  end: string;
  years: number;
}

function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const ny = y + years;
  // as in ageInYears: a 29 February anniversary falls on 1 March in a common year
  const leap = ny % 4 === 0 && (ny % 100 !== 0 || ny % 400 === 0);
  if (m === 2 && d === 29 && !leap) return `${ny}-03-01`;
  return `${ny}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function dayBefore(date: string): string {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) - 86400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export function termFrom(start: string, term: Pick<Term, 'years'>): TermDates {
  return { start, end: dayBefore(addYears(start, term.years)), years: term.years };
}

/** 1-based service year on `today`, or null before the start or after the end. */
export function serviceYear(dates: TermDates, today: string): number | null {
  if (today < dates.start || today > dates.end) return null;
  return ageInYears(dates.start, today) + 1;
}

export interface CommitmentState {
  required: boolean;
  serviceYear: number | null;
  /** The current service year's letter is still to be accepted. */
  due: boolean;
}

export function commitmentState(term: Term | null, dates: TermDates | null, accepted: readonly { serviceYear: number }[], today: string): CommitmentState {
  if (!term?.yearlyCommitment || !dates) return { required: false, serviceYear: dates ? serviceYear(dates, today) : null, due: false };
  const year = serviceYear(dates, today);
  return { required: true, serviceYear: year, due: year !== null && !accepted.some((a) => a.serviceYear === year) };
}

/** SN202400012: the org tree's root code, the year of approval and a sequence number. */
export function formatVolunteerNumber(rootCode: string, year: number, seq: number): string {
  return `${rootCode.replace(/[^A-Za-z0-9]/g, '').toUpperCase().slice(0, 4)}${year}${String(seq).padStart(5, '0')}`;
}
