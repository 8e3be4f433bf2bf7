import type { Handler, SystemJob } from '../../server/handler';
import { AppError } from '../../contract';
import { allPresets } from '../../programmes';
import { loadProgramme, summarise } from '../../server/programme';
import { ensureUser, loadCaller } from '../../server/caller';
import { isoNow } from '../../server/time';
import { checkSetupCode, mayIssue, SETUP_CODE_DOC, SETUP_REFUSALS, type SetupCodeDoc } from '../../server/setup-code';
import { meOf } from './login';

/**
 * First admin by setup code (src/server/setup-code.ts has the rules). The deploy command stores the
 * code's hash through the system job; the first person to enter the code claims it with one
 * conditional update, so of two people entering it at once exactly one becomes admin.
 */
async function readCode(db: Parameters<SystemJob>[1]['db']): Promise<SetupCodeDoc | null> {
  return ((await db.collection('settings').doc(SETUP_CODE_DOC).get()).data?.[0] as SetupCodeDoc | undefined) ?? null;
}

export const issueSetupCode: SystemJob = async (event, { db }) => {
  const codeHash = event.codeHash;
  const expiresAt = event.expiresAt;
  if (typeof codeHash !== 'string' || !/^[0-9a-f]{64}$/.test(codeHash) || typeof expiresAt !== 'string') throw new AppError('INVALID_INPUT');
  const now = isoNow();
  const current = await readCode(db);
  const verdict = mayIssue(current, now, event.force === true);
  if (verdict !== 'issue') return { issued: false, reason: verdict, expiresAt: current?.expiresAt ?? null };
  const doc: SetupCodeDoc = { hash: codeHash, expiresAt, issuedAt: now, usedBy: null, usedAt: null };
  await db.collection('settings').doc(SETUP_CODE_DOC).set(doc);
  return { issued: true, expiresAt };
};

export const claimAdmin: Handler<'account', 'claimAdmin'> = async ({ code }, { db, caller, auditTarget }) => {
  const settings = db.collection('settings');
  const doc = await readCode(db);
  const refusal = checkSetupCode(doc, code, caller.userId, isoNow());
  if (refusal) throw new AppError(refusal === 'none' ? 'NOT_FOUND' : refusal === 'wrong' ? 'INVALID_INPUT' : 'CONFLICT', SETUP_REFUSALS[refusal]);
  if (!doc!.usedBy) {
    // the state the claim changes is in the where: of two claims at once only one matches
    const res = await settings.where({ _id: SETUP_CODE_DOC, hash: doc!.hash, usedBy: null }).update({ usedBy: caller.userId, usedAt: isoNow() });
    if (res.updated !== 1) throw new AppError('CONFLICT', SETUP_REFUSALS.used);
  }
  const me = await ensureUser(db, caller);
  if (!me.user?.roles.includes('admin')) await db.collection('users').doc(me.userId).update({ roles: db.command.addToSet('admin') });
  auditTarget({ kind: 'user', ids: [me.userId] });
  return { me: meOf(await loadCaller(db, caller.openid)) };
};

export const presets: Handler<'account', 'presets'> = async (_input, { db }) => {
  const current = await loadProgramme(db);
  return { presets: allPresets().map(summarise), current: current?.id ?? null };
};
