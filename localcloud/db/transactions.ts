/**
 * Transactions as CloudBase runs them (MongoDB snapshot isolation underneath), as the node-sdk's
 * own tests against the real service expect (TencentCloudBase/node-sdk
 * test/database/unit/transaction.test.ts) and MongoDB documents ("In-progress Transactions and
 * Write Conflicts"):
 *
 * - The snapshot is taken at the transaction's first operation. Every read in it (doc get, where
 *   get, updateAndReturn) sees the documents as of that snapshot plus its own writes; an outside
 *   write made later is not seen and is not an error ('读偏': re-reads return the snapshot).
 * - A write takes a lock on the document. A second transaction writing a locked document, or any
 *   transaction writing a document changed since its snapshot, fails at once with
 *   DATABASE_TRANSACTION_CONFLICT ('冲突检测'), and the transaction is gone (MongoDB aborts it on a
 *   write conflict), so the SDK's runTransaction starts a new one.
 * - Commit never fails because a document the transaction only read has changed (write skew is
 *   allowed: 'write skew').
 * - A write outside any transaction to a locked document waits until that transaction ends
 *   (commit, abort or expiry), then runs on what is committed. Note that node-sdk 3.18 sends
 *   `where().update()`, `where().remove()` and `count()` without the transaction id even inside a
 *   transaction: they run outside it, and one that touches a document the same transaction wrote
 *   waits for it to expire, as in production.
 * - A transaction not committed within 30 s is rolled back ('[ResourceUnavailable.TransactionNotExist]
 *   … transaction must be commit or abort in 30 seconds').
 * - No limit on the number of documents: none is documented, and the SDK's own test inserts 1,001
 *   documents in one transaction ('事务内批量插入1000条文档').
 *
 * Commit applies all staged writes as one journal line, so it is atomic on disk as in memory.
 */
import { randomBytes } from 'crypto';
import { Doc, IdKey, idKey } from './codec';
import { collectionNotExist, DbError, transactionConflict, transactionNotExist } from './errors';
import type { Change, DocumentStore, DocView } from './store';

export const TRANSACTION_TIMEOUT_MS = 30_000;

const lockKeyOf = (coll: string, key: IdKey) => `${coll}\u0000${typeof key}:${key}`;

/** Thrown by a write outside transactions that touches documents a transaction has locked. */
export class Blocked extends Error {
  constructor(readonly by: string[]) {
    super('blocked by an open transaction');
  }
}

export class Transaction implements DocView {
  /** coll -> id key -> staged resulting document (null: deleted). */
  private readonly writes = new Map<string, Map<IdKey, Doc | null>>();
  /** The store's write sequence number its reads see (set at the first operation). */
  private snapshot: number | null = null;
  readonly locks = new Set<string>();
  private endResolve!: () => void;
  readonly ended = new Promise<void>((resolve) => (this.endResolve = resolve));

  constructor(
    readonly id: string,
    readonly startedAt: number,
    private readonly store: DocumentStore,
    private readonly manager: TransactionManager,
  ) {}

  /** The snapshot's sequence number, or null before the first operation. */
  get snapshotSeq(): number | null {
    return this.snapshot;
  }

  /** Takes the snapshot on the first operation (MongoDB starts the transaction lazily). */
  begin(): void {
    if (this.snapshot === null) this.snapshot = this.store.currentSeq;
  }

  hasCollection(name: string): boolean {
    return this.store.hasCollection(name);
  }

  getDoc(coll: string, id: unknown): Doc | undefined {
    const key = idKey(id);
    const staged = this.writes.get(coll);
    if (staged?.has(key)) return staged.get(key) ?? undefined;
    return this.store.docAt(coll, key, this.snapshot!);
  }

  /** The snapshot's documents overlaid with this transaction's staged writes. */
  *docs(coll: string): Generator<Doc> {
    const staged = this.writes.get(coll);
    const seq = this.snapshot!;
    for (const doc of this.store.docs(coll)) {
      const key = idKey(doc._id);
      if (staged?.has(key)) {
        const mine = staged.get(key);
        if (mine) yield mine;
        continue;
      }
      const then = this.store.versionOf(coll, key) <= seq ? doc : this.store.docAt(coll, key, seq);
      if (then) yield then;
    }
    // documents of the snapshot removed since
    for (const key of this.store.changedKeys(coll)) {
      if (this.store.getDoc(coll, key) || staged?.has(key)) continue;
      const then = this.store.docAt(coll, key, seq);
      if (then) yield then;
    }
    for (const [key, doc] of staged ?? []) if (doc && !this.store.getDoc(coll, key)) yield doc;
  }

