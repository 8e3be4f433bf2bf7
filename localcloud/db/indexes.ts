/**
 * The declared indexes of a local cloud (src/server/indexes.ts), enforced as CloudBase would:
 *
 * - Unique indexes refuse a write that would give two documents the same key, with the error the
 *   service answers for a duplicate index key: code `DATABASE_DUPLICATE_WRITE` ("Database write
 *   failed, index key duplicate", docs.cloudbase.net/error-code/DATABASE_DUPLICATE_WRITE) and
 *   MongoDB's E11000 text. A missing field counts as null (MongoDB's rule for non-sparse indexes).
 * - Every query a request makes is checked against the declared indexes once its collection holds
 *   more than UNINDEXED_SCAN_THRESHOLD documents. A query the indexes cannot serve would be a
 *   collection scan in CloudBase: it is logged, recorded, and in `fail` mode (the default under
 *   jest) answered with the error `LOCALCLOUD_UNINDEXED_QUERY`, so the test that ran it fails.
 *
 * The rule ("served"), kept deliberately simple:
 * - a doc(id) request, or a filter that pins `_id` to values (equality or $in), is served;
 * - an empty filter without a sort is served (a walk that stops at the page);
 * - a filter without a sort is served when some index's first key is constrained by the filter
 *   with equality ($eq, a plain value, $in) or a range ($gt, $gte, $lt, $lte, an anchored
 *   RegExp), at the top level or inside a top-level $and;
 * - a sorted query is served when some index's keys are: zero or more keys the filter pins with
 *   equality (or $in), then exactly the sort's keys in the sort's order, all in the index's
 *   directions or all reversed; and either that equality prefix is not empty, or the filter is
 *   empty, or the first sort key is itself constrained by the filter; or else the filter is a
 *   prefix search (an anchored RegExp, e.g. a name typed into a search box) on an index's leading
 *   key, whose few matches are sorted in memory;
 * - $or is served when every branch is (together with the constraints beside the $or);
 * - an aggregation is checked on its leading $match stages (and a $sort right after them), and
 *   each $lookup needs an index led by its foreignField in the joined collection (or _id);
 * - `_id` is always indexed (`_id_`).
 * Conditions on other fields (residual filters) never make a served query unserved.
 */
import { decodeParam, Doc, IdKey, idKey, isPlainObject } from './codec';
import { DbError } from './errors';
import type { Change, DocumentStore } from './store';

/** Collections larger than this must be queried through an index ("a few thousand documents"). */
export const UNINDEXED_SCAN_THRESHOLD = 3000;

export type IndexDirection = 1 | -1;

export interface IndexSpec {
  collection: string;
  /** Field paths in order, with their direction. */
  keys: Record<string, IndexDirection>;
  unique?: boolean;
  name?: string;
}

export type UnindexedMode = 'fail' | 'log' | 'off';

export interface UnindexedQuery {
  collection: string;
  action: string;
  filter: string;
  order: string;
  documents: number;
}

export const UNINDEXED_CODE = 'LOCALCLOUD_UNINDEXED_QUERY';

export function indexName(spec: IndexSpec): string {
  return spec.name ?? Object.entries(spec.keys).map(([k, d]) => `${k}_${d}`).join('_');
}

type Constraint = 'eq' | 'range' | 'other';
type Constraints = Map<string, Constraint>;

const RANGE_OPS = new Set(['$gt', '$gte', '$lt', '$lte']);
const EQ_OPS = new Set(['$eq', '$in']);

/** A RegExp, or the BSONRegExp the SDK's db.RegExp decodes to: its pattern. */
function regexSource(value: unknown): string | null {
  if (value instanceof RegExp) return value.source;
  const v = value as { _bsontype?: string; pattern?: unknown };
  return v && typeof v === 'object' && v._bsontype === 'BSONRegExp' && typeof v.pattern === 'string' ? v.pattern : null;
}

const isPrefixSearch = (value: unknown): boolean => regexSource(value)?.startsWith('^') ?? false;

function constraintOf(value: unknown): Constraint {
  const source = regexSource(value);
  if (source !== null) return source.startsWith('^') ? 'range' : 'other';
  if (!isPlainObject(value)) return 'eq'; // scalar, Date, array, null
  const keys = Object.keys(value);
  if (keys.length === 0 || !keys.every((k) => k.startsWith('$'))) return 'eq'; // a whole sub-document
  if (keys.every((k) => EQ_OPS.has(k))) return 'eq';
  if (keys.some((k) => RANGE_OPS.has(k) || EQ_OPS.has(k))) return 'range';
  return 'other';
}

function merge(into: Constraints, field: string, c: Constraint): void {
  const rank = { eq: 2, range: 1, other: 0 } as const;
  const prev = into.get(field);
  if (!prev || rank[c] > rank[prev]) into.set(field, c);
}

