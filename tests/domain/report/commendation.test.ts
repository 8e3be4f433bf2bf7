import { getProgramme, type Programme } from '../../../src/programmes';
import {
  defaultReviewYear, EMPTY_EVIDENCE, pairingVisitTally, visitTallier, rank, reviewWindow, windowCounterIds, weightedCriteria, commendationTitle, type Evidence,
} from '../../../src/domain/report/commendation';
import {
  allowed, decideNomination, nominationActors, NOMINATION_STATUSES, type NominationEvent, type NominationStatus,
} from '../../../src/domain/report/commendation-machine';
import { AppError } from '../../../src/contract/errors';
import { dayjs, ZONE } from '../../../src/server/time';
import type { PairingFacts } from '../../../src/domain/visits';

const sh = (s: string) => dayjs.tz(s, ZONE).toDate();
const suining = getProgramme('suining-2019') as Programme;
const xiamen = getProgramme('xiamen-2017') as Programme;

describe('the review window', () => {
  test('遂宁 (review in June): the twelve months before the review month, in Shanghai', () => {
    const w = reviewWindow(suining.commendation!, 2026);
    expect(w.start.toISOString()).toBe('2025-05-31T16:00:00.000Z');
    expect(w.end.toISOString()).toBe('2026-05-31T16:00:00.000Z');
    expect(w.label).toBe('2025年6月1日—2026年5月31日');
  });
  test('厦门 (no month): the calendar year', () => {
    const w = reviewWindow(xiamen.commendation!, 2026);
    expect(w.start.toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(w.end.toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(w.label).toBe('2026年1月1日—2026年12月31日');
  });
  test('the default year: calendar reviews look back in January and February', () => {
    expect(defaultReviewYear({}, sh('2027-02-10').getTime())).toBe(2026);
    expect(defaultReviewYear({}, sh('2026-12-10').getTime())).toBe(2026);
    expect(defaultReviewYear({ month: 6 }, sh('2026-06-10').getTime())).toBe(2026);
    expect(defaultReviewYear({ month: 6 }, sh('2026-01-10').getTime())).toBe(2026);
  });
  test('the title uses the programme\'s name for volunteers', () => {
    expect(commendationTitle(2026, suining.brandName)).toBe('2026年度优秀爱心妈妈');
  });
});

describe('visit compliance over a review year, from the counters', () => {
  const facts: PairingFacts = { pairingStartedOn: sh('2026-01-05 10:00'), volunteerRole: 'local', riskHistory: [] };
  // monthly_contact: 2 requirements a month; yearly_home_and_holiday: 2 a year
  const counters = new Map([
    ['monthly_contact.0:2026-03', 1],
    ['monthly_contact.1:2026-04', 2], // more than required: counts once
    ['yearly_home_and_holiday.0:2026', 1],
  ]);
  const calendar2026 = reviewWindow({}, 2026);

  test('a year that is over: every period owed since the pairing began', () => {
    const t = pairingVisitTally(suining, facts, counters, calendar2026, sh('2027-03-01').getTime());
    expect(t).toEqual({ required: 12 * 2 + 2, done: 3 });
  });
  test('a year in progress: ended periods in full, running ones only for what is already done', () => {
    const t = pairingVisitTally(suining, facts, counters, calendar2026, sh('2026-03-10 10:00').getTime());
    // January and February owed and missed (4), March's call done (1/1), the year's home visit done (1/1)
    expect(t).toEqual({ required: 6, done: 2 });
  });
  test('遂宁\'s June window counts January–May 2026 and the 2025 year (not owed: paired in 2026)', () => {
    const t = pairingVisitTally(suining, facts, counters, reviewWindow(suining.commendation!, 2026), sh('2026-06-10').getTime());
    expect(t).toEqual({ required: 10, done: 2 });
  });
  test('one tallier for many pairings answers each as if alone', () => {
    const asOf = sh('2027-03-01').getTime();
    const tally = visitTallier(suining, calendar2026, asOf);
    const early = { ...facts, pairingStartedOn: sh('2025-03-01') };
    const lateJuly = { ...facts, pairingStartedOn: sh('2026-07-25') }; // in July's last third
    const none = new Map<string, number>();
    expect(tally(facts, counters)).toEqual({ required: 26, done: 3 });
    expect(tally(early, none)).toEqual({ required: 26, done: 0 });
    expect(tally({ ...early, pairingStartedOn: sh('2024-01-01') }, counters)).toEqual({ required: 26, done: 3 });
    expect(tally(lateJuly, none)).toEqual(pairingVisitTally(suining, lateJuly, none, calendar2026, asOf));
    // no preset grants the late-start grace: July is owed too (six months of two contacts, the year)
    expect(tally(lateJuly, none)).toEqual({ required: 6 * 2 + 2, done: 0 });
    // under it, July (本期结对较晚，下期起计) is shown but not owed: from August on
    const graced = { ...suining, lateStartGrace: 'last_third' as const };
    expect(visitTallier(graced, calendar2026, asOf)(lateJuly, none)).toEqual({ required: 5 * 2 + 2, done: 0 });
  });
  test('the counters a window may read: each period ending in it, each requirement', () => {
    const ids = windowCounterIds(suining, calendar2026);
    expect(ids).toHaveLength(12 * 2 + 2);
    expect(ids).toContain('monthly_contact.1:2026-12');
    expect(ids).toContain('yearly_home_and_holiday.0:2026');
    expect(windowCounterIds(xiamen, calendar2026)).toEqual(['five_ones.0:2025-autumn', 'five_ones.1:2025-autumn', 'five_ones.2:2025-autumn', 'five_ones.3:2025-autumn', 'five_ones.4:2025-autumn', 'five_ones.0:2026-spring', 'five_ones.1:2026-spring', 'five_ones.2:2026-spring', 'five_ones.3:2026-spring', 'five_ones.4:2026-spring']);
  });
  test('a pairing made after the window owes nothing', () => {
    const late = { ...facts, pairingStartedOn: sh('2027-01-02') };
    expect(pairingVisitTally(suining, late, counters, calendar2026, sh('2027-03-01').getTime())).toEqual({ required: 0, done: 0 });
  });
});

describe('ranking', () => {
  const ev = (e: Partial<Evidence>): Evidence => ({ ...EMPTY_EVIDENCE, ...e });
  // default weights: pairings 20, visits 40, wishes 10, hours 20, flags 10
  const rows = [
    { userId: 'uC', subject: 'C', evidence: ev({}) },
    { userId: 'uB', subject: 'B', evidence: ev({ activePairings: 1, visitsRequired: 10, visitsDone: 10, serviceMinutes: 300 }) },
    { userId: 'uE', subject: 'E', evidence: ev({ activePairings: 2, visitsRequired: 4, visitsDone: 3, serviceMinutes: 300 }) },
    { userId: 'uA', subject: 'A', evidence: ev({ activePairings: 2, visitsRequired: 10, visitsDone: 8, wishesFulfilled: 1, serviceMinutes: 600, flagsRaised: 2, flagsFollowed: 1 }) },
    { userId: 'uD', subject: 'D', evidence: ev({ activePairings: 1, visitsRequired: 5, visitsDone: 5, serviceMinutes: 300 }) },
  ];

  test('weighted scores, hand-computed, and a deterministic order on ties', () => {
    const ranked = rank(suining.commendation!, rows);
    // A: 20·1 + 40·0.8 + 10·1 + 20·1 + 10·1 = 92; B, D: 20·0.5 + 40·1 + 20·0.5 = 60; E: 20·1 + 40·0.75 + 20·0.5 = 60
    expect(ranked.map((r) => [r.subject, r.total, r.rank])).toEqual([['A', 92, 1], ['B', 60, 2], ['D', 60, 3], ['E', 60, 4], ['C', 0, 5]]);
    const a = ranked[0].criteria;
    expect(a.map((c) => [c.label, c.score])).toEqual([
      ['保持结对数', 100], ['走访联系完成率', 80], ['圆梦微心愿数', 100], ['服务时长', 100], ['发现并跟进问题数', 100],
    ]);
    expect(a.find((c) => c.key === 'visit_compliance')!.text).toBe('完成8/10项（80%），打卡0次');
    expect(a.find((c) => c.key === 'service_hours')).toMatchObject({ value: 10, text: '10小时' });
    expect(a.find((c) => c.key === 'flags_followed')!.text).toBe('发现2个，已跟进1个');
    // the same data in another order ranks the same
    expect(rank(suining.commendation!, [...rows].reverse()).map((r) => r.subject)).toEqual(['A', 'B', 'D', 'E', 'C']);
  });

  test('weights are the programme\'s: a criterion weighted 0 is left out', () => {
    const onlyHours = { weights: { service_hours: 1, visit_compliance: 0 } };
    expect(weightedCriteria(onlyHours).map((c) => c.key)).toEqual(['service_hours']);
    const ranked = rank(onlyHours, rows);
    expect(ranked[0].subject).toBe('A');
    expect(ranked[0].criteria).toHaveLength(1);
    expect(ranked.find((r) => r.subject === 'C')!.total).toBe(0);
  });

  test('nobody with any evidence: everyone scores 0 and the order is by user id', () => {
    const ranked = rank(suining.commendation!, [{ userId: 'u2', subject: 2, evidence: ev({}) }, { userId: 'u1', subject: 1, evidence: ev({}) }]);
    expect(ranked.map((r) => [r.subject, r.total])).toEqual([[1, 0], [2, 0]]);
  });
});

describe('the nomination state machine', () => {
  const parties = { orgCode: 'st-a', orgPath: ['sn', 'sn-chuanshan', 'st-a'], volunteerOrgPath: ['sn', 'sn-chuanshan', 'st-a', 'cm-a1'], nominatedBy: 'u-street' };
  const at = (orgCode: string | null, userId = 'u-x', isAdmin = false) => nominationActors({ userId, isAdmin, orgCode }, parties);
  const refusal = (status: NominationStatus, event: NominationEvent, actors: ReturnType<typeof at>) => {
    try {
      decideNomination(status, event, actors);
      return null;
    } catch (e) {
      return (e as AppError).code;
    }
  };

  test('who is who: the nominating node, a node above, a node below, a sibling, an admin', () => {
    expect(at('st-a')).toEqual(['nominator', 'inScope']);
    expect(at('sn-chuanshan')).toEqual(['approver', 'inScope']);
    expect(at('sn')).toEqual(['approver', 'inScope']);
    expect(at('cm-a1')).toEqual(['inScope']);
    expect(at('st-b')).toEqual([]);
    expect(at(null, 'u-admin', true)).toEqual(['approver', 'inScope']);
    expect(at(null, 'u-street', true)).toEqual(['nominator', 'inScope']);
  });

  test('every transition, allowed and refused', () => {
    expect(decideNomination('nominated', 'approve', at('sn-chuanshan'))).toBe('approved');
    expect(decideNomination('nominated', 'return', at('sn'))).toBe('returned');
    expect(decideNomination('nominated', 'withdraw', at('st-a'))).toBe('withdrawn');
    expect(decideNomination('returned', 'renominate', at('st-a'))).toBe('nominated');
    expect(decideNomination('withdrawn', 'renominate', at('cm-a1'))).toBe('nominated');
    // the same node, a node below, a sibling cannot decide
    expect(refusal('nominated', 'approve', at('st-a'))).toBe('FORBIDDEN');
    expect(refusal('nominated', 'approve', at('cm-a1'))).toBe('FORBIDDEN');
    expect(refusal('nominated', 'return', at('st-b'))).toBe('FORBIDDEN');
    // only the nominating node withdraws
    expect(refusal('nominated', 'withdraw', at('sn-chuanshan'))).toBe('FORBIDDEN');
    // approved is final; decisions only on waiting nominations
    expect(refusal('approved', 'withdraw', at('st-a'))).toBe('CONFLICT');
    expect(refusal('approved', 'return', at('sn'))).toBe('CONFLICT');
    expect(refusal('approved', 'renominate', at('st-a'))).toBe('CONFLICT');
    expect(refusal('returned', 'approve', at('sn'))).toBe('CONFLICT');
    expect(refusal('withdrawn', 'approve', at('sn'))).toBe('CONFLICT');
    expect(refusal('nominated', 'renominate', at('st-a'))).toBe('CONFLICT');
    expect(refusal('returned', 'renominate', at('st-b'))).toBe('FORBIDDEN');
  });

  test('what the page may offer', () => {
    expect(allowed('nominated', at('sn'))).toEqual({ approve: true, return: true, withdraw: false });
    expect(allowed('nominated', at('st-a'))).toEqual({ approve: false, return: false, withdraw: true });
    for (const s of NOMINATION_STATUSES.filter((x) => x !== 'nominated')) expect(allowed(s, at('sn'))).toEqual({ approve: false, return: false, withdraw: false });
  });
});
