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

/**
 * The code the SDK's runTransaction retries on, with CloudBase's message (as the node-sdk's own
 * tests against the real service expect it: test/database/unit/transaction.test.ts, '读偏').
 */
export const transactionConflict = (): DbError =>
  new DbError(
    'DATABASE_TRANSACTION_CONFLICT',
    '[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others. Please check your request, but if the problem persists, contact us.',
  );

/** A transaction that was committed, aborted, dropped after a conflict or expired (same source, '事务提交后, 不能进行其它操作'). */
export const transactionNotExist = (): DbError =>
  new DbError(
    'DATABASE_TRANSACTION_FAIL',
    '[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server, transaction must be commit or abort in 30 seconds. Please check your request, but if the problem persists, contact us.',
  );

export const invalidParam = (message: string): DbError => new DbError('INVALID_PARAM', message);
