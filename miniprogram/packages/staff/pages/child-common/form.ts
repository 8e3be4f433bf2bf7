/**
 * The file's form, section by section, in the order of 晋江's 台账. Keys are the contract's field
 * paths; choices come from child.options (so labels live in one place, the server's enumerations).
 */
export type FieldType = 'text' | 'textarea' | 'date' | 'month' | 'number' | 'one' | 'many' | 'bool' | 'secret';
export interface FormField { key: string; label: string; type: FieldType; required?: boolean }
export interface FormSection { title: string; fields: FormField[] }

const f = (key: string, label: string, type: FieldType = 'text', required = false): FormField => ({ key, label, type, required });
const parent = (p: 'father' | 'mother', who: string): FormSection => ({
  title: who,
  fields: [
    f(`${p}.name`, '姓名'), f(`${p}.idNumber`, '身份证号码', 'secret'), f(`${p}.phone`, '联系电话', 'secret'), f(`${p}.address`, '现住地址'),
    f(`${p}.health`, '健康状况', 'one'), f(`${p}.healthNote`, '患病情况'), f(`${p}.situations`, '特殊情况', 'many'),
    f(`${p}.workPlace`, '外出地点'), f(`${p}.job`, '外出从事何种工作'),
  ],
});

export const SECTIONS: FormSection[] = [
  {
    title: '儿童基本信息',
    fields: [
      f('name', '姓名', 'text', true), f('sex', '性别', 'one'), f('ethnicity', '民族'), f('birthDate', '出生日期', 'date', true),
      f('idNumber', '身份证号码', 'secret'), f('address', '家庭地址'), f('hukouType', '户籍类别', 'one'), f('hukouPlace', '户籍地'),
      f('category', '儿童类别', 'one', true), f('difficultSubtypes', '困境儿童具体类别', 'many'), f('poorReasons', '贫困原因', 'many'),
      f('singleParent', '是否单亲家庭', 'one'),
    ],
  },
  {
    title: '就学情况',
    fields: [f('schooling', '就学情况', 'one'), f('school', '就读学校'), f('className', '年级班级'), f('boarding', '寄宿情况', 'one'), f('classTeacher', '班主任'), f('classTeacherPhone', '班主任联系电话', 'secret')],
  },
  {
    title: '监护、健康与救助',
    fields: [
      f('guardianship', '监护情况', 'one'), f('guardianshipNote', '监护不到位具体情形'), f('health', '健康情况', 'one'), f('healthNote', '患病或残疾情况'),
      f('psychology', '日常心理和行为情况', 'textarea'), f('relief', '享受救助情况', 'many'), f('reliefNote', '救助金额说明'),
      f('educationAid', '教育救助情况'), f('medicalAid', '医疗救助情况'), f('otherAid', '其他救助情况'),
    ],
  },
  parent('father', '父亲'),
  parent('mother', '母亲'),
  {
    title: '外出与家庭',
    fields: [
      f('parentsAway', '父母外出情况', 'one'), f('parentsAwaySince', '父母外出起始年月', 'month'), f('returnFrequency', '父母一般多久回家一次', 'one'),
      f('poorHousehold', '是否建档立卡贫困户', 'bool'), f('incomePerCapita', '家庭收入人均(元/年)', 'number'), f('familySubsidies', '家庭享受补助情况', 'many'),
      f('socialSupport', '社会力量帮扶情况'), f('familySituation', '家庭困难情况', 'textarea'),
    ],
  },
  {
    title: '监护人与儿童主任',
    fields: [
      f('guardian.kind', '照护人类别', 'one'), f('guardian.name', '监护人（照护人）姓名'), f('guardian.phone', '监护人联系电话', 'secret'),
      f('guardian.relation', '与监护人的关系'), f('entrustReason', '委托照料原因', 'one'), f('riskLevel', '家庭监护风险等级', 'one'),
      f('childDirector.name', '儿童主任姓名'), f('childDirector.phone', '儿童主任电话', 'secret'),
    ],
  },
  {
    title: '兴趣与关爱需求',
    fields: [f('interests', '兴趣爱好'), f('needs', '关爱服务需求', 'many'), f('needsNote', '其他需求说明'), f('remarks', '其他说明情况', 'textarea')],
  },
];

export const FIELDS: FormField[] = SECTIONS.flatMap((s) => s.fields);

const get = (o: Record<string, unknown>, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);

/** The form's flat values from a file (secrets start empty: the masked value is only shown as a hint). */
export function valuesOf(fields: Record<string, unknown>): { values: Record<string, unknown>; hints: Record<string, string> } {
  const values: Record<string, unknown> = {};
  const hints: Record<string, string> = {};
  for (const field of FIELDS) {
    const v = get(fields, field.key);
    if (field.type === 'secret') {
      values[field.key] = '';
      hints[field.key] = v ? `已填 ${String(v)}，如需修改请输入新号码` : '未填写';
    } else values[field.key] = v ?? (field.type === 'many' ? [] : field.type === 'one' || field.type === 'bool' || field.type === 'number' ? null : '');
  }
  return { values, hints };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** What the form changed, as the contract's nested patch; a secret only when a new value was typed. */
export function patchOf(values: Record<string, unknown>, initial: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const field of FIELDS) {
    let v = values[field.key];
    if (field.type === 'secret' && !v) continue;
    if (same(v, initial[field.key])) continue;
    if (field.type === 'number') v = v === '' || v === null ? null : Number(v);
    if ((field.type === 'date' || field.type === 'month') && !v) v = field.type === 'month' ? null : undefined;
    if (v === undefined) continue;
    const [head, tail] = field.key.split('.');
    if (tail) patch[head] = { ...((patch[head] as object) ?? {}), [tail]: v };
    else patch[head] = v;
  }
  return patch;
}
