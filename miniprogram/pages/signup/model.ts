import { checkField, isIdNumber, type FieldSpec } from './validate';

/**
 * The sign-up form's steps, its draft on the device, and the payload sent to volunteer.submit.
 * Pure, so the page stays small and the rules are tested without a page.
 */
export const DRAFT_KEY = 'volunteerSignupDraft';

export const STEPS: { title: string; fields: string[] }[] = [
  { title: '基本信息', fields: ['groupName', 'name', 'sex', 'birthDate', 'idNumber', 'phone', 'education', 'politicalStatus'] },
  { title: '单位与住址', fields: ['employerAndPost', 'homeAddress', 'wechatOrQq', 'email', 'orgCode'] },
  { title: '帮扶意愿', fields: ['pairingForms', 'pairingOther', 'serviceModes', 'serviceModeOther', 'serviceTimes', 'serviceTimeOther', 'skills', 'preferredAreaCode', 'preferredChild', 'suggestions', 'remarks', 'photoFileId'] },
  { title: '声明与提交', fields: ['declarations'] },
];

/** "其他（请注明）" boxes go with their choice lists. */
const COMPANION: Record<string, string> = { pairingOther: 'pairingForms', serviceModeOther: 'serviceModes', serviceTimeOther: 'serviceTimes' };

export interface Draft {
  step: number;
  form: Record<string, unknown>;
  /** The phone verified with WeChat's button (masked): the server keeps the number itself. */
  phoneMasked?: string;
}

export interface Context {
  specs: Record<string, FieldSpec>;
  /** The phone verified with WeChat's button (masked), or '' — then typing one is optional. */
  phoneMasked: string;
  /** Editing after a rejection: the stored ID number may be kept without retyping. */
  keptIdMasked: string;
  declarations: { value: string; label: string }[];
  /** The programme takes women only (getSignupForm's femaleOnly): a man is told at once. */
  femaleOnly?: boolean;
}

/** The server's refusals (src/domain/volunteer/eligibility.ts), told on the field that causes them. */
const NOT_FEMALE = '不符合报名条件：本项目面向女性志愿者';
const SEX_MISMATCH = '不符合报名条件：性别与身份证号码不一致';
/** The 17th digit of a valid ID number: odd for a man. */
const sexOfId = (id: unknown): string => (typeof id === 'string' && isIdNumber(id) ? (Number(id.trim()[16]) % 2 === 1 ? 'male' : 'female') : '');

/** Her stated sex against her ID number and the programme (sex on the 性别 field when asked, else on the ID). */
function sexError(field: string, form: Record<string, unknown>, ctx: Context): string {
  const asked = !!ctx.specs.sex;
  if (field === 'idNumber' && asked) return '';
  const stated = asked ? String(form.sex ?? '') : '';
  const fromId = ctx.specs.idNumber ? sexOfId(form.idNumber) : '';
  if (stated && fromId && stated !== fromId) return SEX_MISMATCH;
  return ctx.femaleOnly && (fromId || stated) === 'male' ? NOT_FEMALE : '';
}

/** Which fields the programme shows (name, area and declarations always). */
export function shownFields(specs: Record<string, FieldSpec>): Record<string, boolean> {
  const shown: Record<string, boolean> = { name: true, orgCode: true, declarations: true, groupName: true };
  for (const f of STEPS.flatMap((s) => s.fields)) if (specs[f] || (COMPANION[f] && specs[COMPANION[f]])) shown[f] = true;
  return shown;
}

export function fieldError(field: string, form: Record<string, unknown>, ctx: Context): string {
  const value = form[field];
  const spec = ctx.specs[field];
  const blank = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
  if (field === 'groupName') return form.applicantKind && form.applicantKind !== 'individual' && blank ? '请填写团队或单位名称' : checkField(field, value);
  if (field === 'orgCode') return blank ? '请选择所在地区' : '';
  if (field === 'phone' && blank && ctx.phoneMasked) return '';
  if (field === 'idNumber' && blank && ctx.keptIdMasked) return '';
  if (field === 'declarations') {
    const missing = ctx.declarations.filter((d) => !((value as string[] | undefined) ?? []).includes(d.value));
    return missing.length ? `不符合报名条件：请阅读并确认：${missing.map((d) => d.label).join('、')}` : '';
  }
  if (!spec && !COMPANION[field] && field !== 'name') return '';
  const error = checkField(field, value, spec);
  return error || (field === 'sex' || field === 'idNumber' ? sexError(field, form, ctx) : '');
}

/** Errors of one step's shown fields; `first` is the one to tell her about. */
export function stepErrors(step: number, form: Record<string, unknown>, ctx: Context): { errors: Record<string, string>; first: string } {
  const shown = shownFields(ctx.specs);
  const errors: Record<string, string> = {};
  let first = '';
  for (const f of STEPS[step].fields) {
    if (!shown[f]) continue;
    const e = fieldError(f, form, ctx);
    if (e) {
      errors[f] = e;
      first = first || e;
    }
  }
  return { errors, first };
}

/** An ID number gives the birth date: one field less to fill. */
export function birthDateFromId(id: string): string {
  const v = id.trim().toUpperCase();
  return isIdNumber(v) ? `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}` : '';
}

/** What volunteer.submit receives: only non-empty values of shown fields, strings trimmed. */
export function payload(form: Record<string, unknown>, ctx: Context, subscribed: boolean): Record<string, unknown> {
  const shown = shownFields(ctx.specs);
  const out: Record<string, unknown> = { applicantKind: form.applicantKind || 'individual', declarations: form.declarations ?? [], subscribed };
  for (const [k, v] of Object.entries(form)) {
    if (!shown[k] || k === 'declarations') continue;
    if (k === 'groupName' && out.applicantKind === 'individual') continue;
    if (typeof v === 'string' && v.trim()) out[k] = k === 'idNumber' ? v.trim().toUpperCase() : v.trim();
    if (Array.isArray(v) && v.length) out[k] = v;
  }
  if (form.applicantKind && form.applicantKind !== 'individual' && form.groupSize) out.groupSize = Number(form.groupSize);
  return out;
}
