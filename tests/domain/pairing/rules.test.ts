import {
  allocationRows, capacityOf, deadlineFrom, HOLDING, initialStatus, isLapsed, leaderLevelOf, matchRules, next, PAIRING_STATUSES, placesPerChild, roleOf, TRANSITIONS,
  type PairingEvent, type PairingStatus,
} from '../../../src/domain/pairing';
import { getProgramme } from '../../../src/programmes';

/** The pairing state machine and the programme's pairing rules, pure. */
const EVENTS = Object.keys(TRANSITIONS) as PairingEvent[];
const ALLOWED: Record<PairingEvent, [PairingStatus[], PairingStatus]> = {
  consent: [['proposed'], 'consented'],
  accept: [['consented'], 'active'],
  decline: [['consented'], 'declined'],
  lapse: [['consented'], 'lapsed'],
  cancel: [['proposed', 'consented'], 'cancelled'],
  end: [['active'], 'ended'],
  transfer: [['active'], 'transferred'],
};

describe('every transition, allowed and refused', () => {
  for (const event of EVENTS) {
    for (const from of PAIRING_STATUSES) {
      const [froms, to] = ALLOWED[event];
      const allowed = froms.includes(from);
      test(`${event} from ${from}: ${allowed ? to : 'refused'}`, () => {
        const r = next(from, event);
        if (allowed) expect(r).toEqual({ ok: true, to });
        else expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/[\u4e00-\u9fa5]/) });
      });
    }
  }
  test('closed statuses are final', () => {
    for (const s of ['declined', 'lapsed', 'cancelled', 'ended', 'transferred'] as const) expect(EVENTS.some((e) => next(s, e).ok)).toBe(false);
  });
  test('only proposed, consented and active hold places', () => {
    expect([...HOLDING].sort()).toEqual(['active', 'consented', 'proposed']);
  });
  test('no consent asked: the offer goes straight to the volunteer', () => {
    expect(initialStatus(true)).toBe('proposed');
    expect(initialStatus(false)).toBe('consented');
  });
});

describe('capacities and places from the presets', () => {
  const sn = getProgramme('suining-2019')!;
  const lg = getProgramme('longgang-2019')!;
  const yy = getProgramme('yueyang-2024')!;
  test('default capacity, or the maximum for 一对多 where allowed', () => {
    expect(capacityOf(sn.pairing)).toBe(1);
    expect(capacityOf(sn.pairing, ['one_to_many'])).toBe(3);
    expect(capacityOf(sn.pairing, ['many_to_many'])).toBe(1); // 遂宁 does not allow 多对多
    expect(capacityOf(lg.pairing, ['one_to_many'])).toBe(1); // 龙岗: one child per volunteer
  });
  test('places per child: one, or one local and one remote (岳阳)', () => {
    expect(placesPerChild(sn.pairing)).toEqual({ total: 1, local: 1, remote: 1 });
    expect(placesPerChild(yy.pairing)).toEqual({ total: 2, local: 1, remote: 1 });
  });
  test('龙岗 level rule: a leader pairs within her own level', () => {
    expect(leaderLevelOf(lg.pairing.levelRule, 'district')).toBe('district');
    expect(leaderLevelOf(lg.pairing.levelRule, 'street')).toBe('street');
    expect(leaderLevelOf(lg.pairing.levelRule, 'community')).toBe('community');
    expect(leaderLevelOf(sn.pairing.levelRule, 'street')).toBeUndefined();
    expect(matchRules(lg).areaRule).toBe('by_leader_level');
    expect(matchRules(sn)).toMatchObject({ areaRule: 'any', target: { sex: 'F', maxAge: 11 } });
    expect(matchRules(yy).requireSameCommunityForLocal).toBe(true);
  });
  test('roles from the team kind', () => {
    expect(roleOf('remote')).toBe('remote');
    expect(roleOf('local')).toBe('local');
    expect(roleOf(null)).toBe('local');
  });
  test('the deadline is acceptanceDays after the offer; lapsed at and after it', () => {
    const at = Date.parse('2026-03-01T02:00:00.000Z');
    const d = deadlineFrom(at, 3);
    expect(d).toBe('2026-03-04T02:00:00.000Z');
    expect(isLapsed(d, at + 3 * 86400_000 - 1)).toBe(false);
    expect(isLapsed(d, at + 3 * 86400_000)).toBe(true);
    expect(isLapsed(null, at * 2)).toBe(false);
  });
});

describe('厦门 allocations against pairings', () => {
  const xm = getProgramme('xiamen-2017')!;
  test('per district and category: active paired, proposed/consented pending', () => {
    const rows = allocationRows(xm.allocations, [
      { orgPath: ['xm', 'xm-haicang', 's', 'c'], category: 'left_behind', status: 'active' },
      { orgPath: ['xm', 'xm-haicang', 's', 'c'], category: 'difficult', status: 'consented' },
      { orgPath: ['xm', 'xm-siming', 's', 'c'], category: 'difficult', status: 'active' },
    ]);
    expect(rows.find((r) => r.orgCode === 'xm-haicang' && r.category === 'left_behind')).toEqual({ orgCode: 'xm-haicang', category: 'left_behind', allocated: 5, paired: 1, pending: 0 });
    expect(rows.find((r) => r.orgCode === 'xm-haicang' && r.category === 'difficult')).toEqual({ orgCode: 'xm-haicang', category: 'difficult', allocated: 15, paired: 0, pending: 1 });
    expect(rows.find((r) => r.orgCode === 'xm-siming')).toMatchObject({ allocated: 20, paired: 1 });
    expect(rows.reduce((n, r) => n + r.allocated, 0)).toBe(160);
  });
});
