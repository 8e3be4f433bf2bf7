import type { Db } from './runtime';
import { getApp } from './runtime';
import { isoNow } from './time';

/**
 * WeChat subscribe messages, in one place. A one-time template allows one message per acceptance
 * and WeChat offers no way to read the balance, so callers count acceptances themselves and send
 * only when one is left. On the local cloud (AIXIN_LOCAL_CLOUD=1) nothing is sent: the message is
 * recorded in a collection so tests and developers can see it.
 */
export const isLocalCloud = (): boolean => process.env.AIXIN_LOCAL_CLOUD === '1';

/** A template id from configuration; on the local cloud a stand-in so the flow can be exercised. */
export function templateIdFrom(envName: string, localStandIn: string): string | null {
  return process.env[envName] || (isLocalCloud() ? localStandIn : null);
}

export interface SubscribeMessage {
  toUserId: string;
  openid: string;
  templateId: string;
  page: string;
  /** template fields, e.g. { thing1: { value: '…' } } (`thing` values at most 20 characters) */
  data: Record<string, { value: string }>;
}

export const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Never throws: a message that cannot be sent must not undo the action that caused it. */
export async function sendSubscribe(db: Db, m: SubscribeMessage, recordIn = 'subscribe_messages'): Promise<void> {
  try {
    if (isLocalCloud()) {
      await db.collection(recordIn).add({ toUserId: m.toUserId, templateId: m.templateId, page: m.page, data: m.data, at: isoNow() });
      return;
    }
    const res = await getApp().callWxOpenApi({
      apiName: 'subscribeMessage.send',
      requestData: { touser: m.openid, template_id: m.templateId, page: m.page, data: m.data, miniprogram_state: 'formal', lang: 'zh_CN' },
    });
    const errcode = (res.result as { errcode?: number } | undefined)?.errcode;
    // 43101: the user has no acceptance left; 47003: data rejected by the template
    if (errcode) console.warn('[subscribe] subscribeMessage.send errcode', errcode, m.templateId);
  } catch (err) {
    console.error('[subscribe]', err);
  }
}
