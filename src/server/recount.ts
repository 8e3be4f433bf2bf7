import type { CounterFix, Suspect } from '../domain/recount';
import type { Db } from './runtime';

/**
 * The I/O half of the counter recount (src/domain/recount): batches of counter documents in `_id`
 * order, and the run's state kept in the first counter collection itself as `~recount` (as
 * visit_area_status keeps `~run`), so no collection is added: the cursors, the differences being
 * watched and what the last run repaired.
 */
export const RECOUNT_STATE_ID = '~recount';
/** Counter documents per collection per run: one hourly run stays a handful of round trips at a city's size. */
export const RECOUNT_BATCH = 100;

export interface RecountState {
  cursors: Record<string, string>;
  suspects: Record<string, Suspect>;
  lastFixed: CounterFix<unknown>[];
}

const EMPTY: RecountState = { cursors: {}, suspects: {}, lastFixed: [] };

export async function readRecountState(db: Db, collection: string): Promise<RecountState | null> {
  const doc = (await db.collection(collection).doc(RECOUNT_STATE_ID).get()).data?.[0] as (RecountState & { _id: string }) | undefined;
  return doc ? { cursors: doc.cursors ?? {}, suspects: doc.suspects ?? {}, lastFixed: doc.lastFixed ?? [] } : null;
}

/** Written only when it changed: a quiet programme's counters see no write from the timer. */
export async function writeRecountState(db: Db, collection: string, before: RecountState | null, after: RecountState, at: string): Promise<void> {
  if (JSON.stringify(before ?? EMPTY) === JSON.stringify(after)) return;
  await db.collection(collection).doc(RECOUNT_STATE_ID).set({ ...after, at });
}

/** The next batch after `cursor` (documents named `~…` are state, not counters); next is '' when the collection was read to its end. */
export async function batchAfter<T extends { _id: string }>(db: Db, collection: string, cursor: string, n = RECOUNT_BATCH): Promise<{ rows: T[]; next: string }> {
  const res = await db.collection(collection).where({ _id: db.command.gt(cursor) }).orderBy('_id', 'asc').limit(n).get();
  const raw = (res.data ?? []) as T[];
  return { rows: raw.filter((d) => !d._id.startsWith('~')), next: raw.length === n ? raw[raw.length - 1]._id : '' };
}

/** Rewrites one counter, only if it still holds what the recount saw (a write since wins). */
export async function applyFix(db: Db, collection: string, fix: CounterFix<Record<string, unknown>>, extra: Record<string, unknown> = {}): Promise<boolean> {
  const res = await db.collection(collection).where({ _id: fix.id, ...fix.from }).update({ ...fix.to, ...extra });
  return (res as { updated?: number }).updated === 1;
}

/** A kind's cursor stays while a difference of that kind is being watched, so the next run looks at the same batch again. */
export function nextCursors(kinds: Record<string, { cursor: string; next: string }>, suspects: Record<string, Suspect>): Record<string, string> {
  const watched = new Set(Object.keys(suspects).map((k) => k.slice(0, k.indexOf(':'))));
  return Object.fromEntries(Object.entries(kinds).map(([kind, c]) => [kind, watched.has(kind) ? c.cursor : c.next]));
}
