import type { CounterFix } from '../recount';

/**
 * A donor's open-claim slots as they must be: the wishes she holds in the claimed state (a sent,
 * cancelled, lapsed or revoked claim gave its slot back), as a `holding` map and its size. Pure;
 * src/functions/wish/recount.ts rewrites a document that disagrees once a later run sees the same.
 */
export interface DonorSlotsDoc { _id: string; openClaims: number; holding?: Record<string, string> }
export interface SlotState { openClaims: number; holding: string[] }

export function slotFixes(docs: DonorSlotsDoc[], claimed: { _id: string; claimantId: string | null }[]): CounterFix<SlotState>[] {
  const held = new Map<string, string[]>();
  for (const w of claimed) if (w.claimantId) held.set(w.claimantId, [...(held.get(w.claimantId) ?? []), w._id]);
  const out: CounterFix<SlotState>[] = [];
  for (const d of docs) {
    const to = { openClaims: held.get(d._id)?.length ?? 0, holding: [...(held.get(d._id) ?? [])].sort() };
    const from = { openClaims: d.openClaims ?? 0, holding: Object.keys(d.holding ?? {}).sort() };
    // a document from before `holding` was kept has none: its count alone decides, and the fix writes the map
    const same = from.openClaims === to.openClaims && (d.holding === undefined || from.holding.join() === to.holding.join());
    if (!same || (d.holding === undefined && to.openClaims > 0)) out.push({ kind: 'donor', id: d._id, from, to });
  }
  return out;
}
