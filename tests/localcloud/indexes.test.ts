import tcb from '@cloudbase/node-sdk';
import { startTestCloud } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { isServed, UNINDEXED_CODE, UNINDEXED_SCAN_THRESHOLD, type IndexSpec } from '../../localcloud/db/indexes';
import { INDEXES } from '../../src/server/indexes';
import { COLLECTIONS } from '../../src/server/collections';

/**
 * The local cloud's indexes (localcloud/db/indexes.ts, declared in src/server/indexes.ts):
 * - the rule that says whether the declared indexes serve a query;
 * - unindexed queries refused (under jest) once a collection is past the threshold;
 * - unique indexes enforced with the error CloudBase answers for a duplicate index key:
 *   DATABASE_DUPLICATE_WRITE, "Database write failed, index key duplicate … Check if unique index
 *   fields have duplicate values" (docs.cloudbase.net/error-code/DATABASE_DUPLICATE_WRITE), with
 *   MongoDB's E11000 text.
 */
const ix = (keys: Record<string, 1 | -1>, unique = false): IndexSpec => ({ collection: 't', keys, unique });

describe('the rule: which queries the declared indexes serve', () => {
  const indexes = [ix({ orgPath: 1, updatedAt: -1, _id: 1 }), ix({ status: 1, neededBy: 1 }), ix({ name: 1 })];

  test('doc(id), _id equality or $in, and an empty filter without a sort are always served', () => {
    expect(isServed([], { _id: 'a' })).toBe(true);
    expect(isServed([], { _id: { $in: ['a', 'b'] }, status: 'x' })).toBe(true);
    expect(isServed([], {})).toBe(true);
    expect(isServed([], undefined)).toBe(true);
  });

  test('a filter is served when it constrains an index’s leading key by equality, $in or a range', () => {
    expect(isServed(indexes, { orgPath: 'sn', category: 'x' })).toBe(true);
    expect(isServed(indexes, { status: { $in: ['a', 'b'] } })).toBe(true);
    expect(isServed(indexes, { status: { $gte: 'a' } })).toBe(true);
    expect(isServed(indexes, { $and: [{ orgPath: 'sn' }, { x: 1 }] })).toBe(true);
    expect(isServed(indexes, { name: /^王/ })).toBe(true);
  });

  test('a filter on a non-leading key, by $ne / $nin / $exists, or by an unanchored RegExp is not', () => {
    expect(isServed(indexes, { updatedAt: '2026-01-01' })).toBe(false);
    expect(isServed(indexes, { neededBy: { $gte: '2026-01-01' } })).toBe(false);
    expect(isServed(indexes, { status: { $ne: 'a' } })).toBe(false);
    expect(isServed(indexes, { orgPath: { $exists: true } })).toBe(false);
    expect(isServed(indexes, { name: /王/ })).toBe(false);
    expect(isServed(indexes, { category: 'x' })).toBe(false);
  });

  test('a sort needs the index: equality prefix, then the sort keys in the index’s directions or all reversed', () => {
    expect(isServed(indexes, { orgPath: 'sn' }, { updatedAt: -1, _id: 1 })).toBe(true);
    expect(isServed(indexes, { orgPath: 'sn', category: 'x' }, { updatedAt: -1 })).toBe(true); // residual filter
    expect(isServed(indexes, { orgPath: 'sn' }, { updatedAt: 1, _id: -1 })).toBe(true); // all reversed
    expect(isServed(indexes, { orgPath: 'sn' }, { updatedAt: -1, _id: -1 })).toBe(false); // mixed
    expect(isServed(indexes, { orgPath: 'sn' }, { createdAt: -1 })).toBe(false); // not in the index
    expect(isServed(indexes, { status: 'a', neededBy: { $gte: 'x' } }, { neededBy: 1 })).toBe(true); // sort key constrained
    expect(isServed(indexes, { category: 'x' }, { updatedAt: -1 })).toBe(false); // prefix not pinned, filter not served
    expect(isServed(indexes, {}, { _id: 1 })).toBe(true); // the _id index
    expect(isServed(indexes, { name: /^王/ }, { updatedAt: -1 })).toBe(true); // prefix search, sorted in memory
  });

  test('$or is served when every branch is', () => {
    expect(isServed(indexes, { $or: [{ orgPath: 'a' }, { status: 'b' }] })).toBe(true);
    expect(isServed(indexes, { $or: [{ orgPath: 'a' }, { category: 'b' }] })).toBe(false);
  });

  test('every declared index names a known collection, and a collection has at most 100 (CloudBase’s cap per collection)', () => {
    const per = new Map<string, number>();
    for (const d of INDEXES) {
      expect(COLLECTIONS).toContain(d.collection);
      per.set(d.collection, (per.get(d.collection) ?? 0) + 1);
    }
    for (const n of per.values()) expect(n).toBeLessThanOrEqual(100);
  });
});

