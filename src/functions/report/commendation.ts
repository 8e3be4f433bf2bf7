import { AppError } from '../../contract';
import type { commendationContract } from '../../contract/report/commendation';
import { commendationTitle, weightedCriteria } from '../../domain/report/commendation';
import { decideNomination, NOMINATION_STATUS_LABELS } from '../../domain/report/commendation-machine';
import type { Handler, Handlers } from '../../server/handler';
import { loadProgramme } from '../../server/programme';
import { volunteerUserIdOf } from '../../server/caller';
import { chinaDate, isoNow, nowMs } from '../../server/time';
import { loadShortlist } from './commendation-evidence';
import {
  actorsOf, callerNode, commendationTemplateId, finishApproval, findNomination, nominationIdFor, nominationView, NOMINATIONS, NOTICES,
  requireCommendation, SUBSCRIBERS, windowFor, yearChoices, type NominationDoc,
} from './commendation-store';

const REFUSED_AGAIN = '该爱心妈妈本年度已被推荐';
const RACED = '这条推荐刚刚有变化，请刷新后再试';

/** Ranked volunteers of the caller's subtree with the evidence; the whole subtree is scored, then paged. */
const shortlist: Handler<'report', 'shortlist'> = async ({ year, page, pageSize }, { db, caller }) => {
  const { programme, c } = await requireCommendation(db);
  const w = windowFor(c, year);
  const node = await callerNode(db, caller);
  const { ranked, nominations } = await loadShortlist(db, programme, c, node.code, w, nowMs());
  const items = ranked.slice((page - 1) * pageSize, page * pageSize).map((r) => {
    const n = nominations.get(r.userId);
    return {
      rank: r.rank, volunteerId: r.userId, name: r.subject.name, volunteerNumber: r.subject.volunteerNumber, orgName: r.subject.orgName,
      total: r.total, criteria: r.criteria,
      nomination: n ? { id: n._id, status: n.status, statusLabel: NOMINATION_STATUS_LABELS[n.status as NominationDoc['status']] ?? n.status, orgName: n.orgName } : null,
      canNominate: !n || n.status === 'returned' || n.status === 'withdrawn',
    };
  });
  return {
    items, total: ranked.length, page, pageSize, year: w.year, years: yearChoices(programme, c), windowLabel: w.label,
    title: commendationTitle(w.year, programme.brandName), weights: weightedCriteria(c),
  };
};

/**
 * One nomination per volunteer and year: a fresh one is an insert on a derived id (of two at once
 * exactly one succeeds), a returned or withdrawn one is taken over by one conditional update.
 */
