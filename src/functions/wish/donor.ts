import { AppError } from '../../contract';
import { claimTimes, decide, publicCard, RULES } from '../../domain/wish';
import { SCENE } from '../../domain/content';
import { assertTextAllowed } from '../../server/text-check';
import type { Caller } from '../../server/caller';
import type { Handler } from '../../server/handler';
import type { Db } from '../../server/runtime';
import { isoNow, nowMs } from '../../server/time';
import { CLAIM_CLEARED, DONORS, findWish, moveClaim, NOTES, releaseSlot, rollbackClaim, takeSlot, trailEntry, WISHES, wishRules, type DonorDoc, type WishDoc } from './store';
import { donorClaimView, publicThanksPhoto } from './views';
import { photoLinks } from '../../server/files';

/**
 * The donor's side. A claim is two writes, the wish first: its conditional update (published →
 * claimed, the move recorded in its trail) says she holds it, then her slot is taken (a
 * conditional update on her document). Of fifty donors at once exactly one moves the wish. A
 * process stopped between the two leaves a claimed wish whose slot is not taken: the claims timer
 * takes it (or, if she has no slot left, gives the wish back) — see finishClaims.
 */
export const claim: Handler<'wish', 'claim'> = async ({ id, displayName, anonymous, remind }, { db, caller }) => {
  // the name goes on the public 爱心榜: WeChat's content security first, before anything is written
  if (displayName) await assertTextAllowed(caller.openid, SCENE.profile, { content: [displayName] });
  const [rules, found] = await Promise.all([wishRules(db), db.collection(DONORS).doc(caller.userId).get()]);
  const donor = found.data?.[0] as DonorDoc | undefined;
  const max = rules.maxOpenClaimsPerDonor;
  const full = () => new AppError('CONFLICT', `您已有${max}个进行中的认领，请先完成或取消后再认领`);
  if (donor && donor.openClaims >= max) throw (await refusal(db, id, caller, 'claim')) ?? full();
  const times = claimTimes(nowMs(), rules);
  const w = await moveClaim(db, id, { status: 'published' }, trailEntry('claim', 'published', 'claimed', caller.userId, 'donor'), {
    claimantId: caller.userId, ...times, reminded: false, handoverMode: null, handoverNote: '', sentAt: null, releasedFrom: null,
  });
  if (!w) throw (await refusal(db, id, caller, 'claim')) ?? raced();
  // she accepted the reminder template on this tap: that allows exactly one message
  const profile = { displayName: displayName || null, anonymous: anonymous || !displayName, ...(remind ? { openid: caller.openid } : {}) };
  if ((await takeSlot(db, caller.userId, id, max, !!donor, profile, remind ? 1 : 0)) === 'full') {
    // her own claims at the same moment took the last slot first: this wish goes back
    await rollbackClaim(db, w);
    throw full();
  }
  return donorClaimView(w, await photoLinks([publicThanksPhoto(w)]));
};

export const cancel: Handler<'wish', 'cancel'> = async ({ id }, { db, caller }) => {
  const w = await moveClaim(db, id, { status: 'claimed', claimantId: caller.userId }, trailEntry('cancel', 'claimed', 'published', caller.userId, 'claimant'), {
    ...CLAIM_CLEARED, releasedFrom: caller.userId,
  });
  if (!w) throw (await refusal(db, id, caller, 'cancel')) ?? raced();
  await releaseSlot(db, caller.userId, id);
  return { card: publicCard(w) };
};

export const send: Handler<'wish', 'send'> = async ({ id, mode, note }, { db, caller }) => {
  // handing over to the volunteer needs her address on the wish: part of the condition
  const where = { status: 'claimed', claimantId: caller.userId, ...(mode === 'volunteer' ? { volunteerAddress: db.command.nin(['', null]) } : {}) };
  const w = await moveClaim(db, id, where, trailEntry('send', 'claimed', 'sent', caller.userId, 'claimant'), {
    handoverMode: mode, handoverNote: note, sentAt: isoNow(), releasedFrom: caller.userId,
  });
  if (!w) throw (await refusal(db, id, caller, 'send', mode)) ?? raced();
  await releaseSlot(db, caller.userId, id);
  return donorClaimView(w, await photoLinks([publicThanksPhoto(w)]));
};

const raced = () => new AppError('CONFLICT', '心愿状态刚刚有变化，请刷新后再试');

/** Why a donor's move matched nothing, read only then: the answers the state machine gives. Null: it would be allowed now. */
async function refusal(db: Db, id: string, caller: Caller, event: 'claim' | 'cancel' | 'send', mode?: string): Promise<AppError | null> {
  const w = await findWish(db, id);
  if (!w) return new AppError('NOT_FOUND', '没有找到这个心愿');
  const mine = w.claimantId === caller.userId;
  if (event === 'claim') {
    if (w.status === 'published') return null;
    if (mine) return new AppError('CONFLICT', '您已经认领了这个心愿');
    const taken = w.status === 'claimed' || w.status === 'sent';
    return new AppError(taken ? 'CONFLICT' : 'NOT_FOUND', taken ? RULES.claim.wrongState : '这个心愿暂未公开');
  }
  try {
    decide(w.status, event, mine ? ['donor', 'claimant'] : ['donor']);
  } catch (err) {
    return err as AppError;
  }
  if (event === 'send' && mode === 'volunteer' && !w.volunteerAddress) return new AppError('INVALID_INPUT', '这个心愿没有提供爱心妈妈转交地址，请选择交到妇联');
  return null;
}

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
