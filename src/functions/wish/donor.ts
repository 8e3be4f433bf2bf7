import { AppError } from '../../contract';
import { claimTimes, publicCard, RULES } from '../../domain/wish';
import { SCENE } from '../../domain/content';
import { assertTextAllowed } from '../../server/text-check';
import type { Handler } from '../../server/handler';
import { isoNow, nowMs } from '../../server/time';
import { CLAIM_CLEARED, DONORS, ensureDonor, NOTES, releaseSlot, requireWish, takeSlot, transit, WISHES, wishRules, type WishDoc } from './store';
import { donorClaimView, publicThanksPhoto } from './views';
import { photoLinks } from '../../server/files';

/**
 * The donor's side. A donor is any WeChat user. A claim takes one of her open-claim slots (a
 * conditional increment on her counter) and then the wish (a conditional update on its status):
 * of fifty donors at once exactly one wins, the others get their slot back and a clear sentence.
 */
export const claim: Handler<'wish', 'claim'> = async ({ id, displayName, anonymous, remind }, { db, caller }) => {
  const w = await requireWish(db, id);
  if (w.status !== 'published') {
    if (w.claimantId === caller.userId) throw new AppError('CONFLICT', '您已经认领了这个心愿');
    throw new AppError(w.status === 'claimed' || w.status === 'sent' ? 'CONFLICT' : 'NOT_FOUND', w.status === 'claimed' || w.status === 'sent' ? RULES.claim.wrongState : '这个心愿暂未公开');
  }
  // the name goes on the public 爱心榜: WeChat's content security first, before anything is written
  if (displayName) await assertTextAllowed(caller.openid, SCENE.profile, { content: [displayName] });
  const rules = await wishRules(db);
  await ensureDonor(db, caller.userId);
  if (!(await takeSlot(db, caller.userId, rules.maxOpenClaimsPerDonor))) {
    throw new AppError('CONFLICT', `您已有${rules.maxOpenClaimsPerDonor}个进行中的认领，请先完成或取消后再认领`);
  }
  const times = claimTimes(nowMs(), rules);
  try {
    await transit(db, w, 'claim', ['donor'], caller.userId, { claimantId: caller.userId, ...times, reminded: false, handoverMode: null, handoverNote: '', sentAt: null }, null, RULES.claim.wrongState);
  } catch (err) {
    await releaseSlot(db, caller.userId);
    throw err;
  }
  await db.collection(DONORS).doc(caller.userId).update({ displayName: displayName || null, anonymous: anonymous || !displayName });
  // she accepted the reminder template on this tap: that allows exactly one message
  if (remind) await db.collection(DONORS).doc(caller.userId).update({ reminderCredits: db.command.inc(1), openid: caller.openid });
  const claimed: WishDoc = { ...w, status: 'claimed', claimantId: caller.userId, ...times, reminded: false };
  return donorClaimView(claimed, await photoLinks([publicThanksPhoto(claimed)]));
};

export const cancel: Handler<'wish', 'cancel'> = async ({ id }, { db, caller }) => {
  const w = await requireWish(db, id);
  const actors = w.claimantId === caller.userId ? (['donor', 'claimant'] as const) : (['donor'] as const);
  await transit(db, w, 'cancel', actors, caller.userId, { ...CLAIM_CLEARED });
  await releaseSlot(db, caller.userId);
  return { card: publicCard({ ...w, ...CLAIM_CLEARED, status: 'published' }) };
};

export const send: Handler<'wish', 'send'> = async ({ id, mode, note }, { db, caller }) => {
  const w = await requireWish(db, id);
  const actors = w.claimantId === caller.userId ? (['donor', 'claimant'] as const) : (['donor'] as const);
  if (mode === 'volunteer' && !w.volunteerAddress && actors.length === 2) throw new AppError('INVALID_INPUT', '这个心愿没有提供爱心妈妈转交地址，请选择交到妇联');
  const sentAt = isoNow();
  await transit(db, w, 'send', actors, caller.userId, { handoverMode: mode, handoverNote: note, sentAt });
  await releaseSlot(db, caller.userId);
  const sent: WishDoc = { ...w, status: 'sent', handoverMode: mode, handoverNote: note, sentAt };
  return donorClaimView(sent, await photoLinks([publicThanksPhoto(sent)]));
};

export const mine: Handler<'wish', 'mine'> = async (_input, { db, caller }) => {
  const [rows, notes] = await Promise.all([
    db.collection(WISHES).where({ claimantId: caller.userId }).orderBy('claimedAt', 'desc').limit(100).get(),
    db.collection(NOTES).where({ userId: caller.userId }).orderBy('at', 'desc').limit(10).get(),
  ]);
  const wishes = rows.data as WishDoc[];
  const link = await photoLinks(wishes.map(publicThanksPhoto));
  return {
    items: wishes.map((w) => donorClaimView(w, link)),
    notices: (notes.data as { kind: string; text: string; at: string }[]).map(({ kind, text, at }) => ({ kind, text, at })),
  };
};
