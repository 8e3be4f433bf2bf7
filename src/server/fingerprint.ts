import { createHash } from 'crypto';

/** JSON with object keys sorted at every level, so equal values give equal text whatever the key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stableJson(v))).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A stable hash of an action's normalised input, kept with the record a client id made: a replay
 * under the same client id is the same submission only if its hash is the same (issue 15). The
 * input has passed the handler's depth check, so the recursion above is bounded.
 */
export const inputHash = (value: unknown): string => createHash('sha256').update(stableJson(value)).digest('hex').slice(0, 32);
