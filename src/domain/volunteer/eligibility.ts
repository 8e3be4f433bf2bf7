import { ageInYears, APPLICANT_KIND_LABELS, DECLARATION_LABELS, type ApplicantKind, type Declaration, type Eligibility, type Sex } from '../../programmes';
import { parseIdNumber } from './idcard';

/**
 * The programme's eligibility rules (DESIGN.md "Recruit"): applicant kind, age from the ID number
 * or the birth date on the day of application (inclusive bounds, whole years: 遂宁 20–60 accepts
 * her from her 20th birthday to the day before her 61st), sex (stated on the form or read from the
 * ID number: a women-only programme refuses a man either way), declarations, region. A refusal
 * names the rule that refused it.
 */
export type EligibilityRule = 'applicantKind' | 'birthDate' | 'sex' | 'age' | 'declarations' | 'region';

export interface EligibilityInput {
  applicantKind: ApplicantKind;
  birthDate?: string;
  idNumber?: string;
  /** 性别 as she stated it, when the programme's form asks it. */
  sex?: Sex;
  declarations: readonly Declaration[];
  /** Whether the chosen area is a node of this programme's org tree. */
  regionKnown: boolean;
}

export type EligibilityResult =
  | { ok: true; birthDate: string; age: number }
  | { ok: false; rule: EligibilityRule; message: string };

const no = (rule: EligibilityRule, why: string): EligibilityResult => ({ ok: false, rule, message: `不符合报名条件：${why}` });

export function checkEligibility(rules: Eligibility, input: EligibilityInput, today: string): EligibilityResult {
  if (!input.regionKnown) return no('region', '所选地区不在本项目范围内');
  if (!rules.allowedApplicantKinds.includes(input.applicantKind)) {
    const allowed = rules.allowedApplicantKinds.map((k) => APPLICANT_KIND_LABELS[k]).join('、');
    return no('applicantKind', `本项目只接受${allowed}报名`);
  }
  const fromId = input.idNumber ? parseIdNumber(input.idNumber) : null;
  if (input.idNumber && !fromId) return no('birthDate', '身份证号码不正确');
  if (fromId && input.birthDate && fromId.birthDate !== input.birthDate) return no('birthDate', '出生年月与身份证号码不一致');
  const birthDate = fromId?.birthDate ?? input.birthDate;
  if (!birthDate) return no('birthDate', '请填写出生年月或身份证号码');
  if (fromId && input.sex && fromId.sex !== input.sex) return no('sex', '性别与身份证号码不一致');
  if (rules.applicantSex === 'female' && (fromId?.sex ?? input.sex) === 'male') return no('sex', '本项目面向女性志愿者');
  if (birthDate > today) return no('birthDate', '出生年月不能晚于今天');
  const age = ageInYears(birthDate, today);
  if (age < rules.minAge || age > rules.maxAge) {
    return no('age', `年龄须在${rules.minAge}至${rules.maxAge}周岁之间（您现年${age}周岁）`);
  }
  const missing = rules.requiredDeclarations.filter((d) => !input.declarations.includes(d));
  if (missing.length) return no('declarations', `请阅读并确认：${missing.map((d) => DECLARATION_LABELS[d]).join('、')}`);
  return { ok: true, birthDate, age };
}