const nominate: Handler<'report', 'nominate'> = async ({ year, volunteerId: given, reason }, { db, caller, auditTarget }) => {
  const volunteerId = volunteerUserIdOf(given);
  const { programme, c } = await requireCommendation(db);
  const w = windowFor(c, year);
  const id = nominationIdFor(w.year, volunteerId);
  auditTarget({ kind: 'commendation', ids: [id] });
  const node = await callerNode(db, caller);
  const existing = await findNomination(db, id);
  if (existing) decideNomination(existing.status, 'renominate', actorsOf(caller, existing));
  const { ranked } = await loadShortlist(db, programme, c, node.code, w, nowMs());
  const row = ranked.find((r) => r.userId === volunteerId);
  if (!row) throw new AppError('FORBIDDEN', '该爱心妈妈不在您的管辖范围内');
  const at = isoNow();
  const fields = {
    programmeId: programme.id, year: w.year, volunteerUserId: volunteerId, volunteerOpenid: row.subject.openid ?? null,
    volunteerName: row.subject.name, volunteerOrgName: row.subject.orgName, volunteerOrgPath: row.subject.orgPath,
    orgCode: node.code, orgName: node.name, orgPath: node.path, reason,
    snapshot: { windowLabel: w.label, rank: row.rank, total: row.total, criteria: row.criteria, evidence: row.evidence, at },
    status: 'nominated' as const, title: commendationTitle(w.year, programme.brandName),
    nominatedAt: at, nominatedBy: caller.userId, nominatedByName: caller.user?.name ?? '',
    decidedAt: null, decidedBy: null, decidedOrgName: null, decisionReason: null,
  };
  const event = { at, by: caller.userId, event: existing ? 'renominate' : 'nominate', note: reason };
  if (!existing) {
    const doc: NominationDoc = { _id: id, ...fields, version: 1, history: [event] };
    try {
      await db.collection(NOMINATIONS).add(doc);
    } catch {
      throw new AppError('CONFLICT', REFUSED_AGAIN); // nominated at the same moment by someone else
    }
    return nominationView(doc, caller);
  }
  const _ = db.command;
  const { snapshot, volunteerOrgPath, orgPath, ...plain } = fields;
  const res = await db.collection(NOMINATIONS).where({ _id: id, status: existing.status, version: existing.version })
    .update({ ...plain, snapshot: _.set(snapshot), volunteerOrgPath: _.set(volunteerOrgPath), orgPath: _.set(orgPath), version: existing.version + 1, history: _.push(event) });
  if (res.updated !== 1) throw new AppError('CONFLICT', REFUSED_AGAIN);
  return nominationView({ ...existing, ...fields, version: existing.version + 1, history: [...existing.history, event] }, caller);
};

/**
 * Whether the caller's request is her own decision already stored (a retry after a lost answer or
 * a process that died after the move): her event is the last one and it took the version she sent.
 */
function isRepeat(doc: NominationDoc, by: string, event: string, version: number): boolean {
  const last = doc.history[doc.history.length - 1];
  return doc.version === version + 1 && last?.event === event && last.by === by;
}

/**
 * Moves a nomination by one event, conditional on the status and version read. A repeat of the
 * caller's own decision answers the stored record (idempotent), so its follow-up can be finished.
 */
async function move(
  ctx: Parameters<Handler<'report', 'decide'>>[1], id: string, version: number, event: 'approve' | 'return' | 'withdraw', note: string,
): Promise<NominationDoc> {
  const { db, caller } = ctx;
  await requireCommendation(db);
  ctx.auditTarget({ kind: 'commendation', ids: [id] });
  const doc = await findNomination(db, id);
  if (!doc) throw new AppError('NOT_FOUND', '没有找到这条推荐');
  if (isRepeat(doc, caller.userId, event, version)) return doc;
  const to = decideNomination(doc.status, event, actorsOf(caller, doc));
  if (doc.version !== version) throw new AppError('CONFLICT', RACED);
  const at = isoNow();
  const decided = event === 'withdraw' ? {} : { decidedAt: at, decidedBy: caller.userId, decidedOrgName: (await callerNode(db, caller)).name, decisionReason: note || null };
  const entry = { at, by: caller.userId, event, note: note || null };
  // an approval owes its notice from this very write (finishApproval, or the hourly timer, pays it)
  const owed = to === 'approved' ? { noticeOwed: true } : {};
  const res = await db.collection(NOMINATIONS).where({ _id: id, status: doc.status, version })
    .update({ status: to, version: version + 1, ...decided, ...owed, history: db.command.push(entry) });
  if (res.updated !== 1) throw new AppError('CONFLICT', RACED);
  return { ...doc, ...decided, ...owed, status: to, version: version + 1, history: [...doc.history, entry] };
}

const decide: Handler<'report', 'decide'> = async ({ id, version, decision, reason }, ctx) => {
  if (decision === 'return' && !reason) throw new AppError('INVALID_INPUT', '退回时请填写审批意见');
  const doc = await move(ctx, id, version, decision, reason);
  if (doc.status === 'approved' && doc.noticeOwed) await finishApproval(ctx.db, doc);
  return nominationView(doc, ctx.caller);
};

