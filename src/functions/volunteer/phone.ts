import { AppError } from '../../contract';
import { PHONE_RE } from '../../domain/volunteer/options';
import { getPhoneNumber, WX, WxOpenApiError } from '../../server/openapi';

/**
 * The code from WeChat's phone-number button (<button open-type="getPhoneNumber">) becomes a phone
 * number on the server only, through the open API phonenumber.getPhoneNumber (src/server/openapi.ts;
 * config.json lists it under permissions.openapi). A code works once and for five minutes; the
 * local cloud's WeChat issues codes the same way (localcloud/openapi.ts).
 */
const FAILED = '手机号获取失败，请重试或手动填写';
const USED = '这次手机号授权已失效，请重新点击获取手机号，或手动填写';

export async function exchangePhoneCode(code: string): Promise<string> {
  let phone: string;
  try {
    phone = (await getPhoneNumber(code)).purePhoneNumber;
  } catch (err) {
    // 40029: unknown, already used or older than five minutes — a new tap gives a new code
    if (err instanceof WxOpenApiError && err.errcode === WX.INVALID_CODE) throw new AppError('INVALID_INPUT', USED);
    console.error('[volunteer.verifyPhone]', err);
    throw new AppError('INVALID_INPUT', FAILED);
  }
  if (!PHONE_RE.test(phone)) throw new AppError('INVALID_INPUT', FAILED);
  return phone;
}
