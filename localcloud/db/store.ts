/**
 * In-memory document store with optional on-disk durability (see journal.ts).
 *
 * Every collection is a Map from _id to document, so doc(id) operations are O(1) and a scan follows
 * insertion order (like Mongo's natural order). Stored documents are never mutated in place: a
 * write replaces the whole document object. Queries can therefore hand out references without
 * cloning, and a transaction's view can share the committed documents.
 */
import { deepClone, Doc, IdKey, idKey, newDocId } from './codec';
import { collectionNotExist, DbError } from './errors';
import { Journal, JournalOp } from './journal';
import { TransactionManager } from './transactions';

/** The resulting state of one document after a write; `doc: null` means deleted. */
export interface Change {
  coll: string;
  key: IdKey;
  doc: Doc | null;
}

/** What queries read from: the committed state, or a transaction's view of it. */
export interface DocView {
  hasCollection(name: string): boolean;
  getDoc(coll: string, id: unknown): Doc | undefined;
  docs(coll: string): Iterable<Doc>;
}

const SNAPSHOT_CHUNK = 1000;
const INSERT_MANY_CHUNK = 5000;

export class DocumentStore implements DocView {
  private readonly collections = new Map<string, Map<IdKey, Doc>>();
  private journal: Journal | null = null;
  private closed = false;
  private seq = 0;
  /**
   * Per document, the sequence number of its last write. Only kept while a transaction is open:
   * a transaction conflicts when a version it saw has changed, and writes made while no
   * transaction exists can't concern any transaction.
   */
  private versions: Map<string, Map<IdKey, number>> | null = null;
  /**
   * Per document, the states it had before each write made while a transaction is open (oldest
   * first), so a transaction reads the state as of its snapshot (MongoDB snapshot isolation).
   */
  private history: Map<string, Map<IdKey, { at: number; doc: Doc | null }[]>> | null = null;
  readonly transactions: TransactionManager;
  /** Hooks around every commit (indexes.ts: unique indexes); `check` may throw to refuse the write. */
  readonly commitHooks: { check(changes: Change[]): void; applied(changes: Change[], previous: (Doc | undefined)[]): void }[] = [];

  private constructor() {
    this.transactions = new TransactionManager(this);
  }

  static open(opts: { dataDir: string | null; fsync?: boolean }): DocumentStore {
    const store = new DocumentStore();
    if (opts.dataDir) {
      store.journal = Journal.open(opts.dataDir, !!opts.fsync, (ops) => store.applyOps(ops));
      // Start every run from a snapshot and an empty journal (drops any torn tail).
      store.journal.ready(() => store.snapshotLines());
    }
    return store;
  }

  /** Creates the collection; returns false if it already existed. */
  createCollection(name: string): boolean {
    if (!name || typeof name !== 'string') throw new DbError('INVALID_PARAM', 'collection name is required');
    if (this.collections.has(name)) return false;
    this.write([{ create: name }]);
    return true;
  }

  hasCollection(name: string): boolean {
    return this.collections.has(name);
  }

  listCollections(): string[] {
    return [...this.collections.keys()].sort();
  }

  getDoc(coll: string, id: unknown): Doc | undefined {
    return this.collections.get(coll)?.get(idKey(id));
  }

  docs(coll: string): Iterable<Doc> {
    return this.collections.get(coll)?.values() ?? [];
  }

  countDocuments(coll: string): number {
    return this.collections.get(coll)?.size ?? 0;
  }

  /** Applies the changes of one request atomically: one journal line, then memory. */
  commit(changes: Change[]): void {
    if (changes.length === 0) return;
    for (const hook of this.commitHooks) hook.check(changes);
    const previous = this.commitHooks.length ? changes.map((ch) => this.getDoc(ch.coll, ch.key)) : [];
    const ops: JournalOp[] = [];
    for (const ch of changes) {
      const last = ops[ops.length - 1] as { c?: string; put?: Doc[]; del?: IdKey[] } | undefined;
      if (ch.doc) {
        if (last && last.c === ch.coll && last.put) last.put.push(ch.doc);
        else ops.push({ c: ch.coll, put: [ch.doc] });
      } else if (last && last.c === ch.coll && last.del) last.del.push(ch.key);
      else ops.push({ c: ch.coll, del: [ch.key] });
    }
    // the states being replaced, kept for open transactions' snapshots (first change of a key wins)
    const before = this.history ? new Map<string, { coll: string; key: IdKey; doc: Doc | null }>() : null;
    if (before) {
      for (const ch of changes) {
        const k = `${ch.coll}\u0000${typeof ch.key}:${ch.key}`;
        if (!before.has(k)) before.set(k, { coll: ch.coll, key: ch.key, doc: this.collections.get(ch.coll)?.get(ch.key) ?? null });
      }
    }
    this.write(ops);
    for (const hook of this.commitHooks) hook.applied(changes, previous);
    if (this.versions) {
      const version = ++this.seq;
      for (const ch of changes) {
        let coll = this.versions.get(ch.coll);
        if (!coll) this.versions.set(ch.coll, (coll = new Map()));
        coll.set(ch.key, version);
      }
      for (const b of before?.values() ?? []) {
        let coll = this.history!.get(b.coll);
        if (!coll) this.history!.set(b.coll, (coll = new Map()));
        let list = coll.get(b.key);
        if (!list) coll.set(b.key, (list = []));
        list.push({ at: version, doc: b.doc });
      }
    }
  }

