import type { Figures } from '../../contract/report/dashboard';
import type { TimerJob } from '../../server/handler';
import type { Db } from '../../server/runtime';
import { listSubtree, type OrgDoc } from '../../server/orgs';
import { loadProgramme } from '../../server/programme';
import { isoNow, nowMs } from '../../server/time';
import { passesThrough, sumRows } from '../../domain/report/dashboard-rollup';
import { figuresFor } from '../../domain/report/dashboard-figures';
import { rulePeriods } from '../../domain/report/dashboard-visits';
import { lastMonths, mergeSeries, monthsToFill, type MonthPoint } from '../../domain/report/dashboard-series';
import { areaTally, currentMonthWindow, gatherRows, spansOf, type AreaDoc } from './figures';

/**
 * The dashboard's snapshots: one document per org node in `report_dashboards`, written by the
 * report function's hourly timer, so report.dashboard reads one document instead of aggregating
 * the subtree on every open (issue 16). A run gathers the grouped rows once at the root, cut at
 * the tree's full depth, and assembles every node's figures from them (src/domain/report
 * dashboard-figures), plus the node's month series (dashboard-series). The figures carry their
 * time (`asOf`), which the page shows as 数据更新于. Snapshots of removed nodes are deleted.
 * A document holds counts only, never a child's or a volunteer's name.
 */
export const DASHBOARDS = 'report_dashboards';
/** Bumped when Figures or the document changes shape: the dashboard ignores other versions (computes live) until the next run. */
export const SNAPSHOT_SCHEMA = 1;

export interface DashboardDoc {
  _id: string;
  code: string;
  name: string;
  level: string;
  path: string[];
  parentCode: string | null;
  parentName: string | null;
  root: boolean;
  schema: number;
  at: string;
  figures: Figures;
  series: MonthPoint[];
}

async function readAll<T>(db: Db, coll: string): Promise<T[]> {
  const out: T[] = [];
  for (let skip = 0; ; skip += 1000) {
    const res = await db.collection(coll).orderBy('_id', 'asc').skip(skip).limit(1000).get();
    out.push(...((res.data ?? []) as T[]));
    if ((res.data ?? []).length < 1000) return out;
  }
}

/** Writes in parallel, a few at a time (a city has a few hundred nodes). */
async function inBatches<T>(items: readonly T[], size: number, run: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

export const snapshotDashboards: TimerJob = async ({ db }) => {
  const programme = await loadProgramme(db);
  if (!programme) return { dashboards: 0 };
  const [tree, stored] = await Promise.all([listSubtree(db), readAll<DashboardDoc>(db, DASHBOARDS)]);
  const root = tree.find((o) => o.parentCode === null);
  if (!root) return { dashboards: 0 };
  const t = nowMs();
  const asOf = isoNow();
  const window = currentMonthWindow(t);
  const months = lastMonths(t);
  const [prev, current] = months.slice(-2);
  const old = new Map(stored.filter((d) => d.schema === SNAPSHOT_SCHEMA).map((d) => [d.code, d]));
  const fill = monthsToFill(old.get(root.code)?.series, months);
  const periods = rulePeriods(programme, t);
  const spans = spansOf(window, periods, [prev, current, ...fill]);
  const depth = Math.max(...tree.map((o) => o.path.length));
  const [rows, areaDocs] = await Promise.all([gatherRows(db, programme, root.code, depth, spans, t), readAll<AreaDoc>(db, 'visit_area_status')]);
  const ctx = {
    programme, t, asOf, window, spans, periods,
    orgs: new Map(tree.map((o) => [o.code, { code: o.code, name: o.name, path: o.path }])),
    areas: new Map(areaDocs.map((a) => [a._id, areaTally(a)])),
  };
  const children = new Map<string, OrgDoc[]>();
  for (const o of [...tree].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))) { // the order orderBy('code') gives
    if (o.parentCode) children.set(o.parentCode, [...(children.get(o.parentCode) ?? []), o]);
  }
  const names = new Map(tree.map((o) => [o.code, o.name]));
  const spanIndex = (m: { start: string; end: string }) => spans.findIndex((s) => s.start === m.start && s.end === m.end);
  const docs: DashboardDoc[] = tree.map((o) => {
    const figures = figuresFor(o, children.get(o.code) ?? [], rows, ctx);
    const visitsIn = (m: { start: string; end: string }) => sumRows(rows.checks[spanIndex(m)].filter((r) => passesThrough(r.path, o.code)));
    const series = mergeSeries(old.get(o.code)?.series, [
      ...fill.map((m) => ({ month: m.key, visits: visitsIn(m) })),
      { month: prev.key, visits: visitsIn(prev) },
      { month: current.key, visits: visitsIn(current), coverage: figures.children.coverage.percent },
    ], months);
    return {
      _id: o.code, code: o.code, name: o.name, level: o.level, path: o.path, parentCode: o.parentCode, parentName: o.parentCode ? names.get(o.parentCode) ?? null : null,
      root: o.parentCode === null, schema: SNAPSHOT_SCHEMA, at: asOf, figures, series,
    };
  });
  const coll = db.collection(DASHBOARDS);
  await inBatches(docs, 20, (d) => {
    const { _id, ...rest } = d;
    return coll.doc(_id).set(rest);
  });
  const gone = stored.filter((d) => !names.has(d.code)).map((d) => d._id);
  await inBatches(gone, 20, (id) => coll.doc(id).remove());
  return { dashboards: docs.length, removed: gone.length, monthsFilled: fill.length };
};

/** The snapshot report.dashboard shows: by node, or the root's for an admin without a staff node; null when there is none of this version. */
export async function readSnapshot(db: Db, code: string | null): Promise<DashboardDoc | null> {
  const res = code === null
    ? await db.collection(DASHBOARDS).where({ root: true }).limit(1).get()
    : await db.collection(DASHBOARDS).doc(code).get();
  const doc = (res.data?.[0] as DashboardDoc | undefined) ?? null;
  return doc && doc.schema === SNAPSHOT_SCHEMA ? doc : null;
}
