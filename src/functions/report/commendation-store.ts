import type { z } from 'zod';
import { AppError } from '../../contract';
import type { NominationView } from '../../contract/report/commendation';
import { defaultReviewYear, reviewWindow, type CriterionScore, type Evidence, type ReviewWindow } from '../../domain/report/commendation';
import { allowed, nominationActors, NOMINATION_STATUS_LABELS, type NominationActor, type NominationStatus } from '../../domain/report/commendation-machine';
import type { Programme } from '../../programmes';
import type { Commendation } from '../../programmes/schema';
import type { Caller } from '../../server/caller';
import { requireProgramme } from '../../server/programme';
import { findRoot } from '../../server/orgs';
import type { Db } from '../../server/runtime';
import { sendSubscribe } from '../../server/subscribe';
import { subscribeTemplate, templateIdOf } from '../../server/templates';
import { isoNow, nowMs } from '../../server/time';

/**
 * Documents of the commendation work:
 * - commendation_nominations/{cm-<year>-<volunteerUserId>}: one per volunteer and review year, so
 *   two nominations at once collide on insert and exactly one wins; every later move is one
 *   conditional update on status + version;
 * - commendation_notifications/{<nomination>-approved}: the volunteer's in-app notice of an
 *   approval (a fixed id: whoever finishes an approval writes it once);
 * - commendation_subscribers/{userId}: { credits } — subscribe-message acceptances not yet used;
 *   `messaged.y<year>`: the approval an acceptance was spent on (so a retry never spends a second).
 */
export const NOMINATIONS = 'commendation_nominations';
export const NOTICES = 'commendation_notifications';
export const SUBSCRIBERS = 'commendation_subscribers';

export interface NominationDoc {
  _id: string;
  programmeId: string;
  year: number;
  volunteerUserId: string;
  volunteerOpenid: string | null;
  volunteerName: string;
  volunteerOrgName: string;
  volunteerOrgPath: string[];
  /** the nominating node; `orgPath` (its path) scopes the record for it and the nodes above */
  orgCode: string;
  orgName: string;
  orgPath: string[];
  reason: string;
  /** frozen at nomination: the shortlist's rank, total and criteria, and the raw evidence */
  snapshot: { windowLabel: string; rank: number; total: number; criteria: CriterionScore[]; evidence: Evidence; at: string };
  status: NominationStatus;
  version: number;
  title: string;
  nominatedAt: string;
  nominatedBy: string;
  nominatedByName: string;
  decidedAt: string | null;
  decidedBy: string | null;
  decidedOrgName: string | null;
  decisionReason: string | null;
  history: { at: string; by: string; event: string; note: string | null }[];
  /** true from the approval (the same write) until its notice is written: the hourly timer finishes it */
  noticeOwed?: boolean;
}

export const nominationIdFor = (year: number, userId: string): string => `cm-${year}-${userId}`;

export async function requireCommendation(db: Db): Promise<{ programme: Programme; c: Commendation }> {
  const programme = await requireProgramme(db);
  if (!programme.commendation) throw new AppError('NOT_FOUND', `本项目（${programme.name}）未设置年度总结评优表扬`);
  return { programme, c: programme.commendation };
}

/** The review year asked for (or the default one), refused before its window has begun. */
export function windowFor(c: Commendation, year: number | undefined): ReviewWindow {
  const y = year ?? defaultReviewYear(c, nowMs());
  const w = reviewWindow(c, y);
  if (w.start.getTime() > nowMs()) throw new AppError('INVALID_INPUT', `${y}年度的评优周期尚未开始`);
  return w;
}

/** Years a page may pick: the default one and up to four before it, not before the programme began. */
export function yearChoices(programme: Programme, c: Commendation): number[] {
  const last = defaultReviewYear(c, nowMs());
  const out: number[] = [];
  for (let y = last; y >= Math.max(programme.year, last - 4); y--) out.push(y);
  return out;
}

export interface Node {
  code: string;
  name: string;
  path: string[];
}

/** The node the caller acts from: her staff node, or the root for an admin without one. */
export async function callerNode(db: Db, caller: Caller): Promise<Node> {
  if (caller.staff) return { code: caller.staff.orgCode, name: caller.staff.orgName, path: caller.staff.orgPath };
  const root = await findRoot(db);
  if (!caller.isAdmin || !root) throw new AppError('FORBIDDEN');
  return { code: root.code, name: root.name, path: root.path };
}

export function actorsOf(caller: Caller, doc: NominationDoc): NominationActor[] {
  return nominationActors({ userId: caller.userId, isAdmin: caller.isAdmin, orgCode: caller.staff?.orgCode ?? null }, doc);
}

