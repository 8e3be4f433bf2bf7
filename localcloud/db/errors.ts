/** Errors carry the code string the real service answers with; the SDK throws on a truthy `code`. */
export class DbError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DbError';
  }
}

export const collectionNotExist = (name: string): DbError =>
  new DbError(
    'DATABASE_COLLECTION_NOT_EXIST',
    `[ResourceNotFound] Db or Table not exist: ${name}. Please check your request, but if the problem cannot be solved, contact us.`,
  );

/** The code the SDK's runTransaction retries on. */
export const transactionConflict = (detail: string): DbError =>
  new DbError('DATABASE_TRANSACTION_CONFLICT', `database transaction conflict: ${detail}`);

export const invalidParam = (message: string): DbError => new DbError('INVALID_PARAM', message);
