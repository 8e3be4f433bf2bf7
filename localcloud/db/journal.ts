/**
 * Durability: an append-only journal plus a snapshot, both made of lines that each hold the list of
 * ops ("resulting documents / deleted ids / created collections") of one write.
 *
 * - A write is appended with one synchronous fs.writeSync before its response is sent, so an
 *   acknowledged write survives a kill of the process (fsync additionally covers power loss).
 * - One line per write makes a multi-document write (transaction commit, where().update) atomic:
 *   a torn last line (the process died inside writeSync, nothing was acknowledged) is ignored.
 * - Ops carry resulting state, not commands, so replaying a line twice is harmless. That makes
 *   compaction simple: write the snapshot to a temp file, rename it over the old one, then empty the
 *   journal; a crash between the two steps only replays already-included lines.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Doc, fromStorage, toStorage } from './codec';

export type JournalOp = { create: string } | { c: string; put: Doc[] } | { c: string; del: unknown[] };

const SNAPSHOT = 'snapshot.jsonl';
const JOURNAL = 'journal.jsonl';
const READ_CHUNK = 8 << 20;
const WRITE_BATCH = 4 << 20;

/** Calls onLine for every line; `terminated` is false for a last line without its newline. */
function forEachLine(file: string, onLine: (line: string, terminated: boolean) => void): void {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(READ_CHUNK);
  let carry = Buffer.alloc(0);
  try {
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const data = carry.length ? Buffer.concat([carry, buf.subarray(0, n)]) : buf.subarray(0, n);
      let start = 0;
      let nl: number;
      while ((nl = data.indexOf(10, start)) !== -1) {
        if (nl > start) onLine(data.toString('utf8', start, nl), true);
        start = nl + 1;
      }
      carry = Buffer.from(data.subarray(start)); // copy: buf is reused by the next read
    }
    if (carry.length) onLine(carry.toString('utf8'), false);
  } finally {
    fs.closeSync(fd);
  }
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let off = 0;
  while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
}

function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Not supported on every platform; the rename itself is still atomic.
  }
}

export class Journal {
  private fd = -1;

  private constructor(
    private readonly dir: string,
    private readonly fsync: boolean,
  ) {}

  /** Replays snapshot then journal through `apply`. Call ready() before appending. */
  static open(dir: string, fsync: boolean, apply: (ops: JournalOp[]) => void): Journal {
    fs.mkdirSync(dir, { recursive: true });
    const snapshot = path.join(dir, SNAPSHOT);
    if (fs.existsSync(snapshot)) {
      // Always complete (written to a temp file, then renamed), so any bad line is a real error.
      forEachLine(snapshot, (line) => apply(fromStorage(line) as JournalOp[]));
    }
    const journal = path.join(dir, JOURNAL);
    if (fs.existsSync(journal)) {
      forEachLine(journal, (line, terminated) => {
        let ops: JournalOp[];
        try {
          ops = fromStorage(line) as JournalOp[];
        } catch (err) {
          if (!terminated) return; // torn last line: that write was never acknowledged
          throw new Error(`corrupt journal line in ${journal}: ${(err as Error).message}`);
        }
        apply(ops);
      });
    }
    return new Journal(dir, fsync);
  }

  /**
   * Makes the journal ready for appends after open: folds a non-empty journal (and any torn tail)
   * into a new snapshot; an empty journal is simply reopened, so a clean reopen costs only the load.
   */
  ready(state: () => Iterable<JournalOp[]>): void {
    const journal = path.join(this.dir, JOURNAL);
    const snapshotExists = fs.existsSync(path.join(this.dir, SNAPSHOT));
    if (snapshotExists && fs.existsSync(journal) && fs.statSync(journal).size === 0) {
      this.fd = fs.openSync(journal, 'a');
    } else {
      this.compact(state());
    }
  }

  /** Appends one write, synchronously, before the caller answers the request. */
  append(ops: JournalOp[]): void {
    if (this.fd < 0) throw new Error('journal is closed');
    writeAll(this.fd, toStorage(ops) + '\n');
    if (this.fsync) fs.fsyncSync(this.fd);
  }

  /** Writes `lines` (the full current state) as the new snapshot and starts an empty journal. */
  compact(lines: Iterable<JournalOp[]>): void {
    const snapshot = path.join(this.dir, SNAPSHOT);
    const tmp = `${snapshot}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    try {
      let pending = '';
      for (const ops of lines) {
        pending += toStorage(ops) + '\n';
        if (pending.length >= WRITE_BATCH) {
          writeAll(fd, pending);
          pending = '';
        }
      }
      writeAll(fd, pending);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, snapshot);
    fsyncDir(this.dir);
    if (this.fd >= 0) fs.closeSync(this.fd);
    const journal = path.join(this.dir, JOURNAL);
    fs.writeFileSync(journal, '');
    this.fd = fs.openSync(journal, 'a');
    if (this.fsync) fs.fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }
}
