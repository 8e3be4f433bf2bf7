import { SIGNUP_FIELD_LABELS, type SignupField, type SignupFieldSpec } from '../../programmes';

/**
 * Which sign-up fields a programme asks for is configuration (signupFields); this maps each
 * programme field to the key the application form uses and finds the first required one missing.
 */
export const FIELD_KEYS: Record<SignupField, string> = {
  name: 'name',
  sex: 'sex',
  birthDate: 'birthDate',
  idNumber: 'idNumber',
  phone: 'phone',
  education: 'education',
  politicalStatus: 'politicalStatus',
  employerAndPost: 'employerAndPost',
  homeAddress: 'homeAddress',
  wechatOrQq: 'wechatOrQq',
  email: 'email',
  skills: 'skills',
  pairingForms: 'pairingForms',
  serviceModes: 'serviceModes',
  serviceTimes: 'serviceTimes',
  preferredArea: 'preferredAreaCode',
  preferredChild: 'preferredChild',
  suggestions: 'suggestions',
  photo: 'photoFileId',
  remarks: 'remarks',
};

export const labelOf = (spec: SignupFieldSpec): string => spec.label ?? SIGNUP_FIELD_LABELS[spec.field];

const isEmpty = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/** Chinese sentence for the first required field left empty, or null. Choice lists say 选择. */
export function missingRequired(specs: readonly SignupFieldSpec[], form: Record<string, unknown>): string | null {
  for (const spec of specs) {
    if (!spec.required || !isEmpty(form[FIELD_KEYS[spec.field]])) continue;
    const label = labelOf(spec);
    if (spec.field === 'pairingForms' || spec.field === 'serviceModes' || spec.field === 'serviceTimes') return `请至少选择一项${label}`;
    if (spec.field === 'photo') return `请上传${label}`;
    if (spec.field === 'sex' || spec.field === 'education' || spec.field === 'politicalStatus' || spec.field === 'preferredArea') return `请选择${label}`;
    return `请填写${label}`;
  }
  return null;
}

/** Keeps only the fields the programme asks for (plus the ones every application has). */
export function keepProgrammeFields<T extends Record<string, unknown>>(specs: readonly SignupFieldSpec[], form: T): Partial<T> {
  const asked = new Set(specs.map((s) => FIELD_KEYS[s.field]));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(form)) if (asked.has(k) && !isEmpty(v)) out[k] = v;
  return out as Partial<T>;
}
