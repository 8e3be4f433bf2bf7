import { call, ApiError } from './api';
import { hasLocalFile, isFileId, keptFiles, removeLocal, upload } from './upload';
import type { Input, Output } from '../../src/contract';

/**
 * Check-ins not yet sent, kept in wx storage with their clientId: a check-in made without a network
 * is sent when the network returns, and a resend is recorded once (the server keys on clientId).
 * Its photos wait with it: `photos` holds, per slot, a fileID (uploaded) or a path on the phone; a
 * send first uploads the local ones (the cloud path comes from clientId + slot, so a retry overwrites
 * rather than duplicates), storing each fileID as it lands, then sends the check-in.
 */
export type PendingCheckIn = Input<'visit', 'checkIn'> & {
  clientId: string;
  /** files saved on the phone for this check-in, removed once it is sent */
  files?: string[];
  /** photos that could not be read any more (slot left ''), told to her when it is sent */
  dropped?: number;
  /** uploads that failed while the phone said it was online; at UPLOAD_TRIES the photo is given up */
  uploadFailures?: number;
};
/** A photo the server keeps refusing (while the phone is online) must not hold the check-in back forever. */
export const UPLOAD_TRIES = 5;
const KEY = 'visitOutbox';
/** kept photos' file names start with this (see keepOnDevice) */
export const PHOTO_PREFIX = 'visit-photo-';

export const newClientId = (): string => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
export const photoCloudPath = (clientId: string, slot: number): string => `visits/${clientId}-${slot}.jpg`;

export function pending(): PendingCheckIn[] {
  const v = wx.getStorageSync(KEY) as PendingCheckIn[] | '';
  return Array.isArray(v) ? v : [];
}

/** Photos of kept check-ins still on the phone (not yet uploaded). */
export const waitingPhotos = (): number => pending().reduce((n, p) => n + (p.photos ?? []).filter((f) => f && !isFileId(f)).length, 0);

function save(list: PendingCheckIn[]): void {
  if (list.length) wx.setStorageSync(KEY, list);
  else wx.removeStorageSync(KEY);
}

/** Stores an entry, in place when it is already kept (the outbox keeps its order). */
export function keep(item: PendingCheckIn): void {
  const list = pending();
  const at = list.findIndex((p) => p.clientId === item.clientId);
  if (at >= 0) list[at] = item;
  else list.push(item);
  save(list);
}

function drop(clientId: string): void {
  save(pending().filter((p) => p.clientId !== clientId));
}

function removeFiles(item: PendingCheckIn): void {
  for (const f of new Set([...(item.files ?? []), ...(item.photos ?? []).filter((p) => p && !isFileId(p))])) removeLocal(f);
}

/** Removes kept photos nothing refers to (a form left without sending, the app closed meanwhile). */
export function sweep(inUse: string[] = []): void {
  const used = new Set(inUse);
  for (const p of pending()) for (const f of [...(p.files ?? []), ...(p.photos ?? [])]) used.add(f);
  for (const f of keptFiles(PHOTO_PREFIX)) if (!used.has(f)) removeLocal(f);
}

/**
 * A resend the server refused because another version is already recorded under its clientId
 * (CONFLICT with the stored check-in in error.details.current): kept beside the outbox so she can
 * see both and correct the record (修改走访记录 with her version beside the stored one).
 */
export type StoredCheckIn = Output<'visit', 'timeline'>['items'][number];
export interface OutboxConflict { clientId: string; current: StoredCheckIn; mine: Omit<PendingCheckIn, 'files' | 'dropped' | 'uploadFailures'> }
const CONFLICTS = 'visitOutboxConflicts';
export const CONFLICT_NOTE = '已记录的版本与您修改的不同';

export function conflicts(): OutboxConflict[] {
  const v = wx.getStorageSync(CONFLICTS) as OutboxConflict[] | '';
  return Array.isArray(v) ? v : [];
}

function keepConflict(c: OutboxConflict): void {
  wx.setStorageSync(CONFLICTS, [...conflicts().filter((x) => x.clientId !== c.clientId), c]);
}

/** Corrected (or given up): no longer offered. */
export function resolveConflict(clientId: string): void {
  const left = conflicts().filter((x) => x.clientId !== clientId);
  if (left.length) wx.setStorageSync(CONFLICTS, left);
  else wx.removeStorageSync(CONFLICTS);
}

/** Hands the stored record and her version to 修改走访记录 (as 走访记录 hands an entry over) and answers its address. */
export function correctionUrl(c: OutboxConflict, kindLabel: (code: string) => string = (k) => k): string {
  wx.setStorageSync('visitCorrecting', { ...c.current, when: '' });
  wx.setStorageSync('visitCorrectingMine', { ...c.mine, kindLabel: kindLabel(c.mine.kind) });
  return `/packages/volunteer/pages/correct/index?id=${c.current.id}&conflict=1`;
}

