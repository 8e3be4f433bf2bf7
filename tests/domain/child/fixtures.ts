import ExcelJS from 'exceljs';
import { sheet, syntheticIdNumber } from '../../../src/domain/child';

/**
 * Synthetic children for tests, demo data and benchmarks: names like 测试儿童甲, generated ID
 * numbers with valid check digits, phones 1390000xxxx. Nothing comes from the seeds.
 */
const STEMS = '甲乙丙丁戊己庚辛壬癸';
export const testName = (i: number): string => `测试儿童${STEMS[i % 10]}${i >= 10 ? Math.floor(i / 10) : ''}`;
export const testPhone = (i: number): string => `1390000${String(i % 10000).padStart(4, '0')}`;

export function birthFor(i: number, baseYear = 2015): string {
  const y = baseYear + (i % 5);
  const m = (i % 12) + 1;
  const d = (i % 28) + 1;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A create input for child `i` at a node (a girl left behind, as 遂宁 counts her, unless overridden). */
export function childInput(i: number, orgCode: string, over: Record<string, unknown> = {}) {
  const birthDate = birthFor(i);
  return {
    orgCode,
    name: testName(i),
    birthDate,
    sex: 'female' as const,
    category: 'left_behind' as const,
    idNumber: syntheticIdNumber(birthDate, i, 'female'),
    hukouType: 'rural' as const,
    parentsAway: 'both' as const,
    parentsAwaySince: '2021-03',
    school: '测试实验小学',
    className: '三年级2班',
    classTeacher: '测试老师',
    classTeacherPhone: testPhone(5000 + i),
    address: '测试村1组',
    interests: '画画',
    needs: ['study' as const, 'emotional' as const],
    riskLevel: 'low' as const,
    father: { name: '测试父亲', phone: testPhone(2000 + i), idNumber: syntheticIdNumber('1985-01-01', i, 'male') },
    guardian: { kind: 'grandparent' as const, name: '测试祖母', phone: testPhone(i), relation: '祖母' },
    ...over,
  };
}

/** An .xlsx with the layout's title row and exact headers, then the given rows (cells by header). */
export async function buildSheet(key: sheet.LayoutKey, rows: Record<string, string | number | Date>[], opts: { headers?: string[]; title?: boolean } = {}): Promise<Buffer> {
  const layout = sheet.layoutOf(key);
  const headers = opts.headers ?? layout.headers;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  if (opts.title !== false) {
    ws.addRow([layout.annex.title]);
    ws.addRow(['信息采集时间：2024年5月1日']);
  }
  ws.addRow(headers);
  for (const r of rows) ws.addRow(headers.map((h) => r[h] ?? ''));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** All rows of the first worksheet as text, 1-based row numbers preserved. */
export async function readXlsx(content: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(content as unknown as ArrayBuffer);
  const out: string[][] = [];
  wb.worksheets[0].eachRow({ includeEmpty: true }, (row, n) => {
    out[n - 1] = (row.values as unknown[]).slice(1).map((v) => sheet.cellText(v));
  });
  return out;
}
