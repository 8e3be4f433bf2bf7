import type { Db } from '../../server/runtime';
import { sendSubscribe } from '../../server/subscribe';
import { subscribeTemplate, templateIdOf } from '../../server/templates';
import { chinaDate } from '../../server/time';
import { DONORS, type WishDoc } from './store';

/**
 * The claim reminder in WeChat ("认领到期提醒", WISH_REMINDER_TEMPLATE_ID). The donor accepts the
 * one-time template when she taps 认领 (claim `remind: true` adds one credit); the timer spends a
 * credit with a conditional update, so a reminder is sent at most once per acceptance. Its keyword
 * keys are configuration too (WISH_REMINDER in src/server/templates.ts).
 */
export const reminderTemplateId = (): string | null => templateIdOf('WISH_REMINDER');

type Due = Pick<WishDoc, 'title' | 'expiresAt'>;

/** The template's values by field; the expiry is shown in China's time (a claim made at 01:30 China time is still that day). */
export const reminderValues = (w: Due) => ({ wish: w.title, due: w.expiresAt ?? '', hint: '认领即将到期，请尽快寄出礼物' });

/** The same reminder in the app's notices (wish.mine). */
export const reminderText = (w: Due): string => `您认领的心愿“${w.title}”将于${chinaDate(w.expiresAt)}到期，请尽快寄出礼物`;

export async function remindInWeChat(db: Db, w: WishDoc): Promise<boolean> {
  const template = subscribeTemplate('WISH_REMINDER');
  if (!template || !w.claimantId) return false;
  const spent = await db.collection(DONORS).where({ _id: w.claimantId, reminderCredits: db.command.gt(0) }).update({ reminderCredits: db.command.inc(-1) });
  if (spent.updated !== 1) return false;
  // the OPENID was kept with the credit: a donor who came from a shared link may never have logged in
  const donor = (await db.collection(DONORS).doc(w.claimantId).get()).data?.[0] as { openid?: string } | undefined;
  if (!donor?.openid) return false;
  return sendSubscribe({
    toUserId: w.claimantId,
    openid: donor.openid,
    templateId: template.id,
    page: 'pages/my-claims/index',
    data: template.data(reminderValues(w)),
  });
}
