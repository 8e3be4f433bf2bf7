/**
 * Value conversions between the SDK's wire format (EJSON strings), the in-memory documents (plain
 * JS objects with Date / RegExp) and the on-disk journal (EJSON relaxed, one value per line).
 */
import { randomBytes } from 'crypto';
import { EJSON } from 'bson';

export type Doc = Record<string, unknown>;
/** Key of a document in its collection's Map: the _id itself when it is a string or number. */
export type IdKey = string | number;

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function idKey(id: unknown): IdKey {
  if (typeof id === 'string' || typeof id === 'number') return id;
  // ObjectId or other exotic ids: key them by their canonical EJSON text.
  return EJSON.stringify(id as never, { relaxed: false });
}

/** Deep copy of plain data. BSON values and RegExps are never mutated, so they are shared. */
export function deepClone<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(deepClone) as T;
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (!isPlainObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = deepClone(v[k]);
  return out as T;
}

/** Deep equality of stored values; object key order is ignored. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameValue(a[k], b[k]));
  }
  return toWire(a) === toWire(b); // RegExp and BSON values
}

/** Mongo regex options that JavaScript understands (x and l have no JS equivalent). */
const JS_REGEX_FLAGS = new Set(['i', 'm', 's', 'u']);

/**
 * In place: BSONRegExp -> RegExp (so mingo can match with it) and `{ $tcb_server_date: { offset } }`
 * -> the server's Date at this moment (how db.serverDate() is resolved on CloudBase).
 */
function normalize(v: unknown, now: number): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = normalize(v[i], now);
    return v;
  }
  const bsonType = (v as { _bsontype?: string })._bsontype;
  if (bsonType === 'BSONRegExp') {
    const { pattern, options } = v as unknown as { pattern: string; options: string };
    const flags = [...(options || '')].filter((f) => JS_REGEX_FLAGS.has(f)).join('');
    return new RegExp(pattern, flags);
  }
  if (!isPlainObject(v)) return v;
  const serverDate = v.$tcb_server_date;
  if (serverDate !== undefined && Object.keys(v).length === 1) {
    const offset = Number((serverDate as { offset?: unknown } | null)?.offset ?? 0) || 0;
    return new Date(now + offset);
  }
  for (const k of Object.keys(v)) v[k] = normalize(v[k], now);
  return v;
}

/** Decode one request parameter: an EJSON string (what the SDK sends) or an already parsed value. */
export function decodeParam(value: unknown, now = Date.now()): unknown {
  if (value === undefined || value === null) return value;
  const parsed =
    typeof value === 'string'
      ? EJSON.parse(value, { relaxed: true })
      : EJSON.deserialize(value as never, { relaxed: true });
  return normalize(parsed, now);
}

/** Response encoding: canonical EJSON, as the real service sends and the SDK parses. */
export function toWire(doc: unknown): string {
  return EJSON.stringify(doc as never, { relaxed: false });
}

const isObjectId = (v: unknown): v is { toHexString(): string } => {
  const t = (v as { _bsontype?: string } | null)?._bsontype;
  return t === 'ObjectID' || t === 'ObjectId';
};

/**
 * ObjectId values as CloudBase answers them: the 24-hex string (the node-sdk's own test of a
 * non-_id ObjectId field expects `getRes.data[0].a === objId` and `addRes.id === objId`,
 * test/database/unit/oid.test.ts). Canonical EJSON's {"$oid"} would reach the caller as `{}`.
 * Returns the value itself when it holds no ObjectId (no copy).
 */
export function plainObjectIds<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (isObjectId(v)) return v.toHexString() as unknown as T;
  if (Array.isArray(v)) {
    let out: unknown[] | null = null;
    v.forEach((item, i) => {
      const next = plainObjectIds(item);
      if (next !== item) (out ??= [...v])[i] = next;
    });
    return (out ?? v) as T;
  }
  if (!isPlainObject(v)) return v;
  let out: Record<string, unknown> | null = null;
  for (const k of Object.keys(v)) {
    const item = v[k];
    const next = plainObjectIds(item);
    if (next !== item) (out ??= { ...v })[k] = next;
  }
  return (out ?? v) as T;
}

/** A document or value in a response: ObjectIds as strings, then canonical EJSON. */
export function toResponse(doc: unknown): string {
  return toWire(plainObjectIds(doc));
}

/** Journal / snapshot encoding: relaxed EJSON keeps numbers plain and dates typed. */
export function toStorage(value: unknown): string {
  return EJSON.stringify(value as never, { relaxed: true });
}

/**
 * Reading is the slow part of opening a large store: plain JSON.parse, then EJSON decoding only of
 * the objects that carry `$` keys ($date, $numberDouble, ...), is about 3x faster than EJSON.parse.
 */
export function fromStorage(text: string): unknown {
  return reviveEJSON(JSON.parse(text));
}

function reviveEJSON(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = reviveEJSON(v[i]);
    return v;
  }
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length > 0 && keys[0].startsWith('$')) {
    // Fast path for the common case; EJSON.deserialize re-serialises its input.
    const date = obj.$date;
    if (keys.length === 1 && (typeof date === 'string' || typeof date === 'number')) return new Date(date);
    return normalize(EJSON.deserialize(obj, { relaxed: true }), 0);
  }
  for (const k of keys) obj[k] = reviveEJSON(obj[k]);
  return obj;
}

// CloudBase ids are 32 hex chars: here 8 per process, 8 of unix seconds, a 6-digit counter and
// 10 random digits, so ids are unique across restarts and roughly ordered by creation time.
// Random bytes come from a pool: one randomBytes call per id dominated bulk inserts.
const PROCESS_PART = randomBytes(4).toString('hex');
let counter = randomBytes(3).readUIntBE(0, 3);
let pool = Buffer.alloc(0);
let poolOffset = 0;

export function newDocId(): string {
  if (poolOffset + 5 > pool.length) {
    pool = randomBytes(5 * 4096);
    poolOffset = 0;
  }
  const random = pool.toString('hex', poolOffset, poolOffset + 5);
  poolOffset += 5;
  counter = (counter + 1) % 0x1000000;
  const seconds = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
  return PROCESS_PART + seconds + counter.toString(16).padStart(6, '0') + random;
}

let requestCounter = 0;
export function newRequestId(): string {
  requestCounter = (requestCounter + 1) % 1e9;
  return `local-${PROCESS_PART}-${requestCounter}`;
}
