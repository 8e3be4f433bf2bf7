import fs from 'fs';
import { ageOf, mapSensitive, sheet, type ChildDoc, type SealedValue } from '../../domain/child';
import type { Handler } from '../../server/handler';
import { unseal } from '../../server/crypto';
import { listSubtree } from '../../server/orgs';
import { hasPermission } from '../../server/scope';
import { filterWhere } from './read';
import { today } from './store';
import { tempXlsx } from './files';
import { storeExport } from '../../server/files';

/** Read in pages of the database's maximum, by _id, so memory stays one page however many children. */
const PAGE = 1000;
/** Audit entries list the children by id up to this many; a larger export is named by its query. */
const AUDIT_IDS_MAX = 1000;

const colName = (n: number): string => (n <= 26 ? String.fromCharCode(64 + n) : colName(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26)));

/**
 * Streams the caller's subtree into the annex's layout: its exact title, its header fields, its
 * headers, one row per child, its footer. ID numbers and phones are written in full only for staff
 * who may reveal them; everyone else's export carries the masked forms.
 */
export const exportSheet: Handler<'child', 'exportSheet'> = async (input, { db, caller, auditTarget }) => {
  const where = await filterWhere(db, caller, input);
  const layout = sheet.layoutOf(input.layout);
  const full = hasPermission(caller, 'child.reveal');
  const nodes = await listSubtree(db, input.orgCode ?? (caller.isAdmin ? undefined : caller.staff!.orgCode));
  const names = new Map(nodes.map((n) => [n.code, n.name]));
  const top = input.orgCode ? names.get(input.orgCode) : (caller.staff?.orgName ?? nodes.find((n) => n.path.length === 1)?.name);
  const t = today();
  const frame = sheet.frameLines(layout, { orgName: top ?? '', date: t, staffName: caller.user?.name ?? '' });

  const ExcelJS = await import('exceljs'); // loaded here, not at the top: scripts/build.ts keeps exceljs out of the function's cold start
  const file = tempXlsx();
  const ids: string[] = [];
  try {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
    const ws = wb.addWorksheet('Sheet1');
    const width = layout.headers.length;
    const title = ws.addRow([frame.title]);
    title.font = { bold: true, size: 16 };
    ws.mergeCells(`A1:${colName(width)}1`);
    title.commit();
    ws.addRow([frame.header]).commit();
    ws.addRow(layout.headers).commit();
    const _ = db.command;
    const fields = layout.reads ? Object.fromEntries([...layout.reads, 'orgCode'].map((f) => [f, true])) : null;
    let last = '';
    for (;;) {
      const query = db.collection('children').where(last ? { ...where, _id: _.gt(last) } : where).orderBy('_id', 'asc').limit(PAGE);
      const page = await (fields ? query.field(fields) : query).get();
      const docs = (page.data ?? []) as ChildDoc[];
      for (const doc of docs) {
        const clear = mapSensitive<SealedValue, string>(doc, (s) => (full ? unseal(s) : s.masked)) as unknown as sheet.ExportRecord;
        ids.push(doc._id);
        ws.addRow(layout.write({ ...clear, orgName: names.get(doc.orgCode) ?? '', age: ageOf(doc.birthDate, t) }, ids.length)).commit();
      }
      if (docs.length < PAGE) break;
      last = docs[docs.length - 1]._id;
    }
    if (frame.footer) ws.addRow([frame.footer]).commit();
    await ws.commit();
    await wb.commit();
    const stored = await storeExport(db, caller, 'child', { file });
    auditTarget({
      kind: 'child',
      ids: ids.length <= AUDIT_IDS_MAX ? ids : [`query:${JSON.stringify({ scope: caller.staff?.orgCode ?? 'all', ...input })}`],
      fields: layout.headers,
      files: [stored.exportId],
    });
    return { ...stored, fileName: `${layout.annex.title}_${top ?? ''}_${t.replace(/-/g, '')}.xlsx`, count: ids.length, fullNumbers: full };
  } finally {
    fs.rm(file, { force: true }, () => undefined);
  }
};
