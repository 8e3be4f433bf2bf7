/**
 * The local database answers as CloudBase does where it used to differ (issue 13), through the
 * real @cloudbase/node-sdk. Each expectation is taken from CloudBase's documentation or from the
 * node-sdk's own tests, which run against the real service (TencentCloudBase/node-sdk, test/database).
 */
import { ObjectId } from 'bson';
import { DbHarness, errorCode, startDb } from './dbHarness';

let h: DbHarness;
beforeEach(async () => {
  h = await startDb();
  h.store.createCollection('items');
});
afterEach(() => h.close());

const items = () => h.db.collection('items');

describe('updated counts the matched documents, changed or not', () => {
  // node-sdk test/database/index.test.ts '验证findAndModify 更新相同值': updateAndReturn({ a: 1 })
  // on { a: 1 } answers updated === 1; test/database/unit/document.test.ts 'set data in document
  // existed' expects updated === 1 from set(). MongoDB calls this matchedCount.
  test('set() of identical data answers updated: 1', async () => {
    await items().add({ _id: 's', a: 1, o: { p: [1, 2] } });
    expect((await items().doc('s').set({ a: 1, o: { p: [1, 2] } })).updated).toBe(1);
  });

  test('update with the value already stored answers updated: 1 (doc and where)', async () => {
    await items().add([{ _id: 'u', status: 'open' }, { _id: 'v', status: 'open' }]);
    expect((await items().doc('u').update({ status: 'open' })).updated).toBe(1);
    expect((await items().where({ status: 'open' }).update({ status: 'open' })).updated).toBe(2);
    expect((await items().where({ status: 'gone' }).update({ status: 'open' })).updated).toBe(0);
  });

  test('updateAndReturn with the same value answers updated: 1 and the document', async () => {
    await items().add({ _id: 'r', a: 1 });
    const res = await items().where({ a: 1 }).updateAndReturn({ a: 1 });
    expect(res.updated).toBe(1);
    expect(res.doc).toEqual({ _id: 'r', a: 1 });
    // and nothing matched: updated 0, doc null (same test file, '验证findAndModify 更新失败')
    const none = await items().where({ a: -1 }).updateAndReturn({ a: 1 });
    expect(none.updated).toBe(0);
    expect(none.doc).toBeNull();
  });

  test('the race primitive: the state in the where gives exactly one winner, also when the value is unchanged', async () => {
    await items().add({ _id: 'slot', status: 'open', by: null });
    // every racer writes the same value; losers no longer match the guarded state
    const results = await Promise.all(
      Array.from({ length: 10 }, () => items().where({ _id: 'slot', status: 'open' }).update({ status: 'claimed' })),
    );
    expect(results.filter((r) => r.updated === 1)).toHaveLength(1);
  });
});

describe('$elemMatch over arrays of documents', () => {
  // MongoDB "$elemMatch (query)": matches documents that contain an array field with at least one
  // element matching all the criteria; with field criteria the element must be a document.
  test('does not match plain values in the array', async () => {
    const _ = h.db.command;
    await items().add([
      { _id: 'docs', arr: [{ a: 1, b: 2 }] },
      { _id: 'numbers', arr: [1, 2, 3] },
      { _id: 'strings', arr: ['x'] },
      { _id: 'other', arr: [{ a: 2 }] },
    ]);
    const ids = async (q: object) => (await items().where(q).get()).data.map((d: { _id: string }) => d._id).sort();
    expect(await ids({ arr: _.elemMatch({ a: 1 }) })).toEqual(['docs']);
    expect(await ids({ arr: _.elemMatch({ a: _.neq(2) }) })).toEqual(['docs']);
    // the value form still tests the values themselves
    expect(await ids({ arr: _.elemMatch(_.gt(2)) })).toEqual(['numbers']);
  });
});

describe('field names starting with $', () => {
  // MongoDB before 5.0 (CloudBase): "Document can't have $ prefixed field names"; the node-sdk's
  // CRUD test keeps `$key` out of the document it inserts (test/database/index.test.ts, '// $key').
  test('are refused on insert, at any depth, and nothing is written', async () => {
    const res = await h.db.collection('items').options({ raw: true } as never).where({}).get();
    expect(res.data).toEqual([]);
    for (const doc of [{ $key: 1 }, { a: { $b: 1 } }, { list: [{ $c: 1 }] }]) {
      expect(await errorCode(rawInsert(doc))).toBe('DATABASE_REQUEST_FAILED');
    }
    expect((await items().count()).total).toBe(0);
  });

  test('are refused in what an update or set writes', async () => {
    await items().add({ _id: 'x', a: 1 });
    expect(await errorCode(rawModify({ _id: 'x' }, { $set: { $bad: 1 } }))).toBe('DATABASE_REQUEST_FAILED');
    expect(await errorCode(rawModify({ _id: 'x' }, { $set: { o: { $bad: 1 } } }))).toBe('DATABASE_REQUEST_FAILED');
    expect(await errorCode(rawModify({ _id: 'x' }, { o: { $bad: 1 } }, false))).toBe('DATABASE_REQUEST_FAILED');
    // operators and positional paths stay fine
    await items().doc('x').update({ list: h.db.command.push([1, 2]) });
    expect((await items().doc('x').get()).data[0]).toEqual({ _id: 'x', a: 1, list: [1, 2] });
  });
});

