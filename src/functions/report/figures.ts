import type { Figures, SubnodeFigures } from '../../contract/report/dashboard';
import type { Programme } from '../../programmes';
import { CHILD_CATEGORY_LABELS, CONTACT_KIND_LABELS, RISK_LEVEL_LABELS, type ChildCategory, type ContactKind } from '../../programmes/enums';
import { HOLDING, PAIRING_STATUSES, PAIRING_STATUS_LABELS } from '../../domain/pairing/state';
import { APP_STATUSES, IN_REVIEW } from '../../domain/volunteer/state';
import { WISH_STATUSES, WISH_STATUS_LABELS } from '../../domain/wish/machine';
import { periodOf } from '../../domain/visits/periods';
import { countBy, passesThrough, sumRows, type PathRow } from '../../domain/report/dashboard-rollup';
import { allocationProgress, coverage, daysSince, quotaProgress, WAIT_BUCKETS, waitCutoffs, type ChildRow, type HoldingRow, type OrgRef, type VolunteerRow } from '../../domain/report/dashboard-targets';
import { requirementRows, rulePeriods } from '../../domain/report/dashboard-visits';
import { requireOrg, type OrgDoc } from '../../server/orgs';
import type { Db } from '../../server/runtime';
import { isoNow, nowMs } from '../../server/time';

/**
 * The dashboard's figures for one org node's subtree, by database aggregation only: one aggregate
 * per collection (check-ins: one per distinct period counted), each grouped by the records'
 * `orgPath` prefix (rows per node and dimension, never per record), then rolled up in memory
 * (src/domain/report).
 * A constant number of round trips (a dozen or so, nearly all in parallel) whatever the number of
 * children, pairings or check-ins; it depends on the programme's visit periods only.
 * The caller checks scope; `orgCode` must exist.
 */
export interface FiguresWindow {
  start: string;
  end: string;
  label: string;
}

/** The default "this period": the current calendar month in Asia/Shanghai. */
export function currentMonthWindow(at: number = nowMs()): FiguresWindow {
  const p = periodOf('month', at);
  return { start: p.start.toISOString(), end: p.end.toISOString(), label: p.label };
}

/** Real CloudBase returns 20 aggregate rows unless told otherwise; rows here follow the org tree's size. */
const ROWS = 10000;
export const APP_STATUS_LABELS: Record<string, string> = {
  pending: '待审核', district_approved: '区县审核通过', approved: '已通过', rejected: '未通过', withdrawn: '已撤回',
};
/** Wishes someone still has to act on: review, a donor, the handover, the receipt. */
export const WAITING_WISH_STATUSES = ['pending', 'published', 'claimed', 'sent'] as const;

type Keyed = { _id: Record<string, unknown> } & Record<string, unknown>;
const pathOf = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : []);

