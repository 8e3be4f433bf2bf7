/**
 * Choices of the sign-up form that are not programme enums (学历, 政治面貌) and the wording of
 * field checks. The mini-program keeps its own copy (miniprogram/pages/signup/validate.ts); a test
 * proves the two agree.
 */
export const EDUCATION = ['junior_or_below', 'senior', 'college', 'bachelor', 'postgraduate'] as const;
export type Education = (typeof EDUCATION)[number];
export const EDUCATION_LABELS: Record<Education, string> = {
  junior_or_below: '初中及以下',
  senior: '高中/中专',
  college: '大专',
  bachelor: '本科',
  postgraduate: '研究生及以上',
};

export const POLITICAL_STATUS = ['cpc_member', 'cpc_probationary', 'league_member', 'democratic_party', 'masses'] as const;
export type PoliticalStatus = (typeof POLITICAL_STATUS)[number];
export const POLITICAL_STATUS_LABELS: Record<PoliticalStatus, string> = {
  cpc_member: '中共党员',
  cpc_probationary: '中共预备党员',
  league_member: '共青团员',
  democratic_party: '民主党派',
  masses: '群众',
};

/** Format messages, shared word for word with the mini-program's checks. */
export const FORMAT_MESSAGES = {
  idNumber: '身份证号码不正确，请检查后重新填写',
  phone: '手机号码不正确，请填写11位手机号',
  birthDate: '出生年月请按“年-月-日”填写，如1980-05-01',
  email: '邮箱格式不正确',
  fileId: '照片上传未完成，请重新上传',
} as const;

export const PHONE_RE = /^1[3-9]\d{9}$/;
export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/;
