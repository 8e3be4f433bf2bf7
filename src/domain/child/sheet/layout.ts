import { getProgramme } from '../../../programmes';
import { annexHeaders } from '../../../programmes/helpers';
import type { ChildCategory } from '../../../programmes/enums';
import type { AnnexTable } from '../../../programmes/schema';
import type { ChildFields } from '../schema';
import { canon } from './cells';

/**
 * A spreadsheet layout the registry reads and writes: one of the seeds' annex tables, with the
 * annex's exact title and headers (src/programmes/annexes.ts). One row per child.
 */
export const LAYOUT_KEYS = ['xm-2', 'lg-2', 'jj-ledger'] as const;
export type LayoutKey = (typeof LAYOUT_KEYS)[number];

/** What a row says, before validation; `orgName` when the layout has an org column (所在社区). */
export interface RowRead {
  patch: Record<string, unknown>;
  orgName?: string;
  problems: string[];
}

/** A file ready to be written: sensitive values already full or masked, as the caller may see them. */
export type ExportRecord = ChildFields & { orgName: string; age: number };

export interface Layout {
  key: LayoutKey;
  annex: AnnexTable;
  /** The annex's headers, in order (annexHeaders). */
  headers: string[];
  /** Layouts without a 儿童类别 column take the category for new children from the import. */
  defaultCategory: ChildCategory | null;
  /** Top-level fields `write` uses (an export reads only these); null for all. */
  reads: readonly string[] | null;
  read(cell: (header: string) => string): RowRead;
  write(record: ExportRecord, index: number): (string | number)[];
}

const ANNEX_SOURCES: Record<LayoutKey, string> = { 'xm-2': 'xiamen-2017', 'lg-2': 'longgang-2019', 'jj-ledger': 'jinjiang-2024' };

export function annexFor(key: LayoutKey): AnnexTable {
  const annex = getProgramme(ANNEX_SOURCES[key])?.annexTables.find((a) => a.key === key);
  if (!annex) throw new Error(`annex ${key} is missing from its preset`);
  return annex;
}

const headersOf = new Map<LayoutKey, string[]>();

/** The headers of an annex, checked to contain every header a reader or writer names. */
export function headersFor(key: LayoutKey, used: readonly string[]): string[] {
  const headers = headersOf.get(key) ?? annexHeaders(annexFor(key));
  headersOf.set(key, headers);
  const missing = used.filter((h) => !headers.includes(h));
  if (missing.length) throw new Error(`layout ${key} names headers its annex lacks: ${missing.join(', ')}`);
  return headers;
}

export type Detected = { layout: Layout; headerRow: number; columns: Map<string, number> } | { problem: string };

/**
 * Finds the header row among the first rows (an exported sheet has a title and a line of header
 * fields above it) and the layout whose headers it carries: every header of the annex must be
 * present; column order and blank columns do not matter.
 */
export function detectLayout(rows: { rowNumber: number; cells: string[] }[], layouts: readonly Layout[]): Detected {
  let best: { layout: Layout; missing: string[] } | null = null;
  for (const { rowNumber, cells } of rows) {
    const seen = new Map<string, number>();
    cells.forEach((c, i) => {
      const k = canon(c);
      if (k && !seen.has(k)) seen.set(k, i);
    });
    for (const layout of layouts) {
      const missing = layout.headers.filter((h) => !seen.has(canon(h)));
      if (!missing.length) {
        const columns = new Map(layout.headers.map((h) => [h, seen.get(canon(h))!]));
        return { layout, headerRow: rowNumber, columns };
      }
      if (missing.length < layout.headers.length / 2 && (!best || missing.length < best.missing.length)) best = { layout, missing };
    }
  }
  if (best) return { problem: `表头与「${best.layout.annex.title}」不一致，缺少：${best.missing.join('、')}` };
  return { problem: '无法识别表格格式：请使用厦门附件2汇总表、龙岗附件2报送表或晋江个人信息台账的表头' };
}
