import fs from 'fs';
import path from 'path';
import type { Main } from './gateway';
import { wechatContext } from './env';
import { timerContext, timerEvent } from './scheduler';
import { userIdFor } from '../src/server/ids';
import { DEMO_APPLICANTS } from './seed-volunteers';
import { nowMs } from '../src/server/time';

/**
 * Demo 走访打卡 through the real `visit` handlers: the demo volunteer with an active pairing logs a
 * phone call and a home visit (one flagged for staff), so 走访打卡, the volunteer's 本期待办 and the
 * staff 走访督办 board have something to show. All synthetic.
 */
type Res = { ok: boolean; data?: any; error?: { code: string; message: string } };

function visitMain(given?: Main): Main {
  if (given) return given;
  const bundle = path.resolve(__dirname, '../cloudfunctions/visit/index.js');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return (fs.existsSync(bundle) ? require(bundle) : require('../src/functions/visit')).main as Main;
}

export async function seedVisits(functions: Record<string, Main | undefined>): Promise<void> {
  const main = visitMain(functions.visit);
  const as = async (openid: string, action: string, data: unknown = {}) => {
    const res = (await main({ action, data }, wechatContext(openid, 'visit'))) as Res;
    if (!res.ok) throw new Error(`demo seed: visit.${action} failed: ${res.error?.message}`);
    return res.data;
  };
  const hour = 3600_000;
  for (const openid of DEMO_APPLICANTS) {
    const res = (await main({ action: 'mine', data: {} }, wechatContext(openid, 'visit'))) as Res;
    const child = res.ok ? (res.data.children as { childId: string }[])[0] : undefined;
    if (!child) continue;
    const kinds = (res.data.kinds as { code: string }[]).map((k) => k.code);
    const kind = (k: string) => (kinds.includes(k) ? k : kinds[0]);
    const base = { childId: child.childId, withWhom: '孩子和奶奶', childState: { health: '良好', study: '数学有进步', mood: '开朗' } };
    await as(openid, 'checkIn', { ...base, clientId: `demo-${userIdFor(openid).slice(1, 9)}-1`, kind: kind('call'), at: new Date(nowMs() - 50 * hour).toISOString(), durationMinutes: 20 });
    await as(openid, 'checkIn', {
      ...base, clientId: `demo-${userIdFor(openid).slice(1, 9)}-2`, kind: kind('home_visit'), at: new Date(nowMs() - 2 * hour).toISOString(), durationMinutes: 90,
      problems: '奶奶腿脚不便，孩子放学后常独自在家', measures: '已联系社区网格员每周上门两次', flag: '孩子放学后无人照看',
    });
    break;
  }
  // the morning timer, once, as CloudBase delivers it: the area board's tallies exist from the start
  const res = (await main(timerEvent('reminders', new Date(nowMs())), timerContext('visit'))) as Res;
  if (!res.ok) throw new Error(`demo seed: visit timer failed: ${res.error?.message}`);
}
