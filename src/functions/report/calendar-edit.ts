import { AppError } from '../../contract';
import type { Handler } from '../../server/handler';
import { REPORT_SECTION_LABELS, type ReportSection } from '../../programmes/enums';
import type { ReportCalendar } from '../../programmes/schema';
import type { Caller } from '../../server/caller';
import type { Db } from '../../server/runtime';
import { requireOrg } from '../../server/orgs';
import { assertInScope } from '../../server/scope';
import { isoNow, nowMs } from '../../server/time';
import {
  callerName, freshFigures, getReport, openReport, NARRATIVE_KEYS, REPORT_CREDITS, reportId, REPORTS,
  requireCalendar, requirePeriod, type ReportDoc,
} from './calendar-store';

const updated = (res: unknown): boolean => (res as { updated?: number }).updated === 1;

/** Save and submit: the report opened as `draft` opens it, and not yet submitted. */
async function editable(db: Db, caller: Caller, orgCode: string, periodKey: string) {
  const opened = await openReport(db, caller, orgCode, periodKey, false);
  if (opened.doc.status === 'submitted') throw new AppError('CONFLICT', '该报告已经提交，不能再修改');
  return opened;
}

function refuseOtherSections(cal: ReportCalendar, asked: ReportSection[]): void {
  const extra = asked.find((s) => !cal.sections.includes(s));
  if (extra) throw new AppError('INVALID_INPUT', `本项目的报告不包含“${REPORT_SECTION_LABELS[extra]}”`);
}

export const save: Handler<'report', 'save'> = async ({ orgCode, periodKey, version, narrative, typicalCases, photos }, { db, caller }) => {
  const { cal, doc } = await editable(db, caller, orgCode, periodKey);
  const asked: ReportSection[] = NARRATIVE_KEYS.filter((k) => (narrative[k] ?? '') !== '');
  if (typicalCases?.length) asked.push('typical_cases');
  if (photos?.length) asked.push('photos');
  refuseOtherSections(cal, asked);
  if (photos && new Set(photos).size !== photos.length) throw new AppError('INVALID_INPUT', '同一张照片不能重复选择');
  const next = {
    narrative: { ...doc.narrative, ...Object.fromEntries(NARRATIVE_KEYS.filter((k) => narrative[k] !== undefined).map((k) => [k, narrative[k]!])) },
    ...(typicalCases ? { typicalCases } : {}),
    ...(photos ? { photos } : {}),
    version: version + 1,
    editedAt: isoNow(),
    editedBy: caller.userId,
  };
  const res = await db.collection(REPORTS).where({ _id: doc._id, version, status: db.command.in(['draft', 'returned']) }).update(next);
  if (!updated(res)) throw new AppError('CONFLICT', '报告刚被其他人修改或已提交，请刷新后再试');
  return { version: next.version, updatedAt: next.editedAt };
};

/** What a report must hold before it goes up: every text section the programme asks for, and a case if it asks for cases. */
function missing(cal: ReportCalendar, doc: ReportDoc): string | null {
  for (const s of cal.sections) {
    if ((NARRATIVE_KEYS as string[]).includes(s) && !doc.narrative[s as (typeof NARRATIVE_KEYS)[number]].trim()) return REPORT_SECTION_LABELS[s];
    if (s === 'typical_cases' && !doc.typicalCases.length) return REPORT_SECTION_LABELS[s];
  }
  return null;
}

export const submit: Handler<'report', 'submit'> = async ({ orgCode, periodKey, version }, { db, caller, auditTarget }) => {
  const { programme, cal, p, org, doc } = await editable(db, caller, orgCode, periodKey);
  auditTarget({ kind: 'report', ids: [doc._id] });
  if (doc.version !== version) throw new AppError('CONFLICT', '报告刚被其他人修改，请刷新后再提交');
  const gap = missing(cal, doc);
  if (gap) throw new AppError('INVALID_INPUT', `请先填写“${gap}”再提交`);
  const t = nowMs();
  const at = new Date(t).toISOString();
  const late = t >= p.due.getTime();
  // a provisional snapshot is brought up to this moment (or to the cut-off) and frozen with the report
  const figs = doc.figuresFinal || doc.figuresFrozen ? {} : await freshFigures(db, programme, org, p, t);
  const res = await db.collection(REPORTS).where({ _id: doc._id, version, status: db.command.in(['draft', 'returned']) }).update({
    ...figs, figuresFrozen: true, status: 'submitted', version: version + 1, submittedAt: at, submittedBy: caller.userId, submittedByName: callerName(caller), late,
    submissions: [...(doc.submissions ?? []), { at, by: caller.userId, late }],
  });
  if (!updated(res)) throw new AppError('CONFLICT', '该报告已经提交或刚被修改，请刷新后查看');
  return { status: 'submitted', submittedAt: at, late };
};

export const reopen: Handler<'report', 'reopen'> = async ({ orgCode, periodKey, reason }, { db, caller, auditTarget }) => {
  const { cal } = await requireCalendar(db);
  const p = requirePeriod(cal, periodKey);
  const org = await requireOrg(db, orgCode);
  assertInScope(caller, org.path);
  // only a node above may return a report; a street cannot return its own
  if (!caller.isAdmin && caller.staff?.orgCode === org.code) throw new AppError('FORBIDDEN', '只有上级可以退回报告');
  const id = reportId(org.code, p.key);
  auditTarget({ kind: 'report', ids: [id] });
  const doc = await getReport(db, id);
  if (!doc || doc.status !== 'submitted') throw new AppError('CONFLICT', '只能退回已提交的报告');
  const returned = { reason, by: caller.userId, byName: callerName(caller), at: isoNow() };
  const res = await db.collection(REPORTS).where({ _id: id, version: doc.version, status: 'submitted' }).update({
    status: 'returned', version: doc.version + 1, returned, submittedAt: null, submittedBy: null, submittedByName: null, late: false,
  });
  if (!updated(res)) throw new AppError('CONFLICT', '报告刚被修改，请刷新后再试');
  return { status: 'returned' };
};

export const remindMe: Handler<'report', 'remindMe'> = async (_input, { db, caller }) => {
  const col = db.collection(REPORT_CREDITS);
  for (let attempt = 0; attempt < 2; attempt++) {
    const res = await col.where({ _id: caller.userId }).update({ credits: db.command.inc(1), openid: caller.openid });
    if (!updated(res)) {
      try {
        await col.add({ _id: caller.userId, openid: caller.openid, credits: 1 });
      } catch {
        continue; // added by a concurrent tap: increment it
      }
    }
    const doc = (await col.doc(caller.userId).get()).data?.[0] as { credits: number } | undefined;
    return { credits: doc?.credits ?? 1 };
  }
  throw new AppError('CONFLICT');
};
