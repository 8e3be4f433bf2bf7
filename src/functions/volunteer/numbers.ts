import { AppError } from '../../contract';
import type { Db } from '../../server/runtime';

/**
 * Volunteer numbers: one counter document per year, `{ value, reserved: { <application id>: n } }`.
 * A final approval reserves its number by compare-and-swap on `value` that also writes the
 * reservation under its application's id, and only then writes the number on the application.
 * - Two approvals at once get different numbers (the swap on `value` lets one through at a time).
 * - An approval that finds its application's reservation (its own earlier attempt, stopped by a
 *   crash or a lost race, or another reviewer approving the same application at the same moment)
 *   takes that number again instead of a new one: no number is handed out twice and none is
 *   skipped by a retry.
 * - A number reserved by an approval that crashed and is never retried (the application is then
 *   rejected or withdrawn) stays in `reserved` under that application: a gap with its reason on
 *   record, never silent, never given to anyone else.
 */
export const COUNTERS = 'volunteer_counters';
export const numberKey = (year: number) => `volunteer-number-${year}`;

export interface CounterSeen { value: number; mine: number | null }

/** The reservation for `appId` (from `seen`, read with the application), or a new one. */
export async function reserveNumber(db: Db, key: string, appId: string, seen: CounterSeen | null): Promise<number> {
  const counters = db.collection(COUNTERS);
  let cur = seen;
  for (let attempt = 0; attempt < 30; attempt++) {
    if (cur?.mine) return cur.mine;
    if (!cur) {
      const created = await counters.add({ _id: key, value: 1, reserved: { [appId]: 1 } }).then(() => true, () => false);
      if (created) return 1;
    } else {
      const n = cur.value + 1;
      const res = await counters.where({ _id: key, value: cur.value }).update({ value: n, [`reserved.${appId}`]: n });
      if (res.updated === 1) return n;
    }
    const doc = (await counters.doc(key).get()).data?.[0] as { value: number; reserved?: Record<string, number> } | undefined;
    cur = doc ? { value: doc.value, mine: doc.reserved?.[appId] ?? null } : null;
  }
  throw new AppError('CONFLICT', '审核人数较多，请稍后再试');
}
