import { areasChart, fontScale, monthsChart } from '../../miniprogram/packages/report/pages/dashboard/charts';

/**
 * The dashboard's chart options go through the real uCharts (the npm package as built into
 * miniprogram_npm) onto a recording canvas context: the library accepts them, draws every label,
 * and draws text at the size the reader's font setting asks for. Pixels are not checked.
 */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const UCharts = require('../../miniprogram/packages/report/lib/u-charts.js').default as new (o: unknown) => unknown;

function recorder() {
  const texts: { text: string; font: string }[] = [];
  const state: Record<string, unknown> = { font: '10px sans-serif' };
  const ctx = new Proxy(state, {
    get(target, prop: string) {
      if (prop in target) return target[prop];
      // no setFontSize & co.: uCharts then installs its canvas-2d versions (they set `font`)
      if (prop.startsWith('set')) return undefined;
      if (prop === 'measureText') return (s: string) => ({ width: String(s).length * 10 });
      if (prop === 'fillText') return (s: string) => texts.push({ text: String(s), font: String(target.font) });
      return () => undefined;
    },
    set(target, prop: string, value) {
      target[prop] = value;
      return true;
    },
  });
  return { ctx, texts };
}

const months = Array.from({ length: 12 }, (_v, i) => ({ month: `2025-${i + 1}`, label: `${i + 1}月`, visits: i * 3, coverage: i < 10 ? null : 40 + i }));
const areas = [
  { code: 'a', name: '测试甲区', level: 'county', children: 10, paired: 8, coveragePercent: 80, unpairedHighRisk: 0, volunteersApproved: 3, activePairings: 8, overduePairings: 0, openFlags: 0, contacts: 4, wishesWaiting: 0 },
  { code: 'b', name: '测试乙区', level: 'county', children: 10, paired: 2, coveragePercent: 20, unpairedHighRisk: 2, volunteersApproved: 1, activePairings: 2, overduePairings: 1, openFlags: 1, contacts: 1, wishesWaiting: 1 },
  { code: 'c', name: '测试丙区', level: 'county', children: 0, paired: 0, coveragePercent: null, unpairedHighRisk: 0, volunteersApproved: 0, activePairings: 0, overduePairings: 0, openFlags: 0, contacts: 0, wishesWaiting: 0 },
];

/** uCharts draws on its next animation frame (a 17 ms timer) even without animation. */
async function draw(opts: Record<string, unknown>, pixelRatio = 2) {
  const { ctx, texts } = recorder();
  new UCharts({ ...opts, context: ctx, canvas2d: true, width: 340 * pixelRatio, height: 260 * pixelRatio, pixelRatio, animation: false });
  await new Promise((r) => setTimeout(r, 100));
  return texts;
}

test('the months chart: month labels (every third, to stay apart) and both legends are drawn, at the standard size', async () => {
  const texts = await draw(monthsChart(months, 1).opts);
  const drawn = texts.map((t) => t.text);
  for (const label of ['1月', '4月', '7月', '10月']) expect(drawn).toContain(label);
  expect(drawn).toEqual(expect.arrayContaining(['走访联系（次）', '覆盖率（%）']));
  expect(texts.find((t) => t.text === '走访联系（次）')!.font).toMatch(/^28px/); // 14 px × pixel ratio 2
});

test('large fonts: the same chart draws its text half as large again', async () => {
  const texts = await draw(monthsChart(months, fontScale(24)).opts);
  expect(texts.find((t) => t.text === '走访联系（次）')!.font).toMatch(/^42px/);
});

test('the areas chart: worst coverage first, a node without target children last', async () => {
  const spec = areasChart(areas, 1)!;
  expect(spec.opts.categories).toEqual(['测试乙区', '测试甲区', '测试丙区']);
  expect(spec.summary).toBe('覆盖率最低：测试乙区 20%、测试甲区 80%；高风险未结对：测试乙区2名。');
  const drawn = (await draw(spec.opts)).map((t) => t.text);
  expect(drawn).toEqual(expect.arrayContaining(['测试乙区', '测试甲区', '测试丙区']));
  expect(areasChart([], 1)).toBeNull();
});

test('font scale: WeChat\'s setting over the standard 16 px, never smaller than the standard', () => {
  expect(fontScale(16)).toBe(1);
  expect(fontScale(20)).toBe(1.25);
  expect(fontScale(12)).toBe(1);
  expect(fontScale(undefined)).toBe(1);
});

test('the months summary says what the chart shows, and where the records start', () => {
  const series = months.map((m, i) => ({ ...m, visits: i < 3 ? null : m.visits }));
  expect(monthsChart(series, 1).summary).toBe('近12个月走访联系共189次，12月33次；结对覆盖率由11月的50%到12月的51%；走访次数自4月起有记录。');
});
