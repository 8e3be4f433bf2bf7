import type { AnnexTable } from '../../programmes/schema';

/**
 * The rows of an annex as a spreadsheet, with no I/O: a table is its title, its header line, its
 * grouped headers, its columns, the data rows and its footer; a form (one sheet per record) is its
 * title, its header line, then each section's fields as label / value rows in the annex's order.
 */
export type AnnexSheet = Extract<AnnexTable, { kind: 'table' }>;
export type AnnexForm = Extract<AnnexTable, { kind: 'form' }>;
export type Cell = string | number;

export interface SheetRows {
  rows: Cell[][];
  /** e.g. 'A1:G1' */
  merges: string[];
  /** 1-based row numbers drawn bold (title, section titles, headers). */
  bold: number[];
}

export const colName = (n: number): string => (n <= 26 ? String.fromCharCode(64 + n) : colName(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26)));

/** '2026-03-05' → '2026年3月5日'; '' for none. */
export const ymd = (date: string | null | undefined): string =>
  date && /^\d{4}-\d{2}-\d{2}/.test(date) ? `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日` : '';
/** '2015-03-08' → '2015年3月' (出生年月). */
export const ym = (date: string | null | undefined): string => (date && /^\d{4}-\d{2}/.test(date) ? `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月` : '');

/** 'a：x　　b：y' — the annex's lines above or below the table, filled in. */
export const frameLine = (fields: readonly string[], value: (field: string) => string): string => fields.map((f) => `${f}：${value(f)}`).join('　　');

/** Everything of a table above its data rows (title, header line when the annex has one, groups, columns). */
export function tableHead(annex: AnnexSheet, value: (field: string) => string): SheetRows {
  const width = annex.columns.length;
  const rows: Cell[][] = [[annex.title]];
  const merges = [`A1:${colName(width)}1`];
  if (annex.headerFields.length) {
    rows.push([frameLine(annex.headerFields, value)]);
    merges.push(`A2:${colName(width)}2`);
  }
  if (annex.groups.length) {
    const g: string[] = new Array(width).fill('');
    for (const grp of annex.groups) {
      g[grp.start] = grp.label;
      merges.push(`${colName(grp.start + 1)}${rows.length + 1}:${colName(grp.start + grp.span)}${rows.length + 1}`);
    }
    rows.push(g);
  }
  rows.push([...annex.columns]);
  return { rows, merges, bold: rows.map((_r, i) => i + 1) };
}

/** The line a table ends with (街道妇联审核意见 …), or null. */
export const tableFoot = (annex: AnnexSheet, value: (field: string) => string): string | null =>
  annex.footerFields.length ? frameLine(annex.footerFields, value) : null;

/** What fills one form: header/footer lines, each field (by section), a repeating section's rows. */
export interface FormFill {
  header(field: string): string;
  /** `section` is the section's title (null when the annex prints none). */
  field(section: string | null, field: string): string;
  /** Rows of a repeating section, each in the section's field order. */
  repeating(section: string | null): Cell[][];
  footer(field: string): string;
}

/**
 * One record's form: column A holds the annex's labels in order, column B the values. A section
 * title takes a merged row; a repeating section (厦门 附件1 family members) has its fields as a
 * header row across the columns and one row per entry; a section with row labels (晋江 一季度 …)
 * prefixes each field with its row label.
 */
export function formRows(annex: AnnexForm, fill: FormFill): SheetRows {
  const width = Math.max(2, ...annex.sections.filter((s) => s.repeating).map((s) => s.fields.length));
  const last = colName(width);
  const rows: Cell[][] = [[annex.title]];
  const merges = [`A1:${last}1`];
  const bold = [1];
  const line = (text: string, strong = false) => {
    rows.push([text]);
    merges.push(`A${rows.length}:${last}${rows.length}`);
    if (strong) bold.push(rows.length);
  };
  if (annex.headerFields.length) line(frameLine(annex.headerFields, fill.header));
  for (const s of annex.sections) {
    if (s.title) line(s.title, true);
    if (s.repeating) {
      rows.push([...s.fields]);
      bold.push(rows.length);
      for (const r of fill.repeating(s.title)) rows.push(s.fields.map((_f, i) => r[i] ?? ''));
      continue;
    }
    for (const label of s.rowLabels.length ? s.rowLabels : ['']) {
      for (const f of s.fields) rows.push([label + f, fill.field(s.title, label + f)]);
    }
  }
  for (const f of annex.footerFields) rows.push([f, fill.footer(f)]);
  return { rows, merges, bold };
}

/** The labels a form writes in column A, in order (what a test or a reader checks against the annex). */
export function formLabels(annex: AnnexForm): string[] {
  return annex.sections.flatMap((s) => (s.repeating ? [] : (s.rowLabels.length ? s.rowLabels : ['']).flatMap((l) => s.fields.map((f) => l + f)))).concat(annex.footerFields);
}

/** A worksheet name: unique in its workbook, at most 31 characters, none of []:*?/\ . */
export function sheetName(index: number, name: string): string {
  const clean = name.replace(/[[\]:*?/\\]/g, '').trim();
  return `${index}-${clean}`.slice(0, 31);
}
