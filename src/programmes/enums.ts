/**
 * Shared enumerations of the programmes: codes are English and stable (they are stored), labels
 * are the Chinese words of the seeds' forms (they are shown). Every list is `as const` so that
 * zod enums and TypeScript unions are derived from it; every label map covers every code.
 */

/** Org tree levels. `unit` is a 机关/企事业/高校 women's committee hanging under a city or district. */
export const ORG_LEVELS = ['city', 'district', 'street', 'community', 'unit'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];
export const ORG_LEVEL_LABELS: Record<OrgLevel, string> = {
  city: '市',
  district: '区/县/园区',
  street: '街道/乡镇',
  community: '村/社区',
  unit: '机关/企事业/高校妇委会',
};
/** Depth of the territorial levels (a child node must be deeper than its parent); units are apart. */
export const ORG_LEVEL_RANK: Record<Exclude<OrgLevel, 'unit'>, number> = { city: 0, district: 1, street: 2, community: 3 };

export const APPLICANT_KINDS = ['individual', 'team', 'unit'] as const;
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];
export const APPLICANT_KIND_LABELS: Record<ApplicantKind, string> = { individual: '个人', team: '团队', unit: '单位' };

export const PAIRING_FORMS = ['one_to_one', 'one_to_many', 'many_to_one', 'many_to_many', 'group_activity'] as const;
export type PairingForm = (typeof PAIRING_FORMS)[number];
export const PAIRING_FORM_LABELS: Record<PairingForm, string> = {
  one_to_one: '一对一',
  one_to_many: '一对多',
  many_to_one: '多对一',
  many_to_many: '多对多',
  group_activity: '参加集中活动',
};

export const CHILD_CATEGORIES = ['left_behind', 'difficult', 'poor'] as const;
export type ChildCategory = (typeof CHILD_CATEGORIES)[number];
export const CHILD_CATEGORY_LABELS: Record<ChildCategory, string> = {
  left_behind: '农村留守儿童',
  difficult: '困境儿童',
  poor: '贫困儿童', // 龙岗 "妇联妈妈" 计划
};

export const DIFFICULT_SUBTYPES = [
  'disabled',
  'scattered_orphan',
  'de_facto_unsupported',
  'subsistence_allowance',
  'extreme_poverty',
  'serious_illness',
  'other',
] as const;
export type DifficultSubtype = (typeof DIFFICULT_SUBTYPES)[number];
export const DIFFICULT_SUBTYPE_LABELS: Record<DifficultSubtype, string> = {
  disabled: '残疾',
  scattered_orphan: '散居孤儿',
  de_facto_unsupported: '事实无人抚养',
  subsistence_allowance: '低保',
  extreme_poverty: '特困',
  serious_illness: '重病',
  other: '其他',
};

/** 龙岗's six standards for a 贫困儿童 (计划 三(一) 1–6). */
export const POOR_REASONS = ['subsistence_allowance', 'orphan_or_martyr', 'parent_ill_or_single', 'disaster', 'child_illness', 'other'] as const;
export type PoorReason = (typeof POOR_REASONS)[number];
export const POOR_REASON_LABELS: Record<PoorReason, string> = {
  subsistence_allowance: '城市居民最低生活保障对象',
  orphan_or_martyr: '无直接经济来源的孤儿、烈士或优抚家庭',
  parent_ill_or_single: '单亲或父母一方患有严重疾病或残疾',
  disaster: '遭受重大自然灾害或突发性事件',
  child_illness: '儿童本人突发重大疾病或意外事故',
  other: '其他特殊原因',
};

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const RISK_LEVEL_LABELS: Record<RiskLevel, string> = { low: '低风险', medium: '中风险', high: '高风险' };

export const CARE_NEEDS = ['study', 'psychological', 'emotional', 'other'] as const;
export type CareNeed = (typeof CARE_NEEDS)[number];
export const CARE_NEED_LABELS: Record<CareNeed, string> = {
  study: '学习辅导',
  psychological: '心理沟通',
  emotional: '精神关爱',
  other: '其他',
};

