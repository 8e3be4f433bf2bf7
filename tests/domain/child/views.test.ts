import { alias, applyPatch, careView, emptyFields, givenName, mapSensitive, splitName, type ChildDoc, type SealedValue } from '../../../src/domain/child';

test('names: surname, given name and the 同学 alias (compound surnames kept whole)', () => {
  expect(splitName('测试儿童甲')).toEqual({ surname: '测', given: '试儿童甲' });
  expect(splitName('欧阳测试')).toEqual({ surname: '欧阳', given: '测试' });
  expect(alias('欧阳测试')).toBe('测同学');
  expect(alias('测试儿童甲')).toBe('试同学');
  expect(givenName('王')).toBe('王');
});

test('the care view carries only what care needs: no ID number, surname, address or family', () => {
  const seal = (v: string): SealedValue => ({ enc: 'x', hash: v, masked: '***' });
  const fields = applyPatch(
    { ...emptyFields(), name: '测试儿童甲', birthDate: '2016-05-03', category: 'left_behind' as const },
    { idNumber: '990000201605030027', address: '测试村', guardian: { name: '测试祖母', phone: '13900000001', relation: '祖母' }, father: { name: '测试父亲', phone: '13900000002' }, interests: '画画', needs: ['study'] },
  );
  const doc = { ...(mapSensitive<string, SealedValue>(fields, seal) as object), _id: 'c1' } as ChildDoc;
  const view = careView(doc, '2024-05-04', (s) => `clear:${s.hash}`);
  expect(Object.keys(view).sort()).toEqual(
    ['age', 'className', 'classTeacher', 'classTeacherPhone', 'givenName', 'guardianName', 'guardianPhone', 'guardianRelation', 'id', 'interests', 'needs', 'needsLabel', 'needsNote', 'school', 'sex'].sort(),
  );
  expect(view).toMatchObject({ givenName: '试儿童甲', age: 8, guardianPhone: 'clear:13900000001', interests: '画画' });
  const text = JSON.stringify(view);
  for (const secret of ['990000201605030027', '测试村', '测试父亲', '13900000002', '测试儿童甲']) expect(text).not.toContain(secret);
});

test.each([
  [' 王小明 ', { surname: '王', given: '小明' }, '小同学'], // spaces around a typed name
  ['欧阳', { surname: '欧', given: '阳' }, '阳同学'], // two characters: 欧 is the surname, not 欧阳
  ['欧阳明', { surname: '欧阳', given: '明' }, '明同学'],
  ['   ', { surname: '', given: '' }, '同学'], // no name: no stray space before 同学
  ['', { surname: '', given: '' }, '同学'],
])('splitName(%j) and its alias', (full, parts, nick) => {
  expect(splitName(full)).toEqual(parts);
  expect(alias(full)).toBe(nick);
});

test('the care view names the needs in words (an unknown code as it is) and gives no missing number as blank', () => {
  const fields = { ...emptyFields(), name: '测试儿童甲', birthDate: '2016-05-03', category: 'left_behind' as const, needs: ['study', 'emotional', 'dance'] };
  const doc = { ...(fields as object), _id: 'c1' } as ChildDoc;
  const view = careView(doc, '2024-05-04', () => 'never called');
  expect(view).toMatchObject({ needsLabel: '学习辅导、精神关爱、dance', classTeacherPhone: '', guardianPhone: '' });
});
