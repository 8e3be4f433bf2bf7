import type { Db } from '../../server/runtime';
import { clip, sendSubscribe, templateIdFrom } from '../../server/subscribe';
import { chinaDate } from '../../server/time';
import { DONORS, type WishDoc } from './store';

/**
 * The claim reminder in WeChat ("认领到期提醒", WISH_REMINDER_TEMPLATE_ID). The donor accepts the
 * one-time template when she taps 认领 (claim `remind: true` adds one credit); the timer spends a
 * credit with a conditional update, so a reminder is sent at most once per acceptance. Fields
 * assumed: thing1 (心愿), time2 (到期时间), thing3 (提示) — match them to the chosen template.
 */
export const reminderTemplateId = (): string | null => templateIdFrom('WISH_REMINDER_TEMPLATE_ID');

type Due = Pick<WishDoc, 'title' | 'expiresAt'>;

/** The template's fields; the date is China's civil date of the expiry (a claim made at 01:30 China time is still that day). */
export const reminderFields = (w: Due): Record<string, { value: string }> => ({
  thing1: { value: clip(w.title, 20) }, time2: { value: chinaDate(w.expiresAt) }, thing3: { value: '认领即将到期，请尽快寄出礼物' },
});

/** The same reminder in the app's notices (wish.mine). */
export const reminderText = (w: Due): string => `您认领的心愿“${w.title}”将于${chinaDate(w.expiresAt)}到期，请尽快寄出礼物`;

export async function remindInWeChat(db: Db, w: WishDoc): Promise<boolean> {
  const templateId = reminderTemplateId();
  if (!templateId || !w.claimantId) return false;
  const spent = await db.collection(DONORS).where({ _id: w.claimantId, reminderCredits: db.command.gt(0) }).update({ reminderCredits: db.command.inc(-1) });
  if (spent.updated !== 1) return false;
  // the OPENID was kept with the credit: a donor who came from a shared link may never have logged in
  const donor = (await db.collection(DONORS).doc(w.claimantId).get()).data?.[0] as { openid?: string } | undefined;
  if (!donor?.openid) return false;
  return sendSubscribe({
    toUserId: w.claimantId,
    openid: donor.openid,
    templateId,
    page: 'pages/my-claims/index',
    data: reminderFields(w),
  });
}