export function nominationView(doc: NominationDoc, caller: Caller): z.input<typeof NominationView> {
  return {
    id: doc._id,
    version: doc.version,
    year: doc.year,
    volunteerId: doc.volunteerUserId,
    volunteerName: doc.volunteerName,
    volunteerOrgName: doc.volunteerOrgName,
    orgCode: doc.orgCode,
    orgName: doc.orgName,
    reason: doc.reason,
    status: doc.status,
    statusLabel: NOMINATION_STATUS_LABELS[doc.status],
    rank: doc.snapshot.rank,
    total: doc.snapshot.total,
    windowLabel: doc.snapshot.windowLabel,
    criteria: doc.snapshot.criteria,
    nominatedAt: doc.nominatedAt,
    nominatedByName: doc.nominatedByName,
    decidedAt: doc.decidedAt,
    decidedOrgName: doc.decidedOrgName,
    decisionReason: doc.decisionReason,
    title: doc.title,
    can: allowed(doc.status, actorsOf(caller, doc)),
  };
}

export async function findNomination(db: Db, id: string): Promise<NominationDoc | null> {
  return ((await db.collection(NOMINATIONS).doc(id).get()).data?.[0] as NominationDoc | undefined) ?? null;
}

/**
 * "评优表扬结果通知" (COMMENDATION in src/server/templates.ts: id and keyword keys are configuration).
 * Sent only while she holds an acceptance (taken by one conditional update).
 */
export const commendationTemplateId = (): string | null => templateIdOf('COMMENDATION');

export const approvalNoticeId = (nominationId: string): string => `${nominationId}-approved`;

/**
 * Finishes an approval (issue 15). The approval's own write set `noticeOwed`; every step here is
 * idempotent, so the approver's process, her retry and the hourly timer may all run it, in any
 * order, any number of times: the notice goes in under a fixed id (written once), the credit is
 * spent under the nomination's key (exactly one run spends it, and that run alone sends the WeChat
 * message: at most once, lost only if a process dies between spending and sending), then the debt
 * is cleared. A step that fails leaves the debt for the next run; never throws (the approval stands).
 */
export async function finishApproval(db: Db, doc: NominationDoc): Promise<boolean> {
  try {
    await insertNotice(db, doc);
    await sendApproval(db, doc);
    await db.collection(NOMINATIONS).where({ _id: doc._id, noticeOwed: true }).update({ noticeOwed: false });
    return true;
  } catch (err) {
    console.error('[commendation] approval left for the hourly timer', doc._id, err);
    return false;
  }
}

async function insertNotice(db: Db, doc: NominationDoc): Promise<void> {
  const _id = approvalNoticeId(doc._id);
  const text = `恭喜您被${doc.decidedOrgName ?? ''}评为${doc.title}`;
  try {
    await db.collection(NOTICES).add({ _id, userId: doc.volunteerUserId, nominationId: doc._id, kind: 'approved', text, at: isoNow(), read: false });
  } catch (err) {
    if (!(await db.collection(NOTICES).doc(_id).get()).data?.[0]) throw err; // not there: a real failure
  }
}

/** Spends one acceptance for this approval (once: keyed by the review year, one nomination each) and sends. */
async function sendApproval(db: Db, doc: NominationDoc): Promise<void> {
  const template = subscribeTemplate('COMMENDATION');
  if (!template || !doc.volunteerOpenid) return;
  const _ = db.command;
  const key = `messaged.y${doc.year}`;
  const res = await db.collection(SUBSCRIBERS).where({ _id: doc.volunteerUserId, credits: _.gt(0), [key]: _.exists(false) }).update({ credits: _.inc(-1), [key]: doc._id });
  if (res.updated !== 1) return;
  await sendSubscribe({
    toUserId: doc.volunteerUserId,
    openid: doc.volunteerOpenid,
    templateId: template.id,
    page: 'packages/report/pages/honours/index',
    data: template.data({ honour: doc.title, org: doc.decidedOrgName ?? '', date: doc.decidedAt ?? isoNow() }),
  });
}

/** The hourly timer's part: approvals whose notice a dead process left owed (a few; 100 a run). */
export async function finishApprovals(db: Db): Promise<{ owed: number; finished: number }> {
  const owed = (await db.collection(NOMINATIONS).where({ noticeOwed: true }).limit(100).get()).data as NominationDoc[];
  let finished = 0;
  for (const doc of owed) if (await finishApproval(db, doc)) finished++;
  return { owed: owed.length, finished };
}
