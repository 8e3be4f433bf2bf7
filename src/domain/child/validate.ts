import { describeZodError } from '../../contract/messages';
import { FIELD_LABELS } from './fields';
import { idBirthDate, idSex, normaliseId } from './idcard';
import { ChildPatchSchema, REQUIRED_FOR_CREATE, type ChildPatch } from './schema';

/**
 * Rules across fields that the field schemas cannot see: an ID number carries the birth date and
 * the sex, and a birth date cannot lie in the future. Same rules for a form and for a sheet row.
 */
export function crossFieldProblems(p: ChildPatch, today: string): string[] {
  const out: string[] = [];
  if (p.birthDate && p.birthDate > today) out.push('出生日期不能晚于今天');
  if (p.idNumber) {
    const id = normaliseId(p.idNumber);
    if (p.birthDate && idBirthDate(id) !== p.birthDate) out.push('身份证号码与出生日期不一致');
    if (p.sex && idSex(id) !== p.sex) out.push('身份证号码与性别不一致');
  }
  // Stryker disable next-line MethodExpression: a YYYY-MM compares with YYYY-MM-DD as with YYYY-MM (same month: shorter is less)
  if (p.parentsAwaySince && p.parentsAwaySince > today.slice(0, 7)) out.push('父母外出起始年月不能晚于本月');
  return out;
}

export type Checked = { ok: true; patch: ChildPatch } | { ok: false; message: string };

/** Validates an untrusted patch (a sheet row); `creating` also demands the fields a new file needs. */
export function checkPatch(input: unknown, opts: { creating: boolean; today: string }): Checked {
  const parsed = ChildPatchSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: describeZodError(ChildPatchSchema, parsed.error) };
  const patch = parsed.data;
  const problems: string[] = [];
  if (opts.creating) {
    for (const key of REQUIRED_FOR_CREATE) if (patch[key] === undefined || patch[key] === '') problems.push(`请填写${FIELD_LABELS[key]}`);
  }
  problems.push(...crossFieldProblems(patch, opts.today));
  return problems.length ? { ok: false, message: problems.join('；') } : { ok: true, patch };
}

/** Any change of the family-guardianship risk level on an existing file must say why (晋江 台账: 动态管理). */
export function riskReasonProblem(before: string | null, after: string | null, reason: string | undefined): string | null {
  if (before === after) return null;
  return reason && reason.trim() ? null : '修改家庭监护风险等级时，请填写修改原因';
}
