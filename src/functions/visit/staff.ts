import { AppError } from '../../contract';
import { COMPLIANCE_STATUS_LABELS, type ComplianceItem } from '../../domain/visits';
import type { Handler } from '../../server/handler';
import { assertInScope, scopeFilter } from '../../server/scope';
import { chinaDate, isoNow, nowMs } from '../../server/time';
import type { Caller } from '../../server/caller';
import type { Db } from '../../server/runtime';
import { photoLinks } from '../../server/files';
import { findRoot } from '../../server/orgs';
import { requireProgramme, type PairingDoc } from '../pairing/store';
import { AREAS, AREAS_RUN, CHECKINS, childrenByIds, countersFor, dueOf, dueView, findCheckIn, FLAGS, type CheckInDoc, type FlagDoc } from './store';
import { applyCorrection, STALE_EDIT, view } from './volunteer';

// late_start (本期结对较晚，下期起计) above done: a row owing nothing yet says why
const RANK: Record<string, number> = { overdue: 0, due_soon: 1, on_track: 2, late_start: 3, done: 4, none: 5, pending: 6 };

function summarise(key: string, label: string, sub: string, items: ComplianceItem[]) {
  const worst = items.reduce((w, i) => (RANK[i.status] < RANK[w] ? i.status : w), 'done' as string);
  const open = items.filter((i) => i.status === 'overdue' || i.status === 'due_soon' || i.status === 'late_start');
  return {
    key, label, sub, worst, worstLabel: COMPLIANCE_STATUS_LABELS[worst as ComplianceItem['status']],
    overdue: items.filter((i) => i.status === 'overdue').length,
    dueSoon: items.filter((i) => i.status === 'due_soon').length,
    onTrack: items.filter((i) => i.status === 'on_track').length,
    items: open.map(dueView),
  };
}

/**
 * The overdue board: one page of active pairings in the caller's subtree (ordered by child, or by
 * volunteer), their counts in one aggregate over their check-ins and the engine on top. Four reads a
 * page whatever the number of check-ins. Rows on a page are sorted worst first.
 */
export const board: Handler<'visit', 'board'> = async ({ view: by, page, pageSize }, { db, caller }) => {
  if (by === 'area') return areaBoard(db, caller, page, pageSize);
  const programme = await requireProgramme(db);
  const t = nowMs();
  const where = { status: 'active', ...scopeFilter(caller) };
  const total = (await db.collection('pairings').where(where).count()).total;
  const pairings = (await db.collection('pairings').where(where).orderBy(by === 'child' ? 'childId' : 'volunteerUserId', 'asc')
    .skip((page - 1) * pageSize).limit(pageSize).get()).data as PairingDoc[];
  const [kids, counters] = await Promise.all([childrenByIds(db, pairings.map((p) => p.childId)), countersFor(db, programme, pairings.map((p) => p._id), t)]);
  const due = new Map(pairings.map((p) => [p._id, dueOf(programme, p, kids.get(p.childId), counters.get(p._id)!, t)]));
  let rows;
  if (by === 'child') {
    rows = pairings.map((p) => summarise(p.childId, p.childName, `${p.volunteerName} · ${p.childOrgName}`, due.get(p._id)!));
  } else {
    const groups = new Map<string, PairingDoc[]>();
    for (const p of pairings) groups.set(p.volunteerUserId, [...(groups.get(p.volunteerUserId) ?? []), p]);
    rows = [...groups.entries()].map(([v, ps]) => summarise(v, ps[0].volunteerName, ps.map((p) => p.childName).join('、'), ps.flatMap((p) => due.get(p._id)!)));
  }
  rows.sort((a, b) => RANK[a.worst] - RANK[b.worst] || b.overdue - a.overdue);
  return { items: rows, total, page, pageSize };
};

/**
 * The board by area: the org nodes one level below the caller's (a page of them, by code) and the
 * morning timer's tallies for them. Two reads a page (plus one to find the root for admins).
 */
