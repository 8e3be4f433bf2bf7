import type { Handler, Handlers } from '../../server/handler';
import type { dashboardContract } from '../../contract/report/dashboard';
import { assertInScope, inScope } from '../../server/scope';
import { nowMs } from '../../server/time';
import { requireProgramme } from '../../server/programme';
import { lastMonths, mergeSeries } from '../../domain/report/dashboard-series';
import { computeFigures, currentMonthWindow } from './figures';
import { readSnapshot } from './dashboard-snapshot';
import { nodeFor } from './node';
import { drill } from './dashboard-drill';

/**
 * The node's snapshot (one read after the caller's: two round trips whatever the data), scoped by
 * the path stored with it. A node the timer has not reached yet (a new environment, a node added
 * since the last run) is computed live, its series holding this month only.
 */
const dashboard: Handler<'report', 'dashboard'> = async ({ orgCode }, { db, caller }) => {
  const snap = await readSnapshot(db, orgCode ?? caller.staff?.orgCode ?? null);
  if (snap) {
    assertInScope(caller, snap.path);
    const parentVisible = snap.parentCode !== null && inScope(caller, snap.path.slice(0, -1));
    return { figures: snap.figures, series: snap.series, parent: parentVisible ? { code: snap.parentCode as string, name: snap.parentName ?? '' } : null };
  }
  const [node, programme] = await Promise.all([nodeFor(db, caller, orgCode), requireProgramme(db)]);
  const parentVisible = node.parentCode !== null && inScope(caller, node.path.slice(0, -1));
  const [figures, parent] = await Promise.all([
    computeFigures(db, programme, node.code, currentMonthWindow()),
    parentVisible ? db.collection('orgs').doc(node.parentCode as string).get().then((r) => r.data?.[0] as { name?: string } | undefined) : Promise.resolve(undefined),
  ]);
  const months = lastMonths(nowMs());
  const current = months[months.length - 1].key;
  return {
    figures,
    series: mergeSeries([], [{ month: current, visits: figures.visits.total, coverage: figures.children.coverage.percent }], months),
    parent: parentVisible ? { code: node.parentCode as string, name: parent?.name ?? '' } : null,
  };
};

/** Handlers of src/contract/report/dashboard.ts. */
export const dashboardHandlers: Pick<Handlers<'report'>, keyof typeof dashboardContract> = { dashboard, drill };
