/**
 * The child model (儿童台账), pure: the file's fields and enumerations, validation, change history,
 * eligibility for a programme, what each role may see, and the spreadsheet layouts. Pairing and
 * wish features import the types and helpers from here.
 */
export * from './enums';
export * from './idcard';
export * from './schema';
export * from './record';
export * from './fields';
export * from './validate';
export * from './eligibility';
export * from './views';
export * from './match';
export * as sheet from './sheet';
