/**
 * The edges of the yearly review (src/domain/report/commendation.ts), written against the mutants a
 * StrykerJS run left: the window's first and last instants, the last millisecond of a period, a
 * period still running past the window's end, the tallier's shared answers per set of facts, the
 * evidence texts, the compliance score (absolute, not relative), the rounding and every tie-break.
 */
import { getProgramme, type Programme } from '../../../src/programmes';
import { EMPTY_EVIDENCE, evidenceText, pairingVisitTally, rank, rawValue, reviewWindow, visitTallier, windowCounterIds, type Evidence } from '../../../src/domain/report/commendation';
import { dayjs, ZONE } from '../../../src/server/time';
import type { PairingFacts, WithVisitRules } from '../../../src/domain/visits';

const sh = (s: string) => dayjs.tz(s, ZONE).toDate();
const ms = (s: string) => sh(s).getTime();
// 遂宁: monthly_contact (2 requirements a month), yearly_home_and_holiday (2 a year)
const suining = getProgramme('suining-2019') as Programme;
// 晋江: low risk: a contact a month and a visit a quarter; medium/high risk: a visit a month
const jinjiang = getProgramme('jinjiang-2024') as Programme;
const calendar2026 = reviewWindow({}, 2026);
const june2026 = reviewWindow({ month: 6 }, 2026); // 1 June 2025 – 31 May 2026
const early: PairingFacts = { pairingStartedOn: sh('2024-01-01 10:00'), volunteerRole: 'local', riskHistory: [] };
const none = new Map<string, number>();

describe('what a window owes, at its edges', () => {
  test('a yearly period running past the window\'s end is not owed in it (遂宁 June window, year over)', () => {
    // June 2025 – May 2026: 12 months × 2, and the 2025 year (ends 1 January 2026) × 2; the 2026 year ends after the window
    expect(pairingVisitTally(suining, early, none, june2026, ms('2027-03-01'))).toEqual({ required: 26, done: 0 });
  });

  test('the counters of a window stop at periods ending in it', () => {
    const ids = windowCounterIds(suining, june2026);
    expect(ids).toHaveLength(26);
    expect(ids.slice(0, 2)).toEqual(['monthly_contact.0:2025-06', 'monthly_contact.1:2025-06']);
    expect(ids.slice(22)).toEqual(['monthly_contact.0:2026-05', 'monthly_contact.1:2026-05', 'yearly_home_and_holiday.0:2025', 'yearly_home_and_holiday.1:2025']);
  });

  test('a period done early but still running past the window\'s end is not credited', () => {
    const counters = new Map([['yearly_home_and_holiday.0:2026', 1], ['monthly_contact.0:2026-03', 1]]);
    // ended: June 2025 – February 2026 (9 × 2) and the 2025 year (2); running: March's contact, done (1/1)
    expect(pairingVisitTally(suining, early, counters, june2026, ms('2026-03-10'))).toEqual({ required: 21, done: 1 });
  });

  const march = new Map([['monthly_contact.0:2026-03', 1], ['monthly_contact.1:2026-03', 1], ['monthly_contact.0:2026-04', 1]]);

  test('at the last millisecond of March, March is over: owed in full, counted once', () => {
    // January and February missed (4), March done (2/2); April not begun; the year not done
    expect(pairingVisitTally(suining, early, march, calendar2026, ms('2026-04-01') - 1)).toEqual({ required: 6, done: 2 });
  });

  test('at the first instant of April, April has begun: its work done already is credited', () => {
    expect(pairingVisitTally(suining, early, march, calendar2026, ms('2026-04-01'))).toEqual({ required: 7, done: 3 });
  });

  test('at the window\'s first instant, work already done in its first periods is credited', () => {
    const counters = new Map([['monthly_contact.0:2026-01', 1], ['yearly_home_and_holiday.0:2026', 1]]);
    expect(pairingVisitTally(suining, early, counters, calendar2026, ms('2026-01-01'))).toEqual({ required: 2, done: 2 });
  });

  test('before the window opens nothing counts, not even work done in the month before', () => {
    const counters = new Map([['monthly_contact.0:2025-12', 1], ['monthly_contact.1:2025-12', 1]]);
    expect(pairingVisitTally(suining, early, counters, calendar2026, ms('2025-12-10'))).toEqual({ required: 0, done: 0 });
  });
});