/** Constraints of a filter's top level and top-level $and; $or branches come back apart. */
function collect(filter: Doc, into: Constraints, ors: Doc[][], prefix = ''): void {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const sub of value) if (isPlainObject(sub)) collect(sub, into, ors, prefix);
    } else if (key === '$or' && Array.isArray(value)) {
      ors.push(value.filter(isPlainObject));
    } else if (key.startsWith('$')) {
      continue; // $nor, $expr, $text...: no index use
    } else if (isPlainObject(value) && Object.keys(value).length > 0 && !Object.keys(value).some((k) => k.startsWith('$'))) {
      collect(value, into, ors, `${prefix}${key}.`); // nested object: the SDK's flattened dotted paths
    } else {
      merge(into, `${prefix}${key}`, constraintOf(value));
    }
  }
}

function pinsId(filter: Doc): boolean {
  const v = filter._id;
  if (v !== undefined) {
    if (!isPlainObject(v)) return true;
    const keys = Object.keys(v);
    return keys.length > 0 && keys.every((k) => EQ_OPS.has(k));
  }
  return Array.isArray(filter.$and) && filter.$and.some((s) => isPlainObject(s) && pinsId(s));
}

const ID_INDEX: IndexSpec = { collection: '*', keys: { _id: 1 }, name: '_id_' };

function sortServedBy(index: IndexSpec, c: Constraints, order: [string, number][], filterEmpty: boolean): boolean {
  const keys = Object.entries(index.keys);
  const sortFields = new Set(order.map(([f]) => f));
  let i = 0;
  while (i < keys.length && !sortFields.has(keys[i][0]) && c.get(keys[i][0]) === 'eq') i++;
  if (keys.length - i < order.length) return false;
  let same = true;
  let reversed = true;
  for (let j = 0; j < order.length; j++) {
    const [field, dir] = keys[i + j];
    if (field !== order[j][0]) return false;
    if (dir !== order[j][1]) same = false;
    else reversed = false;
  }
  if (!same && !reversed) return false;
  return i > 0 || filterEmpty || c.has(order[0][0]) && c.get(order[0][0]) !== 'other';
}

function servedBy(indexes: IndexSpec[], c: Constraints, order: [string, number][], filterEmpty: boolean, prefixFields: Set<string>): boolean {
  if (order.length === 0) {
    if (filterEmpty) return true;
    return indexes.some((ix) => {
      const first = Object.keys(ix.keys)[0];
      const k = c.get(first);
      return k === 'eq' || k === 'range';
    });
  }
  if (indexes.some((ix) => sortServedBy(ix, c, order, filterEmpty))) return true;
  // a prefix search (anchored RegExp) on an index's leading key: few matches, sorted in memory
  return indexes.some((ix) => prefixFields.has(Object.keys(ix.keys)[0]));
}

/** Whether the declared indexes serve a filter (and optional sort) on a collection. */
export function isServed(indexes: IndexSpec[], filter: Doc | undefined, order?: Record<string, number>): boolean {
  const f = filter ?? {};
  const ord = Object.entries(order ?? {}).map(([k, v]) => [k, v < 0 ? -1 : 1] as [string, number]);
  const all = [ID_INDEX, ...indexes];
  if (pinsId(f)) return true;
  const top: Constraints = new Map();
  const ors: Doc[][] = [];
  collect(f, top, ors);
  const prefixes = new Set(Object.entries(f).filter(([, v]) => isPrefixSearch(v)).map(([k]) => k));
  if (ors.length === 0) return servedBy(all, top, ord, Object.keys(f).length === 0, prefixes);
  // every branch of every $or, each with the constraints beside it
  return ors.every((branches) =>
    branches.every((branch) => {
      if (pinsId(branch)) return true;
      const c: Constraints = new Map(top);
      const nested: Doc[][] = [];
      collect(branch, c, nested);
      return servedBy(all, c, ord, false, prefixes);
    }),
  );
}

function valueAt(doc: Doc, path: string): unknown {
  let v: unknown = doc;
  for (const part of path.split('.')) {
    if (!isPlainObject(v)) return null;
    v = (v as Doc)[part];
  }
  return v === undefined ? null : v;
}

function uniqueKeyOf(spec: IndexSpec, doc: Doc): string {
  return JSON.stringify(Object.keys(spec.keys).map((k) => valueAt(doc, k)));
}

export function duplicateKey(spec: IndexSpec, doc: Doc): DbError {
  const dup = Object.keys(spec.keys).map((k) => `${k}: ${JSON.stringify(valueAt(doc, k))}`).join(', ');
  return new DbError(
    'DATABASE_DUPLICATE_WRITE',
    `E11000 duplicate key error collection: ${spec.collection} index: ${indexName(spec)} dup key: { ${dup} }`,
  );
}

