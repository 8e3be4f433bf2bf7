/**
 * The sign-up form's checks as she types. The mini-program cannot run the contract's zod schema,
 * so these rules are written again here, with the server's exact words (src/contract/volunteer.ts,
 * src/domain/volunteer/options.ts and form.ts); tests/miniprogram/signup-validate.test.ts proves
 * both give the same message for a table of cases.
 */
export interface FieldSpec {
  field: string;
  label: string;
  required: boolean;
}

/** The contract's labels (`.describe`) and maximum lengths. */
const LABELS: Record<string, string> = {
  groupName: '团队或单位名称', name: '姓名', birthDate: '出生年月', idNumber: '身份证号码', phone: '联系电话',
  employerAndPost: '工作单位及职务', homeAddress: '家庭住址', wechatOrQq: 'QQ或微信号码', email: '邮箱', skills: '个人特长',
  pairingOther: '其他结对形式', serviceModeOther: '其他服务方式', serviceTimeOther: '其他服务时间',
  preferredChild: '对帮扶儿童的要求', suggestions: '有何建议', remarks: '备注',
};
const MAX: Record<string, number> = {
  groupName: 40, name: 20, birthDate: 10, idNumber: 18, phone: 11, employerAndPost: 60, homeAddress: 100, wechatOrQq: 40, email: 60,
  skills: 200, pairingOther: 40, serviceModeOther: 40, serviceTimeOther: 40, preferredChild: 200, suggestions: 200, remarks: 200,
};
export const MESSAGES = {
  idNumber: '身份证号码不正确，请检查后重新填写',
  phone: '手机号码不正确，请填写11位手机号',
  birthDate: '出生年月请按“年-月-日”填写，如1980-05-01',
  email: '邮箱格式不正确',
};

const CHOICES = ['pairingForms', 'serviceModes', 'serviceTimes'];
const PICKED = ['sex', 'education', 'politicalStatus', 'preferredAreaCode'];

export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1900 || mo < 1 || mo > 12 || d < 1) return false;
  const feb = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return d <= [31, feb, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
}

export function isIdNumber(raw: string): boolean {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * w[i];
  if ('10X98765432'[sum % 11] !== id[17]) return false;
  return isCalendarDate(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`);
}

const FORMATS: Record<string, (v: string) => boolean> = {
  idNumber: isIdNumber,
  phone: (v) => /^1[3-9]\d{9}$/.test(v),
  birthDate: isCalendarDate,
  email: (v) => /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/.test(v),
};

/** The message for a required field left empty, worded as the server's. */
export function requiredMessage(spec: FieldSpec): string {
  if (CHOICES.includes(spec.field)) return `请至少选择一项${spec.label}`;
  if (PICKED.includes(spec.field)) return `请选择${spec.label}`;
  if (spec.field === 'photoFileId') return `请上传${spec.label}`;
  return `请填写${spec.label}`;
}

/** '' when the value is fine. `spec` is the programme's field (absent: not asked, so optional). */
export function checkField(field: string, value: unknown, spec?: FieldSpec): string {
  const empty = value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
  if (field === 'name' && empty) return '请填写姓名';
  if (empty) return spec?.required ? requiredMessage(spec) : '';
  if (typeof value !== 'string') return '';
  const v = value.trim();
  if (MAX[field] !== undefined && v.length > MAX[field]) return `${LABELS[field]}不能超过${MAX[field]}个字`;
  const ok = FORMATS[field];
  if (ok && !ok(v)) return MESSAGES[field as keyof typeof MESSAGES];
  return '';
}