  /** Stages writes: each document must be unlocked by others and unchanged since the snapshot. */
  stage(changes: Change[]): void {
    for (const ch of changes) {
      const holder = this.manager.lockHolder(ch.coll, ch.key);
      if (holder !== undefined && holder !== this.id) throw transactionConflict();
      if (this.store.versionOf(ch.coll, ch.key) > this.snapshot!) throw transactionConflict();
    }
    for (const ch of changes) {
      this.manager.lock(ch.coll, ch.key, this.id);
      this.locks.add(lockKeyOf(ch.coll, ch.key));
      let staged = this.writes.get(ch.coll);
      if (!staged) this.writes.set(ch.coll, (staged = new Map()));
      staged.set(ch.key, ch.doc);
    }
  }

  /** The changes to apply. Nothing is re-validated: the locks kept every staged document ours. */
  prepareCommit(): Change[] {
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

  end(): void {
    this.endResolve();
  }
}

export class TransactionManager {
  private readonly open = new Map<string, Transaction>();
  private readonly lockTable = new Map<string, string>();
  /** How long a transaction may stay open (CloudBase: 30 s); tests may shorten it. */
  lifetimeMs = TRANSACTION_TIMEOUT_MS;

  constructor(private readonly store: DocumentStore) {}

  get size(): number {
    return this.open.size;
  }

  start(now = Date.now()): string {
    this.sweep(now);
    if (this.open.size === 0) this.store.trackVersions(true);
    const id = randomBytes(16).toString('hex');
    this.open.set(id, new Transaction(id, now, this.store, this));
    return id;
  }

  /** Runs fn in the transaction; a conflict drops the transaction (the SDK retries a new one). */
  run<T>(id: string, fn: (tx: Transaction) => T): T {
    const tx = this.get(id);
    tx.begin();
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

  /** Aborting a transaction that no longer exists fails, as on CloudBase (runTransaction ignores it). */
  abort(id: string): void {
    this.get(id);
    this.drop(id);
  }

  lockHolder(coll: string, key: IdKey): string | undefined {
    return this.lockTable.get(lockKeyOf(coll, key));
  }

  lock(coll: string, key: IdKey, txId: string): void {
    this.lockTable.set(lockKeyOf(coll, key), txId);
  }

  /** For a write outside transactions: throws Blocked when a transaction holds one of the documents. */
  assertUnlocked(changes: Change[]): void {
    if (this.lockTable.size === 0) return;
    const by = new Set<string>();
    for (const ch of changes) {
      const holder = this.lockHolder(ch.coll, ch.key);
      if (holder !== undefined) by.add(holder);
    }
    if (by.size) throw new Blocked([...by]);
  }

  /** Resolves once each of the transactions has ended (committed, aborted or expired). */
  async waitFor(ids: string[]): Promise<void> {
    for (const id of ids) {
      const tx = this.open.get(id);
      if (!tx) continue;
      const left = tx.startedAt + this.lifetimeMs - Date.now();
      let timer: NodeJS.Timeout | undefined;
      const expiry = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, Math.max(0, left) + 1);
        timer.unref?.();
      });
      await Promise.race([tx.ended, expiry]);
      clearTimeout(timer);
      this.sweep();
    }
  }

  /** Drops transactions not committed in time. Called on every request and by waiting writes. */
  sweep(now = Date.now()): void {
    for (const [id, tx] of this.open) {
      if (now - tx.startedAt > this.lifetimeMs) this.drop(id);
    }
  }

  clear(): void {
    for (const id of [...this.open.keys()]) this.drop(id);
  }

  private get(id: string): Transaction {
    this.sweep();
    const tx = this.open.get(id);
    if (!tx) throw transactionNotExist();
    return tx;
  }

  private drop(id: string): void {
    const tx = this.open.get(id);
    if (!tx) return;
    this.open.delete(id);
    for (const k of tx.locks) if (this.lockTable.get(k) === id) this.lockTable.delete(k);
    if (this.open.size === 0) this.store.trackVersions(false);
    else {
      // keep only what the oldest snapshot still open needs
      let oldest = this.store.currentSeq;
      for (const other of this.open.values()) oldest = Math.min(oldest, other.snapshotSeq ?? this.store.currentSeq);
      this.store.pruneHistory(oldest);
    }
    tx.end();
  }
}