export interface IndexOptions {
  threshold?: number;
  mode?: UnindexedMode;
  log?: (line: string) => void;
}

/** The mode from LOCALCLOUD_UNINDEXED (fail | log | off); `fail` under jest, else `log`. */
export function defaultUnindexedMode(): UnindexedMode {
  const v = process.env.LOCALCLOUD_UNINDEXED;
  if (v === 'fail' || v === 'log' || v === 'off') return v;
  return process.env.JEST_WORKER_ID ? 'fail' : 'log';
}

export class IndexRegistry {
  readonly byCollection = new Map<string, IndexSpec[]>();
  readonly unindexed: UnindexedQuery[] = [];
  private readonly logged = new Set<string>();
  threshold: number;
  mode: UnindexedMode;
  log: (line: string) => void;
  /** unique index -> key -> owning document; built on first use, kept by the commit hook. */
  private readonly uniqueMaps = new Map<IndexSpec, Map<string, IdKey>>();

  constructor(
    private readonly store: DocumentStore,
    specs: readonly IndexSpec[],
    opts: IndexOptions = {},
  ) {
    for (const spec of specs) {
      const list = this.byCollection.get(spec.collection) ?? [];
      list.push(spec);
      this.byCollection.set(spec.collection, list);
    }
    this.threshold = opts.threshold ?? UNINDEXED_SCAN_THRESHOLD;
    this.mode = opts.mode ?? defaultUnindexedMode();
    this.log = opts.log ?? ((line) => console.warn(line));
  }

  indexesOf(coll: string): IndexSpec[] {
    return this.byCollection.get(coll) ?? [];
  }

  /** Checks one query; records (and in fail mode throws) when it is unserved on a large collection. */
  checkQuery(action: string, coll: string, filter: Doc | undefined, order?: Record<string, number>): void {
    if (this.mode === 'off' || !this.byCollection.has(coll) && !this.declaredCollections.has(coll)) return;
    const documents = this.store.countDocuments(coll);
    if (documents <= this.threshold) return;
    if (isServed(this.indexesOf(coll), filter, order)) return;
    const entry: UnindexedQuery = {
      collection: coll,
      action,
      filter: JSON.stringify(filter ?? {}),
      order: JSON.stringify(order ?? {}),
      documents,
    };
    this.unindexed.push(entry);
    const line = `[localcloud] unindexed query on ${coll} (${documents} documents): ${action} filter ${entry.filter} order ${entry.order} — declare an index in src/server/indexes.ts`;
    const shape = `${coll} ${action} ${entry.filter} ${entry.order}`;
    if (!this.logged.has(shape)) this.log(line); // each query once (recorded every time)
    this.logged.add(shape);
    if (this.mode === 'fail') throw new DbError(UNINDEXED_CODE, line);
  }

  /** Collections whose queries are checked: the declared ones, even those without an index. */
  readonly declaredCollections = new Set<string>();

  /** Checks the queries of one database request as the SDK sends it. */
  checkRequest(body: Record<string, unknown>): void {
    const action = typeof body.action === 'string' ? body.action : '';
    const coll = typeof body.collectionName === 'string' ? body.collectionName : '';
    if (!coll || this.mode === 'off') return;
    const decode = (v: unknown): Doc | undefined => {
      if (v === undefined || v === null || v === '') return undefined;
      try {
        const d = decodeParam(v);
        return isPlainObject(d) ? d : undefined;
      } catch {
        return undefined; // the action itself answers the bad parameter
      }
    };
    switch (action) {
      case 'database.getDocument':
      case 'database.calculateDocument':
      case 'database.modifyDocument':
      case 'database.removeDocument':
      case 'database.modifyAndReturnDoc': {
        if (body.queryType === 'DOC') return;
        const order = action === 'database.getDocument' ? orderOf(body.order) : undefined;
        this.checkQuery(action, coll, decode(body.query), order);
        return;
      }
      case 'database.aggregateDocuments':
        this.checkPipeline(coll, body.stages);
        return;
      default:
    }
  }

