import { AppError } from '../../contract';
import { mapSensitive, type ChildDoc, type ChildFields, type SealedValue } from '../../domain/child';
import { childFormFill, type ChildFormRecord } from '../../domain/report/annex-child';
import { formRows, sheetName, type AnnexForm } from '../../domain/report/annex-sheet';
import type { AnnexTable } from '../../programmes/schema';
import { unseal } from '../../server/crypto';
import type { OrgDoc } from '../../server/orgs';
import { loadChild } from '../child/store';
import { orgMap } from '../pairing/store';
import type { AnnexJob, AnnexResult } from './annex';
import { annexWorkbook, pages } from './annex-xlsx';

/** One workbook sheet per child; more than this in one file is refused (choose a smaller node). */
export const FORMS_MAX = 1000;

const widthsOf = (annex: AnnexForm) => (annex.sections.some((s) => s.repeating) ? [24, 16, 8, 22, 14, 16] : [24, 44]);

/**
 * A child_info form (厦门 附件1, 遂宁 附件1) per child: the chosen child, or every child of the
 * subtree (or of the chosen node), one worksheet each named by number and name — 厦门's form as
 * the seed has it carries no name line. An empty subtree gives one blank form.
 */
export async function exportChildForms(annex: AnnexTable, job: AnnexJob): Promise<AnnexResult & { count: number }> {
  const form = annex as AnnexForm;
  const { db, caller, input } = job;
  let chosen: ChildDoc | null = null;
  if (input.childId) {
    chosen = await loadChild(db, caller, input.childId);
    if (input.orgCode && !chosen.orgPath.includes(input.orgCode)) throw new AppError('INVALID_INPUT', '该儿童不在所选组织范围内');
  } else {
    const { total } = await db.collection('children').where(job.where).count();
    if (total > FORMS_MAX) throw new AppError('INVALID_INPUT', `范围内有${total}名儿童，一次最多导出${FORMS_MAX}份信息表，请选择下级组织分批导出`);
  }
  const orgs = new Map<string, OrgDoc>();
  const book = await annexWorkbook();
  const ids: string[] = [];
  try {
    const write = async (docs: ChildDoc[]) => {
      const unknown = [...new Set(docs.flatMap((d) => d.orgPath))].filter((c) => !orgs.has(c));
      if (unknown.length) for (const [code, org] of await orgMap(db, unknown)) orgs.set(code, org);
      for (const doc of docs) {
        const clear = mapSensitive<SealedValue, string>(doc, (s) => (job.full ? unseal(s) : s.masked)) as unknown as ChildFields;
        const at = (level: string) => doc.orgPath.map((c) => orgs.get(c)).find((o) => o?.level === level)?.name ?? '';
        const record: ChildFormRecord = { ...clear, streetName: at('street'), communityName: at('community') };
        ids.push(doc._id);
        const ws = book.sheet(sheetName(ids.length, doc.name), formRows(form, childFormFill(record, job.today)), widthsOf(form));
        await book.finish(ws);
      }
    };
    if (chosen) await write([chosen]);
    else for await (const docs of pages<ChildDoc>(db, 'children', job.where)) await write(docs);
    if (!ids.length) await book.finish(book.sheet('空白', formRows(form, blankFill(job.today)), widthsOf(form)));
    const stored = await book.store(job);
    return { stored, label: chosen ? chosen.name : job.top, kind: 'child', ids, count: ids.length };
  } catch (err) {
    book.discard();
    throw err;
  }
}

/** The form with nothing filled in but its date (an empty subtree still gets the annex). */
function blankFill(today: string) {
  const [y, m, d] = today.split('-').map(Number);
  return { header: (f: string) => (/时间|日期/.test(f) ? `${y}年${m}月${d}日` : ''), field: () => '', repeating: () => [], footer: () => '' };
}
