/** 结对建议引擎: pure, exact pairing suggestions. See engine.ts for the method. */
export * from './types';
export { suggestPairings } from './engine';
export { suggestForOne, suggestForVolunteer, type OneChildSuggestion, type OneVolunteerSuggestion } from './incremental';
export { listEligiblePairs, type EligiblePair } from './listing';
export { MAX_SCORE, SCORE } from './pair';
export { NEEDS, NEED_LABELS, SKILL_KEYWORDS, skillNeeds } from './skills';
export { lexWeights, pairWeight, type LexWeights } from './weights';
