import { clip, sendSubscribe, templateIdFrom } from '../../server/subscribe';

/**
 * "审核结果通知" to an applicant. The template id is configuration
 * (VOLUNTEER_RESULT_TEMPLATE_ID); its fields are assumed to be thing1 (事项), phrase2 (结果),
 * thing3 (说明, ≤20 characters) and time4 — adjust RESULT_FIELDS to the template chosen in the
 * WeChat console.
 */
export const resultTemplateId = (): string | null => templateIdFrom('VOLUNTEER_RESULT_TEMPLATE_ID');

export interface ResultMessage {
  toUserId: string;
  openid: string;
  result: string;
  note: string;
  page: string;
}

const RESULT_FIELDS = (m: ResultMessage, at: string) => ({
  thing1: { value: '爱心妈妈报名审核' },
  phrase2: { value: clip(m.result, 5) },
  thing3: { value: clip(m.note || '无', 20) },
  time4: { value: at },
});

export async function sendResult(message: ResultMessage, at: string): Promise<void> {
  const templateId = resultTemplateId();
  if (!templateId) return;
  await sendSubscribe({ toUserId: message.toUserId, openid: message.openid, templateId, page: message.page, data: RESULT_FIELDS(message, at) });
}
