import { z } from 'zod';
import { action } from '../define';
import { orgCode, requiredText, text } from '../common';
import { FiguresSchema } from './dashboard';

/**
 * report: the reporting calendar (报送). The programme says when reports are due
 * (programme.reportCalendar); each submitter-level node writes one report per period: the figures
 * of its subtree as of the cut-off (a snapshot the timer takes, or the first opening if it has
 * not) plus the narrative the programme asks for. A submitted report is frozen; the parent node
 * sees who has and has not submitted and may return one for revision with a reason.
 */

export const REPORT_TEXT_MAX = 2000;
export const REPORT_CASES_MAX = 10;
export const REPORT_PHOTOS_MAX = 9;

const periodKey = z.string().min(7).max(10).regex(/^\d{4}-\d{2}(~\d{2})?$/, '报送期格式不正确').describe('报送期');

const PeriodRow = z.object({
  key: z.string(),
  label: z.string(),
  start: z.string(),
  cutoff: z.string(),
  opensAt: z.string(),
  dueDate: z.string(),
  daysLeft: z.number().int(),
  status: z.string(),
  statusLabel: z.string(),
  open: z.boolean(),
  hasDraft: z.boolean(),
  submittedAt: z.string().nullable(),
});

const Section = z.object({ key: z.string(), label: z.string() });
const Case = z.object({ title: z.string(), text: z.string() });

export const ReportView = z.object({
  orgCode: z.string(),
  orgName: z.string(),
  periodKey: z.string(),
  periodLabel: z.string(),
  start: z.string(),
  cutoff: z.string(),
  dueDate: z.string(),
  status: z.string().describe('draft | submitted | returned'),
  statusLabel: z.string(),
  version: z.number().int(),
  figures: FiguresSchema.nullable(),
  /** when the figures were computed; after the cut-off only if the timer came late */
  asOf: z.string().nullable(),
  figuresFinal: z.boolean().describe('taken at or after the cut-off; before it the figures are provisional'),
  sections: z.array(Section),
  narrative: z.object({ problems: z.string(), results: z.string(), experience: z.string(), ledger: z.string() }),
  typicalCases: z.array(Case),
  photos: z.array(z.string()),
  photoUrls: z.array(z.string()).describe('temporary links to the photos (an hour), in the same order; \'\' for a file no longer kept'),
  submittedAt: z.string().nullable(),
  submittedByName: z.string().nullable(),
  late: z.boolean(),
  returned: z.object({ reason: z.string(), byName: z.string(), at: z.string() }).nullable(),
  editable: z.boolean(),
});

const target = { orgCode, periodKey };
const narrativeInput = z
  .strictObject({
    problems: text('存在问题', REPORT_TEXT_MAX).optional(),
    results: text('工作成效', REPORT_TEXT_MAX).optional(),
    experience: text('经验做法', REPORT_TEXT_MAX).optional(),
    ledger: text('台账资料说明', REPORT_TEXT_MAX).optional(),
  })
  .default({})
  .describe('报告内容');
const caseInput = z.strictObject({ title: requiredText('案例标题', 60), text: requiredText('案例内容', REPORT_TEXT_MAX) }).describe('典型案例');
const photo = z.string().min(1).max(300).refine((v) => v.startsWith('cloud://'), '照片须从已上传的文件中选择').describe('照片');

