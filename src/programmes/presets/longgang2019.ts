import { LONGGANG_ANNEXES } from '../annexes';
import type { ProgrammeInput } from '../schema';
import { DEFAULT_CHILD_AGE_UNDER, DEFAULT_MAX_AGE, DEFAULT_MIN_AGE } from './common';

/** 附件1 各街道贫困儿童名额分配表, in the annex's order. */
const streets: [string, string, number][] = [
  ['bantian', '坂田街道', 15], ['jihua', '吉华街道', 10], ['buji', '布吉街道', 20], ['pinghu', '平湖街道', 15],
  ['nanwan', '南湾街道', 17], ['henggang', '横岗街道', 12], ['yuanshan', '园山街道', 9], ['baolong', '宝龙街道', 10],
  ['longcheng', '龙城街道', 14], ['longgang', '龙岗街道', 10], ['pingdi', '坪地街道', 12],
];

/** 深龙妇通〔2019〕14号 龙岗区妇联关于开展“妇联妈妈”计划的通知. */
export const longgang2019: ProgrammeInput = {
  id: 'longgang-2019',
  name: '龙岗区妇联“妇联妈妈”计划',
  brandName: '妇联妈妈',
  city: '深圳市',
  year: 2019,
  issuer: '深圳市龙岗区妇女联合会',
  docNumber: '深龙妇通〔2019〕14号',
  issuedOn: '2019-05-08',
  orgTree: [
    { code: 'lg', name: '龙岗区', level: 'district', parentCode: null },
    ...streets.map(([code, name]) => ({ code: `lg-${code}`, name, level: 'street' as const, parentCode: 'lg' })),
  ],
  eligibility: {
    minAge: DEFAULT_MIN_AGE, // seed silent (volunteers are federation cadres and activists)
    maxAge: DEFAULT_MAX_AGE,
    // "由区、街道、社区妇联主席、副主席、兼职副主席，“巾帼文明岗”岗位负责人，“三八”红旗手，爱心女企业家，
    // 巾帼志愿者等妇联干部、热心妇女组建“妇联妈妈”队伍".
    applicantSex: 'female',
    requiredDeclarations: ['privacy_consent'], // seed silent
    allowedApplicantKinds: ['individual'],
  },
  // 附件3 records 姓名、单位及职务、联系方式; 性别 is not on it and is added because the team is of
  // women (above) and the form asks no ID number to read it from.
  signupFields: [
    { field: 'name', required: true },
    { field: 'sex', required: true },
    { field: 'birthDate', required: true },
    { field: 'employerAndPost', required: true, label: '单位及职务' },
    { field: 'phone', required: true, label: '联系方式' },
  ],
  // "组建“妇联妈妈”队伍 … 完成登记造册": the street federation, then the district (seed silent on steps).
  approvalChain: [
    { key: 'street', label: '街道妇联审核意见', levels: ['street'] },
    { key: 'district', label: '区妇联审核意见', levels: ['district'] },
  ],
  teams: { kinds: ['local'] },
  targetChildren: {
    categories: ['poor'],
    poorReasons: ['subsistence_allowance', 'orphan_or_martyr', 'parent_ill_or_single', 'disaster', 'child_illness', 'other'],
    ageUnder: DEFAULT_CHILD_AGE_UNDER, // seed silent
  },
  // "每名“妇联妈妈”与1名贫困儿童结对": 区 leaders anywhere in the district, 街道 within the street, 社区 within the community.
  pairing: {
    forms: ['one_to_one'],
    defaultCapacity: 1,
    maxCapacity: 1,
    maxVolunteersPerChild: 1,
    levelRule: [
      { volunteerLevel: 'district', scopeLevel: 'district' },
      { volunteerLevel: 'street', scopeLevel: 'street' },
      { volunteerLevel: 'community', scopeLevel: 'community' },
    ],
  },
  contactKinds: ['home_visit', 'call', 'talk', 'teacher_contact', 'guardian_contact', 'holiday', 'group_activity', 'wish'],
  visitRules: [
    {
      key: 'bimonthly_home_visit',
      label: '每2个月至少走访一次',
      appliesTo: { role: 'any' },
      period: 'two_months',
      requirements: [{ kinds: ['home_visit'], count: 1, label: '走访贫困儿童家庭' }],
    },
  ],
  lateStartGrace: 'none', // the notice grants no grace to a pairing made late in a period: it owes that period in full
  wishRules: {}, // seed silent: product defaults
  // "（二）组建“妇联妈妈”队伍……完成登记造册工作。（……5月20日前完成）" (notice of 2019-05-08).
  // No opening date is given: open from the start.
  signupWindow: { opens: null, closes: '2019-05-20' },
  quotas: null,
  allocations: {
    total: 144,
    items: streets.map(([code, , n]) => ({ orgCode: `lg-${code}`, counts: { poor: n } })),
    note: '每个社区各 1 个名额，加每个街道范围内 3 个名额。',
  },
  coverageGoal: null,
  // "于每双月的25日前将活动中的先进典型、台账资料及有关照片报送至区妇联" with 成效、经验和存在问题.
  reportCalendar: {
    everyMonths: 2,
    dueDay: 25,
    dueMonthOffset: 0,
    submitterLevels: ['street'],
    sections: ['results', 'experience', 'problems', 'typical_cases', 'ledger', 'photos'],
  },
  term: null,
  commendation: null,
  annexTables: LONGGANG_ANNEXES,
};
