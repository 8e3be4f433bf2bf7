import { AppError } from '../../contract';
import type { Handler } from '../../server/handler';
import type { Db } from '../../server/runtime';
import type { OrgDoc } from '../../server/orgs';
import type { Programme } from '../../programmes';
import { assertInScope } from '../../server/scope';
import { chinaDateTime, isoNow } from '../../server/time';
import { defaultTeamIdParts, defaultTeamOf, formatVolunteerNumber, reviewStepFor, termFrom, transition } from '../../domain/volunteer';
import { lockKeys, releaseLocks } from './locks';
import { COUNTERS, numberKey, reserveNumber, type CounterSeen } from './numbers';
import { sendResult } from './notify';
import { APPS, replacing, requireProgramme, type AppDoc, type Decision, type HistoryDoc } from './store';
import { defaultTeam, TEAMS, teamInScope, type TeamDoc } from './teams';
import { detailView } from './views';

const RACE = '该报名已被其他工作人员处理，请刷新后查看';

/**
 * A decision at the current step. The reviewer's node must be the one acting at that step; the
 * write is conditional on the version, status and step read, so of two reviewers deciding at once
 * exactly one succeeds and the other gets CONFLICT. The final approval gives a number, the
 * programme's term and a team (the volunteer role follows from it: src/server/caller.ts).
 * Requests (issue 16): the caller's row, one read, the number's reservation (final approval only),
 * the application, the audit entry; a rejection also frees her locks, the first approval at a node
 * from before default teams were made with the node creates its team (src/functions/volunteer/teams.ts),
 * and a message she accepted is one more.
 */
export const review: Handler<'volunteer', 'review'> = async (input, { db, caller, now, auditTarget }) => {
  auditTarget({ kind: 'volunteer_application', ids: [input.id], fields: ['status'] });
  const p = await requireProgramme(db);
  const year = now().year();
  const read = await readForReview(db, p, input.id, year, input.teamId);
  const doc = read.doc;
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
  // one subscribe message per decision while she has acceptances left: used by this same conditional write
  const notifying = doc.notifyAllowance > 0;
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
    ...(notifying ? { notifyAllowance: doc.notifyAllowance - 1 } : {}),
  };
  if (next.status === 'approved') {
    if (!read.org) throw new AppError('NOT_FOUND', '没有找到该组织');
    const team = input.teamId
      ? await teamInScope(db, caller, input.teamId, read.teams.find((t) => t._id === input.teamId) ?? null)
      : await defaultTeam(db, p, read.org, read.teams.find((t) => t._id === defaultTeamOf(p, read.org!).id) ?? null);
    // reserved under this application before it is written: a retry after a crash gets the same number
    const seq = await reserveNumber(db, numberKey(year), doc._id, read.counter);
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
  // her user row is not written here: her next call brings it level (src/server/caller.ts)
  const after = { ...doc, ...fields } as AppDoc;
  if (notifying) await notify(after, step.label, chinaDateTime(now().valueOf()));
  return { application: await detailView(after, p, today, caller) };
};

interface ReviewRead {
  doc: AppDoc;
  org: OrgDoc | null;
  teams: TeamDoc[];
  counter: CounterSeen | null;
}

/**
 * One aggregate from the application joins what a final approval needs by primary key: her org
 * node, the candidate teams (the chosen one, or her node's default ones by their fixed ids) and this
 * year's number counter — its value and this application's reservation only, not the whole register.
 */
async function readForReview(db: Db, p: Programme, id: string, year: number, teamId?: string | null): Promise<ReviewRead> {
  const $ = db.command.aggregate;
  const teamIds = teamId
    ? $.literal([teamId])
    : { $map: { input: $.literal([...p.teams.kinds]), as: 'k', in: { $concat: defaultTeamIdParts('$orgCode', '$$k') } } };
  const res = await db.collection(APPS).aggregate()
    .match({ _id: id })
    .addFields({ counterKey: $.literal(numberKey(year)), teamIds })
    .lookup({ from: 'orgs', localField: 'orgCode', foreignField: '_id', as: 'org' })
    .lookup({ from: TEAMS, localField: 'teamIds', foreignField: '_id', as: 'teams' })
    .lookup({ from: COUNTERS, localField: 'counterKey', foreignField: '_id', as: 'counter' })
    .addFields({ mine: `$counter.reserved.${id}` })
    .project({ 'counter.reserved': 0, counterKey: 0, teamIds: 0 })
    .end();
  const row = (res as { data?: Record<string, unknown>[] }).data?.[0];
  if (!row) throw new AppError('NOT_FOUND', '没有找到该报名');
  const { org, teams, counter, mine, ...doc } = row as unknown as AppDoc & { org: OrgDoc[]; teams: TeamDoc[]; counter: { value: number }[]; mine: number[] | number | null };
  const c = counter?.[0];
  const reserved = Array.isArray(mine) ? mine[0] : mine;
  // (the local emulator's $lookup on an array gives null for an id it did not find; MongoDB gives nothing)
  return { doc: doc as AppDoc, org: org?.[0] ?? null, teams: (teams ?? []).filter(Boolean), counter: c ? { value: c.value, mine: typeof reserved === 'number' ? reserved : null } : null };
}

/** The decision in WeChat, when her allowance (counted: the platform does not say) covered it. */
async function notify(doc: AppDoc, stepLabel: string, when: string): Promise<void> {
  const result = doc.status === 'approved' ? '已通过' : doc.status === 'rejected' ? '未通过' : '审核中';
  const note = doc.status === 'rejected' ? doc.rejectReason ?? '' : doc.status === 'approved' ? `志愿者编号${doc.volunteerNumber}` : `${stepLabel}已通过`;
  await sendResult({ toUserId: doc.userId, openid: doc.openid, result, note, page: 'pages/volunteer-status/index' }, when);
}
