import { startTestCloud, as, fireTimer } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { ORGS, setupWorld, WHO } from '../domain/child/world';
import { counterKeys } from '../../src/domain/visits';
import { getProgramme } from '../../src/programmes';
import { setClock } from '../../src/server/time';
import { claimReminders } from '../../src/functions/visit/timers';
import { db } from '../domain/child/world';

/**
 * The morning timer past its page sizes: 2,600 active pairings (pages of 1,000, counts by index range
 * over 5,000, reminder keys checked and inserted 1,000 at a time), ended pairings between them whose
 * check-ins the range also meets, and two runs at once. Every pairing is tallied once, a pairing whose
 * requirement is met is not reminded of it, and each due item is reminded exactly once.
 */
const A1 = { code: ORGS.communityA1, name: '测试社区甲一', path: ['sn', ORGS.countyA, ORGS.streetA, ORGS.communityA1] };
const A2 = { code: ORGS.communityA2, name: '测试社区甲二', path: ['sn', ORGS.countyA, ORGS.streetA, ORGS.communityA2] };
const T0 = Date.parse('2026-03-28T02:00:00.000Z'); // March ends within a week: its items are due soon
const N = 2600;
const programme = getProgramme('suining-2019')!;

let cloud: LocalCloud;
afterEach(async () => {
  setClock(null);
  await cloud.close();
});

interface Reminder { _id: string; pairingId: string }
interface Note { userId: string; text: string }

/** Active pairings pr0000…pr2599 (A1 for even, A2 for odd), 100 volunteers; an ended pairing after every tenth, with check-ins. */
async function load(): Promise<void> {
  setClock(() => T0);
  cloud = await startTestCloud();
  await setupWorld(cloud);
  const children = [];
  const pairings = [];
  const checkins = [];
  const at = new Date(T0 - 86400_000).toISOString();
  const checkIn = (id: string, pairingId: string, kind: 'call' | 'guardian_contact') => ({
    _id: id, clientId: id, pairingId, childId: 'x', childName: '测试儿童', orgPath: A1.path, volunteerUserId: 'v', volunteerName: '测试妈妈', kind, at,
    durationMinutes: 30, withWhom: '', problems: '', measures: '', childState: { health: '', study: '', mood: '' }, checklist: [], photos: [], location: null,
    flagged: false, keys: counterKeys(programme, { kind, at }).map((k) => k.id), createdAt: at, revisions: [], correction: null, decisions: [], version: 1,
  });
  for (let i = 0; i < N; i++) {
    const id = `pr${String(i).padStart(4, '0')}`;
    const org = i % 2 ? A2 : A1;
    children.push({ _id: `ch${i}`, programmeId: 'suining-2019', name: `测试儿童${i}`, category: 'left_behind', riskLevel: 'low', orgCode: org.code, orgPath: org.path, status: 'active' });
    const pairing = {
      _id: id, programmeId: 'suining-2019', status: 'active', version: 1, childId: `ch${i}`, childName: `测试儿童${i}`, childCategory: 'left_behind',
      childOrgCode: org.code, childOrgName: org.name, orgPath: org.path, volunteerUserId: `tv${i % 100}`, volunteerName: '测试妈妈', volunteerOrgName: org.name,
      volunteerOrgPath: org.path, role: 'local', reasons: [], consent: null, deadline: null, message: '', proposedAt: '2026-01-05T02:00:00.000Z', proposedBy: 'test',
      acceptedAt: '2026-01-05T02:00:00.000Z', closedAt: null, closedBy: null, events: [],
    };
    pairings.push(pairing);
    if (i % 10 === 0) {
      // an ended pairing between two active ones, with many check-ins: counted by the range, ignored
      pairings.push({ ...pairing, _id: `${id}-ended`, status: 'ended', closedAt: at });
      for (let j = 0; j < 3; j++) checkins.push(checkIn(`${id}-ended-ck${j}`, `${id}-ended`, 'call'));
    }
    // every third active pairing has called the child this March: that requirement is met
    if (i % 3 === 0) checkins.push(checkIn(`${id}-ck`, id, 'call'));
  }
  cloud.store.insertMany('children', children);
  cloud.store.insertMany('pairings', pairings);
  cloud.store.insertMany('visit_checkins', checkins);
}

