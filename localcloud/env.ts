/**
 * The environment variables that point an unmodified CloudBase function at the local cloud.
 * `@cloudbase/node-sdk` initialised with SYMBOL_CURRENT_ENV reads its service URL from
 * TCB_CONTEXT_CNFG; TENCENTCLOUD=true stops it probing Tencent Cloud's metadata host.
 */
export const LOCAL_ENV_ID = 'local';

export function pointSdkAt(baseUrl: string): void {
  Object.assign(process.env, {
    TENCENTCLOUD: 'true',
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${baseUrl}/admin` }),
    TENCENTCLOUD_SECRETID: 'local',
    TENCENTCLOUD_SECRETKEY: 'local',
    TENCENTCLOUD_REGION: 'ap-shanghai',
    SCF_NAMESPACE: LOCAL_ENV_ID,
    TCB_ENV: LOCAL_ENV_ID,
    AIXIN_LOCAL_CLOUD: '1', // emulated WeChat openapi (phone code exchange, subscribe messages recorded)
  });
  // throwaway keys for field encryption: local data is synthetic, real keys come from configuration
  process.env.FIELD_ENCRYPTION_KEY ??= Buffer.alloc(32, 7).toString('base64');
  process.env.FIELD_HASH_KEY ??= Buffer.alloc(32, 9).toString('base64');
}

/** What a WeChat-triggered call carries: the identity lives in `context.environment`, per call. */
export function wechatContext(openid: string, fnName: string): Record<string, unknown> {
  return {
    request_id: `local-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    function_name: fnName,
    namespace: LOCAL_ENV_ID,
    environment: JSON.stringify({ WX_OPENID: openid, WX_APPID: 'wxlocal', WX_UNIONID: '', TCB_ENV: LOCAL_ENV_ID }),
  };
}
