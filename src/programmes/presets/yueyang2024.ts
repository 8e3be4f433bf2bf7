import type { ProgrammeInput } from '../schema';
import { DEFAULT_CHILD_AGE_UNDER } from './common';

const counties: [string, string][] = [
  ['yueyanglou', '岳阳楼区'], ['yunxi', '云溪区'], ['junshan', '君山区'], ['yueyangxian', '岳阳县'],
  ['huarong', '华容县'], ['xiangyin', '湘阴县'], ['pingjiang', '平江县'], ['miluo', '汨罗市'], ['linxiang', '临湘市'],
  // 功能区, addressed with the 县市区 in practice (the notice names none).
  ['jingkai', '岳阳经济技术开发区'], ['nanhu', '南湖新区'], ['quyuan', '屈原管理区'], ['chenglingji', '城陵矶新港区'],
];

/** 本地 volunteers on each visit: "一看二联三问四帮". */
const LOCAL_CHECKLIST = [
  { key: 'see_home', group: '一看', label: '看居住环境是否安全、整洁干净' },
  { key: 'contact_teacher', group: '二联', label: '联系学校老师，了解孩子学习情况和在校表现' },
  { key: 'contact_team', group: '二联', label: '联系“爱心妈妈”志愿服务队，反馈孩子问题和需求' },
  { key: 'ask_health', group: '三问', label: '问孩子健康情况' },
  { key: 'ask_study', group: '三问', label: '问孩子学习情况' },
  { key: 'ask_safety', group: '三问', label: '问孩子安全意识' },
  { key: 'help_self_protection', group: '四帮', label: '帮孩子提升自我保护意识和能力' },
  { key: 'help_meal', group: '四帮', label: '帮孩子做一顿可口的饭菜' },
  { key: 'help_family', group: '四帮', label: '帮孩子与父母或者监护人建立良好关系' },
  { key: 'help_emotion', group: '四帮', label: '帮孩子做情绪疏导、心理抚慰' },
];

