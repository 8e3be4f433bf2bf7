/** Atomic single requests and transactions, through the real @cloudbase/node-sdk. */
import { handleDatabaseAction } from '../../localcloud/db/actions';
import { DbHarness, errorCode, startDb } from './dbHarness';

let h: DbHarness;
beforeEach(async () => {
  h = await startDb();
  h.store.createCollection('acc');
  h.store.createCollection('log');
});
afterEach(() => h.close());

const acc = () => h.db.collection('acc');
const balance = async (id: string) => (await acc().doc(id).get()).data[0]?.bal;

test('a conditional update raced by 20 parallel callers has exactly one winner', async () => {
  for (let round = 0; round < 5; round++) {
    const id = `slot${round}`;
    await acc().add({ _id: id, status: 'open' });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => acc().where({ _id: id, status: 'open' }).update({ status: 'claimed', by: i })),
    );
    const winners = results.filter((r) => r.updated === 1);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.updated === 0)).toHaveLength(19);
    const doc = (await acc().doc(id).get()).data[0];
    expect(doc.status).toBe('claimed');
    expect(results[doc.by].updated).toBe(1);
  }
});

test('parallel increments are never lost', async () => {
  await acc().add({ _id: 'counter', n: 0 });
  const _ = h.db.command;
  await Promise.all(Array.from({ length: 50 }, () => acc().doc('counter').update({ n: _.inc(1) })));
  expect((await acc().doc('counter').get()).data[0].n).toBe(50);
});

