/**
 * The authorization matrix's vocabulary: the outcome of one cell (action × identity × target)
 * and the gate that produced a refusal. Refusals are told apart by code and message: the
 * handler's role gate, its permission gate and the org-scope gate (src/server/handler.ts
 * authorize, src/server/scope.ts) each answer FORBIDDEN with their own fixed sentence, and every
 * other refusal is asserted with its exact message.
 */
import { DEFAULT_MESSAGES, type ActionDef, type ErrorCode, type Permission } from '../../src/contract';
import type { Who, World } from './world';

export type Outcome =
  | { ok: true }
  | { code: ErrorCode; message: string; gate: string }
  | { skip: string };

export const OK: Outcome = { ok: true };
/** No identity: the wrapper refuses before reading anything. */
export const AUTH: Outcome = { code: 'UNAUTHENTICATED', message: DEFAULT_MESSAGES.UNAUTHENTICATED, gate: 'identity' };
/** The contract's access (roles) refuses: handler.ts authorize. */
export const ROLE: Outcome = { code: 'FORBIDDEN', message: DEFAULT_MESSAGES.FORBIDDEN, gate: 'role' };
/** A permission check (the contract's permission in authorize, or assertPermission / an in-handler check). */
export const PERM: Outcome = { code: 'FORBIDDEN', message: '您没有此项操作的权限，请联系管理员开通', gate: 'permission' };
/** assertInScope (src/server/scope.ts). */
export const SCOPE: Outcome = { code: 'FORBIDDEN', message: '该记录不在您的管辖范围内', gate: 'scope' };
/** Any other refusal, by its exact code and message; `gate` names the check for the report. */
export const refused = (code: ErrorCode, message: string, gate = 'handler'): Outcome => ({ code, message, gate });
/** A cell not run, with the reason (documented in docs/testing.md). */
export const skip = (reason: string): Outcome => ({ skip: reason });

/** Groups a fixture may use instead of naming each identity (a named identity wins). */
export const GROUPS = {
  users: ['unknown', 'applicant', 'donor', 'donor2'],
  volunteers: ['volunteer', 'volunteer2'],
  inside: ['city', 'district', 'street', 'community'],
  outside: ['sibling', 'otherDistrict'],
  staff: ['city', 'district', 'street', 'community', 'sibling', 'otherDistrict', 'lacking'],
} as const satisfies Record<string, readonly Who[]>;
export type Group = keyof typeof GROUPS;

export type Expect = Partial<Record<Who | Group, Outcome>>;

export interface Cell {
  who: Who;
  openid: string;
  /** true when the contract-derived gates (identity, role, permission) decide the cell */
  gated: boolean;
  /** true when the cell expects success: a state-changing action then gets a fresh target, so
   * the shared one stays as it was for the refusal cells */
  fresh: boolean;
}

export interface Variant {
  /** what this target tests, e.g. "a child outside the caller's subtree" */
  name: string;
  /** the call's input for one cell; may create a fresh target (`cell.gated` cells need none) */
  input: (w: World, cell: Cell) => unknown;
  expect: Expect;
  /** extra checks on a successful answer */
  check?: (data: unknown, w: World, cell: Cell) => void;
  /** permissions the "lacking" staff lacks for this target (default: the fixture's) */
  lacking?: Permission[];
  /** markers this answer may show regardless of scope, with why */
  leakOk?: { labels: string[]; why: string };
}

export interface Fixture {
  world?: 'main' | 'calendar' | 'longgang';
  /** permissions the "lacking" staff lacks (default: the action's own permission) */
  lacking?: Permission[];
  variants: Variant[];
}

const ROLES: Record<Who, string[]> = {
  anon: [], unknown: ['donor'], applicant: ['donor'], donor: ['donor'], donor2: ['donor'], volunteer: ['donor', 'volunteer'], volunteer2: ['donor', 'volunteer'],
  city: ['donor', 'staff'], district: ['donor', 'staff'], street: ['donor', 'staff'], community: ['donor', 'staff'], sibling: ['donor', 'staff'], otherDistrict: ['donor', 'staff'], lacking: ['donor', 'staff'], admin: ['admin'],
};

/** The outcome the contract alone decides (no identity, missing role, missing declared permission), if any. */
export function derived(def: ActionDef, fixture: Fixture, variant: Variant, who: Who): Outcome | null {
  if (who === 'anon') return AUTH;
  if (who === 'admin') return null;
  if (def.access !== 'public' && !def.access.some((r) => ROLES[who].includes(r))) return ROLE;
  if (who === 'lacking' && def.permission && lackingOf(def, fixture, variant).includes(def.permission)) return PERM;
  return null;
}

export const lackingOf = (def: ActionDef, fixture: Fixture, variant?: Variant): Permission[] =>
  variant?.lacking ?? fixture.lacking ?? (def.permission ? [def.permission] : []);

/** The expected outcome of one cell: a named identity, then the contract, then a group. */
export function expected(def: ActionDef, fixture: Fixture, variant: Variant, who: Who): Outcome | null {
  if (variant.expect[who]) return variant.expect[who]!;
  const d = derived(def, fixture, variant, who);
  if (d) return d;
  for (const g of ['users', 'volunteers', 'inside', 'outside', 'staff'] as Group[]) {
    if ((GROUPS[g] as readonly Who[]).includes(who) && variant.expect[g]) return variant.expect[g]!;
  }
  return null;
}

export const describeOutcome = (o: Outcome | null): string =>
  !o ? 'no expectation' : 'ok' in o ? 'ok' : 'skip' in o ? `skipped (${o.skip})` : `${o.code} [${o.gate}] ${o.message}`;
