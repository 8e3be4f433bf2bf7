import type { Db } from '../../server/runtime';
import { getApp } from '../../server/runtime';
import { isoNow } from '../../server/time';

/**
 * Subscribe messages ("审核结果通知"). The template id is configuration
 * (VOLUNTEER_RESULT_TEMPLATE_ID); its fields are assumed to be thing1 (事项), phrase2 (结果),
 * thing3 (说明, ≤20 characters) and time4 — adjust RESULT_FIELDS to the template chosen in the
 * WeChat console. On the local cloud the message is recorded in `volunteer_notifications`
 * instead of being sent, so tests can assert it.
 */
const LOCAL_TEMPLATE = 'local-volunteer-result';

export function resultTemplateId(): string | null {
  return process.env.VOLUNTEER_RESULT_TEMPLATE_ID || (process.env.AIXIN_LOCAL_CLOUD === '1' ? LOCAL_TEMPLATE : null);
}

export interface ResultMessage {
  toUserId: string;
  openid: string;
  result: string;
  note: string;
  page: string;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

const RESULT_FIELDS = (m: ResultMessage, at: string) => ({
  thing1: { value: '爱心妈妈报名审核' },
  phrase2: { value: clip(m.result, 5) },
  thing3: { value: clip(m.note || '无', 20) },
  time4: { value: at },
});

/** Never throws: a message that cannot be sent must not undo a decision. */
export async function sendResult(db: Db, message: ResultMessage, at: string): Promise<void> {
  const templateId = resultTemplateId();
  if (!templateId) return;
  const data = RESULT_FIELDS(message, at);
  try {
    if (process.env.AIXIN_LOCAL_CLOUD === '1') {
      await db.collection('volunteer_notifications').add({ toUserId: message.toUserId, templateId, page: message.page, data, at: isoNow() });
      return;
    }
    const res = await getApp().callWxOpenApi({
      apiName: 'subscribeMessage.send',
      requestData: { touser: message.openid, template_id: templateId, page: message.page, data, miniprogram_state: 'formal', lang: 'zh_CN' },
    });
    const errcode = (res.result as { errcode?: number } | undefined)?.errcode;
    // 43101: the user has no acceptance left; 47003: data rejected by the template
    if (errcode) console.warn('[volunteer.notify] subscribeMessage.send errcode', errcode);
  } catch (err) {
    console.error('[volunteer.notify]', err);
  }
}
