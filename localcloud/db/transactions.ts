/**
 * Transactions with optimistic concurrency control.
 *
 * A transaction stages its writes privately (others don't see them, it reads its own) and
 * remembers the version of every document it read or wrote at that moment. If one of those
 * versions has changed by the next access or by commit, it fails with
 * DATABASE_TRANSACTION_CONFLICT and is dropped; the SDK's runTransaction then retries from scratch.
 * Commit applies all staged writes as one journal line, so it is atomic on disk as in memory.
 */
import { randomBytes } from 'crypto';
import { Doc, IdKey, idKey } from './codec';
import { collectionNotExist, DbError, transactionConflict } from './errors';
import type { Change, DocumentStore, DocView } from './store';

export const TRANSACTION_TIMEOUT_MS = 10_000;

export class Transaction implements DocView {
  /** coll -> id key -> staged resulting document (null: deleted). */
  private readonly writes = new Map<string, Map<IdKey, Doc | null>>();
  /** coll -> id key -> version when this transaction first saw the document. */
  private readonly seen = new Map<string, Map<IdKey, number>>();

  constructor(
    readonly id: string,
    readonly startedAt: number,
    private readonly store: DocumentStore,
  ) {}

  hasCollection(name: string): boolean {
    return this.store.hasCollection(name);
  }

  getDoc(coll: string, id: unknown): Doc | undefined {
    const key = idKey(id);
    const staged = this.writes.get(coll);
    if (staged?.has(key)) return staged.get(key) ?? undefined;
    this.noteRead(coll, key);
    return this.store.getDoc(coll, key);
  }

  /** Committed documents overlaid with this transaction's staged writes. */
  *docs(coll: string): Generator<Doc> {
    const staged = this.writes.get(coll);
    if (!staged || staged.size === 0) {
      yield* this.store.docs(coll);
      return;
    }
    for (const doc of this.store.docs(coll)) {
      const key = idKey(doc._id);
      if (!staged.has(key)) yield doc;
      else if (staged.get(key)) yield staged.get(key)!;
    }
    for (const [key, doc] of staged) if (doc && !this.store.getDoc(coll, key)) yield doc;
  }

  /** Records reads of documents returned by a scan (getDoc records its own). */
  noteReads(coll: string, docs: Doc[]): void {
    const staged = this.writes.get(coll);
    for (const doc of docs) {
      const key = idKey(doc._id);
      if (!staged?.has(key)) this.noteRead(coll, key);
    }
  }

  stage(changes: Change[]): void {
    for (const ch of changes) {
      let staged = this.writes.get(ch.coll);
      if (!staged) this.writes.set(ch.coll, (staged = new Map()));
      if (!staged.has(ch.key)) this.noteRead(ch.coll, ch.key);
      staged.set(ch.key, ch.doc);
    }
  }

  /** The changes to apply, once everything this transaction saw is verified unchanged. */
  prepareCommit(): Change[] {
    for (const [coll, versions] of this.seen) {
      for (const [key, version] of versions) {
        if (this.store.versionOf(coll, key) !== version) throw transactionConflict(`${coll}/${key} was changed`);
      }
    }
    const changes: Change[] = [];
    for (const [coll, staged] of this.writes) {
      if (!this.store.hasCollection(coll)) throw collectionNotExist(coll);
      for (const [key, doc] of staged) {
        // Inserted then removed within the transaction: nothing to write.
        if (doc || this.store.getDoc(coll, key)) changes.push({ coll, key, doc });
      }
    }
    return changes;
  }

  private noteRead(coll: string, key: IdKey): void {
    let versions = this.seen.get(coll);
    if (!versions) this.seen.set(coll, (versions = new Map()));
    const current = this.store.versionOf(coll, key);
    const first = versions.get(key);
    if (first === undefined) versions.set(key, current);
    else if (first !== current) throw transactionConflict(`${coll}/${key} was changed`);
  }
}

export class TransactionManager {
  private readonly open = new Map<string, Transaction>();

  constructor(private readonly store: DocumentStore) {}

  get size(): number {
    return this.open.size;
  }

  start(now = Date.now()): string {
    this.sweep(now);
    if (this.open.size === 0) this.store.trackVersions(true);
    const id = randomBytes(16).toString('hex');
    this.open.set(id, new Transaction(id, now, this.store));
    return id;
  }

  /** Runs fn in the transaction; a conflict drops the transaction (the SDK retries a new one). */
  run<T>(id: string, fn: (tx: Transaction) => T): T {
    const tx = this.get(id);
    try {
      return fn(tx);
    } catch (err) {
      if (err instanceof DbError && err.code === 'DATABASE_TRANSACTION_CONFLICT') this.drop(id);
      throw err;
    }
  }

  commit(id: string): void {
    const tx = this.get(id);
    try {
      this.store.commit(tx.prepareCommit());
    } finally {
      this.drop(id);
    }
  }

  /** Unknown ids are fine: runTransaction rolls back after any failure, even a dropped one. */
  abort(id: string): void {
    this.drop(id);
  }

  /** Drops transactions not committed within 10 s. Called on every request (no timers to leak). */
  sweep(now = Date.now()): void {
    for (const [id, tx] of this.open) {
      if (now - tx.startedAt > TRANSACTION_TIMEOUT_MS) this.drop(id);
    }
  }

  clear(): void {
    for (const id of [...this.open.keys()]) this.drop(id);
  }

  private get(id: string): Transaction {
    this.sweep();
    const tx = this.open.get(id);
    if (!tx) {
      throw new DbError('DATABASE_TRANSACTION_FAIL', `transaction ${id} does not exist, has finished or expired (10 s)`);
    }
    return tx;
  }

  private drop(id: string): void {
    this.open.delete(id);
    if (this.open.size === 0) this.store.trackVersions(false);
  }
}
