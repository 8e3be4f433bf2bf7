import { AppError } from '../../contract';
import type { Db } from '../../server/runtime';

/**
 * Sequence numbers by compare-and-swap on a counter document: read n, update where value is n.
 * Of concurrent approvals each gets a different number; a number taken by an approval that then
 * loses its own race is skipped (gaps are harmless, duplicates are not).
 */
const COUNTERS = 'volunteer_counters';

export async function nextSeq(db: Db, key: string): Promise<number> {
  const counters = db.collection(COUNTERS);
  for (let attempt = 0; attempt < 30; attempt++) {
    const doc = (await counters.doc(key).get()).data?.[0] as { value: number } | undefined;
    if (!doc) {
      const created = await counters.add({ _id: key, value: 1 }).then(() => true, () => false);
      if (created) return 1;
      continue;
    }
    const res = await counters.where({ _id: key, value: doc.value }).update({ value: doc.value + 1 });
    if (res.updated === 1) return doc.value + 1;
  }
  throw new AppError('CONFLICT', '审核人数较多，请稍后再试');
}
