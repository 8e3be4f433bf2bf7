import type { OrgLevel } from './enums';
import type { AnnexTable, ApprovalStep, OrgNodeSeed } from './schema';

/**
 * Small pure helpers over a programme's configuration. They take the structural parts they need,
 * so they work on a validated Programme and on a draft an admin is still editing.
 */
type WithOrgs = { readonly orgTree: readonly OrgNodeSeed[] };

interface TreeIndex {
  byCode: Map<string, OrgNodeSeed>;
  children: Map<string, OrgNodeSeed[]>;
}
const indexes = new WeakMap<readonly OrgNodeSeed[], TreeIndex>();

/** Cached per org list: programmes are immutable once validated (each preset is frozen). */
function indexOf(p: WithOrgs): TreeIndex {
  let idx = indexes.get(p.orgTree);
  if (!idx) {
    idx = { byCode: new Map(), children: new Map() };
    for (const n of p.orgTree) {
      if (!idx.byCode.has(n.code)) idx.byCode.set(n.code, n);
      if (n.parentCode !== null) {
        const list = idx.children.get(n.parentCode) ?? [];
        list.push(n);
        idx.children.set(n.parentCode, list);
      }
    }
    indexes.set(p.orgTree, idx);
  }
  return idx;
}

export function orgNodeByCode(p: WithOrgs, code: string): OrgNodeSeed | undefined {
  return indexOf(p).byCode.get(code);
}

export function rootOf(p: WithOrgs): OrgNodeSeed {
  const root = p.orgTree.find((n) => n.parentCode === null);
  if (!root) throw new Error('组织架构没有根节点');
  return root;
}

/** Direct children of a node, in list order. */
export function childrenOf(p: WithOrgs, code: string): OrgNodeSeed[] {
  return [...(indexOf(p).children.get(code) ?? [])];
}

/** Every node below `code` (not `code` itself), depth first in list order; [] for an unknown code. */
export function descendantsOf(p: WithOrgs, code: string): OrgNodeSeed[] {
  const { children } = indexOf(p);
  const out: OrgNodeSeed[] = [];
  const seen = new Set<string>([code]);
  const stack = [...(children.get(code) ?? [])].reverse();
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n.code)) continue; // defensive: a draft may contain a cycle
    seen.add(n.code);
    out.push(n);
    stack.push(...[...(children.get(n.code) ?? [])].reverse());
  }
  return out;
}

/** Root → node, both included; [] for an unknown code. */
export function pathOf(p: WithOrgs, code: string): OrgNodeSeed[] {
  const { byCode } = indexOf(p);
  const path: OrgNodeSeed[] = [];
  let cur = byCode.get(code);
  while (cur && path.length <= byCode.size) {
    path.unshift(cur);
    cur = cur.parentCode === null ? undefined : byCode.get(cur.parentCode);
  }
  return path;
}

/** True when `code` is `ancestorCode` itself or lies below it (a staff member's scope test). */
export function isWithin(p: WithOrgs, ancestorCode: string, code: string): boolean {
  return pathOf(p, code).some((n) => n.code === ancestorCode);
}

/** The nearest node at or above `code` whose level is one of `levels`. */
export function nearestAtLevels(p: WithOrgs, code: string, levels: readonly OrgLevel[]): OrgNodeSeed | undefined {
  const path = pathOf(p, code);
  for (let i = path.length - 1; i >= 0; i--) if (levels.includes(path[i]!.level)) return path[i];
  return undefined;
}

/**
 * The vetting steps for an applicant attached at `orgCode`, each with the node that acts on it.
 * A step with no node of its levels at or above the applicant does not apply to her.
 */
export function approvalStepsFor(
  p: WithOrgs & { readonly approvalChain: readonly ApprovalStep[] },
  orgCode: string,
): { step: ApprovalStep; node: OrgNodeSeed }[] {
  const out: { step: ApprovalStep; node: OrgNodeSeed }[] = [];
  for (const step of p.approvalChain) {
    const node = nearestAtLevels(p, orgCode, step.levels);
    if (node) out.push({ step, node });
  }
  return out;
}

/**
 * One flat, unique header per cell of an annex, in order: a table's columns, a form's fields
 * (a section's row label is prefixed: 一季度走访时间). A label that occurs more than once is
 * qualified by its group or section title: 爱心妈妈情况/姓名.
 */
export function annexHeaders(annex: AnnexTable): string[] {
  const cells: { label: string; scope: string | null }[] = [];
  if (annex.kind === 'table') {
    annex.columns.forEach((label, i) => {
      const group = annex.groups.find((g) => i >= g.start && i < g.start + g.span);
      cells.push({ label, scope: group?.label ?? null });
    });
  } else {
    for (const s of annex.sections) {
      const rows = s.rowLabels.length ? s.rowLabels : [''];
      for (const row of rows) for (const f of s.fields) cells.push({ label: row + f, scope: s.title });
    }
  }
  const counts = new Map<string, number>();
  for (const c of cells) counts.set(c.label, (counts.get(c.label) ?? 0) + 1);
  return cells.map((c) => ((counts.get(c.label) ?? 0) > 1 && c.scope ? `${c.scope}/${c.label}` : c.label));
}

/**
 * Age in whole years on a day, from ISO dates (YYYY-MM-DD, civil dates in China: no time zone).
 * Someone born on 29 February turns a year older on 1 March in common years.
 */
export function ageInYears(birthDate: string, onDate: string): number {
  const [by, bm, bd] = parseDate(birthDate);
  const [y, m, d] = parseDate(onDate);
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}

function parseDate(s: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (!m) throw new Error(`日期格式应为 YYYY-MM-DD：${s}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}
