import type { CounterFix, Suspect } from '../domain/recount';
import type { Db } from './runtime';

/**
 * The I/O half of the counter recount (src/domain/recount): counter documents walked in `_id`
 * order a page at a time, and the run's state kept in the first counter collection itself as
 * `~recount` (as visit_area_status keeps `~run`), so no collection is added: where the walk
 * stopped, the differences being watched, what the last repair fixed and when the last run was
 * (the admin page 数据核对 shows it).
 */
export const RECOUNT_STATE_ID = '~recount';
/** Counter documents per read: the most one query answers. */
export const RECOUNT_BATCH = 1000;
/**
 * Pages per kind of counter per run: 20,000 documents, so one hourly run looks at every counter of
 * a city (bench/reconcile.ts); a larger programme continues from where the run stopped the next hour.
 */
export const RECOUNT_PAGES = 20;

export interface RecountState {
  /** per kind, the last `_id` looked at when a run stopped before the end ('' = start over) */
  cursors: Record<string, string>;
  suspects: Record<string, Suspect>;
  /** what the last run that repaired anything repaired, and when */
  lastFixed: CounterFix<unknown>[];
  fixedCount: number;
  fixedAt: string | null;
  /** when the last run was, and how many documents of each kind it looked at */
  at: string | null;
  checked: Record<string, number>;
}

export async function readRecountState(db: Db, collection: string): Promise<RecountState | null> {
  const doc = (await db.collection(collection).doc(RECOUNT_STATE_ID).get()).data?.[0] as (Partial<RecountState> & { _id: string }) | undefined;
  return doc
    ? { cursors: doc.cursors ?? {}, suspects: doc.suspects ?? {}, lastFixed: doc.lastFixed ?? [], fixedCount: doc.fixedCount ?? doc.lastFixed?.length ?? 0, fixedAt: doc.fixedAt ?? null, at: doc.at ?? null, checked: doc.checked ?? {} }
    : null;
}

/** Written every run (one write an hour): the page shows when the counters were last looked at. */
export async function writeRecountState(db: Db, collection: string, state: RecountState): Promise<void> {
  await db.collection(collection).doc(RECOUNT_STATE_ID).set({ ...state });
}

/** The next page after `cursor` (documents named `~…` are state, not counters); next is '' when the collection was read to its end. */
export async function batchAfter<T extends { _id: string }>(db: Db, collection: string, cursor: string, n = RECOUNT_BATCH): Promise<{ rows: T[]; next: string }> {
  const res = await db.collection(collection).where({ _id: db.command.gt(cursor) }).orderBy('_id', 'asc').limit(n).get();
  const raw = (res.data ?? []) as T[];
  return { rows: raw.filter((d) => !d._id.startsWith('~')), next: raw.length === n ? raw[raw.length - 1]._id : '' };
}

/**
 * Walks a counter collection from `cursor`, up to RECOUNT_PAGES pages, handing each page to `each`;
 * answers where to start next run ('' once the end was reached) and how many documents it saw.
 */
export async function walk<T extends { _id: string }>(db: Db, collection: string, cursor: string, each: (rows: T[]) => Promise<void>, pages = RECOUNT_PAGES): Promise<{ next: string; seen: number }> {
  let at = cursor;
  let seen = 0;
  for (let i = 0; i < pages; i++) {
    const page = await batchAfter<T>(db, collection, at);
    if (page.rows.length) await each(page.rows);
    seen += page.rows.length;
    at = page.next;
    if (!at) break;
  }
  return { next: at, seen };
}

/**
 * Every row of a query over `ids` (an `_.in` list), however many: one request when the answer fits
 * a page (the usual case: a few places per volunteer, two per child), else the list is halved.
 */
export async function allOf<T>(ids: readonly string[], query: (ids: string[]) => Promise<T[]>, limit = 1000): Promise<T[]> {
  if (!ids.length) return [];
  const rows = await query([...ids]);
  if (rows.length < limit || ids.length === 1) return rows;
  const half = Math.ceil(ids.length / 2);
  const [a, b] = await Promise.all([allOf(ids.slice(0, half), query, limit), allOf(ids.slice(half), query, limit)]);
  return [...a, ...b];
}

/** Rewrites one counter, only if it still holds what the recount saw (a write since wins). */
export async function applyFix(db: Db, collection: string, fix: CounterFix<Record<string, unknown>>, extra: Record<string, unknown> = {}): Promise<boolean> {
  const res = await db.collection(collection).where({ _id: fix.id, ...fix.from }).update({ ...fix.to, ...extra });
  return (res as { updated?: number }).updated === 1;
}

/** Repairs in flight at once: each is its own conditional write, so they may run side by side. */
const FIX_PARALLEL = 16;

/** Runs each repair (true when it was written), FIX_PARALLEL at a time; answers those written, in order. */
export async function applyAll<T>(fixes: readonly T[], write: (fix: T) => Promise<boolean>): Promise<T[]> {
  const ok = new Array<boolean>(fixes.length).fill(false);
  let next = 0;
  const worker = async () => {
    while (next < fixes.length) {
      const i = next++;
      ok[i] = await write(fixes[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(FIX_PARALLEL, fixes.length) }, worker));
  return fixes.filter((_f, i) => ok[i]);
}

/** Repairs kept on record by a run that made more (their number is kept whole). */
const KEEP_FIXED = 200;

/** What a run records: the repairs it made replace the last ones only when it made some. */
export function nextState(before: RecountState | null, run: { cursors: Record<string, string>; suspects: Record<string, Suspect>; fixed: CounterFix<unknown>[]; checked: Record<string, number>; at: string }): RecountState {
  return {
    cursors: run.cursors,
    suspects: run.suspects,
    lastFixed: run.fixed.length ? run.fixed.slice(0, KEEP_FIXED) : before?.lastFixed ?? [],
    fixedCount: run.fixed.length ? run.fixed.length : before?.fixedCount ?? 0,
    fixedAt: run.fixed.length ? run.at : before?.fixedAt ?? null,
    at: run.at,
    checked: run.checked,
  };
}
