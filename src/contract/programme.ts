import { z } from 'zod';
import { action } from './define';
import { requiredText, text } from './common';

/**
 * Programme rules as data (issue 17): an admin reviews a preset or a version in plain Chinese,
 * edits a draft with the form derived from the programme schema, and saves it as a new version
 * that applies from a chosen day. Part of the `account` function (src/contract/index.ts).
 */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD').describe('生效日期');
/** A programme as JSON: validated by the programme schema in the handler, which explains every problem. */
const Draft = z.record(z.string(), z.unknown()).describe('项目方案');

export const VERSION_STATES = ['in_effect', 'scheduled', 'past', 'replaced'] as const;
export const VERSION_STATE_LABELS: Record<(typeof VERSION_STATES)[number], string> = {
  in_effect: '生效中',
  scheduled: '待生效',
  past: '已停用',
  replaced: '未生效（已被同日新版本取代）',
};

const VersionRow = z.object({
  version: z.number().int(),
  /** null: from switch-on */
  effectiveFrom: z.string().nullable(),
  state: z.enum(VERSION_STATES),
  stateLabel: z.string(),
  name: z.string(),
  basedOn: z.string().nullable(),
  byName: z.string().nullable(),
  /** when it was saved, China time ('' for the first version of an environment switched on before versions) */
  when: z.string(),
  reason: z.string(),
  /** titles of the sections that differ from the version before it */
  changes: z.array(z.string()),
});
const Section = z.object({ key: z.string(), title: z.string(), lines: z.array(z.string()) });
const Problem = z.object({ path: z.string(), message: z.string() });

export const programmeContract = {
  programmeVersions: action({
    summary: "Admin: every version of this environment's programme rules, newest first, with its state, first day, author, reason and which sections it changed.",
    access: ['admin'],
    input: z.strictObject({}),
    output: z.object({ today: z.string(), versions: z.array(VersionRow) }),
    errors: ['FORBIDDEN'],
  }),
  reviewProgramme: action({
    summary:
      'Admin: a programme in plain Chinese, and its problems. Reads a shipped preset (`presetId`), a stored version (`version`), a draft being edited (`draft`), or by default the latest version; `withForm` adds the editor form derived from the programme schema. Changes are against the version in effect. Reads only.',
    access: ['admin'],
    input: z.strictObject({
      presetId: text('项目模板', 40).optional(),
      version: z.number().int().min(1).max(10000).optional().describe('版本'),
      draft: Draft.optional(),
      withForm: z.boolean().default(false).describe('附带表单'),
    }),
    output: z.object({
      draft: Draft,
      problems: z.array(Problem),
      sections: z.array(Section),
      changes: z.array(z.string()),
      /** null until a programme is switched on */
      inEffect: z.number().int().nullable(),
      /** the earliest first day a new version may have (today, or the latest scheduled version's) */
      earliestDay: z.string(),
      /** a suggested first day: the first of next month, when the monthly and quarterly periods begin */
      suggestedDay: z.string(),
      form: z.unknown().nullable(),
    }),
    errors: ['FORBIDDEN', 'NOT_FOUND', 'INVALID_INPUT'],
  }),
  saveProgramme: action({
    summary:
      'Admin: saves a draft as a new version applying from `effectiveFrom` (today or later, not before a scheduled version; a later version with the same day replaces it). Before any programme is switched on it switches the draft on instead (version 1, `basedOn` the preset it started from), creating its org tree and default teams. Periods already under way keep the rules they started with.',
    access: ['admin'],
    input: z.strictObject({
      draft: Draft,
      effectiveFrom: day.optional(),
      reason: requiredText('修改原因', 200),
      basedOn: text('项目模板', 40).optional(),
    }),
    output: z.object({ version: VersionRow, orgsCreated: z.number().int() }),
    errors: ['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
    audit: true,
  }),
} as const;
