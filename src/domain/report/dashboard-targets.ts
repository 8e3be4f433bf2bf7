import type { Programme } from '../../programmes';
import { CHILD_CATEGORY_LABELS, type ChildCategory } from '../../programmes/enums';
import { passesThrough, percent, sumRows, type PathRow } from './dashboard-rollup';

/**
 * Targets of the dashboard, pure: the coverage goal (晋江: 100% of 困境 children paired by year
 * end), 遂宁's recruitment quotas and 厦门/龙岗's child allocations, against grouped counts.
 */

export interface ChildRow extends PathRow {
  category: string;
  risk: string;
  paired: boolean;
}

export interface Coverage {
  categories: string[];
  categoriesLabel: string;
  total: number;
  paired: number;
  percent: number | null;
  goalPercent: number | null;
  goalBy: string | null;
  /** Children still to pair to reach the goal (0 when reached or no goal). */
  toGoal: number;
}

/** Coverage over the goal's categories, or over every category the programme targets when it sets no goal. */
export function coverage(programme: Pick<Programme, 'coverageGoal' | 'targetChildren'>, rows: readonly ChildRow[]): Coverage {
  const goal = programme.coverageGoal;
  const categories: string[] = goal ? [...goal.categories] : [...programme.targetChildren.categories];
  const mine = rows.filter((r) => categories.includes(r.category));
  const total = sumRows(mine);
  const paired = sumRows(mine, (r) => r.paired);
  const toGoal = goal ? Math.max(0, Math.ceil((goal.percent * total) / 100) - paired) : 0;
  return {
    categories,
    categoriesLabel: categories.map((c) => CHILD_CATEGORY_LABELS[c as ChildCategory] ?? c).join('、'),
    total, paired, percent: percent(paired, total), goalPercent: goal?.percent ?? null, goalBy: goal?.by ?? null, toGoal,
  };
}

export interface OrgRef {
  code: string;
  name: string;
  path: readonly string[];
}

export interface VolunteerRow extends PathRow {
  status: string;
}

export interface QuotaRow {
  orgCode: string;
  orgName: string;
  atLeast: number;
  approved: number;
  inReview: number;
  percent: number | null;
}

/**
 * 遂宁: the quota items inside the node's subtree (the node's own included), and the programme total
 * when the node is the root — the same numbers volunteer.quotaProgress gives (approved, in review).
 */
export function quotaProgress(
  quotas: Programme['quotas'],
  nodeCode: string,
  isRoot: boolean,
  orgs: ReadonlyMap<string, OrgRef>,
  rows: readonly VolunteerRow[],
  inReview: readonly string[],
): { total: QuotaRow | null; items: QuotaRow[] } | null {
  if (!quotas) return null;
  const progress = (code: string | null, orgName: string, atLeast: number): QuotaRow => {
    const mine = code ? rows.filter((r) => passesThrough(r.path, code)) : rows;
    const approved = sumRows(mine, (r) => r.status === 'approved');
    return { orgCode: code ?? nodeCode, orgName, atLeast, approved, inReview: sumRows(mine, (r) => inReview.includes(r.status)), percent: percent(approved, atLeast) };
  };
  const items: QuotaRow[] = [];
  for (const q of quotas.items) {
    const org = orgs.get(q.orgCode);
    if (!org || !org.path.includes(nodeCode)) continue;
    items.push(progress(q.orgCode, org.name, q.atLeast));
  }
  const root = orgs.get(nodeCode);
  const total = isRoot && quotas.total !== null ? progress(null, root?.name ?? nodeCode, quotas.total) : null;
  return { total, items };
}

/** One child's pairing state as the allocation counts it (a child counts once, her most advanced pairing). */
export interface HoldingRow extends PathRow {
  category: string;
  active: boolean;
}

export interface AllocationProgressRow {
  orgCode: string;
  orgName: string;
  category: string;
  categoryLabel: string;
  allocated: number;
  paired: number;
  pending: number;
  percent: number | null;
}

/**
 * 厦门/龙岗: allocations per node and category against children with an active pairing (paired)
 * or only a proposed/consented one (pending): pairing.allocation's rule (src/domain/pairing
 * allocationRows) over grouped counts instead of one row per child.
 */
export function allocationProgress(
  allocations: Programme['allocations'],
  nodeCode: string,
  orgs: ReadonlyMap<string, OrgRef>,
  rows: readonly HoldingRow[],
): { total: number | null; rows: AllocationProgressRow[] } | null {
  if (!allocations) return null;
  const out: AllocationProgressRow[] = [];
  for (const item of allocations.items) {
    const org = orgs.get(item.orgCode);
    if (!org || !org.path.includes(nodeCode)) continue;
    for (const [category, allocated] of Object.entries(item.counts)) {
      const mine = rows.filter((r) => r.category === category && passesThrough(r.path, item.orgCode));
      const paired = sumRows(mine, (r) => r.active);
      out.push({
        orgCode: item.orgCode, orgName: org.name, category, categoryLabel: CHILD_CATEGORY_LABELS[category as ChildCategory] ?? category,
        allocated: allocated ?? 0, paired, pending: sumRows(mine, (r) => !r.active), percent: percent(paired, allocated ?? 0),
      });
    }
  }
  return { total: allocations.total, rows: out };
}

/** How long wishes wait in their state, in buckets of days since their last change. */
export const WAIT_BUCKETS = [
  { key: 'd7', label: '7天内', days: 7 },
  { key: 'd30', label: '8—30天', days: 30 },
  { key: 'd90', label: '31—90天', days: 90 },
  { key: 'older', label: '90天以上', days: null },
] as const;
export type WaitBucket = (typeof WAIT_BUCKETS)[number]['key'];

const DAY_MS = 24 * 3600 * 1000;

/** The ISO instants separating the buckets at `nowMs`: updated at or after cutoffs[i] is in bucket i. */
export const waitCutoffs = (nowMs: number): string[] =>
  WAIT_BUCKETS.filter((b) => b.days !== null).map((b) => new Date(nowMs - (b.days as number) * DAY_MS).toISOString());

/** The bucket of one instant (the same rule the database applies with the cutoffs). */
export function waitBucketOf(iso: string, nowMs: number): WaitBucket {
  const cuts = waitCutoffs(nowMs);
  const i = cuts.findIndex((c) => iso >= c);
  return WAIT_BUCKETS[i === -1 ? WAIT_BUCKETS.length - 1 : i].key;
}

/** Whole days from an instant to now (never negative). */
export const daysSince = (iso: string | null | undefined, nowMs: number): number | null =>
  iso ? Math.max(0, Math.floor((nowMs - Date.parse(iso)) / DAY_MS)) : null;
