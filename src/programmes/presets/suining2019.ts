import { SUINING_ANNEXES } from '../annexes';
import type { ProgrammeInput } from '../schema';
import { DEFAULT_COMMENDATION_WEIGHTS } from './common';

/** 遂妇知〔2019〕18号 关于向社会征集1000名爱心妈妈开展结对帮扶留守女童活动的通知. */
export const suining2019: ProgrammeInput = {
  id: 'suining-2019',
  name: '遂宁市爱心妈妈结对帮扶留守女童活动',
  brandName: '爱心妈妈',
  city: '遂宁市',
  year: 2019,
  issuer: '遂宁市妇女联合会',
  docNumber: '遂妇知〔2019〕18号',
  issuedOn: null, // the seed text carries no date of issue
  orgTree: [
    { code: 'sn', name: '遂宁市', level: 'city', parentCode: null },
    { code: 'sn-chuanshan', name: '船山区', level: 'district', parentCode: 'sn' },
    { code: 'sn-anju', name: '安居区', level: 'district', parentCode: 'sn' },
    { code: 'sn-shehong', name: '射洪市', level: 'district', parentCode: 'sn' },
    { code: 'sn-pengxi', name: '蓬溪县', level: 'district', parentCode: 'sn' },
    { code: 'sn-daying', name: '大英县', level: 'district', parentCode: 'sn' },
    // 三园区 (the notice does not name them).
    { code: 'sn-jingkai', name: '遂宁经开区', level: 'district', parentCode: 'sn' },
    { code: 'sn-gaoxin', name: '遂宁高新区', level: 'district', parentCode: 'sn' },
    { code: 'sn-hedong', name: '河东新区', level: 'district', parentCode: 'sn' },
    { code: 'sn-szjg', name: '市直机关妇委会', level: 'unit', parentCode: 'sn' },
  ],
  eligibility: {
    minAge: 20, // "年龄一般在20-60岁"
    maxAge: 60,
    applicantSex: 'female', // "愿意帮扶留守女童的社会爱心女士"
    // "模范遵守国家法律法规 … 具备一定的家庭教育经验，身体健康"
    requiredDeclarations: ['law_abiding', 'family_education_experience', 'healthy', 'privacy_consent'],
    allowedApplicantKinds: ['individual'],
  },
  // 附件2 志愿申报表.
  signupFields: [
    { field: 'name', required: true },
    { field: 'birthDate', required: true },
    { field: 'phone', required: true },
    { field: 'photo', required: false }, // on the form; optional so that a missing photo does not block sign-up
    { field: 'education', required: true },
    { field: 'politicalStatus', required: true },
    { field: 'idNumber', required: true },
    { field: 'homeAddress', required: true, label: '家庭住址（常住地）' },
    { field: 'employerAndPost', required: true },
    { field: 'skills', required: false, label: '专业技能或特长' },
    { field: 'preferredArea', required: false, label: '帮扶地域' },
    { field: 'preferredChild', required: false, label: '对帮扶女童的要求' },
  ],
  // 附件2's two opinion boxes; 市直 applicants go through their 机关妇委会.
  approvalChain: [
    { key: 'county', label: '县区（园区）妇联意见', levels: ['district', 'unit'] },
    { key: 'city', label: '市妇联意见', levels: ['city'] },
  ],
  teams: { kinds: ['local', 'remote'] }, // "分地域建立工作群"
  targetChildren: {
    categories: ['left_behind'],
    sex: 'female',
    ageUnder: 12, // "12周岁以下女童"
    requireBothParentsAway: true, // "父母双方离开户籍地"
    minParentsAwayMonths: 6, // "半年以上"
    ruralOnly: true, // "留在农村生活"
  },
  pairing: {
    forms: ['one_to_one', 'one_to_many'], // "一对一" 或 "一对多"
    defaultCapacity: 1,
    maxCapacity: 3, // seed silent
  },
  contactKinds: ['call', 'home_visit', 'talk', 'letter', 'teacher_contact', 'guardian_contact', 'holiday', 'group_activity'],
  visitRules: [
    {
      key: 'monthly_contact',
      label: '每月联系孩子和临时监护人',
      appliesTo: { role: 'any' },
      period: 'month',
      requirements: [
        { kinds: ['call', 'talk', 'letter', 'home_visit'], count: 1, label: '以电话、见面、书信等形式与孩子联系' },
        { kinds: ['guardian_contact', 'home_visit'], count: 1, label: '与临时监护人联系' },
      ],
    },
    {
      key: 'yearly_home_and_holiday',
      label: '每年到家庭看望并陪孩子过一次节日',
      appliesTo: { role: 'any' },
      period: 'year',
      requirements: [
        { kinds: ['home_visit'], count: 1, label: '到家庭看望留守女童' },
        { kinds: ['holiday'], count: 1, label: '陪孩子过一次节日' },
      ],
    },
  ],
  lateStartGrace: 'none', // the notice grants no grace to a pairing made late in a period: it owes that period in full
  wishRules: {}, // seed silent: product defaults
  // "（二）“爱心妈妈”招募阶段（2019年7月1日-7月31日）".
  signupWindow: { opens: '2019-07-01', closes: '2019-07-31' },
  // "全市共计招募1000名 … 市直220名以上，县（区）各120名以上，三园区各60名以上".
  quotas: {
    total: 1000,
    items: [
      { orgCode: 'sn-szjg', atLeast: 220 },
      { orgCode: 'sn-chuanshan', atLeast: 120 },
      { orgCode: 'sn-anju', atLeast: 120 },
      { orgCode: 'sn-shehong', atLeast: 120 },
      { orgCode: 'sn-pengxi', atLeast: 120 },
      { orgCode: 'sn-daying', atLeast: 120 },
      { orgCode: 'sn-jingkai', atLeast: 60 },
      { orgCode: 'sn-gaoxin', atLeast: 60 },
      { orgCode: 'sn-hedong', atLeast: 60 },
    ],
  },
  allocations: null,
  coverageGoal: null,
  reportCalendar: null,
  term: null,
  // "每年度开展一次总结评优表扬活动"; the first in June 2020. Weights: default.
  commendation: { yearly: true, month: 6, weights: DEFAULT_COMMENDATION_WEIGHTS },
  annexTables: SUINING_ANNEXES,
};
