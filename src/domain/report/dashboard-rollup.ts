/**
 * Dashboard roll-ups, pure. The database answers each collection with one aggregate grouped by the
 * record's `orgPath` (cut below the deepest node a figure needs: one row per node and dimension, so
 * the answer's size follows the org tree, never the number of records). A node's number is then the sum of the rows whose path
 * passes through it — which makes a node's figure exactly the sum of its child nodes' figures plus
 * whatever is registered on the node itself.
 */
export interface PathRow {
  path: readonly string[];
  n: number;
}

export const passesThrough = (path: readonly string[], code: string): boolean => path.includes(code);

/** The direct child of `code` on `path` (null when the record sits on `code` itself or outside it). */
export function childOn(path: readonly string[], code: string): string | null {
  const i = path.indexOf(code);
  return i >= 0 && i + 1 < path.length ? path[i + 1] : null;
}

export function sumRows<T extends PathRow>(rows: readonly T[], where: (r: T) => boolean = () => true): number {
  let n = 0;
  for (const r of rows) if (where(r)) n += r.n;
  return n;
}

/** Counts by a key, every listed key present (0 when none), unknown keys appended in order seen. */
export function countBy<T extends PathRow>(rows: readonly T[], keyOf: (r: T) => string, keys: readonly string[] = []): Map<string, number> {
  const out = new Map<string, number>(keys.map((k) => [k, 0]));
  for (const r of rows) {
    const k = keyOf(r);
    out.set(k, (out.get(k) ?? 0) + r.n);
  }
  return out;
}

/** Rows split by the direct child node of `code` they belong to (rows on `code` itself are dropped). */
export function bySubnode<T extends PathRow>(rows: readonly T[], code: string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const sub = childOn(r.path, code);
    if (!sub) continue;
    const list = out.get(sub);
    if (list) list.push(r);
    else out.set(sub, [r]);
  }
  return out;
}

/** Percent with one decimal; null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 1000) / 10;
}
