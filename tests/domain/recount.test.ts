import {
  CONFIRM_AFTER_MS, confirmFixes, recountChildPlaces, recountOpenClaims, recountPaired, recountVolunteerPlaces, type HoldingPairing,
} from '../../src/domain/recount';

/** The recount's pure half: true counts from the records, and the two-sightings rule before a repair. */
const p = (id: string, childId: string, volunteerUserId: string, role: HoldingPairing['role'] = null, status = 'proposed'): HoldingPairing => ({ id, childId, volunteerUserId, role, status });

test('volunteer places: her holding pairings; a missing field counts as 0', () => {
  const holding = [p('p1', 'c1', 'v1'), p('p2', 'c2', 'v1'), p('p3', 'c3', 'v2')];
  expect(recountVolunteerPlaces([{ _id: 'v1', held: 2 }, { _id: 'v2', held: 3 }, { _id: 'v3', held: 1 }, { _id: 'v4' } as never], holding)).toEqual([
    { kind: 'volunteer', id: 'v2', from: { held: 3 }, to: { held: 1 } },
    { kind: 'volunteer', id: 'v3', from: { held: 1 }, to: { held: 0 } },
  ]);
});

test('child places: held and the slot (no role is the local slot, as propose takes it), with their holders', () => {
  const holding = [p('p1', 'c1', 'v1', 'local'), p('p2', 'c1', 'v2', 'remote'), p('p3', 'c2', 'v3', null)];
  expect(recountChildPlaces([
    { _id: 'c1', held: 2, local: 1, remote: 1, holders: { v2: 'p2', v1: 'p1' } },
    { _id: 'c2', held: 1, local: 0, remote: 1, holders: { v3: 'p3' } },
    { _id: 'c3', held: 1, local: 1, remote: 0, holders: { v9: 'p9' } },
  ], holding)).toEqual([
    { kind: 'child', id: 'c2', from: { held: 1, local: 0, remote: 1, holders: { v3: 'p3' } }, to: { held: 1, local: 1, remote: 0, holders: { v3: 'p3' } } },
    { kind: 'child', id: 'c3', from: { held: 1, local: 1, remote: 0, holders: { v9: 'p9' } }, to: { held: 0, local: 0, remote: 0, holders: {} } },
  ]);
});

test('holders (the pair locks): one not holding is dropped, a holding pair without one gets it, a live holder is kept; an older document without holders gets them', () => {
  const holding = [p('p1', 'c1', 'v1'), p('p3', 'c1', 'v3'), p('p4', 'c4', 'v4'), p('p5', 'c4', 'v4'), p('p6', 'c6', 'v6')];
  expect(recountChildPlaces([
    { _id: 'c1', held: 2, local: 2, remote: 0, holders: { v1: 'p1', v2: 'gone' } },
    { _id: 'c4', held: 2, local: 2, remote: 0, holders: { v4: 'p5' } },
    { _id: 'c6', held: 1, local: 1, remote: 0 },
  ], holding)).toEqual([
    { kind: 'child', id: 'c1', from: { held: 2, local: 2, remote: 0, holders: { v1: 'p1', v2: 'gone' } }, to: { held: 2, local: 2, remote: 0, holders: { v1: 'p1', v3: 'p3' } } },
    { kind: 'child', id: 'c6', from: { held: 1, local: 1, remote: 0, holders: {} }, to: { held: 1, local: 1, remote: 0, holders: { v6: 'p6' } } },
  ]);
  // a holder of a pair with two holding pairings, neither named: the first by id
  expect(recountChildPlaces([{ _id: 'c4', held: 2, local: 2, remote: 0, holders: { v4: 'gone' } }], holding)[0].to.holders).toEqual({ v4: 'p4' });
});

test('paired: true exactly while the child has an active pairing; a missing flag counts as false', () => {
  const holding = [p('p1', 'c1', 'v1', null, 'active'), p('p2', 'c2', 'v2', null, 'consented'), p('p3', 'c3', 'v3', null, 'active')];
  expect(recountPaired([{ _id: 'c1', paired: false }, { _id: 'c2', paired: true }, { _id: 'c3', paired: true }, { _id: 'c4' }, { _id: 'c5', paired: true }], holding)).toEqual([
    { kind: 'paired', id: 'c1', from: { paired: false }, to: { paired: true } },
    { kind: 'paired', id: 'c2', from: { paired: true }, to: { paired: false } },
    { kind: 'paired', id: 'c5', from: { paired: true }, to: { paired: false } },
  ]);
});

test('open claims: the wishes she holds claimed', () => {
  expect(recountOpenClaims([{ _id: 'd1', openClaims: 3 }, { _id: 'd2', openClaims: 1 }, { _id: 'd3', openClaims: 0 }], [{ claimantId: 'd2' }, { claimantId: 'd3' }, { claimantId: null }])).toEqual([
    { kind: 'donor', id: 'd1', from: { openClaims: 3 }, to: { openClaims: 0 } },
    { kind: 'donor', id: 'd3', from: { openClaims: 0 }, to: { openClaims: 1 } },
  ]);
});

test('a difference is repaired only when seen the same at least CONFIRM_AFTER_MS apart; a changed one starts over, a gone one is forgotten', () => {
  const f = { kind: 'donor', id: 'd1', from: { openClaims: 3 }, to: { openClaims: 0 } };
  const first = confirmFixes([f], {}, 1000);
  expect(first.apply).toEqual([]);
  expect(first.suspects).toEqual({ 'donor:d1': { sig: expect.any(String), at: 1000 } });
  // too soon: still watched, from the first sighting
  const soon = confirmFixes([f], first.suspects, 1000 + CONFIRM_AFTER_MS - 1);
  expect(soon).toEqual({ apply: [], suspects: first.suspects });
  expect(confirmFixes([f], soon.suspects, 1000 + CONFIRM_AFTER_MS)).toEqual({ apply: [f], suspects: {} });
  // the counter or the truth moved meanwhile: a new sighting
  const moved = { ...f, from: { openClaims: 2 } };
  expect(confirmFixes([moved], first.suspects, 1000 + 2 * CONFIRM_AFTER_MS)).toEqual({ apply: [], suspects: { 'donor:d1': { sig: expect.any(String), at: 1000 + 2 * CONFIRM_AFTER_MS } } });
  expect(confirmFixes([], first.suspects, 1000 + 2 * CONFIRM_AFTER_MS)).toEqual({ apply: [], suspects: {} });
  // an inherited name is no sighting
  expect(confirmFixes([{ ...f, kind: 'toString', id: '' }], {}, 0).apply).toEqual([]);
});

test('a run that looked at part of the counters keeps the differences watched on the others as they were', () => {
  const f = { kind: 'donor', id: 'd1', from: { openClaims: 3 }, to: { openClaims: 0 } };
  const g = { kind: 'donor', id: 'd2', from: { openClaims: 1 }, to: { openClaims: 0 } };
  const first = confirmFixes([f, g], {}, 1000);
  // d1 not looked at: still watched from its first sighting; d2 looked at and fine now: forgotten
  const partial = confirmFixes([], first.suspects, 1000 + CONFIRM_AFTER_MS, CONFIRM_AFTER_MS, new Set(['donor:d2']));
  expect(partial).toEqual({ apply: [], suspects: { 'donor:d1': first.suspects['donor:d1'] } });
  // looked at later, the same: repaired
  expect(confirmFixes([f], partial.suspects, 1000 + CONFIRM_AFTER_MS, CONFIRM_AFTER_MS, new Set(['donor:d1']))).toEqual({ apply: [f], suspects: {} });
});
