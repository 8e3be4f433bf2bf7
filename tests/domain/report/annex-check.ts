/** The annex checks every report-annex test applies to an exported workbook. */
import { annexHeaders } from '../../../src/programmes/helpers';
import type { AnnexTable } from '../../../src/programmes/schema';
import { formLabels, type AnnexForm } from '../../../src/domain/report/annex-sheet';

type Book = { name: string; rows: string[][] }[];
const trimEnd = (r: string[]) => {
  const out = [...(r ?? [])];
  while (out.length && !out[out.length - 1]) out.pop();
  return out;
};

/**
 * A summary (one sheet): title in A1, the header line when the annex has header fields, then the
 * headers exactly; returns the data rows (footer line and blank rows left out).
 */
export function checkTable(annex: AnnexTable, book: Book, exportedAsTable = annex.kind === 'table'): string[][] {
  if (!exportedAsTable) throw new Error('not a table');
  expect(book).toHaveLength(1);
  const { rows } = book[0];
  expect(rows[0][0]).toBe(annex.title);
  const headers = annex.kind === 'table' ? [...annex.columns] : annexHeaders(annex);
  const at = rows.findIndex((r) => JSON.stringify(trimEnd(r)) === JSON.stringify(headers));
  expect(at).toBeGreaterThan(0);
  expect(at).toBeLessThanOrEqual(3);
  if (annex.headerFields.length) expect(rows[1][0].startsWith(`${annex.headerFields[0]}：`)).toBe(true);
  if (annex.kind === 'table' && annex.groups.length) expect([...new Set(rows[at - 1].filter(Boolean))]).toEqual(annex.groups.map((g) => g.label));
  const footers = annex.footerFields;
  return rows.slice(at + 1).filter((r) => r.some(Boolean) && !(footers.length && r[0]?.startsWith(`${footers[0]}：`)));
}

/** A form: one sheet per record, each with the title, the header line and the annex's labels in order in column A. */
export function checkForms(annex: AnnexTable, book: Book, count: number): void {
  if (annex.kind !== 'form') throw new Error('not a form');
  expect(book).toHaveLength(Math.max(count, 1));
  const labels = formLabels(annex as AnnexForm);
  const known = new Set(labels);
  for (const { rows } of book) {
    expect(rows[0][0]).toBe(annex.title);
    if (annex.headerFields.length) expect(rows[1][0].startsWith(`${annex.headerFields[0]}：`)).toBe(true);
    expect(rows.map((r) => r[0]).filter((a) => a && known.has(a))).toEqual(labels);
    for (const s of annex.sections.filter((x) => x.repeating)) expect(rows.some((r) => JSON.stringify(trimEnd(r)) === JSON.stringify(s.fields))).toBe(true);
  }
}
