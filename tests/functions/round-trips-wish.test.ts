import { startTestCloud, as } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { countRoundTrips } from '../../localcloud/counting-proxy';
import { publishedWish, setupWishWorld, type WishWorld } from '../domain/wish/world';

/**
 * Round trips (issue 16) of the donor's claim cycle, counted around one call: the same with a few
 * records and with thousands, and at most: claim 4 (her user row, her slots, the wish's
 * conditional move, her slot), cancel and send 3 (user row, the wish's move, her slot).
 */
let cloud: LocalCloud;
let w: WishWorld;
beforeEach(async () => {
  cloud = await startTestCloud();
  w = await setupWishWorld(cloud);
});
afterEach(() => cloud.close());

const count = async (run: () => Promise<unknown>): Promise<number> => (await countRoundTrips(cloud, run))[0];

/** Thousands of wishes (published and claimed), donors and events beside the ones measured. */
function bulk(): void {
  const base = cloud.store.rawDocuments('wishes')[0] as Record<string, unknown>;
  const at = '2026-01-01T00:00:00.000Z';
  cloud.store.insertMany('wishes', Array.from({ length: 3000 }, (_, i) => ({ ...base, _id: `bulk-w-${i}`, status: i % 2 ? 'published' : 'claimed', claimantId: i % 2 ? null : `bulk-d-${i % 500}`, updatedAt: at })));
  cloud.store.insertMany('wish_donors', Array.from({ length: 3000 }, (_, i) => ({ _id: `bulk-d-${i}`, openClaims: 0, fulfilled: i % 7, holding: {}, displayName: null, anonymous: true, updatedAt: at })));
  cloud.store.insertMany('wish_events', Array.from({ length: 3000 }, (_, i) => ({ wishId: `bulk-w-${i}`, event: 'approve', from: 'pending', to: 'published', actorId: 'x', actorKind: 'reviewer', at, reason: null })));
}

test('claim, cancel and send cost the same few round trips with thousands of records', async () => {
  const measure = async (tag: string) => {
    const [a, b, c] = [await publishedWish(cloud, w.a, { title: `${tag}一` }), await publishedWish(cloud, w.a, { title: `${tag}二` }), await publishedWish(cloud, w.a, { title: `${tag}三` })];
    const donor = as(cloud, `rt-donor-${tag}`);
    return {
      firstClaim: await count(() => donor.ok('wish', 'claim', { id: a, remind: true })),
      claim: await count(() => donor.ok('wish', 'claim', { id: b, anonymous: true })),
      cancel: await count(() => donor.ok('wish', 'cancel', { id: a })),
      send: await count(() => donor.ok('wish', 'send', { id: b, mode: 'office', note: '' })),
      // a display name adds WeChat's content check (one request) and nothing else
      named: await count(() => donor.ok('wish', 'claim', { id: c, displayName: '王女士' })),
    };
  };
  await measure('warm'); // the programme cache
  const few = await measure('few');
  expect(few).toEqual({ firstClaim: 4, claim: 4, cancel: 3, send: 3, named: 5 });
  bulk();
  expect(await measure('many')).toEqual(few);
});