const withdraw: Handler<'report', 'withdraw'> = async ({ id, version }, ctx) => nominationView(await move(ctx, id, version, 'withdraw', ''), ctx.caller);

/** Her node's nominations and those below it; `toApprove`: waiting for her node (oldest first). */
const nominations: Handler<'report', 'nominations'> = async ({ year, view, page, pageSize }, { db, caller }) => {
  const { c } = await requireCommendation(db);
  const w = windowFor(c, year);
  const node = await callerNode(db, caller);
  const _ = db.command;
  const all = { year: w.year, orgPath: node.code };
  const waiting = { ...all, status: 'nominated', orgCode: _.neq(node.code) };
  const where = view === 'toApprove' ? waiting : all;
  const [total, toApprove, docs] = await Promise.all([
    db.collection(NOMINATIONS).where(where).count(),
    db.collection(NOMINATIONS).where(waiting).count(),
    db.collection(NOMINATIONS).where(where).orderBy('nominatedAt', view === 'toApprove' ? 'asc' : 'desc').skip((page - 1) * pageSize).limit(pageSize).get(),
  ]);
  return { items: (docs.data as NominationDoc[]).map((d) => nominationView(d, caller)), total: total.total, page, pageSize, year: w.year, toApprove: toApprove.total };
};

/** What a certificate shows: the one view of an approved nomination that may leave the federation. */
const honourOf = (d: NominationDoc) => ({
  id: d._id, year: d.year, title: d.title, name: d.volunteerName, orgName: d.decidedOrgName ?? '', date: chinaDate(d.decidedAt),
});

/** The shared card opens this: approved only, so a returned or withdrawn nomination shows nothing. */
const certificate: Handler<'report', 'certificate'> = async ({ id }, { db }) => {
  const doc = await findNomination(db, id);
  if (!doc || doc.status !== 'approved') throw new AppError('NOT_FOUND', '没有找到这张荣誉证书');
  return honourOf(doc);
};

const mine: Handler<'report', 'mine'> = async (_input, { db, caller }) => {
  const programme = await loadProgramme(db);
  if (!programme?.commendation) return { enabled: false, message: '本项目未设置年度总结评优表扬', items: [], notices: [], templateId: null };
  const [docs, notes] = await Promise.all([
    db.collection(NOMINATIONS).where({ volunteerUserId: caller.userId, status: 'approved' }).orderBy('year', 'desc').limit(50).get(),
    db.collection(NOTICES).where({ userId: caller.userId }).orderBy('at', 'desc').limit(10).get(),
  ]);
  return {
    enabled: true,
    message: null,
    items: (docs.data as NominationDoc[]).map(honourOf),
    notices: (notes.data as { text: string; at: string }[]).map((n) => ({ text: n.text, at: n.at })),
    templateId: commendationTemplateId(),
  };
};

/** One more acceptance of the one-time template (kept at most 10: WeChat offers no balance to read). */
const subscribe: Handler<'report', 'subscribe'> = async (_input, { db, caller }) => {
  const _ = db.command;
  const res = await db.collection(SUBSCRIBERS).where({ _id: caller.userId, credits: _.lt(10) }).update({ credits: _.inc(1) });
  if (res.updated !== 1) {
    try {
      await db.collection(SUBSCRIBERS).add({ _id: caller.userId, credits: 1 });
    } catch {
      // already there (at the cap, or created by a concurrent tap)
    }
  }
  const doc = (await db.collection(SUBSCRIBERS).doc(caller.userId).get()).data?.[0] as { credits?: number } | undefined;
  return { credits: doc?.credits ?? 0 };
};

/** Handlers of src/contract/report/commendation.ts. */
export const commendationHandlers: Pick<Handlers<'report'>, keyof typeof commendationContract> = {
  shortlist, nominate, decide, withdraw, nominations, mine, certificate, subscribe,
};
