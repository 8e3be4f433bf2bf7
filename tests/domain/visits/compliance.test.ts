import { getProgramme, type ContactKind, type Programme } from '../../../src/programmes';
import { applicableRules, compliance, type ComplianceItem, type PairingFacts } from '../../../src/domain/visits';
import { dayjs, ZONE } from '../../../src/server/time';

const sh = (s: string) => dayjs.tz(s, ZONE).toDate();
const prog = (id: string): Programme => getProgramme(id)!;
const ci = (kind: ContactKind, at: string) => ({ kind, at: sh(at) });
const base: PairingFacts = { pairingStartedOn: sh('2025-01-01'), volunteerRole: 'local', riskHistory: [] };
/** Compact view: 'rule.req@period status done/required'. */
const view = (items: ComplianceItem[]) =>
  items.map((i) => `${i.ruleKey}.${i.requirement}@${i.period.key} ${i.status} ${i.done}/${i.required}`);

describe('厦门 五个一 per school term', () => {
  const xm = prog('xiamen-2017');
  // paired as the spring term begins: the autumn term before it is not hers (no preset grants the
  // late-start grace, so a pairing made in January would owe that term's 五个一)
  const base: PairingFacts = { pairingStartedOn: sh('2025-02-01'), volunteerRole: 'local', riskHistory: [] };
  const checkIns = [
    ci('home_visit', '2025-02-01 00:00'),
    ci('talk', '2025-03-10 10:00'),
    ci('teacher_contact', '2025-05-01 10:00'),
    ci('guardian_contact', '2025-07-31 23:59'),
    ci('letter', '2025-08-01 00:30'), // first minutes of the autumn term: too late for spring
    ci('home_visit', '2025-01-31 23:59'), // last minute of the 2024 autumn term
  ];

  it('counts by term, labels in Chinese and turns due soon in the last week', () => {
    const items = compliance(xm, { ...base, checkIns }, sh('2025-07-26 09:00'));
    expect(view(items)).toEqual([
      'five_ones.0@2025-spring done 1/1',
      'five_ones.1@2025-spring done 1/1',
      'five_ones.2@2025-spring done 1/1',
      'five_ones.3@2025-spring done 1/1',
      'five_ones.4@2025-spring due_soon 0/1',
    ]);
    expect(items[4]).toMatchObject({ label: '给儿童写信一封', ruleLabel: '“五个一”', dueDate: '2025-07-31', remaining: 1, statusLabel: '即将到期' });
    expect(items[4].period.label).toBe('2025年春季学期');
    expect(view(compliance(xm, { ...base, checkIns }, sh('2025-07-20 09:00')))[4]).toBe('five_ones.4@2025-spring on_track 0/1');
  });

  it('reports the missed letter as overdue once the term has ended, and no done item of the past term', () => {
    const items = compliance(xm, { ...base, checkIns }, sh('2025-08-02 09:00'));
    expect(view(items)).toEqual([
      'five_ones.4@2025-spring overdue 0/1',
      'five_ones.0@2025-autumn on_track 0/1',
      'five_ones.1@2025-autumn on_track 0/1',
      'five_ones.2@2025-autumn on_track 0/1',
      'five_ones.3@2025-autumn on_track 0/1',
      'five_ones.4@2025-autumn done 1/1',
    ]);
    expect(items[0]).toMatchObject({ statusLabel: '已逾期', dueDate: '2025-07-31' });
  });
});

describe('遂宁 monthly contact and yearly visit and holiday', () => {
  const sn = prog('suining-2019');
  it('lets one home visit serve both monthly contacts; the yearly holiday stays open', () => {
    const items = compliance(sn, { ...base, checkIns: [ci('home_visit', '2025-03-31 23:00')] }, sh('2025-03-31 23:30'));
    expect(view(items)).toEqual([
      'monthly_contact.0@2025-02 overdue 0/1',
      'monthly_contact.1@2025-02 overdue 0/1',
      'monthly_contact.0@2025-03 done 1/1',
      'monthly_contact.1@2025-03 done 1/1',
      'yearly_home_and_holiday.0@2025 done 1/1',
      'yearly_home_and_holiday.1@2025 on_track 0/1',
    ]);
    expect(items[5]).toMatchObject({ label: '陪孩子过一次节日', dueDate: '2025-12-31' });
  });
});

