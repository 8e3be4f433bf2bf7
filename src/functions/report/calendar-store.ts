import { AppError } from '../../contract';
import type { Figures } from '../../contract/report/dashboard';
import { isOpen, periodByKey, statusOf, type ReportPeriod } from '../../domain/report/calendar';
import { ORG_LEVEL_LABELS, REPORT_SECTION_LABELS } from '../../programmes/enums';
import type { Programme } from '../../programmes';
import type { ReportCalendar } from '../../programmes/schema';
import type { Caller } from '../../server/caller';
import { getOrg, listSubtree, requireOrg, type OrgDoc } from '../../server/orgs';
import { requireProgramme } from '../../server/programme';
import type { Db } from '../../server/runtime';
import type { PhotoLinks } from '../../server/files';
import { assertInScope, hasPermission } from '../../server/scope';
import { chinaDate, isoNow, nowMs } from '../../server/time';
import { figuresAt } from './calendar-figures';

/** One report per (submitter node, period): `reports/{orgCode}_{periodKey with ~ as _}`. */
export const REPORTS = 'reports';
/** Reminder keys already sent: `{orgCode}_{periodKey}_{d3|d1}`; only a fresh insert reminds. */
export const REPORT_REMINDERS = 'report_reminders';
/** In-app notices to staff (the deadline reminders). */
export const REPORT_NOTES = 'report_notifications';
/** Accepted one-time subscribe templates per staff member: `{_id: userId, openid, credits}`. */
export const REPORT_CREDITS = 'report_reminder_credits';

export type NarrativeKey = 'problems' | 'results' | 'experience' | 'ledger';
export const NARRATIVE_KEYS: NarrativeKey[] = ['problems', 'results', 'experience', 'ledger'];

export interface ReportDoc {
  _id: string;
  orgCode: string;
  orgName: string;
  orgPath: string[];
  periodKey: string;
  periodLabel: string;
  start: string;
  cutoff: string;
  dueDate: string;
  status: 'draft' | 'submitted' | 'returned';
  version: number;
  figures: Figures | null;
  asOf: string | null;
  figuresFinal: boolean;
  /** set at the first submit: a report returned for revision keeps the figures it went up with */
  figuresFrozen: boolean;
  narrative: Record<NarrativeKey, string>;
  typicalCases: { title: string; text: string }[];
  photos: string[];
  createdAt: string;
  editedAt: string | null;
  editedBy: string | null;
  submittedAt: string | null;
  submittedBy: string | null;
  submittedByName: string | null;
  late: boolean;
  returned: { reason: string; by: string; byName: string; at: string } | null;
  submissions: { at: string; by: string; late: boolean }[];
}

export const reportId = (orgCode: string, periodKey: string): string => `${orgCode}_${periodKey.replace('~', '_')}`;

export const NO_CALENDAR = '本项目没有规定定期报送工作报告';

export async function requireCalendar(db: Db): Promise<{ programme: Programme; cal: ReportCalendar }> {
  const programme = await requireProgramme(db);
  if (!programme.reportCalendar) throw new AppError('NOT_FOUND', NO_CALENDAR);
  return { programme, cal: programme.reportCalendar };
}

export function requirePeriod(cal: ReportCalendar, key: string): ReportPeriod {
  const p = periodByKey(cal, key);
  if (!p) throw new AppError('INVALID_INPUT', '报送期不正确，请从报送日历中选择');
  return p;
}

export const callerName = (caller: Caller): string => caller.user?.name ?? (caller.isAdmin ? '管理员' : '工作人员');

export function assertReader(caller: Caller): void {
  if (!hasPermission(caller, 'report.read') && !hasPermission(caller, 'report.submit')) {
    throw new AppError('FORBIDDEN', '您没有此项操作的权限，请联系管理员开通');
  }
}

export function assertSubmitterNode(cal: ReportCalendar, org: OrgDoc): void {
  if (!cal.submitterLevels.includes(org.level)) {
    const levels = cal.submitterLevels.map((l) => ORG_LEVEL_LABELS[l]).join('、');
    throw new AppError('INVALID_INPUT', `工作报告由${levels}一级报送，${org.name}无需单独报送`);
  }
}

/** Submitter nodes of a subtree (the root itself included when it is one), by code. */
export async function submitterNodes(db: Db, cal: ReportCalendar, rootCode?: string): Promise<OrgDoc[]> {
  return (await listSubtree(db, rootCode)).filter((o) => cal.submitterLevels.includes(o.level));
}

export async function getReport(db: Db, id: string): Promise<ReportDoc | null> {
  return ((await db.collection(REPORTS).doc(id).get()).data?.[0] as ReportDoc | undefined) ?? null;
}

