import fs from 'fs';
import path from 'path';
import type { Main } from './gateway';
import { wechatContext } from './env';

/**
 * Demo 评优表扬 through the real `report` handlers, when the active preset commends volunteers
 * (遂宁, 厦门): the lowest demo staff member nominates the two best-ranked volunteers of her
 * subtree (with only one, the same volunteer for last year and this year); a node above approves
 * the first (she sees it in 我的荣誉) and leaves the second waiting (待审批). Staff are given
 * from the lowest node up. All synthetic.
 */
type Res = { ok: boolean; data?: any; error?: { code: string; message: string } };

function reportMain(given?: Main): Main {
  if (given) return given;
  const bundle = path.resolve(__dirname, '../cloudfunctions/report/index.js');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return (fs.existsSync(bundle) ? require(bundle) : require('../src/functions/report')).main as Main;
}

const REASONS = ['每月按时联系孩子和监护人，坚持入户走访，帮孩子圆了微心愿', '发现孩子放学后无人照看，及时报告并协助落实照护'];

export async function seedCommendations(functions: Record<string, Main | undefined>, staffLowestFirst: readonly string[]): Promise<void> {
  const main = reportMain(functions.report);
  const call = async (openid: string, action: string, data: unknown = {}) => (await main({ action, data }, wechatContext(openid, 'report'))) as Res;
  const [nominator, ...above] = staffLowestFirst;
  if (!nominator) return;
  const list = await call(nominator, 'shortlist', { pageSize: 2 });
  if (!list.ok) {
    // no commendation in this programme (or functions not rebuilt): nothing to show
    if (list.error?.code !== 'NOT_FOUND') console.warn(`demo seed: no demo commendations (report.shortlist: ${list.error?.message})`);
    return;
  }
  const year = list.data.year as number;
  const picks = (list.data.items as { volunteerId: string; canNominate: boolean }[]).filter((r) => r.canNominate);
  if (picks.length === 0) return;
  // two volunteers for this year; with one only, last year's commendation is the approved one
  const previous = (list.data.years as number[]).includes(year - 1) ? year - 1 : null;
  const plan = picks.length > 1 || previous === null
    ? picks.map((r, i) => ({ year, volunteerId: r.volunteerId, approve: i === 0 }))
    : [{ year: previous, volunteerId: picks[0].volunteerId, approve: true }, { year, volunteerId: picks[0].volunteerId, approve: false }];
  for (const [i, p] of plan.entries()) {
    const n = await call(nominator, 'nominate', { year: p.year, volunteerId: p.volunteerId, reason: REASONS[i] ?? REASONS[0] });
    if (!n.ok) throw new Error(`demo seed: report.nominate failed: ${n.error?.message}`);
    if (!p.approve) continue;
    for (const approver of above) {
      const d = await call(approver, 'decide', { id: n.data.id, version: n.data.version, decision: 'approve', reason: '事迹突出，同意表扬' });
      if (d.ok) break;
    }
  }
}
