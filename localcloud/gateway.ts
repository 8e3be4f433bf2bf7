import type { IncomingMessage, ServerResponse } from 'http';
import { readJson, sendJson } from './http';
import { wechatContext } from './env';
import { FUNCTION_BODY_LIMIT, PlatformError } from './limits';

export type Main = (event: unknown, context: unknown) => Promise<unknown>;
export type ResolveMain = (name: string) => Main | undefined;

/**
 * POST /functions/<name> with `{ action, data }` runs the deployed handler in-process and returns
 * its envelope. The caller's OPENID comes from the `x-openid` header: a local-only stand-in for
 * the identity WeChat puts in the function context.
 */
export function createGateway(resolve: ResolveMain) {
  return async (req: IncomingMessage, res: ServerResponse, name: string): Promise<void> => {
    const main = resolve(name);
    if (!main) return sendJson(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: '没有这个云函数' } });
    const openid = String(req.headers['x-openid'] ?? '');
    let event: unknown;
    try {
      event = await readJson(req, FUNCTION_BODY_LIMIT);
    } catch (err) {
      // larger than a cloud function's 100 KB text body: the platform refuses it before the function
      if (err instanceof PlatformError) return sendJson(res, err.status, err.body(`local-${Date.now().toString(36)}`));
      return sendJson(res, 200, { ok: false, error: { code: 'INVALID_INPUT', message: '请求格式不正确' } });
    }
    // an empty OPENID is passed through so the function answers UNAUTHENTICATED itself
    const context = wechatContext(openid, name);
    try {
      sendJson(res, 200, await main(event, context));
    } catch (err) {
      // the platform's own failures (the function's timeout or memory) answer as CloudBase's gateway does
      if (err instanceof PlatformError) return sendJson(res, err.status, err.body(String(context.request_id)));
      throw err;
    }
  };
}
