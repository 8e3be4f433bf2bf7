/**
 * The environment variables that point an unmodified CloudBase function at the local cloud.
 * `@cloudbase/node-sdk` initialised with SYMBOL_CURRENT_ENV reads its service URL from
 * TCB_CONTEXT_CNFG; TENCENTCLOUD=true stops it probing Tencent Cloud's metadata host.
 */
export const LOCAL_ENV_ID = 'local';

/** Each function's subscribe-template variable and the local cloud's template for it. */
export const LOCAL_TEMPLATE_IDS = {
  VOLUNTEER_RESULT_TEMPLATE_ID: 'local-volunteer-result',
  WISH_REMINDER_TEMPLATE_ID: 'local-wish-reminder',
  VISIT_REMINDER_TEMPLATE_ID: 'local-visit-reminder',
  REPORT_REMINDER_TEMPLATE_ID: 'local-report-reminder',
  COMMENDATION_TEMPLATE_ID: 'local-commendation-result',
} as const;

export function pointSdkAt(baseUrl: string): void {
  Object.assign(process.env, {
    TENCENTCLOUD: 'true',
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${baseUrl}/admin` }),
    TENCENTCLOUD_SECRETID: 'local',
    TENCENTCLOUD_SECRETKEY: 'local',
    TENCENTCLOUD_REGION: 'ap-shanghai',
    SCF_NAMESPACE: LOCAL_ENV_ID,
    TCB_ENV: LOCAL_ENV_ID,
  });
  // the subscribe templates the local cloud's WeChat knows (localcloud/openapi.ts LOCAL_TEMPLATES),
  // configured as a deployment configures the ones chosen in the WeChat console
  for (const [name, id] of Object.entries(LOCAL_TEMPLATE_IDS)) process.env[name] ??= id;
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
