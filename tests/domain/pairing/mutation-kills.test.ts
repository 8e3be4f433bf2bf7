import { capacityOf, matchRules, placesPerChild } from '../../../src/domain/pairing/rules';
import { publicCard, type WishCore } from '../../../src/domain/wish';
import { getProgramme } from '../../../src/programmes';

/** Cases written for mutants that survived `npm run mutate` (docs/testing.md "Mutation testing"). */
const xiamen = getProgramme('xiamen-2017')!;
const suining = getProgramme('suining-2019')!;

test('capacity: 多对多 raises it to the maximum where the programme allows that form, not elsewhere', () => {
  expect(capacityOf(xiamen.pairing, ['many_to_many'])).toBe(3);
  expect(capacityOf(xiamen.pairing, ['one_to_many'])).toBe(3);
  expect(capacityOf(suining.pairing, ['many_to_many'])).toBe(1);
  expect(capacityOf(suining.pairing, ['one_to_many'])).toBe(3);
  expect(capacityOf(suining.pairing)).toBe(1);
});

test('places per child: local + remote, capped by the programme\'s maximum', () => {
  expect(placesPerChild({ ...xiamen.pairing, maxVolunteersPerChild: 2, localRemote: { local: 2, remote: 1 } })).toEqual({ total: 2, local: 2, remote: 1 });
  expect(placesPerChild({ ...xiamen.pairing, maxVolunteersPerChild: 4, localRemote: { local: 2, remote: 1 } })).toEqual({ total: 3, local: 2, remote: 1 });
});

test('the engine\'s rules name the target categories, the sex only when the programme sets one, and the age', () => {
  expect(matchRules(xiamen)).toEqual({ target: { categories: ['left_behind', 'difficult'], maxAge: 17 }, areaRule: 'any', requireSameCommunityForLocal: false });
  expect(matchRules(suining)).toEqual({ target: { categories: ['left_behind'], sex: 'F', maxAge: 11 }, areaRule: 'any', requireSameCommunityForLocal: false });
  const boys = { ...suining, targetChildren: { ...suining.targetChildren, sex: 'male' as const } };
  expect(matchRules(boys).target).toEqual({ categories: ['left_behind'], sex: 'M', maxAge: 11 });
});

test('a wish card for a child whose sex is not recorded shows no sex', () => {
  const wish = {
    _id: 'w1', child: { alias: '小同学', age: 9, districtCode: 'd1', districtName: '测试区' },
    title: '一个新书包', category: 'school_supplies', priceYuan: 120, occasion: 'school_start', neededBy: '2026-09-01', status: 'published', publishedAt: null,
  } as unknown as WishCore;
  expect(publicCard(wish).sex).toBe('');
});
