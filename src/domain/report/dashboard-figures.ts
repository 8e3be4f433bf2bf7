import type { Figures, SubnodeFigures } from '../../contract/report/dashboard';
import type { Programme } from '../../programmes';
import { CHILD_CATEGORY_LABELS, CONTACT_KIND_LABELS, RISK_LEVEL_LABELS, type ContactKind } from '../../programmes/enums';
import { PAIRING_STATUSES, PAIRING_STATUS_LABELS } from '../pairing/state';
import { APP_STATUSES, IN_REVIEW } from '../volunteer/state';
import { WISH_STATUSES, WISH_STATUS_LABELS } from '../wish/machine';
import { countBy, passesThrough, sumRows, type PathRow } from './dashboard-rollup';
import { allocationProgress, coverage, daysSince, quotaProgress, WAIT_BUCKETS, type ChildRow, type HoldingRow, type OrgRef, type VolunteerRow } from './dashboard-targets';
import { requirementRows, type PeriodSpan } from './dashboard-visits';

/**
 * A node's dashboard figures from grouped rows, pure. The rows are the database's answer grouped by
 * `orgPath` cut at some depth (src/functions/report/figures.ts): for one node cut just below it,
 * for the report timer cut at the tree's full depth so one set of rows gives every node's figures.
 * Rows outside the node's subtree are ignored, so either answer gives the same numbers.
 */
export const APP_STATUS_LABELS: Record<string, string> = {
  pending: '待审核', district_approved: '区县审核通过', approved: '已通过', rejected: '未通过', withdrawn: '已撤回',
};
/** Wishes someone still has to act on: review, a donor, the handover, the receipt. */
export const WAITING_WISH_STATUSES = ['pending', 'published', 'claimed', 'sent'] as const;

export interface PairRow extends PathRow { status: string; role: string | null; category: string }
export interface VolRow extends VolunteerRow { teamId: string | null; teamName: string | null }
/** `ticks`: checklist items ticked (absent on rows from before it was grouped by: 0). */
export interface CheckRow extends PathRow { kind: string; ticks?: number }
export interface FlagRow extends PathRow { oldest: string }
export interface WishRow extends PathRow { status: string; wait: string; oldest: string }

export interface FigureRows {
  children: ChildRow[];
  holding: HoldingRow[];
  pairings: PairRow[];
  volunteers: VolRow[];
  /** check-ins per span, in the order of FigureContext.spans */
  checks: CheckRow[][];
  flags: FlagRow[];
  wishes: WishRow[];
}

export interface AreaTally { overdue: number; dueSoon: number; onTrack: number; at: string | null }
export interface OrgNode extends OrgRef { level: string; parentCode: string | null }

export interface FigureContext {
  programme: Programme;
  t: number;
  asOf: string;
  window: { start: string; end: string; label: string };
  /** [window, each rule period once, …]: the spans the check-in rows were counted in */
  spans: { start: string; end: string }[];
  periods: PeriodSpan[];
  /** the quota and allocation nodes (and more: any node may be in it) */
  orgs: ReadonlyMap<string, OrgRef>;
  /** the visit timer's tallies by node code */
  areas: ReadonlyMap<string, AreaTally>;
}

const scoped = <T extends PathRow>(rows: readonly T[], code: string): T[] => rows.filter((r) => passesThrough(r.path, code));

