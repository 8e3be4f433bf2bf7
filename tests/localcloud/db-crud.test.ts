/** The database emulator through the real @cloudbase/node-sdk: CRUD, operators, queries, aggregate. */
import { handleDatabaseAction } from '../../localcloud/db/actions';
import { DbHarness, errorCode, startDb } from './dbHarness';

let h: DbHarness;
beforeEach(async () => {
  h = await startDb();
  h.store.createCollection('items');
  h.store.createCollection('owners');
});
afterEach(() => h.close());

const items = () => h.db.collection('items');

test('add, doc get/update/set/remove and counts', async () => {
  const { id } = await items().add({ name: 'a', n: 1 });
  expect(id).toMatch(/^[0-9a-f]{32}$/);
  const { ids } = await items().add([{ name: 'b', n: 2 }, { _id: 'fixed', name: 'c', n: 3 }]);
  expect(ids).toHaveLength(2);
  expect(ids![1]).toBe('fixed');

  expect((await items().doc(id!).get()).data).toEqual([{ _id: id, name: 'a', n: 1 }]);
  expect((await items().doc('missing').get()).data).toEqual([]);
  expect((await items().count()).total).toBe(3);
  expect((await items().where({ n: h.db.command.gte(2) }).count()).total).toBe(2);

  expect((await items().doc(id!).update({ n: 10 })).updated).toBe(1);
  expect((await items().doc('missing').update({ n: 10 })).updated).toBe(0);

  // set replaces the whole document (keeps _id) and upserts a missing one
  expect((await items().doc('fixed').set({ other: true })).updated).toBe(1);
  expect((await items().doc('fixed').get()).data[0]).toEqual({ _id: 'fixed', other: true });
  const upserted = await items().doc('new-one').set({ name: 'z' });
  expect(upserted.upsertedId).toBe('new-one');
  expect((await items().doc('new-one').get()).data[0]).toEqual({ _id: 'new-one', name: 'z' });

  expect((await items().doc(id!).remove()).deleted).toBe(1);
  expect((await items().doc(id!).remove()).deleted).toBe(0);
  expect((await items().count()).total).toBe(3);
  expect((await items().where({ name: h.db.command.exists(true) }).remove()).deleted).toBe(2);
  expect((await items().count()).total).toBe(1);
});

test('duplicate _id on insert is an error and inserts nothing', async () => {
  await items().add({ _id: 'dup', v: 1 });
  expect(await errorCode(items().add({ _id: 'dup', v: 2 }))).toBe('DATABASE_DUPLICATE_WRITE');
  expect(await errorCode(items().add([{ _id: 'x1' }, { _id: 'x1' }]))).toBe('DATABASE_DUPLICATE_WRITE');
  expect((await items().count()).total).toBe(1);
  expect((await items().doc('dup').get()).data[0].v).toBe(1);
});

test('a missing collection is an error; createCollection creates it once', async () => {
  expect(await errorCode(h.db.collection('nope').get())).toBe('DATABASE_COLLECTION_NOT_EXIST');
  expect(await errorCode(h.db.collection('nope').add({ a: 1 }))).toBe('DATABASE_COLLECTION_NOT_EXIST');
  expect(await errorCode(h.db.collection('nope').doc('x').update({ a: 1 }))).toBe('DATABASE_COLLECTION_NOT_EXIST');
  expect(await errorCode(h.db.collection('nope').count())).toBe('DATABASE_COLLECTION_NOT_EXIST');
  await h.db.createCollection('nope');
  expect(h.store.hasCollection('nope')).toBe(true);
  expect(await errorCode(h.db.createCollection('nope'))).toBe('DATABASE_COLLECTION_ALREADY_EXIST');
  await h.db.collection('nope').add({ a: 1 });
  expect((await h.db.collection('nope').count()).total).toBe(1);
  expect(h.store.listCollections()).toEqual(['items', 'nope', 'owners']);
});

test('dates round-trip and serverDate resolves at write time', async () => {
  const when = new Date('2024-03-01T08:00:00.000Z');
  const before = Date.now();
  const { id } = await items().add({ when, at: h.db.serverDate(), later: h.db.serverDate({ offset: 60_000 }), nested: { list: [when] } });
  const doc = (await items().doc(id!).get()).data[0];
  expect(doc.when).toBeInstanceOf(Date);
  expect(doc.when.getTime()).toBe(when.getTime());
  expect(doc.nested.list[0]).toBeInstanceOf(Date);
  expect(doc.at).toBeInstanceOf(Date);
  expect(doc.at.getTime()).toBeGreaterThanOrEqual(before);
  expect(doc.later.getTime() - doc.at.getTime()).toBe(60_000);
  await items().doc(id!).update({ touched: h.db.serverDate() });
  expect((await items().doc(id!).get()).data[0].touched).toBeInstanceOf(Date);
  expect((await items().where({ when: h.db.command.lt(new Date('2025-01-01')) }).count()).total).toBe(1);
  expect((await items().where({ at: h.db.command.lte(h.db.serverDate()) }).count()).total).toBe(1);
});

