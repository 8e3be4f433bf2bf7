import type { OrgNode } from '../contract/common';
import { AppError } from '../contract';
import type { Db } from './runtime';

/**
 * A move not finished yet (src/functions/account/org-move.ts): recorded on the moved node before
 * any path is rewritten, cleared (null) once every stored path follows.
 */
export interface OrgMove {
  fromParent: string;
  toParent: string;
  /** the node's new path */
  toPath: string[];
  at: string;
  by: string;
}

/** Org nodes live in `orgs` with `_id = code`; `path` holds the codes from the root to the node. */
export interface OrgDoc extends OrgNode {
  _id: string;
  /** 撤销: kept on record, no longer offered (account.closeOrg) */
  closed?: boolean;
  closedAt?: string | null;
  closedBy?: string | null;
  moving?: OrgMove | null;
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

/**
 * What a new record filed at a closed (撤销) node is refused with: sign-up's area, a staff invite,
 * a child's file, a team (the one sentence, said wherever a closed node is chosen).
 */
export function closedOrgMessage(org: Pick<OrgDoc, 'name'>, hint = '请选择其他组织'): string {
  return `「${org.name}」已撤销，${hint}`;
}

/** Refuses a closed node as the place of a new or re-filed record (closedOrgMessage); called after the scope check, so no one outside learns the node is closed. */
export function assertOpenOrg(org: OrgDoc, hint?: string): OrgDoc {
  if (org.closed) throw new AppError('INVALID_INPUT', closedOrgMessage(org, hint));
  return org;
}

/** A node that is closed (撤销) cannot take new sub-nodes or moved ones (the org page's wording). */
export function assertOpen(org: OrgDoc, what = '该组织'): void {
  if (org.closed) throw new AppError('INVALID_INPUT', `${what}「${org.name}」已撤销，请先恢复`);
}
