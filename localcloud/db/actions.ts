/**
 * The database actions of the CloudBase HTTP API as @cloudbase/node-sdk 3.x sends them (body:
 * `action` + parameters, EJSON strings for query / data / order / projection). Answers are always
 * HTTP 200: `{ requestId, data }` on success, `{ code, message, requestId }` on error.
 *
 * Each attempt of a request runs synchronously (no await), so it is atomic with respect to every
 * other request: a conditional where(...).update(...) raced by many callers modifies once. A write
 * outside transactions that meets a document locked by a transaction waits and is attempted again.
 */
import { decodeParam, Doc, idKey, isPlainObject, newDocId, newRequestId, plainObjectIds, toResponse } from './codec';
import { collectionNotExist, DbError, invalidParam } from './errors';
import { Filter, countDocs, findDocs, matchDocs, project } from './query';
import { Change, DocView, DocumentStore, duplicateId } from './store';
import { assertStorableFields, modifyDoc, modifyDocs, upsertDoc } from './update';
import { runAggregate, toPipeline } from './aggregate';
import { Blocked } from './transactions';
import { checkRequestIndexes } from './indexes';

type Body = Record<string, unknown>;
type Result = Record<string, unknown>;

/** Where a request reads and writes: committed state, or its transaction. */
interface Ctx {
  view: DocView;
  write(changes: Change[]): void;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

function withCtx<T>(store: DocumentStore, body: Body, fn: (ctx: Ctx) => T): T {
  const txId = body.transactionId;
  if (typeof txId === 'string' && txId !== '') {
    return store.transactions.run(txId, (tx) => fn({ view: tx, write: (ch) => tx.stage(ch) }));
  }
  // Outside transactions: a write to a document a transaction has locked waits for it (Blocked).
  return fn({
    view: store,
    write: (ch) => {
      store.transactions.assertUnlocked(ch);
      store.commit(ch);
    },
  });
}

function collectionOf(view: DocView, body: Body): string {
  const name = body.collectionName;
  if (typeof name !== 'string' || name === '') throw invalidParam('collectionName is required');
  if (!view.hasCollection(name)) throw collectionNotExist(name);
  return name;
}

function objectParam(value: unknown, what: string, now?: number): Doc {
  const decoded = decodeParam(value, now);
  if (!isPlainObject(decoded)) throw invalidParam(`${what} must be an object`);
  return decoded;
}

function filterParam(value: unknown): Filter | undefined {
  return value === undefined || value === null || value === '' ? undefined : objectParam(value, 'query');
}

/** orderBy arrives as `{ field: 1 | -1, ... }`; older SDKs sent `[{ field, direction }]`. */
function orderParam(value: unknown): Record<string, number> | undefined {
  const order = value === undefined || value === null ? undefined : decodeParam(value);
  if (Array.isArray(order)) {
    const out: Record<string, number> = {};
    for (const o of order as { field: string; direction: string }[]) out[o.field] = o.direction === 'desc' ? -1 : 1;
    return out;
  }
  return isPlainObject(order) ? (order as Record<string, number>) : undefined;
}

function clampLimit(value: unknown): number {
  const n = Math.floor(Number(value));
  return n > 0 ? Math.min(n, MAX_LIMIT) : DEFAULT_LIMIT;
}

const handlers: Record<string, (store: DocumentStore, body: Body) => Result> = {
  'database.addCollection': (store, body) => {
    const name = body.collectionName;
    if (typeof name !== 'string' || name === '') throw invalidParam('collectionName is required');
    if (!store.createCollection(name)) {
      throw new DbError('DATABASE_COLLECTION_ALREADY_EXIST', `[ResourceUnavailable.ResourceExist] Table exist: ${name}`);
    }
    return { data: {} };
  },

  'database.insertDocument': (store, body) =>
    withCtx(store, body, (ctx) => {
      const coll = collectionOf(ctx.view, body);
      const now = Date.now();
      const items = Array.isArray(body.data) ? body.data : [body.data];
      const seen = new Set<string | number>();
      const changes: Change[] = items.map((item) => {
        const doc = objectParam(item, 'data', now);
        assertStorableFields(doc);
        if (doc._id === undefined || doc._id === null) doc._id = newDocId();
        const key = idKey(doc._id);
        if (seen.has(key) || ctx.view.getDoc(coll, doc._id)) throw duplicateId(coll, doc._id);
        seen.add(key);
        return { coll, key, doc };
      });
      ctx.write(changes);
      return { data: { insertedIds: changes.map((ch) => plainObjectIds(ch.doc!._id)) } };
    }),

  'database.getDocument': (store, body) =>
    withCtx(store, body, (ctx) => {
      const coll = collectionOf(ctx.view, body);
      const limit = clampLimit(body.limit);
      const offset = Math.max(0, Math.floor(Number(body.offset) || 0));
      const docs = findDocs(ctx.view, coll, filterParam(body.query), { order: orderParam(body.order), offset, limit });
      const projection = body.projection ? objectParam(body.projection, 'projection') : undefined;
      return { data: { list: project(docs, projection).map(toResponse), limit, offset } };
    }),

  'database.calculateDocument': (store, body) =>
    withCtx(store, body, (ctx) => ({
      data: { total: countDocs(ctx.view, collectionOf(ctx.view, body), filterParam(body.query)) },
    })),

  'database.modifyDocument': (store, body) =>
    withCtx(store, body, (ctx) => {
      const coll = collectionOf(ctx.view, body);
      const query = filterParam(body.query);
      const data = objectParam(body.data, 'data');
      const merge = body.merge !== false;
      const matched = matchDocs(ctx.view, coll, query, body.multi === true ? Infinity : 1);
      const changes: Change[] = [];
      modifyDocs(matched, data, merge).forEach((next, i) => {
        if (next) changes.push({ coll, key: idKey(matched[i]._id), doc: next });
      });
      let upsertId: unknown;
      if (matched.length === 0 && body.upsert === true) {
        const doc = upsertDoc(query, data, merge);
        if (ctx.view.getDoc(coll, doc._id)) throw duplicateId(coll, doc._id);
        changes.push({ coll, key: idKey(doc._id), doc });
        upsertId = doc._id;
      }
      ctx.write(changes);
      // CloudBase counts the matched documents, changed or not (MongoDB's matchedCount): the
      // node-sdk's tests against the real service expect updated: 1 for a write of the same value.
      return { data: { updated: upsertId === undefined ? matched.length : 0, upsert_id: plainObjectIds(upsertId) } };
    }),

  'database.removeDocument': (store, body) =>
    withCtx(store, body, (ctx) => {
      const coll = collectionOf(ctx.view, body);
      const matched = matchDocs(ctx.view, coll, filterParam(body.query), body.multi === true ? Infinity : 1);
      ctx.write(matched.map((doc) => ({ coll, key: idKey(doc._id), doc: null })));
      return { data: { deleted: matched.length } };
    }),

  'database.modifyAndReturnDoc': (store, body) =>
    withCtx(store, body, (ctx) => {
      const coll = collectionOf(ctx.view, body);
      const data = objectParam(body.data, 'data');
      const [doc] = matchDocs(ctx.view, coll, filterParam(body.query), 1);
      if (!doc) return { data: { updated: 0, doc: null } };
      const next = modifyDoc(doc, data, true);
      if (next) ctx.write([{ coll, key: idKey(doc._id), doc: next }]);
      // matched counts, as for modifyDocument (node-sdk test '验证findAndModify 更新相同值': updated 1)
      return { data: { updated: 1, doc: toResponse(next ?? doc) } };
    }),

  'database.aggregateDocuments': (store, body) =>
    withCtx(store, body, (ctx) => {
      const coll = collectionOf(ctx.view, body);
      return { data: { list: runAggregate(ctx.view, coll, toPipeline(body.stages)).map(toResponse) } };
    }),

  'database.startTransaction': (store) => ({ transactionId: store.transactions.start() }),

  'database.commitTransaction': (store, body) => {
    store.transactions.commit(String(body.transactionId ?? ''));
    return {};
  },

  'database.abortTransaction': (store, body) => {
    store.transactions.abort(String(body.transactionId ?? ''));
    return {};
  },
};

/** One synchronous attempt: the answer, or Blocked when a transaction holds a document it writes. */
function attempt(store: DocumentStore, body: Body, requestId: string): Result | Blocked {
  try {
    store.transactions.sweep();
    const action = typeof body?.action === 'string' ? body.action : '';
    const handler = Object.prototype.hasOwnProperty.call(handlers, action) ? handlers[action] : undefined;
    if (!handler) throw new DbError('INVALID_ACTION', `unsupported database action: ${action || '(none)'}`);
    checkRequestIndexes(store, body); // declared indexes: unindexed queries on large collections
    return { ...handler(store, body), requestId };
  } catch (err) {
    if (err instanceof Blocked) return err;
    if (err instanceof DbError) return { code: err.code, message: err.message, requestId };
    return { code: 'DATABASE_REQUEST_FAILED', message: (err as Error)?.message ?? String(err), requestId };
  }
}

/**
 * Runs one action. A write outside transactions to a document a transaction has written waits
 * until that transaction ends, then runs again on what is committed (MongoDB: "the write waits
 * until the transaction ends").
 */
export async function handleDatabaseAction(store: DocumentStore, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const requestId = newRequestId();
  for (;;) {
    const res = attempt(store, body, requestId);
    if (!(res instanceof Blocked)) return res;
    await store.transactions.waitFor(res.by);
  }
}
