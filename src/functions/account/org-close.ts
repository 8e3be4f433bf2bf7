import type { Handler } from '../../server/handler';
import { AppError } from '../../contract';
import { assertInScope } from '../../server/scope';
import { requireOrg } from '../../server/orgs';
import { isoNow } from '../../server/time';
import { HOLDING } from '../../domain/pairing/state';
import { ACTIVE } from '../../domain/volunteer/state';
import { toListNode } from './orgs';

/**
 * 撤销 an org node (account.closeOrg, issue 17): soft, one document write (`closed`, `closedAt`,
 * `closedBy`). Refused while anything live remains below it, each kind counted and named, so the
 * staff member knows what to move first. A closed node stays on record (reports, history and
 * audit name it) but is offered nowhere: not in sign-up's area picker (listOrgs leaves it out),
 * not as a parent for createOrg, moveOrg or importOrgs.
 */
export const closeOrg: Handler<'account', 'closeOrg'> = async ({ code }, { db, caller, auditTarget }) => {
  const _ = db.command;
  const org = await requireOrg(db, code);
  assertInScope(caller, org.path);
  auditTarget({ kind: 'org', ids: [code], fields: ['closed'] });
  if (!org.parentCode) throw new AppError('INVALID_INPUT', '最上级组织不能撤销');
  if (org.closed) return { node: toListNode(org) };
  if (org.moving) throw new AppError('INVALID_INPUT', '该组织正在调整中，请完成调整后再撤销');
  const count = async (collection: string, where: Record<string, unknown>) => (await db.collection(collection).where(where).count()).total;
  const live = await Promise.all([
    count('orgs', { path: code, _id: _.neq(code), closed: _.neq(true) }).then((n) => [n, '个下级组织未撤销'] as const),
    count('users', { 'staff.orgPath': code, 'staff.active': true }).then((n) => [n, '名在岗工作人员'] as const),
    count('volunteer_applications', { orgPath: code, status: _.in([...ACTIVE]) }).then((n) => [n, '名爱心妈妈（已通过或审核中）'] as const),
    count('children', { orgPath: code }).then((n) => [n, '名儿童档案'] as const),
    count('pairings', { orgPath: code, status: _.in([...HOLDING]) }).then((n) => [n, '对进行中的结对'] as const),
  ]);
  const left = live.filter(([n]) => n > 0).map(([n, what]) => `${n}${what}`);
  if (left.length) throw new AppError('INVALID_INPUT', `「${org.name}」下还有${left.join('、')}，请先将它们调整到其他组织（或停用、撤销）后再撤销`);
  const at = isoNow();
  await db.collection('orgs').doc(code).update({ closed: true, closedAt: at, closedBy: caller.userId });
  return { node: toListNode({ ...org, closed: true, closedAt: at, closedBy: caller.userId }) };
};

/** Undoes closeOrg: the node is offered again (its parent must be open). */
export const reopenOrg: Handler<'account', 'reopenOrg'> = async ({ code }, { db, caller, auditTarget }) => {
  const org = await requireOrg(db, code);
  assertInScope(caller, org.path);
  auditTarget({ kind: 'org', ids: [code], fields: ['closed'] });
  if (!org.closed) return { node: toListNode(org) };
  if (org.parentCode) {
    const parent = await requireOrg(db, org.parentCode);
    if (parent.closed) throw new AppError('INVALID_INPUT', `上级组织「${parent.name}」已撤销，请先恢复上级组织`);
  }
  await db.collection('orgs').doc(code).update({ closed: false, closedAt: null, closedBy: null });
  return { node: toListNode({ ...org, closed: false, closedAt: null, closedBy: null }) };
};
