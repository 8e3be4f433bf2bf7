import { z } from 'zod';
import { action } from './define';
import { programmeContract } from './programme';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from './audit';
import { isCalendarDate } from '../domain/volunteer/idcard';
import { id, isoDate, orgCode, OrgNode, orgLevel, pageInput, paged, permission, requiredText, role, text } from './common';

const StaffInfo = z.object({
  orgCode: z.string(),
  orgName: z.string(),
  orgPath: z.array(z.string()),
  permissions: z.array(z.string()),
  active: z.boolean(),
});

export const Me = z.object({
  userId: z.string(),
  name: z.string().nullable(),
  roles: z.array(role),
  staff: StaffInfo.nullable(),
  volunteerStatus: z.string().nullable(),
});
export type Me = z.infer<typeof Me>;

export const ProgrammeSummary = z.object({
  id: z.string(),
  name: z.string(),
  brandName: z.string(),
  city: z.string(),
});

const StaffRow = z.object({
  userId: z.string(),
  name: z.string().nullable(),
  orgCode: z.string(),
  orgName: z.string(),
  permissions: z.array(z.string()),
  active: z.boolean(),
});

const AuditRow = z.object({
  id: z.string(),
  at: z.string(),
  /** `at` as read in China, YYYY-MM-DD HH:mm */
  when: z.string(),
  actorId: z.string(),
  /** the actor's name as her account holds it (null: none on record) */
  actorName: z.string().nullable(),
  fn: z.string(),
  action: z.string(),
  /** the action's Chinese name (src/contract/audit.ts; `fn.action` for one no longer audited) */
  actionLabel: z.string(),
  ok: z.boolean(),
  outcome: z.enum(AUDIT_OUTCOMES),
  targetKind: z.string().nullable(),
  /** the kind of record in Chinese (null: the entry names none) */
  targetLabel: z.string().nullable(),
  /** record ids only, never a child's name; a large export's query shows as 按筛选条件导出 */
  targetIds: z.array(z.string()),
  fields: z.array(z.string()),
  /** export files whose link the call issued */
  files: z.array(z.string()).optional(),
});

/** YYYY-MM-DD, a real day of the calendar */
const auditDay = (label: string) =>
  z.string().refine(isCalendarDate, `${label}格式应为 YYYY-MM-DD 且是有效日期`).describe(label);

/** An org node as listOrgs shows it: closed and moving only where so (and only to staff and admins). */
const OrgListNode = OrgNode.extend({
  closed: z.boolean().optional(),
  closedAt: z.string().optional(),
  /** the new parent of a move not finished yet */
  movingTo: z.string().optional(),
});
export type OrgListNode = z.infer<typeof OrgListNode>;

/** Where the org page uploads a sheet for account.importOrgs: `${ORG_IMPORT_DIR}/<user id>/…xlsx`. */
export const ORG_IMPORT_DIR = 'org-imports';

/** One in-app notice, from any area's notice collection (src/server/collections.ts NOTICE_SOURCES). */
const NoticeItem = z.object({
  id: z.string(),
  text: z.string(),
  at: z.string(),
  read: z.boolean(),
  /** the page the notice opens */
  open: z.string(),
});

/** How many notices the inbox shows at most. */
export const NOTICES_MAX = 30;

