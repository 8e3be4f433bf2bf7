import type { Sealed } from '../../server/crypto';
import type { Db } from '../../server/runtime';
import { isoNow } from '../../server/time';

/**
 * One person, one active application, race-safe: a lock document per keyed hash of an ID number
 * and of a phone (`_id` fixed, so two first inserts cannot both succeed). `holder` is the
 * application holding it, or null once that application is rejected or withdrawn. Taking a lock
 * is one conditional update (free or already mine), so of two racers exactly one gets it.
 */
const LOCKS = 'volunteer_locks';

export interface LockKey {
  id: string;
  kind: 'idNumber' | 'phone';
}

const hex = (hash: string) => Buffer.from(hash, 'base64').toString('hex');

export function lockKeys(idNumber: Sealed | null, phone: Sealed): LockKey[] {
  const keys: LockKey[] = [{ id: `ph-${hex(phone.hash)}`, kind: 'phone' }];
  if (idNumber) keys.unshift({ id: `id-${hex(idNumber.hash)}`, kind: 'idNumber' });
  return keys;
}

/** 'created', 'taken' (it existed: free or ours), or null when another application holds it. */
async function take(db: Db, lockId: string, holder: string): Promise<'created' | 'taken' | null> {
  const locks = db.collection(LOCKS);
  try {
    await locks.add({ _id: lockId, holder, createdAt: isoNow(), n: 1 });
    return 'created';
  } catch {
    // exists: take it only if free or already ours; the holder is in the where, so `updated` is 1
    // exactly when we hold it (CloudBase counts matched documents, changed or not)
    const res = await locks.where({ _id: lockId, holder: db.command.in([null, holder]) }).update({ holder, n: db.command.inc(1) });
    return res.updated === 1 ? 'taken' : null;
  }
}

/**
 * Takes every lock or none; answers the kind held by another application. A refusal leaves the
 * locks exactly as they were (created ones removed, taken ones given back).
 * One request in the usual cases: a first application inserts all its locks at once; a resubmit
 * (`resubmit`: its locks exist, free since it was rejected or withdrawn) takes them with one
 * conditional update. When that does not take them all (a lock held by another, one inserted by a
 * racer, a new phone), it goes key by key, where a lock the first request took counts as taken.
 */
export async function acquireLocks(db: Db, holder: string, keys: LockKey[], resubmit: boolean): Promise<LockKey['kind'] | null> {
  const locks = db.collection(LOCKS);
  const _ = db.command;
  const all = resubmit
    // (n, a count of takes no one reads, is left to the key-by-key path: its undo then restores it exactly)
    ? await locks.where({ _id: _.in(keys.map((k) => k.id)), holder: _.in([null, holder]) }).update({ holder }).then((r) => r.updated === keys.length)
    : await locks.add(keys.map((k) => ({ _id: k.id, holder, createdAt: isoNow(), n: 1 }))).then(() => true, () => false);
  return all ? null : acquireOneByOne(db, holder, keys);
}

async function acquireOneByOne(db: Db, holder: string, keys: LockKey[]): Promise<LockKey['kind'] | null> {
  const done: { key: LockKey; how: 'created' | 'taken' }[] = [];
  for (const [i, key] of keys.entries()) {
    const how = await take(db, key.id, holder);
    if (how) {
      done.push({ key, how });
      continue;
    }
    for (const d of done) {
      const mine = db.collection(LOCKS).where({ _id: d.key.id, holder });
      if (d.how === 'created') await mine.remove();
      else await mine.update({ holder: null, n: db.command.inc(-1) });
    }
    // the keys after this one were not visited here, but the first request may have taken them
    const rest = keys.slice(i + 1).map((k) => k.id);
    if (rest.length) await db.collection(LOCKS).where({ _id: db.command.in(rest), holder }).update({ holder: null });
    return key.kind;
  }
  return null;
}

export async function releaseLocks(db: Db, holder: string, keys: LockKey[]): Promise<void> {
  if (!keys.length) return;
  await db.collection(LOCKS).where({ _id: db.command.in(keys.map((k) => k.id)), holder }).update({ holder: null });
}
