import type { Output } from '../../../../../src/contract';

type Dash = Output<'report', 'dashboard'>;
type Month = Dash['series'][number];
type Subnode = Dash['figures']['subnodes'][number];

/**
 * The dashboard's two charts as uCharts options (everything but the canvas context and size, which
 * only the phone has), each with a text summary for whoever reads charts poorly. Font sizes follow
 * the page's own text scale (`scale`: utils/font-scale.ts, WeChat's font setting and 关怀模式, 1 at
 * the standard size), so a chart's words grow with the words around it; so does the chart's height.
 */
export interface ChartSpec {
  id: string;
  /** CSS height in px */
  height: number;
  opts: Record<string, unknown>;
  summary: string;
}

const BASE_FONT = 14;
const GREEN = '#2ba471';
const BLUE = '#0052d9';
const RED = '#d54941';

/** px of a phone's chart width (375 pt less the page's and card's padding) the area names may take */
const NAME_WIDTH = 130;

const fonts = (scale: number) => Math.round(BASE_FONT * scale);
/** from here the axes show fewer labels, which would otherwise run into each other */
const crowded = (scale: number) => scale > 1.2;
const pct = (p: number | null) => (p === null ? '—' : `${p}%`);

/** Check-ins per month (columns, left axis) and coverage (line, right axis, 0–100 %), the last 12 months. */
export function monthsChart(series: readonly Month[], scale = 1): ChartSpec {
  const f = fonts(scale);
  const visits = series.map((m) => m.visits ?? 0);
  const known = series.filter((m) => m.coverage !== null);
  const first = series.find((m) => m.visits !== null);
  const last = series[series.length - 1];
  const total = visits.reduce((a, b) => a + b, 0);
  const parts = [`近12个月走访联系共${total}次${last ? `，${last.label}${last.visits ?? 0}次` : ''}`];
  if (known.length > 1) parts.push(`结对覆盖率由${known[0].label}的${pct(known[0].coverage)}到${known[known.length - 1].label}的${pct(known[known.length - 1].coverage)}`);
  else if (known.length === 1) parts.push(`结对覆盖率${known[0].label}为${pct(known[0].coverage)}（此后每月记录）`);
  if (first && first !== series[0]) parts.push(`走访次数自${first.label}起有记录`);
  return {
    id: 'months',
    height: Math.round(260 * scale),
    summary: `${parts.join('；')}。`,
    opts: {
      type: 'mix',
      fontSize: f,
      color: [BLUE, GREEN],
      padding: [f, f, Math.round(f / 2), 4],
      categories: series.map((m) => m.label),
      // a month before the first run has no coverage: null leaves a gap rather than drawing 0 %
      series: [
        { name: '走访联系（次）', type: 'column', index: 0, data: visits },
        { name: '覆盖率（%）', type: 'line', index: 1, data: series.map((m) => m.coverage), style: 'straight', addPoint: true },
      ],
      // marginTop: the left axis's 0 is centred on the baseline; large, its lower half met the first month
      xAxis: { disableGrid: true, fontSize: f, labelCount: crowded(scale) ? 4 : 6, marginTop: Math.round((f - BASE_FONT) / 2) },
      yAxis: {
        data: [
          { position: 'left', min: 0, fontSize: f, title: '次', titleFontSize: f },
          { position: 'right', min: 0, max: 100, fontSize: f, title: '%', titleFontSize: f },
        ],
      },
      legend: { show: true, position: 'top', fontSize: f, lineHeight: f + 4 },
      dataLabel: false,
      extra: { mix: { column: { width: Math.round(10 * scale) } } },
    },
  };
}

const rank = (s: Subnode) => (s.coveragePercent === null ? Infinity : s.coveragePercent);
/** Lowest coverage first, then most unpaired high-risk children; no target children to count: last. */
export const worstFirst = (a: Subnode, b: Subnode): number => rank(a) - rank(b) || b.unpairedHighRisk - a.unpairedHighRisk || a.name.localeCompare(b.name);

/** An area's name on the chart's axis: a long one shortened, so the bars keep most of the width
 * (the summary and 各地明细 give it whole). */
function axisName(name: string, f: number): string {
  const max = Math.max(4, Math.floor(NAME_WIDTH / f));
  return name.length > max ? `${name.slice(0, max - 1)}…` : name;
}

/** The child nodes side by side by coverage, worst first. */
export function areasChart(subnodes: readonly Subnode[], scale = 1): ChartSpec | null {
  if (!subnodes.length) return null;
  const f = fonts(scale);
  const rows = [...subnodes].sort(worstFirst);
  const names = rows.map((s) => axisName(s.name, f));
  const counted = rows.filter((s) => s.coveragePercent !== null);
  const worst = counted.slice(0, 2).map((s) => `${s.name} ${pct(s.coveragePercent)}`);
  const best = counted.length > 2 ? counted[counted.length - 1] : null;
  const risky = rows.filter((s) => s.unpairedHighRisk > 0).map((s) => `${s.name}${s.unpairedHighRisk}名`);
  const parts = [counted.length ? `覆盖率最低：${worst.join('、')}` : '各地暂无目标儿童'];
  if (best) parts.push(`最高：${best.name} ${pct(best.coveragePercent)}`);
  if (risky.length) parts.push(`高风险未结对：${risky.slice(0, 3).join('、')}${risky.length > 3 ? `等${risky.length}地` : ''}`);
  return {
    id: 'areas',
    height: Math.round((rows.length * 36 + 70) * scale),
    summary: `${parts.join('；')}。`,
    opts: {
      type: 'bar',
      fontSize: f,
      color: [GREEN, RED],
      padding: [f, f * 2, Math.round(f / 2), 4],
      categories: names,
      series: [{ name: '结对覆盖率（%）', data: rows.map((s) => s.coveragePercent ?? 0) }],
      xAxis: { min: 0, max: 100, fontSize: f, boundaryGap: 'justify', splitNumber: crowded(scale) ? 2 : 5 },
      // a bar chart's y axis is its categories; uCharts only sets that itself when no axis is given
      yAxis: { data: [{ type: 'categories', categories: names, fontSize: f }] },
      legend: { show: false },
      dataLabel: true,
      extra: { bar: { type: 'group', width: Math.round(18 * scale), linearType: 'none' } },
    },
  };
}
