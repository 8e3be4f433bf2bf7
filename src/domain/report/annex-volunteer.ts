import { APPLICANT_KIND_LABELS, PAIRING_FORM_LABELS, SERVICE_MODE_LABELS, SERVICE_TIME_LABELS, ageInYears } from '../../programmes';
import type { ApprovalStep } from '../../programmes/schema';
import { EDUCATION_LABELS, POLITICAL_STATUS_LABELS } from '../volunteer/options';
import { ym, ymd, type Cell, type FormFill } from './annex-sheet';
import { chinaDate } from '../../server/time';

/**
 * A volunteer's application filled into the programme's sign-up form (厦门 附件3, 遂宁 附件2)
 * and the volunteer summary (厦门 附件4), by the annex's labels. ID number and phone arrive
 * already full or masked, as the caller may see them. 照片 stays blank.
 */
export interface VolunteerRecord {
  name: string;
  birthDate: string;
  applicantKind: 'individual' | 'team' | 'unit';
  groupName: string | null;
  form: Record<string, unknown>;
  idNumber: string;
  phone: string;
  orgName: string;
  preferredAreaName: string | null;
  submittedAt: string;
  round: number;
  decisions: { round: number; stepKey: string; decision: 'approve' | 'reject'; opinion: string | null; at: string }[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
function choices(v: unknown, map: Record<string, string>): string {
  return Array.isArray(v) ? v.map((x) => map[String(x)] ?? String(x)).join('、') : '';
}
const one = (v: unknown, map: Record<string, string>): string => (typeof v === 'string' ? map[v] ?? v : '');

/** 备注: the form's remarks, and the team or unit she signed up for. */
function remarks(r: VolunteerRecord): string {
  const group = r.applicantKind !== 'individual' && r.groupName ? `${APPLICANT_KIND_LABELS[r.applicantKind]}报名：${r.groupName}` : '';
  return [str(r.form.remarks), group].filter(Boolean).join('；');
}

/** Values by label; both programmes' wordings of the same field point at the same value. */
export function volunteerValues(r: VolunteerRecord, today: string): Record<string, string> {
  const post = str(r.form.employerAndPost) || r.orgName;
  const address = str(r.form.homeAddress);
  const wish = [r.preferredAreaName ? `帮扶地域：${r.preferredAreaName}` : '', str(r.form.preferredChild) ? `对帮扶女童的要求：${str(r.form.preferredChild)}` : ''];
  return {
    姓名: r.name, 出生年月: ym(r.birthDate), 年龄: r.birthDate ? String(ageInYears(r.birthDate, today)) : '',
    单位职务: post, 单位及职务: post, 工作单位及职务: post, 家庭住址: address, '家庭住址（常住地）': address,
    联系电话: r.phone, QQ或微信号码: str(r.form.wechatOrQq), 邮箱: str(r.form.email), 照片: '',
    结对形式: choices(r.form.pairingForms, PAIRING_FORM_LABELS), 服务方式: choices(r.form.serviceModes, SERVICE_MODE_LABELS),
    服务时间: choices(r.form.serviceTimes, SERVICE_TIME_LABELS), 个人特长: str(r.form.skills), 专业技能或特长: str(r.form.skills),
    有何建议: str(r.form.suggestions), 备注: remarks(r), 学历: one(r.form.education, EDUCATION_LABELS),
    政治面貌: one(r.form.politicalStatus, POLITICAL_STATUS_LABELS), 身份证号码: r.idNumber, 帮扶意愿: wish.filter(Boolean).join('；'),
  };
}

/**
 * An opinion box under the form (遂宁 县区（园区）妇联意见 / 市妇联意见) is the approval step of
 * that label: its decision in her current round, the reviewer's opinion and the date.
 */
export function opinionOf(r: VolunteerRecord, chain: readonly ApprovalStep[], box: string): string {
  const step = chain.find((s) => s.label === box);
  const d = step && r.decisions.filter((x) => x.round === r.round && x.stepKey === step.key).pop();
  if (!d) return '';
  return `${d.decision === 'approve' ? '同意' : '不同意'}${d.opinion ? `：${d.opinion}` : ''}（${ymd(chinaDate(d.at))}）`;
}

export function volunteerFormFill(r: VolunteerRecord, chain: readonly ApprovalStep[], today: string): FormFill {
  const values = volunteerValues(r, today);
  const header: Record<string, string> = { 填表时间: ymd(chinaDate(r.submittedAt)), 填报时间: ymd(chinaDate(r.submittedAt)) };
  return {
    header: (f) => header[f] ?? '',
    field: (_s, f) => values[f] ?? '',
    repeating: () => [],
    footer: (f) => opinionOf(r, chain, f),
  };
}

/** One row of a volunteer summary table, in the annex's columns (序号 counts from 1). */
export function volunteerRow(columns: readonly string[], r: VolunteerRecord, index: number, today: string): Cell[] {
  const values = volunteerValues(r, today);
  return columns.map((c) => (c === '序号' ? index : values[c] ?? ''));
}
