import type { TimerJob } from '../../server/handler';
import { daysLeft, openPeriods, periodOf, previousPeriod } from '../../domain/report/calendar';
import { loadProgramme } from '../../server/programme';
import type { Db } from '../../server/runtime';
import { sendSubscribe } from '../../server/subscribe';
import { subscribeTemplate, templateIdOf } from '../../server/templates';
import { chinaInstant, inZone, isoNow, nowMs } from '../../server/time';
import { ensureReport, REPORT_CREDITS, REPORT_NOTES, REPORT_REMINDERS, REPORTS, reportId, submitterNodes, type ReportDoc } from './calendar-store';

export const reminderTemplateId = (): string | null => templateIdOf('REPORT_REMINDER');

/** Reminders go out this many days before the deadline (3 days, then the day before). */
export const REMIND_DAYS = [3, 1] as const;
/** Reminders are sent from this Shanghai hour on, never at night. */
const REMIND_FROM_HOUR = 9;

async function reportsOf(db: Db, periodKey: string): Promise<Map<string, ReportDoc>> {
  const out = new Map<string, ReportDoc>();
  for (let skip = 0; ; skip += 1000) {
    const res = await db.collection(REPORTS).where({ periodKey }).skip(skip).limit(1000).get();
    for (const d of res.data as ReportDoc[]) out.set(d.orgCode, d);
    if (res.data.length < 1000) return out;
  }
}

/**
 * At the cut-off: the figures of the period just ended for every submitter node that has not
 * submitted, taken once (a node whose report already holds a final snapshot, or went up frozen,
 * is skipped), so running twice changes nothing.
 */
export const snapshotReports: TimerJob = async ({ db }) => {
  const programme = await loadProgramme(db);
  const cal = programme?.reportCalendar;
  if (!programme || !cal) return { snapshots: 0 };
  const p = previousPeriod(cal, periodOf(cal, nowMs()));
  const docs = await reportsOf(db, p.key);
  let snapshots = 0;
  for (const org of await submitterNodes(db, cal)) {
    const d = docs.get(org.code);
    if (d && (d.figuresFinal || d.figuresFrozen || d.status === 'submitted')) continue;
    await ensureReport(db, programme, org, p);
    snapshots++;
  }
  return { period: p.key, snapshots };
};

/**
 * Before the deadline (3 days, then 1 day): the staff with report.submit at each submitter node
 * that has not submitted get an in-app notice and, when they accepted the template, a WeChat
 * subscribe message. Each (node, period, reminder) is keyed in report_reminders and only a fresh
 * insert reminds, so it is never sent twice.
 */
export const remindReports: TimerJob = async ({ db }) => {
  const programme = await loadProgramme(db);
  const cal = programme?.reportCalendar;
  const t = nowMs();
  if (!programme || !cal || inZone(t).hour() < REMIND_FROM_HOUR) return { reminded: 0, sent: 0 };
  const at = isoNow();
  let reminded = 0;
  let sent = 0;
  const nodes = await submitterNodes(db, cal);
  for (const p of openPeriods(cal, t)) {
    const left = daysLeft(p, t);
    // the nearest reminder already due: a late switch-on still sends the day-before one
    const which = [...REMIND_DAYS].reverse().find((d) => left <= d);
    if (which === undefined || left < 0) continue;
    const docs = await reportsOf(db, p.key);
    for (const org of nodes) {
      if (docs.get(org.code)?.status === 'submitted') continue;
      try {
        await db.collection(REPORT_REMINDERS).add({ _id: `${reportId(org.code, p.key)}_d${which}`, orgCode: org.code, periodKey: p.key, at });
      } catch {
        continue; // reminded before
      }
      reminded++;
      const staff = (await db.collection('users').where({ 'staff.orgCode': org.code, 'staff.active': true }).limit(100).get()).data as { _id: string; staff: { permissions: string[] } }[];
      const text = left === 0 ? `${p.label}工作报告今天截止，请及时提交` : `${p.label}工作报告将于${p.dueDate}截止（还有${left}天），请及时提交`;
      for (const u of staff.filter((s) => s.staff.permissions.includes('report.submit'))) {
        await db.collection(REPORT_NOTES).add({ userId: u._id, kind: 'report_due', orgCode: org.code, periodKey: p.key, text, at, read: false });
        if (await remindInWeChat(db, u._id, p.label, p.dueDate)) sent++;
      }
    }
  }
  return { reminded, sent };
};

/** Spends one accepted template and sends (REPORT_REMINDER in src/server/templates.ts: id and keyword keys are configuration). */
async function remindInWeChat(db: Db, userId: string, label: string, dueDate: string): Promise<boolean> {
  const template = subscribeTemplate('REPORT_REMINDER');
  if (!template) return false;
  const spent = await db.collection(REPORT_CREDITS).where({ _id: userId, credits: db.command.gt(0) }).update({ credits: db.command.inc(-1) });
  if ((spent as { updated?: number }).updated !== 1) return false;
  const c = (await db.collection(REPORT_CREDITS).doc(userId).get()).data?.[0] as { openid?: string } | undefined;
  if (!c?.openid) return false;
  return sendSubscribe({
    toUserId: userId,
    openid: c.openid,
    templateId: template.id,
    page: 'packages/report/pages/periods/index',
    // due on that day: the template's time keyword shows its last minute
    data: template.data({ report: `${label}工作报告`, due: chinaInstant(dueDate, '23:59'), hint: '请在截止前提交' }),
  });
}