describe('one tallier, many pairings: facts that owe differently are not shared', () => {
  const asOf = ms('2027-03-01');

  test('the risk level (晋江): low owes 12 contacts and 4 visits, high 12 visits', () => {
    const tally = visitTallier(jinjiang, calendar2026, asOf);
    const low = { ...early, riskHistory: [{ level: 'low' as const, from: sh('2025-01-01') }] };
    const high = { ...early, riskHistory: [{ level: 'high' as const, from: sh('2025-01-01') }] };
    expect(tally(low, none)).toEqual({ required: 16, done: 0 });
    expect(tally(high, none)).toEqual({ required: 12, done: 0 });
  });

  test('the moment of a risk change inside the window', () => {
    const tally = visitTallier(jinjiang, calendar2026, asOf);
    const history = (change: string) => [{ level: 'low' as const, from: sh('2025-01-01') }, { level: 'high' as const, from: sh(change) }];
    // high from July: 6 low months + Q1, Q2 + 6 high months = 14; from October: 9 + Q1–Q3 + 3 = 15
    expect(tally({ ...early, riskHistory: history('2026-07-01') }, none)).toEqual({ required: 14, done: 0 });
    expect(tally({ ...early, riskHistory: history('2026-10-01') }, none)).toEqual({ required: 15, done: 0 });
  });

  test('the child\'s category', () => {
    const forDifficult: WithVisitRules = {
      visitRules: [{
        key: 'difficult_call', label: '困境儿童：每月联系', period: 'month',
        appliesTo: { role: 'any', riskLevels: [], childCategories: ['difficult'] },
        requirements: [{ kinds: ['call'], count: 1, label: '联系一次' }],
      }],
    } as never;
    const tally = visitTallier(forDifficult, calendar2026, asOf);
    expect(tally({ ...early, childCategory: 'difficult' }, none)).toEqual({ required: 12, done: 0 });
    expect(tally({ ...early, childCategory: 'left_behind' }, none)).toEqual({ required: 0, done: 0 });
  });

  test('a start inside the earliest period of the window\'s rules is not "before" (December window, 2025 year)', () => {
    // window 1 December 2025 – 30 November 2026; the 2025 year ends inside it. A pairing made on
    // 15 October 2025 owes the twelve months and that year (遂宁 grants no late-start grace); under
    // the grace it is in the year's last third and owes the months but not the year.
    const december = reviewWindow({ month: 12 }, 2026);
    const tally = visitTallier(suining, december, asOf);
    const october = { ...early, pairingStartedOn: sh('2025-10-15 10:00') };
    expect(tally(early, none)).toEqual({ required: 26, done: 0 });
    expect(tally(october, none)).toEqual({ required: 26, done: 0 });
    expect(visitTallier({ ...suining, lateStartGrace: 'last_third' as const }, december, asOf)(october, none)).toEqual({ required: 24, done: 0 });
  });
});

describe('evidence texts and scores', () => {
  const ev = (e: Partial<Evidence>): Evidence => ({ ...EMPTY_EVIDENCE, ...e });
  const e = ev({ activePairings: 2, visitsRequired: 3, visitsDone: 2, checkIns: 7, wishesFulfilled: 4, serviceMinutes: 90, flagsRaised: 3, flagsFollowed: 2 });

  test('each criterion reads in Chinese', () => {
    expect(evidenceText('active_pairings', e)).toBe('2对');
    expect(evidenceText('visit_compliance', e)).toBe('完成2/3项（67%），打卡7次');
    expect(evidenceText('wishes_fulfilled', e)).toBe('4个');
    expect(evidenceText('service_hours', e)).toBe('1.5小时');
    expect(evidenceText('flags_followed', e)).toBe('发现3个，已跟进2个');
    expect(evidenceText('visit_compliance', ev({ checkIns: 3 }))).toBe('无应完成项，打卡3次');
    expect(rawValue('visit_compliance', ev({ checkIns: 3 }))).toBe(0);
  });

  test('one volunteer alone: every criterion in full, compliance absolute (2/3, not 100), the value to three decimals', () => {
    const [r] = rank({ weights: { active_pairings: 1, visit_compliance: 1, wishes_fulfilled: 1, service_hours: 1, flags_followed: 1 } }, [{ userId: 'u1', subject: 1, evidence: e }]);
    expect(r.criteria).toEqual([
      { key: 'active_pairings', label: '保持结对数', weight: 1, value: 2, text: '2对', score: 100 },
      { key: 'visit_compliance', label: '走访联系完成率', weight: 1, value: 0.667, text: '完成2/3项（67%），打卡7次', score: 66.7 },
      { key: 'wishes_fulfilled', label: '圆梦微心愿数', weight: 1, value: 4, text: '4个', score: 100 },
      { key: 'service_hours', label: '服务时长', weight: 1, value: 1.5, text: '1.5小时', score: 100 },
      { key: 'flags_followed', label: '发现并跟进问题数', weight: 1, value: 2, text: '发现3个，已跟进2个', score: 100 },
    ]);
    // (4 + 2/3) / 5 = 93.33…
    expect(r.total).toBe(93.3);
    expect(r.rank).toBe(1);
    expect(Object.keys(r).sort()).toEqual(['criteria', 'evidence', 'rank', 'subject', 'total', 'userId']);
  });

  test('no criterion weighted: every total is 0, not NaN', () => {
    const ranked = rank({ weights: {} }, [{ userId: 'u1', subject: 1, evidence: e }]);
    expect(ranked.map((r) => [r.total, r.criteria])).toEqual([[0, []]]);
  });
});

