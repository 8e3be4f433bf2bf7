import type { Figures } from '../../contract/report/dashboard';
import type { Programme } from '../../programmes';
import { HOLDING } from '../../domain/pairing/state';
import { periodOf } from '../../domain/visits/periods';
import { waitCutoffs, type OrgRef } from '../../domain/report/dashboard-targets';
import { rulePeriods, type PeriodSpan } from '../../domain/report/dashboard-visits';
import { figuresFor, type AreaTally, type FigureRows } from '../../domain/report/dashboard-figures';
import { requireOrg, type OrgDoc } from '../../server/orgs';
import type { Db } from '../../server/runtime';
import { isoNow, nowMs } from '../../server/time';

export { APP_STATUS_LABELS, WAITING_WISH_STATUSES, categoryLabel } from '../../domain/report/dashboard-figures';

/**
 * The dashboard's figures by database aggregation only: one aggregate per collection (check-ins:
 * one per distinct span counted), each grouped by the records' `orgPath` cut at a depth (rows per
 * node and dimension, never per record), then assembled in memory (src/domain/report
 * dashboard-figures). A constant number of round trips whatever the number of records.
 * `computeFigures` does it for one node (the calendar's report snapshots, and the dashboard before
 * the report timer has written a node's snapshot); the timer gathers once at the root, cut at the
 * tree's full depth, and assembles every node from the same rows (dashboard-snapshot.ts).
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

type Keyed = { _id: Record<string, unknown> } & Record<string, unknown>;
const pathOf = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : []);

/** "This period" first, then each rule's current period and any extra span, once each. */
export function spansOf(window: FiguresWindow, periods: PeriodSpan[], extra: { start: string; end: string }[] = []): { start: string; end: string }[] {
  const spans: { start: string; end: string }[] = [{ start: window.start, end: window.end }];
  for (const p of [...periods, ...extra]) if (!spans.some((x) => x.start === p.start && x.end === p.end)) spans.push({ start: p.start, end: p.end });
  return spans;
}

/**
 * The grouped rows of `orgCode`'s subtree, the path cut at `depth`. Check-ins are counted in each
 * of `spans` (one plain aggregate per span: much cheaper than one aggregate testing every span per
 * record). Throws rather than answer short when a grouping outgrows the row limit.
 */
export async function gatherRows(db: Db, programme: Programme, orgCode: string, depth: number, spans: { start: string; end: string }[], t: number): Promise<FigureRows> {
  const _ = db.command;
  const $ = _.aggregate;
  const scope = { orgPath: orgCode };
  const agg = (name: string) => db.collection(name).aggregate();
  const [c7, c30, c90] = waitCutoffs(t);
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
      // ticks: how many checklist items were ticked (a checklist requirement counts the filled ones)
      .group({ _id: { path: P, kind: '$kind', ticks: $.size($.ifNull(['$checklist', []])) }, n: $.sum(1) }).limit(ROWS).end())),
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
  const rowsOf = (res: { data?: unknown }) => {
    const rows = (res.data ?? []) as Keyed[];
    // never a silently short answer: a full page means the grouping outgrew the limit
    if (rows.length >= ROWS) throw new Error(`dashboard aggregate returned ${rows.length} rows (limit ${ROWS})`);
    return rows;
  };
  return {
    children: rowsOf(kids).map((r) => ({
      path: pathOf(r._id.path), n: r.n as number, category: String(r._id.category ?? ''), risk: (r._id.risk as string | null) ?? 'none', paired: r._id.paired === true,
    })),
    holding: rowsOf(holding).map((r) => ({ path: pathOf(r._id.path), n: r.n as number, category: String(r._id.category ?? ''), active: r._id.active === 1 })),
    pairings: rowsOf(pairs).map((r) => ({
      path: pathOf(r._id.path), n: r.n as number, status: String(r._id.status), role: (r._id.role as string | null) ?? null, category: String(r._id.category ?? ''),
    })),
    volunteers: rowsOf(vols).map((r) => ({
      path: pathOf(r._id.path), n: r.n as number, status: String(r._id.status), teamId: (r._id.teamId as string | null) ?? null, teamName: (r._id.teamName as string | null) ?? null,
    })),
    checks: checks.map((res) => rowsOf(res).map((r) => ({ path: pathOf(r._id.path), n: r.n as number, kind: String(r._id.kind), ticks: Number(r._id.ticks ?? 0) }))),
    flags: rowsOf(flags).map((r) => ({ path: pathOf(r._id), n: r.n as number, oldest: r.oldest as string })),
    wishes: rowsOf(wishes).map((r) => ({ path: pathOf(r._id.path), n: r.n as number, status: String(r._id.status), wait: String(r._id.wait), oldest: r.oldest as string })),
  };
}

export type AreaDoc = { _id: string; overdue: number; dueSoon: number; onTrack: number; at: string };
export const areaTally = (a: AreaDoc): AreaTally => ({ overdue: a.overdue ?? 0, dueSoon: a.dueSoon ?? 0, onTrack: a.onTrack ?? 0, at: a.at ?? null });

/** One node's figures, live (about a dozen round trips, nearly all in parallel). The caller checks scope; `orgCode` must exist. */
export async function computeFigures(db: Db, programme: Programme, orgCode: string, window: FiguresWindow): Promise<Figures> {
  const _ = db.command;
  const t = nowMs();
  const asOf = isoNow();
  const periods = rulePeriods(programme, t);
  const spans = spansOf(window, periods);
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
  const [rows, areaDocs] = await Promise.all([
    gatherRows(db, programme, orgCode, depth, spans, t),
    db.collection('visit_area_status').where({ _id: _.in([orgCode, ...subOrgs.map((o) => o.code)]) }).limit(1000).get().then((r) => r.data as AreaDoc[]),
  ]);
  const orgs = new Map<string, OrgRef>(targets.map((o) => [o.code, { code: o.code, name: o.name, path: o.path }]));
  return figuresFor(node, subOrgs, rows, {
    programme, t, asOf, window, spans, periods, orgs, areas: new Map(areaDocs.map((a) => [a._id, areaTally(a)])),
  });
}