describe('晋江 by risk level', () => {
  const jj = prog('jinjiang-2024');
  const low = [{ level: 'low' as const, from: sh('2024-06-01') }];

  it('asks a low-risk child for monthly contact and a quarterly visit, a high-risk child for monthly visits', () => {
    expect(applicableRules(jj, { volunteerRole: 'local', riskLevel: 'low' }).map((r) => r.key)).toEqual(['low_risk_contact', 'low_risk_visit']);
    expect(applicableRules(jj, { volunteerRole: 'remote', riskLevel: 'high' }).map((r) => r.key)).toEqual(['medium_high_risk_visit']);
    const items = compliance(jj, { ...base, riskHistory: low, checkIns: [ci('call', '2025-03-01 08:00'), ci('call', '2025-02-02')] }, sh('2025-03-31 12:00'));
    expect(view(items)).toEqual([
      'low_risk_contact.0@2025-03 done 1/1',
      'low_risk_visit.0@2025-Q1 due_soon 0/1',
    ]);
  });

  it('applies the stricter rule from a mid-quarter rise to high risk, counting visits made before it', () => {
    const riskHistory = [...low, { level: 'high' as const, from: sh('2025-02-15 10:00') }];
    const checkIns = [ci('home_visit', '2025-02-03 10:00'), ci('call', '2025-01-10')];
    expect(view(compliance(jj, { ...base, riskHistory, checkIns }, sh('2025-02-16')))).toEqual([
      'low_risk_contact.0@2025-02 done 1/1', // low for half of February
      'low_risk_visit.0@2025-Q1 done 1/1',
      'medium_high_risk_visit.0@2025-02 done 1/1', // the 3 Feb visit, made while low, counts
    ]);
    // In March the child is high risk throughout: monthly visits only, plus the quarter begun at low.
    expect(view(compliance(jj, { ...base, riskHistory, checkIns }, sh('2025-03-10')))).toEqual([
      'low_risk_visit.0@2025-Q1 done 1/1',
      'medium_high_risk_visit.0@2025-03 on_track 0/1',
    ]);
    // April: a new quarter at high risk; the missed March visit is overdue.
    expect(view(compliance(jj, { ...base, riskHistory, checkIns }, sh('2025-04-02')))).toEqual([
      'medium_high_risk_visit.0@2025-03 overdue 0/1',
      'medium_high_risk_visit.0@2025-04 on_track 0/1',
    ]);
  });

  it('keeps the monthly visit for the rest of the month after a fall to low risk', () => {
    const riskHistory = [{ level: 'medium' as const, from: sh('2024-06-01') }, { level: 'low' as const, from: sh('2025-05-20') }];
    expect(view(compliance(jj, { ...base, riskHistory, checkIns: [] }, sh('2025-05-21')))).toEqual([
      'low_risk_contact.0@2025-05 on_track 0/1',
      'low_risk_visit.0@2025-Q2 on_track 0/1',
      'medium_high_risk_visit.0@2025-04 overdue 0/1',
      'medium_high_risk_visit.0@2025-05 on_track 0/1',
    ]);
  });
});

describe('岳阳 remote 六个一 and the local checklist', () => {
  const yy = prog('yueyang-2024');
  it('gives remote volunteers seven yearly requirements and local ones only the checklist', () => {
    expect(applicableRules(yy, { volunteerRole: 'local', riskLevel: 'low' }).map((r) => r.key)).toEqual(['local_checklist']);
    // a home visit with nothing ticked is logged, not counted toward the yearly 一看二联三问四帮
    expect(view(compliance(yy, { ...base, checkIns: [ci('home_visit', '2025-02-01')] }, sh('2025-12-30')))).toEqual(['local_checklist.0@2025 due_soon 0/1']);
    const calls = ['2025-01-05', '2025-04-05', '2025-07-05'].map((d) => ci('call', d));
    const items = compliance(yy, { ...base, volunteerRole: 'remote', checkIns: [...calls, ci('call', '2024-12-31 23:59')] }, sh('2025-12-30'));
    expect(items).toHaveLength(7);
    expect(items[1]).toMatchObject({ ruleKey: 'remote_six_ones', label: '定期电话（或微信）联系', done: 3, remaining: 1, status: 'due_soon', dueDate: '2025-12-31' });
  });
});