export const calendarContract = {
  periods: action({
    summary: 'The reporting calendar for the caller\'s node (or a node in scope): the current and recent periods, newest first, with deadline, days left and status (未到期/待提交/已逾期/已提交/逾期提交). Needs report.read or report.submit. A programme with no calendar answers enabled: false and a Chinese message.',
    access: ['staff', 'admin'],
    input: z.strictObject({ orgCode: orgCode.optional() }),
    output: z.object({
      enabled: z.boolean(),
      message: z.string(),
      orgCode: z.string(),
      orgName: z.string(),
      isSubmitter: z.boolean().describe('this node writes reports itself (its level is a submitter level)'),
      canSubmit: z.boolean(),
      canViewStatus: z.boolean().describe('the node has submitter nodes below it'),
      everyLabel: z.string(),
      sections: z.array(Section),
      periods: z.array(PeriodRow),
      reminderTemplateId: z.string().nullable(),
      notices: z.array(z.object({ text: z.string(), at: z.string() })).describe('the caller\'s latest deadline reminders (in-app copies of the subscribe messages)'),
    }),
    errors: ['FORBIDDEN', 'NOT_FOUND'],
  }),
  draft: action({
    summary: 'Open (creating if needed) the report of a submitter node for a period open for submission: the figures snapshot (taken at the cut-off by the timer, or now if it has not been; before the cut-off a provisional one refreshed on each opening) and the narrative sections. A submitted report answers as it was frozen.',
    access: ['staff', 'admin'],
    permission: 'report.submit',
    input: z.strictObject(target),
    output: ReportView,
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND'],
  }),
  get: action({
    summary: 'Read a submitted report in scope, read-only (the parent opening a child node\'s report). Needs report.read or report.submit.',
    access: ['staff', 'admin'],
    input: z.strictObject(target),
    output: ReportView,
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND'],
    audit: true,
  }),
  save: action({
    summary: 'Save the narrative of a draft (or returned) report: only the sections the programme asks for; version-conditional, a concurrent edit answers CONFLICT. Photos are storage fileIDs from uploads.',
    access: ['staff', 'admin'],
    permission: 'report.submit',
    input: z.strictObject({
      ...target,
      version: z.number().int().min(0).describe('版本号'),
      narrative: narrativeInput,
      typicalCases: z.array(caseInput).max(REPORT_CASES_MAX).optional().describe('典型案例'),
      photos: z.array(photo).max(REPORT_PHOTOS_MAX).optional().describe('照片'),
    }),
    output: z.object({ version: z.number().int(), updatedAt: z.string() }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  }),
  submit: action({
    summary: 'Submit a report to the parent node: it is frozen (figures as snapshotted, narrative as saved). The version must be the one last saved; of two submits at once exactly one wins, the other answers CONFLICT.',
    access: ['staff', 'admin'],
    permission: 'report.submit',
    input: z.strictObject({ ...target, version: z.number().int().min(0).describe('版本号') }),
    output: z.object({ status: z.string(), submittedAt: z.string(), late: z.boolean() }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
    audit: true,
  }),
  reopen: action({
    summary: 'Return a submitted report to its node for revision, with a reason: staff of a node above it with report.read. The figures stay as frozen; the narrative becomes editable and must be submitted again.',
    access: ['staff', 'admin'],
    permission: 'report.read',
    input: z.strictObject({ ...target, reason: requiredText('退回原因', 200) }),
    output: z.object({ status: z.string() }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
    audit: true,
  }),
  status: action({
    summary: 'For one period, every submitter node in the caller\'s subtree (or a node in scope): submitted (when, by whom), returned, draft, not started or overdue. Needs report.read.',
    access: ['staff', 'admin'],
    permission: 'report.read',
    input: z.strictObject({ orgCode: orgCode.optional(), periodKey: periodKey.optional() }),
    output: z.object({
      periodKey: z.string(),
      periodLabel: z.string(),
      dueDate: z.string(),
      counts: z.object({ submitted: z.number().int(), pending: z.number().int(), overdue: z.number().int(), total: z.number().int() }),
      rows: z.array(z.object({
        orgCode: z.string(),
        orgName: z.string(),
        state: z.string().describe('submitted | late | returned | draft | not_started'),
        stateLabel: z.string(),
        overdue: z.boolean(),
        submittedAt: z.string().nullable(),
        submittedByName: z.string().nullable(),
      })),
    }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND'],
  }),
  remindMe: action({
    summary: 'The staff member accepted the report-deadline reminder template on this tap: one more WeChat reminder may be sent to her (one per acceptance).',
    access: ['staff', 'admin'],
    permission: 'report.submit',
    input: z.strictObject({}),
    output: z.object({ credits: z.number().int() }),
    errors: ['FORBIDDEN'],
  }),
};