/** 岳阳市开展“爱心妈妈”结对关爱留守儿童和困境儿童三年行动实施方案 (2024). */
export const yueyang2024: ProgrammeInput = {
  id: 'yueyang-2024',
  name: '岳阳市“爱心妈妈”结对关爱留守儿童和困境儿童三年行动',
  brandName: '爱心妈妈',
  city: '岳阳市',
  year: 2024,
  issuer: '岳阳市妇女联合会',
  docNumber: null, // the seed text carries no document number
  issuedOn: null,
  orgTree: [
    { code: 'yy', name: '岳阳市', level: 'city', parentCode: null },
    ...counties.map(([code, name]) => ({ code: `yy-${code}`, name, level: 'district' as const, parentCode: 'yy' })),
    // 异地 teams of the 机关、企事业单位.
    { code: 'yy-szjg', name: '市直机关妇委会', level: 'unit', parentCode: 'yy' },
  ],
  eligibility: {
    minAge: 18, // "年龄在18周岁以上70周岁以下"
    maxAge: 70,
    applicantSex: 'female', // "女干部、女党员、妇联执委、社工、乡贤、爱心人士等社会各界女性共同参与"
    // "遵纪守法 … 曾受过行政处分、行政处罚、刑事处罚等人员不得担任"; "具备 … 身体素质"
    requiredDeclarations: ['law_abiding', 'no_penalty', 'healthy', 'privacy_consent'],
    allowedApplicantKinds: ['individual'],
  },
  // No sign-up form in the seed. The ID number is needed for the 志愿服务管理系统 and record checks.
  signupFields: [
    { field: 'name', required: true },
    { field: 'birthDate', required: true },
    { field: 'idNumber', required: true },
    { field: 'phone', required: true },
    { field: 'employerAndPost', required: true },
    { field: 'homeAddress', required: true },
    { field: 'politicalStatus', required: false },
    { field: 'skills', required: false, label: '专长优势' },
    { field: 'pairingForms', required: false },
  ],
  // "“爱心妈妈”志愿服务队要严格审核把关": the team at the applicant's own node (村、乡、县、市 or unit).
  approvalChain: [{ key: 'team', label: '“爱心妈妈”志愿服务队审核', levels: ['community', 'street', 'district', 'unit', 'city'] }],
  // "由“爱心妈妈”志愿服务队招募志愿者" and "由各地各单位妇联组织具体负责组建并招募，8月份集结成队":
  // every team (本地, 异地, 专业) recruits by the same date, so no team kind has a window of its own
  // (teams.signupWindows); staff may extend one kind's (volunteer.extendSignup with teamKind).
  teams: { kinds: ['local', 'remote', 'professional'], specialities: ['family_education', 'legal', 'mental_health'], signupWindows: [] },
  targetChildren: {
    categories: ['left_behind', 'difficult'],
    // "留守儿童、残疾儿童、散居孤儿、事实无人抚养儿童以及其他困境儿童"
    difficultSubtypes: ['disabled', 'scattered_orphan', 'de_facto_unsupported', 'other'],
    ageUnder: DEFAULT_CHILD_AGE_UNDER, // seed silent
  },
  pairing: {
    forms: ['one_to_one', 'many_to_one', 'one_to_many'],
    defaultCapacity: 1,
    maxCapacity: 3, // seed silent
    maxVolunteersPerChild: 2,
    localRemote: { local: 1, remote: 1 }, // 异地爱心妈妈 "与孩子身边的本地“爱心妈妈”共同开展关爱服务"
    consentRequired: true, // "征得监护人同意后"
  },
  contactKinds: [
    'home_visit', 'talk', 'teacher_contact', 'guardian_contact', 'letter', 'call',
    'holiday', 'group_activity', 'reading', 'insurance', 'wish', 'local_exchange',
  ],
  visitRules: [
    {
      key: 'remote_six_ones',
      label: '异地爱心妈妈每年“六个一”',
      appliesTo: { role: 'remote' },
      period: 'year',
      requirements: [
        { kinds: ['home_visit'], count: 1, label: '至少进行一次入户关爱' },
        { kinds: ['call'], count: 4, label: '定期电话（或微信）联系' }, // "定期" has no number: one a quarter
        { kinds: ['local_exchange'], count: 1, label: '至少和本地爱心妈妈深入交流一次' },
        { kinds: ['wish'], count: 1, label: '在孩子生日或春节至少实现一个微心愿' },
        { kinds: ['reading'], count: 1, label: '指导孩子至少读一本好书' },
        { kinds: ['group_activity'], count: 1, label: '陪同孩子至少参加一次集体活动' },
        { kinds: ['insurance'], count: 1, label: '给孩子购买一份意外伤害保险' },
      ],
    },
    {
      // "村（社区）“爱心妈妈”做到“一看二联三问四帮”：“一看”是看居住环境是否安全、整洁干净。
      // “二联”是联系学校老师……；联系“爱心妈妈”志愿服务队……。“三问”是问孩子健康情况、学习情况、
      // 安全意识。“四帮”是……": what a local visit covers, counted as a home visit with every item
      // ticked (做到: all four, checklistFilled). The seed gives no frequency. It implies a year: its
      // only visit frequency is the yearly one of the same notice's 六个一 ("每年做到“六个一”：一是
      // 至少进行一次入户关爱"), service is committed year by year ("一年一签结对关爱承诺书"), and a
      // local mother is asked at least what a remote one is: so one full 一看二联三问四帮 home visit a
      // year, the least the text supports; a county may ask more in a later version.
      key: 'local_checklist',
      label: '本地爱心妈妈“一看二联三问四帮”',
      appliesTo: { role: 'local' },
      period: 'year',
      requirements: [],
      checklist: LOCAL_CHECKLIST,
      checklistKinds: ['home_visit'],
      checklistCount: 1,
    },
  ],
  lateStartGrace: 'none', // the notice grants no grace to a pairing made late in a period: it owes that period in full
  wishRules: {}, // 六个一 asks one wish on the birthday or at Spring Festival; cap and timings: defaults
  // "由各地各单位妇联组织具体负责组建并招募，8月份集结成队，建名册" (2024): recruiting ends with
  // August, when the teams are formed. No opening date is given: open from the start.
  signupWindow: { opens: null, closes: '2024-08-31' },
  quotas: null,
  allocations: null,
  // "于8月份完成结对，争取实现留守儿童和困境儿童结对关爱全覆盖".
  coverageGoal: { categories: ['left_behind', 'difficult'], percent: 100, by: '2024-08-31' },
  reportCalendar: null,
  // "“爱心妈妈”志愿服务三年，与所在志愿服务队一年一签结对关爱承诺书".
  term: { years: 3, yearlyCommitment: true, commitmentTitle: '结对关爱承诺书' },
  commendation: null,
  annexTables: [], // the seed has no annexes
};
