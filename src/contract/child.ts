import { z } from 'zod';
import { action } from './define';
import { id, isoDate, orgCode, orgLevel, pageInput, paged, text } from './common';
import { CARE_NEEDS, CHILD_CATEGORIES, RISK_LEVELS } from '../programmes/enums';
import { ChildPatchSchema, DirectorSchema, flatShape, GuardianSchema, ParentSchema, SENSITIVE_PATHS, sheet } from '../domain/child';

/**
 * child: the children's registry (台账). Staff keep one file per child inside their org subtree;
 * ID numbers and phones leave the server masked, in full only through `reveal`; a volunteer sees
 * the care view of her own paired children only; donors see nothing here.
 */

// ---- outputs: sensitive values are masked strings here
const masked = z.string().nullable();
const parentOut = (who: '父亲' | '母亲') => z.object(ParentSchema(who).shape).extend({ idNumber: masked, phone: masked });
export const ChildFileFields = z.object({
  ...flatShape,
  idNumber: masked,
  classTeacherPhone: masked,
  father: parentOut('父亲'),
  mother: parentOut('母亲'),
  guardian: z.object(GuardianSchema.shape).extend({ phone: masked }),
  childDirector: z.object(DirectorSchema.shape).extend({ phone: masked }),
});

const Option = z.object({ code: z.string(), label: z.string() });
const Eligibility = z.object({ eligible: z.boolean(), reasons: z.array(z.string()) }).nullable();
const FieldChange = z.object({ field: z.string(), label: z.string(), from: z.string(), to: z.string() });

export const ChildRow = z.object({
  id: z.string(),
  name: z.string(),
  sex: z.string().nullable(),
  age: z.number().int(),
  birthDate: z.string(),
  category: z.string(),
  categoryLabel: z.string(),
  riskLevel: z.string().nullable(),
  riskLabel: z.string(),
  needsLabel: z.string(),
  orgCode: z.string(),
  orgName: z.string(),
  paired: z.boolean(),
  eligible: z.boolean().nullable(),
  idNumber: masked,
  guardianName: z.string(),
  guardianPhone: masked,
  version: z.number().int(),
  updatedAt: z.string(),
});

export const HistoryEntry = z.object({
  at: z.string(),
  actorId: z.string(),
  actorName: z.string(),
  action: z.string(),
  changes: z.array(FieldChange),
  reason: z.string().nullable(),
});

export const ChildFile = z.object({
  id: z.string(),
  version: z.number().int(),
  orgCode: z.string(),
  orgName: z.string(),
  age: z.number().int(),
  paired: z.boolean(),
  eligibility: Eligibility,
  fields: ChildFileFields,
  /** The file as label/value lines, in the form's order, for reading. */
  lines: z.array(z.object({ key: z.string(), label: z.string(), value: z.string(), sensitive: z.boolean() })),
  createdAt: z.string(),
  updatedAt: z.string(),
  canEdit: z.boolean(),
  canReveal: z.boolean(),
  history: z.array(HistoryEntry),
  historyTotal: z.number().int(),
});

export const CareCard = z.object({
  id: z.string(),
  givenName: z.string(),
  age: z.number().int(),
  sex: z.string().nullable(),
  school: z.string(),
  className: z.string(),
  classTeacher: z.string(),
  classTeacherPhone: z.string(),
  guardianName: z.string(),
  guardianRelation: z.string(),
  guardianPhone: z.string(),
  needs: z.array(z.string()),
  needsLabel: z.string(),
  needsNote: z.string(),
  interests: z.string(),
});

// ---- inputs
const category = z.enum(CHILD_CATEGORIES).describe('儿童类别');
const layout = z.enum(sheet.LAYOUT_KEYS).describe('表格样式');
const filters = {
  orgCode: orgCode.optional().describe('所属组织'),
  category: category.optional(),
  riskLevel: z.enum([...RISK_LEVELS, 'none']).optional().describe('风险等级'),
  paired: z.boolean().optional().describe('是否已结对'),
  needs: z.array(z.enum(CARE_NEEDS)).max(CARE_NEEDS.length).optional().describe('关爱服务需求'),
};
const childId = id('儿童');
const staffAccess = ['staff', 'admin'] as const;

