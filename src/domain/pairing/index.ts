/** 结对: the pairing state machine and the programme's pairing rules (pure; the engine is src/domain/matching). */
export * from './state';
export * from './rules';
