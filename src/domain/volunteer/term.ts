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

/** The day before the start's anniversary `years` on. Date.UTC rolls 29 February of a common
 * year over to 1 March (as ageInYears counts that birthday), so such a term ends on 28 February. */
function termEnd(start: string, years: number): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + years, m - 1, d) - 86400_000).toISOString().slice(0, 10);
}

export function termFrom(start: string, term: Pick<Term, 'years'>): TermDates {
  return { start, end: termEnd(start, term.years), years: term.years };
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
