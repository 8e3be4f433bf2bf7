import { z } from 'zod';
import { action } from '../define';
import { orgCode, pageInput, paged } from '../common';

/**
 * report: the staff dashboard. `Figures` is plain JSON — every tile's numbers for one org node's
 * whole subtree, plus one headline row per direct child node — so the reporting calendar can
 * freeze it as a snapshot (src/functions/report/figures.ts computes it).
 */

const int = z.number().int();
const pct = z.number().nullable().describe('百分比（一位小数；分母为0时为空）');
/** A count under a key, with its Chinese label. */
const Count = z.object({ key: z.string(), label: z.string(), n: int });
const PairedCount = Count.extend({ paired: int });

const QuotaRow = z.object({
  orgCode: z.string(), orgName: z.string(), atLeast: int, approved: int, inReview: int, percent: pct,
});
const AllocationRow = z.object({
  orgCode: z.string(), orgName: z.string(), category: z.string(), categoryLabel: z.string(),
  allocated: int, paired: int, pending: int, percent: pct,
});

export const SubnodeFigures = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string(),
  children: int,
  paired: int,
  coveragePercent: pct.describe("结对覆盖率（目标类别）"),
  unpairedHighRisk: int,
  volunteersApproved: int,
  activePairings: int,
  overduePairings: int,
  openFlags: int,
  contacts: int.describe('本期走访联系次数'),
  wishesWaiting: int.describe('待审核、已发布未认领、已认领未送达的心愿'),
});

export const FiguresSchema = z.object({
  node: z.object({ code: z.string(), name: z.string(), level: z.string() }),
  asOf: z.string(),
  window: z.object({ start: z.string(), end: z.string(), label: z.string() }),
  children: z.object({
    total: int,
    paired: int,
    unpaired: int,
    unpairedHighRisk: int,
    byCategory: z.array(PairedCount),
    /** keys low / medium / high / none (未评估) */
    byRisk: z.array(PairedCount),
    coverage: z.object({
      categories: z.array(z.string()), categoriesLabel: z.string(), total: int, paired: int, percent: pct,
      goalPercent: z.number().nullable(), goalBy: z.string().nullable(), toGoal: int,
    }),
  }),
  volunteers: z.object({
    total: int,
    approved: int,
    inReview: int,
    byStatus: z.array(Count),
    /** approved volunteers by team (key = team id, 'none' = 未分队) */
    byTeam: z.array(Count),
  }),
  pairings: z.object({ active: int, pending: int, byStatus: z.array(Count) }),
  visits: z.object({
    /** check-ins in [window.start, window.end) by kind */
    total: int,
    byKind: z.array(Count),
    requirements: z.array(z.object({
      ruleKey: z.string(), ruleLabel: z.string(), label: z.string(), kinds: z.array(z.string()), periodKey: z.string(), periodLabel: z.string(),
      pairings: int, required: int, done: int,
    })),
    /** active pairings by worst visit status (the visit morning timer's tallies) */
    compliance: z.object({ overdue: int, dueSoon: int, onTrack: int, at: z.string().nullable() }),
  }),
  flags: z.object({ open: int, oldestOpenDays: int.nullable() }),
  wishes: z.object({
    total: int,
    waiting: int,
    byStatus: z.array(Count.extend({
      oldestDays: int.nullable(),
      /** by days since the last change: d7, d30, d90, older */
      wait: z.array(Count),
    })),
  }),
  quotas: z.object({ total: QuotaRow.nullable(), items: z.array(QuotaRow) }).nullable(),
  allocations: z.object({ total: int.nullable(), rows: z.array(AllocationRow) }).nullable(),
  subnodes: z.array(SubnodeFigures),
});
export type Figures = z.infer<typeof FiguresSchema>;
export type SubnodeFigures = z.infer<typeof SubnodeFigures>;

/**
 * One month of the dashboard's 12-month series (the report timer keeps it in the node's snapshot):
 * check-ins in the month and the coverage its last run saw; null where nothing was recorded.
 */
export const MonthPoint = z.object({
  month: z.string().describe('YYYY-MM'),
  label: z.string(),
  visits: int.nullable(),
  coverage: pct,
});

export const DRILL_TILES = ['children', 'volunteers', 'pairings', 'overdue', 'flags', 'wishes'] as const;
export const DRILL_TILE_LABELS: Record<(typeof DRILL_TILES)[number], string> = {
  children: '儿童', volunteers: '志愿者', pairings: '结对', overdue: '走访逾期的结对', flags: '待关注事项', wishes: '微心愿',
};

/** One line of a drill-down list: what the matching staff list shows, masked the same way. */
export const DrillRow = z.object({
  id: z.string(),
  title: z.string(),
  sub: z.string(),
  badge: z.string(),
  /** days registered / waiting / open, by tile */
  days: int.nullable(),
  /** the staff page that opens this record, when the caller may read it there; null otherwise */
  open: z.string().nullable(),
});

const staffAccess = ['staff', 'admin'] as const;

export const dashboardContract = {
  dashboard: action({
    summary: 'The figures of one org node\'s subtree (default: the caller\'s own node; admins: the root) for the current month, one row per direct child node, and the last 12 months of coverage and check-ins, as the report timer\'s hourly snapshot of the node last saw them (figures.asOf); a node without a snapshot yet is computed live. Counts only, no names: the lists are report.drill.',
    access: staffAccess,
    permission: 'report.read',
    input: z.strictObject({ orgCode: orgCode.optional().describe('查看的组织') }),
    output: z.object({
      figures: FiguresSchema,
      /** the last 12 months, oldest first */
      series: z.array(MonthPoint),
      /** the node above, when the caller may look at it */
      parent: z.object({ code: z.string(), name: z.string() }).nullable(),
    }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND'],
  }),
  drill: action({
    summary: 'The list behind one dashboard figure, one page, inside the caller\'s scope, masked like the staff lists (a child\'s name only for holders of child.read, else the alias; no ID numbers or phones). Keys: children all | paired | unpaired | unpairedHighRisk | category:<c> | risk:<low|medium|high|none>; volunteers status:<s> | team:<id|none>; pairings status:<s> | pending; wishes status:<s> | waiting. Audited.',
    access: staffAccess,
    permission: 'report.read',
    input: z.strictObject({
      orgCode: orgCode.optional().describe('查看的组织'),
      tile: z.enum(DRILL_TILES).describe('统计项'),
      key: z.string().trim().max(60).regex(/^[a-zA-Z_]*(:[a-zA-Z0-9_-]+)?$/, '筛选条件格式不正确').optional().describe('筛选条件'),
      ...pageInput,
    }),
    output: paged(DrillRow).extend({ title: z.string() }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND'],
    audit: true,
  }),
} as const;
