import { AppError } from '../../contract';
import type { Handler, Handlers } from '../../server/handler';
import type { calendarContract } from '../../contract/report/calendar';
import { daysLeft, isOpen, recentPeriods, REPORT_STATUS_LABELS, statusOf } from '../../domain/report/calendar';
import { loadProgramme } from '../../server/programme';
import { assertInScope, hasPermission } from '../../server/scope';
import { nowMs } from '../../server/time';
import { photoLinks } from '../../server/files';
import { requireOrg } from '../../server/orgs';
import {
  assertReader, getReport, NO_CALENDAR, nodeStatus, openReport, reportId, reportView, REPORT_NOTES, REPORTS,
  requireCalendar, requirePeriod, sectionsOf, submitterNodes, type ReportDoc,
} from './calendar-store';
import { remindMe, reopen, save, submit } from './calendar-edit';
import { nodeFor } from './node';
import { reminderTemplateId } from './calendar-timers';

const EVERY: Record<number, string> = { 1: '每月', 2: '每两个月', 3: '每季度', 6: '每半年', 12: '每年' };

export const periods: Handler<'report', 'periods'> = async ({ orgCode }, { db, caller }) => {
  assertReader(caller);
  const org = await nodeFor(db, caller, orgCode);
  const programme = await loadProgramme(db);
  const cal = programme?.reportCalendar;
  const base = { orgCode: org.code, orgName: org.name, reminderTemplateId: reminderTemplateId(), notices: [] as { text: string; at: string }[] };
  if (!cal) {
    return { ...base, enabled: false, message: programme ? NO_CALENDAR : '本环境尚未启用项目，请联系管理员', isSubmitter: false, canSubmit: false, canViewStatus: false, everyLabel: '', sections: [], periods: [] };
  }
  const t = nowMs();
  const isSubmitter = cal.submitterLevels.includes(org.level);
  const list = recentPeriods(cal, t, 6);
  const docs = new Map<string, ReportDoc>();
  if (isSubmitter) {
    const res = await db.collection(REPORTS).where({ _id: db.command.in(list.map((p) => reportId(org.code, p.key))) }).limit(list.length).get();
    for (const d of res.data as ReportDoc[]) docs.set(d.periodKey, d);
  }
  const below = (await submitterNodes(db, cal, org.code)).filter((o) => o.code !== org.code);
  const rows = list.map((p) => {
    const doc = docs.get(p.key);
    const status = nodeStatus(p, doc, t);
    return {
      key: p.key, label: p.label, start: p.start.toISOString(), cutoff: p.cutoff.toISOString(), opensAt: p.opensAt.toISOString(),
      dueDate: p.dueDate, daysLeft: daysLeft(p, t), status, statusLabel: doc?.status === 'returned' ? '已退回修改' : REPORT_STATUS_LABELS[status],
      open: isOpen(p, t), hasDraft: !!doc?.editedAt, submittedAt: doc?.status === 'submitted' ? doc.submittedAt : null,
    };
  });
  const notes = await db.collection(REPORT_NOTES).where({ userId: caller.userId }).orderBy('at', 'desc').limit(3).get();
  base.notices = (notes.data as { text: string; at: string }[]).map((n) => ({ text: n.text, at: n.at }));
  const by = cal.dueMonthOffset === 1 ? `次月${cal.dueDay}日前` : `当期最后一个月${cal.dueDay}日前`;
  return {
    ...base, enabled: true, message: `${EVERY[cal.everyMonths]}报送一次，${by}提交`, isSubmitter,
    canSubmit: isSubmitter && hasPermission(caller, 'report.submit'), canViewStatus: below.length > 0 && hasPermission(caller, 'report.read'),
    everyLabel: EVERY[cal.everyMonths], sections: sectionsOf(cal), periods: rows,
  };
};

export const draft: Handler<'report', 'draft'> = async ({ orgCode, periodKey }, { db, caller }) => {
  const { cal, doc } = await openReport(db, caller, orgCode, periodKey, true);
  return reportView(doc, cal, true, await photoLinks(doc.photos));
};

export const get: Handler<'report', 'get'> = async ({ orgCode, periodKey }, { db, caller, auditTarget }) => {
  assertReader(caller);
  const { cal } = await requireCalendar(db);
  const p = requirePeriod(cal, periodKey);
  const org = await requireOrg(db, orgCode);
  assertInScope(caller, org.path);
  const doc = await getReport(db, reportId(org.code, p.key));
  auditTarget({ kind: 'report', ids: [reportId(org.code, p.key)] });
  if (!doc || doc.status !== 'submitted') throw new AppError('NOT_FOUND', `${org.name}尚未提交${p.label}的报告`);
  return reportView(doc, cal, false, await photoLinks(doc.photos));
};

const STATE_LABELS: Record<string, string> = { submitted: '已提交', late: '逾期提交', returned: '已退回修改', draft: '填写中', not_started: '未开始' };

export const status: Handler<'report', 'status'> = async ({ orgCode, periodKey }, { db, caller }) => {
  const { cal } = await requireCalendar(db);
  const root = await nodeFor(db, caller, orgCode);
  const t = nowMs();
  const p = periodKey ? requirePeriod(cal, periodKey) : recentPeriods(cal, t, 12).find((x) => isOpen(x, t))!;
  const nodes = await submitterNodes(db, cal, root.code);
  const docs = new Map<string, ReportDoc>();
  for (let skip = 0; ; skip += 1000) {
    const res = await db.collection(REPORTS).where({ periodKey: p.key, orgPath: root.code }).skip(skip).limit(1000).get();
    for (const d of res.data as ReportDoc[]) docs.set(d.orgCode, d);
    if (res.data.length < 1000) break;
  }
  const rows = nodes.map((o) => {
    const d = docs.get(o.code);
    const st = statusOf(p, t, d?.status === 'submitted' ? d.submittedAt : null);
    const state = st === 'submitted' || st === 'late' ? st : d?.status === 'returned' ? 'returned' : d?.editedAt ? 'draft' : 'not_started';
    return {
      orgCode: o.code, orgName: o.name, state, stateLabel: STATE_LABELS[state], overdue: st === 'overdue',
      submittedAt: d?.status === 'submitted' ? d.submittedAt : null, submittedByName: d?.status === 'submitted' ? d.submittedByName : null,
    };
  });
  // who still owes the report first
  const rank = (r: (typeof rows)[number]) => (r.overdue ? 0 : r.submittedAt ? 2 : 1);
  rows.sort((a, b) => rank(a) - rank(b) || a.orgCode.localeCompare(b.orgCode));
  const submitted = rows.filter((r) => r.submittedAt).length;
  const overdue = rows.filter((r) => r.overdue).length;
  return {
    periodKey: p.key, periodLabel: p.label, dueDate: p.dueDate,
    counts: { submitted, overdue, pending: rows.length - submitted - overdue, total: rows.length }, rows,
  };
};

/** Handlers of src/contract/report/calendar.ts. */
export const calendarHandlers: Pick<Handlers<'report'>, keyof typeof calendarContract> = { periods, draft, get, save, submit, reopen, status, remindMe };
