/** The wish (微心愿) rules, pure: the state machine, claim timing and what the public may see. */
export * from './machine';
export * from './timing';
export * from './anonymise';
export * from './slots';
