import fs from 'fs';
import type { stream } from 'exceljs';
import type { SheetRows } from '../../domain/report/annex-sheet';
import type { Caller } from '../../server/caller';
import type { Db } from '../../server/runtime';
import { storeExport, type ExportLink } from '../../server/files';
import { tempXlsx } from '../child/files';

/**
 * Streaming annex workbooks: rows are committed as they are written, so memory stays one database
 * page however many records (exceljs WorkbookWriter to a temporary file), then the file goes to
 * storage as an export (src/server/files.ts: unguessable path, a link for its maker only).
 */
export const PAGE = 1000;
/** Audit entries list records by id up to this many. */
export const AUDIT_IDS_MAX = 1000;

type Writer = InstanceType<typeof stream.xlsx.WorkbookWriter>;
type Sheet = ReturnType<Writer['addWorksheet']>;

export interface AnnexWorkbook {
  /** A new worksheet with these rows first (title, header lines …). */
  sheet(name: string, head: SheetRows, widths?: number[]): Sheet;
  row(ws: Sheet, cells: (string | number)[]): void;
  /** Writes `rows` and commits the sheet. */
  finish(ws: Sheet, tail?: (string | number)[][]): Promise<void>;
  /** Commits the workbook, stores it as the caller's export, removes the temporary file. */
  store(owner: { db: Db; caller: Caller }): Promise<ExportLink>;
  discard(): void;
}

export async function annexWorkbook(): Promise<AnnexWorkbook> {
  const ExcelJS = await import('exceljs'); // loaded here, not at the top: scripts/build.ts keeps exceljs out of the function's cold start
  const file = tempXlsx();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  return {
    sheet(name, head, widths) {
      const ws = wb.addWorksheet(name);
      if (widths) ws.columns = widths.map((width) => ({ width }));
      // merges only on rows not yet committed, and a merge made before its row would add a blank one
      const rows = head.rows.map((cells, i) => {
        const row = ws.addRow(cells);
        if (head.bold.includes(i + 1)) row.font = { bold: true, size: i === 0 ? 16 : 12 };
        return row;
      });
      for (const range of head.merges) ws.mergeCells(range);
      for (const row of rows) row.commit();
      return ws;
    },
    row(ws, cells) {
      ws.addRow(cells).commit();
    },
    async finish(ws, tail = []) {
      for (const cells of tail) ws.addRow(cells).commit();
      await ws.commit();
    },
    async store({ db, caller }) {
      try {
        await wb.commit();
        return await storeExport(db, caller, 'report', { file });
      } finally {
        fs.rm(file, { force: true }, () => undefined);
      }
    },
    discard() {
      fs.rm(file, { force: true }, () => undefined);
    },
  };
}

/** A collection in pages of PAGE by _id: one page in memory at a time, past the 1000-per-query limit. */
export async function* pages<T extends { _id: string }>(db: Db, collection: string, where: Record<string, unknown>): AsyncGenerator<T[]> {
  const _ = db.command;
  let last = '';
  for (;;) {
    const res = await db.collection(collection).where(last ? { ...where, _id: _.gt(last) } : where).orderBy('_id', 'asc').limit(PAGE).get();
    const docs = (res.data ?? []) as T[];
    if (docs.length) yield docs;
    if (docs.length < PAGE) return;
    last = docs[docs.length - 1]._id;
  }
}
