import { startTestCloud, as, fireTimer } from '../helpers/cloud';
import { crashAt, startCrashProxy, writesOf, type CrashMode, type CrashProxy } from '../helpers/crash';
import type { LocalCloud } from '../../localcloud/server';
import { publishedWish, setupWishWorld, type WishWorld } from '../domain/wish/world';
import { setClock } from '../../src/server/time';
import { userIdFor } from '../../src/server/ids';
import { CONFIRM_AFTER_MS } from '../../src/domain/recount';

/**
 * Crash injection (issue 15 item 3) for the wish claim cycle: claim, cancel, send and the timer's
 * lapse each run with their k-th database write failing, for every k, as a dying process (`dead`)
 * and as one refused request (`once`). Then the claims timer runs as CloudBase would (after
 * CONFIRM_AFTER_MS, twice) and every donor's slots must equal the wishes she holds (openClaims =
 * size of holding = her claimed wishes), every wish's claim fields must fit its state, and the
 * wish must be usable again (claimed by someone else, or cancelled by its claimant).
 */
const T0 = Date.parse('2026-03-02T02:00:00Z');
const DAY = 24 * 3600_000;
let t = T0;
let cloud: LocalCloud;
let w: WishWorld;
let proxy: CrashProxy;
let n = 0;
const MODES: CrashMode[] = ['dead', 'once'];

