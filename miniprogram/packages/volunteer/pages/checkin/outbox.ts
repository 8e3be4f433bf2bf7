import { call, ApiError } from '../../../../services/api';
import type { Input } from '../../../../../src/contract';

/**
 * Check-ins not yet sent, kept in wx storage with their clientId: a check-in made without a network
 * is sent when the network returns, and a resend is recorded once (the server keys on clientId).
 */
export type PendingCheckIn = Input<'visit', 'checkIn'> & { clientId: string };
const KEY = 'visitOutbox';

export const newClientId = (): string => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

export function pending(): PendingCheckIn[] {
  const v = wx.getStorageSync(KEY) as PendingCheckIn[] | '';
  return Array.isArray(v) ? v : [];
}

function save(list: PendingCheckIn[]): void {
  if (list.length) wx.setStorageSync(KEY, list);
  else wx.removeStorageSync(KEY);
}

export function keep(item: PendingCheckIn): void {
  save([...pending().filter((p) => p.clientId !== item.clientId), item]);
}

function drop(clientId: string): void {
  save(pending().filter((p) => p.clientId !== clientId));
}

export type Sent = { state: 'sent'; id: string } | { state: 'kept'; id: null };

/** Sends one check-in: sent (with the server's id, for sharing) or kept (no network: stays in the outbox); other errors throw and drop it. */
export async function send(item: PendingCheckIn): Promise<Sent> {
  keep(item);
  try {
    const res = await call('visit', 'checkIn', item);
    drop(item.clientId);
    return { state: 'sent', id: res.id };
  } catch (err) {
    if (err instanceof ApiError && err.code === 'NETWORK') return { state: 'kept', id: null };
    drop(item.clientId);
    throw err;
  }
}

/** Resends everything kept; answers how many went through. Refused ones are dropped (and counted as failed). */
export async function flush(): Promise<{ sent: number; failed: number; left: number }> {
  let sent = 0;
  let failed = 0;
  for (const item of pending()) {
    try {
      if ((await send(item)).state === 'sent') sent++;
      else break; // still offline
    } catch {
      failed++;
    }
  }
  return { sent, failed, left: pending().length };
}