describe('龙岗 a home visit every two months', () => {
  const lg = prog('longgang-2019');
  it('turns due soon within the chosen number of days of the block end', () => {
    const facts = { ...base, checkIns: [ci('home_visit', '2025-02-27')] };
    expect(view(compliance(lg, facts, sh('2025-04-25 00:00')))).toEqual(['bimonthly_home_visit.0@2025-M03-04 due_soon 0/1']);
    // exactly 7 days before the end is already due soon; a second earlier is not
    expect(compliance(lg, facts, sh('2025-04-24 00:00'))[0].status).toBe('due_soon');
    expect(compliance(lg, facts, sh('2025-04-23 23:59:59'))[0].status).toBe('on_track');
    expect(view(compliance(lg, facts, sh('2025-04-25 00:00'), { dueSoonDays: 3 }))).toEqual(['bimonthly_home_visit.0@2025-M03-04 on_track 0/1']);
    expect(compliance(lg, facts, sh('2025-04-25')).map((i) => [i.period.label, i.dueDate])).toEqual([['2025年3—4月', '2025-04-30']]);
  });

  it('under the last-third grace, waives the period for a pairing started in its last third, and says so', () => {
    // 1 Mar – 1 May is 61 days; its last third begins on 10 Apr at 16:00.
    const graced = { ...lg, lateStartGrace: 'last_third' as const };
    const late = { ...base, pairingStartedOn: sh('2025-04-15'), checkIns: [ci('home_visit', '2025-04-18 10:00')] };
    const waived = compliance(graced, late, sh('2025-04-20'));
    expect(view(waived)).toEqual(['bimonthly_home_visit.0@2025-M03-04 late_start 1/1']);
    expect(waived[0]).toMatchObject({ remaining: 0, statusLabel: '本期结对较晚，下期起计', dueDate: '2025-04-30' });
    // once the period has ended, nothing was missed
    expect(view(compliance(graced, late, sh('2025-05-02')))).toEqual(['bimonthly_home_visit.0@2025-M05-06 on_track 0/1']);
    const early = { ...late, pairingStartedOn: sh('2025-04-05'), checkIns: [] };
    expect(view(compliance(graced, early, sh('2025-04-20')))).toEqual(['bimonthly_home_visit.0@2025-M03-04 on_track 0/1']);
    expect(view(compliance(graced, early, sh('2025-05-02')))).toEqual([
      'bimonthly_home_visit.0@2025-M03-04 overdue 0/1',
      'bimonthly_home_visit.0@2025-M05-06 on_track 0/1',
    ]);
  });

  it('without the grace (every preset), a pairing started late in a period owes it in full', () => {
    expect(lg.lateStartGrace).toBe('none');
    const late = { ...base, pairingStartedOn: sh('2025-04-15'), checkIns: [] };
    expect(view(compliance(lg, late, sh('2025-04-20')))).toEqual(['bimonthly_home_visit.0@2025-M03-04 on_track 0/1']);
    expect(view(compliance(lg, late, sh('2025-05-02')))).toEqual([
      'bimonthly_home_visit.0@2025-M03-04 overdue 0/1',
      'bimonthly_home_visit.0@2025-M05-06 on_track 0/1',
    ]);
  });

  it('owes nothing before the pairing starts', () => {
    expect(compliance(lg, { ...base, pairingStartedOn: sh('2025-06-01'), checkIns: [] }, sh('2025-05-31'))).toEqual([]);
  });
});
