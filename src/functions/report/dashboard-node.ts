import { AppError } from '../../contract';
import type { Caller } from '../../server/caller';
import type { Db } from '../../server/runtime';
import { requireOrg, type OrgDoc } from '../../server/orgs';
import { loadProgramme } from '../../server/programme';
import { assertInScope } from '../../server/scope';
import type { Programme } from '../../programmes';

/** The node a dashboard call looks at: the one asked for (inside the caller's scope), else her own, else (admin) the root. */
export async function dashboardNode(db: Db, caller: Caller, orgCode?: string): Promise<OrgDoc> {
  if (orgCode) {
    const org = await requireOrg(db, orgCode);
    assertInScope(caller, org.path);
    return org;
  }
  if (caller.staff) return requireOrg(db, caller.staff.orgCode);
  const root = (await db.collection('orgs').where({ parentCode: null }).limit(1).get()).data?.[0] as OrgDoc | undefined;
  if (!root) throw new AppError('NOT_FOUND', '本环境尚未启用项目，请联系管理员');
  return root;
}

export async function requireProgramme(db: Db): Promise<Programme> {
  const programme = await loadProgramme(db);
  if (!programme) throw new AppError('NOT_FOUND', '本环境尚未启用项目，请联系管理员');
  return programme;
}

