import { startTestCloud, as } from '../helpers/cloud';
import { countRoundTrips } from '../../localcloud/counting-proxy';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { ORGS, setupWorld, WHO } from '../domain/child/world';
import { approvedVolunteer } from '../domain/pairing/world';
import { userIdFor } from '../../src/server/ids';
import { appIdFor } from '../../src/functions/volunteer/store';

/**
 * Database round trips of the pairing actions (issue 16), counted by the proxy around one call
 * with the programme cache warm (a warm instance reads it once per 30 s). Budgets: propose ≤ 6,
 * the volunteer's accept ≤ 4, suggest ≤ 6 and the same with a hundred records as with thousands.
 */
let cloud: LocalCloud;
const A1 = { code: ORGS.communityA1, name: '测试社区甲一', path: ['sn', ORGS.countyA, ORGS.streetA, ORGS.communityA1] };

beforeEach(async () => {
  cloud = await startTestCloud();
  await setupWorld(cloud);
});
afterEach(() => cloud.close());

const staff = () => as(cloud, WHO.countyA);

const counted = <T>(fn: () => Promise<T>): Promise<[number, T]> => countRoundTrips(cloud, fn);

test('propose 5 (first pairing or not), consent 3, accept 4, decline 5, cancel 5, end 7', async () => {
  const kids: string[] = [];
  for (let i = 0; i < 2; i++) kids.push((await staff().ok('child', 'create', childInput(20 + i, A1.code))).id);
  const v = await approvedVolunteer(cloud, 'rt-vol', A1, { name: '测试妈妈甲' });
  const mum = as(cloud, 'rt-vol');
  await staff().ok('pairing', 'list', {}); // warms the programme cache
  // the caller's row; one aggregate (child, application, both nodes, both places documents);
  // the child's place and lock, her place, the pairing
  const [first, row] = await counted(() => staff().ok('pairing', 'propose', { childId: kids[0], volunteerId: v }));
  expect(first).toBe(5);
  // the caller's row, the pairing, its conditional update
  const [consent, offered] = await counted(() => staff().ok('pairing', 'recordConsent', { id: row.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-01-02' }));
  expect(consent).toBe(3);
  // the caller's row, the pairing, its conditional update, the child's paired flag
  const [accept, active] = await counted(() => mum.ok('pairing', 'respond', { id: offered.id, accept: true }));
  expect(accept).toBe(4);
  expect(active.status).toBe('active');
  // the caller's row, the pairing, its update, the child's place, her place, the count of active pairings, the flag
  const [end] = await counted(() => staff().ok('pairing', 'end', { id: row.id, version: active.version, reason: '测试' }));
  expect(end).toBe(7);
  // both places documents exist now: conditional updates instead of creating them, the same count
  const [again, second] = await counted(() => staff().ok('pairing', 'propose', { childId: kids[0], volunteerId: v }));
  expect(again).toBe(5);
  const [cancel] = await counted(() => staff().ok('pairing', 'cancel', { id: second.id, version: 1, reason: '测试' }));
  expect(cancel).toBe(5);
  const third = await staff().ok('pairing', 'propose', { childId: kids[1], volunteerId: v });
  const thirdOffer = await staff().ok('pairing', 'recordConsent', { id: third.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-01-02' });
  const [decline] = await counted(() => mum.ok('pairing', 'respond', { id: thirdOffer.id, accept: false, reason: '时间不便' }));
  expect(decline).toBe(5);
  for (const [n, budget] of [[first, 6], [again, 6], [accept, 4]]) expect(n).toBeLessThanOrEqual(budget);
});

/**
 * Thousands of records in county A, as a programme some years in: `paired` volunteers, each full
 * with one active pairing and one ended one behind her, their children, and `free` children
 * still waiting. More than the 3,000 documents past which the local cloud refuses a query no
 * index serves.
 */
function bulk(paired: number, free: number): void {
  const base = { programmeId: 'suining-2019', orgCode: A1.code, orgPath: A1.path };
  const childId = (i: number) => `bulkc${String(i).padStart(6, '0')}`;
  cloud.store.insertMany('children', Array.from({ length: paired + free }, (_, i) => ({
    _id: childId(i), ...base, name: `测试儿童批${i}`, sex: 'female', birthDate: '2017-05-01', category: 'left_behind',
    riskLevel: i % 7 ? 'low' : 'high', needs: ['study'], paired: i < paired, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z',
  })));
  const vols = Array.from({ length: paired }, (_, i) => userIdFor(`bulk-vol-${i}`));
  cloud.store.insertMany('volunteer_applications', vols.map((userId, i) => ({
    _id: appIdFor(userId), userId, status: 'approved', name: `测试妈妈批${i}`, form: { skills: '辅导功课', pairingForms: ['one_to_one'] },
    orgCode: A1.code, orgName: A1.name, orgPath: A1.path, teamKind: null, preferredAreaCode: null,
  })));
  cloud.store.insertMany('pairing_volunteers', vols.map((userId) => ({ _id: userId, capacity: 1, held: 1 })));
  cloud.store.insertMany('pairing_children', vols.map((userId, i) => ({ _id: childId(i), held: 1, local: 1, remote: 0, holders: { [userId]: `prbulkactive${i}` } })));
  cloud.store.insertMany('pairings', vols.flatMap((userId, i) => [
    { _id: `prbulkended${i}`, ...base, childId: childId(paired + (i % free)), volunteerUserId: userId, status: 'ended', role: null, proposedAt: '2025-01-01T00:00:00.000Z' },
    { _id: `prbulkactive${i}`, ...base, childId: childId(i), volunteerUserId: userId, status: 'active', role: null, proposedAt: '2025-06-01T00:00:00.000Z' },
  ]));
}

test('suggest: 3 round trips with a hundred records and the same with thousands', async () => {
  for (let i = 0; i < 9; i++) await staff().ok('child', 'create', childInput(30 + i, A1.code));
  for (let i = 0; i < 3; i++) await approvedVolunteer(cloud, `rt-few-${i}`, A1);
  await staff().ok('pairing', 'suggest', {}); // warms the programme cache
  // the caller's row, then two aggregates at once: the children with a free place (with their
  // pairings and node), the volunteers with a place left (with their places and node)
  const [few, small] = await counted(() => staff().ok('pairing', 'suggest', {}));
  expect(few).toBe(3);
  expect(small.objective.covered).toBe(3);

  bulk(3200, 1000); // 4,209 children, 3,203 volunteers, 6,400 pairings, 3,200 places documents of each kind
  const [many, large] = await counted(() => staff().ok('pairing', 'suggest', {}));
  // Flat beyond this size too: each side is one aggregate whose answer its $limit (SUGGEST_MAX)
  // bounds, and no read pages by the number of records (before: children by 1,000, places and
  // nodes by 500); what grows is the database's work inside those two requests (indexed: the
  // children by orgPath and _id, the volunteers by orgPath and status, pairings joined by
  // childId, places and nodes by _id), never the number of requests.
  expect(many).toBe(few);
  expect(many).toBeLessThanOrEqual(6);
  // only the waiting children and the volunteers with a place reached the engine
  expect(large.objective.covered).toBe(3);
  expect(large.suggestions.map((s) => s.volunteerName).sort()).toEqual(small.suggestions.map((s) => s.volunteerName).sort());
  // one child named: the same reads
  const [one, hers] = await counted(() => staff().ok('pairing', 'suggest', { childId: 'bulkc004000' }));
  expect(one).toBe(few);
  expect(hers.suggestions).toHaveLength(1);
});