describe('ObjectId values', () => {
  // node-sdk test/database/unit/oid.test.ts: a non-_id field written as db.ObjectId({ id }) comes
  // back as the 24-hex string (getRes.data[0].a === objId); an ObjectId _id is answered as its string.
  test('come back as their hex string, in every field and from every read', async () => {
    const a = new ObjectId().toHexString();
    const b = new ObjectId().toHexString();
    const db = h.db as unknown as { ObjectId(o: { id: string }): unknown };
    const added = await items().add({ _id: db.ObjectId({ id: a }), ref: db.ObjectId({ id: b }), list: [db.ObjectId({ id: b })] });
    expect(added.id).toBe(a);
    const got = await items().where({ ref: db.ObjectId({ id: b }) }).get();
    expect(got.data).toEqual([{ _id: a, ref: b, list: [b] }]);
    const agg = await items().aggregate().match({ ref: db.ObjectId({ id: b }) }).end();
    expect(agg.data).toEqual([{ _id: a, ref: b, list: [b] }]);
    const ret = await items().where({ ref: db.ObjectId({ id: b }) }).updateAndReturn({ n: 1 });
    expect(ret.doc).toEqual({ _id: a, ref: b, list: [b], n: 1 });
  });
});

describe('aggregation expressions as MongoDB (CloudBase) computes them', () => {
  const one = async (expr: object) => (await items().aggregate().project({ _id: 0, v: expr }).end()).data[0].v;

  beforeEach(async () => {
    await items().add({ _id: 'e', s: 'héllo wörld', d: new Date('2023-01-01T12:00:00Z') });
  });

  test('$indexOfCP counts code points', async () => {
    // MongoDB "$indexOfCP": UTF-8 code point index of the first occurrence, -1 when absent
    const $ = h.db.command.aggregate;
    expect(await one($.indexOfCP(['$s', 'w']))).toBe(6);
    expect(await one($.indexOfCP(['$s', 'z']))).toBe(-1);
    expect(await one($.indexOfCP(['$s', 'l', 4]))).toBe(9);
  });

  test('$substr / $substrBytes with a length of -1 return the rest of the string', async () => {
    // MongoDB "$substrBytes": a negative byte count returns the rest of the string from the start
    // index; $substr is its deprecated alias (byte offsets: 'é' is two bytes)
    const $ = h.db.command.aggregate;
    expect(await one($.substrBytes(['$s', 0, -1]))).toBe('héllo wörld');
    expect(await one($.substrBytes(['$s', 3, -1]))).toBe('llo wörld');
    expect(await one({ $substr: ['$s', 1, -1] })).toBe('éllo wörld');
    expect(await one($.substrBytes(['$s', 0, 3]))).toBe('hé');
  });

  test('$week: weeks start on Sunday, days before the first Sunday are week 0', async () => {
    // MongoDB "$week": 0..53, "the same as the %U operator to the strftime standard library function"
    const $ = h.db.command.aggregate;
    const weeks: Record<string, number> = {
      '2023-01-01': 1, // a Sunday: week 1 starts
      '2023-01-07': 1,
      '2023-01-08': 2,
      '2024-01-01': 0, // Monday before the first Sunday
      '2024-01-06': 0,
      '2024-01-07': 1,
      '2024-12-31': 52,
      '2021-01-03': 1,
      '2020-12-31': 52,
    };
    await items().add(Object.keys(weeks).map((day) => ({ day, d: new Date(`${day}T12:00:00Z`) })));
    const got = await items().aggregate().match({ day: h.db.command.exists(true) }).project({ _id: 0, day: 1, w: $.week('$d') }).end();
    expect(Object.fromEntries(got.data.map((r: { day: string; w: number }) => [r.day, r.w]))).toEqual(weeks);
    // with a time zone: 2023-01-07T20:00Z is Sunday 8 January in Shanghai
    expect(await one({ $week: { date: new Date('2023-01-07T20:00:00Z'), timezone: 'Asia/Shanghai' } })).toBe(2);
  });

  test('$jsonSchema in a query and in $match', async () => {
    // MongoDB "$jsonSchema": JSON Schema draft 4 keywords plus bsonType
    await items().add([{ _id: 'n1', name: 'a', age: 30 }, { _id: 'n2', name: 'b', age: 'x' }, { _id: 'n3', age: 3 }]);
    const schema = { required: ['name', 'age'], properties: { name: { bsonType: 'string' }, age: { bsonType: 'int', minimum: 18 } } };
    const agg = await items().aggregate().match({ $jsonSchema: schema }).end();
    expect(agg.data.map((d: { _id: string }) => d._id)).toEqual(['n1']);
    const q = await items().options({ raw: true } as never).where({ $jsonSchema: { required: ['s'] } }).get();
    expect(q.data.map((d: { _id: string }) => d._id)).toEqual(['e']);
  });
});

/** The SDK validates insert data itself in a few places; the raw action shows what the server says. */
async function rawInsert(doc: object): Promise<unknown> {
  return raw({ action: 'database.insertDocument', collectionName: 'items', data: [JSON.stringify(doc)] });
}

async function rawModify(query: object, data: object, merge = true): Promise<unknown> {
  return raw({ action: 'database.modifyDocument', collectionName: 'items', queryType: 'WHERE', query: JSON.stringify(query), data: JSON.stringify(data), multi: false, merge, upsert: false });
}

async function raw(body: Record<string, unknown>): Promise<unknown> {
  const res = (await (await fetch(h.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as { code?: string };
  if (res.code) throw res;
  return res;
}
