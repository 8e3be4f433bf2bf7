import { BACKEND } from './backend';

/**
 * The one switch between back ends, chosen at build time (./backend.ts, written by
 * `npm run build -- --env <envId>`).
 * - 'cloud': wx.cloud.callFunction against the CloudBase environment `envId` (production).
 * - 'local': wx.request to the local cloud's gateway (`npm start`), for WeChat DevTools with
 *   "不校验合法域名" on. The identity is a local stand-in OPENID sent as `x-openid`; switch it
 *   with wx.setStorageSync('localOpenid', '...') in the DevTools console.
 */
export const config = {
  backend: BACKEND.backend,
  envId: BACKEND.envId,
  localUrl: 'http://127.0.0.1:8930',
  defaultLocalOpenid: 'demo-staff-city',
};

export function localOpenid(): string {
  try {
    return (wx.getStorageSync('localOpenid') as string) || config.defaultLocalOpenid;
  } catch {
    return config.defaultLocalOpenid;
  }
}
