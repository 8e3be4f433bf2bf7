import { startTestCloud, as } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { publishedWish, setupWishWorld, type WishWorld } from '../domain/wish/world';
import { userIdFor } from '../../src/server/ids';

/** Fifty donors claiming one wish at the same moment: exactly one wins; and one donor cannot exceed her limit by racing. */
let cloud: LocalCloud;
let w: WishWorld;
beforeAll(async () => {
  cloud = await startTestCloud();
  w = await setupWishWorld(cloud);
});
afterAll(() => cloud.close());

test('50 donors at once: exactly one claim succeeds, the other 49 are told it was just taken, no slot leaks', async () => {
  const id = await publishedWish(cloud, w.a);
  const donors = Array.from({ length: 50 }, (_, i) => `race-donor-${i}`);
  const results = await Promise.all(donors.map((d) => as(cloud, d).raw('wish', 'claim', { id })));
  const winners = results.filter((r) => r.ok);
  expect(winners).toHaveLength(1);
  const losers = results.filter((r) => !r.ok);
  expect(losers).toHaveLength(49);
  for (const r of losers) expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('刚刚被其他爱心人士认领') } });

  const winner = donors[results.findIndex((r) => r.ok)];
  const wish = cloud.store.rawDocuments('wishes').find((d) => d._id === id) as { status: string; claimantId: string; version: number };
  expect(wish).toMatchObject({ status: 'claimed', claimantId: userIdFor(winner), version: 3 });
  const counters = cloud.store.rawDocuments('wish_donors') as { _id: string; openClaims: number }[];
  expect(counters.filter((c) => c.openClaims > 0).map((c) => c._id)).toEqual([userIdFor(winner)]);
  // the claim is recorded on the wish itself, by the update that made it
  const claims = ((cloud.store.rawDocuments('wishes').find((d) => d._id === id) as { trail: { event: string }[] }).trail).filter((e) => e.event === 'claim');
  expect(claims).toHaveLength(1);
});

test('one donor claiming six wishes at once gets exactly her limit of three', async () => {
  const ids = [];
  for (let i = 0; i < 6; i++) ids.push(await publishedWish(cloud, w.a, { title: `并发心愿${i}` }));
  const results = await Promise.all(ids.map((id) => as(cloud, 'greedy-donor').raw('wish', 'claim', { id })));
  expect(results.filter((r) => r.ok)).toHaveLength(3);
  for (const r of results.filter((x) => !x.ok)) expect(r).toMatchObject({ error: { code: 'CONFLICT', message: expect.stringContaining('3个进行中的认领') } });
  const counter = cloud.store.rawDocuments('wish_donors').find((d) => d._id === userIdFor('greedy-donor')) as { openClaims: number };
  expect(counter.openClaims).toBe(3);
  const held = (cloud.store.rawDocuments('wishes') as { claimantId: string | null }[]).filter((d) => d.claimantId === userIdFor('greedy-donor'));
  expect(held).toHaveLength(3);
});
