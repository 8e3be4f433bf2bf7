import { JINJIANG_ANNEXES } from '../annexes';
import type { ProgrammeInput } from '../schema';
import { DEFAULT_CHILD_AGE_UNDER, DEFAULT_MAX_AGE, DEFAULT_MIN_AGE } from './common';

const towns: [string, string][] = [
  ['qingyang', '青阳街道'], ['meiling', '梅岭街道'], ['xiyuan', '西园街道'], ['luoshan', '罗山街道'],
  ['lingyuan', '灵源街道'], ['xintang', '新塘街道'], ['anhai', '安海镇'], ['cizao', '磁灶镇'],
  ['chendai', '陈埭镇'], ['chidian', '池店镇'], ['dongshi', '东石镇'], ['jinjing', '金井镇'],
  ['longhu', '龙湖镇'], ['neikeng', '内坑镇'], ['shenhu', '深沪镇'], ['yonghe', '永和镇'],
  ['yinglin', '英林镇'], ['zimao', '紫帽镇'], ['xibin', '西滨镇'],
];

/** 晋政民〔2024〕46号 晋江市民政局关于做好2024年农村留守儿童和困境儿童关爱服务工作的通知. */
export const jinjiang2024: ProgrammeInput = {
  id: 'jinjiang-2024',
  name: '晋江市2024年农村留守儿童和困境儿童关爱服务',
  brandName: '爱心妈妈', // a 民政 notice with no brand of its own: the product's default
  city: '晋江市',
  year: 2024,
  issuer: '晋江市民政局',
  docNumber: '晋政民〔2024〕46号',
  issuedOn: null, // the seed text carries no date of issue
  // 各镇（街道）: 晋江市's 6 街道 and 13 镇 (the notice names none).
  orgTree: [
    { code: 'jj', name: '晋江市', level: 'city', parentCode: null },
    ...towns.map(([code, name]) => ({ code: `jj-${code}`, name, level: 'street' as const, parentCode: 'jj' })),
  ],
  eligibility: {
    minAge: DEFAULT_MIN_AGE, // seed silent
    maxAge: DEFAULT_MAX_AGE, // seed silent
    // The notice does not say women only (its 台账 says "结对人员"); kept as the product's default.
    applicantSex: 'female',
    requiredDeclarations: ['privacy_consent'], // seed silent
    allowedApplicantKinds: ['individual'],
  },
  // No sign-up form in the seed; the 台账 records 结对人员姓名及电话 and 所在单位.
  // 性别 (on no seed form) because the ID number here is optional, and an empty one proves nothing.
  signupFields: [
    { field: 'name', required: true },
    { field: 'sex', required: true },
    { field: 'birthDate', required: true },
    { field: 'phone', required: true },
    { field: 'employerAndPost', required: true, label: '所在单位' },
    { field: 'idNumber', required: false },
    { field: 'skills', required: false },
  ],
  // Seed silent: the 镇（街道）社会事务办 then the 市民政局.
  approvalChain: [
    { key: 'town', label: '镇（街道）意见', levels: ['street'] },
    { key: 'city', label: '市民政局意见', levels: ['city'] },
  ],
  teams: { kinds: ['local'] },
  targetChildren: {
    categories: ['left_behind', 'difficult'],
    ageUnder: DEFAULT_CHILD_AGE_UNDER, // seed silent
  },
  pairing: {
    forms: ['one_to_one', 'one_to_many'], // seed silent
    defaultCapacity: 1,
    maxCapacity: 3, // seed silent
  },
  contactKinds: ['home_visit', 'call', 'talk', 'guardian_contact', 'teacher_contact', 'holiday', 'group_activity'],
  // "处于“低”风险等级的，至少每个月联系一次，每季度走访一次；对处于“高”、“中”风险等级的 … 至少每月走访一次".
  visitRules: [
    {
      key: 'low_risk_contact',
      label: '低风险：每月至少联系一次',
      appliesTo: { role: 'any', riskLevels: ['low'] },
      period: 'month',
      requirements: [{ kinds: ['call', 'talk', 'guardian_contact', 'home_visit'], count: 1, label: '联系一次' }],
    },
    {
      key: 'low_risk_visit',
      label: '低风险：每季度走访一次',
      appliesTo: { role: 'any', riskLevels: ['low'] },
      period: 'quarter',
      requirements: [{ kinds: ['home_visit'], count: 1, label: '走访一次' }],
    },
    {
      key: 'medium_high_risk_visit',
      label: '中、高风险：每月至少走访一次',
      appliesTo: { role: 'any', riskLevels: ['medium', 'high'] },
      period: 'month',
      requirements: [{ kinds: ['home_visit'], count: 1, label: '走访一次' }],
    },
  ],
  lateStartGrace: 'none', // the notice grants no grace to a pairing made late in a period: it owes that period in full
  wishRules: {}, // seed silent ("引导鼓励公益慈善力量参与"): product defaults
  // A civil-affairs notice about the children's registry: it recruits no volunteers and gives no
  // sign-up dates, so sign-up is not limited.
  signupWindow: { opens: null, closes: null },
  quotas: null,
  allocations: null,
  // "力争到2024年底全市困境儿童结对帮扶达到100%".
  coverageGoal: { categories: ['difficult'], percent: 100, by: '2024-12-31' },
  // "每月15日前将工作开展情况（存在问题、工作成效）… 发送至民政局"; read as the previous month's report.
  reportCalendar: { everyMonths: 1, dueDay: 15, dueMonthOffset: 1, submitterLevels: ['street'], sections: ['problems', 'results'] },
  term: null,
  commendation: null,
  annexTables: JINJIANG_ANNEXES,
};