/** Kinds of contact and visit a volunteer logs (走访打卡). */
export const CONTACT_KINDS = [
  'home_visit',
  'talk',
  'teacher_contact',
  'guardian_contact',
  'letter',
  'call',
  'holiday',
  'group_activity',
  'reading',
  'insurance',
  'wish',
  'local_exchange',
] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];
export const CONTACT_KIND_LABELS: Record<ContactKind, string> = {
  home_visit: '入户走访',
  talk: '谈心',
  teacher_contact: '联系班主任/老师',
  guardian_contact: '联系监护人',
  letter: '书信',
  call: '电话/微信',
  holiday: '节假日陪伴',
  group_activity: '集体活动',
  reading: '共读一本书',
  insurance: '购买意外保险',
  wish: '圆梦微心愿',
  local_exchange: '与本地爱心妈妈交流',
};

/** Which volunteers a visit rule applies to (岳阳: 本地 and 异地 have different duties). */
export const VOLUNTEER_ROLES = ['local', 'remote', 'any'] as const;
export type VolunteerRole = (typeof VOLUNTEER_ROLES)[number];
export const VOLUNTEER_ROLE_LABELS: Record<VolunteerRole, string> = { local: '本地', remote: '异地', any: '全部' };

export const VISIT_PERIODS = ['month', 'two_months', 'quarter', 'school_term', 'year'] as const;
export type VisitPeriod = (typeof VISIT_PERIODS)[number];
export const VISIT_PERIOD_LABELS: Record<VisitPeriod, string> = {
  month: '每月',
  two_months: '每两个月',
  quarter: '每季度',
  school_term: '每学期',
  year: '每年',
};

/** The late-start grace (src/domain/visits/compliance.ts): 'none' asks a new pairing the whole period. */
export const LATE_START_GRACES = ['none', 'last_third'] as const;
export type LateStartGrace = (typeof LATE_START_GRACES)[number];
export const LATE_START_GRACE_LABELS: Record<LateStartGrace, string> = {
  none: '不设宽限：结对当期即按要求计',
  last_third: '周期最后三分之一内结对的，本期不计、下期起计',
};

export const WISH_CATEGORIES = ['school_supplies', 'books', 'clothing', 'sports', 'daily_necessities', 'other'] as const;
export type WishCategory = (typeof WISH_CATEGORIES)[number];
export const WISH_CATEGORY_LABELS: Record<WishCategory, string> = {
  school_supplies: '学习用品',
  books: '图书',
  clothing: '衣物',
  sports: '体育',
  daily_necessities: '生活用品',
  other: '其他',
};

export const WISH_OCCASIONS = ['childrens_day', 'birthday', 'spring_festival', 'school_start', 'none'] as const;
export type WishOccasion = (typeof WISH_OCCASIONS)[number];
export const WISH_OCCASION_LABELS: Record<WishOccasion, string> = {
  childrens_day: '六一',
  birthday: '生日',
  spring_festival: '春节',
  school_start: '开学',
  none: '无',
};

/** 服务方式, 厦门 附件3. */
export const SERVICE_MODES = ['occasional_visit', 'phone', 'family_call_letter', 'holiday', 'other'] as const;
export type ServiceMode = (typeof SERVICE_MODES)[number];
export const SERVICE_MODE_LABELS: Record<ServiceMode, string> = {
  occasional_visit: '不定期看望',
  phone: '电话联系',
  family_call_letter: '亲情电话、书信',
  holiday: '节假日',
  other: '其他',
};

/** 服务时间, 厦门 附件3. */
export const SERVICE_TIMES = ['anytime', 'weekends', 'holidays', 'other'] as const;
export type ServiceTime = (typeof SERVICE_TIMES)[number];
export const SERVICE_TIME_LABELS: Record<ServiceTime, string> = {
  anytime: '随时',
  weekends: '双休日',
  holidays: '节假日',
  other: '其他',
};

export const TEAM_KINDS = ['local', 'remote', 'professional'] as const;
export type TeamKind = (typeof TEAM_KINDS)[number];
export const TEAM_KIND_LABELS: Record<TeamKind, string> = { local: '本地', remote: '异地', professional: '专业' };

export const TEAM_SPECIALITIES = ['family_education', 'legal', 'mental_health'] as const;
export type TeamSpeciality = (typeof TEAM_SPECIALITIES)[number];
export const TEAM_SPECIALITY_LABELS: Record<TeamSpeciality, string> = {
  family_education: '家庭教育',
  legal: '法律宣讲',
  mental_health: '心理健康',
};