  private checkPipeline(coll: string, stages: unknown): void {
    if (!Array.isArray(stages)) return;
    const decoded = stages.map((s: { stageKey?: string; stageValue?: unknown }) => {
      try {
        return { key: String(s?.stageKey ?? ''), value: decodeParam(s?.stageValue) };
      } catch {
        return { key: String(s?.stageKey ?? ''), value: undefined };
      }
    });
    if (decoded[0]?.key === '$geoNear') return; // needs a geo index: CloudBase itself refuses it without one
    const matches: Doc[] = [];
    let i = 0;
    while (i < decoded.length && decoded[i].key === '$match' && isPlainObject(decoded[i].value)) matches.push(decoded[i++].value as Doc);
    const sort = decoded[i]?.key === '$sort' && isPlainObject(decoded[i].value) ? (decoded[i].value as Record<string, number>) : undefined;
    const filter = matches.length === 0 ? undefined : matches.length === 1 ? matches[0] : { $and: matches };
    this.checkQuery('database.aggregateDocuments', coll, filter, sort);
    for (const stage of decoded) {
      if (stage.key !== '$lookup' || !isPlainObject(stage.value)) continue;
      const { from, foreignField } = stage.value as { from?: unknown; foreignField?: unknown };
      if (typeof from === 'string' && typeof foreignField === 'string') {
        this.checkQuery('database.aggregateDocuments $lookup', from, { [foreignField]: { $eq: '<each localField>' } });
      }
    }
  }

  /** Commit hook: refuses a write that breaks a unique index (the whole request writes nothing). */
  checkUnique(changes: Change[]): void {
    const touched = new Set(changes.map((ch) => ch.coll));
    for (const coll of touched) {
      const uniques = this.indexesOf(coll).filter((ix) => ix.unique);
      if (uniques.length === 0) continue;
      const mine = changes.filter((ch) => ch.coll === coll);
      const changedIds = new Set(mine.map((ch) => ch.key));
      for (const spec of uniques) {
        const map = this.uniqueMap(spec);
        const taken = new Map<string, IdKey>();
        for (const ch of mine) {
          if (!ch.doc) continue;
          const key = uniqueKeyOf(spec, ch.doc);
          const other = taken.get(key);
          if (other !== undefined && other !== ch.key) throw duplicateKey(spec, ch.doc);
          taken.set(key, ch.key);
          const owner = map.get(key);
          if (owner !== undefined && owner !== ch.key && !changedIds.has(owner)) throw duplicateKey(spec, ch.doc);
        }
      }
    }
  }

  /** Commit hook: keeps the unique maps in step with what was written. */
  applied(changes: Change[], previous: (Doc | undefined)[]): void {
    changes.forEach((ch, i) => {
      for (const spec of this.indexesOf(ch.coll)) {
        if (!spec.unique || !this.uniqueMaps.has(spec)) continue;
        const map = this.uniqueMaps.get(spec)!;
        const prev = previous[i];
        if (prev) {
          const old = uniqueKeyOf(spec, prev);
          if (map.get(old) === ch.key) map.delete(old);
        }
        if (ch.doc) map.set(uniqueKeyOf(spec, ch.doc), ch.key);
      }
    });
  }

  private uniqueMap(spec: IndexSpec): Map<string, IdKey> {
    let map = this.uniqueMaps.get(spec);
    if (!map) {
      map = new Map();
      for (const doc of this.store.docs(spec.collection)) {
        const key = uniqueKeyOf(spec, doc);
        if (map.has(key)) this.log(`[localcloud] unique index ${spec.collection}.${indexName(spec)} cannot be built: duplicate key ${key}`);
        else map.set(key, idKey(doc._id));
      }
      this.uniqueMaps.set(spec, map);
    }
    return map;
  }
}

function orderOf(value: unknown): Record<string, number> | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  let order: unknown;
  try {
    order = decodeParam(value);
  } catch {
    return undefined;
  }
  if (Array.isArray(order)) {
    const out: Record<string, number> = {};
    for (const o of order as { field: string; direction: string }[]) out[o.field] = o.direction === 'desc' ? -1 : 1;
    return out;
  }
  return isPlainObject(order) ? (order as Record<string, number>) : undefined;
}

const registries = new WeakMap<DocumentStore, IndexRegistry>();

/**
 * Creates the declared indexes on a store: unique ones are enforced on every commit from now on,
 * and every request's queries are checked (see checkRequestIndexes). `collections` are the
 * collections whose queries are checked (those without any index too).
 */
export function attachIndexes(store: DocumentStore, specs: readonly IndexSpec[], collections: readonly string[], opts: IndexOptions = {}): IndexRegistry {
  const registry = new IndexRegistry(store, specs, opts);
  for (const c of collections) registry.declaredCollections.add(c);
  registries.set(store, registry);
  store.commitHooks.push({ check: (ch) => registry.checkUnique(ch), applied: (ch, prev) => registry.applied(ch, prev) });
  return registry;
}

export function indexRegistryOf(store: DocumentStore): IndexRegistry | undefined {
  return registries.get(store);
}

/** Called once per database request (actions.ts); a no-op on a store without declared indexes. */
export function checkRequestIndexes(store: DocumentStore, body: Record<string, unknown>): void {
  registries.get(store)?.checkRequest(body);
}