  /** Version of a document for transaction conflict checks (0: untouched since tracking began). */
  versionOf(coll: string, key: IdKey): number {
    return this.versions?.get(coll)?.get(key) ?? 0;
  }

  /** The sequence number of the last write (while versions are tracked): a transaction's snapshot. */
  get currentSeq(): number {
    return this.seq;
  }

  /** The document as it was after write number `seq` (undefined: it did not exist then). */
  docAt(coll: string, key: IdKey, seq: number): Doc | undefined {
    const current = this.collections.get(coll)?.get(key);
    if (this.versionOf(coll, key) <= seq) return current;
    for (const h of this.history?.get(coll)?.get(key) ?? []) if (h.at > seq) return h.doc ?? undefined;
    return current;
  }

  /** Keys of `coll` written since tracking began (to find documents removed after a snapshot). */
  changedKeys(coll: string): Iterable<IdKey> {
    return this.history?.get(coll)?.keys() ?? [];
  }

  /** Forgets versions and past states no open transaction can need (all at or before `seq`). */
  pruneHistory(seq: number): void {
    for (const coll of this.history?.values() ?? []) {
      for (const [key, list] of coll) {
        const keep = list.filter((h) => h.at > seq);
        if (keep.length) coll.set(key, keep);
        else coll.delete(key);
      }
    }
    for (const coll of this.versions?.values() ?? []) {
      for (const [key, v] of coll) if (v <= seq) coll.delete(key);
    }
  }

  /** Called by the TransactionManager when the first transaction opens / the last one ends. */
  trackVersions(on: boolean): void {
    this.versions = on ? (this.versions ?? new Map()) : null;
    this.history = on ? (this.history ?? new Map()) : null;
  }

  /**
   * Bulk load for seed scripts, tests and benchmarks (no HTTP, no EJSON). Creates the collection
   * if needed; generates missing _ids; rejects duplicate _ids before writing anything. Written in
   * chunks of 5000 documents, so a crash mid-call can keep a prefix of the batch.
   */
  insertMany(coll: string, docs: object[]): string[] {
    this.createCollection(coll);
    const existing = this.collections.get(coll)!;
    const seen = new Set<IdKey>();
    const changes: Change[] = docs.map((input) => {
      const doc = deepClone(input) as Doc;
      if (doc._id === undefined || doc._id === null) doc._id = newDocId();
      const key = idKey(doc._id);
      if (existing.has(key) || seen.has(key)) throw duplicateId(coll, doc._id);
      seen.add(key);
      return { coll, key, doc };
    });
    for (let i = 0; i < changes.length; i += INSERT_MANY_CHUNK) {
      this.commit(changes.slice(i, i + INSERT_MANY_CHUNK));
    }
    return changes.map((ch) => String(ch.doc!._id));
  }

  /** The stored documents of a collection as stored (copies), e.g. to check encryption at rest. */
  rawDocuments(coll: string): Doc[] {
    const map = this.collections.get(coll);
    if (!map) throw collectionNotExist(coll);
    return [...map.values()].map((d) => deepClone(d));
  }

  /** Rewrites the snapshot and empties the journal (also done on every open). */
  compact(): void {
    this.journal?.compact(this.snapshotLines());
  }

  close(): void {
    this.transactions.clear();
    this.journal?.close();
    this.journal = null;
    this.closed = true;
  }

  private write(ops: JournalOp[]): void {
    if (this.closed) throw new DbError('DATABASE_REQUEST_FAILED', 'the local database is closed');
    this.journal?.append(ops); // durable first: if this throws, memory is left unchanged
    this.applyOps(ops);
  }

  private applyOps(ops: JournalOp[]): void {
    for (const op of ops) {
      if ('create' in op) {
        if (!this.collections.has(op.create)) this.collections.set(op.create, new Map());
        continue;
      }
      let map = this.collections.get(op.c);
      if (!map) this.collections.set(op.c, (map = new Map()));
      if ('put' in op) for (const doc of op.put) map.set(idKey(doc._id), doc);
      else for (const key of op.del) map.delete(idKey(key));
    }
  }

  private *snapshotLines(): Generator<JournalOp[]> {
    for (const [name, map] of this.collections) {
      yield [{ create: name }];
      let chunk: Doc[] = [];
      for (const doc of map.values()) {
        chunk.push(doc);
        if (chunk.length === SNAPSHOT_CHUNK) {
          yield [{ c: name, put: chunk }];
          chunk = [];
        }
      }
      if (chunk.length) yield [{ c: name, put: chunk }];
    }
  }
}

export function duplicateId(coll: string, id: unknown): DbError {
  return new DbError(
    'DATABASE_DUPLICATE_WRITE',
    `E11000 duplicate key error collection: ${coll} index: _id_ dup key: { _id: ${JSON.stringify(id)} }`,
  );
}
