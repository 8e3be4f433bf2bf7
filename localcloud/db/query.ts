/**
 * Query evaluation over a DocView with mingo's Mongo semantics. Documents are matched by reference
 * (no cloning); queries pinned to _id values use Map lookups instead of a scan.
 */
import { Doc, isPlainObject } from './codec';
import { DbError } from './errors';
import { nearDistances, nearField } from './geo';
import { Aggregator, Query } from './mingo';
import { DocView } from './store';

export type Filter = Record<string, unknown>;

export interface FindOptions {
  order?: Record<string, number>;
  offset?: number;
  limit?: number;
}

const isIdValue = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';

/** The _id values a query is restricted to, when its top level (or a top-level $and) says so. */
function idCandidates(query: Filter): unknown[] | null {
  const v = query._id;
  if (v === undefined) {
    if (!Array.isArray(query.$and)) return null;
    for (const sub of query.$and) {
      const ids = isPlainObject(sub) ? idCandidates(sub) : null;
      if (ids) return ids;
    }
    return null;
  }
  if (isIdValue(v)) return [v];
  if (isPlainObject(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '$eq' && isIdValue(v.$eq)) return [v.$eq];
    if (keys.length === 1 && keys[0] === '$in' && Array.isArray(v.$in) && v.$in.every(isIdValue)) {
      return [...new Set(v.$in)];
    }
  }
  return null;
}

/** Compiles a filter once per request; null means "matches everything". */
export function compileFilter(query: Filter | undefined): ((doc: Doc) => boolean) | null {
  if (!query || Object.keys(query).length === 0) return null;
  let compiled: Query;
  try {
    compiled = new Query(query);
  } catch (err) {
    throw new DbError('INVALID_PARAM', `invalid query: ${(err as Error).message}`);
  }
  return (doc) => compiled.test(doc);
}

/** Matching documents of `coll` in natural order, stopping after `max` matches. */
export function matchDocs(view: DocView, coll: string, query: Filter | undefined, max = Infinity): Doc[] {
  const out: Doc[] = [];
  if (max <= 0) return out;
  const test = compileFilter(query);
  const ids = query ? idCandidates(query) : null;
  const source: Iterable<Doc> = ids
    ? ids.map((id) => view.getDoc(coll, id)).filter((d): d is Doc => d !== undefined)
    : view.docs(coll);
  for (const doc of source) {
    if (test && !test(doc)) continue;
    out.push(doc);
    if (out.length >= max) break;
  }
  return out;
}

export function countDocs(view: DocView, coll: string, query: Filter | undefined): number {
  const test = compileFilter(query);
  const ids = query ? idCandidates(query) : null;
  if (!test && !ids) {
    let n = 0;
    for (const _ of view.docs(coll)) n++;
    return n;
  }
  return matchDocs(view, coll, query).length;
}

/** where / orderBy (several fields) / skip / limit. Returns stored documents: do not mutate. */
export function findDocs(view: DocView, coll: string, query: Filter | undefined, opts: FindOptions): Doc[] {
  const offset = Math.max(0, Math.floor(opts.offset ?? 0));
  const limit = opts.limit ?? Infinity;
  const noOrder = !opts.order || Object.keys(opts.order).length === 0;
  if (noOrder && nearField(query)) {
    // $nearSphere (db.command.geoNear): nearest first
    const matched = matchDocs(view, coll, query);
    const d = (doc: Doc) => nearDistances.get(doc) ?? Infinity;
    return matched.sort((a, b) => d(a) - d(b)).slice(offset, offset + limit);
  }
  if (noOrder) {
    // Natural order: stop scanning as soon as the page is full.
    return matchDocs(view, coll, query, offset + limit).slice(offset);
  }
  const matched = matchDocs(view, coll, query);
  let sorted: Doc[];
  try {
    sorted = new Aggregator([{ $sort: opts.order }]).run(matched) as Doc[];
  } catch (err) {
    throw new DbError('INVALID_PARAM', `invalid orderBy: ${(err as Error).message}`);
  }
  return sorted.slice(offset, offset + limit);
}

/** Applies a find-style projection (field(...)); returns new objects. */
export function project(docs: Doc[], projection: Filter | undefined): Doc[] {
  if (!projection || Object.keys(projection).length === 0 || docs.length === 0) return docs;
  try {
    return new Query({}).find<Doc>(docs, projection).all();
  } catch (err) {
    throw new DbError('INVALID_PARAM', `invalid projection: ${(err as Error).message}`);
  }
}
