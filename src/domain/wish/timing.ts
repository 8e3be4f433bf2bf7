/**
 * Claim timing, pure: a claim lasts `claimDays`; the donor is reminded `reminderDaysBeforeLapse`
 * days before it lapses (once), and the timer lapses it when the time has passed.
 */
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ClaimTimes {
  claimedAt: string;
  expiresAt: string;
  remindAt: string | null;
}

export function claimTimes(claimedAtMs: number, rules: { claimDays: number; reminderDaysBeforeLapse: number }): ClaimTimes {
  const expires = claimedAtMs + rules.claimDays * DAY_MS;
  const remind = rules.reminderDaysBeforeLapse > 0 ? expires - rules.reminderDaysBeforeLapse * DAY_MS : null;
  return {
    claimedAt: new Date(claimedAtMs).toISOString(),
    expiresAt: new Date(expires).toISOString(),
    remindAt: remind === null ? null : new Date(remind).toISOString(),
  };
}

export interface OpenClaim {
  expiresAt: string;
  remindAt: string | null;
  reminded: boolean;
}

/** What the timer should do for one claimed wish at `nowMs`. */
export function dueAction(claim: OpenClaim, nowMs: number): 'lapse' | 'remind' | null {
  if (Date.parse(claim.expiresAt) <= nowMs) return 'lapse';
  if (!claim.reminded && claim.remindAt && Date.parse(claim.remindAt) <= nowMs) return 'remind';
  return null;
}

/** Whole days left, rounded up, for "还剩 N 天". */
export const daysLeft = (expiresAt: string, nowMs: number): number => Math.max(0, Math.ceil((Date.parse(expiresAt) - nowMs) / DAY_MS));
