import type { z } from 'zod';
import { accountContract } from './account';
import { volunteerContract } from './volunteer';
import { childContract } from './child';
import { pairingContract } from './pairing';
import { wishContract } from './wish';
import { visitContract } from './visit';
import { reportContract } from './report';

/**
 * The one contract: every cloud function and its actions. Handlers are typed from it
 * (src/server/handler.ts) and so is the mini-program's API client (miniprogram/services/api.ts).
 */
export const contract = {
  account: accountContract,
  volunteer: volunteerContract,
  child: childContract,
  pairing: pairingContract,
  wish: wishContract,
  visit: visitContract,
  report: reportContract,
} as const;

export type Contract = typeof contract;
export type FunctionName = keyof Contract;
export type ActionName<F extends FunctionName> = keyof Contract[F] & string;
type Def<F extends FunctionName, A extends ActionName<F>> = Contract[F][A] extends {
  input: infer I extends z.ZodType;
  output: infer O extends z.ZodType;
}
  ? { input: I; output: O }
  : never;
/** What a caller sends (defaults may be left out). */
export type Input<F extends FunctionName, A extends ActionName<F>> = z.input<Def<F, A>['input']>;
/** What a handler receives after validation. */
export type ParsedInput<F extends FunctionName, A extends ActionName<F>> = z.output<Def<F, A>['input']>;
export type Output<F extends FunctionName, A extends ActionName<F>> = z.output<Def<F, A>['output']>;

export * from './errors';
export * from './envelope';
export type { Role, ActionDef } from './define';
export { PERMISSIONS, STAFF_TEMPLATES } from './permissions';
export { VISIT_CORRECTION_DAYS } from './visit';
export type { Permission } from './permissions';