export const accountContract = {
  login: action({
    summary: 'Find or create the caller and say who they are and which programme runs here.',
    access: 'public',
    input: z.strictObject({}),
    output: z.object({ me: Me, programme: ProgrammeSummary.nullable() }),
    errors: ['UNAUTHENTICATED', 'INTERNAL'],
  }),
  claimAdmin: action({
    summary: "Becomes this environment's admin with the one-time setup code `npm run deploy` printed (a retry by the same person after a lost answer succeeds again).",
    access: 'public',
    input: z.strictObject({ code: requiredText('设置码', 20) }),
    output: z.object({ me: Me }),
    errors: ['UNAUTHENTICATED', 'INVALID_INPUT', 'NOT_FOUND', 'CONFLICT'],
    audit: true,
  }),
  presets: action({
    summary: 'Admin: the shipped programme presets, to choose one when switching the environment on.',
    access: ['admin'],
    input: z.strictObject({}),
    output: z.object({ presets: z.array(ProgrammeSummary), current: z.string().nullable() }),
    errors: ['FORBIDDEN'],
  }),
  setupProgramme: action({
    summary: 'Admin: switch on a programme preset here and create its org tree (idempotent).',
    access: ['admin'],
    input: z.strictObject({ presetId: requiredText('项目模板', 40) }),
    output: z.object({ programme: ProgrammeSummary, orgsCreated: z.number().int() }),
    errors: ['FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
    audit: true,
  }),
  listOrgs: action({
    summary: 'The org tree (names are public: sign-up picks an area from it). Optionally one node and its descendants. Closed (撤销) nodes are left out, except for staff and admins asking includeClosed (the org page), who get them marked closed; a node whose move is not finished carries movingTo (its new parent).',
    access: 'public',
    input: z.strictObject({ rootCode: orgCode.optional(), includeClosed: z.boolean().optional().describe('含已撤销组织') }),
    output: z.object({ nodes: z.array(OrgListNode) }),
    errors: ['NOT_FOUND'],
  }),
  createOrg: action({
    summary: 'Add an org node under a parent inside the caller\'s subtree.',
    access: ['staff', 'admin'],
    permission: 'org.manage',
    input: z.strictObject({
      code: orgCode,
      name: requiredText('组织名称', 40),
      level: orgLevel,
      parentCode: orgCode.describe('上级组织'),
    }),
    output: z.object({ node: OrgNode }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
    audit: true,
  }),
  renameOrg: action({
    summary: 'Rename an org node inside the caller\'s subtree.',
    access: ['staff', 'admin'],
    permission: 'org.manage',
    input: z.strictObject({ code: orgCode, name: requiredText('组织名称', 40) }),
    output: z.object({ node: OrgNode }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND'],
    audit: true,
  }),
  moveOrg: action({
    summary: 'Move an org node and its subtree under another parent (both inside the caller\'s subtree; the level must fit the new parent as for createOrg; not under itself or below it; never the root). Every stored org path of the subtree follows (orgs, staff, volunteers, teams, children and their history, pairings, wishes, check-ins, flags, team groups, reports, nominations, dashboard snapshots), so scope follows. Crash-safe: the move is recorded on the node first (moving), then the paths are rewritten (each write idempotent), then the mark is cleared; a retry of the same move, or any later moveOrg, finishes a move left half done. Refused while applications below are waiting for a review step at an office the move takes them away from.',
    access: ['staff', 'admin'],
    permission: 'org.manage',
    input: z.strictObject({ code: orgCode, parentCode: orgCode.describe('新的上级组织') }),
    output: z.object({ node: OrgNode, nodesMoved: z.number().int() }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
    audit: true,
  }),
  closeOrg: action({
    summary: 'Close (撤销) an org node inside the caller\'s subtree: kept on record, marked closed; it leaves sign-up\'s area picker and cannot be a parent any more. Refused, saying what and how many, while anything live remains below it: sub-nodes not closed, active staff, volunteers approved or in review, children\'s files, pairings in progress.',
    access: ['staff', 'admin'],
    permission: 'org.manage',
    input: z.strictObject({ code: orgCode }),
    output: z.object({ node: OrgListNode }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND'],
    audit: true,
  }),
  reopenOrg: action({
    summary: 'Reopen a closed org node inside the caller\'s subtree (its parent must be open).',
    access: ['staff', 'admin'],
    permission: 'org.manage',
    input: z.strictObject({ code: orgCode }),
    output: z.object({ node: OrgListNode }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND'],
    audit: true,
  }),
  importOrgs: action({
    summary: "Import org nodes from an .xlsx the caller uploaded under org-imports/<her user id>/ (ORG_IMPORT_DIR), columns 编码, 名称, 层级, 上级编码 (the parent: a node already there in the caller's subtree, or another row). Every row is checked first; any problem (each told with its row number) and nothing is created. Otherwise the missing nodes are created with their default teams, rows identical to a node already there are skipped (a re-import creates nothing). dryRun checks only. The file is deleted after a real import.",
    access: ['staff', 'admin'],
    permission: 'org.manage',
    input: z.strictObject({
      fileID: z.string().max(400).regex(new RegExp(`^cloud://[^/]+/${ORG_IMPORT_DIR}/.+\\.xlsx$`, 'i')).describe('表格文件'),
      dryRun: z.boolean().default(false).describe('只检查不导入'),
    }),
    output: z.object({
      total: z.number().int(),
      created: z.number().int(),
      existing: z.number().int(),
      /** every problem, by row; when any, nothing was created */
      problems: z.array(z.object({ row: z.number().int(), message: z.string() })),
    }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND'],
    audit: true,
  }),
  createStaffInvite: action({
    summary: 'Create a one-time code that makes whoever redeems it a staff member at an org node.',
    access: ['staff', 'admin'],
    permission: 'staff.manage',
    input: z.strictObject({
      orgCode: orgCode.describe('所属组织'),
      permissions: z.array(permission).min(1).max(20).describe('权限'),
      note: text('备注', 40).optional(),
    }),
    output: z.object({ code: z.string(), expiresAt: isoDate }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND'],
    audit: true,
  }),
  redeemStaffInvite: action({
    summary: 'The invited person becomes staff at the invite\'s org node (the invite is used once).',
    access: 'public',
    input: z.strictObject({
      code: z.string().trim().regex(/^[A-Z0-9]{8}$/).describe('邀请码'),
      name: requiredText('姓名', 20),
    }),
    output: z.object({ me: Me }),
    errors: ['INVALID_INPUT', 'NOT_FOUND', 'CONFLICT'],
    audit: true,
  }),
  listStaff: action({
    summary: 'Staff accounts in the caller\'s subtree.',
    access: ['staff', 'admin'],
    permission: 'staff.manage',
    input: z.strictObject({ orgCode: orgCode.optional(), ...pageInput }),
    output: paged(StaffRow),
    errors: ['FORBIDDEN', 'NOT_FOUND'],
  }),
  updateStaff: action({
    summary: 'Change a staff account\'s permissions or switch it off (inside the caller\'s subtree).',
    access: ['staff', 'admin'],
    permission: 'staff.manage',
    input: z.strictObject({
      userId: id('工作人员'),
      permissions: z.array(permission).min(1).max(20).optional().describe('权限'),
      active: z.boolean().optional().describe('是否启用'),
    }),
    output: z.object({ staff: StaffRow }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND'],
    audit: true,
  }),
  listAudit: action({
    summary: 'Admins read the audit log, newest first (ties by id), with filters that all apply together: actorId (her user id) or actorName (the exact name on her account: every account of that name), fn or action (`fn.action`, one of the audited actions; the answer\'s `actions` lists them with their Chinese names), from/to (days in China time, inclusive), recordId (one of the ids the entry names) and outcome (success, or refused: a FORBIDDEN attempt). Rows carry the actor\'s name, the action\'s and the record kind\'s Chinese names and the time in China; record ids only, never a child\'s name. Paging is stable: page 1 answers `asOf` (now), and later pages sent with it leave out entries written since.',
    access: ['admin'],
    input: z.strictObject({
      actorId: id('操作人').optional(),
      actorName: text('操作人姓名', 40).optional(),
      fn: text('模块', 20).optional(),
      action: z.enum(AUDIT_ACTIONS).optional().describe('操作类型'),
      from: auditDay('开始日期').optional(),
      to: auditDay('结束日期').optional(),
      recordId: text('记录编号', 80).optional(),
      outcome: z.enum(AUDIT_OUTCOMES).optional().describe('结果'),
      asOf: isoDate.optional().describe('列表时间'),
      ...pageInput,
    }).refine((i) => !i.from || !i.to || i.from <= i.to, { message: '开始日期不能晚于结束日期', path: ['from'] }),
    output: paged(AuditRow).extend({
      /** the instant the list was read as of: send it with the next pages */
      asOf: z.string(),
      /** the choices of the 操作类型 filter */
      actions: z.array(z.object({ value: z.string(), label: z.string() })),
    }),
    errors: ['FORBIDDEN', 'INVALID_INPUT'],
  }),
  notices: action({
    summary: 'The caller\'s own in-app notices from every area, newest first, and how many are unread (limit 0: the count only).',
    access: 'public',
    input: z.strictObject({ limit: z.number().int().min(0).max(NOTICES_MAX).default(NOTICES_MAX).describe('条数') }),
    output: z.object({ items: z.array(NoticeItem), unread: z.number().int() }),
    errors: ['UNAUTHENTICATED', 'INVALID_INPUT'],
  }),
  todo: action({
    summary: 'Staff home\'s work queue: how many items wait for the caller in her scope, for each kind she may act on (null: not hers). review: applications at her step (volunteer.review); consent: proposed pairings waiting for the guardian\'s consent to be recorded (pairing.manage); flags: open needs-attention flags (visit.read); overdue: active pairings whose visits are overdue, from the morning timer\'s area tallies (visit.read); reports: open report periods her node has not submitted (report.submit, programmes with a report calendar). Read only: the caller, then one count or document per queue in parallel (five round trips for a staff member with every permission where the programme has no report calendar, six with one), the same whatever the data.',
    access: ['staff', 'admin'],
    input: z.strictObject({}),
    output: z.object({
      review: z.number().int().nullable(),
      consent: z.number().int().nullable(),
      flags: z.number().int().nullable(),
      overdue: z.number().int().nullable(),
      reports: z.number().int().nullable(),
    }),
    errors: ['FORBIDDEN'],
  }),
  readNotices: action({
    summary: 'Marks all the caller\'s unread notices read (idempotent); answers the unread count left.',
    access: 'public',
    input: z.strictObject({}),
    output: z.object({ unread: z.number().int() }),
    errors: ['UNAUTHENTICATED'],
  }),
  // the programme's rule versions (src/contract/programme.ts): the same admin area and function
  ...programmeContract,
} as const;
