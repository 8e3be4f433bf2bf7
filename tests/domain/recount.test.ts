import {
  CONFIRM_AFTER_MS, confirmFixes, pairLockId, recountChildPlaces, recountOpenClaims, recountPairLocks, recountVolunteerPlaces, type HoldingPairing,
} from '../../src/domain/recount';

/** The recount's pure half: true counts from the records, and the two-sightings rule before a repair. */
const p = (id: string, childId: string, volunteerUserId: string, role: HoldingPairing['role'] = null): HoldingPairing => ({ id, childId, volunteerUserId, role });

test('volunteer places: her holding pairings; a missing field counts as 0', () => {
  const holding = [p('p1', 'c1', 'v1'), p('p2', 'c2', 'v1'), p('p3', 'c3', 'v2')];
  expect(recountVolunteerPlaces([{ _id: 'v1', held: 2 }, { _id: 'v2', held: 3 }, { _id: 'v3', held: 1 }, { _id: 'v4' } as never], holding)).toEqual([
    { kind: 'volunteer', id: 'v2', from: { held: 3 }, to: { held: 1 } },
    { kind: 'volunteer', id: 'v3', from: { held: 1 }, to: { held: 0 } },
  ]);
});

test('child places: held and the slot (no role is the local slot, as propose takes it)', () => {
  const holding = [p('p1', 'c1', 'v1', 'local'), p('p2', 'c1', 'v2', 'remote'), p('p3', 'c2', 'v3', null)];
  expect(recountChildPlaces([
    { _id: 'c1', held: 2, local: 1, remote: 1 },
    { _id: 'c2', held: 1, local: 0, remote: 1 },
    { _id: 'c3', held: 1, local: 1, remote: 0 },
  ], holding)).toEqual([
    { kind: 'child', id: 'c2', from: { held: 1, local: 0, remote: 1 }, to: { held: 1, local: 1, remote: 0 } },
    { kind: 'child', id: 'c3', from: { held: 1, local: 1, remote: 0 }, to: { held: 0, local: 0, remote: 0 } },
  ]);
});

test('pair locks: a holder that is not holding is freed, a free lock of a holding pair is taken, a live holder kept', () => {
  const holding = [p('p1', 'c1', 'v1'), p('p3', 'c3', 'v3'), p('p4', 'c4', 'v4'), p('p5', 'c4', 'v4')];
  expect(pairLockId('c1', 'v1')).toBe('c1~v1');
  expect(recountPairLocks([
    { _id: 'c1~v1', holder: 'p1' },
    { _id: 'c2~v2', holder: 'gone' },
    { _id: 'c3~v3', holder: null },
    { _id: 'c4~v4', holder: 'p5' },
    { _id: 'c5~v5', holder: null },
  ], holding)).toEqual([
    { kind: 'lock', id: 'c2~v2', from: { holder: 'gone' }, to: { holder: null } },
    { kind: 'lock', id: 'c3~v3', from: { holder: null }, to: { holder: 'p3' } },
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
