import { SENSITIVE_PATHS } from '../domain/child/record';
import { currentKeyId, needsReseal, reseal, type Sealed } from './crypto';
import type { Db } from './runtime';
import { isoNow } from './time';

/**
 * The re-seal pass of a key rotation (src/server/crypto.ts): every sealed value not sealed with
 * the current key is sealed again with it, a bounded batch per run of report's hourly timer, while
 * every function keeps opening both (no downtime). Hashes and masks are left as they are.
 *
 * Progress is one settings document: the key being moved to, the collection and _id reached. A
 * sweep walks every collection by _id; the pass is done only when a whole sweep found nothing to
 * move, so a record written with the old key meanwhile (a function still configured with it, an
 * update racing this pass) is caught by the next sweep.
 */
export const SEALED_FIELDS: readonly { collection: string; paths: readonly string[] }[] = [
  { collection: 'children', paths: SENSITIVE_PATHS },
  { collection: 'volunteer_applications', paths: ['idNumber', 'phone'] },
  { collection: 'volunteer_phones', paths: ['phone'] },
];
export const RESEAL_STATE_ID = 'field_key_reseal';
/** Documents read per run at most, and values re-sealed per run at most (each a write). */
export const RESEAL_SCAN = 2000;
export const RESEAL_WRITES = 300;

interface ResealState {
  keyId: string;
  collection: number;
  lastId: string;
  /** something was moved (or raced) in the current sweep */
  moved: boolean;
  done: boolean;
  updatedAt: string;
}

const at = (doc: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), doc);
const isSealed = (v: unknown): v is Sealed => !!v && typeof v === 'object' && typeof (v as Sealed).enc === 'string';

export async function resealBatch(db: Db): Promise<{ keyId: string; resealed: number; done: boolean }> {
  const keyId = currentKeyId();
  const settings = db.collection('settings');
  const saved = (await settings.doc(RESEAL_STATE_ID).get()).data?.[0] as ResealState | undefined;
  let state: ResealState = saved && saved.keyId === keyId ? saved : { keyId, collection: 0, lastId: '', moved: false, done: false, updatedAt: '' };
  if (state.done) return { keyId, resealed: 0, done: true };
  const _ = db.command;
  let scanned = 0;
  let resealed = 0;
  while (scanned < RESEAL_SCAN && resealed < RESEAL_WRITES) {
    const target = SEALED_FIELDS[state.collection];
    const page = Math.min(1000, RESEAL_SCAN - scanned);
    const docs = ((await db.collection(target.collection).where(state.lastId ? { _id: _.gt(state.lastId) } : {}).orderBy('_id', 'asc').limit(page).get()).data ?? []) as Record<string, unknown>[];
    for (const doc of docs) {
      scanned++;
      state.lastId = String(doc._id);
      const old = target.paths.map((p) => [p, at(doc, p)] as const).filter(([, v]) => isSealed(v) && needsReseal(v)) as (readonly [string, Sealed])[];
      if (!old.length) continue;
      state.moved = true;
      // guarded by the old ciphertexts: a concurrent edit wins, and the next sweep looks again
      const where: Record<string, unknown> = { _id: doc._id };
      const data: Record<string, unknown> = {};
      for (const [p, v] of old) {
        where[`${p}.enc`] = v.enc;
        data[`${p}.enc`] = reseal(v).enc;
      }
      await db.collection(target.collection).where(where).update(data);
      resealed += old.length;
      if (resealed >= RESEAL_WRITES) break;
    }
    if (docs.length < page && scanned < RESEAL_SCAN && resealed < RESEAL_WRITES) {
      // this collection is done: the next, or the end of a sweep
      state = { ...state, collection: state.collection + 1, lastId: '' };
      if (state.collection >= SEALED_FIELDS.length) {
        state = state.moved ? { ...state, collection: 0, moved: false } : { ...state, collection: 0, done: true };
        if (state.done) break;
      }
    }
  }
  const { keyId: k, collection, lastId, moved, done } = state;
  await settings.doc(RESEAL_STATE_ID).set({ keyId: k, collection, lastId, moved, done, updatedAt: isoNow() });
  return { keyId, resealed, done: state.done };
}