test('query command operators', async () => {
  const _ = h.db.command;
  await items().add([
    { _id: '1', n: 1, tag: 'red', tags: ['a', 'b'], items: [{ k: 1, v: 'x' }], name: 'Alpha' },
    { _id: '2', n: 2, tag: 'blue', tags: ['b'], items: [{ k: 2, v: 'y' }], name: 'beta', extra: null },
    { _id: '3', n: 3, tag: 'red', tags: [], items: [], name: 'Gamma', o: { p: 5 } },
  ]);
  const ids = async (q: object) => (await items().where(q).orderBy('_id', 'asc').get()).data.map((d: { _id: string }) => d._id);
  expect(await ids({ n: _.eq(2) })).toEqual(['2']);
  expect(await ids({ n: _.neq(2) })).toEqual(['1', '3']);
  expect(await ids({ n: _.gt(1).and(_.lt(3)) })).toEqual(['2']);
  expect(await ids({ n: _.gte(2), tag: 'red' })).toEqual(['3']);
  expect(await ids({ n: _.lte(2) })).toEqual(['1', '2']);
  expect(await ids({ tag: _.in(['blue', 'green']) })).toEqual(['2']);
  expect(await ids({ tag: _.nin(['blue']) })).toEqual(['1', '3']);
  expect(await ids(_.or([{ n: 1 }, { n: 3 }]))).toEqual(['1', '3']);
  expect(await ids({ n: _.or(_.eq(1), _.eq(2)) })).toEqual(['1', '2']);
  expect(await ids(_.and([{ tag: 'red' }, { n: _.gt(1) }]))).toEqual(['3']);
  expect(await ids(_.nor([{ tag: 'red' }]))).toEqual(['2']);
  expect(await ids({ o: _.exists(true) })).toEqual(['3']);
  expect(await ids({ extra: _.exists(false) })).toEqual(['1', '3']);
  expect(await ids({ tags: _.size(1) })).toEqual(['2']);
  expect(await ids({ tags: 'b' })).toEqual(['1', '2']);
  expect(await ids({ tags: _.all(['a', 'b']) })).toEqual(['1']);
  expect(await ids({ items: _.elemMatch({ k: _.gte(2), v: 'y' }) })).toEqual(['2']);
  expect(await ids({ name: /^a/i })).toEqual(['1']);
  expect(await ids({ name: h.db.RegExp({ regexp: 'MMA$', options: 'i' }) })).toEqual(['3']);
  expect(await ids({ o: { p: 5 } })).toEqual(['3']); // nested object in where() is flattened to o.p
  expect(await ids({ 'o.p': _.gt(4) })).toEqual(['3']);
  expect(await ids({ _id: _.in(['1', '3', 'zz']) })).toEqual(['1', '3']);
});

test('orderBy on several fields, skip, limit (default 100, max 1000) and field projection', async () => {
  const docs = Array.from({ length: 1200 }, (_, i) => ({ _id: `d${String(i).padStart(4, '0')}`, group: i % 3, rank: i, secret: 's' }));
  h.store.insertMany('items', docs);
  const page = await items().orderBy('group', 'desc').orderBy('rank', 'asc').skip(2).limit(3).field({ group: true, rank: true }).get();
  expect(page.data).toEqual([
    { _id: 'd0008', group: 2, rank: 8 },
    { _id: 'd0011', group: 2, rank: 11 },
    { _id: 'd0014', group: 2, rank: 14 },
  ]);
  expect((await items().get()).data).toHaveLength(100);
  expect((await items().limit(5000).get()).data).toHaveLength(1000);
  expect((await items().where({ group: 1 }).skip(390).get()).data).toHaveLength(10);
  const excluded = await items().doc('d0001').field({ secret: false }).get();
  expect(excluded.data[0]).toEqual({ _id: 'd0001', group: 1, rank: 1 });
});

