import { claimTimes, daysLeft, districtOf, donorLabel, dueAction, publicCard, shareTitle, wishAlias, type WishCore } from '../../../src/domain/wish';

test('the alias is the given name\'s first character + 同学, compound surnames included', () => {
  expect(wishAlias('王小红')).toBe('小同学');
  expect(wishAlias('欧阳明月')).toBe('明同学');
  expect(wishAlias('李娜')).toBe('娜同学');
});

const wish: WishCore = {
  _id: 'w1', child: { alias: '小同学', age: 9, sex: 'female', districtCode: 'd1', districtName: '测试区' },
  title: '一个新书包', category: 'school_supplies', priceYuan: 120, occasion: 'school_start', neededBy: '2026-09-01', status: 'published', publishedAt: null,
};

test('the public card carries exactly the ten public facts and the status', () => {
  const card = publicCard({ ...wish, ...({ childId: 'c1', orgPath: ['x'], childWords: '谢谢' } as object) } as WishCore);
  expect(Object.keys(card).sort()).toEqual(['age', 'alias', 'category', 'categoryLabel', 'district', 'id', 'neededBy', 'occasion', 'occasionLabel', 'priceYuan', 'sex', 'status', 'statusLabel', 'title'].sort());
  expect(card).toMatchObject({ alias: '小同学', sex: '女', categoryLabel: '学习用品', occasionLabel: '开学', statusLabel: '等待认领' });
  expect(shareTitle(card)).toBe('小同学（9岁）的微心愿：一个新书包');
});

test('district, donor label', () => {
  expect(districtOf(['city', 'district', 'street', 'cm'])).toBe('district');
  expect(districtOf(['city'])).toBe('city');
  expect(donorLabel({ displayName: '测试爱心企业', anonymous: false })).toBe('测试爱心企业');
  expect(donorLabel({ displayName: '测试爱心企业', anonymous: true })).toBe('爱心人士');
  expect(donorLabel({ displayName: null, anonymous: false })).toBe('爱心人士');
});

test('claim timing: remind once before the lapse, then lapse', () => {
  const t0 = Date.parse('2026-05-01T00:00:00Z');
  const times = claimTimes(t0, { claimDays: 7, reminderDaysBeforeLapse: 2 });
  expect(times.expiresAt).toBe('2026-05-08T00:00:00.000Z');
  expect(times.remindAt).toBe('2026-05-06T00:00:00.000Z');
  const open = { expiresAt: times.expiresAt, remindAt: times.remindAt, reminded: false };
  expect(dueAction(open, Date.parse('2026-05-05T23:00:00Z'))).toBeNull();
  expect(dueAction(open, Date.parse('2026-05-06T01:00:00Z'))).toBe('remind');
  expect(dueAction({ ...open, reminded: true }, Date.parse('2026-05-06T01:00:00Z'))).toBeNull();
  expect(dueAction({ ...open, reminded: true }, Date.parse('2026-05-08T00:00:00Z'))).toBe('lapse');
  expect(claimTimes(t0, { claimDays: 3, reminderDaysBeforeLapse: 0 }).remindAt).toBeNull();
  expect(daysLeft(times.expiresAt, Date.parse('2026-05-06T12:00:00Z'))).toBe(2);
});
