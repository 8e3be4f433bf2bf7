/**
 * The local overrides of mingo (localcloud/db/mingo.ts), each against MongoDB's documented
 * behaviour, next to what mingo 7.2 itself answers (kept as a check that the override is still
 * needed: if mingo is fixed upstream, the "mingo alone" line fails and the override can go).
 */
import { Aggregator as MingoAggregator, Query as MingoQuery } from 'mingo';
import { Aggregator, Query } from '../../localcloud/db/mingo';

const ids = (docs: { _id: number }[]) => docs.map((d) => d._id);

describe('$elemMatch', () => {
  // MongoDB "$elemMatch (query)": with field criteria ({ a: 1 }) an element matches when it is a
  // document satisfying them; plain values never do. The value form ({ $gt: 1 }) tests values.
  const docs = [
    { _id: 1, arr: [{ a: 1, b: 2 }] },
    { _id: 2, arr: [1, 2, 3] },
    { _id: 3, arr: ['x'] },
    { _id: 4, arr: [{ a: 2 }] },
    { _id: 5, arr: [] },
    { _id: 6, other: true },
  ];
  const find = (Q: typeof Query | typeof MingoQuery, q: object) => ids(new Q(q as never).find(docs as never).all() as never);

  test('field criteria match documents only', () => {
    expect(find(Query, { arr: { $elemMatch: { a: 1 } } })).toEqual([1]);
    expect(find(Query, { arr: { $elemMatch: { a: { $ne: 2 } } } })).toEqual([1]);
    expect(find(Query, { arr: { $elemMatch: { $or: [{ a: 1 }, { a: 2 }] } } })).toEqual([1, 4]);
    expect(find(Query, { arr: { $elemMatch: {} } })).toEqual([1, 4]);
    expect(find(MingoQuery, { arr: { $elemMatch: { a: 1 } } })).toEqual([1, 2]); // mingo alone
  });

  test('the value form is unchanged', () => {
    expect(find(Query, { arr: { $elemMatch: { $gt: 1, $lt: 3 } } })).toEqual([2]);
    expect(find(Query, { arr: { $elemMatch: { $in: ['x'] } } })).toEqual([3]);
  });

  test('nested paths and $match in a pipeline', () => {
    const nested = [{ _id: 1, o: { arr: [{ a: 1 }] } }, { _id: 2, o: { arr: [1] } }];
    expect(ids(new Query({ 'o.arr': { $elemMatch: { a: 1 } } }).find(nested as never).all() as never)).toEqual([1]);
    expect(ids(new Aggregator([{ $match: { arr: { $elemMatch: { a: 1 } } } }]).run(docs as never) as never)).toEqual([1]);
  });
});

describe('expressions', () => {
  const run = (expr: object, doc: object = {}) => (new Aggregator([{ $project: { _id: 0, v: expr } }]).run([doc] as never)[0] as { v: unknown }).v;

  test('$indexOfCP (MongoDB "$indexOfCP"; missing in mingo)', () => {
    expect(run({ $indexOfCP: ['cafétéria', 'é'] })).toBe(3);
    expect(run({ $indexOfCP: ['cafétéria', 'é', 4] })).toBe(5);
    expect(run({ $indexOfCP: ['cafétéria', 'é', 0, 3] })).toBe(-1);
    expect(run({ $indexOfCP: [null, 'a'] })).toBeNull();
    expect(() => new MingoAggregator([{ $project: { v: { $indexOfCP: ['a', 'a'] } } }]).run([{}])).toThrow();
  });

  test('$substrBytes / $substr: negative count is the rest; byte offsets; no split characters', () => {
    expect(run({ $substrBytes: ['abcde', 1, -1] })).toBe('bcde');
    expect(run({ $substr: ['abcde', 2, -5] })).toBe('cde');
    expect(run({ $substrBytes: ['éa', 2, 1] })).toBe('a');
    expect(run({ $substrBytes: ['abc', 5, 1] })).toBe('');
    expect(() => run({ $substrBytes: ['éa', 1, 1] })).toThrow(/continuation byte/);
    expect(() => new MingoAggregator([{ $project: { v: { $substrBytes: ['abcde', 1, -1] } } }]).run([{}])).toThrow();
  });

  test('$week is strftime %U', () => {
    const week = (iso: string, timezone?: string) => run(timezone ? { $week: { date: '$d', timezone } } : { $week: '$d' }, { d: new Date(iso) });
    expect(week('2023-01-01T00:00:00Z')).toBe(1);
    expect(week('2024-01-06T00:00:00Z')).toBe(0);
    expect(week('2024-01-07T00:00:00Z')).toBe(1);
    expect(week('2024-01-06T20:00:00Z', '+08:00')).toBe(1);
    expect(week('2024-01-06T20:00:00Z', 'Asia/Shanghai')).toBe(1);
    expect((new MingoAggregator([{ $project: { v: { $week: '$d' } } }]).run([{ d: new Date('2023-01-01T00:00:00Z') }])[0] as { v: number }).v).toBe(53); // mingo alone
  });
});

describe('$jsonSchema', () => {
  // MongoDB "$jsonSchema": draft 4 keywords, bsonType, no type "integer"
  const docs = [
    { _id: 1, name: 'a', age: 30, tags: ['x', 'y'] },
    { _id: 2, name: 'b', age: 17 },
    { _id: 3, name: 3, age: 40 },
    { _id: 4, name: 'd', age: 50, extra: true },
    { _id: 5, name: 'e', age: 31.5, tags: ['x', 'x'] },
  ];
  const find = (schema: object) => ids(new Query({ $jsonSchema: schema }).find(docs as never).all() as never);

  test('types, ranges, required, additionalProperties, items', () => {
    expect(find({ required: ['name'], properties: { name: { bsonType: 'string' } } })).toEqual([1, 2, 4, 5]);
    expect(find({ properties: { age: { bsonType: 'int', minimum: 18 } } })).toEqual([1, 3, 4]);
    expect(find({ properties: { age: { type: 'number', minimum: 18, exclusiveMinimum: true } } })).toEqual([1, 3, 4, 5]);
    expect(find({ additionalProperties: false, properties: { _id: {}, name: {}, age: {}, tags: {} } })).toEqual([1, 2, 3, 5]);
    expect(find({ properties: { tags: { bsonType: 'array', uniqueItems: true, items: { enum: ['x', 'y'] } } } })).toEqual([1, 2, 3, 4]);
    expect(find({ anyOf: [{ properties: { age: { maximum: 17 } } }, { required: ['extra'] }] })).toEqual([2, 4]);
    expect(find({ not: { required: ['tags'] } })).toEqual([2, 3, 4]);
  });

  test('unsupported keywords are errors', () => {
    expect(() => new Query({ $jsonSchema: { type: 'integer' } }).find(docs as never).all()).toThrow(/integer/);
    expect(() => new Query({ $jsonSchema: { $ref: '#/x' } })).toThrow(/unsupported keyword/);
    expect(() => new MingoQuery({ $jsonSchema: { required: ['a'] } })).toThrow(/jsonSchemaValidator/); // mingo alone
  });
});
