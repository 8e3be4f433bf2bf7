import { sendSubscribe } from '../../server/subscribe';
import { subscribeTemplate, templateIdOf } from '../../server/templates';

/**
 * "审核结果通知" to an applicant (VOLUNTEER_RESULT in src/server/templates.ts: its id and keyword
 * keys are configuration, VOLUNTEER_RESULT_TEMPLATE_ID and _FIELDS).
 */
export const resultTemplateId = (): string | null => templateIdOf('VOLUNTEER_RESULT');

export interface ResultMessage {
  toUserId: string;
  openid: string;
  result: string;
  note: string;
  page: string;
}

export async function sendResult(message: ResultMessage, at: string): Promise<void> {
  const template = subscribeTemplate('VOLUNTEER_RESULT');
  if (!template) return;
  const data = template.data({ subject: '爱心妈妈报名审核', result: message.result, note: message.note || '无', at });
  await sendSubscribe({ toUserId: message.toUserId, openid: message.openid, templateId: template.id, page: message.page, data });
}
