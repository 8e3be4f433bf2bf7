import type { z } from 'zod';
import type { ErrorCode } from './errors';
import type { Permission } from './permissions';

/**
 * Who may call an action:
 * - 'public': anyone with a WeChat identity (a donor is just a WeChat user);
 * - otherwise the caller needs one of the roles; staff actions may also need a permission,
 *   and the handler checks the org scope of what it touches (src/server/scope.ts).
 */
export type Role = 'volunteer' | 'donor' | 'staff' | 'admin';
export type Access = 'public' | readonly Role[];

export interface ActionDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  summary: string;
  access: Access;
  permission?: Permission;
  input: I;
  /** Output schemas strip unknown keys: only what is declared here ever leaves the server. */
  output: O;
  errors: readonly ErrorCode[];
  /**
   * What a CONFLICT answer carries beside its message (`error.details`), e.g. the record as it
   * stands now. Parsed like `output` (unknown keys stripped); an action without one answers none.
   */
  conflict?: z.ZodType;
  /** Write an audit entry for every call (sensitive reads, reveals, exports, admin changes). */
  audit?: boolean;
}

export const action = <I extends z.ZodType, O extends z.ZodType>(def: ActionDef<I, O>): ActionDef<I, O> => def;
