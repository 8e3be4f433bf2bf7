import { randomBytes } from 'crypto';
import type { ChildDoc } from '../../domain/child';
import type { Db } from '../../server/runtime';
import type { HistoryDoc } from './store';

/**
 * History entries of the files an import writes, crash-safe (issue 15). The write of a file (its
 * insert or versioned update) carries the entry it owes (`pendingHistory`, tagged with the
 * import's run): the intent, in the same document write. The entries then go in under fixed ids
 * (`{child}_v{version}`, so none is ever stored twice), and the run's markers are cleared (only
 * that run's: a later import's marker is never cleared unpaid). A process that dies in between
 * leaves files that say what they owe; the next import matching them (the retry of the sheet) and
 * the next read of their history (child.get, child.history) pay it.
 */
export type PendingHistory = HistoryDoc & { run: string };
export type Marked = ChildDoc & { pendingHistory?: PendingHistory };

const IN_CHUNK = 300;
const INSERT_CHUNK = 200;

export const historyIdFor = (childId: string, version: number): string => `${childId}_v${version}`;
export const newRun = (): string => randomBytes(8).toString('hex');

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const entryOf = ({ run: _run, ...entry }: PendingHistory) => ({ _id: historyIdFor(entry.childId, entry.version), ...entry });

/**
 * Stores the entries not stored yet: one insert per 200 when none is (the usual case); a refused
 * insert (some already there, or a failed request) is followed by a look at which are there and an
 * insert of the rest, so any number of runs, in any order, store each entry once.
 */
async function insertEntries(db: Db, pending: PendingHistory[]): Promise<void> {
  const _ = db.command;
  const coll = db.collection('child_history');
  for (const part of chunks(pending.map(entryOf), INSERT_CHUNK)) {
    try {
      await coll.add(part);
    } catch {
      const there = new Set<string>();
      for (const ids of chunks(part.map((e) => e._id), IN_CHUNK)) {
        const res = await coll.where({ _id: _.in(ids) }).field({ _id: true }).limit(1000).get();
        for (const d of (res.data ?? []) as { _id: string }[]) there.add(d._id);
      }
      const missing = part.filter((e) => !there.has(e._id));
      if (missing.length) await coll.add(missing);
    }
  }
}

/** Clears the markers of the entries just stored, each only while it still names its run. */
async function clearMarkers(db: Db, pending: PendingHistory[]): Promise<void> {
  const _ = db.command;
  const byRun = new Map<string, string[]>();
  for (const p of pending) byRun.set(p.run, [...(byRun.get(p.run) ?? []), p.childId]);
  for (const [run, ids] of byRun) {
    for (const part of chunks(ids, IN_CHUNK)) {
      await db.collection('children').where({ _id: _.in(part), 'pendingHistory.run': run }).update({ pendingHistory: _.remove() });
    }
  }
}

/** Pays what files owe: their entries stored (once), then their markers cleared. */
export async function payHistory(db: Db, pending: PendingHistory[]): Promise<void> {
  if (!pending.length) return;
  await insertEntries(db, pending);
  try {
    await clearMarkers(db, pending);
  } catch (err) {
    // the entries are in: a marker left costs the next import or read one look, nothing more
    console.error('[child import] history markers left', err);
  }
}

/** What the given files still owe (each file's marker, if any). */
export const owedBy = (docs: ChildDoc[]): PendingHistory[] =>
  [...new Map(docs.map((d) => [d._id, (d as Marked).pendingHistory] as const)).values()].filter((p): p is PendingHistory => !!p);
