import fc from 'fast-check';
import { startTestCloud, as } from '../helpers/cloud';
import { makeStaff } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { ORGS, setupWorld, WHO } from '../domain/child/world';
import { approvedVolunteer, db } from '../domain/pairing/world';

/**
 * Random bursts of parallel confirms by two staff (and cancels in between): whatever the
 * interleaving, no volunteer holds more than her capacity, no child holds two pairings, and the
 * counters equal the pairings they count.
 */
let cloud: LocalCloud;
const kids: string[] = [];
const vols: { id: string; capacity: number }[] = [];
const STAFF2 = 'race-staff-2';
const A1 = { code: ORGS.communityA1, name: '测试社区甲一', path: ['sn', ORGS.countyA, ORGS.streetA, ORGS.communityA1] };

beforeAll(async () => {
  cloud = await startTestCloud();
  await setupWorld(cloud);
  await makeStaff(cloud, STAFF2, ORGS.countyA, ['pairing.manage']);
  for (let i = 0; i < 6; i++) kids.push((await as(cloud, WHO.countyA).ok('child', 'create', childInput(100 + i, A1.code))).id);
  vols.push({ id: await approvedVolunteer(cloud, 'race-v1', A1), capacity: 1 });
  vols.push({ id: await approvedVolunteer(cloud, 'race-v3', A1, { pairingForms: ['one_to_many'] }), capacity: 3 });
});
afterAll(() => cloud.close());

type Row = { _id: string; childId: string; volunteerUserId: string; status: string; version: number };
const holding = () => (cloud.store.rawDocuments('pairings') as unknown as Row[]).filter((p) => ['proposed', 'consented', 'active'].includes(p.status));

test('capacity and one pairing per child hold under random parallel confirms', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 1 }), fc.boolean()), { minLength: 2, maxLength: 8 }),
      fc.integer({ min: 0, max: 3 }),
      async (burst, cancels) => {
        // free a few places first, so later bursts contest them again
        for (const p of holding().slice(0, cancels)) await as(cloud, WHO.countyA).ok('pairing', 'cancel', { id: p._id, version: p.version, reason: '测试' });
        const res = await Promise.all(burst.map(([c, v, second]) => as(cloud, second ? STAFF2 : WHO.countyA).raw('pairing', 'propose', { childId: kids[c], volunteerId: vols[v].id })));
        expect(res.every((r) => r.ok || (r as { error: { code: string } }).error.code === 'CONFLICT')).toBe(true);
        const held = holding();
        for (const v of vols) {
          const mine = held.filter((p) => p.volunteerUserId === v.id).length;
          expect(mine).toBeLessThanOrEqual(v.capacity);
          const counter = ((await db().collection('pairing_volunteers').doc(v.id).get()).data?.[0] as { held: number } | undefined)?.held ?? 0;
          expect(counter).toBe(mine);
        }
        for (const c of kids) expect(held.filter((p) => p.childId === c).length).toBeLessThanOrEqual(1);
      },
    ),
    { numRuns: 25 },
  );
});
