import { inputHash, stableJson } from '../../src/server/fingerprint';

/** The hash a replay is compared by: equal for equal values whatever the key order, different for any change. */
test('key order and undefined keys do not matter; values, array order and types do', () => {
  expect(stableJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
  expect(stableJson({ a: 1, u: undefined })).toBe('{"a":1}');
  expect(stableJson([undefined, '文字'])).toBe('[null,"文字"]');
  expect(inputHash({ a: 1, b: [1, 2] })).toBe(inputHash({ b: [1, 2], a: 1 }));
  expect(inputHash({ a: 1, b: [1, 2] })).toMatch(/^[0-9a-f]{32}$/);
  for (const other of [{ a: 2, b: [1, 2] }, { a: 1, b: [2, 1] }, { a: '1', b: [1, 2] }, { a: 1, b: [1, 2], c: '' }]) {
    expect(inputHash(other)).not.toBe(inputHash({ a: 1, b: [1, 2] }));
  }
});
