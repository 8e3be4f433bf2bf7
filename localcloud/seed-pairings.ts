import fs from 'fs';
import path from 'path';
import type { Main } from './gateway';
import { wechatContext } from './env';
import { userIdFor } from '../src/server/ids';
import { DEMO_APPLICANTS } from './seed-volunteers';
import { now } from '../src/server/time';

/**
 * Demo pairings made through the real `pairing` handlers by the city's demo staff member: the
 * engine's suggestions, the first confirmed, the guardian's consent recorded, and the volunteer's
 * acceptance with a 关爱寄语 — so the staff board, the volunteer's 我的结对 and the care card all have
 * something to show. All synthetic.
 */
type Res = { ok: boolean; data?: any; error?: { code: string; message: string } };

/** The deployed bundle when built (npm start), else the source (tests, tsx). */
function pairingMain(given?: Main): Main {
  if (given) return given;
  const bundle = path.resolve(__dirname, '../cloudfunctions/pairing/index.js');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return (fs.existsSync(bundle) ? require(bundle) : require('../src/functions/pairing')).main as Main;
}

export async function seedPairings(functions: Record<string, Main | undefined>, staff: Record<string, string>): Promise<void> {
  const main = pairingMain(functions.pairing);
  const who = Object.keys(staff)[0]!;
  const as = async (openid: string, action: string, data: unknown = {}) => {
    const res = (await main({ action, data }, wechatContext(openid, 'pairing'))) as Res;
    if (!res.ok) throw new Error(`demo seed: pairing.${action} failed: ${res.error?.message}`);
    return res.data;
  };
  const { suggestions } = await as(who, 'suggest');
  const byUser = new Map(DEMO_APPLICANTS.map((o) => [userIdFor(o), o as string]));
  const first = (suggestions as { childId: string; volunteerId: string; reasons: string[] }[]).find((s) => byUser.has(s.volunteerId));
  if (!first) return; // no approved demo volunteer with a place
  const row = await as(who, 'propose', { childId: first.childId, volunteerId: first.volunteerId, reasons: first.reasons });
  await as(who, 'recordConsent', { id: row.id, version: row.version, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: now().format('YYYY-MM-DD') });
  await as(byUser.get(first.volunteerId)!, 'respond', { id: row.id, accept: true, message: '孩子，妈妈会常来看你，有事随时找我' });
}
