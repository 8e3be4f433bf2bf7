import type { ErrorCode } from './errors';

/** Every call to a cloud function is `{ action, data }`. */
export interface Call<A extends string = string, D = unknown> {
  action: A;
  data: D;
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /**
   * What the page needs to resolve the error, only where the action's contract declares it
   * (`conflict`: e.g. the record as it stands now, so the page can show it beside her edit).
   */
  details?: unknown;
}

/** Every answer is one of these two shapes, never a thrown error. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