describe('transactions', () => {
  beforeEach(async () => {
    await acc().add([{ _id: 'a', bal: 100 }, { _id: 'b', bal: 0 }]);
  });

  test('commit applies all writes at once; nothing is visible before', async () => {
    const _ = h.db.command;
    const t = await h.db.startTransaction();
    const a = await t.collection('acc').doc('a').get();
    expect(a.data).toEqual({ _id: 'a', bal: 100 });
    await t.collection('acc').doc('a').update({ bal: a.data.bal - 30 });
    await t.collection('acc').doc('b').update({ bal: _.inc(30) });
    await t.collection('log').add({ _id: 'l1', amount: 30 });
    await t.collection('acc').doc('c').set({ bal: 1 });
    // isolated until commit
    expect(await balance('a')).toBe(100);
    expect(await balance('b')).toBe(0);
    expect((await h.db.collection('log').count()).total).toBe(0);
    expect((await acc().doc('c').get()).data).toEqual([]);
    await t.commit();
    expect(await balance('a')).toBe(70);
    expect(await balance('b')).toBe(30);
    expect(await balance('c')).toBe(1);
    expect((await h.db.collection('log').doc('l1').get()).data[0].amount).toBe(30);
  });

  test('reads in a transaction see its own writes', async () => {
    const t = await h.db.startTransaction();
    const tacc = t.collection('acc');
    await tacc.add({ _id: 'new', bal: 5 });
    expect((await tacc.doc('new').get()).data).toEqual({ _id: 'new', bal: 5 });
    await tacc.doc('a').update({ bal: 1 });
    expect((await tacc.doc('a').get()).data.bal).toBe(1);
    await tacc.doc('b').remove();
    expect((await tacc.doc('b').get()).data).toBeNull();
    const listed = await tacc.where({ bal: h.db.command.gte(0) }).get();
    expect(listed.data.map((d: { _id: string }) => d._id).sort()).toEqual(['a', 'new']);
    expect(await errorCode(tacc.add({ _id: 'new' }))).toBe('DATABASE_DUPLICATE_WRITE');
    await t.commit();
    expect((await acc().orderBy('_id', 'asc').get()).data).toEqual([{ _id: 'a', bal: 1 }, { _id: 'new', bal: 5 }]);
  });

  test('abort discards everything; runTransaction rollback rejects with the reason', async () => {
    const t = await h.db.startTransaction();
    await t.collection('acc').doc('a').update({ bal: 0 });
    await t.collection('log').add({ x: 1 });
    await t.rollback();
    expect(await balance('a')).toBe(100);
    expect((await h.db.collection('log').count()).total).toBe(0);
    expect(await errorCode(t.commit())).toBe('DATABASE_TRANSACTION_FAIL');

    await expect(
      h.db.runTransaction(async (tx: any) => {
        await tx.collection('acc').doc('a').update({ bal: 1 });
        await tx.rollback('not enough');
      }),
    ).rejects.toBe('not enough');
    expect(await balance('a')).toBe(100);
  });

  test('a write to a document another transaction wrote, or that changed since the snapshot, is a conflict at once', async () => {
    const t1 = await h.db.startTransaction();
    const t2 = await h.db.startTransaction();
    const a1 = (await t1.collection('acc').doc('a').get()).data;
    const a2 = (await t2.collection('acc').doc('a').get()).data;
    await t1.collection('acc').doc('a').update({ bal: a1.bal + 1 });
    expect(await errorCode(t2.collection('acc').doc('a').update({ bal: a2.bal + 2 }))).toBe('DATABASE_TRANSACTION_CONFLICT');
    await t1.commit();
    expect(await errorCode(t2.commit())).toBe('DATABASE_TRANSACTION_FAIL'); // gone after its conflict
    expect(await balance('a')).toBe(101);

    // an outside write to a document the transaction read: re-reads see the snapshot, a write conflicts
    const t3 = await h.db.startTransaction();
    await t3.collection('acc').doc('b').get();
    await acc().doc('b').update({ bal: 7 });
    expect((await t3.collection('acc').doc('b').get()).data.bal).toBe(0);
    expect(await errorCode(t3.collection('acc').doc('b').update({ bal: 8 }))).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect(await errorCode(t3.commit())).toBe('DATABASE_TRANSACTION_FAIL');
    expect(await balance('b')).toBe(7);

    // an outside insert of an _id a transaction inserted waits for it, then finds the duplicate
    const t4 = await h.db.startTransaction();
    await t4.collection('acc').add({ _id: 'k', bal: 1 });
    const outside = errorCode(acc().add({ _id: 'k', bal: 2 }));
    await new Promise((r) => setTimeout(r, 20));
    await t4.commit();
    expect(await outside).toBe('DATABASE_DUPLICATE_WRITE');
    expect(await balance('k')).toBe(1);
  });

  test('runTransaction retries after a conflict', async () => {
    let attempts = 0;
    const result = await h.db.runTransaction(async (tx: any) => {
      attempts++;
      const a = (await tx.collection('acc').doc('a').get()).data;
      if (attempts === 1) await acc().doc('a').update({ bal: a.bal + 1000 }); // someone else writes
      await tx.collection('acc').doc('a').update({ bal: a.bal - 10 });
      await tx.collection('acc').doc('b').update({ bal: 10 });
      return a.bal;
    });
    expect(attempts).toBe(2);
    expect(result).toBe(1100);
    expect(await balance('a')).toBe(1090);
    expect(await balance('b')).toBe(10);
  });

  test('read-modify-write transactions in parallel never lose an update', async () => {
    await acc().add({ _id: 'ctr', n: 0 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        h.db.runTransaction(async (tx: any) => {
          const { n } = (await tx.collection('acc').doc('ctr').get()).data;
          await tx.collection('acc').doc('ctr').set({ n: n + 1 });
        }),
      ),
    );
    const committed = outcomes.filter((o) => o.status === 'fulfilled').length;
    expect(committed).toBeGreaterThan(0);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason.code).toBe('DATABASE_TRANSACTION_CONFLICT');
    expect((await acc().doc('ctr').get()).data[0].n).toBe(committed);
  });

  test('transactions not committed within 30 s are dropped', async () => {
    const t = await h.db.startTransaction();
    await t.collection('acc').doc('a').update({ bal: 0 });
    const realNow = Date.now;
    const spy = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 30_500);
    try {
      expect(await errorCode(t.commit())).toBe('DATABASE_TRANSACTION_FAIL');
    } finally {
      spy.mockRestore();
    }
    expect(await balance('a')).toBe(100);
    expect(h.store.transactions.size).toBe(0);

    const old = h.store.transactions.start(Date.now() - 30_001);
    const res = await handleDatabaseAction(h.store, {
      action: 'database.getDocument', collectionName: 'acc', transactionId: old, queryType: 'DOC', query: '{"_id":"a"}',
    });
    expect(res.code).toBe('DATABASE_TRANSACTION_FAIL');
  });
});
