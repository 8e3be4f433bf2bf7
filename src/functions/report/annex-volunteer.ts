import { AppError } from '../../contract';
import { formRows, sheetName, tableFoot, tableHead, ymd, type AnnexForm, type AnnexSheet } from '../../domain/report/annex-sheet';
import { volunteerFormFill, volunteerRow, type VolunteerRecord } from '../../domain/report/annex-volunteer';
import type { AnnexTable } from '../../programmes/schema';
import { unseal, type Sealed } from '../../server/crypto';
import { assertInScope } from '../../server/scope';
import { APPS, appIdFor, getAppDoc, type AppDoc } from '../volunteer/store';
import type { AnnexJob, AnnexResult } from './annex';
import { annexWorkbook, pages } from './annex-xlsx';
import { FORMS_MAX } from './annex-child';

/**
 * The volunteer annexes from volunteer_applications: the sign-up form (厦门 附件3, 遂宁 附件2)
 * one sheet per approved volunteer of the subtree or for one chosen application (any status, as
 * a county prints one for review), and 厦门 附件4's summary, one row per approved volunteer.
 * Data needs volunteer.read; ID number and phone are unsealed only for staff holding child.reveal
 * (查看完整身份证号和电话, the permission the pairing exports already apply to volunteers' phones),
 * masked for everyone else.
 */
function recordOf(doc: AppDoc, full: boolean): VolunteerRecord {
  const open = (s: Sealed | null | undefined) => (s ? (full ? unseal(s) : s.masked) : '');
  return {
    name: doc.name ?? '', birthDate: doc.birthDate ?? '', applicantKind: doc.applicantKind ?? 'individual', groupName: doc.groupName ?? null,
    form: doc.form ?? {}, idNumber: open(doc.idNumber), phone: open(doc.phone), orgName: doc.orgName ?? '',
    preferredAreaName: doc.preferredAreaName ?? null, submittedAt: doc.submittedAt ?? doc.approvedAt ?? '', round: doc.round ?? 1, decisions: doc.decisions ?? [],
  };
}

/** A chosen volunteer by her application id, or by her user id (what pairing screens carry). */
async function chosenApp(job: AnnexJob, id: string): Promise<AppDoc> {
  const doc = (await getAppDoc(job.db, id)) ?? (await getAppDoc(job.db, appIdFor(id)));
  if (!doc) throw new AppError('NOT_FOUND', '没有找到该爱心妈妈的报名');
  assertInScope(job.caller, doc.orgPath);
  if (job.input.orgCode && !doc.orgPath.includes(job.input.orgCode)) throw new AppError('INVALID_INPUT', '该爱心妈妈不在所选组织范围内');
  return doc;
}

export async function exportVolunteerForms(annex: AnnexTable, job: AnnexJob): Promise<AnnexResult & { count: number }> {
  const form = annex as AnnexForm;
  const where = { ...job.where, status: 'approved' };
  const chosen = job.input.volunteerId ? await chosenApp(job, job.input.volunteerId) : null;
  if (!chosen) {
    const { total } = await job.db.collection(APPS).where(where).count();
    if ((total ?? 0) > FORMS_MAX) throw new AppError('INVALID_INPUT', `范围内有${total}位爱心妈妈，一次最多导出${FORMS_MAX}份报名表，请选择下级组织分批导出`);
  }
  const book = await annexWorkbook();
  const ids: string[] = [];
  try {
    const write = async (docs: AppDoc[]) => {
      for (const doc of docs) {
        ids.push(doc._id);
        const ws = book.sheet(sheetName(ids.length, doc.name ?? ''), formRows(form, volunteerFormFill(recordOf(doc, job.full), job.programme.approvalChain, job.today)), [24, 44]);
        await book.finish(ws);
      }
    };
    if (chosen) await write([chosen]);
    else for await (const docs of pages<AppDoc>(job.db, APPS, where)) await write(docs);
    if (!ids.length) {
      const date = ymd(job.today);
      await book.finish(book.sheet('空白', formRows(form, { header: () => date, field: () => '', repeating: () => [], footer: () => '' }), [24, 44]));
    }
    return { stored: await book.store(job), label: chosen ? chosen.name : job.top, kind: 'volunteer_application', ids, count: ids.length };
  } catch (err) {
    book.discard();
    throw err;
  }
}

export async function exportVolunteerTable(annex: AnnexTable, job: AnnexJob): Promise<AnnexResult & { count: number }> {
  const sheet = annex as AnnexSheet;
  const values: Record<string, string> = { 信息采集时间: ymd(job.today), 填报时间: ymd(job.today), 填报单位: job.top };
  const book = await annexWorkbook();
  const ids: string[] = [];
  try {
    const ws = book.sheet('Sheet1', tableHead(sheet, (f) => values[f] ?? ''), sheet.columns.map((c) => (c === '序号' || c === '年龄' ? 8 : 20)));
    for await (const docs of pages<AppDoc>(job.db, APPS, { ...job.where, status: 'approved' })) {
      for (const doc of docs) {
        ids.push(doc._id);
        book.row(ws, volunteerRow(sheet.columns, recordOf(doc, job.full), ids.length, job.today));
      }
    }
    const foot = tableFoot(sheet, () => '');
    await book.finish(ws, foot ? [[foot]] : []);
    return { stored: await book.store(job), label: job.top, kind: 'volunteer_application', ids, count: ids.length };
  } catch (err) {
    book.discard();
    throw err;
  }
}
