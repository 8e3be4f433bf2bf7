import { claimTimes } from '../../src/domain/wish/timing';
import { reminderValues, reminderText } from '../../src/functions/wish/remind';
import { SUBSCRIBE_TEMPLATES, templateData } from '../../src/server/templates';

/** The claim reminder (subscribe message and in-app notice) shows China's civil date of the expiry, whatever the machine's zone. */

// claimed at 01:30 China time on 2 March = 17:30 UTC on 1 March; a 7-day claim expires 01:30 on 9 March in China
const claim = claimTimes(Date.parse('2026-03-01T17:30:00.000Z'), { claimDays: 7, reminderDaysBeforeLapse: 2 });
const wish = { title: '想要一盒彩笔', expiresAt: claim.expiresAt };
const DEFAULT_KEYS = Object.fromEntries(Object.entries(SUBSCRIBE_TEMPLATES.WISH_REMINDER.fields).map(([f, d]) => [f, d.key]));
const reminderFields = (w: typeof wish) => templateData('WISH_REMINDER', DEFAULT_KEYS, reminderValues(w));

test('a claim made at 01:30 China time: the reminder carries the China date, not the UTC date a day early', () => {
  expect(process.env.TZ).toBe('UTC');
  expect(claim.expiresAt).toBe('2026-03-08T17:30:00.000Z');
  expect(reminderFields(wish)).toEqual({
    thing1: { value: '想要一盒彩笔' },
    time2: { value: '2026年3月9日 01:30' },
    thing3: { value: '认领即将到期，请尽快寄出礼物' },
  });
  expect(reminderText(wish)).toBe('您认领的心愿“想要一盒彩笔”将于2026-03-09到期，请尽快寄出礼物');
});

test('either side of China midnight (16:00 UTC)', () => {
  expect(reminderFields({ title: 'x', expiresAt: '2026-03-08T15:59:00.000Z' }).time2!.value).toBe('2026年3月8日 23:59');
  expect(reminderFields({ title: 'x', expiresAt: '2026-03-08T16:00:00.000Z' }).time2!.value).toBe('2026年3月9日 00:00');
});

test('the template\'s thing fields stay within WeChat\'s 20 characters', () => {
  const f = reminderFields({ title: '想要一套很长很长很长很长很长很长的百科全书和一个书包', expiresAt: claim.expiresAt });
  expect(f.thing1!.value.length).toBeLessThanOrEqual(20);
  expect(f.thing3!.value.length).toBeLessThanOrEqual(20);
});
