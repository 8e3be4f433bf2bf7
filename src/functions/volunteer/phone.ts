import { AppError } from '../../contract';
import { PHONE_RE } from '../../domain/volunteer/options';
import { getApp } from '../../server/runtime';

/**
 * The code from WeChat's phone-number button (<button open-type="getPhoneNumber">) becomes a phone
 * number on the server only. Production: the openapi phonenumber.getPhoneNumber through the SDK's
 * callWxOpenApi (config.json lists it under permissions.openapi). The local cloud, which has no
 * WeChat, accepts codes of the form `local:13800001111` — and only there (AIXIN_LOCAL_CLOUD is set
 * by localcloud/env.ts, never in a deployed function).
 */
const FAILED = '手机号获取失败，请重试或手动填写';

export async function exchangePhoneCode(code: string): Promise<string> {
  if (process.env.AIXIN_LOCAL_CLOUD === '1') {
    const m = /^local:(\d{11})$/.exec(code);
    if (!m || !PHONE_RE.test(m[1]!)) throw new AppError('INVALID_INPUT', FAILED);
    return m[1]!;
  }
  if (code.startsWith('local:')) throw new AppError('INVALID_INPUT', FAILED);
  let phone: string | undefined;
  try {
    const res = await getApp().callWxOpenApi({ apiName: 'phonenumber.getPhoneNumber', requestData: { code } });
    const result = res.result as { errcode?: number; phone_info?: { purePhoneNumber?: string } } | undefined;
    phone = result?.errcode ? undefined : result?.phone_info?.purePhoneNumber;
  } catch (err) {
    console.error('[volunteer.verifyPhone]', err);
  }
  if (!phone || !PHONE_RE.test(phone)) throw new AppError('INVALID_INPUT', FAILED);
  return phone;
}