export async function computeFigures(db: Db, programme: Programme, orgCode: string, window: FiguresWindow): Promise<Figures> {
  const _ = db.command;
  const $ = _.aggregate;
  const t = nowMs();
  const asOf = isoNow();
  const scope = { orgPath: orgCode };
  const agg = (name: string) => db.collection(name).aggregate();

  // the spans check-ins are counted in: "this period" and each rule's current period, once each
  // (one plain aggregate per span: much cheaper than one aggregate testing every span per record)
  const periods = rulePeriods(programme, t);
  const spans: { start: string; end: string }[] = [{ start: window.start, end: window.end }];
  for (const p of periods) if (!spans.some((x) => x.start === p.start && x.end === p.end)) spans.push(p);
  const spanOf = (p: { start: string; end: string }) => spans.findIndex((x) => x.start === p.start && x.end === p.end);
  const [c7, c30, c90] = waitCutoffs(t);
  const targetCodes = [...new Set([...(programme.quotas?.items ?? []), ...(programme.allocations?.items ?? [])].map((i) => i.orgCode))];

  const [node, subOrgs, targets] = await Promise.all([
    requireOrg(db, orgCode),
    db.collection('orgs').where({ parentCode: orgCode }).orderBy('code', 'asc').limit(1000).get().then((r) => r.data as OrgDoc[]),
    targetCodes.length
      ? db.collection('orgs').where({ _id: _.in(targetCodes) }).limit(1000).get().then((r) => r.data as OrgDoc[])
      : Promise.resolve([] as OrgDoc[]),
  ]);
  // Group by the path only as deep as a figure needs (the child nodes, the quota and allocation
  // nodes inside the subtree): rows follow the number of those nodes, not of every leaf.
  const depth = Math.max(node.path.length + 1, ...targets.filter((o) => o.path.includes(orgCode)).map((o) => o.path.length));
  const P = $.slice(['$orgPath', depth]);
  const [kids, holding, pairs, vols, checks, flags, wishes] = await Promise.all([
    agg('children').match(scope)
      .group({ _id: { path: P, category: '$category', risk: '$riskLevel', paired: '$paired' }, n: $.sum(1) }).limit(ROWS).end(),
    programme.allocations
      ? agg('pairings').match({ ...scope, status: _.in([...HOLDING]) })
        .group({ _id: '$childId', path: $.first(P), category: $.first('$childCategory'), active: $.max($.cond({ if: $.eq(['$status', 'active']), then: 1, else: 0 })) })
        .group({ _id: { path: '$path', category: '$category', active: '$active' }, n: $.sum(1) }).limit(ROWS).end()
      : Promise.resolve({ data: [] }),
    agg('pairings').match(scope)
      .group({ _id: { path: P, status: '$status', role: '$role', category: '$childCategory' }, n: $.sum(1) }).limit(ROWS).end(),
    agg('volunteer_applications').match(scope)
      .group({ _id: { path: P, status: '$status', teamId: '$teamId', teamName: '$teamName' }, n: $.sum(1) }).limit(ROWS).end(),
    Promise.all(spans.map((sp) => agg('visit_checkins').match({ ...scope, at: _.gte(sp.start).and(_.lt(sp.end)) })
      .group({ _id: { path: P, kind: '$kind' }, n: $.sum(1) }).limit(ROWS).end())),
    agg('visit_flags').match({ ...scope, status: 'open' })
      .group({ _id: P, n: $.sum(1), oldest: $.min('$createdAt') }).limit(ROWS).end(),
    agg('wishes').match(scope)
      .group({
        _id: {
          path: P, status: '$status',
          wait: $.cond({ if: $.gte(['$updatedAt', c7]), then: 'd7', else: $.cond({ if: $.gte(['$updatedAt', c30]), then: 'd30', else: $.cond({ if: $.gte(['$updatedAt', c90]), then: 'd90', else: 'older' }) }) }),
        },
        n: $.sum(1), oldest: $.min('$updatedAt'),
      }).limit(ROWS).end(),
  ]);
  const areaCodes = [orgCode, ...subOrgs.map((o) => o.code)];
  const areaDocs = (await db.collection('visit_area_status').where({ _id: _.in(areaCodes) }).limit(1000).get()).data as
    { _id: string; overdue: number; dueSoon: number; onTrack: number; at: string }[];
  const areas = new Map(areaDocs.map((a) => [a._id, a]));

  const rowsOf = (res: { data?: unknown }) => {
    const rows = (res.data ?? []) as Keyed[];
    // never a silently short answer: a full page means the grouping outgrew the limit
    if (rows.length >= ROWS) throw new Error(`dashboard aggregate returned ${rows.length} rows (limit ${ROWS})`);
    return rows;
  };
  const childRows: ChildRow[] = rowsOf(kids).map((r) => ({
    path: pathOf(r._id.path), n: r.n as number, category: String(r._id.category ?? ''), risk: (r._id.risk as string | null) ?? 'none', paired: r._id.paired === true,
  }));
  const holdRows: HoldingRow[] = rowsOf(holding).map((r) => ({ path: pathOf(r._id.path), n: r.n as number, category: String(r._id.category ?? ''), active: r._id.active === 1 }));
  const pairRows = rowsOf(pairs).map((r) => ({
    path: pathOf(r._id.path), n: r.n as number, status: String(r._id.status), role: (r._id.role as string | null) ?? null, category: String(r._id.category ?? ''),
  }));
  const volRows = rowsOf(vols).map((r) => ({
    path: pathOf(r._id.path), n: r.n as number, status: String(r._id.status), teamId: (r._id.teamId as string | null) ?? null, teamName: (r._id.teamName as string | null) ?? null,
  }));
  const checkRows = checks.map((res) => rowsOf(res).map((r) => ({ path: pathOf(r._id.path), n: r.n as number, kind: String(r._id.kind) })));
  const flagRows = rowsOf(flags).map((r) => ({ path: pathOf(r._id), n: r.n as number, oldest: r.oldest as string }));
  const wishRows = rowsOf(wishes).map((r) => ({ path: pathOf(r._id.path), n: r.n as number, status: String(r._id.status), wait: String(r._id.wait), oldest: r.oldest as string }));

  const orgs = new Map<string, OrgRef>([...targets, node].map((o) => [o.code, { code: o.code, name: o.name, path: o.path }]));
  const inWindow = checkRows[0];
  const label = <K extends string>(labels: Record<string, string>) => ([key, n]: [K, number]) => ({ key, label: labels[key] ?? key, n });
  const paired = (rows: ChildRow[], key: (r: ChildRow) => string, keys: readonly string[], labels: Record<string, string>) => {
    const all = countBy(rows, key, keys);
    const yes = countBy(rows.filter((r) => r.paired), key, keys);
    return [...all].map(([k, n]) => ({ key: k, label: labels[k] ?? k, n, paired: yes.get(k) ?? 0 }));
  };
  const isActive = (r: { status: string }) => r.status === 'active';
  const isPending = (r: { status: string }) => r.status === 'proposed' || r.status === 'consented';
  const highUnpaired = (r: ChildRow) => r.risk === 'high' && !r.paired;
  const waitingWish = (r: { status: string }) => (WAITING_WISH_STATUSES as readonly string[]).includes(r.status);
  const oldestDays = (rows: { oldest: string }[]) => daysSince(rows.reduce<string | null>((m, r) => (!m || r.oldest < m ? r.oldest : m), null), t);
  const compliance = (code: string) => {
    const a = areas.get(code);
    return { overdue: a?.overdue ?? 0, dueSoon: a?.dueSoon ?? 0, onTrack: a?.onTrack ?? 0, at: a?.at ?? null };
  };
  const activeRows = pairRows.filter(isActive);
  const pairedChildren = childRows.filter((r) => r.paired).map((r) => ({ category: r.category, risk: r.risk, n: r.n }));

  const subnodes: SubnodeFigures[] = subOrgs.map((o) => {
    const mine = <T extends PathRow>(rows: T[]) => rows.filter((r) => passesThrough(r.path, o.code));
    const kidsHere = mine(childRows);
    const total = sumRows(kidsHere);
    const pairedHere = sumRows(kidsHere, (r) => r.paired);
    return {
      code: o.code, name: o.name, level: o.level,
      children: total, paired: pairedHere, coveragePercent: coverage(programme, kidsHere).percent, unpairedHighRisk: sumRows(kidsHere, highUnpaired),
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
  const isRoot = node.parentCode === null;
  const totalKids = sumRows(childRows);
  const pairedKids = sumRows(childRows, (r) => r.paired);

  return {
    node: { code: node.code, name: node.name, level: node.level },
    asOf,
    window: { start: window.start, end: window.end, label: window.label },
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
      requirements: requirementRows(programme, t, activeRows, pairedChildren, (periodKey, kinds) => {
        const p = periods.find((x) => x.key === periodKey);
        return p ? sumRows(checkRows[spanOf(p)], (r) => kinds.includes(r.kind)) : 0;
      }),
      compliance: compliance(orgCode),
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
    quotas: quotaProgress(programme.quotas, orgCode, isRoot, orgs, volRows as VolunteerRow[], IN_REVIEW),
    allocations: allocationProgress(programme.allocations, orgCode, orgs, holdRows),
    subnodes,
  };
}

export const categoryLabel = (c: string): string => CHILD_CATEGORY_LABELS[c as ChildCategory] ?? c;