export const sectionsOf = (cal: ReportCalendar) => cal.sections.map((key) => ({ key, label: REPORT_SECTION_LABELS[key] }));

/**
 * The figures a report should carry now: after the cut-off the window ends at the cut-off and the
 * snapshot is final; before it (龙岗 is due inside its period) they run to this moment and are
 * provisional. `asOf` is always when they were computed.
 */
export async function freshFigures(db: Db, programme: Programme, org: OrgDoc, p: ReportPeriod, t: number) {
  const final = t >= p.cutoff.getTime();
  const end = final ? p.cutoff : new Date(t);
  const figures = await figuresAt(db, programme, org.code, { start: p.start, end, label: p.label });
  return { figures, asOf: new Date(t).toISOString(), figuresFinal: final };
}

/**
 * The report of (node, period), created on first need; an unsubmitted report's figures are
 * brought up to date (provisional ones refreshed, a final one taken once). A submitted report is
 * returned untouched: nothing changes it.
 */
export async function ensureReport(db: Db, programme: Programme, org: OrgDoc, p: ReportPeriod): Promise<ReportDoc> {
  const id = reportId(org.code, p.key);
  const t = nowMs();
  let doc = await getReport(db, id);
  if (doc && (doc.status === 'submitted' || doc.figuresFinal || doc.figuresFrozen)) return doc;
  const figs = await freshFigures(db, programme, org, p, t);
  if (!doc) {
    const fresh: ReportDoc = {
      _id: id, orgCode: org.code, orgName: org.name, orgPath: org.path, periodKey: p.key, periodLabel: p.label,
      start: p.start.toISOString(), cutoff: p.cutoff.toISOString(), dueDate: p.dueDate, status: 'draft', version: 0, ...figs, figuresFrozen: false,
      narrative: { problems: '', results: '', experience: '', ledger: '' }, typicalCases: [], photos: [], createdAt: isoNow(),
      editedAt: null, editedBy: null, submittedAt: null, submittedBy: null, submittedByName: null, late: false, returned: null, submissions: [],
    };
    try {
      await db.collection(REPORTS).add(fresh);
      return fresh;
    } catch {
      doc = await getReport(db, id); // created at the same moment by another call or the timer
      if (!doc) throw new AppError('CONFLICT');
      return doc;
    }
  }
  // never over a submitted report or a final snapshot written meanwhile
  const res = await db.collection(REPORTS).where({ _id: id, status: db.command.neq('submitted'), figuresFinal: false, figuresFrozen: false }).update(figs);
  if ((res as { updated?: number }).updated === 1) return { ...doc, ...figs };
  return (await getReport(db, id)) ?? doc;
}

/**
 * The report a submitter node writes for a period, opened (created if needed) after the checks every
 * writer shares: the calendar, the period, the node in scope and a submitter, the period open.
 * `refresh` retakes provisional figures (opening the report); saving keeps the ones shown.
 */
export async function openReport(db: Db, caller: Caller, orgCode: string, periodKey: string, refresh: boolean) {
  const { programme, cal } = await requireCalendar(db);
  const p = requirePeriod(cal, periodKey);
  const org = await requireOrg(db, orgCode);
  assertInScope(caller, org.path);
  assertSubmitterNode(cal, org);
  const existing = await getReport(db, reportId(org.code, p.key));
  if (!existing && !isOpen(p, nowMs())) {
    throw new AppError('INVALID_INPUT', `${p.label}的报告尚未开始报送，请于${chinaDate(p.opensAt)}起填写`);
  }
  const doc = existing && !refresh ? existing : await ensureReport(db, programme, org, p);
  return { programme, cal, p, org, doc };
}

export const REPORT_DOC_STATUS_LABELS: Record<ReportDoc['status'], string> = { draft: '草稿', submitted: '已提交', returned: '已退回修改' };

/** `link`: photoLinks over doc.photos, issued to a caller already allowed to read the report. */
export function reportView(doc: ReportDoc, cal: ReportCalendar, editable: boolean, link: PhotoLinks) {
  return {
    ...doc,
    photoUrls: doc.photos.map(link),
    statusLabel: doc.status === 'submitted' && doc.late ? '逾期提交' : REPORT_DOC_STATUS_LABELS[doc.status],
    sections: sectionsOf(cal),
    returned: doc.returned ? { reason: doc.returned.reason, byName: doc.returned.byName, at: doc.returned.at } : null,
    editable: editable && doc.status !== 'submitted',
  };
}

/** A node's calendar status for a period, from its report (if any). */
export function nodeStatus(p: ReportPeriod, doc: ReportDoc | undefined, t: number) {
  return statusOf(p, t, doc?.status === 'submitted' ? doc.submittedAt : null);
}

export { getOrg };
