import type { ProgrammeInput } from '../schema';

/**
 * Defaults shared by presets where the seeds are silent. Each use is marked in the preset.
 */

/** Seeds give no ranking rule for the yearly review: visit compliance weighs most. */
export const DEFAULT_COMMENDATION_WEIGHTS: NonNullable<ProgrammeInput['commendation']>['weights'] = {
  active_pairings: 20,
  visit_compliance: 40,
  wishes_fulfilled: 10,
  service_hours: 20,
  flags_followed: 10,
};

/** Volunteer age range where a seed names none: adults, up to 65. */
export const DEFAULT_MIN_AGE = 18;
export const DEFAULT_MAX_AGE = 65;

/** Children are minors unless a seed says otherwise. */
export const DEFAULT_CHILD_AGE_UNDER = 18;
