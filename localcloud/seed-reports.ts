import fs from 'fs';
import path from 'path';
import type { Main } from './gateway';
import { wechatContext } from './env';
import { timerContext, timerEvent } from './scheduler';

/**
 * Demo 工作报送 through the real `report` handlers, when the active preset has a reporting
 * calendar (晋江, 龙岗): the demo street staff submits the report of an earlier period and leaves a
 * draft for the latest open one, so 工作报送 and 报送情况 have something to show. All synthetic.
 */
type Res = { ok: boolean; data?: any; error?: { code: string; message: string } };

function reportMain(given?: Main): Main {
  if (given) return given;
  const bundle = path.resolve(__dirname, '../cloudfunctions/report/index.js');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return (fs.existsSync(bundle) ? require(bundle) : require('../src/functions/report')).main as Main;
}

const TEXT: Record<string, string> = {
  problems: '个别孩子的监护人年纪较大，电话联系不便，需要更多入户走访',
  results: '本期各社区均已完成结对孩子的走访联系，台账按月更新',
  experience: '爱心妈妈与社区网格员搭档，每周固定时间上门',
  ledger: '结对台账、走访记录已按附件格式整理',
};
const CASE = { title: '周末共读', text: '一位爱心妈妈每周末陪结对孩子读书一小时，孩子的语文成绩明显提高。' };

/** `openid`: the demo staff member at a street (DEMO_STAFF.street in ./seed). */
export async function seedReports(functions: Record<string, Main | undefined>, openid: string): Promise<void> {
  const main = reportMain(functions.report);
  const as = async (action: string, data: unknown = {}) => {
    const res = (await main({ action, data }, wechatContext(openid, 'report'))) as Res;
    if (!res.ok) throw new Error(`demo seed: report.${action} failed: ${res.error?.message}`);
    return res.data;
  };
  const first = (await main({ action: 'periods', data: {} }, wechatContext(openid, 'report'))) as Res;
  if (!first.ok) {
    console.warn(`demo seed: no demo reports (report.periods: ${first.error?.message}; rebuild the functions?)`);
    return;
  }
  const cal = first.data;
  if (!cal.enabled || !cal.canSubmit) return;
  const open = (cal.periods as { key: string; open: boolean }[]).filter((p) => p.open);
  const keys = (cal.sections as { key: string }[]).map((s) => s.key);
  const write = async (periodKey: string) => {
    const r = await as('draft', { orgCode: cal.orgCode, periodKey });
    const narrative = Object.fromEntries(keys.filter((k) => TEXT[k]).map((k) => [k, TEXT[k]]));
    return as('save', {
      orgCode: cal.orgCode, periodKey, version: r.version, narrative, ...(keys.includes('typical_cases') ? { typicalCases: [CASE] } : {}),
    }) as Promise<{ version: number }>;
  };
  const [latest, earlier] = open;
  if (earlier) {
    const saved = await write(earlier.key);
    await as('submit', { orgCode: cal.orgCode, periodKey: earlier.key, version: saved.version });
  }
  if (latest) await write(latest.key);
}

/**
 * The report function's hourly timer, once, as CloudBase's trigger runs it (no identity): the
 * dashboard reads per-node snapshots the timer writes, so a fresh demo shows them from the start.
 */
export async function seedDashboard(functions: Record<string, Main | undefined>): Promise<void> {
  const res = (await reportMain(functions.report)(timerEvent('hourly'), timerContext('report'))) as { ok: boolean; error?: { message: string } };
  if (!res.ok) throw new Error(`demo seed: report timer failed: ${res.error?.message}`);
}
