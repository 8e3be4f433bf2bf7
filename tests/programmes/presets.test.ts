import { ORG_LEVEL_CODES } from '../../src/contract/common';
import {
  ANNEX_PURPOSE_LABELS,
  APPLICANT_KIND_LABELS,
  CARE_NEED_LABELS,
  CHILD_CATEGORY_LABELS,
  COMMENDATION_CRITERION_LABELS,
  CONTACT_KIND_LABELS,
  DECLARATION_LABELS,
  DIFFICULT_SUBTYPE_LABELS,
  ORG_LEVEL_LABELS,
  ORG_LEVELS,
  PAIRING_FORM_LABELS,
  POOR_REASON_LABELS,
  PRESET_INPUTS,
  allPresets,
  ProgrammeSchema,
  REPORT_SECTION_LABELS,
  RISK_LEVEL_LABELS,
  SERVICE_MODE_LABELS,
  SERVICE_TIME_LABELS,
  SIGNUP_FIELD_LABELS,
  TEAM_KIND_LABELS,
  TEAM_SPECIALITY_LABELS,
  VISIT_PERIOD_LABELS,
  VOLUNTEER_ROLE_LABELS,
  WISH_CATEGORY_LABELS,
  WISH_OCCASION_LABELS,
  getProgramme,
  validateProgramme,
  type Programme,
  type ProgrammeInput,
} from '../../src/programmes';
import * as enums from '../../src/programmes/enums';

const HAN = /[\u4e00-\u9fa5]/;

function preset(id: string): Programme {
  const p = getProgramme(id);
  if (!p) throw new Error(`no preset ${id}`);
  return p;
}
function input(id: string): ProgrammeInput {
  const p = PRESET_INPUTS.find((x) => x.id === id);
  if (!p) throw new Error(`no preset input ${id}`);
  return structuredClone(p);
}

describe('presets', () => {
  it('ships the five seeds, each valid', () => {
    expect(allPresets().map((p) => p.id)).toEqual(['xiamen-2017', 'suining-2019', 'jinjiang-2024', 'yueyang-2024', 'longgang-2019']);
    for (const p of PRESET_INPUTS) {
      const r = validateProgramme(structuredClone(p));
      expect(r.ok ? [] : r.problems).toEqual([]);
    }
  });

  it('is frozen and looked up by id', () => {
    expect(Object.isFrozen(allPresets()[0])).toBe(true);
    expect(Object.isFrozen(allPresets()[0]!.orgTree[0])).toBe(true);
    expect(getProgramme('suining-2019')?.city).toBe('遂宁市');
    expect(getProgramme('atlantis-2030')).toBeUndefined();
  });

  it('names each programme as its notice does', () => {
    const docs = allPresets().map((p) => [p.id, p.brandName, p.docNumber, p.year]);
    expect(docs).toEqual([
      ['xiamen-2017', '爱心妈妈', '厦妇〔2017〕18号', 2017],
      ['suining-2019', '爱心妈妈', '遂妇知〔2019〕18号', 2019],
      ['jinjiang-2024', '爱心妈妈', '晋政民〔2024〕46号', 2024],
      ['yueyang-2024', '爱心妈妈', null, 2024],
      ['longgang-2019', '妇联妈妈', '深龙妇通〔2019〕14号', 2019],
    ]);
  });

  it('fills the defaults a preset leaves out', () => {
    const w = preset('xiamen-2017').wishRules;
    expect(w).toMatchObject({ enabled: true, priceCapYuan: 200, claimDays: 7, maxOpenClaimsPerDonor: 3 });
    expect(w.occasions).toEqual(['childrens_day', 'birthday', 'spring_festival', 'school_start', 'none']);
    expect(preset('suining-2019').pairing.acceptanceDays).toBe(3);
    expect(preset('suining-2019').pairing.consentRequired).toBe(true);
  });

  it('copies no person, phone number or e-mail from the seeds', () => {
    const text = JSON.stringify(PRESET_INPUTS);
    for (const s of ['王丽彬', '任元基', '2033987', '2033811', '28903753', '8889597', '605223451', '@', 'qq.com', 'gov.cn']) {
      expect(text).not.toContain(s);
    }
    expect(text).not.toMatch(/1[3-9]\d{9}/);
  });
});

