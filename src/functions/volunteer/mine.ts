import { AppError } from '../../contract';
import type { Handler } from '../../server/handler';
import type { Db } from '../../server/runtime';
import { isoNow } from '../../server/time';
import { commitmentState, transition } from '../../domain/volunteer';
import { lockKeys, releaseLocks } from './locks';
import { APPS, appIdFor, getAppDoc, replacing, requireProgramme, type AppDoc } from './store';
import { applicationView } from './views';

/** The applicant's own application: read it, withdraw it, accept the yearly 承诺书. */
export const mine: Handler<'volunteer', 'mine'> = async (_input, { db, caller, now }) => {
  const doc = await getAppDoc(db, appIdFor(caller.userId));
  if (!doc) return { application: null };
  // a submit stopped between the application and her user row left the row behind: bring it level
  // (a row in review is brought level by loadCaller already)
  const user = caller.user;
  if (user && (user.volunteerStatus !== doc.status || (doc.status === 'approved' && !user.roles.includes('volunteer')))) await syncUserRow(db, caller.userId, doc.status);
  const p = await requireProgramme(db);
  return { application: applicationView(doc, p, now().format('YYYY-MM-DD')) };
};

async function ownApplication(db: Db, userId: string, version: number): Promise<AppDoc> {
  const doc = await getAppDoc(db, appIdFor(userId));
  if (!doc) throw new AppError('NOT_FOUND', '您还没有报名');
  if (doc.version !== version) throw new AppError('CONFLICT', '报名状态已有变化，请刷新后再试');
  return doc;
}

export const withdraw: Handler<'volunteer', 'withdraw'> = async ({ version, reason }, { db, caller, now }) => {
  const p = await requireProgramme(db);
  const doc = await ownApplication(db, caller.userId, version);
  const next = transition({ status: doc.status, stepIndex: doc.stepIndex, stepCount: doc.steps.length }, { kind: 'withdraw' });
  const at = isoNow();
  const entry = { at, round: doc.round, kind: 'withdrawn' as const, stepLabel: null, orgName: null, actorId: caller.userId, actorName: doc.name, opinion: reason ?? null };
  const fields = { status: next.status, actorCode: null, version: doc.version + 1, updatedAt: at, history: [...doc.history, entry] };
  const res = await db.collection(APPS).where({ _id: doc._id, version: doc.version }).update(replacing(db, fields));
  if (res.updated !== 1) throw new AppError('CONFLICT', '报名状态已有变化，请刷新后再试');
  await releaseLocks(db, doc._id, lockKeys(doc.idNumber, doc.phone));
  await db.collection('users').doc(caller.userId).update({ volunteerStatus: next.status });
  return { application: applicationView({ ...doc, ...fields }, p, now().format('YYYY-MM-DD')) };
};

export const acceptCommitment: Handler<'volunteer', 'acceptCommitment'> = async (_input, { db, caller, now }) => {
  const p = await requireProgramme(db);
  const today = now().format('YYYY-MM-DD');
  const doc = await getAppDoc(db, appIdFor(caller.userId));
  if (!doc || doc.status !== 'approved') throw new AppError('NOT_FOUND', '您还不是已通过审核的志愿者');
  const state = commitmentState(p.term, doc.term, doc.commitments, today);
  if (!state.required) throw new AppError('INVALID_INPUT', '本项目无需签订承诺书');
  if (state.serviceYear === null) throw new AppError('CONFLICT', '服务期已结束，无需再签订承诺书');
  if (!state.due) throw new AppError('CONFLICT', '本服务年度的承诺书已签订');
  const commitments = [...doc.commitments, { serviceYear: state.serviceYear, acceptedAt: isoNow() }];
  const res = await db.collection(APPS).where({ _id: doc._id, version: doc.version }).update(replacing(db, { commitments, version: doc.version + 1 }));
  if (res.updated !== 1) throw new AppError('CONFLICT', '本服务年度的承诺书已签订');
  return { application: applicationView({ ...doc, commitments, version: doc.version + 1 }, p, today) };
};

export const subscribe: Handler<'volunteer', 'subscribe'> = async (_input, { db, caller }) => {
  const id = appIdFor(caller.userId);
  const res = await db.collection(APPS).where({ _id: id }).update({ notifyAllowance: db.command.inc(1) });
  if (res.updated !== 1) throw new AppError('NOT_FOUND', '您还没有报名');
  return { allowance: (await getAppDoc(db, id))!.notifyAllowance };
};

/** The applicant's user row: her status, and the volunteer role once approved. */
async function syncUserRow(db: Db, userId: string, status: AppDoc['status']): Promise<void> {
  const users = db.collection('users');
  if (status === 'approved') await users.doc(userId).update({ volunteerStatus: status, roles: db.command.addToSet('volunteer') });
  else await users.doc(userId).update({ volunteerStatus: status });
}