beforeEach(async () => {
  t = T0;
  setClock(() => t);
  cloud = await startTestCloud();
  w = await setupWishWorld(cloud);
  proxy = await startCrashProxy(cloud);
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(async () => {
  jest.restoreAllMocks();
  await proxy.close();
  setClock(null);
  await cloud.close();
});

type Wish = { _id: string; status: string; claimantId: string | null; claimedAt: string | null; expiresAt: string | null; releasedFrom?: string | null };
type Donor = { _id: string; openClaims: number; holding?: Record<string, string> };
const wishes = () => cloud.store.rawDocuments('wishes') as Wish[];
const donors = () => (cloud.store.rawDocuments('wish_donors') as Donor[]).filter((d) => !d._id.startsWith('~'));

/** What must hold whatever happened: slots equal the claimed wishes, claim fields fit the state. */
function broken(): string[] {
  const out: string[] = [];
  const all = wishes();
  for (const d of donors()) {
    const claimed = all.filter((x) => x.status === 'claimed' && x.claimantId === d._id).map((x) => x._id).sort();
    const held = Object.keys(d.holding ?? {}).sort();
    if (d.openClaims !== claimed.length || held.join() !== claimed.join()) out.push(`${d._id}: openClaims ${d.openClaims}, holding [${held}], claimed [${claimed}]`);
  }
  for (const x of all) {
    if ((x.status === 'claimed' || x.status === 'sent') !== !!x.claimantId) out.push(`${x._id}: ${x.status} with claimant ${x.claimantId}`);
    if (x.status === 'claimed' && (!x.claimedAt || !x.expiresAt)) out.push(`${x._id}: claimed without its times`);
  }
  // a claimed wish whose donor has no document at all
  for (const x of all) if (x.status === 'claimed' && !donors().some((d) => d._id === x.claimantId)) out.push(`${x._id}: claimant ${x.claimantId} has no slots document`);
  return out;
}

/** The timer twice, far enough apart for the follow-ups and the recount to act. */
async function heal(): Promise<void> {
  for (let i = 0; i < 2; i++) {
    t += CONFIRM_AFTER_MS + 60_000;
    expect(await fireTimer(cloud, 'wish', 'claims')).toMatchObject({ ok: true });
  }
}

type Setup = { id: string; donor: string };
const cases: { name: string; setup: () => Promise<Setup>; run: (s: Setup) => Promise<unknown>; retry: (s: Setup) => Promise<void> }[] = [
  {
    name: 'claim',
    setup: async () => ({ id: await publishedWish(cloud, w.a, { title: `心愿${n}` }), donor: `crash-donor-${n++}` }),
    run: ({ id, donor }) => as(cloud, donor).raw('wish', 'claim', { id, displayName: '李女士', remind: true }),
    // the wish is hers or free: either way she (or another donor) can go on
    retry: async ({ id, donor }) => {
      const x = wishes().find((y) => y._id === id)!;
      if (x.status === 'claimed') await as(cloud, donor).ok('wish', 'cancel', { id });
      await as(cloud, `${donor}-next`).ok('wish', 'claim', { id });
    },
  },
  {
    name: 'cancel',
    setup: async () => {
      const s = { id: await publishedWish(cloud, w.a, { title: `心愿${n}` }), donor: `crash-donor-${n++}` };
      await as(cloud, s.donor).ok('wish', 'claim', { id: s.id });
      return s;
    },
    run: ({ id, donor }) => as(cloud, donor).raw('wish', 'cancel', { id }),
    retry: async ({ id, donor }) => {
      if (wishes().find((y) => y._id === id)!.status === 'claimed') await as(cloud, donor).ok('wish', 'cancel', { id });
      await as(cloud, `${donor}-next`).ok('wish', 'claim', { id });
    },
  },
  {
    name: 'send',
    setup: async () => {
      const s = { id: await publishedWish(cloud, w.a, { title: `心愿${n}` }), donor: `crash-donor-${n++}` };
      await as(cloud, s.donor).ok('wish', 'claim', { id: s.id });
      return s;
    },
    run: ({ id, donor }) => as(cloud, donor).raw('wish', 'send', { id, mode: 'volunteer', note: '已寄出' }),
    retry: async ({ id, donor }) => {
      if (wishes().find((y) => y._id === id)!.status === 'claimed') await as(cloud, donor).ok('wish', 'send', { id, mode: 'office', note: '' });
      expect(wishes().find((y) => y._id === id)!.status).toBe('sent');
    },
  },
  {
    name: 'lapse (the claims timer)',
    setup: async () => {
      const s = { id: await publishedWish(cloud, w.a, { title: `心愿${n}` }), donor: `crash-donor-${n++}` };
      await as(cloud, s.donor).ok('wish', 'claim', { id: s.id });
      t += 8 * DAY;
      return s;
    },
    run: () => fireTimer(cloud, 'wish', 'claims'),
    retry: async ({ id, donor }) => {
      expect(wishes().find((y) => y._id === id)!.status).toBe('published');
      const notes = (cloud.store.rawDocuments('wish_notifications') as { userId: string; wishId: string; kind: string }[]).filter((x) => x.wishId === id && x.kind === 'lapsed');
      expect(notes.map((x) => x.userId)).toEqual([userIdFor(donor)]); // told once, even when the timer wrote it again
      await as(cloud, `${donor}-next`).ok('wish', 'claim', { id });
    },
  },
];

describe.each(cases)('$name', ({ setup, run, retry }) => {
  test('every write failing in turn leaves a state the claims timer completes, and the wish goes on', async () => {
    const dry = await setup();
    const writes = await writesOf(proxy, () => run(dry));
    expect(writes.length).toBeGreaterThanOrEqual(2);
    let brokenByDeath = 0;
    for (const mode of MODES) {
      for (let k = 1; k <= writes.length; k++) {
        const s = await setup();
        const { fired } = await crashAt(proxy, k, mode, () => run(s));
        expect(fired).toBe(true);
        if (broken().length) brokenByDeath++;
        await heal();
        expect({ mode, k, broken: broken() }).toEqual({ mode, k, broken: [] });
        await retry(s);
        expect({ mode, k, after: 'retry', broken: broken() }).toEqual({ mode, k, after: 'retry', broken: [] });
      }
    }
    // the injection reaches states that need the timer (the test could fail without it)
    expect(brokenByDeath).toBeGreaterThan(0);
  });
});
