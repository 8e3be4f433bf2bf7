import type { OrgNode } from '../../../../../src/contract/common';
import { childLevels } from '../../tree';

/** A node the org page shows: the tree's own fields, closed and an unfinished move where so. */
export type PageNode = OrgNode & { closed?: boolean; movingTo?: string };

export interface Choice {
  code: string;
  label: string;
}

/**
 * Where a node may move: an open node of the caller's tree at a level that takes it (the levels
 * 添加下级组织 offers), not the node itself or anything below it, not its present parent. Labelled
 * with the whole way down (遂宁市 / 安居区), so namesakes in two districts are told apart.
 */
export function moveTargets(nodes: PageNode[], code: string): Choice[] {
  const node = nodes.find((n) => n.code === code);
  if (!node) return [];
  const names = new Map(nodes.map((n) => [n.code, n.name]));
  return nodes
    .filter((p) => !p.closed && !p.path.includes(code) && p.code !== node.parentCode && childLevels(p.level).includes(node.level))
    .map((p) => ({ code: p.code, label: p.path.filter((c) => names.has(c)).map((c) => names.get(c)).join(' / ') }))
    .sort((a, b) => a.label.localeCompare(b.label, 'zh'));
}

/** Where the page uploads a sheet for account.importOrgs (the server's ORG_IMPORT_DIR/<user id>/). */
export const orgImportPrefix = (userId: string): string => `org-imports/${userId}/`;
