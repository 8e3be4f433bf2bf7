import type { OrgNode } from '../../../src/contract/common';
import { ORG_LEVEL_LABELS } from '../../utils/labels';

/** One line of the org tree as the admin pages draw it: depth-first, children by name. */
export interface TreeRow {
  code: string;
  name: string;
  level: string;
  levelLabel: string;
  depth: number;
  /** full-width spaces: WeChat keeps them, so a line's depth shows at any font size */
  pad: string;
}

export function treeRows(nodes: OrgNode[]): TreeRow[] {
  const codes = new Set(nodes.map((n) => n.code));
  const kids = new Map<string | null, OrgNode[]>();
  for (const n of nodes) {
    // the caller's own node is the root of what she sees, whatever its parent
    const parent = n.parentCode && codes.has(n.parentCode) ? n.parentCode : null;
    kids.set(parent, [...(kids.get(parent) ?? []), n]);
  }
  const out: TreeRow[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const n of (kids.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name, 'zh'))) {
      out.push({ code: n.code, name: n.name, level: n.level, levelLabel: ORG_LEVEL_LABELS[n.level] ?? n.level, depth, pad: '\u3000'.repeat(depth) });
      walk(n.code, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** The levels a node may have below it: the next territorial level, and women's committees of
 * units under a city or district (src/programmes/enums.ts). */
export function childLevels(level: string): string[] {
  const next: Record<string, string[]> = { city: ['district', 'unit'], district: ['street', 'unit'], street: ['community'] };
  return next[level] ?? [];
}

/** A new node's code: nobody types codes, so it is the root's code and a short random tail. */
export function newOrgCode(rootCode: string): string {
  const tail = (Date.now().toString(36).slice(-4) + Math.random().toString(36).slice(2, 6)).replace(/[^a-z0-9]/g, '');
  return `${rootCode.slice(0, 20)}-${tail}`;
}