test('update operators, nested merge, db.command.set and matched counting', async () => {
  const _ = h.db.command;
  await items().add({ _id: 'u', n: 1, m: 2, arr: [1, 2, 3], set: ['a'], o: { p: 1, q: 2 }, gone: 1, status: 'open' });
  await items().doc('u').update({
    n: _.inc(2), m: _.mul(3), gone: _.remove(), arr: _.push(4), set: _.addToSet('a'), o: { p: 9 },
  });
  let doc = (await items().doc('u').get()).data[0];
  expect(doc).toEqual({ _id: 'u', n: 3, m: 6, arr: [1, 2, 3, 4], set: ['a'], o: { p: 9, q: 2 }, status: 'open' });

  await items().doc('u').update({ arr: _.pull(_.gt(2)) });
  await items().doc('u').update({ set: _.pullAll(['a']) });
  doc = (await items().doc('u').get()).data[0];
  expect(doc.arr).toEqual([1, 2]);
  expect(doc.set).toEqual([]);
  await items().doc('u').update({ arr: _.unshift([0]) });
  await items().doc('u').update({ arr: _.pop() });
  expect((await items().doc('u').get()).data[0].arr).toEqual([0, 1]);
  await items().doc('u').update({ arr: _.shift() });
  expect((await items().doc('u').get()).data[0].arr).toEqual([1]);

  await items().doc('u').update({ o: _.set({ only: true }) });
  expect((await items().doc('u').get()).data[0].o).toEqual({ only: true });

  // updated counts matched documents, changed or not, as CloudBase does (db-cloudbase.test.ts)
  expect((await items().doc('u').update({ status: 'open' })).updated).toBe(1);
  expect((await items().doc('u').set({ status: 'open', o: { only: true }, set: [], arr: [1], m: 6 })).updated).toBe(1);
  expect((await items().doc('u').get()).data[0]).toEqual({ _id: 'u', status: 'open', o: { only: true }, set: [], arr: [1], m: 6 });
  await items().add([{ status: 'open' }, { status: 'closed' }, { status: 'closed' }]);
  const res = await items().where({ status: _.in(['open', 'closed']) }).update({ status: 'closed' });
  expect(res.updated).toBe(4);
  expect((await items().where({ status: 'closed' }).count()).total).toBe(4);
  expect((await items().where({ status: 'nothing' }).update({ x: 1 })).updated).toBe(0);
});

test('modifyAndReturnDoc returns the updated document', async () => {
  const _ = h.db.command;
  await items().add({ _id: 'seq', value: 5 });
  const res = await items().where({ _id: 'seq' }).updateAndReturn({ value: _.inc(1) });
  expect(res.updated).toBe(1);
  expect(res.doc).toEqual({ _id: 'seq', value: 6 });
  const none = await items().where({ _id: 'other' }).updateAndReturn({ value: 1 });
  expect(none.updated).toBe(0);
  expect(none.doc).toBeFalsy();
});

test('aggregate: match group sort skip limit project count unwind lookup addFields', async () => {
  const $ = h.db.command.aggregate;
  await h.db.collection('owners').add([{ _id: 'o1', name: 'Ann' }, { _id: 'o2', name: 'Bob' }]);
  await items().add([
    { _id: 'i1', owner: 'o1', price: 10, tags: ['x', 'y'] },
    { _id: 'i2', owner: 'o1', price: 30, tags: ['y'] },
    { _id: 'i3', owner: 'o2', price: 5, tags: [] },
  ]);
  const grouped = await items().aggregate()
    .match({ price: h.db.command.gte(5) })
    .group({ _id: '$owner', total: $.sum('$price'), n: $.sum(1) })
    .sort({ total: -1 })
    .end();
  expect(grouped.data).toEqual([{ _id: 'o1', total: 40, n: 2 }, { _id: 'o2', total: 5, n: 1 }]);

  const joined = await items().aggregate()
    .lookup({ from: 'owners', localField: 'owner', foreignField: '_id', as: 'ownerDocs' })
    .unwind('$ownerDocs')
    .addFields({ ownerName: '$ownerDocs.name', doubled: $.multiply(['$price', 2]) })
    .project({ _id: 1, ownerName: 1, doubled: 1 })
    .sort({ doubled: 1 })
    .skip(1)
    .limit(1)
    .end();
  expect(joined.data).toEqual([{ _id: 'i1', ownerName: 'Ann', doubled: 20 }]);

  const tagCount = await items().aggregate().unwind('$tags').count('n').end();
  expect(tagCount.data).toEqual([{ n: 3 }]);
  // aggregation never alters stored documents
  expect((await h.db.collection('owners').doc('o1').get()).data[0]).toEqual({ _id: 'o1', name: 'Ann' });
  expect((await items().doc('i1').get()).data[0].tags).toEqual(['x', 'y']);
});

test('raw action layer: unknown action and error shape', async () => {
  const res = await handleDatabaseAction(h.store, { action: 'database.noSuchThing' });
  expect(res.code).toBe('INVALID_ACTION');
  expect(typeof res.requestId).toBe('string');
  const ok = await handleDatabaseAction(h.store, { action: 'database.calculateDocument', collectionName: 'items' });
  expect(ok).toEqual({ data: { total: 0 }, requestId: expect.any(String) });
});
