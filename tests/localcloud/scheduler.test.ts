import { cronMatches, readTriggers } from '../../localcloud/scheduler';
import { createFunction } from '../../src/server/handler';
import { wechatContext } from '../../localcloud/env';
import { timerContext, timerEvent } from '../../localcloud/scheduler';
import path from 'path';

test('seven-field cron in Asia/Shanghai', () => {
  // 01:00Z is 09:00 in Shanghai
  expect(cronMatches('0 0 9 * * * *', new Date('2026-11-23T01:00:00Z'))).toBe(true);
  expect(cronMatches('0 0 9 * * * *', new Date('2026-11-23T09:00:00Z'))).toBe(false);
  expect(cronMatches('0 */15 * * * * *', new Date('2026-11-23T01:45:00Z'))).toBe(true);
  expect(cronMatches('0 */15 * * * * *', new Date('2026-11-23T01:44:00Z'))).toBe(false);
  expect(cronMatches('0 0 9 1,15 * * *', new Date('2026-11-15T01:00:00Z'))).toBe(true);
  expect(() => cronMatches('0 9 * * *', new Date())).toThrow(/7 fields/);
});

test('triggers are read from the function folders', () => {
  const triggers = readTriggers(path.resolve(__dirname, '../../cloudfunctions'));
  for (const t of triggers) expect(t.cron.split(' ')).toHaveLength(7);
});

describe('timer events', () => {
  const ran: string[] = [];
  beforeEach(() => {
    ran.length = 0; // each test sees only the jobs it ran
  });
  const main = createFunction('account', {} as never, {
    timers: {
      daily: async () => {
        ran.push('daily');
        return { done: 1 };
      },
    },
  });

  test('a real trigger (no identity) runs its job', async () => {
    await expect(main(timerEvent('daily'), timerContext('account'))).resolves.toEqual({ ok: true, data: { done: 1 } });
    expect(ran).toEqual(['daily']);
  });

  test('a user cannot fire a job by sending a timer-shaped event', async () => {
    const res = await main(timerEvent('daily'), wechatContext('someone', 'account'));
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(ran).toEqual([]);
  });

  test('an unknown trigger is refused', async () => {
    await expect(main(timerEvent('nightly'), timerContext('account'))).resolves.toMatchObject({ ok: false });
  });
});
