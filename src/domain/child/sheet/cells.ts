/**
 * Reading what people type into a registry sheet: dates in every common shape, ticked checkbox
 * labels with notes after them, "name + phone" in one cell. Pure; the server feeds cell values.
 */

/** Text of an exceljs cell value (string, number, Date, rich text, formula, hyperlink). */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10); // exceljs dates are UTC midnights
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return String(value).trim();
  // Stryker disable next-line ConditionalExpression: a function, symbol or bigint has no richText, result or text: '' either way
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (v.richText) return v.richText.map((r) => r.text).join('').trim();
    if ('result' in v) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
  }
  return '';
}

/** One canonical form for matching: no spaces or tick marks, full-width punctuation. */
export function canon(s: string): string {
  return s
    .replace(/[\s☑√✓✔■□☐]/g, '')
    .replace(/,/g, '，')
    .replace(/[(]/g, '（')
    .replace(/[)]/g, '）')
    .replace(/:/g, '：')
    .replace(/;/g, '；');
}

const TRIM_PUNCT = /^[，、；：。（）\-—/]+|[，、；：。（）\-—/]+$/g;
export const trimPunct = (s: string): string => s.replace(TRIM_PUNCT, '').trim();

const pad = (n: number | string) => String(n).padStart(2, '0');

/** A date typed any common way; `monthOnly` when the cell gave no day (出生年月). */
export function parseDate(text: string): { date: string; monthOnly: boolean } | null {
  const s = canon(text);
  let m = /(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return { date: `${m[1]}-${pad(m[2])}-${pad(m[3])}`, monthOnly: false };
  m = /(\d{4})[-./年](\d{1,2})月?/.exec(s) ?? /^(\d{4})(\d{2})$/.exec(s);
  if (m) return { date: `${m[1]}-${pad(m[2])}-01`, monthOnly: true };
  return null;
}

export function parseYearMonth(text: string): string | null {
  const d = parseDate(text);
  return d ? d.date.slice(0, 7) : null;
}

/**
 * One ticked option: the cell starts with an option's label (or the cell is a shortened label,
 * '农村' for '农村户'), or an alias; what follows is a note. null when nothing or several match.
 */
export function parseOne<C extends string>(
  text: string,
  labels: Record<C, string>,
  aliases: Record<string, C> = {},
): { code: C; rest: string } | null {
  const s = canon(text);
  // Stryker disable next-line ConditionalExpression: an empty string has no label and is too short: null anyway
  if (!s) return null;
  const entries = [...Object.entries(labels).map(([code, label]) => [code, canon(label as string)]), ...Object.entries(aliases).map(([a, code]) => [code, canon(a)])] as [C, string][];
  entries.sort((a, b) => b[1].length - a[1].length);
  const starts = entries.find(([, label]) => s.startsWith(label));
  if (starts) return { code: starts[0], rest: trimPunct(s.slice(starts[1].length)) };
  const prefixOf = [...new Set(entries.filter(([, label]) => s.length >= 2 && label.startsWith(s)).map(([c]) => c))];
  return prefixOf.length === 1 ? { code: prefixOf[0], rest: '' } : null;
}

/** Several ticked options anywhere in the cell ('低保300元/月、临时'); the leftover text is returned. */
export function parseMany<C extends string>(text: string, labels: Record<C, string>): { codes: C[]; rest: string } {
  let s = canon(text);
  const codes: C[] = [];
  const entries = (Object.entries(labels) as [C, string][]).map(([c, l]) => [c, canon(l)] as [C, string]).sort((a, b) => b[1].length - a[1].length);
  for (const [code, label] of entries) {
    if (s.includes(label)) {
      codes.push(code);
      s = s.split(label).join('、');
    }
  }
  const rest = s.split(/[、，；]/).map(trimPunct).filter(Boolean).join('，');
  const order = Object.keys(labels);
  return { codes: codes.sort((a, b) => order.indexOf(a) - order.indexOf(b)), rest };
}

/** Leftover text that is only amounts ('300元/月'): dropped without complaint. */
export const onlyAmounts = (rest: string): boolean => /^[\d.，元/月年每]*$/.test(rest);

/** '测试监护人甲 13900000001' → name and phone; either may be missing. */
export function parseNamePhone(text: string): { name: string; phone: string | null } {
  // canon strips every space from the name, and no phone pattern contains one
  const m = /(1\d{10}|0\d{2,3}-?\d{7,8}|1\d{2}\*+\d{4})/.exec(text);
  if (!m) return { name: trimPunct(canon(text)), phone: null };
  return { name: trimPunct(canon(text.replace(m[0], ''))), phone: m[0] };
}

export function parseYesNo(text: string): boolean | null {
  const s = canon(text);
  // Stryker disable next-line ConditionalExpression: an empty string matches neither pattern: null anyway
  if (!s) return null;
  if (/^(是|有|√|Y|y)/.test(s)) return true;
  if (/^(否|无|不是|N|n)/.test(s)) return false;
  return null;
}

/** A whole number of yuan, or null for an empty cell; NaN when the cell is not a number. */
export function parseAmount(text: string): number | null {
  const s = canon(text).replace(/元.*/, '').replace(/，/g, '');
  if (!s) return null;
  return /^\d+(\.\d+)?$/.test(s) ? Math.round(Number(s)) : NaN;
}
