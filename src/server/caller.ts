import type { Role } from '../contract';
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

/** Loads the caller in one round trip. An unknown OPENID is a donor until `account.login` saves it. */
export async function loadCaller(db: Db, openid: string): Promise<Caller> {
  const res = await db.collection('users').doc(userIdFor(openid)).get();
  return callerFrom(openid, (res.data?.[0] as UserDoc | undefined) ?? null);
}

/** Creates the caller's user row on first login; two first logins at once converge on one row. */
export async function ensureUser(db: Db, caller: Caller): Promise<Caller> {
  const users = db.collection('users');
  const at = isoNow();
  if (caller.user) {
    await users.doc(caller.userId).update({ lastLoginAt: at });
    return caller;
  }
  const fresh: UserDoc = { _id: caller.userId, openid: caller.openid, name: null, roles: ['donor'], staff: null, volunteerStatus: null, createdAt: at, lastLoginAt: at };
  try {
    await users.add(fresh);
    return callerFrom(caller.openid, fresh);
  } catch {
    // the same _id was inserted by a concurrent first login: read the winner's row
    return loadCaller(db, caller.openid);
  }
}
