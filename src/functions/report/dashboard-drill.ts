import { AppError } from '../../contract';
import { DRILL_TILE_LABELS } from '../../contract/report/dashboard';
import type { Handler } from '../../server/handler';
import type { Db } from '../../server/runtime';
import { hasPermission } from '../../server/scope';
import { nowMs } from '../../server/time';
import { alias } from '../../domain/child/views';
import { PAIRING_STATUS_LABELS, PAIRING_STATUSES, type PairingStatus } from '../../domain/pairing/state';
import { APP_STATUSES } from '../../domain/volunteer/state';
import { WISH_STATUS_LABELS, WISH_STATUSES, type WishStatus } from '../../domain/wish/machine';
import { daysSince } from '../../domain/report/dashboard-targets';
import { CHILD_CATEGORIES, CHILD_CATEGORY_LABELS, RISK_LEVEL_LABELS, type ChildCategory, type RiskLevel } from '../../programmes/enums';
import type { OrgDoc } from '../../server/orgs';
import type { PairingDoc } from '../pairing/store';
import { childrenByIds, countersFor, dueOf } from '../visit/store';
import { APP_STATUS_LABELS, WAITING_WISH_STATUSES } from './figures';
import { nodeFor } from './node';
import { requireProgramme } from '../../server/programme';

/**
 * The list behind a dashboard figure: one page of the records the figure counts, inside the
 * caller's scope. Rows carry what the staff lists show, masked the same way (a child's name only
 * for holders of child.read, her alias otherwise; a volunteer's name only for volunteer.read or
 * volunteer.review; never an ID number or a phone).
 */
type Row = { id: string; title: string; sub: string; badge: string; days: number | null; open: string | null };
type Where = Record<string, unknown>;
/** The staff sub-package, where each record's own page lives. */
const STAFF = '/packages/staff/pages';
const bad = (): never => { throw new AppError('INVALID_INPUT', '筛选条件不正确'); };
const oneOf = <T extends string>(v: string | undefined, all: readonly T[]): T => (v && (all as readonly string[]).includes(v) ? (v as T) : bad());
const riskLabel = (r: string | null | undefined) => (r ? RISK_LEVEL_LABELS[r as RiskLevel] ?? r : '未评估');
const catLabel = (c: string) => CHILD_CATEGORY_LABELS[c as ChildCategory] ?? c;

