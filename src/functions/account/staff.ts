import type { Handler } from '../../server/handler';
import { AppError } from '../../contract';
import type { UserDoc } from '../../server/caller';
import { callerFrom } from '../../server/caller';
import { shortCode } from '../../server/ids';
import { assertOpenOrg, requireOrg } from '../../server/orgs';
import { assertInScope, inScope, scopeFilter } from '../../server/scope';
import type { Db } from '../../server/runtime';
import { isoNow, nowMs } from '../../server/time';
import { meOf } from './login';

const INVITE_DAYS = 7;

interface InviteDoc {
  _id: string;
  orgCode: string;
  permissions: string[];
  note: string | null;
  createdBy: string;
  expiresAt: string;
  usedBy: string | null;
}

export const createStaffInvite: Handler<'account', 'createStaffInvite'> = async (input, { db, caller, auditTarget }) => {
  const org = await requireOrg(db, input.orgCode);
  assertInScope(caller, org.path);
  assertOpenOrg(org);
  // staff cannot hand out more than they hold
  if (!caller.isAdmin && input.permissions.some((p) => !caller.staff?.permissions.includes(p))) {
    throw new AppError('FORBIDDEN', '不能授予超出您自身的权限');
  }
  const code = shortCode(8);
  const expiresAt = new Date(nowMs() + INVITE_DAYS * 86400_000).toISOString();
  const invite: InviteDoc = { _id: code, orgCode: org.code, permissions: [...new Set(input.permissions)], note: input.note ?? null, createdBy: caller.userId, expiresAt, usedBy: null };
  await db.collection('staff_invites').add(invite);
  auditTarget({ kind: 'staff_invite', ids: [code] });
  return { code, expiresAt };
};

/** Whether the invite's maker could make it now: an admin, or active staff holding staff.manage
 * and every permission it grants, with its node in her subtree. */
async function inviterStillGrants(db: Db, invite: InviteDoc, orgPath: readonly string[]): Promise<boolean> {
  const doc = (await db.collection('users').doc(invite.createdBy).get()).data?.[0] as UserDoc | undefined;
  if (!doc) return false;
  const inviter = callerFrom(doc.openid, doc);
  if (inviter.isAdmin) return true;
  const held = inviter.staff?.permissions ?? [];
  return inScope(inviter, orgPath) && held.includes('staff.manage') && invite.permissions.every((p) => held.includes(p));
}

export const redeemStaffInvite: Handler<'account', 'redeemStaffInvite'> = async ({ code, name }, { db, caller, auditTarget }) => {
  if (!caller.user) throw new AppError('UNAUTHENTICATED', '请先登录后再使用邀请码');
  const invites = db.collection('staff_invites');
  const invite = (await invites.doc(code).get()).data?.[0] as InviteDoc | undefined;
  if (!invite || invite.expiresAt < isoNow()) throw new AppError('NOT_FOUND', '邀请码无效或已过期');
  if (invite.usedBy) throw new AppError('CONFLICT', '该邀请码已被使用');
  // a node closed since the invite was sent takes no new staff
  const org = assertOpenOrg(await requireOrg(db, invite.orgCode), '请联系邀请人重新邀请');
  // grants are checked when the invite is made; an inviter narrowed or switched off since must not
  // keep handing out through codes already sent what she no longer holds
  if (!(await inviterStillGrants(db, invite, org.path))) throw new AppError('NOT_FOUND', '邀请人已无权发出这份邀请，请联系邀请人重新邀请');
  // claim the invite with a conditional update: exactly one redeemer wins
  const claimed = await invites.where({ _id: code, usedBy: null }).update({ usedBy: caller.userId });
  if (!claimed.updated) throw new AppError('CONFLICT', '该邀请码已被使用');
  const staff = { orgCode: org.code, orgName: org.name, orgPath: org.path, permissions: invite.permissions, active: true };
  const users = db.collection('users');
  const roles = [...new Set([...caller.user.roles, 'staff' as const])];
  await users.doc(caller.userId).update({ staff, name, roles });
  auditTarget({ kind: 'staff_invite', ids: [code] });
  const user: UserDoc = { ...caller.user, staff, name, roles };
  return { me: meOf(callerFrom(caller.openid, user)) };
};

const staffRow = (u: UserDoc) => ({
  userId: u._id,
  name: u.name,
  orgCode: u.staff!.orgCode,
  orgName: u.staff!.orgName,
  permissions: u.staff!.permissions,
  active: u.staff!.active,
});

export const listStaff: Handler<'account', 'listStaff'> = async ({ orgCode, page, pageSize }, { db, caller }) => {
  let where: Record<string, unknown> = { ...scopeFilter(caller, 'staff.orgPath'), roles: 'staff' };
  if (orgCode) {
    const org = await requireOrg(db, orgCode);
    assertInScope(caller, org.path);
    where = { 'staff.orgPath': orgCode, roles: 'staff' };
  }
  const users = db.collection('users');
  const [rows, count] = await Promise.all([
    users.where(where).orderBy('_id', 'asc').skip((page - 1) * pageSize).limit(pageSize).get(),
    users.where(where).count(),
  ]);
  return { items: (rows.data as UserDoc[]).map(staffRow), total: count.total ?? 0, page, pageSize };
};

export const updateStaff: Handler<'account', 'updateStaff'> = async (input, { db, caller, auditTarget }) => {
  const users = db.collection('users');
  const user = (await users.doc(input.userId).get()).data?.[0] as UserDoc | undefined;
  if (!user?.staff) throw new AppError('NOT_FOUND', '没有找到该工作人员');
  assertInScope(caller, user.staff.orgPath);
  if (user._id === caller.userId) throw new AppError('FORBIDDEN', '不能修改自己的权限');
  if (!caller.isAdmin && input.permissions?.some((p) => !caller.staff?.permissions.includes(p))) {
    throw new AppError('FORBIDDEN', '不能授予超出您自身的权限');
  }
  const staff = { ...user.staff, ...(input.permissions ? { permissions: [...new Set(input.permissions)] } : {}), ...(input.active === undefined ? {} : { active: input.active }) };
  await users.doc(user._id).update({ staff });
  auditTarget({ kind: 'staff', ids: [user._id], fields: Object.keys(input).filter((k) => k !== 'userId') });
  return { staff: staffRow({ ...user, staff }) };
};
