import { installShotWx, startEmptyCloud, open, capture } from './render';
import { DEMO_DONOR } from '../localcloud/seed-wishes';
import type { LocalCloud } from '../localcloud/server';

/** What a page shows when there is nothing to show, and when something goes wrong (the gallery,
 * docs/screens.md, needs both): a programme that has just been set up, with no wishes yet; the
 * phone offline; an invite code the server refuses. */
const wx = installShotWx();
let cloud: LocalCloud;
beforeAll(async () => {
  cloud = await startEmptyCloud('suining-2019');
});
afterAll(() => cloud.close());

test('wish list and my claims with no wishes yet', async () => {
  const list = await open('pages/wish-list/index', DEMO_DONOR);
  if (list.data.items.length) throw new Error('shots: the empty programme has wishes');
  capture('wish-list-empty', 'pages/wish-list/index');
  await open('pages/my-claims/index', DEMO_DONOR);
  capture('my-claims-empty', 'pages/my-claims/index');
});

test('wish list offline', async () => {
  const request = wx.request;
  // what wx.request answers without a network
  wx.request = (o: { fail?: (e: unknown) => void }) => setTimeout(() => o.fail?.({ errMsg: 'request:fail timeout' }), 0);
  try {
    const list = await open('pages/wish-list/index', DEMO_DONOR);
    if (!list.data.error) throw new Error('shots: the wish list shows no error offline');
    capture('wish-list-offline', 'pages/wish-list/index');
  } finally {
    wx.request = request;
  }
});

test('joining as staff with a code the server refuses', async () => {
  const join = await open('packages/admin/pages/join/index', 'demo-new-user');
  join.instance.onCode({ detail: { value: 'ABCD2345' } });
  join.instance.onName({ detail: { value: '测试丁' } });
  await join.instance.onJoin();
  if (!join.data.error) throw new Error('shots: the unknown code was not refused');
  capture('admin-join-refused', 'packages/admin/pages/join/index');
});