async function page(db: Db, coll: string, where: Where, order: [string, 'asc' | 'desc'], p: number, size: number, skip = (p - 1) * size, limit = size) {
  const c = db.collection(coll);
  const [rows, count] = await Promise.all([
    limit > 0 ? c.where(where).orderBy(order[0], order[1]).orderBy('_id', 'asc').skip(skip).limit(limit).get() : Promise.resolve({ data: [] }),
    c.where(where).count(),
  ]);
  return { docs: (rows.data ?? []) as Record<string, any>[], total: count.total ?? 0 }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * Unpaired children, high risk first (the risk level is a word, so the database cannot order by
 * it): the page is cut from the high-risk ones, then the rest, each longest registered first.
 * Three or four queries whatever the page.
 */
async function unpairedHighFirst(db: Db, scope: Where, p: number, size: number) {
  const high = { ...scope, paired: false, riskLevel: 'high' };
  const rest = { ...scope, paired: false, riskLevel: db.command.neq('high') };
  const first = (p - 1) * size;
  const nHigh = (await db.collection('children').where(high).count()).total ?? 0;
  const fromHigh = first < nHigh ? await page(db, 'children', high, ['createdAt', 'asc'], 1, 0, first, size) : null;
  const taken = fromHigh?.docs.length ?? 0;
  const fromRest = await page(db, 'children', rest, ['createdAt', 'asc'], 1, 0, Math.max(0, first - nHigh), size - taken);
  return { docs: [...(fromHigh?.docs ?? []), ...fromRest.docs], total: nHigh + fromRest.total };
}

async function orgNames(db: Db, codes: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  if (!unique.length) return new Map();
  const res = await db.collection('orgs').where({ _id: db.command.in(unique) }).limit(1000).get();
  return new Map((res.data as OrgDoc[]).map((o) => [o.code, o.name]));
}

function childWhere(key: string, scope: Where): { where: Where; label: string; order: [string, 'asc' | 'desc'] } {
  const [kind, value] = key.split(':');
  const oldest: [string, 'asc'] = ['createdAt', 'asc'];
  switch (kind) {
    case 'all': return { where: scope, label: '全部', order: ['updatedAt', 'desc'] };
    case 'paired': return { where: { ...scope, paired: true }, label: '已结对', order: ['updatedAt', 'desc'] };
    case 'unpaired': return { where: { ...scope, paired: false }, label: '未结对', order: oldest };
    case 'unpairedHighRisk': return { where: { ...scope, paired: false, riskLevel: 'high' }, label: '未结对的高风险儿童', order: oldest };
    case 'category': return { where: { ...scope, category: oneOf(value, CHILD_CATEGORIES) }, label: catLabel(value), order: ['updatedAt', 'desc'] };
    case 'risk': {
      const r = oneOf(value, ['low', 'medium', 'high', 'none'] as const);
      return { where: { ...scope, riskLevel: r === 'none' ? null : r }, label: riskLabel(r === 'none' ? null : r), order: oldest };
    }
    default: return bad();
  }
}

/** Active pairings of the subtree that are overdue on a visit rule: the engine over counters, 500 pairings a batch. */
async function overduePairings(db: Db, scope: Where): Promise<{ doc: PairingDoc; labels: string[] }[]> {
  const programme = await requireProgramme(db);
  const t = nowMs();
  const out: { doc: PairingDoc; labels: string[] }[] = [];
  for (let skip = 0; ; skip += 500) {
    const batch = (await db.collection('pairings').where({ ...scope, status: 'active' }).orderBy('_id', 'asc').skip(skip).limit(500).get()).data as PairingDoc[];
    const [kids, counters] = await Promise.all([childrenByIds(db, batch.map((p) => p.childId)), countersFor(db, programme, batch.map((p) => p._id), t)]);
    for (const p of batch) {
      const late = dueOf(programme, p, kids.get(p.childId), counters.get(p._id)!, t).filter((i) => i.status === 'overdue');
      if (late.length) out.push({ doc: p, labels: late.map((i) => `${i.label}（${i.period.label}）`) });
    }
    if (batch.length < 500) return out;
  }
}

export const drill: Handler<'report', 'drill'> = async ({ orgCode, tile, key, page: p, pageSize }, { db, caller, auditTarget }) => {
  const node = await nodeFor(db, caller, orgCode);
  const scope = { orgPath: node.code };
  const t = nowMs();
  const canChild = hasPermission(caller, 'child.read');
  const canVolunteer = hasPermission(caller, 'volunteer.read') || hasPermission(caller, 'volunteer.review');
  const childTitle = (name: string) => (canChild ? name : alias(name));
  const volunteerTitle = (name: string) => (canVolunteer ? name : `${name.slice(0, 1)}**`);
  const title = (label: string) => `${node.name} · ${DRILL_TILE_LABELS[tile]}${label ? ` · ${label}` : ''}`;
  const [kind, value] = (key ?? '').split(':');
  let items: Row[];
  let total: number;
  let label = '';

  if (tile === 'children') {
    const q = childWhere(key || 'all', scope);
    label = q.label;
    const r = key === 'unpaired' ? await unpairedHighFirst(db, scope, p, pageSize) : await page(db, 'children', q.where, q.order, p, pageSize);
    const names = await orgNames(db, r.docs.map((d) => d.orgCode));
    items = r.docs.map((d) => ({
      id: d._id, title: childTitle(d.name), sub: `${catLabel(d.category)} · ${riskLabel(d.riskLevel)} · ${names.get(d.orgCode) ?? ''}`,
      badge: d.paired ? '已结对' : '未结对', days: daysSince(d.createdAt, t), open: canChild ? `${STAFF}/child-detail/index?id=${d._id}` : null,
    }));
    total = r.total;
    auditTarget({ kind: 'child', ids: items.map((i) => i.id), fields: ['name', 'category', 'riskLevel', 'paired'] });
  } else if (tile === 'volunteers') {
    const where: Where = { ...scope, status: 'approved' };
    if (kind === 'status') where.status = oneOf(value, APP_STATUSES);
    else if (kind === 'team') where.teamId = value === 'none' ? null : value || bad();
    else if (kind) bad();
    label = kind === 'status' ? APP_STATUS_LABELS[value] : kind === 'team' ? (value === 'none' ? '未分队' : '所在服务队') : '已通过';
    const r = await page(db, 'volunteer_applications', where, ['submittedAt', 'asc'], p, pageSize);
    items = r.docs.map((d) => ({
      id: d._id, title: volunteerTitle(d.name ?? ''), sub: `${d.orgName ?? ''} · ${d.teamName ?? '未分队'}`, badge: APP_STATUS_LABELS[d.status] ?? d.status, days: null,
      open: canVolunteer ? `${STAFF}/volunteer-detail/index?id=${d._id}` : null,
    }));
    total = r.total;
  } else if (tile === 'pairings' || tile === 'overdue') {
    const row = (d: PairingDoc, sub: string): Row => ({
      id: d._id, title: `${childTitle(d.childName)} — ${volunteerTitle(d.volunteerName)}`, sub, badge: PAIRING_STATUS_LABELS[d.status], days: daysSince(d.proposedAt, t),
      open: hasPermission(caller, 'pairing.manage') ? `${STAFF}/pairing-detail/index?id=${d._id}` : null,
    });
    if (tile === 'overdue') {
      const all = await overduePairings(db, scope);
      total = all.length;
      items = all.slice((p - 1) * pageSize, p * pageSize).map((o) => ({ ...row(o.doc, `${o.doc.childOrgName} · ${o.labels.join('、')}`), badge: '已逾期' }));
    } else {
      const where: Where = { ...scope, status: 'active' };
      if (kind === 'status') where.status = oneOf<PairingStatus>(value, PAIRING_STATUSES);
      else if (kind === 'pending') where.status = db.command.in(['proposed', 'consented']);
      else if (kind) bad();
      label = kind === 'status' ? PAIRING_STATUS_LABELS[value as PairingStatus] : kind === 'pending' ? '待确认' : PAIRING_STATUS_LABELS.active;
      const r = await page(db, 'pairings', where, ['proposedAt', 'asc'], p, pageSize);
      items = (r.docs as PairingDoc[]).map((d) => row(d, d.childOrgName));
      total = r.total;
    }
  } else if (tile === 'flags') {
    const r = await page(db, 'visit_flags', { ...scope, status: 'open' }, ['createdAt', 'asc'], p, pageSize);
    const reason = hasPermission(caller, 'visit.read');
    items = r.docs.map((d) => ({
      id: d._id, title: childTitle(d.childName), sub: `${reason ? d.reason : '需关注'} · ${volunteerTitle(d.volunteerName)}`, badge: '待处理', days: daysSince(d.createdAt, t),
      open: reason ? `${STAFF}/visit-board/index` : null,
    }));
    total = r.total;
  } else {
    const where: Where = { ...scope };
    if (kind === 'status') where.status = oneOf<WishStatus>(value, WISH_STATUSES);
    else if (kind === 'waiting') where.status = db.command.in([...WAITING_WISH_STATUSES]);
    else if (kind) bad();
    label = kind === 'status' ? WISH_STATUS_LABELS[value as WishStatus] : kind === 'waiting' ? '待处理' : '';
    const r = await page(db, 'wishes', where, ['updatedAt', 'asc'], p, pageSize);
    items = r.docs.map((d) => ({
      id: d._id, title: d.title, sub: `${d.child?.alias ?? ''} · ${d.priceYuan}元`, badge: WISH_STATUS_LABELS[d.status as WishStatus] ?? d.status, days: daysSince(d.updatedAt, t),
      open: hasPermission(caller, 'wish.review') ? `${STAFF}/wish-manage/index?id=${d._id}` : null,
    }));
    total = r.total;
  }
  return { items, total, page: p, pageSize, title: title(label) };
};