describe('the order', () => {
  const ev = (e: Partial<Evidence>): Evidence => ({ ...EMPTY_EVIDENCE, ...e });
  const byPairings = { weights: { active_pairings: 1 } };

  test('the higher total first, even with lower compliance and less time', () => {
    const rows = [
      { userId: 'u1', subject: 'less', evidence: ev({ activePairings: 1, visitsRequired: 1, visitsDone: 1, serviceMinutes: 600 }) },
      { userId: 'u2', subject: 'more', evidence: ev({ activePairings: 2 }) },
    ];
    expect(rank(byPairings, rows).map((r) => [r.subject, r.total, r.rank])).toEqual([['more', 100, 1], ['less', 50, 2]]);
  });

  test('equal totals: compliance first, then time, then the user id', () => {
    const rows = [
      { userId: 'u1', subject: 'time', evidence: ev({ activePairings: 1, visitsRequired: 2, visitsDone: 1, serviceMinutes: 600 }) },
      { userId: 'u2', subject: 'id-b', evidence: ev({ activePairings: 1, visitsRequired: 2, visitsDone: 1, serviceMinutes: 60 }) },
      { userId: 'u0', subject: 'id-a', evidence: ev({ activePairings: 1, visitsRequired: 2, visitsDone: 1, serviceMinutes: 60 }) },
      { userId: 'u3', subject: 'compliance', evidence: ev({ activePairings: 1, visitsRequired: 2, visitsDone: 2 }) },
    ];
    const order = ['compliance', 'time', 'id-a', 'id-b'];
    expect(rank(byPairings, rows).map((r) => [r.subject, r.total, r.rank])).toEqual(order.map((s, i) => [s, 100, i + 1]));
    expect(rank(byPairings, [...rows].reverse()).map((r) => r.subject)).toEqual(order);
  });
});

describe('a review year across a rule change (programme versions, issue 17)', () => {
  // 晋江 low risk: a contact a month (and a visit a quarter). From 1 July 2026 a new version asks a
  // contact a quarter instead of a month; the quarterly visit stays.
  const quarterly: WithVisitRules = {
    visitRules: jinjiang.visitRules.map((r) => (r.key === 'low_risk_contact' ? { ...r, key: 'low_risk_contact_q', period: 'quarter' } : r)),
    earlierRules: [{ visitRules: jinjiang.visitRules, lateStartGrace: jinjiang.lateStartGrace, until: ms('2026-07-01') }],
  };
  test('each period owes what its own version asked: 6 monthly contacts, then 2 quarterly, and 4 quarterly visits', () => {
    expect(pairingVisitTally(quarterly, early, none, calendar2026, ms('2027-02-01'))).toEqual({ required: 6 + 2 + 4, done: 0 });
    // without the earlier version the first half would be judged by the quarterly contact rule
    expect(pairingVisitTally({ visitRules: quarterly.visitRules }, early, none, calendar2026, ms('2027-02-01'))).toEqual({ required: 4 + 4, done: 0 });
  });
  test('the counters read cover both versions\' rules', () => {
    const ids = windowCounterIds(quarterly, calendar2026);
    expect(ids).toEqual(expect.arrayContaining(['low_risk_contact.0:2026-06', 'low_risk_contact_q.0:2026-Q3']));
  });
});
