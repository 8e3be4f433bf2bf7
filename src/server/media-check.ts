import { nextPhotoCheck, photoCheckOf, type PhotoCheck } from '../domain/content';
import { mediaCheckAsync, type SecScene } from './openapi';
import { getApp, type Db } from './runtime';
import { isoNow } from './time';

/**
 * Content security for photos others will see: security.mediaCheckAsync v2, whose verdict arrives
 * later as a message push (云函数接收消息推送: developers.weixin.qq.com/miniprogram/dev/wxcloud/guide/functions/openapi.html).
 *
 * 1. The asking handler calls `askPhotoCheck` (a temporary URL for the fileID, since WeChat must
 *    download it, then mediaCheckAsync with the author's OPENID and scene) and stores the photo as
 *    'pending' (or 'unchecked' when the check could not be asked) in its own document;
 * 2. then `recordPhotoCheck` keeps a ticket in `media_checks` (`_id` = trace_id) naming where the
 *    verdict goes;
 * 3. WeChat pushes `{ MsgType: 'event', Event: 'wxa_media_check', trace_id, result: { suggest } }`
 *    to the one function configured for it; `onMediaCheckPush` moves the ticket and the photo's
 *    check in its document (src/domain/content nextPhotoCheck).
 *
 * WeChat routes one (MsgType, Event) pair to one function per environment, so the ticket names the
 * document: the receiving function need not be the one that asked. A push that comes before step 2
 * leaves a ticket without a target, which step 2 then applies. The trace_id never leaves the server,
 * so a caller who shapes a call like a push cannot name a real one.
 */
export const MEDIA_CHECKS = 'media_checks';

/** The message pushes to configure (云开发控制台 - 设置 - 其他设置 - 消息推送), and the function each goes to. */
export const MESSAGE_PUSH = [{ msgType: 'event', event: 'wxa_media_check', functionName: 'wish' }] as const;

/** Where a verdict goes: the document, the field holding the fileID it is about, the field holding its check. */
export interface MediaCheckTarget {
  collection: string;
  docId: string;
  fileField: string;
  checkField: string;
}

export interface MediaCheckDoc {
  _id: string;
  fileID: string | null;
  openid: string | null;
  scene: number | null;
  target: MediaCheckTarget | null;
  check: PhotoCheck;
  label: number | null;
  requestedAt: string | null;
  decidedAt: string | null;
}

/** Temporary URLs WeChat can fetch within its 30 minutes (and a margin). */
const URL_MAX_AGE_S = 2 * 60 * 60;

/**
 * Asks WeChat to check an uploaded image; the trace_id, or null when it could not be asked (no
 * such file, WeChat refused the call): the photo is then 'unchecked' and waits for staff.
 * Calling this makes a function need `security.mediaCheckAsync` in permissions.openapi.
 */
export async function askPhotoCheck(fileID: string, openid: string, scene: SecScene): Promise<string | null> {
  try {
    const urls = await getApp().getTempFileURL({ fileList: [{ fileID, maxAge: URL_MAX_AGE_S }] });
    const url = urls.fileList?.[0]?.tempFileURL;
    if (!url) {
      console.warn('[mediaCheckAsync] no download URL for', fileID);
      return null;
    }
    return (await mediaCheckAsync({ openid, scene, mediaUrl: url, mediaType: 2 })).traceId;
  } catch (err) {
    console.error('[mediaCheckAsync]', fileID, err);
    return null;
  }
}

const isDuplicate = (err: unknown) => /DUPLICATE/i.test(String((err as { code?: unknown })?.code ?? '') + String((err as Error)?.message ?? ''));

async function readTicket(db: Db, traceId: string): Promise<MediaCheckDoc | null> {
  return ((await db.collection(MEDIA_CHECKS).doc(traceId).get()).data?.[0] as MediaCheckDoc | undefined) ?? null;
}

/** Writes a decided check into the document, only while it still holds that photo. */
async function applyToTarget(db: Db, t: MediaCheckTarget, fileID: string, check: PhotoCheck): Promise<void> {
  await db.collection(t.collection).where({ _id: t.docId, [t.fileField]: fileID }).update({ [t.checkField]: check });
}

/** Step 2: after the document holds the photo as 'pending', keep the ticket the push will find. */
export async function recordPhotoCheck(db: Db, traceId: string, c: { fileID: string; openid: string; scene: SecScene; target: MediaCheckTarget }): Promise<void> {
  const ticket: MediaCheckDoc = {
    _id: traceId, fileID: c.fileID, openid: c.openid, scene: c.scene, target: c.target, check: 'pending', label: null, requestedAt: isoNow(), decidedAt: null,
  };
  try {
    await db.collection(MEDIA_CHECKS).add(ticket);
    return;
  } catch (err) {
    if (!isDuplicate(err)) throw err;
  }
  // the verdict came first: its ticket has no target yet
  const early = await readTicket(db, traceId);
  if (!early || early.target) return;
  await db.collection(MEDIA_CHECKS).doc(traceId).update({ fileID: c.fileID, openid: c.openid, scene: c.scene, target: c.target, requestedAt: ticket.requestedAt });
  await applyToTarget(db, c.target, c.fileID, nextPhotoCheck('pending', early.check));
}

/** The push WeChat sends for mediaCheckAsync v2 (fields this code reads). */
export interface MediaCheckPush {
  MsgType: 'event';
  Event: 'wxa_media_check';
  trace_id?: unknown;
  result?: { suggest?: unknown; label?: unknown };
}

/** Step 3: a verdict arrives. Idempotent: WeChat may push a trace again. */
export async function onMediaCheckPush(db: Db, event: MediaCheckPush): Promise<{ traceId: string; check: PhotoCheck | null; applied: boolean }> {
  const traceId = typeof event.trace_id === 'string' ? event.trace_id : '';
  if (!traceId || traceId.length > 128) return { traceId, check: null, applied: false };
  const verdict = photoCheckOf(event.result?.suggest);
  const label = Number(event.result?.label ?? 0) || null;
  let ticket = await readTicket(db, traceId);
  if (!ticket) {
    try {
      // before the asker kept its ticket (step 2 applies it)
      await db.collection(MEDIA_CHECKS).add({
        _id: traceId, fileID: null, openid: null, scene: null, target: null, check: verdict, label, requestedAt: null, decidedAt: isoNow(),
      } satisfies MediaCheckDoc);
      return { traceId, check: verdict, applied: false };
    } catch (err) {
      if (!isDuplicate(err)) throw err;
      ticket = await readTicket(db, traceId);
      if (!ticket) return { traceId, check: null, applied: false };
    }
  }
  const next = nextPhotoCheck(ticket.check, verdict);
  if (next === ticket.check && ticket.check !== 'pending') return { traceId, check: next, applied: false };
  const moved = await db.collection(MEDIA_CHECKS).where({ _id: traceId, check: ticket.check }).update({ check: next, label, decidedAt: isoNow() });
  if (moved.updated !== 1) return { traceId, check: null, applied: false }; // another push of the same trace won
  if (ticket.target && ticket.fileID) await applyToTarget(db, ticket.target, ticket.fileID, next);
  return { traceId, check: next, applied: !!ticket.target };
}
