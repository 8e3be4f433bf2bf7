/**
 * The registry's checkbox fields that the programme enumerations (src/programmes/enums.ts) do not
 * cover: 晋江 个人信息台账 and 遂宁 附件1. Codes are stored, labels are the forms' own words (an
 * import matches cells against them, so keep them as printed).
 */
export const SEXES = ['female', 'male'] as const;
export type Sex = (typeof SEXES)[number];
export const SEX_LABELS: Record<Sex, string> = { female: '女', male: '男' };

export const HUKOU_TYPES = ['rural', 'urban'] as const;
export type HukouType = (typeof HUKOU_TYPES)[number];
export const HUKOU_TYPE_LABELS: Record<HukouType, string> = { rural: '农村户', urban: '城市户' };

export const SINGLE_PARENT = ['no', 'single_mother', 'single_father'] as const;
export type SingleParent = (typeof SINGLE_PARENT)[number];
export const SINGLE_PARENT_LABELS: Record<SingleParent, string> = { no: '否', single_mother: '单亲母亲家庭', single_father: '单亲父亲家庭' };

/** 就学情况 (厦门 附件2 has the column; the seeds print no choices: these are the school stages). */
export const SCHOOLING = ['preschool', 'primary', 'junior_high', 'senior_high', 'vocational', 'out_of_school'] as const;
export type Schooling = (typeof SCHOOLING)[number];
export const SCHOOLING_LABELS: Record<Schooling, string> = {
  preschool: '学龄前',
  primary: '小学',
  junior_high: '初中',
  senior_high: '高中',
  vocational: '中职',
  out_of_school: '失学辍学',
};

export const BOARDING = ['boarding', 'day'] as const;
export type Boarding = (typeof BOARDING)[number];
export const BOARDING_LABELS: Record<Boarding, string> = { boarding: '寄宿生', day: '非寄宿生' };

export const GUARDIANSHIP = ['good', 'fair', 'inadequate'] as const;
export type Guardianship = (typeof GUARDIANSHIP)[number];
export const GUARDIANSHIP_LABELS: Record<Guardianship, string> = { good: '监护情况良好', fair: '监护情况一般', inadequate: '监护不到位' };

export const CHILD_HEALTH = ['healthy', 'weak', 'serious_illness', 'chronic_illness', 'disabled', 'other'] as const;
export type ChildHealth = (typeof CHILD_HEALTH)[number];
export const CHILD_HEALTH_LABELS: Record<ChildHealth, string> = {
  healthy: '健康',
  weak: '一般或较弱',
  serious_illness: '重病',
  chronic_illness: '慢性病',
  disabled: '残疾',
  other: '其他',
};

/** 享受救助情况. */
export const RELIEF_KINDS = ['orphan', 'de_facto_unsupported', 'subsistence', 'extreme_poverty', 'disability', 'temporary', 'other', 'none'] as const;
export type ReliefKind = (typeof RELIEF_KINDS)[number];
export const RELIEF_KIND_LABELS: Record<ReliefKind, string> = {
  orphan: '孤儿',
  de_facto_unsupported: '事实无人抚养儿童',
  subsistence: '低保',
  extreme_poverty: '特困',
  disability: '残疾',
  temporary: '临时',
  other: '其他',
  none: '无',
};

/** 家庭享受补助情况. */
export const FAMILY_SUBSIDIES = ['subsistence', 'extreme_poverty', 'disability', 'other'] as const;
export type FamilySubsidy = (typeof FAMILY_SUBSIDIES)[number];
export const FAMILY_SUBSIDY_LABELS: Record<FamilySubsidy, string> = { subsistence: '低保', extreme_poverty: '特困', disability: '残疾', other: '其他' };

export const PARENT_HEALTH = ['healthy', 'unhealthy'] as const;
export type ParentHealth = (typeof PARENT_HEALTH)[number];
export const PARENT_HEALTH_LABELS: Record<ParentHealth, string> = { healthy: '健康', unhealthy: '不健康' };

/** 特殊情况 of a father or mother. */
export const PARENT_SITUATIONS = [
  'restricted_liberty', 'deceased', 'missing', 'serious_illness', 'severe_disability', 'lost_contact', 'imprisoned', 'compulsory_rehab', 'other',
] as const;
export type ParentSituation = (typeof PARENT_SITUATIONS)[number];
export const PARENT_SITUATION_LABELS: Record<ParentSituation, string> = {
  restricted_liberty: '被执行限制人身自由的措施',
  deceased: '死亡',
  missing: '失踪',
  serious_illness: '重病',
  severe_disability: '重残',
  lost_contact: '失联',
  imprisoned: '服刑在押',
  compulsory_rehab: '强制隔离戒毒',
  other: '其他',
};

/** Who looks after the child day to day (晋江 照护人类别; 'parent' is the form's 无委托照护). */
export const GUARDIAN_KINDS = ['grandparent', 'relative_friend', 'parent'] as const;
export type GuardianKind = (typeof GUARDIAN_KINDS)[number];
export const GUARDIAN_KIND_LABELS: Record<GuardianKind, string> = { grandparent: '祖父母、外祖父母', relative_friend: '亲戚朋友', parent: '无委托照护' };

export const ENTRUST_REASONS = ['both_away', 'one_away_other_unable', 'both_unable'] as const;
export type EntrustReason = (typeof ENTRUST_REASONS)[number];
export const ENTRUST_REASON_LABELS: Record<EntrustReason, string> = {
  both_away: '父母双方同时外出',
  one_away_other_unable: '父母一方外出，另一方无监护能力',
  both_unable: '父母双方无监护能力',
};

/** 遂宁 父母外出情况. */
export const PARENTS_AWAY = ['none', 'father', 'mother', 'both'] as const;
export type ParentsAway = (typeof PARENTS_AWAY)[number];
export const PARENTS_AWAY_LABELS: Record<ParentsAway, string> = { none: '均未外出', father: '父亲外出', mother: '母亲外出', both: '父母均外出' };

/** 遂宁 父母一般多久回家一次. */
export const RETURN_FREQUENCY = ['monthly', 'quarterly', 'half_year', 'yearly', 'over_a_year'] as const;
export type ReturnFrequency = (typeof RETURN_FREQUENCY)[number];
export const RETURN_FREQUENCY_LABELS: Record<ReturnFrequency, string> = {
  monthly: '每月',
  quarterly: '每季度',
  half_year: '每半年',
  yearly: '每年',
  over_a_year: '一年以上',
};
