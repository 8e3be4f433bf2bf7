import type { ChartSpec } from './charts';

/**
 * Draws a chart spec on the page's `<canvas type="2d" id="chart-{id}">` with uCharts (npm
 * @qiun/ucharts, compiled into this sub-package's lib/ by scripts/build-npm.ts, so it weighs on the
 * report package only). Where there is no canvas node (page tests, an old
 * client) it draws nothing: the summary beneath each chart carries the numbers.
 */
type CanvasNode = { width: number; height: number; getContext(kind: '2d'): unknown };
type Query = { select(sel: string): { fields(f: Record<string, boolean>, cb?: () => void): { exec(cb: (res: ({ node?: CanvasNode; width?: number; height?: number } | null)[]) => void): void } } };

export function drawChart(page: { createSelectorQuery?: () => Query }, spec: ChartSpec): void {
  const query = page.createSelectorQuery?.();
  if (!query) return;
  query.select(`#chart-${spec.id}`).fields({ node: true, size: true }).exec((res) => {
    const r = res?.[0];
    if (!r?.node || !r.width || !r.height) return;
    const ratio = wx.getWindowInfo?.().pixelRatio ?? 2;
    r.node.width = r.width * ratio;
    r.node.height = r.height * ratio;
    // loaded on first draw only: the dashboard's first paint does not wait for the chart library
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const lib = require('../../lib/u-charts.js') as { default?: new (o: unknown) => unknown };
    const UCharts = (lib.default ?? lib) as new (o: unknown) => unknown;
    new UCharts({ ...spec.opts, context: r.node.getContext('2d'), canvas2d: true, width: r.width * ratio, height: r.height * ratio, pixelRatio: ratio, animation: false, background: '#FFFFFF' });
  });
}
