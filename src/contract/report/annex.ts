import { z } from 'zod';
import { action } from '../define';
import { id, isoDate, orgCode } from '../common';

/**
 * report: every annex table of the programme as .xlsx (issue 8). `annexes` lists them with the
 * action that exports each — the registry's and the pairing function's own exports where those
 * exist, `exportAnnex` for the rest — and whether the caller may.
 */
const staffAccess = ['staff', 'admin'] as const;

export const AnnexItem = z.object({
  key: z.string(),
  number: z.string().nullable(),
  title: z.string(),
  kind: z.enum(['table', 'form']),
  purpose: z.string(),
  purposeLabel: z.string(),
  /** The call that exports it; null when no export exists for this annex. */
  export: z
    .object({
      fn: z.enum(['child', 'pairing', 'report']),
      action: z.enum(['exportSheet', 'exportCard', 'exportAnnex']),
      input: z.object({ layout: z.string().optional(), key: z.string().optional() }),
    })
    .nullable(),
  /** A record to choose: a pairing must be chosen (a card); a child or volunteer may be (else the whole subtree). */
  record: z.enum(['child', 'volunteer', 'pairing']).nullable(),
  recordRequired: z.boolean(),
  permissions: z.array(z.string()),
  allowed: z.boolean(),
  /** Why not, in Chinese, when not allowed or not exportable. */
  reason: z.string().nullable(),
  /** Where the page for it is, for the annexes exported elsewhere. */
  place: z.string().nullable(),
});

export const AnnexFile = z.object({ fileID: z.string(), url: z.string(), fileName: z.string(), count: z.number().int(), fullNumbers: z.boolean(), expiresAt: isoDate });

export const annexContract = {
  annexes: action({
    summary: 'The programme\'s annex tables (附件) for the caller: number, exact title, kind, the action that exports each (child / pairing exports reused), whether it is per record, and whether the caller\'s permissions allow it.',
    access: staffAccess,
    input: z.strictObject({}),
    output: z.object({ programmeName: z.string(), items: z.array(AnnexItem) }),
    errors: ['FORBIDDEN', 'NOT_FOUND'],
  }),
  exportAnnex: action({
    summary: 'Export one annex the report function builds (厦门 附件1/3/4, 遂宁 附件1/2, 龙岗 附件1) for the caller\'s subtree, a node of it, or one chosen child or volunteer: exact title and headers, streamed, stored as the caller\'s export (a ten-minute link for her only, the file deleted an hour later). ID numbers and phones in full only with child.reveal. Audited with the annex and the records exported.',
    access: staffAccess,
    permission: 'report.export',
    input: z.strictObject({
      key: z.string().min(1).max(40).regex(/^[a-z0-9_-]+$/, '附件编码只能包含小写字母、数字、下划线和短横线').describe('附件'),
      orgCode: orgCode.optional().describe('组织范围'),
      childId: id('儿童').optional(),
      volunteerId: id('爱心妈妈').optional(),
    }),
    output: AnnexFile,
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND'],
    audit: true,
  }),
  exportLink: action({
    summary: 'A fresh ten-minute link to an export (child, pairing or annex) the caller made herself, while it is kept (an hour): for a download that failed. Anyone else, an admin included, is refused. Audited.',
    access: staffAccess,
    input: z.strictObject({ fileID: z.string().min(1).max(400).describe('导出文件') }),
    output: z.object({ fileID: z.string(), url: z.string(), expiresAt: isoDate }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND'],
    audit: true,
  }),
} as const;
