import { z } from 'zod';
import { CARE_NEEDS, CHILD_CATEGORIES, DIFFICULT_SUBTYPES, POOR_REASONS, RISK_LEVELS } from '../../programmes/enums';
import {
  BOARDING, CHILD_HEALTH, ENTRUST_REASONS, FAMILY_SUBSIDIES, GUARDIAN_KINDS, GUARDIANSHIP, HUKOU_TYPES, PARENT_HEALTH,
  PARENT_SITUATIONS, PARENTS_AWAY, RELIEF_KINDS, RETURN_FREQUENCY, SCHOOLING, SEXES, SINGLE_PARENT,
} from './enums';
import { isRealDate, isValidIdNumber } from './idcard';

/**
 * The child's file (一人一档) as staff enter it: every field once, labelled in Chinese (the
 * labels name the field in error messages). Checkbox fields are enumerations. Sensitive values
 * (ID numbers, phones) arrive in clear here and are sealed by the server before storage.
 * No defaults in these shapes: a patch must leave out what it does not change.
 */
const text = (label: string, max: number) => z.string().trim().max(max).describe(label);
const one = <T extends readonly [string, ...string[]]>(values: T, label: string) => z.enum(values).nullable().describe(label);
const many = <T extends readonly [string, ...string[]]>(values: T, label: string) =>
  z.array(z.enum(values)).max(values.length).describe(label);

const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
export const phoneField = (label: string) =>
  z.string().trim().max(20).refine((v) => PHONE.test(v), `${label}不正确，请填写11位手机号或带区号的固定电话`).nullable().describe(label);
export const idNumberField = (label: string) =>
  z.string().trim().max(18).refine(isValidIdNumber, `${label}不正确，请核对18位身份证号码`).nullable().describe(label);
export const dateField = (label: string) =>
  z.string().max(10).refine(isRealDate, `${label}应为有效日期（如 2015-03-08）`).describe(label);

const parentShape = (who: '父亲' | '母亲') => ({
  name: text(`${who}姓名`, 20),
  idNumber: idNumberField(`${who}身份证号码`),
  phone: phoneField(`${who}联系电话`),
  address: text(`${who}现住地址`, 100),
  health: one(PARENT_HEALTH, `${who}健康状况`),
  healthNote: text(`${who}患病情况`, 100),
  situations: many(PARENT_SITUATIONS, `${who}特殊情况`),
  workPlace: text(`${who}外出地点`, 60),
  job: text(`${who}外出从事何种工作`, 60),
});
const guardianShape = {
  kind: one(GUARDIAN_KINDS, '照护人类别'),
  name: text('监护人（照护人）姓名', 20),
  phone: phoneField('监护人联系电话'),
  relation: text('与监护人的关系', 20),
};
const directorShape = { name: text('儿童主任姓名', 20), phone: phoneField('儿童主任电话') };

/** Every field except the nested people. */
export const flatShape = {
  name: z.string().trim().min(1).max(20).describe('姓名'),
  sex: one(SEXES, '性别'),
  ethnicity: text('民族', 10),
  birthDate: dateField('出生日期'),
  idNumber: idNumberField('身份证号码'),
  address: text('家庭地址', 100),
  hukouType: one(HUKOU_TYPES, '户籍类别'),
  hukouPlace: text('户籍地', 60),
  category: z.enum(CHILD_CATEGORIES).describe('儿童类别'),
  difficultSubtypes: many(DIFFICULT_SUBTYPES, '困境儿童具体类别'),
  poorReasons: many(POOR_REASONS, '贫困原因'),
  singleParent: one(SINGLE_PARENT, '是否单亲家庭'),
  schooling: one(SCHOOLING, '就学情况'),
  school: text('就读学校', 60),
  className: text('年级班级', 30),
  boarding: one(BOARDING, '寄宿情况'),
  classTeacher: text('班主任', 20),
  classTeacherPhone: phoneField('班主任联系电话'),
  guardianship: one(GUARDIANSHIP, '监护情况'),
  guardianshipNote: text('监护不到位具体情形', 100),
  health: one(CHILD_HEALTH, '健康情况'),
  healthNote: text('患病或残疾情况', 100),
  psychology: text('日常心理和行为情况', 200),
  relief: many(RELIEF_KINDS, '享受救助情况'),
  reliefNote: text('救助金额说明', 100),
  educationAid: text('教育救助情况', 100),
  medicalAid: text('医疗救助情况', 100),
  otherAid: text('其他救助情况', 100),
  parentsAway: one(PARENTS_AWAY, '父母外出情况'),
  parentsAwaySince: z.string().max(7).regex(/^\d{4}-(0[1-9]|1[0-2])$/).nullable().describe('父母外出起始年月'),
  returnFrequency: one(RETURN_FREQUENCY, '父母一般多久回家一次'),
  poorHousehold: z.boolean().nullable().describe('是否建档立卡贫困户'),
  incomePerCapita: z.number().int().min(0).max(10_000_000).nullable().describe('家庭收入人均(元/年)'),
  familySubsidies: many(FAMILY_SUBSIDIES, '家庭享受补助情况'),
  socialSupport: text('社会力量帮扶情况', 200),
  entrustReason: one(ENTRUST_REASONS, '委托照料原因'),
  riskLevel: one(RISK_LEVELS, '家庭监护风险等级'),
  interests: text('兴趣爱好', 200),
  needs: many(CARE_NEEDS, '关爱服务需求'),
  needsNote: text('其他需求说明', 200),
  familySituation: text('家庭困难情况', 500),
  remarks: text('其他说明情况', 500),
};

export const ParentSchema = (who: '父亲' | '母亲') => z.strictObject(parentShape(who));
export const GuardianSchema = z.strictObject(guardianShape);
export const DirectorSchema = z.strictObject(directorShape);

/** A whole file, as a create form or a new import row fills it (empty fields filled by normaliseFields). */
export const ChildFieldsSchema = z.strictObject({
  ...flatShape,
  father: ParentSchema('父亲').describe('父亲'),
  mother: ParentSchema('母亲').describe('母亲'),
  guardian: GuardianSchema.describe('监护人'),
  childDirector: DirectorSchema.describe('儿童主任'),
});
export type ChildFields = z.output<typeof ChildFieldsSchema>;
export type ParentFields = ChildFields['father'];

/** Every field optional, each keeping its Chinese label (zod's partial() would drop the labels). */
function optionalShape<T extends Record<string, z.ZodType>>(shape: T): { [K in keyof T]: z.ZodOptional<T[K]> } {
  const out: Record<string, z.ZodType> = {};
  for (const [k, v] of Object.entries(shape)) out[k] = v.optional().describe(v.description ?? k);
  return out as { [K in keyof T]: z.ZodOptional<T[K]> };
}

/** What an edit or a sheet row changes: any subset, nested people field by field. */
export const ChildPatchSchema = z.strictObject({
  ...optionalShape(flatShape),
  father: z.strictObject(optionalShape(parentShape('父亲'))).optional().describe('父亲'),
  mother: z.strictObject(optionalShape(parentShape('母亲'))).optional().describe('母亲'),
  guardian: z.strictObject(optionalShape(guardianShape)).optional().describe('监护人'),
  childDirector: z.strictObject(optionalShape(directorShape)).optional().describe('儿童主任'),
});
export type ChildPatch = z.output<typeof ChildPatchSchema>;

/** Fields a new record must have. */
export const REQUIRED_FOR_CREATE = ['name', 'birthDate', 'category'] as const;