export const childContract = {
  options: action({
    summary: 'Choices for the registry\'s forms and filters: enumerations, the org nodes of the caller\'s subtree, layouts, what the caller may do.',
    access: staffAccess,
    permission: 'child.read',
    input: z.strictObject({}),
    output: z.object({
      enums: z.record(z.string(), z.array(Option)),
      orgs: z.array(z.object({ code: z.string(), name: z.string(), level: orgLevel, path: z.array(z.string()), canHoldChildren: z.boolean() })),
      layouts: z.array(Option),
      canWrite: z.boolean(),
      canReveal: z.boolean(),
      canExport: z.boolean(),
      /** Where this caller uploads a sheet to import: importSheet accepts files under it only. */
      uploadPrefix: z.string(),
    }),
    errors: ['FORBIDDEN'],
  }),
  list: action({
    summary: 'One page of the children of the caller\'s subtree, filtered; ID numbers and phones masked.',
    access: staffAccess,
    permission: 'child.read',
    input: z.strictObject({
      ...filters,
      name: text('姓名', 20).optional(),
      idNumber: z.string().trim().max(18).optional().describe('身份证号码'),
      ...pageInput,
    }),
    output: paged(ChildRow),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND'],
  }),
  get: action({
    summary: 'A child\'s full file (masked numbers), eligibility and latest history. Audited.',
    access: staffAccess,
    permission: 'child.read',
    input: z.strictObject({ id: childId }),
    output: ChildFile,
    errors: ['FORBIDDEN', 'NOT_FOUND'],
    audit: true,
  }),
  history: action({
    summary: 'A child\'s change history, newest first: who, when, which field, from which value to which.',
    access: staffAccess,
    permission: 'child.read',
    input: z.strictObject({ id: childId, ...pageInput }),
    output: paged(HistoryEntry),
    errors: ['FORBIDDEN', 'NOT_FOUND'],
  }),
  create: action({
    summary: 'Open a file for a child at a village/community node of the caller\'s subtree (refused if the child is already registered).',
    access: staffAccess,
    permission: 'child.write',
    input: ChildPatchSchema.extend({
      orgCode: orgCode.describe('所属村（社区）'),
      name: flatShape.name,
      birthDate: flatShape.birthDate,
      category: flatShape.category,
    }),
    output: z.object({ id: z.string(), version: z.number().int() }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  }),
  update: action({
    summary: 'Change fields of a file (only those sent) or move it to another node; every change goes to the history. A stale version is a CONFLICT.',
    access: staffAccess,
    permission: 'child.write',
    input: z.strictObject({
      id: childId,
      version: z.number().int().min(1).describe('版本号'),
      orgCode: orgCode.optional().describe('所属村（社区）'),
      patch: ChildPatchSchema.describe('修改内容'),
      reason: text('修改原因', 200).optional(),
    }),
    output: z.object({ id: z.string(), version: z.number().int(), changes: z.array(FieldChange) }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  }),
  reveal: action({
    summary: 'The full value of one ID number or phone of a child, for staff holding child.reveal. Audited.',
    access: staffAccess,
    permission: 'child.reveal',
    input: z.strictObject({ id: childId, field: z.enum(SENSITIVE_PATHS).describe('字段') }),
    output: z.object({ field: z.string(), label: z.string(), value: z.string() }),
    errors: ['FORBIDDEN', 'NOT_FOUND'],
    audit: true,
  }),
  importSheet: action({
    summary: 'Import an .xlsx the caller uploaded under options.uploadPrefix, laid out like 厦门 附件2, 龙岗 附件2 or 晋江 台账: every row validated, valid rows created or updated (matched on ID number, then name + birth date + guardian phone), each rejected row reported. The file is deleted after a real import.',
    access: staffAccess,
    permission: 'child.write',
    input: z.strictObject({
      fileID: z.string().max(400).regex(/^cloud:\/\/[^/]+\/child-imports\/.+\.xlsx$/i).describe('表格文件'),
      orgCode: orgCode.describe('新增儿童所属村（社区）'),
      category: category.optional().describe('儿童类别（表格无此列时）'),
      reason: text('风险等级变更原因', 200).optional(),
      dryRun: z.boolean().default(false).describe('只检查不导入'),
    }),
    output: z.object({
      layout: z.string(),
      title: z.string(),
      total: z.number().int(),
      created: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      rejectedTotal: z.number().int(),
      rejected: z.array(z.object({ row: z.number().int(), name: z.string(), reason: z.string() })),
    }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND'],
  }),
  exportSheet: action({
    summary: 'Export the caller\'s subtree (optionally filtered) as an annex table with its exact title and headers; answers a storage file and a temporary URL. Audited.',
    access: staffAccess,
    permission: 'child.export',
    input: z.strictObject({ layout, ...filters }),
    output: z.object({ fileID: z.string(), url: z.string(), fileName: z.string(), count: z.number().int(), fullNumbers: z.boolean(), expiresAt: isoDate }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND'],
    audit: true,
  }),
  careCard: action({
    summary: 'A volunteer\'s view of one child she is actively paired with: only what care needs. Audited.',
    access: ['volunteer'],
    input: z.strictObject({ childId }),
    output: CareCard,
    errors: ['FORBIDDEN', 'NOT_FOUND'],
    audit: true,
  }),
  careList: action({
    summary: 'The care views of the caller\'s actively paired children.',
    access: ['volunteer'],
    input: z.strictObject({}),
    output: z.object({ items: z.array(CareCard) }),
    errors: ['FORBIDDEN'],
  }),
} as const;
