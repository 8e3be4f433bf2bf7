import type { OrgNode } from '../contract/common';
import { AppError } from '../contract';
import type { Db } from './runtime';

/** Org nodes live in `orgs` with `_id = code`; `path` holds the codes from the root to the node. */
export interface OrgDoc extends OrgNode {
  _id: string;
}

export async function getOrg(db: Db, code: string): Promise<OrgDoc | null> {
  const res = await db.collection('orgs').doc(code).get();
  return (res.data?.[0] as OrgDoc | undefined) ?? null;
}

export async function requireOrg(db: Db, code: string): Promise<OrgDoc> {
  const org = await getOrg(db, code);
  if (!org) throw new AppError('NOT_FOUND', '没有找到该组织');
  return org;
}

/** The tree's root node (where an admin without a staff grant acts from), or null before setup. */
export async function findRoot(db: Db): Promise<OrgDoc | null> {
  const res = await db.collection('orgs').where({ parentCode: null }).limit(1).get();
  return (res.data?.[0] as OrgDoc | undefined) ?? null;
}

/** All nodes of a subtree (or the whole tree), paging past the 1000-per-query limit. */
export async function listSubtree(db: Db, rootCode?: string): Promise<OrgDoc[]> {
  const where = rootCode ? { path: rootCode } : {};
  const out: OrgDoc[] = [];
  for (let skip = 0; ; skip += 1000) {
    const res = await db.collection('orgs').where(where).orderBy('_id', 'asc').skip(skip).limit(1000).get();
    const rows = (res.data ?? []) as OrgDoc[];
    out.push(...rows);
    if (rows.length < 1000) return out;
  }
}

export const toOrgNode = ({ code, name, level, parentCode, path }: OrgDoc): OrgNode => ({ code, name, level, parentCode, path });
