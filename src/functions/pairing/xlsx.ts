/**
 * Writes one annex sheet (a title row, header lines, grouped headers, the rows, merged cells) with
 * exceljs, the same spreadsheet library the children's registry uses.
 */
export const colName = (n: number): string => (n <= 26 ? String.fromCharCode(64 + n) : colName(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26)));

export interface SheetSpec {
  rows: (string | number)[][];
  /** e.g. 'A1:G1' */
  merges: string[];
  /** 1-based row numbers drawn bold (title, headers). */
  boldRows: number[];
}

export async function writeXlsx(spec: SheetSpec): Promise<Buffer> {
  const ExcelJS = await import('exceljs'); // loaded here, not at the top: scripts/build.ts keeps exceljs out of the function's cold start
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  for (const row of spec.rows) sheet.addRow(row);
  for (const n of spec.boldRows) sheet.getRow(n).font = { bold: true, size: 12, name: '宋体' };
  for (const range of spec.merges) sheet.mergeCells(range);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
