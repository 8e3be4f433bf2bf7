import {
  CARE_NEED_LABELS, CHILD_CATEGORY_LABELS, DIFFICULT_SUBTYPE_LABELS, POOR_REASON_LABELS, RISK_LEVEL_LABELS,
} from '../../programmes/enums';
import * as E from './enums';
import { getPath, type SealedValue } from './record';

/**
 * One table of the file's fields: path, Chinese label and how to show a value. It drives the
 * change history (what changed, from which value to which), the detail view's labels and the
 * audit's field names, so a field added here is handled everywhere.
 */
export type FieldKind =
  | { type: 'text' }
  | { type: 'number' }
  | { type: 'bool' }
  | { type: 'sensitive' }
  | { type: 'enum'; labels: Record<string, string> }
  | { type: 'multi'; labels: Record<string, string> };

export interface FieldSpec {
  path: string;
  label: string;
  kind: FieldKind;
}

const t = (path: string, label: string): FieldSpec => ({ path, label, kind: { type: 'text' } });
const s = (path: string, label: string): FieldSpec => ({ path, label, kind: { type: 'sensitive' } });
const e = (path: string, label: string, labels: Record<string, string>): FieldSpec => ({ path, label, kind: { type: 'enum', labels } });
const m = (path: string, label: string, labels: Record<string, string>): FieldSpec => ({ path, label, kind: { type: 'multi', labels } });

const parent = (key: 'father' | 'mother', who: string): FieldSpec[] => [
  t(`${key}.name`, `${who}姓名`),
  s(`${key}.idNumber`, `${who}身份证号码`),
  s(`${key}.phone`, `${who}联系电话`),
  t(`${key}.address`, `${who}现住地址`),
  e(`${key}.health`, `${who}健康状况`, E.PARENT_HEALTH_LABELS),
  t(`${key}.healthNote`, `${who}患病情况`),
  m(`${key}.situations`, `${who}特殊情况`, E.PARENT_SITUATION_LABELS),
  t(`${key}.workPlace`, `${who}外出地点`),
  t(`${key}.job`, `${who}外出从事何种工作`),
];

export const FIELD_SPECS: readonly FieldSpec[] = [
  t('name', '姓名'),
  e('sex', '性别', E.SEX_LABELS),
  t('ethnicity', '民族'),
  t('birthDate', '出生日期'),
  s('idNumber', '身份证号码'),
  t('address', '家庭地址'),
  e('hukouType', '户籍类别', E.HUKOU_TYPE_LABELS),
  t('hukouPlace', '户籍地'),
  e('category', '儿童类别', CHILD_CATEGORY_LABELS),
  m('difficultSubtypes', '困境儿童具体类别', DIFFICULT_SUBTYPE_LABELS),
  m('poorReasons', '贫困原因', POOR_REASON_LABELS),
  e('singleParent', '是否单亲家庭', E.SINGLE_PARENT_LABELS),
  e('schooling', '就学情况', E.SCHOOLING_LABELS),
  t('school', '就读学校'),
  t('className', '年级班级'),
  e('boarding', '寄宿情况', E.BOARDING_LABELS),
  t('classTeacher', '班主任'),
  s('classTeacherPhone', '班主任联系电话'),
  e('guardianship', '监护情况', E.GUARDIANSHIP_LABELS),
  t('guardianshipNote', '监护不到位具体情形'),
  e('health', '健康情况', E.CHILD_HEALTH_LABELS),
  t('healthNote', '患病或残疾情况'),
  t('psychology', '日常心理和行为情况'),
  m('relief', '享受救助情况', E.RELIEF_KIND_LABELS),
  t('reliefNote', '救助金额说明'),
  t('educationAid', '教育救助情况'),
  t('medicalAid', '医疗救助情况'),
  t('otherAid', '其他救助情况'),
  ...parent('father', '父亲'),
  ...parent('mother', '母亲'),
  e('parentsAway', '父母外出情况', E.PARENTS_AWAY_LABELS),
  t('parentsAwaySince', '父母外出起始年月'),
  e('returnFrequency', '父母一般多久回家一次', E.RETURN_FREQUENCY_LABELS),
  { path: 'poorHousehold', label: '是否建档立卡贫困户', kind: { type: 'bool' } },
  { path: 'incomePerCapita', label: '家庭收入人均(元/年)', kind: { type: 'number' } },
  m('familySubsidies', '家庭享受补助情况', E.FAMILY_SUBSIDY_LABELS),
  t('socialSupport', '社会力量帮扶情况'),
  e('guardian.kind', '照护人类别', E.GUARDIAN_KIND_LABELS),
  t('guardian.name', '监护人（照护人）姓名'),
  s('guardian.phone', '监护人联系电话'),
  t('guardian.relation', '与监护人的关系'),
  e('entrustReason', '委托照料原因', E.ENTRUST_REASON_LABELS),
  e('riskLevel', '家庭监护风险等级', RISK_LEVEL_LABELS),
  t('childDirector.name', '儿童主任姓名'),
  s('childDirector.phone', '儿童主任电话'),
  t('interests', '兴趣爱好'),
  m('needs', '关爱服务需求', CARE_NEED_LABELS),
  t('needsNote', '其他需求说明'),
  t('familySituation', '家庭困难情况'),
  t('remarks', '其他说明情况'),
];

export const FIELD_LABELS: Record<string, string> = Object.fromEntries(FIELD_SPECS.map((f) => [f.path, f.label]));

/** A value as a person reads it; sensitive values only ever masked. '' for an empty field. */
export function display(spec: FieldSpec, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  switch (spec.kind.type) {
    case 'sensitive':
      return (value as SealedValue).masked ?? '';
    case 'enum':
      return spec.kind.labels[value as string] ?? String(value);
    case 'multi': {
      const labels = spec.kind.labels;
      return (value as string[]).map((v) => labels[v] ?? v).join('、');
    }
    case 'bool':
      return value ? '是' : '否';
    default:
      return String(value);
  }
}

/** Equality as the history sees it: sealed values by hash, lists regardless of order. */
export function sameValue(spec: FieldSpec, a: unknown, b: unknown): boolean {
  const empty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
  if (empty(a) || empty(b)) return empty(a) && empty(b);
  if (spec.kind.type === 'sensitive') return (a as SealedValue).hash === (b as SealedValue).hash;
  if (spec.kind.type === 'multi') return [...(a as string[])].sort().join() === [...(b as string[])].sort().join();
  return a === b;
}

export interface FieldChange {
  field: string;
  label: string;
  from: string;
  to: string;
}

/** What changed between two stored records, in the table's order. */
export function diffRecords(before: object, after: object): FieldChange[] {
  const out: FieldChange[] = [];
  for (const spec of FIELD_SPECS) {
    const a = getPath(before, spec.path);
    const b = getPath(after, spec.path);
    if (!sameValue(spec, a, b)) out.push({ field: spec.path, label: spec.label, from: display(spec, a), to: display(spec, b) });
  }
  return out;
}
