import { AppError } from '../../contract';
import type { Caller } from '../../server/caller';
import type { Db } from '../../server/runtime';
import { findRoot, requireOrg, type OrgDoc } from '../../server/orgs';
import { assertInScope } from '../../server/scope';

/**
 * The node a report call looks at (dashboard, calendar, status): the one asked for, inside the
 * caller's scope; else her own node; else, for an admin without a staff grant, the root.
 */
export async function nodeFor(db: Db, caller: Caller, orgCode?: string): Promise<OrgDoc> {
  if (orgCode) {
    const org = await requireOrg(db, orgCode);
    assertInScope(caller, org.path);
    return org;
  }
  if (caller.staff) return requireOrg(db, caller.staff.orgCode);
  const root = await findRoot(db);
  if (!root) throw new AppError('NOT_FOUND', '本环境尚未启用项目，请联系管理员');
  return root;
}
