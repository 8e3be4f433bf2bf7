import { createFunction } from '../../server/handler';
import { cancel, claim, mine, send } from './donor';
import { donorBoard, get, list, thanksWall } from './public';
import { approvePhoto, collect, queue, receive, resubmit, review, revoke, staffGet, thank } from './staff';
import { claims } from './timers';
import { reconcile } from './recount';
import { onMediaCheckPush, type MediaCheckPush } from '../../server/media-check';

/** Cloud function `wish`: 微心愿, from collection to the child's thanks; the hourly timer lapses and reminds claims. */
export const main = createFunction(
  'wish',
  { list, get, claim, cancel, send, mine, thanksWall, donorBoard, collect, resubmit, queue, staffGet, review, revoke, receive, thank, approvePhoto, reconcile },
  // WeChat pushes every mediaCheckAsync verdict of the environment here (src/server/media-check.ts MESSAGE_PUSH)
  { timers: { claims }, pushes: { wxa_media_check: (event, { db }) => onMediaCheckPush(db, event as unknown as MediaCheckPush) } },
);
