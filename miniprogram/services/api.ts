import type { ActionName, Envelope, FunctionName, Input, Output } from '../../src/contract';
import { config, localOpenid } from './config';

/**
 * The typed API client: every call is `{ action, data }` to a cloud function and every answer an
 * envelope, so names, inputs and outputs are checked against the one contract (src/contract).
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** what a CONFLICT carries where the action's contract declares it (e.g. the record as stored now) */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

const NETWORK_MESSAGE = '网络不太好，请稍后再试';

function viaCloud(fn: string, payload: unknown): Promise<Envelope<unknown>> {
  return new Promise((resolve, reject) => {
    wx.cloud.callFunction({
      name: fn,
      data: payload as WechatMiniprogram.IAnyObject,
      success: (res) => resolve(res.result as Envelope<unknown>),
      fail: () => reject(new ApiError('NETWORK', NETWORK_MESSAGE)),
    });
  });
}

function viaLocal(fn: string, payload: unknown): Promise<Envelope<unknown>> {
  return new Promise((resolve, reject) => {
    wx.request({
      url: `${config.localUrl}/functions/${fn}`,
      method: 'POST',
      data: payload as WechatMiniprogram.IAnyObject,
      header: { 'content-type': 'application/json', 'x-openid': localOpenid() },
      success: (res) => resolve(res.data as Envelope<unknown>),
      fail: () => reject(new ApiError('NETWORK', NETWORK_MESSAGE)),
    });
  });
}

export async function call<F extends FunctionName, A extends ActionName<F>>(fn: F, action: A, data: Input<F, A>): Promise<Output<F, A>> {
  const payload = { action, data };
  const envelope = config.backend === 'cloud' ? await viaCloud(fn, payload) : await viaLocal(fn, payload);
  if (!envelope || typeof envelope !== 'object') throw new ApiError('INTERNAL', '系统繁忙，请稍后再试');
  if (!envelope.ok) throw new ApiError(envelope.error.code, envelope.error.message, envelope.error.details);
  return envelope.data as Output<F, A>;
}
