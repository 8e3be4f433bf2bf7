/**
 * Transactions with CloudBase's semantics (issue 13), through the real @cloudbase/node-sdk.
 * Sources: the node-sdk's own transaction tests, run against the real service
 * (TencentCloudBase/node-sdk test/database/unit/transaction.test.ts: '冲突检测', '读快照', '读偏',
 * 'write skew', '事务提交后, 不能进行其它操作', '事务内批量插入1000条文档', 'mongodb 原生事务操作支持');
 * the SDK's runTransaction (@cloudbase/database dist/commonjs/transaction/index.js: retries only on
 * DATABASE_TRANSACTION_CONFLICT, `times` = 3); and MongoDB's "In-progress Transactions and Write
 * Conflicts" (a write outside the transaction to a document it locked waits until it ends).
 */
import { DbHarness, errorCode, startDb } from './dbHarness';

let h: DbHarness;
beforeEach(async () => {
  h = await startDb();
  h.store.createCollection('acc');
  await h.db.collection('acc').add([{ _id: '1', category: 'Web', n: 1 }, { _id: '2', category: 'Life', n: 2 }]);
});
afterEach(() => h.close());

const acc = () => h.db.collection('acc');
const read = async (id: string) => (await acc().doc(id).get()).data[0];

const CONFLICT_MESSAGE =
  '[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others. Please check your request, but if the problem persists, contact us.';
const NOT_EXIST_MESSAGE =
  '[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server, transaction must be commit or abort in 30 seconds. Please check your request, but if the problem persists, contact us.';

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    return err as { code: string; message: string };
  }
  throw new Error('expected the call to fail');
}

test('冲突检测: the second transaction writing a document fails at once, the first commits', async () => {
  const t1 = await h.db.startTransaction();
  const t2 = await h.db.startTransaction();
  const doc = (await t1.collection('acc').doc('1').get()).data;
  await t2.collection('acc').doc('1').update({ category: '冲突检测' });
  const err = await failure(t1.collection('acc').doc('1').update({ category: doc.category + '冲突检测' }));
  expect(err).toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT', message: CONFLICT_MESSAGE });
  await t2.commit();
  expect((await read('1')).category).toBe('冲突检测');
});

test('读快照: outside reads do not see the transaction; it reads its own write', async () => {
  const t = await h.db.startTransaction();
  await t.collection('acc').doc('1').update({ category: 'update in transaction' });
  expect((await read('1')).category).toBe('Web');
  expect((await t.collection('acc').doc('1').get()).data.category).toBe('update in transaction');
  await t.rollback();
  expect((await read('1')).category).toBe('Web');
});

test('读偏: after an outside write, re-reads return the snapshot without error; writing that document conflicts', async () => {
  const t = await h.db.startTransaction();
  await t.collection('acc').doc('1').get(); // the snapshot is taken here
  await acc().doc('1').set({ category: 'wwww' });
  await acc().doc('2').set({ category: 'hhhh' });
  await acc().add({ _id: '3', category: 'new' });
  await acc().doc('2').remove();
  expect((await t.collection('acc').doc('1').get()).data).toEqual({ _id: '1', category: 'Web', n: 1 });
  expect((await t.collection('acc').doc('2').get()).data).toEqual({ _id: '2', category: 'Life', n: 2 });
  expect((await t.collection('acc').doc('3').get()).data).toBeNull();
  const listed = await t.collection('acc').where({}).get();
  expect(listed.data.map((d: { _id: string }) => d._id).sort()).toEqual(['1', '2']);
  const err = await failure(t.collection('acc').doc('1').update({ category: 'transaction' }));
  expect(err).toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT', message: CONFLICT_MESSAGE });
  expect((await read('1')).category).toBe('wwww');
});

test('the snapshot is taken at the first operation, not at startTransaction', async () => {
  const t = await h.db.startTransaction();
  await acc().add({ _id: 'a', key: 'a' }); // before the transaction's first operation
  const res = await t.collection('acc').where({ key: 'a' }).get();
  expect(res.data).toHaveLength(1);
  await t.commit();
});

test('write skew: a commit does not fail because a document it only read has changed', async () => {
  const t1 = await h.db.startTransaction();
  const t2 = await h.db.startTransaction();
  const d1 = (await t1.collection('acc').doc('1').get()).data;
  const d2 = (await t2.collection('acc').doc('2').get()).data;
  await t1.collection('acc').doc('2').set({ category: d1.category + 'doc1' });
  await t2.collection('acc').doc('1').set({ category: d2.category + 'doc2' });
  await t1.commit();
  await t2.commit();
  expect((await read('1')).category).toBe('Lifedoc2');
  expect((await read('2')).category).toBe('Webdoc1');

  // and an outside write to a document it only read
  const t3 = await h.db.startTransaction();
  await t3.collection('acc').doc('1').get();
  await acc().doc('1').update({ n: 100 });
  await t3.collection('acc').doc('2').update({ n: 200 });
  await t3.commit();
  expect((await read('1')).n).toBe(100);
  expect((await read('2')).n).toBe(200);
});