async function areaBoard(db: Db, caller: Caller, page: number, pageSize: number) {
  let parent = caller.staff?.orgCode;
  if (caller.isAdmin && !parent) {
    parent = (await findRoot(db))?.code;
  }
  if (!parent) return { items: [], total: 0, page, pageSize };
  const where = { parentCode: parent };
  const total = (await db.collection('orgs').where(where).count()).total;
  const nodes = (await db.collection('orgs').where(where).orderBy('code', 'asc').skip((page - 1) * pageSize).limit(pageSize).get()).data as { code: string; name: string }[];
  const tallies = new Map<string, { overdue: number; dueSoon: number; onTrack: number; at: string }>();
  if (nodes.length) {
    // the timer's run marker comes in the same read
    const res = await db.collection(AREAS).where({ _id: db.command.in([...nodes.map((n) => n.code), AREAS_RUN]) }).limit(pageSize + 1).get();
    for (const d of res.data as { _id: string; overdue: number; dueSoon: number; onTrack: number; at: string }[]) tallies.set(d._id, d);
  }
  const ran = tallies.get(AREAS_RUN);
  const items = nodes.map((n) => {
    // the timer writes a tally only for nodes with active pairings; before its first run nothing is counted yet
    const a = tallies.get(n.code) ?? { overdue: 0, dueSoon: 0, onTrack: 0, at: ran?.at ?? '' };
    const sum = a.overdue + a.dueSoon + a.onTrack;
    const worst = !ran ? 'pending' : a.overdue ? 'overdue' : a.dueSoon ? 'due_soon' : a.onTrack ? 'on_track' : 'none';
    const sub = !ran ? '尚未统计（每天早上统计一次）' : `${sum ? `${sum}对结对` : '暂无在结对'} · 统计于${chinaDate(a.at)}`;
    const worstLabel = !ran ? '待统计' : sum ? COMPLIANCE_STATUS_LABELS[worst as ComplianceItem['status']] : '无结对';
    return { key: n.code, label: n.name, sub, worst, worstLabel, overdue: a.overdue, dueSoon: a.dueSoon, onTrack: a.onTrack, items: [] };
  });
  items.sort((a, b) => RANK[a.worst] - RANK[b.worst] || b.overdue - a.overdue);
  return { items, total, page, pageSize };
}

const flagView = (f: FlagDoc) => ({
  id: f._id, childId: f.childId, childName: f.childName, volunteerName: f.volunteerName, reason: f.reason, status: f.status,
  createdAt: f.createdAt, closedAt: f.closedAt, action: f.action,
});

export const flags: Handler<'visit', 'flags'> = async ({ status, page, pageSize }, { db, caller }) => {
  const where = { status, ...scopeFilter(caller) };
  const total = (await db.collection(FLAGS).where(where).count()).total;
  const rows = (await db.collection(FLAGS).where(where).orderBy('createdAt', 'desc').skip((page - 1) * pageSize).limit(pageSize).get()).data as FlagDoc[];
  return { items: rows.map(flagView), total, page, pageSize };
};

export const closeFlag: Handler<'visit', 'closeFlag'> = async ({ id, action }, { db, caller, auditTarget }) => {
  const f = (await db.collection(FLAGS).doc(id).get()).data?.[0] as FlagDoc | undefined;
  if (!f) throw new AppError('NOT_FOUND', '没有找到这条关注事项');
  assertInScope(caller, f.orgPath);
  auditTarget({ kind: 'visit_flag', ids: [id] });
  const res = await db.collection(FLAGS).where({ _id: id, status: 'open' }).update({ status: 'closed', closedAt: isoNow(), closedBy: caller.userId, action });
  if ((res as { updated?: number }).updated !== 1) throw new AppError('CONFLICT', '这条关注事项已经处理过了');
  return { id, status: 'closed' };
};

export const corrections: Handler<'visit', 'corrections'> = async ({ page, pageSize }, { db, caller }) => {
  const where = { 'correction.status': 'pending', ...scopeFilter(caller) };
  const total = (await db.collection(CHECKINS).where(where).count()).total;
  const rows = (await db.collection(CHECKINS).where(where).orderBy('createdAt', 'asc').skip((page - 1) * pageSize).limit(pageSize).get()).data as CheckInDoc[];
  const link = await photoLinks(rows.flatMap((d) => [...d.photos, ...d.correction!.body.photos]));
  return {
    items: rows.map((d) => ({
      id: d._id, childName: d.childName, volunteerName: d.volunteerName, reason: d.correction!.reason, requestedAt: d.correction!.requestedAt,
      before: view(d, caller, link), after: view({ ...d, ...d.correction!.body }, caller, link),
    })),
    total, page, pageSize,
  };
};

export const reviewCorrection: Handler<'visit', 'reviewCorrection'> = async ({ id, version, approve, note }, { db, caller, auditTarget }) => {
  const doc = await findCheckIn(db, id);
  if (!doc) throw new AppError('NOT_FOUND', '没有找到这条走访记录');
  assertInScope(caller, doc.orgPath);
  auditTarget({ kind: 'visit_checkin', ids: [id] });
  // decided from the queue as it was shown: another decision or a new request since must not be approved unseen
  if (doc.version !== version) throw new AppError('CONFLICT', STALE_EDIT);
  const c = doc.correction;
  if (!c) throw new AppError('CONFLICT', '这条记录没有待审核的更正申请');
  const decision = { reason: c.reason, requestedAt: c.requestedAt, approved: approve, note, by: caller.userId, at: isoNow() };
  const extra = { correction: null, decisions: [...(doc.decisions ?? []), decision] };
  if (approve) {
    await applyCorrection(db, await requireProgramme(db), doc, c.body, doc.volunteerUserId, c.reason, extra);
  } else {
    const res = await db.collection(CHECKINS).where({ _id: id, version: doc.version }).update({ ...extra, version: doc.version + 1 });
    if ((res as { updated?: number }).updated !== 1) throw new AppError('CONFLICT', STALE_EDIT);
  }
  return { id, applied: approve };
};