const reminders = () => cloud.store.rawDocuments('visit_reminders') as unknown as Reminder[];
const notes = () => cloud.store.rawDocuments('visit_notifications') as unknown as Note[];
const contactReminded = (pairingId: string) => reminders().some((r) => r.pairingId === pairingId && r._id.includes('monthly_contact.0:2026-03'));

test('2,600 pairings: each tallied once by area, reminded of exactly what is due', async () => {
  await load();
  const res = await fireTimer(cloud, 'visit', 'reminders');
  expect(res).toMatchObject({ ok: true, data: { pairings: N, reminded: 100 } });
  const board = await as(cloud, WHO.countyA).ok('visit', 'board', { view: 'area' });
  const street = board.items.find((r) => r.key === ORGS.streetA)!;
  expect(street.overdue + street.dueSoon + street.onTrack).toBe(N);
  // the contact with the child is reminded exactly where it was not made; the guardian contact everywhere
  for (const i of [0, 1, 2, 3, 999, 1000, 1001, 1998, 1999, 2000, 2001, 2598, 2599]) {
    const id = `pr${String(i).padStart(4, '0')}`;
    expect([id, contactReminded(id)]).toEqual([id, i % 3 !== 0]);
  }
  expect(reminders().filter((r) => r._id.includes('monthly_contact.1:2026-03')).length).toBe(N);
  expect(reminders().filter((r) => r._id.includes('monthly_contact.0:2026-03')).length).toBe(N - Math.ceil(N / 3));
  expect(reminders().some((r) => r.pairingId.endsWith('-ended'))).toBe(false);
  // one note per volunteer, listing her 26 children
  expect(notes()).toHaveLength(100);
  const again = await fireTimer(cloud, 'visit', 'reminders');
  expect(again).toMatchObject({ ok: true, data: { pairings: N, reminded: 0 } });
  expect(notes()).toHaveLength(100);
});

test('two runs at once remind each due item exactly once between them', async () => {
  await load();
  const runs = await Promise.all([fireTimer(cloud, 'visit', 'reminders'), fireTimer(cloud, 'visit', 'reminders')]);
  expect(runs.every((r) => r.ok)).toBe(true);
  const expected = N + (N - Math.ceil(N / 3)); // March's guardian contact for all, the child contact where not made
  const keys = reminders().map((r) => r._id).filter((k) => k.includes(':2026-03_'));
  expect(keys.length).toBe(expected);
  // every item appears in exactly one note line
  const lines = notes().flatMap((n) => n.text.replace(/^走访提醒：/, '').split('；').map((l) => `${n.userId}|${l}`));
  expect(new Set(lines).size).toBe(lines.length);
  const perRun = runs.map((r) => (r as { data: { reminded: number } }).data.reminded);
  expect(perRun.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(100); // every volunteer told by one run or both
});

test('claiming reminder keys: of two claims at once over the same keys each key goes to exactly one, and keys reminded before to neither', async () => {
  setClock(() => T0);
  cloud = await startTestCloud();
  const p = { _id: 'p', volunteerUserId: 'v' } as never;
  const due = (n: number, from = 0) => Array.from({ length: n }, (_x, i) => ({ key: `k${String(from + i).padStart(5, '0')}`, p, item: {} as never }));
  const before = await claimReminders(db(), due(300), 'run-0', 'at0');
  expect(before).toHaveLength(300);
  const [a, b] = await Promise.all([claimReminders(db(), due(2500), 'run-a', 'at1'), claimReminders(db(), due(2500), 'run-b', 'at1')]);
  const claimedA = new Set(a.map((d) => d.key));
  const claimedB = new Set(b.map((d) => d.key));
  expect([...claimedA].some((k) => claimedB.has(k))).toBe(false);
  expect(claimedA.size + claimedB.size).toBe(2200);
  const docs = reminders() as unknown as { _id: string; run: string }[];
  expect(docs).toHaveLength(2500);
  for (const d of docs) expect(d.run).toBe(Number(d._id.slice(1)) < 300 ? 'run-0' : claimedA.has(d._id) ? 'run-a' : 'run-b');
});