describe('seed numbers', () => {
  it('遂宁: 1000 volunteers; 市直 ≥220, five counties ≥120 each, three parks ≥60 each', () => {
    const p = preset('suining-2019');
    const q = p.quotas!;
    expect(q.total).toBe(1000);
    expect(q.items.reduce((s, x) => s + x.atLeast, 0)).toBe(1000);
    const byLevel = (level: string) => q.items.filter((x) => p.orgTree.find((n) => n.code === x.orgCode)?.level === level);
    expect(byLevel('unit').map((x) => x.atLeast)).toEqual([220]);
    const districts = byLevel('district').map((x) => [p.orgTree.find((n) => n.code === x.orgCode)!.name, x.atLeast]);
    expect(districts.filter(([, n]) => n === 120).map(([name]) => name)).toEqual(['船山区', '安居区', '射洪市', '蓬溪县', '大英县']);
    expect(districts.filter(([, n]) => n === 60)).toHaveLength(3);
  });

  it('遂宁: volunteers aged 20–60; girls under 12 whose parents both work away half a year or more', () => {
    const p = preset('suining-2019');
    expect([p.eligibility.minAge, p.eligibility.maxAge]).toEqual([20, 60]);
    expect(p.targetChildren).toMatchObject({ categories: ['left_behind'], sex: 'female', ageUnder: 12, requireBothParentsAway: true, minParentsAwayMonths: 6, ruralOnly: true });
    expect(p.approvalChain.map((s) => s.label)).toEqual(['县区（园区）妇联意见', '市妇联意见']);
    expect(p.signupFields.filter((f) => f.required).map((f) => f.field)).toEqual(
      expect.arrayContaining(['idNumber', 'education', 'politicalStatus', 'birthDate', 'phone']),
    );
  });

  it('厦门: 160 children over six districts, split by category', () => {
    const p = preset('xiamen-2017');
    const a = p.allocations!;
    const name = (code: string) => p.orgTree.find((n) => n.code === code)!.name;
    expect(a.total).toBe(160);
    expect(a.items.map((x) => [name(x.orgCode), x.counts.left_behind ?? 0, x.counts.difficult ?? 0])).toEqual([
      ['思明区', 0, 20],
      ['湖里区', 0, 20],
      ['海沧区', 5, 15],
      ['集美区', 0, 20],
      ['同安区', 31, 14],
      ['翔安区', 21, 14],
    ]);
    const sum = (cat: 'left_behind' | 'difficult') => a.items.reduce((s, x) => s + (x.counts[cat] ?? 0), 0);
    expect([sum('left_behind'), sum('difficult'), sum('left_behind') + sum('difficult')]).toEqual([57, 103, 160]);
  });

  it('厦门: 五个一 each school term', () => {
    const [rule] = preset('xiamen-2017').visitRules;
    expect(rule!.period).toBe('school_term');
    expect(rule!.requirements.map((r) => [r.kinds, r.count])).toEqual([
      [['home_visit'], 1], [['talk'], 1], [['teacher_contact'], 1], [['guardian_contact'], 1], [['letter'], 1],
    ]);
  });

  it('龙岗: 144 poor children over its eleven streets, one child per 妇联妈妈 by level, a visit every two months', () => {
    const p = preset('longgang-2019');
    const a = p.allocations!;
    const name = (code: string) => p.orgTree.find((n) => n.code === code)!.name;
    expect(a.items.map((x) => [name(x.orgCode), x.counts.poor])).toEqual([
      ['坂田街道', 15], ['吉华街道', 10], ['布吉街道', 20], ['平湖街道', 15], ['南湾街道', 17], ['横岗街道', 12],
      ['园山街道', 9], ['宝龙街道', 10], ['龙城街道', 14], ['龙岗街道', 10], ['坪地街道', 12],
    ]);
    expect(a.items.reduce((s, x) => s + (x.counts.poor ?? 0), 0)).toBe(144);
    expect(a.total).toBe(144);
    expect(p.pairing).toMatchObject({ forms: ['one_to_one'], defaultCapacity: 1, maxCapacity: 1, maxVolunteersPerChild: 1 });
    expect(p.pairing.levelRule.map((r) => `${r.volunteerLevel}>${r.scopeLevel}`)).toEqual(['district>district', 'street>street', 'community>community']);
    expect(p.visitRules.map((r) => [r.period, r.requirements[0]!.kinds, r.requirements[0]!.count])).toEqual([['two_months', ['home_visit'], 1]]);
    expect(p.reportCalendar).toMatchObject({ everyMonths: 2, dueDay: 25 });
  });

  it('晋江: rules by risk level, a report by the 15th of each month, all 困境儿童 paired by year end', () => {
    const p = preset('jinjiang-2024');
    const rules = p.visitRules.map((r) => [r.appliesTo.riskLevels, r.period, r.requirements.map((q) => q.kinds.includes('home_visit') && q.kinds.length === 1)]);
    expect(rules).toEqual([
      [['low'], 'month', [false]],
      [['low'], 'quarter', [true]],
      [['medium', 'high'], 'month', [true]],
    ]);
    expect(p.reportCalendar).toMatchObject({ everyMonths: 1, dueDay: 15, sections: ['problems', 'results'] });
    expect(p.coverageGoal).toEqual({ categories: ['difficult'], percent: 100, by: '2024-12-31' });
    expect(p.orgTree.filter((n) => n.level === 'street')).toHaveLength(19);
  });

  it('岳阳: 18–70, three years with a yearly letter, 六个一 for remote and 一看二联三问四帮 for local volunteers', () => {
    const p = preset('yueyang-2024');
    expect([p.eligibility.minAge, p.eligibility.maxAge]).toEqual([18, 70]);
    expect(p.eligibility.requiredDeclarations).toEqual(expect.arrayContaining(['law_abiding', 'no_penalty']));
    expect(p.term).toMatchObject({ years: 3, yearlyCommitment: true });
    expect(p.pairing.localRemote).toEqual({ local: 1, remote: 1 });
    expect(p.teams.specialities).toEqual(['family_education', 'legal', 'mental_health']);
    const remote = p.visitRules.find((r) => r.appliesTo.role === 'remote')!;
    expect(remote.period).toBe('year');
    expect(remote.requirements.map((r) => r.kinds[0])).toEqual(['home_visit', 'call', 'local_exchange', 'wish', 'reading', 'group_activity', 'insurance']);
    const local = p.visitRules.find((r) => r.appliesTo.role === 'local')!;
    const groups = local.checklist.reduce<Record<string, number>>((m, c) => ({ ...m, [c.group]: (m[c.group] ?? 0) + 1 }), {});
    expect(groups).toEqual({ 一看: 1, 二联: 2, 三问: 3, 四帮: 4 });
    // counted: one home visit a year with the whole checklist ticked (the seed gives no frequency)
    expect([local.period, local.checklistKinds, local.checklistCount]).toEqual(['year', ['home_visit'], 1]);
  });

  it('annexes: every seed annex with its exact title and headers', () => {
    const titles = allPresets().map((p) => [p.id, p.annexTables.map((a) => `${a.number} ${a.title}`)]);
    expect(titles).toEqual([
      ['xiamen-2017', [
        '附件1 厦门市留守流动等困境儿童信息表', '附件2 厦门市留守流动等困境儿童信息汇总表', '附件3 厦门市爱心妈妈报名表',
        '附件4 厦门市爱心妈妈信息汇总表', '附件5 厦门市爱心妈妈与留守流动等困境儿童结对表', '附件6 厦门市爱心妈妈与留守流动等困境儿童结对汇总表',
      ]],
      ['suining-2019', ['附件1 遂宁市留守女童基本信息采集表', '附件2 遂宁市“爱心妈妈”志愿申报表', '附件3 遂宁市“爱心妈妈”与留守女童结对帮扶卡']],
      ['jinjiang-2024', ['附件 农村留守儿童和困境儿童个人信息台账']],
      ['yueyang-2024', []],
      ['longgang-2019', ['附件1 各街道贫困儿童名额分配表', '附件2 贫困儿童基本情况报送表', '附件3 “妇联妈妈”结对情况登记表']],
    ]);
    const xm2 = preset('xiamen-2017').annexTables[1]!;
    expect(xm2.kind === 'table' && xm2.columns).toEqual(['序号', '姓名', '性别', '出生年月', '户籍地', '就学情况', '就读学校年级', '家庭困难情况']);
    const lg2 = preset('longgang-2019').annexTables[1]!;
    expect(lg2.kind === 'table' && lg2.columns).toEqual(['序号', '姓名', '年龄（出生年月）', '所在社区', '监护人及联系方式', '家庭住址', '贫困原因']);
    for (const p of allPresets()) for (const a of p.annexTables) expect(a.title).toMatch(HAN);
  });
});

