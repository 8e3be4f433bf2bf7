/** Update semantics of database.modifyDocument / modifyAndReturnDoc, on top of mingo's updater. */
import { updateMany } from 'mingo';
import { deepClone, Doc, isPlainObject, newDocId, sameValue } from './codec';
import { DbError, invalidParam } from './errors';
import { Filter } from './query';

const UPDATE_OPERATORS = new Set([
  '$set', '$unset', '$inc', '$mul', '$min', '$max', '$rename', '$currentDate', '$bit',
  '$push', '$pull', '$pullAll', '$addToSet', '$pop',
]);

/**
 * CloudBase refuses field names starting with `$` in what it stores (MongoDB before 5.0, which it
 * runs: "Document can't have $ prefixed field names"; the node-sdk's own CRUD test keeps `$key`
 * commented out of the document it inserts, test/database/index.test.ts). Checked at any depth,
 * on insert, set and in the values an update writes.
 */
export function assertStorableFields(value: unknown, path = ''): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertStorableFields(v, `${path}.${i}`));
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, v] of Object.entries(value)) {
    if (key.startsWith('$')) {
      throw new DbError('DATABASE_REQUEST_FAILED', `Document can't have $ prefixed field names: ${key}`);
    }
    assertStorableFields(v, path ? `${path}.${key}` : key);
  }
}

/** A path an update writes: segments may be `$` / `$[]` / `$[id]` (positional), never other `$` names. */
function assertStorablePath(path: string): void {
  for (const seg of path.split('.')) {
    if (seg.startsWith('$') && seg !== '$' && !/^\$\[[A-Za-z0-9]*\]$/.test(seg)) {
      throw new DbError('DATABASE_REQUEST_FAILED', `The dollar ($) prefixed field '${seg}' in '${path}' is not valid for storage.`);
    }
  }
}

/** Operators whose values end up stored as given. */
const WRITES_VALUES = new Set(['$set', '$min', '$max', '$push', '$addToSet']);

/** `merge: true` data: operators as sent (the SDK flattens plain fields into $set already). */
function toModifier(data: Doc): Record<string, Record<string, unknown>> {
  const modifier: Record<string, Record<string, unknown>> = {};
  for (const [key, value] of Object.entries(data)) {
    if (!key.startsWith('$')) {
      // Plain fields (raw callers): treat like the SDK would, as a $set.
      (modifier.$set ??= {})[key] = value;
    } else if (!UPDATE_OPERATORS.has(key) || !isPlainObject(value)) {
      throw invalidParam(`unsupported update operator ${key}`);
    } else {
      modifier[key] = { ...(modifier[key] ?? {}), ...value };
    }
  }
  for (const [op, fields] of Object.entries(modifier)) {
    if (!WRITES_VALUES.has(op)) continue;
    for (const [path, v] of Object.entries(fields)) {
      assertStorablePath(path);
      // $push / $addToSet take { $each, $position, $slice, $sort }: the stored values are $each's
      const each = (op === '$push' || op === '$addToSet') && isPlainObject(v) && '$each' in v ? v.$each : v;
      assertStorableFields(each, path);
    }
  }
  return modifier;
}

function replacement(current: Doc | null, data: Doc, id: unknown): Doc {
  for (const key of Object.keys(data)) {
    if (key.startsWith('$')) throw invalidParam('a replacement document cannot contain update operators');
  }
  assertStorableFields(data);
  const { _id: _ignored, ...fields } = deepClone(data);
  return { _id: current ? current._id : id, ...fields };
}

/** Applies the update to `docs` in place (one mingo call for the whole batch). */
function applyModifier(docs: Doc[], data: Doc): void {
  const modifier = toModifier(data);
  try {
    // cloneMode deep: values from one request may be written into many documents.
    updateMany(docs, {}, modifier, { cloneMode: 'deep' });
  } catch (err) {
    throw new DbError('DATABASE_REQUEST_FAILED', `update failed: ${(err as Error).message}`);
  }
}

/**
 * The new state of each of `currents` after the update, or null where nothing changes: `updated`
 * counts modified documents, not matched ones. `currents` are never mutated (stored docs are shared).
 */
export function modifyDocs(currents: Doc[], data: Doc, merge: boolean): (Doc | null)[] {
  let nexts: Doc[];
  if (merge) {
    nexts = currents.map((d) => deepClone(d));
    applyModifier(nexts, data);
  } else {
    nexts = currents.map((d) => replacement(d, data, d._id));
  }
  return nexts.map((next, i) => {
    if (!sameValue(next._id, currents[i]._id)) throw invalidParam('不能更新_id的值 (_id cannot be updated)');
    return sameValue(next, currents[i]) ? null : next;
  });
}

export function modifyDoc(current: Doc, data: Doc, merge: boolean): Doc | null {
  return modifyDocs([current], data, merge)[0];
}

/** The document an upsert creates when nothing matched: the query's equality fields + the update. */
export function upsertDoc(query: Filter | undefined, data: Doc, merge: boolean): Doc {
  const id = query && (typeof query._id === 'string' || typeof query._id === 'number') ? query._id : newDocId();
  if (!merge) return replacement(null, data, id);
  const base: Doc = {};
  for (const [key, value] of Object.entries(query ?? {})) {
    if (key.startsWith('$') || key.includes('.')) continue;
    if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))) continue;
    base[key] = deepClone(value);
  }
  base._id = id;
  applyModifier([base], data);
  if (!sameValue(base._id, id)) throw invalidParam('不能更新_id的值 (_id cannot be updated)');
  return base;
}
