import { AppError, type Permission } from '../contract';
import type { Caller } from './caller';
import { requireOrg } from './orgs';
import type { Db } from './runtime';

/**
 * Org scope, in one place. Every record that belongs to an org node stores `orgPath` (the codes
 * from the root down to its node), so "inside my subtree" is `orgPath` containing my node's code:
 * one equality test in memory and one indexed array match in a query.
 */
export function inScope(caller: Caller, orgPath: readonly string[]): boolean {
  if (caller.isAdmin) return true;
  return !!caller.staff && orgPath.includes(caller.staff.orgCode);
}

export function assertInScope(caller: Caller, orgPath: readonly string[]): void {
  if (!inScope(caller, orgPath)) throw new AppError('FORBIDDEN', '该记录不在您的管辖范围内');
}

/** The query condition that limits a collection to the caller's subtree. */
export function scopeFilter(caller: Caller, field = 'orgPath'): Record<string, unknown> {
  if (caller.isAdmin) return {};
  if (!caller.staff) throw new AppError('FORBIDDEN');
  return { [field]: caller.staff.orgCode };
}

export function hasPermission(caller: Caller, permission: Permission): boolean {
  return caller.isAdmin || !!caller.staff?.permissions.includes(permission);
}

export function assertPermission(caller: Caller, permission: Permission): void {
  if (!hasPermission(caller, permission)) throw new AppError('FORBIDDEN', '您没有此项操作的权限，请联系管理员开通');
}

/** The caller's whole subtree, or one node of it she picked as a filter (refused outside it). */
export async function subtreeFilter(db: Db, caller: Caller, orgCode?: string): Promise<Record<string, unknown>> {
  if (!orgCode) return scopeFilter(caller);
  const org = await requireOrg(db, orgCode);
  assertInScope(caller, org.path);
  return { orgPath: orgCode };
}