export const DECLARATIONS = ['law_abiding', 'no_penalty', 'healthy', 'privacy_consent', 'family_education_experience'] as const;
export type Declaration = (typeof DECLARATIONS)[number];
export const DECLARATION_LABELS: Record<Declaration, string> = {
  law_abiding: '遵纪守法',
  no_penalty: '无行政处分、行政处罚、刑事处罚记录',
  healthy: '身体健康',
  privacy_consent: '同意隐私告知',
  family_education_experience: '具备一定家庭教育经验',
};

/** 性别 on the sign-up form (codes as the ID number's sex and the programme's applicantSex). */
export const SEXES = ['female', 'male'] as const;
export type Sex = (typeof SEXES)[number];
export const SEX_LABELS: Record<Sex, string> = { female: '女', male: '男' };

/**
 * Applicant fields a programme's sign-up form may ask for (厦门 附件3, 遂宁 附件2). `sex` is on no
 * seed's form: it lets a women-only programme without the ID number check who signs up.
 */
export const SIGNUP_FIELDS = [
  'name',
  'sex',
  'birthDate',
  'idNumber',
  'phone',
  'education',
  'politicalStatus',
  'employerAndPost',
  'homeAddress',
  'wechatOrQq',
  'email',
  'skills',
  'pairingForms',
  'serviceModes',
  'serviceTimes',
  'preferredArea',
  'preferredChild',
  'suggestions',
  'photo',
  'remarks',
] as const;
export type SignupField = (typeof SIGNUP_FIELDS)[number];
export const SIGNUP_FIELD_LABELS: Record<SignupField, string> = {
  name: '姓名',
  sex: '性别',
  birthDate: '出生年月',
  idNumber: '身份证号码',
  phone: '联系电话',
  education: '学历',
  politicalStatus: '政治面貌',
  employerAndPost: '工作单位及职务',
  homeAddress: '家庭住址',
  wechatOrQq: 'QQ或微信号码',
  email: '邮箱',
  skills: '个人特长',
  pairingForms: '结对形式',
  serviceModes: '服务方式',
  serviceTimes: '服务时间',
  preferredArea: '帮扶地域',
  preferredChild: '对帮扶儿童的要求',
  suggestions: '有何建议',
  photo: '照片',
  remarks: '备注',
};

/** Sections a periodic report must carry (晋江: 存在问题、工作成效; 龙岗 adds 先进典型、台账、照片). */
export const REPORT_SECTIONS = ['problems', 'results', 'experience', 'typical_cases', 'ledger', 'photos'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];
export const REPORT_SECTION_LABELS: Record<ReportSection, string> = {
  problems: '存在问题',
  results: '工作成效',
  experience: '经验做法',
  typical_cases: '典型案例',
  ledger: '台账资料',
  photos: '照片',
};

/** What the yearly review (总结评优表扬) may weigh. */
export const COMMENDATION_CRITERIA = ['active_pairings', 'visit_compliance', 'wishes_fulfilled', 'service_hours', 'flags_followed'] as const;
export type CommendationCriterion = (typeof COMMENDATION_CRITERIA)[number];
export const COMMENDATION_CRITERION_LABELS: Record<CommendationCriterion, string> = {
  active_pairings: '保持结对数',
  visit_compliance: '走访联系完成率',
  wishes_fulfilled: '圆梦微心愿数',
  service_hours: '服务时长',
  flags_followed: '发现并跟进问题数',
};

/** What an annex table is for, so features find "the sign-up form" or "the pairing summary". */
export const ANNEX_PURPOSES = [
  'child_info',
  'child_summary',
  'child_ledger',
  'volunteer_signup',
  'volunteer_summary',
  'pairing_card',
  'pairing_summary',
  'allocation',
] as const;
export type AnnexPurpose = (typeof ANNEX_PURPOSES)[number];
export const ANNEX_PURPOSE_LABELS: Record<AnnexPurpose, string> = {
  child_info: '儿童信息表',
  child_summary: '儿童信息汇总表',
  child_ledger: '儿童个人信息台账',
  volunteer_signup: '报名表',
  volunteer_summary: '志愿者汇总表',
  pairing_card: '结对卡',
  pairing_summary: '结对汇总表',
  allocation: '名额分配表',
};
