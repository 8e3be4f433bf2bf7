/**
 * Is this the same child as a file already kept? The ID number decides when both have one; then
 * name + birth date + guardian phone; then name + birth date alone where one side has no guardian
 * phone (厦门 附件2 carries none) — but only when that points at exactly one file.
 * Keys are keyed hashes made by the server; this module only compares them.
 */
export interface MatchKeys {
  idHash: string | null;
  /** hash(name|birth|guardian phone hash); null when name or birth date is unknown. */
  matchKey: string | null;
  /** hash(name|birth); null when name or birth date is unknown. */
  nameKey: string | null;
  hasGuardianPhone: boolean;
}

export interface Candidate {
  _id: string;
  idHash: string | null;
  matchKey: string;
  nameKey: string;
  /** The file's matchKey when it has no guardian phone equals hash(name|birth|'') — the server says. */
  hasGuardianPhone: boolean;
}

export type MatchResult<C> = { kind: 'new' } | { kind: 'match'; candidate: C } | { kind: 'ambiguous' };

export function matchExisting<C extends Candidate>(keys: MatchKeys, candidates: readonly C[], exceptId?: string): MatchResult<C> {
  const pool = candidates.filter((c) => c._id !== exceptId);
  // two different ID numbers are two different children, whatever else they share
  const compatible = (c: C) => !(keys.idHash && c.idHash && c.idHash !== keys.idHash);
  if (keys.idHash) {
    const byId = pool.find((c) => c.idHash === keys.idHash);
    if (byId) return { kind: 'match', candidate: byId };
  }
  if (keys.matchKey && keys.hasGuardianPhone) {
    const byPhone = pool.find((c) => c.matchKey === keys.matchKey && compatible(c));
    if (byPhone) return { kind: 'match', candidate: byPhone };
  }
  if (keys.nameKey) {
    const byName = pool.filter((c) => c.nameKey === keys.nameKey && compatible(c) && (!keys.hasGuardianPhone || !c.hasGuardianPhone));
    if (byName.length === 1) return { kind: 'match', candidate: byName[0] };
    if (byName.length > 1) return { kind: 'ambiguous' };
  }
  return { kind: 'new' };
}