describe('through the SDK, on a local cloud with the declared indexes', () => {
  let cloud: LocalCloud;
  let db: ReturnType<ReturnType<typeof tcb.init>['database']>;
  beforeAll(async () => {
    cloud = await startTestCloud();
    db = tcb.init({ env: tcb.SYMBOL_CURRENT_ENV }).database();
  });
  afterAll(() => cloud.close());

  test(`a query the indexes cannot serve fails once the collection holds more than ${UNINDEXED_SCAN_THRESHOLD} documents; a served one runs`, async () => {
    const docs = (n: number, from: number) => Array.from({ length: n }, (_, i) => ({ _id: `k${from + i}`, orgPath: ['sn', 'a'], sex: 'female', updatedAt: '2026-01-01' }));
    cloud.store.insertMany('children', docs(UNINDEXED_SCAN_THRESHOLD, 0));
    await expect(db.collection('children').where({ sex: 'female' }).limit(1).get()).resolves.toBeDefined(); // at the threshold: fine
    cloud.store.insertMany('children', docs(1, UNINDEXED_SCAN_THRESHOLD));
    await expect(db.collection('children').where({ sex: 'female' }).limit(1).get()).rejects.toMatchObject({ code: UNINDEXED_CODE });
    await expect(db.collection('children').where({ sex: 'female' }).count()).rejects.toMatchObject({ code: UNINDEXED_CODE });
    const page = await db.collection('children').where({ orgPath: 'a', sex: 'female' }).orderBy('updatedAt', 'desc').orderBy('_id', 'asc').limit(5).get();
    expect(page.data).toHaveLength(5);
    expect((await db.collection('children').doc('k7').get()).data).toHaveLength(1);
    expect(cloud.indexes.unindexed.map((q) => q.collection)).toEqual(['children', 'children']);
  });

  test('a unique index (users.openid) refuses a second document with the same key, on insert and on update, with DATABASE_DUPLICATE_WRITE', async () => {
    const users = db.collection('users');
    await users.add({ _id: 'ua', openid: 'o-same' });
    const dup = { code: 'DATABASE_DUPLICATE_WRITE', message: expect.stringMatching(/^E11000 duplicate key error collection: users index: openid_1 dup key: \{ openid: "o-same" \}/) };
    await expect(users.add({ _id: 'ub', openid: 'o-same' })).rejects.toMatchObject(dup);
    await users.add({ _id: 'ub', openid: 'o-other' });
    await expect(users.doc('ub').update({ openid: 'o-same' })).rejects.toMatchObject(dup);
    await expect(users.doc('ub').set({ openid: 'o-same' })).rejects.toMatchObject(dup);
    expect((await users.doc('ub').get()).data[0].openid).toBe('o-other'); // nothing written
    await users.doc('ua').update({ name: '测试' }); // rewriting the holder itself is fine
    await users.doc('ua').remove(); // removing frees the key
    await users.doc('ub').update({ openid: 'o-same' });
    expect((await users.where({ openid: 'o-same' }).get()).data.map((u: { _id: string }) => u._id)).toEqual(['ub']);
  });

  test('a bulk write with two equal keys writes nothing', () => {
    const before = cloud.store.countDocuments('users');
    expect(() => cloud.store.insertMany('users', [{ _id: 'uc', openid: 'o-bulk' }, { _id: 'ud', openid: 'o-bulk' }])).toThrow(/E11000/);
    expect(cloud.store.countDocuments('users')).toBe(before);
  });
});
