import { remindInWeChat, reminderText } from './remind';
import { dueAction } from '../../domain/wish';
import type { TimerJob } from '../../server/handler';
import { isoNow, nowMs } from '../../server/time';
import { finishClaims, lapseNoticeId } from './finish';
import { recountSlots } from './recount';
import { CLAIM_CLEARED, moveClaim, notify, releaseSlot, trailEntry, WISHES, type WishDoc } from './store';

/**
 * The hourly timer (cloudfunctions/wish/config.json): lapses claims whose time has passed (the
 * wish returns to the list) and reminds donors once before that. Both are conditional updates,
 * so a job that runs twice, or at the same moment as a donor's action, never acts twice. A lapse
 * moves the wish first (naming the donor whose slot it gives back), then gives the slot back and
 * tells her; finishClaims completes a lapse, claim, cancel, send or revoke stopped between its writes.
 */
export const claims: TimerJob = async ({ db }) => {
  const _ = db.command;
  const at = isoNow();
  const t = nowMs();
  let lapsed = 0;
  let reminded = 0;
  const due = (await db.collection(WISHES).where(_.or([
    { status: 'claimed', expiresAt: _.lte(at) },
    { status: 'claimed', reminded: false, remindAt: _.lte(at) },
  ])).limit(1000).get()).data as WishDoc[];
  for (const w of due) {
    const action = w.expiresAt ? dueAction({ expiresAt: w.expiresAt, remindAt: w.remindAt, reminded: w.reminded }, t) : null;
    if (action === 'lapse') {
      const entry = trailEntry('lapse', 'claimed', 'published', 'system', 'system', '认领期限已到，心愿重新开放认领', at);
      const moved = await moveClaim(db, w._id, { status: 'claimed', version: w.version }, entry, { ...CLAIM_CLEARED, releasedFrom: w.claimantId });
      if (!moved) continue;
      await releaseSlot(db, w.claimantId!, w._id);
      await notify(db, w.claimantId!, w._id, 'lapsed', `您认领的心愿“${w.title}”已超过认领期限，已重新开放给其他爱心人士`, lapseNoticeId(w._id, at));
      lapsed++;
    } else if (action === 'remind') {
      const res = await db.collection(WISHES).where({ _id: w._id, status: 'claimed', claimantId: w.claimantId, reminded: false }).update({ reminded: true });
      if (res.updated !== 1) continue;
      await notify(db, w.claimantId!, w._id, 'reminder', reminderText(w));
      await remindInWeChat(db, w);
      reminded++;
    }
  }
  // CloudBase allows one trigger per function: the follow-ups and the open-claim recount ride on this one
  let countersFixed = 0;
  try {
    countersFixed += await finishClaims(db);
    countersFixed += (await recountSlots(db)).fixed;
  } catch (err) {
    console.error('[wish recount]', err); // the lapses and reminders above stand; the next hour tries again
  }
  return { lapsed, reminded, countersFixed };
};