test('after commit the transaction is gone: DATABASE_TRANSACTION_FAIL, TransactionNotExist', async () => {
  const t = await h.db.startTransaction();
  await t.commit();
  const err = await failure(t.collection('acc').doc('1').set({ category: 'Node.js' }));
  expect(err).toEqual(expect.objectContaining({ code: 'DATABASE_TRANSACTION_FAIL', message: NOT_EXIST_MESSAGE }));
});

test('no limit on the documents a transaction touches: 1,001 inserts in one transaction', async () => {
  const t = await h.db.startTransaction();
  const docs = Array.from({ length: 1001 }, (_, i) => ({ name: `luketest${i}` }));
  const res = await t.collection('acc').add(docs);
  expect(res.ids).toHaveLength(1001);
  expect((await t.collection('acc').where({ name: /^luketest/ }).limit(1000).get()).data).toHaveLength(1000);
  await t.commit();
  expect((await acc().count()).total).toBe(1003);
});

test('a write outside transactions to a document a transaction wrote waits for its commit, then applies', async () => {
  const t = await h.db.startTransaction();
  await t.collection('acc').doc('1').update({ n: h.db.command.inc(10) });
  let done = false;
  const outside = acc().doc('1').update({ n: h.db.command.inc(1) }).then((r) => ((done = true), r));
  await new Promise((r) => setTimeout(r, 50));
  expect(done).toBe(false);
  await t.commit();
  expect((await outside).updated).toBe(1);
  expect((await read('1')).n).toBe(12);
});

test('where().update() inside a transaction carries no transaction id: it runs outside, at once', async () => {
  // @cloudbase/database 1.4.3 query.js: Query.update() sends database.modifyDocument without
  // transactionId (doc().update() and updateAndReturn() carry it)
  const t = await h.db.startTransaction();
  const res = await t.collection('acc').where({ _id: '2' }).update({ category: 'raw' });
  expect(res.updated).toBe(1);
  expect((await read('2')).category).toBe('raw'); // visible before commit
  await t.rollback();
  expect((await read('2')).category).toBe('raw'); // and not rolled back
});

test('where().update() of a document the same transaction wrote waits for the transaction to expire', async () => {
  h.store.transactions.lifetimeMs = 300; // 30 s on CloudBase
  const started = Date.now();
  const t = await h.db.startTransaction();
  await t.collection('acc').doc('1').update({ category: 'in tx' });
  const res = await t.collection('acc').where({ _id: '1' }).update({ category: 'raw' });
  expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  expect(res.updated).toBe(1);
  expect((await read('1')).category).toBe('raw');
  expect((await failure(t.commit())).code).toBe('DATABASE_TRANSACTION_FAIL');
});

test('runTransaction retries on conflict only, 3 times after the first attempt, then rejects with the conflict', async () => {
  let attempts = 0;
  const err = await failure(
    h.db.runTransaction(async (tx: any) => {
      attempts++;
      await tx.collection('acc').doc('1').get();
      await acc().doc('1').update({ n: h.db.command.inc(1) }); // someone else writes, every time
      await tx.collection('acc').doc('1').update({ category: 'never' });
    }),
  );
  expect(attempts).toBe(4);
  expect(err.code).toBe('DATABASE_TRANSACTION_CONFLICT');
  expect((await read('1')).category).toBe('Web');

  // any other error: no retry
  let others = 0;
  await expect(
    h.db.runTransaction(async (tx: any) => {
      others++;
      await tx.collection('nope').doc('x').get();
    }),
  ).rejects.toMatchObject({ code: 'DATABASE_COLLECTION_NOT_EXIST' });
  expect(others).toBe(1);
});

test('aborting a transaction that is gone fails (runTransaction ignores it)', async () => {
  const t = await h.db.startTransaction();
  await t.rollback();
  expect(await errorCode(t.rollback())).toBe('DATABASE_TRANSACTION_FAIL');
});

test('overlapping transactions keep their own snapshots while older ones end', async () => {
  const t1 = await h.db.startTransaction();
  await t1.collection('acc').doc('1').get();
  await acc().doc('1').update({ n: 10 });
  const t2 = await h.db.startTransaction();
  await t2.collection('acc').doc('2').get(); // t2's snapshot: n = 10
  await acc().doc('1').update({ n: 20 });
  expect((await t1.collection('acc').doc('1').get()).data.n).toBe(1);
  await t1.rollback(); // the states only t1 needed are dropped
  expect((await t2.collection('acc').doc('1').get()).data.n).toBe(10);
  const t3 = await h.db.startTransaction();
  expect((await t3.collection('acc').doc('1').get()).data.n).toBe(20);
  await t2.commit();
  await t3.commit();
});
