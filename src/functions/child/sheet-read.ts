import { Readable } from 'stream';
import type { Row } from 'exceljs';
import { AppError } from '../../contract';
import { sheet } from '../../domain/child';

/** Rows above the table an exported or hand-made sheet may carry (title, 信息采集时间 …). */
const HEADER_SEARCH_ROWS = 10;
export const MAX_IMPORT_ROWS = 20_000;

export interface ReadRow {
  row: number;
  result: sheet.RowResult;
}

/**
 * Streams the first worksheet: finds the header row and the layout, then reads and validates each
 * data row as it arrives (rows are small; the workbook is never held as a whole object model).
 */
export async function readSheet(content: Buffer, today: string): Promise<{ layout: sheet.Layout; rows: ReadRow[] }> {
  // exceljs's streaming reader now and then parses the worksheet before the workbook part it
  // reads ("Cannot read properties of undefined (reading 'sheets')", about 1 read in 100 of a valid
  // sheet here), so a sheet that will not parse is read again before it is called unreadable.
  for (let attempt = 1; ; attempt++) {
    try {
      return await readOnce(content, today);
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (attempt >= READ_ATTEMPTS) throw new AppError('INVALID_INPUT', '无法读取该表格，请上传 Excel（.xlsx）文件');
    }
  }
}
const READ_ATTEMPTS = 4;

async function readOnce(content: Buffer, today: string): Promise<{ layout: sheet.Layout; rows: ReadRow[] }> {
  const ExcelJS = await import('exceljs'); // loaded here, not at the top: scripts/build.ts keeps exceljs out of the function's cold start
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(content), {
    sharedStrings: 'cache',
    styles: 'cache', // needed to tell date cells from numbers
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  const early: { rowNumber: number; cells: string[]; values: unknown[] }[] = [];
  let found: { layout: sheet.Layout; headerRow: number; columns: Map<string, number> } | null = null;
  let problem = '表格是空的';
  const rows: ReadRow[] = [];
  const take = (rowNumber: number, values: unknown[]) => {
    const get = sheet.cellsByHeader(values, found!.columns);
    const texts = found!.layout.headers.map(get);
    if (!sheet.isDataRow(found!.layout, texts)) return;
    if (rows.length >= MAX_IMPORT_ROWS) throw new AppError('INVALID_INPUT', `一次最多导入${MAX_IMPORT_ROWS}行，请分批导入`);
    rows.push({ row: rowNumber, result: sheet.readRow(found!.layout, get, today) });
  };
  for await (const ws of reader) {
    for await (const row of ws as AsyncIterable<Row>) {
      const values = (row.values as unknown[]).slice(1); // exceljs rows are 1-based
      if (found) {
        take(row.number, values);
        continue;
      }
      if (early.length >= HEADER_SEARCH_ROWS) break;
      early.push({ rowNumber: row.number, cells: values.map(sheet.cellText), values });
      const detected = sheet.detectLayout(early.slice(-1), sheet.LAYOUTS);
      if ('layout' in detected) found = detected;
      else if (detected.problem.startsWith('表头') || !problem.startsWith('表头')) problem = detected.problem;
    }
    break; // the first worksheet only
  }
  if (!found) throw new AppError('INVALID_INPUT', problem);
  return { layout: found.layout, rows };
}
