import { AppError } from '../../contract';
import type { Handler } from '../../server/handler';
import type { Db } from '../../server/runtime';
import { requireOrg } from '../../server/orgs';
import { assertInScope } from '../../server/scope';
import { chinaDateTime, isoNow } from '../../server/time';
import { formatVolunteerNumber, reviewStepFor, termFrom, transition } from '../../domain/volunteer';
import { lockKeys, releaseLocks } from './locks';
import { nextSeq } from './numbers';
import { sendResult } from './notify';
import { APPS, replacing, requireAppDoc, requireProgramme, type AppDoc, type Decision, type HistoryDoc } from './store';
import { defaultTeam, teamInScope } from './teams';
import { detailView } from './views';

const RACE = '该报名已被其他工作人员处理，请刷新后查看';

/**
 * A decision at the current step. The reviewer's node must be the one acting at that step; the
 * write is conditional on the version, status and step read, so of two reviewers deciding at once
 * exactly one succeeds and the other gets CONFLICT. The final approval gives the volunteer role, a
 * number, the programme's term and a team.
 */
export const review: Handler<'volunteer', 'review'> = async (input, { db, caller, now, auditTarget }) => {
  auditTarget({ kind: 'volunteer_application', ids: [input.id], fields: ['status'] });
  const p = await requireProgramme(db);
  const doc = await requireAppDoc(db, input.id);
  assertInScope(caller, doc.orgPath);
  if (doc.userId === caller.userId) throw new AppError('FORBIDDEN', '不能审核本人的报名');
  if (doc.version !== input.version) throw new AppError('CONFLICT', RACE);
  const stepIndex = reviewStepFor(doc, { orgCode: caller.staff?.orgCode ?? null, isAdmin: caller.isAdmin });
  const opinion = input.opinion || null;
  if (input.decision === 'reject' && !opinion) throw new AppError('INVALID_INPUT', '不通过时请填写原因');
  const next = transition({ status: doc.status, stepIndex: doc.stepIndex, stepCount: doc.steps.length }, { kind: input.decision, stepIndex });
  const step = doc.steps[stepIndex]!;
  const at = isoNow();
  const today = now().format('YYYY-MM-DD');
  const reviewerName = caller.user?.name ?? null;
  const decision: Decision = { round: doc.round, stepKey: step.key, decision: input.decision, opinion, at, reviewerId: caller.userId, reviewerName };
  const entry: HistoryDoc = { at, round: doc.round, kind: input.decision, stepLabel: step.label, orgName: step.orgName, actorId: caller.userId, actorName: reviewerName, opinion };
  const fields: Partial<AppDoc> = {
    status: next.status,
    stepIndex: next.stepIndex,
    actorCode: next.status === 'district_approved' ? doc.steps[next.stepIndex]!.orgCode : null,
    version: doc.version + 1,
    decisions: [...doc.decisions, decision],
    history: [...doc.history, entry],
    updatedAt: at,
    rejectReason: next.status === 'rejected' ? opinion : null,
    decidedAt: next.status === 'approved' || next.status === 'rejected' ? at : null,
  };
  if (next.status === 'approved') {
    const team = input.teamId ? await teamInScope(db, caller, input.teamId) : await defaultTeam(db, p, await requireOrg(db, doc.orgCode));
    const year = now().year();
    const seq = await nextSeq(db, `volunteer-number-${year}`);
    Object.assign(fields, {
      volunteerNumber: formatVolunteerNumber(doc.orgPath[0]!, year, seq),
      approvedAt: at,
      term: p.term ? termFrom(today, p.term) : null,
      commitments: [],
      teamId: team._id,
      teamName: team.name,
      teamKind: team.kind,
    });
  }
  const res = await db.collection(APPS).where({ _id: doc._id, version: doc.version, status: doc.status, stepIndex: doc.stepIndex }).update(replacing(db, fields));
  if (res.updated !== 1) throw new AppError('CONFLICT', RACE);

  if (next.status === 'rejected') await releaseLocks(db, doc._id, lockKeys(doc.idNumber, doc.phone));
  const users = db.collection('users');
  if (next.status === 'approved') await users.doc(doc.userId).update({ volunteerStatus: next.status, roles: db.command.addToSet('volunteer') });
  else await users.doc(doc.userId).update({ volunteerStatus: next.status });
  await notify(db, { ...doc, ...fields } as AppDoc, step.label, chinaDateTime(now().valueOf()));
  return { application: await detailView({ ...doc, ...fields }, p, today, caller) };
};

/** One message per decision while she has acceptances left (counted: the platform does not say). */
async function notify(db: Db, doc: AppDoc, stepLabel: string, when: string): Promise<void> {
  const used = await db.collection(APPS).where({ _id: doc._id, notifyAllowance: db.command.gt(0) }).update({ notifyAllowance: db.command.inc(-1) });
  if (used.updated !== 1) return;
  const result = doc.status === 'approved' ? '已通过' : doc.status === 'rejected' ? '未通过' : '审核中';
  const note = doc.status === 'rejected' ? doc.rejectReason ?? '' : doc.status === 'approved' ? `志愿者编号${doc.volunteerNumber}` : `${stepLabel}已通过`;
  await sendResult({ toUserId: doc.userId, openid: doc.openid, result, note, page: 'pages/volunteer-status/index' }, when);
}
