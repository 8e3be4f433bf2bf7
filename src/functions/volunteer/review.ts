import { AppError } from '../../contract';
import type { Handler } from '../../server/handler';
import type { Caller } from '../../server/caller';
import { unseal } from '../../server/crypto';
import type { Db } from '../../server/runtime';
import { assertInScope, hasPermission, scopeFilter, subtreeFilter } from '../../server/scope';
import { IN_REVIEW } from '../../domain/volunteer';
import { APPS, escapeRegExp, requireAppDoc, requireProgramme, type AppDoc } from './store';
import { detailView, queueRow } from './views';

/** The staff side's reads: the review queue, its counts, one application, and an audited reveal. */
function todoFilter(db: Db, caller: Caller): Record<string, unknown> {
  const inReview = { status: db.command.in([...IN_REVIEW]) };
  // admins act for every node; staff only where their own node acts at the current step
  return caller.isAdmin ? inReview : { ...inReview, actorCode: caller.staff!.orgCode };
}

export const nameLike = (db: Db, keyword: string) => ({ name: db.RegExp({ regexp: escapeRegExp(keyword), options: 'i' }) });

export const listApplications: Handler<'volunteer', 'listApplications'> = async ({ todo, status, areaCode, keyword, page, pageSize }, { db, caller, now }) => {
  let where: Record<string, unknown> = await subtreeFilter(db, caller, areaCode);
  if (todo) where = { ...where, ...todoFilter(db, caller) };
  if (status) where.status = status;
  if (keyword) Object.assign(where, nameLike(db, keyword));
  const apps = db.collection(APPS);
  const [rows, count] = await Promise.all([
    apps.where(where).orderBy('submittedAt', 'asc').skip((page - 1) * pageSize).limit(pageSize).get(),
    apps.where(where).count(),
  ]);
  const today = now().format('YYYY-MM-DD');
  return { items: (rows.data as AppDoc[]).map((d) => queueRow(d, caller, today)), total: count.total ?? 0, page, pageSize };
};

export const reviewCounts: Handler<'volunteer', 'reviewCounts'> = async (_input, { db, caller }) => {
  const apps = db.collection(APPS);
  const scope = scopeFilter(caller);
  const [todo, inReview, approved] = await Promise.all([
    apps.where({ ...scope, ...todoFilter(db, caller) }).count(),
    apps.where({ ...scope, status: db.command.in([...IN_REVIEW]) }).count(),
    apps.where({ ...scope, status: 'approved' }).count(),
  ]);
  return { todo: todo.total ?? 0, inReview: inReview.total ?? 0, approved: approved.total ?? 0 };
};

async function inScopeApp(db: Db, caller: Caller, id: string): Promise<AppDoc> {
  const doc = await requireAppDoc(db, id);
  assertInScope(caller, doc.orgPath);
  return doc;
}

export const getApplication: Handler<'volunteer', 'getApplication'> = async ({ id }, { db, caller, now, auditTarget }) => {
  if (!hasPermission(caller, 'volunteer.review') && !hasPermission(caller, 'volunteer.read')) {
    throw new AppError('FORBIDDEN', '您没有此项操作的权限，请联系管理员开通');
  }
  auditTarget({ kind: 'volunteer_application', ids: [id], fields: ['idNumberMasked', 'phoneMasked'] });
  const doc = await inScopeApp(db, caller, id);
  const p = await requireProgramme(db);
  return { application: await detailView(doc, p, now().format('YYYY-MM-DD'), caller) };
};

export const revealContact: Handler<'volunteer', 'revealContact'> = async ({ id }, { db, caller, auditTarget }) => {
  auditTarget({ kind: 'volunteer_application', ids: [id], fields: ['idNumber', 'phone'] });
  const doc = await inScopeApp(db, caller, id);
  return { idNumber: doc.idNumber ? unseal(doc.idNumber) : null, phone: unseal(doc.phone) };
};
