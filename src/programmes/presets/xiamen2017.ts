import { XIAMEN_ANNEXES } from '../annexes';
import type { ProgrammeInput } from '../schema';
import { DEFAULT_CHILD_AGE_UNDER, DEFAULT_COMMENDATION_WEIGHTS, DEFAULT_MAX_AGE, DEFAULT_MIN_AGE } from './common';

/** 厦妇〔2017〕18号 厦门市妇女联合会关于进一步做好关爱留守流动等困境儿童工作的通知. */
export const xiamen2017: ProgrammeInput = {
  id: 'xiamen-2017',
  name: '厦门市关爱留守流动等困境儿童工作',
  brandName: '爱心妈妈',
  city: '厦门市',
  year: 2017,
  issuer: '厦门市妇女联合会',
  docNumber: '厦妇〔2017〕18号',
  issuedOn: '2017-03-23',
  orgTree: [
    { code: 'xm', name: '厦门市', level: 'city', parentCode: null },
    { code: 'xm-siming', name: '思明区', level: 'district', parentCode: 'xm' },
    { code: 'xm-huli', name: '湖里区', level: 'district', parentCode: 'xm' },
    { code: 'xm-haicang', name: '海沧区', level: 'district', parentCode: 'xm' },
    { code: 'xm-jimei', name: '集美区', level: 'district', parentCode: 'xm' },
    { code: 'xm-tongan', name: '同安区', level: 'district', parentCode: 'xm' },
    { code: 'xm-xiangan', name: '翔安区', level: 'district', parentCode: 'xm' },
    // The notice's addressees besides the districts.
    { code: 'xm-szjg', name: '市直机关妇工委', level: 'unit', parentCode: 'xm' },
    { code: 'xm-xitong', name: '各大系统妇委会（女工委）', level: 'unit', parentCode: 'xm' },
    { code: 'xm-dangpai', name: '各党派团体妇委会', level: 'unit', parentCode: 'xm' },
    { code: 'xm-gaoxiao', name: '各大专院校妇委会（女工委）', level: 'unit', parentCode: 'xm' },
  ],
  eligibility: {
    minAge: DEFAULT_MIN_AGE, // seed silent
    maxAge: DEFAULT_MAX_AGE, // seed silent
    // The notice does not say women only: it recruits "爱心妈妈" but asks to "广泛动员社会爱心人士和
    // 各类爱心单位、爱心组织与困境儿童结对". Kept as the product's default (女, as the name 爱心妈妈 says);
    // an admin who opens it to everyone sets 'any'.
    applicantSex: 'female',
    requiredDeclarations: ['privacy_consent'], // seed silent
    allowedApplicantKinds: ['individual', 'team', 'unit'], // "以个人、团队或单位形式参与"
  },
  // 附件3. The form asks 年龄; we ask the birth date and compute the age. 附件3 has no 性别 (nor ID
  // number): it is added so that a women-only programme can refuse a man (issue 17).
  signupFields: [
    { field: 'name', required: true },
    { field: 'sex', required: true },
    { field: 'birthDate', required: true },
    { field: 'employerAndPost', required: true, label: '单位职务' },
    { field: 'homeAddress', required: true },
    { field: 'phone', required: true },
    { field: 'wechatOrQq', required: false },
    { field: 'email', required: false },
    { field: 'pairingForms', required: true },
    { field: 'serviceModes', required: true },
    { field: 'serviceTimes', required: true },
    { field: 'skills', required: false },
    { field: 'suggestions', required: false },
    { field: 'remarks', required: false },
  ],
  // Seed silent on vetting; follows its reporting route (区妇联 / 市直妇工委、各系统、高校 → 市妇联).
  approvalChain: [
    { key: 'district', label: '区妇联（单位妇委会）意见', levels: ['district', 'unit'] },
    { key: 'city', label: '市妇联意见', levels: ['city'] },
  ],
  teams: { kinds: ['local', 'remote'] },
  targetChildren: {
    categories: ['left_behind', 'difficult'], // 留守流动等困境儿童
    ageUnder: DEFAULT_CHILD_AGE_UNDER, // seed silent
  },
  pairing: {
    forms: ['one_to_one', 'one_to_many', 'many_to_one', 'many_to_many', 'group_activity'],
    defaultCapacity: 1,
    maxCapacity: 3, // seed silent
    maxVolunteersPerChild: 2, // seed silent; 多对一 is allowed
  },
  contactKinds: ['home_visit', 'talk', 'teacher_contact', 'guardian_contact', 'letter', 'call', 'holiday', 'group_activity', 'wish'],
  visitRules: [
    {
      // The notice states 五个一 for 留守儿童; it is the programme's only rule, so it applies to every pairing.
      key: 'five_ones',
      label: '“五个一”',
      appliesTo: { role: 'any' },
      period: 'school_term',
      requirements: [
        { kinds: ['home_visit'], count: 1, label: '到儿童家中走访一次' },
        { kinds: ['talk'], count: 1, label: '谈心一次' },
        { kinds: ['teacher_contact'], count: 1, label: '与班主任联系一次' },
        { kinds: ['guardian_contact'], count: 1, label: '与监护人沟通一次' },
        { kinds: ['letter'], count: 1, label: '给儿童写信一封' },
      ],
    },
  ],
  lateStartGrace: 'none', // the notice grants no grace to a pairing made late in a period: it owes that period in full
  wishRules: {}, // "定期组织困境儿童微心愿采集发布活动"; cap and timings are the product defaults
  // "并于4月30日前将……“爱心妈妈”汇总表……报市妇联儿童部" (notice of 2017-03-23): units send their
  // volunteers in by 30 April, so sign-up closes then. The notice gives no opening date: open from the start.
  signupWindow: { opens: null, closes: '2017-04-30' },
  quotas: null,
  // "全市首次安排160名留守及困境儿童".
  allocations: {
    total: 160,
    items: [
      { orgCode: 'xm-siming', counts: { difficult: 20 } },
      { orgCode: 'xm-huli', counts: { difficult: 20 } },
      { orgCode: 'xm-haicang', counts: { left_behind: 5, difficult: 15 } },
      { orgCode: 'xm-jimei', counts: { difficult: 20 } },
      { orgCode: 'xm-tongan', counts: { left_behind: 31, difficult: 14 } },
      { orgCode: 'xm-xiangan', counts: { left_behind: 21, difficult: 14 } },
    ],
  },
  coverageGoal: null,
  reportCalendar: null, // "每年召开一至两次专题会议" — no periodic report
  term: null,
  commendation: { yearly: true, weights: DEFAULT_COMMENDATION_WEIGHTS }, // "宣传先进典型"; weights: default
  annexTables: XIAMEN_ANNEXES,
};
