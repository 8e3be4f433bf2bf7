import { createHash, timingSafeEqual } from 'crypto';

/**
 * The one-time setup code that makes the first admin (issue: "Bootstrapping the first admin is
 * circular"). `npm run deploy` draws a code, prints it once and stores only its hash and expiry
 * (settings/setup_code, through the account function's system job); the first person who enters
 * it in the mini-program becomes the environment's admin. Pure rules here; I/O in
 * src/functions/account/setup.ts.
 */
export const SETUP_CODE_DOC = 'setup_code';
/** A printed code stays usable this long: long enough to open the mini-program, short enough not to linger. */
export const SETUP_CODE_HOURS = 24;

export interface SetupCodeDoc {
  hash: string;
  expiresAt: string;
  issuedAt: string;
  usedBy: string | null;
  usedAt: string | null;
}

/** Letters and digits only, upper case: "abcd-efgh ijkl" and "ABCDEFGHIJKL" are the same code. */
export const normaliseSetupCode = (code: string): string => code.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
export const setupCodeHash = (code: string): string => createHash('sha256').update(`aixin-setup:${normaliseSetupCode(code)}`).digest('hex');

export type SetupRefusal = 'none' | 'expired' | 'used' | 'wrong';

/** Whether `code` may claim admin now; a code already used by this same user is accepted again (her retry after a lost answer). */
export function checkSetupCode(doc: SetupCodeDoc | null, code: string, userId: string, nowIso: string): SetupRefusal | null {
  if (!doc) return 'none';
  const given = Buffer.from(setupCodeHash(code), 'hex');
  const stored = Buffer.from(doc.hash, 'hex');
  if (given.length !== stored.length || !timingSafeEqual(given, stored)) return 'wrong';
  if (doc.usedBy) return doc.usedBy === userId ? null : 'used';
  if (nowIso >= doc.expiresAt) return 'expired';
  return null;
}

/** Whether the deploy's system job may store a new code: not over an unused live one or a claimed one, unless forced. */
export function mayIssue(doc: SetupCodeDoc | null, nowIso: string, force: boolean): 'issue' | 'active' | 'claimed' {
  if (force || !doc) return 'issue';
  if (doc.usedBy) return 'claimed';
  return nowIso < doc.expiresAt ? 'active' : 'issue';
}

export const SETUP_REFUSALS: Record<SetupRefusal, string> = {
  none: '本环境没有可用的设置码，请联系部署人员重新生成',
  wrong: '设置码不正确，请核对后重新输入',
  used: '该设置码已被使用',
  expired: '设置码已过期，请联系部署人员重新生成',
};
