import { now, setClock, inZone } from '../../src/server/time';

afterEach(() => setClock(null));

test('dates are in Asia/Shanghai whatever the machine zone is', () => {
  // 2024-02-29T16:30Z is already 1 March in China
  setClock(() => Date.parse('2024-02-29T16:30:00Z'));
  expect(now().format('YYYY-MM-DD HH:mm')).toBe('2024-03-01 00:30');
  expect(inZone('2024-12-31T15:59:59Z').format('YYYY-MM-DD')).toBe('2024-12-31');
  expect(inZone('2024-12-31T16:00:00Z').format('YYYY-MM-DD')).toBe('2025-01-01');
});

test('the clock can be moved for tests and restored', () => {
  setClock(() => 0);
  expect(now().year()).toBe(1970);
  setClock(null);
  expect(now().year()).toBeGreaterThan(2020);
});
