/**
 * Counters that heal themselves (issue 15): the places, locks and open-claim slots that pairing
 * and wish keep in small documents are derived numbers; a process killed between two writes
 * leaves them wrong. The recount computes what they must be from the records (pure, here) and the
 * timers repair a bounded batch each hour.
 *
 * A difference is repaired only when a later run finds exactly the same one, at least
 * CONFIRM_AFTER_MS after it was first seen: an operation in flight (a slot taken, the wish not yet
 * written; a pairing cancelled, its place not yet given back) looks like a wrong counter for a few
 * milliseconds, far less than any function's timeout, and must not be "repaired" into a real error.
 */

/** Longer than any cloud function's timeout (60 s), so what is seen twice this far apart is no operation in flight. */
export const CONFIRM_AFTER_MS = 10 * 60 * 1000;

/** One counter document that disagrees with the records: what it holds and what it must hold. */
export interface CounterFix<T> {
  kind: string;
  id: string;
  from: T;
  to: T;
}

export interface Suspect {
  /** the difference seen (kind, id, from, to), as text */
  sig: string;
  /** when it was first seen (ms) */
  at: number;
}

const keyOf = (f: CounterFix<unknown>) => `${f.kind}:${f.id}`;
const sigOf = (f: CounterFix<unknown>) => JSON.stringify([f.kind, f.id, f.from, f.to]);

/**
 * Splits the differences found now into those to repair (seen identically before, long enough
 * ago) and those to keep watching. A difference that changed or disappeared starts over.
 * `examined` (keys `kind:id`): the counters this run looked at, when it looked at only part of
 * them; a difference watched on one it did not look at is kept as it was, for a later run.
 */
export function confirmFixes<T>(found: CounterFix<T>[], previous: Record<string, Suspect>, now: number, after = CONFIRM_AFTER_MS, examined?: ReadonlySet<string>): { apply: CounterFix<T>[]; suspects: Record<string, Suspect> } {
  const apply: CounterFix<T>[] = [];
  const suspects: Record<string, Suspect> = {};
  if (examined) for (const [key, s] of Object.entries(previous)) if (!examined.has(key)) suspects[key] = s;
  for (const f of found) {
    const key = keyOf(f);
    const sig = sigOf(f);
    const seen = Object.prototype.hasOwnProperty.call(previous, key) ? previous[key] : undefined;
    if (seen && seen.sig === sig && now - seen.at >= after) apply.push(f);
    else suspects[key] = seen && seen.sig === sig ? seen : { sig, at: now };
  }
  return { apply, suspects };
}

// ---- pairing: places, locks and the child's paired flag

export type PairingRole = 'local' | 'remote' | null;
/** A pairing in a holding state (proposed, consented, active): it holds one place of each side and its pair's lock. */
export interface HoldingPairing {
  id: string;
  childId: string;
  volunteerUserId: string;
  role: PairingRole;
  /** only `active` sets the child's paired flag */
  status?: string;
}
export interface VolunteerPlaces { _id: string; held: number }
/** `holders`: by volunteer, the pairing holding the place (the pair's lock). */
export interface ChildPlaces { _id: string; held: number; local: number; remote: number; holders?: Record<string, string> }
export type ChildCount = { held: number; local: number; remote: number; holders: Record<string, string> };

/** pairing_volunteers: held = her holding pairings. `holding` must include every holding pairing of these volunteers. */
export function recountVolunteerPlaces(docs: VolunteerPlaces[], holding: HoldingPairing[]): CounterFix<{ held: number }>[] {
  const n = new Map<string, number>();
  for (const p of holding) n.set(p.volunteerUserId, (n.get(p.volunteerUserId) ?? 0) + 1);
  return docs
    .filter((d) => (d.held ?? 0) !== (n.get(d._id) ?? 0))
    .map((d) => ({ kind: 'volunteer', id: d._id, from: { held: d.held ?? 0 }, to: { held: n.get(d._id) ?? 0 } }));
}

const sorted = (o: Record<string, string> | undefined): Record<string, string> => Object.fromEntries(Object.entries(o ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)));

/**
 * pairing_children: held and per slot (a pairing without a role holds the local slot, as propose
 * takes it), and the holders: each volunteer with a holding pairing of the child names it. A
 * holder that is not holding (closed, or never written: a propose stopped before its pairing) is
 * dropped; a live holder is kept even if another holding pairing of the pair exists (that is no
 * counter's to fix), else the first of them by id is named.
 */
export function recountChildPlaces(docs: ChildPlaces[], holding: HoldingPairing[]): CounterFix<ChildCount>[] {
  const byChild = new Map<string, HoldingPairing[]>();
  for (const p of holding) byChild.set(p.childId, [...(byChild.get(p.childId) ?? []), p]);
  const out: CounterFix<ChildCount>[] = [];
  for (const d of docs) {
    const from: ChildCount = { held: d.held ?? 0, local: d.local ?? 0, remote: d.remote ?? 0, holders: sorted(d.holders) };
    const live = byChild.get(d._id) ?? [];
    const to: ChildCount = { held: live.length, local: 0, remote: 0, holders: {} };
    for (const p of live) to[p.role === 'remote' ? 'remote' : 'local']++;
    for (const v of [...new Set(live.map((p) => p.volunteerUserId))]) {
      const ids = live.filter((p) => p.volunteerUserId === v).map((p) => p.id).sort();
      to.holders[v] = ids.includes(from.holders[v]) ? from.holders[v] : ids[0];
    }
    to.holders = sorted(to.holders);
    if (JSON.stringify(from) !== JSON.stringify(to)) out.push({ kind: 'child', id: d._id, from, to });
  }
  return out;
}

/** children.paired: true while the child has an active pairing (`holding` must include every holding pairing of these children). */
export function recountPaired(children: { _id: string; paired?: boolean }[], holding: HoldingPairing[]): CounterFix<{ paired: boolean }>[] {
  const active = new Set(holding.filter((p) => p.status === 'active').map((p) => p.childId));
  return children
    .filter((c) => (c.paired ?? false) !== active.has(c._id))
    .map((c) => ({ kind: 'paired', id: c._id, from: { paired: c.paired ?? false }, to: { paired: active.has(c._id) } }));
}

// ---- wish: donors' open claims

export interface DonorSlots { _id: string; openClaims: number }

/** wish_donors: openClaims = the wishes she holds in the claimed state (a sent, cancelled or lapsed claim gave its slot back). */
export function recountOpenClaims(docs: DonorSlots[], claimed: { claimantId: string | null }[]): CounterFix<{ openClaims: number }>[] {
  const n = new Map<string, number>();
  for (const w of claimed) if (w.claimantId) n.set(w.claimantId, (n.get(w.claimantId) ?? 0) + 1);
  return docs
    .filter((d) => (d.openClaims ?? 0) !== (n.get(d._id) ?? 0))
    .map((d) => ({ kind: 'donor', id: d._id, from: { openClaims: d.openClaims ?? 0 }, to: { openClaims: n.get(d._id) ?? 0 } }));
}
