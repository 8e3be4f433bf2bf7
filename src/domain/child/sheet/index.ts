import { FIELD_LABELS } from '../fields';
import { normaliseId } from '../idcard';
import { dropMasked } from '../record';
import type { ChildPatch } from '../schema';
import { checkPatch } from '../validate';
import { cellText } from './cells';
import { jinjiangLedger } from './jinjiang';
import type { Layout, LayoutKey } from './layout';
import { longgangSummary } from './longgang';
import { xiamenSummary } from './xiamen';

export { cellText, parseDate } from './cells';
export { detectLayout, LAYOUT_KEYS, type ExportRecord, type Layout, type LayoutKey } from './layout';

export const LAYOUTS: readonly Layout[] = [xiamenSummary, longgangSummary, jinjiangLedger];
export const layoutOf = (key: LayoutKey): Layout => LAYOUTS.find((l) => l.key === key)!;

/** A row's cells by header, as text. */
export function cellsByHeader(values: readonly unknown[], columns: Map<string, number>): (header: string) => string {
  return (header) => {
    const i = columns.get(header);
    return i === undefined ? '' : cellText(values[i]);
  };
}

/** Blank rows, and the footer lines an exported sheet ends with (街道妇联审核意见 …), are not children. */
export function isDataRow(layout: Layout, texts: string[]): boolean {
  const filled = texts.filter(Boolean);
  if (!filled.length) return false;
  const footers = [...layout.annex.footerFields, ...layout.annex.headerFields];
  if (filled.length <= 2 && footers.some((f) => filled[0].startsWith(f))) return false;
  // a row with only its 序号 filled is an empty line of a printed form
  return !(filled.length === 1 && /^\d+$/.test(filled[0]) && layout.headers[0] === '序号');
}

export type RowResult = { ok: true; patch: ChildPatch; orgName?: string } | { ok: false; reason: string; name: string };

/**
 * Reads and validates one row. Masked values (an exported sheet seen by staff without 查看完整号码)
 * are left out, so a re-import keeps what is stored. Fields a new file must have are checked later,
 * once it is known whether the row matches an existing child.
 */
export function readRow(layout: Layout, cell: (h: string) => string, today: string): RowResult {
  const read = layout.read(cell);
  const name = typeof read.patch.name === 'string' ? read.patch.name : '';
  if (read.problems.length) return { ok: false, reason: read.problems.join('；'), name };
  const checked = checkPatch(dropMasked(read.patch as ChildPatch), { creating: false, today });
  if (!checked.ok) return { ok: false, reason: checked.message, name };
  return { ok: true, patch: checked.patch, ...(read.orgName ? { orgName: read.orgName } : {}) };
}

/** Missing fields for a new file, given the category the import supplies for layouts without one. */
export function missingForCreate(patch: ChildPatch): string | null {
  const missing = (['name', 'birthDate', 'category'] as const).filter((k) => !patch[k]);
  return missing.length ? `新增儿童须填写${missing.map((k) => FIELD_LABELS[k]).join('、')}` : null;
}

/** The same child twice in one sheet: by ID number, else by name + birth date + guardian phone. */
export function sheetKey(patch: ChildPatch): string {
  if (patch.idNumber) return `id:${normaliseId(patch.idNumber)}`;
  return `nb:${patch.name ?? ''}|${patch.birthDate ?? ''}|${(patch.guardian?.phone ?? '').replace(/\D/g, '')}`;
}

/** The lines above and below the table: the annex's title, its header fields filled in, its footer. */
export function frameLines(layout: Layout, fill: { orgName: string; date: string; staffName: string }) {
  const value = (field: string) => (/日期|时间/.test(field) ? fill.date : /建档人|签名/.test(field) ? fill.staffName : fill.orgName);
  const line = (fields: string[]) => fields.map((f) => `${f}：${/审核意见/.test(f) ? '' : value(f)}`).join('    ');
  return { title: layout.annex.title, header: line(layout.annex.headerFields), footer: line(layout.annex.footerFields) };
}
