import { createFunction } from '../../server/handler';
import { cancel, claim, mine, send } from './donor';
import { donorBoard, get, list, thanksWall } from './public';
import { approvePhoto, collect, queue, receive, resubmit, review, revoke, staffGet, thank } from './staff';
import { claims } from './timers';

/** Cloud function `wish`: 微心愿, from collection to the child's thanks; the hourly timer lapses and reminds claims. */
export const main = createFunction(
  'wish',
  { list, get, claim, cancel, send, mine, thanksWall, donorBoard, collect, resubmit, queue, staffGet, review, revoke, receive, thank, approvePhoto },
  { timers: { claims } },
);
