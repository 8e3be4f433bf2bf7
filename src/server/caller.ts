import type { Role } from '../contract';
import { IN_REVIEW, type AppStatus } from '../domain/volunteer/state';
import type { Db } from './runtime';
import { userIdFor } from './ids';
import { isoNow } from './time';

export interface StaffGrant {
  orgCode: string;
  orgName: string;
  orgPath: string[];
  permissions: string[];
  active: boolean;
}

export interface UserDoc {
  _id: string;
  openid: string;
  name: string | null;
  roles: Role[];
  staff: StaffGrant | null;
  volunteerStatus: string | null;
  createdAt: string;
  lastLoginAt: string;
}

export interface Caller {
  openid: string;
  userId: string;
  user: UserDoc | null;
  roles: Role[];
  isAdmin: boolean;
  /** Present only while the staff grant is active. */
  staff: StaffGrant | null;
}

/** Bootstrap admins come from configuration; later admins are granted in the data. */
function configuredAdmins(): Set<string> {
  return new Set((process.env.ADMIN_OPENIDS ?? '').split(',').map((s) => s.trim()).filter(Boolean));
}

export function callerFrom(openid: string, user: UserDoc | null): Caller {
  const isAdmin = configuredAdmins().has(openid) || !!user?.roles.includes('admin');
  const staff = user?.staff?.active ? user.staff : null;
  const roles = new Set<Role>(['donor', ...(user?.roles ?? [])]);
  if (staff) roles.add('staff');
  else roles.delete('staff');
  if (isAdmin) roles.add('admin');
  return { openid, userId: userIdFor(openid), user, roles: [...roles], isAdmin, staff };
}

/**
 * Loads the caller in one round trip (two, then three once, while her row says her volunteer
 * application is in review). An unknown OPENID is a donor until `account.login` saves it.
 */
export async function loadCaller(db: Db, openid: string): Promise<Caller> {
  const res = await db.collection('users').doc(userIdFor(openid)).get();
  const user = (res.data?.[0] as UserDoc | undefined) ?? null;
  return callerFrom(openid, user ? await levelWithApplication(db, user) : null);
}

/** Her volunteer application's id: one per user (src/functions/volunteer/store.ts). */
export const volunteerAppIdFor = (userId: string): string => `va${userId.slice(1)}`;
/**
 * Her user id from either of her ids (issue 17): staff lists once showed application ids and
 * pairing and nominations take user ids, so an action about her accepts both.
 */
export const volunteerUserIdOf = (id: string): string => (/^va[0-9a-f]{31}$/.test(id) ? `u${id.slice(2)}` : id);

/**
 * A review decision writes the application only, not the applicant's user row (a request less per
 * decision). So while her row says she is in review, her application's status is read too, and
 * when a decision has come her row is brought level (status, and the volunteer role once
 * approved): the role is hers on her very next call, whichever it is.
 */
async function levelWithApplication(db: Db, user: UserDoc): Promise<UserDoc> {
  if (!IN_REVIEW.includes(user.volunteerStatus as AppStatus)) return user;
  const res = await db.collection('volunteer_applications').doc(volunteerAppIdFor(user._id)).field({ status: true }).get();
  const status = (res.data?.[0] as { status?: AppStatus } | undefined)?.status;
  if (!status || status === user.volunteerStatus) return user;
  const approved = status === 'approved';
  // conditional on the status read: a withdrawal writing her row meanwhile wins, her next call looks again
  await db.collection('users').where({ _id: user._id, volunteerStatus: user.volunteerStatus })
    .update({ volunteerStatus: status, ...(approved ? { roles: db.command.addToSet('volunteer') } : {}) });
  return { ...user, volunteerStatus: status, roles: approved && !user.roles.includes('volunteer') ? [...user.roles, 'volunteer'] : user.roles };
}

/** The row a first login (or a first sign-up) creates. */
export const freshUser = (caller: Pick<Caller, 'userId' | 'openid'>, at: string): UserDoc =>
  ({ _id: caller.userId, openid: caller.openid, name: null, roles: ['donor'], staff: null, volunteerStatus: null, createdAt: at, lastLoginAt: at });

/** Creates the caller's user row on first login; two first logins at once converge on one row. */
export async function ensureUser(db: Db, caller: Caller): Promise<Caller> {
  const users = db.collection('users');
  const at = isoNow();
  if (caller.user) {
    await users.doc(caller.userId).update({ lastLoginAt: at });
    return caller;
  }
  const fresh = freshUser(caller, at);
  try {
    await users.add(fresh);
    return callerFrom(caller.openid, fresh);
  } catch {
    // the same _id was inserted by a concurrent first login: read the winner's row
    return loadCaller(db, caller.openid);
  }
}