describe('enumerations', () => {
  it('label every code in Chinese', () => {
    const pairs: [readonly string[], Record<string, string>][] = [
      [enums.ORG_LEVELS, ORG_LEVEL_LABELS], [enums.APPLICANT_KINDS, APPLICANT_KIND_LABELS], [enums.PAIRING_FORMS, PAIRING_FORM_LABELS],
      [enums.CHILD_CATEGORIES, CHILD_CATEGORY_LABELS], [enums.DIFFICULT_SUBTYPES, DIFFICULT_SUBTYPE_LABELS], [enums.POOR_REASONS, POOR_REASON_LABELS],
      [enums.RISK_LEVELS, RISK_LEVEL_LABELS], [enums.CARE_NEEDS, CARE_NEED_LABELS], [enums.CONTACT_KINDS, CONTACT_KIND_LABELS],
      [enums.VOLUNTEER_ROLES, VOLUNTEER_ROLE_LABELS], [enums.VISIT_PERIODS, VISIT_PERIOD_LABELS], [enums.WISH_CATEGORIES, WISH_CATEGORY_LABELS],
      [enums.WISH_OCCASIONS, WISH_OCCASION_LABELS], [enums.SERVICE_MODES, SERVICE_MODE_LABELS], [enums.SERVICE_TIMES, SERVICE_TIME_LABELS],
      [enums.TEAM_KINDS, TEAM_KIND_LABELS], [enums.TEAM_SPECIALITIES, TEAM_SPECIALITY_LABELS], [enums.DECLARATIONS, DECLARATION_LABELS],
      [enums.SIGNUP_FIELDS, SIGNUP_FIELD_LABELS], [enums.REPORT_SECTIONS, REPORT_SECTION_LABELS],
      [enums.COMMENDATION_CRITERIA, COMMENDATION_CRITERION_LABELS], [enums.ANNEX_PURPOSES, ANNEX_PURPOSE_LABELS],
    ];
    for (const [codes, labels] of pairs) {
      expect(Object.keys(labels).sort()).toEqual([...codes].sort());
      for (const c of codes) expect(labels[c]).toMatch(HAN);
    }
    expect(CONTACT_KIND_LABELS.teacher_contact).toBe('联系班主任/老师');
    expect(WISH_OCCASION_LABELS.childrens_day).toBe('六一');
  });

  it('org levels agree with the contract', () => {
    expect([...ORG_LEVELS]).toEqual([...ORG_LEVEL_CODES]);
  });

  it('reject a code outside the enumeration with a Chinese message', () => {
    const p = input('suining-2019');
    (p.visitRules[0]!.requirements[0]!.kinds as string[]).push('dance');
    const r = ProgrammeSchema.safeParse(p);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message)).toContain('走访联系方式不在可选范围内');
  });
});