const storedOf = (details: unknown): StoredCheckIn | null => {
  const current = (details as { current?: StoredCheckIn } | undefined)?.current;
  return current && typeof current.id === 'string' && typeof current.version === 'number' ? current : null;
};

export type Sent = { state: 'sent'; id: string; dropped: number } | { state: 'kept'; id: null; dropped: number };
/** clientIds being sent now: the network-return, page-show and retry triggers must not race on one entry. */
const inFlight = new Set<string>();

/** Whether the phone reports a network (unknown counts as none: a failure is then taken as offline). */
function networkUp(): Promise<boolean> {
  return new Promise((resolve) => {
    if (typeof wx.getNetworkType !== 'function') return resolve(false);
    wx.getNetworkType({ success: (r) => resolve(r.networkType !== 'none'), fail: () => resolve(false) });
  });
}

/** Uploads the photos still on the phone, storing each fileID at once; false when an upload failed (offline). */
async function uploadPhotos(item: PendingCheckIn): Promise<boolean> {
  const photos = [...(item.photos ?? [])];
  for (let slot = 0; slot < photos.length; slot++) {
    const p = photos[slot];
    if (!p || isFileId(p)) continue;
    if (!hasLocalFile(p)) {
      // deleted from the phone: dropped (and told) rather than holding the check-in back forever
      photos[slot] = '';
      item.dropped = (item.dropped ?? 0) + 1;
    } else {
      try {
        photos[slot] = await upload(p, photoCloudPath(item.clientId, slot));
      } catch {
        if (!(await networkUp())) return false;
        item.uploadFailures = (item.uploadFailures ?? 0) + 1;
        if (item.uploadFailures < UPLOAD_TRIES) {
          keep(item);
          return false;
        }
        // online and still refused, again and again: send the check-in without this photo (and say so)
        photos[slot] = '';
        item.dropped = (item.dropped ?? 0) + 1;
        item.uploadFailures = 0;
      }
    }
    item.photos = [...photos];
    keep(item);
  }
  return true;
}

/**
 * Sends one check-in: sent (with the server's id, for sharing) or kept (no network: stays in the
 * outbox with whatever photos did upload); other errors throw and drop it.
 */
export async function send(entry: PendingCheckIn): Promise<Sent> {
  const item: PendingCheckIn = { ...entry, photos: [...(entry.photos ?? [])] };
  keep(item);
  inFlight.add(item.clientId);
  try {
    if (!(await uploadPhotos(item))) return { state: 'kept', id: null, dropped: item.dropped ?? 0 };
    // outbox-only fields stay on the phone (the action's input is strict)
    const { files: _files, dropped: _dropped, uploadFailures: _failures, ...input } = item;
    const res = await call('visit', 'checkIn', { ...input, photos: (item.photos ?? []).filter((p) => p) });
    drop(item.clientId);
    removeFiles(item);
    return { state: 'sent', id: res.id, dropped: item.dropped ?? 0 };
  } catch (err) {
    if (err instanceof ApiError && err.code === 'NETWORK') return { state: 'kept', id: null, dropped: item.dropped ?? 0 };
    const stored = err instanceof ApiError && err.code === 'CONFLICT' ? storedOf(err.details) : null;
    if (stored) {
      const { files: _files, dropped: _dropped, uploadFailures: _failures, ...mine } = item;
      keepConflict({ clientId: item.clientId, current: stored, mine: { ...mine, photos: (item.photos ?? []).filter((p) => p) } });
    }
    drop(item.clientId);
    throw err;
  } finally {
    inFlight.delete(item.clientId);
  }
}

/** ids: the server's id of each check-in sent, by clientId (the page that kept it can show it sent). */
/** refused: the server's sentences for the ones it refused (a changed replay is CONFLICT: she must be told it was not saved). */
export type Flushed = { sent: number; failed: number; left: number; dropped: number; ids: Record<string, string>; refused: string[] };
let running: Promise<Flushed> | null = null;

/** Resends everything kept (one run at a time); answers how many went through. Refused ones are dropped with their files. */
export function flush(): Promise<Flushed> {
  running ??= run().finally(() => {
    running = null;
  });
  return running;
}

async function run(): Promise<Flushed> {
  let sent = 0;
  let failed = 0;
  let dropped = 0;
  const ids: Record<string, string> = {};
  const refused: string[] = [];
  for (const { clientId } of pending()) {
    // read afresh: a send from the page may have stored progress (uploaded photos) meanwhile
    const item = pending().find((p) => p.clientId === clientId);
    if (!item || inFlight.has(clientId)) continue;
    try {
      const r = await send(item);
      if (r.state !== 'sent') break; // still offline
      sent++;
      dropped += r.dropped;
      ids[clientId] = r.id;
    } catch (err) {
      failed++;
      if (err instanceof ApiError) refused.push(err.message);
      removeFiles(item);
    }
  }
  return { sent, failed, left: pending().length, dropped, ids, refused };
}
