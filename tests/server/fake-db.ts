import type { Db } from '../../src/server/runtime';

/**
 * An in-memory stand-in for the few database calls src/server makes itself (doc get/update, add,
 * where + orderBy + skip + limit + get), so the shared server code is unit-tested without a cloud.
 * Equality matching only, an array field matches when it contains the value (as CloudBase does).
 * Every call is recorded in `calls`.
 */
export type Row = Record<string, unknown> & { _id: string };

export function fakeDb(initial: Record<string, Row[]> = {}) {
  const data = new Map<string, Row[]>(Object.entries(initial).map(([k, rows]) => [k, rows.map((r) => ({ ...r }))]));
  const calls: string[] = [];
  let failAdd: ((name: string, doc: Row) => boolean) | null = null;
  const rows = (name: string) => {
    if (!data.has(name)) data.set(name, []);
    return data.get(name)!;
  };
  const matches = (row: Row, where: Record<string, unknown>) =>
    Object.entries(where).every(([k, v]) => {
      const have = row[k];
      return Array.isArray(have) && !Array.isArray(v) ? have.includes(v) : have === v;
    });
  const collection = (name: string) => {
    const query = (where: Record<string, unknown>, order: [string, 'asc' | 'desc'] | null, skip: number, limit: number) => ({
      orderBy: (field: string, dir: 'asc' | 'desc') => query(where, [field, dir], skip, limit),
      skip: (n: number) => query(where, order, n, limit),
      limit: (n: number) => query(where, order, skip, n),
      async get() {
        calls.push(`${name}.where(${JSON.stringify(where)})${order ? `.orderBy(${order.join(',')})` : ''}.skip(${skip}).limit(${limit}).get`);
        let out = rows(name).filter((r) => matches(r, where));
        if (order) out = [...out].sort((a, b) => (String(a[order[0]]) < String(b[order[0]]) ? -1 : 1) * (order[1] === 'asc' ? 1 : -1));
        return { data: out.slice(skip, skip + limit).map((r) => ({ ...r })) };
      },
    });
    return {
      doc: (id: string) => ({
        async get() {
          calls.push(`${name}.doc(${id}).get`);
          const row = rows(name).find((r) => r._id === id);
          return { data: row ? [{ ...row }] : [] };
        },
        async update(patch: Record<string, unknown>) {
          calls.push(`${name}.doc(${id}).update(${JSON.stringify(patch)})`);
          const row = rows(name).find((r) => r._id === id);
          if (row) Object.assign(row, patch);
          return { updated: row ? 1 : 0 };
        },
      }),
      async add(doc: Row) {
        calls.push(`${name}.add`);
        if (failAdd?.(name, doc)) throw new Error('duplicate key');
        const row = { ...doc, _id: doc._id ?? `id${rows(name).length + 1}` };
        rows(name).push(row);
        return { id: row._id };
      },
      where: (where: Record<string, unknown>) => query(where, null, 0, 100),
    };
  };
  return {
    db: { collection } as unknown as Db,
    rows,
    calls,
    /** Makes `add` throw when the predicate says so (a concurrent insert of the same _id). */
    failAddWhen(p: ((name: string, doc: Row) => boolean) | null) {
      failAdd = p;
    },
  };
}