export function figuresFor(node: OrgNode, subOrgs: readonly OrgNode[], all: FigureRows, ctx: FigureContext): Figures {
  const { programme, t } = ctx;
  const childRows = scoped(all.children, node.code);
  const holdRows = scoped(all.holding, node.code);
  const pairRows = scoped(all.pairings, node.code);
  const volRows = scoped(all.volunteers, node.code);
  const checkRows = all.checks.map((rows) => scoped(rows, node.code));
  const flagRows = scoped(all.flags, node.code);
  const wishRows = scoped(all.wishes, node.code);
  const spanOf = (p: { start: string; end: string }) => ctx.spans.findIndex((x) => x.start === p.start && x.end === p.end);

  const inWindow = checkRows[0];
  const label = <K extends string>(labels: Record<string, string>) => ([key, n]: [K, number]) => ({ key, label: labels[key] ?? key, n });
  const paired = (rows: ChildRow[], key: (r: ChildRow) => string, keys: readonly string[], labels: Record<string, string>) => {
    const yes = countBy(rows.filter((r) => r.paired), key, keys);
    return [...countBy(rows, key, keys)].map(([k, n]) => ({ key: k, label: labels[k] ?? k, n, paired: yes.get(k) ?? 0 }));
  };
  const isActive = (r: { status: string }) => r.status === 'active';
  const isPending = (r: { status: string }) => r.status === 'proposed' || r.status === 'consented';
  const highUnpaired = (r: ChildRow) => r.risk === 'high' && !r.paired;
  const waitingWish = (r: { status: string }) => (WAITING_WISH_STATUSES as readonly string[]).includes(r.status);
  const oldestDays = (rows: { oldest: string }[]) => daysSince(rows.reduce<string | null>((m, r) => (!m || r.oldest < m ? r.oldest : m), null), t);
  const compliance = (code: string) => {
    const a = ctx.areas.get(code);
    return { overdue: a?.overdue ?? 0, dueSoon: a?.dueSoon ?? 0, onTrack: a?.onTrack ?? 0, at: a?.at ?? null };
  };
  const activeRows = pairRows.filter(isActive);
  const pairedChildren = childRows.filter((r) => r.paired).map((r) => ({ category: r.category, risk: r.risk, n: r.n }));

  const subnodes: SubnodeFigures[] = subOrgs.map((o) => {
    const mine = <T extends PathRow>(rows: T[]) => scoped(rows, o.code);
    const kidsHere = mine(childRows);
    return {
      code: o.code, name: o.name, level: o.level,
      children: sumRows(kidsHere), paired: sumRows(kidsHere, (r) => r.paired), coveragePercent: coverage(programme, kidsHere).percent, unpairedHighRisk: sumRows(kidsHere, highUnpaired),
      volunteersApproved: sumRows(mine(volRows), (r) => r.status === 'approved'),
      activePairings: sumRows(mine(pairRows), isActive),
      overduePairings: compliance(o.code).overdue,
      openFlags: sumRows(mine(flagRows)),
      contacts: sumRows(mine(inWindow)),
      wishesWaiting: sumRows(mine(wishRows), waitingWish),
    };
  });

  const approvedTeams = new Map<string, { label: string; n: number }>();
  for (const r of volRows.filter((v) => v.status === 'approved')) {
    const key = r.teamId ?? 'none';
    const cur = approvedTeams.get(key) ?? { label: r.teamName ?? (r.teamId ? r.teamId : '未分队'), n: 0 };
    cur.n += r.n;
    approvedTeams.set(key, cur);
  }
  const orgs = new Map<string, OrgRef>([...ctx.orgs, [node.code, { code: node.code, name: node.name, path: node.path }]]);
  const totalKids = sumRows(childRows);
  const pairedKids = sumRows(childRows, (r) => r.paired);

  return {
    node: { code: node.code, name: node.name, level: node.level },
    asOf: ctx.asOf,
    window: { start: ctx.window.start, end: ctx.window.end, label: ctx.window.label },
    children: {
      total: totalKids, paired: pairedKids, unpaired: totalKids - pairedKids, unpairedHighRisk: sumRows(childRows, highUnpaired),
      byCategory: paired(childRows, (r) => r.category, programme.targetChildren.categories, CHILD_CATEGORY_LABELS),
      byRisk: paired(childRows, (r) => r.risk, ['high', 'medium', 'low', 'none'], { ...RISK_LEVEL_LABELS, none: '未评估' }),
      coverage: coverage(programme, childRows),
    },
    volunteers: {
      total: sumRows(volRows),
      approved: sumRows(volRows, (r) => r.status === 'approved'),
      inReview: sumRows(volRows, (r) => IN_REVIEW.includes(r.status as (typeof IN_REVIEW)[number])),
      byStatus: [...countBy(volRows, (r) => r.status, APP_STATUSES)].map(label(APP_STATUS_LABELS)),
      byTeam: [...approvedTeams].map(([key, v]) => ({ key, label: v.label, n: v.n })).sort((a, b) => b.n - a.n || a.label.localeCompare(b.label)),
    },
    pairings: {
      active: sumRows(pairRows, isActive),
      pending: sumRows(pairRows, isPending),
      byStatus: [...countBy(pairRows, (r) => r.status, PAIRING_STATUSES)].map(label(PAIRING_STATUS_LABELS)),
    },
    visits: {
      total: sumRows(inWindow),
      byKind: [...countBy(inWindow, (r) => r.kind, programme.contactKinds as readonly ContactKind[])].map(label(CONTACT_KIND_LABELS)),
      requirements: requirementRows(programme, t, activeRows, pairedChildren, (periodKey, kinds, minTicks = 0) => {
        const p = ctx.periods.find((x) => x.key === periodKey);
        return p ? sumRows(checkRows[spanOf(p)] ?? [], (r) => kinds.includes(r.kind) && (r.ticks ?? 0) >= minTicks) : 0;
      }),
      compliance: compliance(node.code),
    },
    flags: { open: sumRows(flagRows), oldestOpenDays: oldestDays(flagRows) },
    wishes: {
      total: sumRows(wishRows),
      waiting: sumRows(wishRows, waitingWish),
      byStatus: WISH_STATUSES.map((status) => {
        const mine = wishRows.filter((r) => r.status === status);
        return {
          key: status, label: WISH_STATUS_LABELS[status], n: sumRows(mine), oldestDays: oldestDays(mine),
          wait: WAIT_BUCKETS.map((b) => ({ key: b.key, label: b.label, n: sumRows(mine, (r) => r.wait === b.key) })),
        };
      }),
    },
    quotas: quotaProgress(programme.quotas, node.code, node.parentCode === null, orgs, volRows, IN_REVIEW),
    allocations: allocationProgress(programme.allocations, node.code, orgs, holdRows),
    subnodes,
  };
}

export const categoryLabel = (c: string): string => CHILD_CATEGORY_LABELS[c as keyof typeof CHILD_CATEGORY_LABELS] ?? c;
