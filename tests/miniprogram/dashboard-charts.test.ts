import { areasChart, monthsChart } from '../../miniprogram/packages/report/pages/dashboard/charts';

/**
 * The dashboard's chart options go through the real uCharts (the npm package as built into
 * miniprogram_npm) onto a recording canvas context: the library accepts them, draws every label,
 * and draws text at the page's text scale (utils/font-scale.ts: WeChat's font setting, 关怀模式).
 * Pixels are not checked.
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

test('large fonts: at WeChat\'s largest setting (1.5) the chart draws its text half as large again, in 关怀模式 on top (1.75) larger still', async () => {
  const legend = async (scale: number) => (await draw(monthsChart(months, scale).opts)).find((t) => t.text === '走访联系（次）')!.font;
  expect(await legend(1.5)).toMatch(/^42px/); // 21 px × 2
  expect(await legend(1.75)).toMatch(/^50px/); // 14 × 1.75 = 24.5, rounded to 25 px
  // still every word: both legends and fewer month labels, so they stay apart
  const drawn = (await draw(monthsChart(months, 1.75).opts)).map((t) => t.text);
  expect(drawn).toEqual(expect.arrayContaining(['走访联系（次）', '覆盖率（%）', '1月', '12月']));
  const bars = (await draw(areasChart(areas, 1.75)!.opts)).find((t) => t.text === '测试乙区')!.font;
  expect(bars).toMatch(/^50px/);
});

test('the areas chart: worst coverage first, a node without target children last', async () => {
  const spec = areasChart(areas, 1)!;
  expect(spec.opts.categories).toEqual(['测试乙区', '测试甲区', '测试丙区']);
  expect(spec.summary).toBe('覆盖率最低：测试乙区 20%、测试甲区 80%；高风险未结对：测试乙区2名。');
  const drawn = (await draw(spec.opts)).map((t) => t.text);
  expect(drawn).toEqual(expect.arrayContaining(['测试乙区', '测试甲区', '测试丙区']));
  expect(areasChart([], 1)).toBeNull();
});

test('large fonts: a long area name is shortened on the axis (whole in the summary) and the axis keeps three labels, so the bars keep their width', async () => {
  const long = [...areas, { ...areas[0], code: 'd', name: '天府新区遂宁片区', coveragePercent: 10 }];
  expect(areasChart(long, 1)!.opts.categories).toContain('天府新区遂宁片区'); // 9 characters fit at 14 px
  const large = areasChart(long, 1.75)!;
  expect(large.opts.categories).toEqual(['天府新区…', '测试乙区', '测试甲区', '测试丙区']);
  expect((large.opts.yAxis as any).data[0].categories).toEqual(large.opts.categories); // eslint-disable-line @typescript-eslint/no-explicit-any
  expect(large.summary).toContain('天府新区遂宁片区 10%');
  const drawn = (await draw(large.opts)).map((t) => t.text);
  expect(drawn).toEqual(expect.arrayContaining(['天府新区…', '0', '50', '100']));
  expect(drawn).not.toContain('40'); // 20 and 80 are bars' own labels here
  expect(drawn).not.toContain('60');
  expect((await draw(areasChart(long, 1)!.opts)).map((t) => t.text)).toEqual(expect.arrayContaining(['40', '60']));
});

test('the months summary says what the chart shows, and where the records start', () => {
  const series = months.map((m, i) => ({ ...m, visits: i < 3 ? null : m.visits }));
  expect(monthsChart(series, 1).summary).toBe('近12个月走访联系共189次，12月33次；结对覆盖率由11月的50%到12月的51%；走访次数自4月起有记录。');
});
