import { sendSubscribeMessage, WX, WxOpenApiError } from './openapi';

/**
 * WeChat subscribe messages, in one place. A one-time template allows one message per acceptance
 * and WeChat offers no way to read the balance, so callers count acceptances themselves and send
 * only when one is left. Sending goes through the open API (src/server/openapi.ts), locally to the
 * local cloud's emulation of WeChat, which delivers only against an acceptance as WeChat does.
 */

export interface SubscribeMessage {
  toUserId: string;
  openid: string;
  templateId: string;
  page: string;
  /** template fields, e.g. { thing1: { value: '…' } }, built by src/server/templates.ts (ids and keys are configuration there) */
  data: Record<string, { value: string }>;
}

/**
 * Sends; true when WeChat took the message. Never throws: a message that cannot be sent must not
 * undo the action that caused it. 43101 (she has no acceptance left) and 47003 (the data does not
 * fit the template) are logged as warnings, anything else as an error.
 */
export async function sendSubscribe(m: SubscribeMessage): Promise<boolean> {
  try {
    await sendSubscribeMessage({ touser: m.openid, templateId: m.templateId, page: m.page, data: m.data });
    return true;
  } catch (err) {
    if (err instanceof WxOpenApiError && (err.errcode === WX.NOT_ACCEPTED || err.errcode === WX.BAD_TEMPLATE_DATA)) {
      console.warn('[subscribe]', err.errcode === WX.NOT_ACCEPTED ? 'not accepted' : 'data rejected', m.templateId, m.toUserId, err.errmsg);
    } else {
      console.error('[subscribe]', m.templateId, m.toUserId, err);
    }
    return false;
  }
}
