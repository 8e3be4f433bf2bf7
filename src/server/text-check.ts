import { AppError } from '../contract';
import { textAllowed } from '../domain/content';
import { msgSecCheck, WxOpenApiError, type SecScene } from './openapi';

/**
 * Content security for texts others will see: one msgSecCheck v2 call with the author's OPENID and
 * the scene, before anything is stored. A refusal ('risky' or 'review', src/domain/content) is
 * CONTENT_REFUSED with the contract's sentence; a failing check is refused too (nothing unchecked
 * is published), with its own sentence so the author knows to try again rather than rephrase.
 * Calling this makes a function need `security.msgSecCheck` in permissions.openapi.
 */
export async function assertTextAllowed(openid: string, scene: SecScene, texts: { content: readonly string[]; title?: string }): Promise<void> {
  const parts = texts.content.map((t) => t.trim()).filter(Boolean);
  const title = texts.title?.trim() || undefined;
  if (!parts.length && !title) return; // nothing anyone will read
  let suggest;
  try {
    // content is required (44002 when empty): a lone title goes as the content
    ({ suggest } = await msgSecCheck({ openid, scene, content: parts.length ? parts.join('\n') : title!, ...(parts.length && title ? { title } : {}) }));
  } catch (err) {
    if (!(err instanceof WxOpenApiError)) throw err;
    console.error('[msgSecCheck]', err.errcode, err.errmsg);
    throw new AppError('INTERNAL', '内容安全检查暂时无法完成，请稍后再试');
  }
  if (!textAllowed(suggest)) throw new AppError('CONTENT_REFUSED');
}
