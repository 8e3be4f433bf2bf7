import type { Handler, Handlers } from '../../server/handler';
import type { dashboardContract } from '../../contract/report/dashboard';
import type { Db } from '../../server/runtime';
import type { OrgDoc } from '../../server/orgs';
import { inScope } from '../../server/scope';
import { nowMs } from '../../server/time';
import { alias } from '../../domain/child/views';
import { daysSince } from '../../domain/report/dashboard-targets';
import { CHILD_CATEGORY_LABELS, RISK_LEVEL_LABELS, type ChildCategory, type RiskLevel } from '../../programmes/enums';
import { computeFigures, currentMonthWindow } from './figures';
import { nodeFor } from './node';
import { requireProgramme } from '../../server/programme';
import { drill } from './dashboard-drill';

const UNPAIRED_LIST = 20;
type UnpairedDoc = { _id: string; name: string; category: string; riskLevel: RiskLevel | null; orgCode: string; createdAt: string };

/**
 * The unpaired children to act on first: high risk, then medium, then the rest, each longest
 * registered first — three small queries (20 rows each) and one for their nodes' names.
 */
async function unpairedFirst(db: Db, code: string) {
  const _ = db.command;
  const fields = { name: true, category: true, riskLevel: true, orgCode: true, createdAt: true };
  const page = (risk: unknown) => db.collection('children').where({ orgPath: code, paired: false, riskLevel: risk })
    .orderBy('createdAt', 'asc').orderBy('_id', 'asc').limit(UNPAIRED_LIST).field(fields).get().then((r) => (r.data ?? []) as UnpairedDoc[]);
  const [high, medium, rest] = await Promise.all([page('high'), page('medium'), page(_.nin(['high', 'medium']))]);
  const docs = [...high, ...medium, ...rest].slice(0, UNPAIRED_LIST);
  return docs;
}

const dashboard: Handler<'report', 'dashboard'> = async ({ orgCode }, { db, caller }) => {
  const [node, programme] = await Promise.all([nodeFor(db, caller, orgCode), requireProgramme(db)]);
  const parentPath = node.path.slice(0, -1);
  const parentVisible = node.parentCode !== null && inScope(caller, parentPath);
  const [figures, docs] = await Promise.all([computeFigures(db, programme, node.code, currentMonthWindow()), unpairedFirst(db, node.code)]);
  const codes = [...new Set([...docs.map((d) => d.orgCode), ...(parentVisible ? [node.parentCode as string] : [])])];
  const names = new Map<string, string>();
  if (codes.length) {
    const res = await db.collection('orgs').where({ _id: db.command.in(codes) }).limit(1000).get();
    for (const o of res.data as OrgDoc[]) names.set(o.code, o.name);
  }
  const t = nowMs();
  return {
    figures,
    unpaired: docs.map((d) => ({
      id: d._id, alias: alias(d.name), category: d.category, categoryLabel: CHILD_CATEGORY_LABELS[d.category as ChildCategory] ?? d.category,
      riskLevel: d.riskLevel ?? null, riskLabel: d.riskLevel ? RISK_LEVEL_LABELS[d.riskLevel] : '未评估', orgName: names.get(d.orgCode) ?? '',
      daysRegistered: daysSince(d.createdAt, t) ?? 0,
    })),
    parent: parentVisible ? { code: node.parentCode as string, name: names.get(node.parentCode as string) ?? '' } : null,
  };
};

/** Handlers of src/contract/report/dashboard.ts. */
export const dashboardHandlers: Pick<Handlers<'report'>, keyof typeof dashboardContract> = { dashboard, drill };
