/**
 * Pairing engine benchmark: a synthetic city (10,000 children, 5,000 volunteers, six districts ×
 * ten streets × ten communities) for time, memory and coverage, and instances of a few hundred a
 * side where the engine's objective is set beside an exact LP solved by HiGHS.
 * Run alone with `npm run bench -- matching`.
 */
import os from 'node:os';
import loadHighs from 'highs';
import {
  lexWeights, listEligiblePairs, MAX_SCORE, pairWeight, suggestPairings,
  type MatchChild, type MatchObjective, type MatchRules, type MatchVolunteer, type Need,
} from '../src/domain/matching';

/** Deterministic PRNG (mulberry32) so every run sees the same city. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SKILLS = ['辅导功课', '小学教师', '心理咨询师', '社工', '育儿经验', '陪伴孩子', '护士', '律师', '舞蹈', '会计', '厨师'];
const NEED_LIST: Need[] = ['study', 'psychological', 'emotional', 'other'];

export interface City {
  children: MatchChild[];
  volunteers: MatchVolunteer[];
  rules: MatchRules;
}

export function syntheticCity(nChildren: number, nVolunteers: number, seed = 1, districts = 6, streets = 10, communities = 10, cities = 1): City {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  // Uneven demand and supply per community, so some areas must borrow from their neighbours.
  const places: string[][] = [];
  for (let c = 0; c < cities; c++) {
    const C = cities === 1 ? 'C' : `C${c}`;
    const D = cities === 1 ? 'D' : `C${c}D`;
    for (let d = 0; d < districts; d++)
      for (let s = 0; s < streets; s++)
        for (let k = 0; k < communities; k++) places.push([C, `${D}${d}`, `${D}${d}S${s}`, `${D}${d}S${s}K${k}`]);
  }
  const weighted = (w: number[]) => {
    const total = w.reduce((a, b) => a + b, 0);
    return () => {
      let x = r() * total;
      for (let i = 0; i < w.length; i++) if ((x -= w[i]) < 0) return places[i];
      return places[places.length - 1];
    };
  };
  const childPlace = weighted(places.map(() => 0.5 + r()));
  const volPlace = weighted(places.map(() => 0.5 + r()));
  const volunteers: MatchVolunteer[] = [];
  for (let i = 0; i < nVolunteers; i++) {
    const orgPath = volPlace();
    const prefs: MatchVolunteer['preferences'] = {};
    if (r() < 0.3) prefs.childSex = r() < 0.7 ? 'F' : 'M';
    if (r() < 0.3) { prefs.childMinAge = 6; prefs.childMaxAge = 12; }
    if (r() < 0.2) prefs.areaCodes = [orgPath[2]];
    volunteers.push({
      id: `v${i}`, orgPath, role: r() < 0.75 ? 'local' : 'remote',
      freeCapacity: 1 + Math.floor(r() * 3),
      skills: Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(SKILLS)),
      preferences: prefs,
      leaderLevel: pick(['district', 'street', 'community'] as const),
    });
  }
  const children: MatchChild[] = [];
  const forbiddenPairs: MatchRules['forbiddenPairs'] = [];
  for (let i = 0; i < nChildren; i++) {
    const x = r();
    const needs = NEED_LIST.filter(() => r() < 0.4);
    const child: MatchChild = {
      id: `c${i}`, orgPath: childPlace(), sex: r() < 0.5 ? 'F' : 'M', age: 1 + Math.floor(r() * 17),
      category: r() < 0.6 ? '农村留守' : '困境', riskLevel: x < 0.15 ? 'high' : x < 0.45 ? 'medium' : 'low',
      needs: needs.length ? needs : ['emotional'],
      needsRole: r() < 0.1 ? 'remote' : 'any',
    };
    if (r() < 0.05) child.pastVolunteerIds = [pick(volunteers).id];
    if (r() < 0.03) forbiddenPairs.push({ childId: child.id, volunteerId: pick(volunteers).id });
    children.push(child);
  }
  const rules: MatchRules = { target: { categories: ['农村留守', '困境'], maxAge: 16 }, areaRule: 'same_district', forbiddenPairs };
  return { children, volunteers, rules };
}

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
const fmt = (o: MatchObjective) => `high-risk ${o.highRiskCovered}, covered ${o.covered}, score ${o.totalScore}`;

/** One city run for memory, then the best of three for time (other work shares this machine). */
function cityRun(city: City, rules: MatchRules, label: string): string {
  const heapBefore = process.memoryUsage().heapUsed;
  let t0 = performance.now();
  const res = suggestPairings(city.children, city.volunteers, rules);
  let best = performance.now() - t0;
  const heapAfter = process.memoryUsage().heapUsed;
  for (let i = 0; i < 2; i++) {
    t0 = performance.now();
    suggestPairings(city.children, city.volunteers, rules);
    best = Math.min(best, performance.now() - t0);
  }
  const target = city.children.filter((c) => c.age <= (rules.target?.maxAge ?? Infinity));
  const s = res.stats;
  return [
    `${label}: ${best.toFixed(0)} ms (best of 3), heap used ${mb(heapAfter)} after the run (+${mb(Math.max(0, heapAfter - heapBefore))})`,
    `  coverage ${res.objective.covered}/${target.length} children in target, high-risk ${res.objective.highRiskCovered}/` +
      `${target.filter((c) => c.riskLevel === 'high').length}, objective (${fmt(res.objective)})`,
    `  components ${s.components}, arcs ${s.candidateEdges}, flow solves ${s.pricingRounds}, pairs scored ${s.pairsPriced}`,
  ].join('\n');
}

type HighsApi = Awaited<ReturnType<typeof loadHighs>>;

interface LpResult {
  objective: MatchObjective;
  weighted: number;
  lpValue: number;
  solveMs: number;
  integral: boolean;
}

/** The assignment LP with the engine's integer weights: max Σ w x, Σ_v x ≤ 1, Σ_c x ≤ cap, 0 ≤ x ≤ 1. */
function highsSolve(highs: HighsApi, city: City, rules: MatchRules): LpResult {
  const pairs = listEligiblePairs(city.children, city.volunteers, rules);
  const W = weightsFor(city);
  const nC = city.children.length;
  const n = pairs.length;
  const starts = Int32Array.from({ length: n + 1 }, (_, j) => 2 * j);
  const indices = new Int32Array(2 * n);
  const cost = new Float64Array(n);
  pairs.forEach((pr, j) => {
    indices[2 * j] = pr.child;
    indices[2 * j + 1] = nC + pr.volunteer;
    cost[j] = pairWeight(W, pr.high, pr.score);
  });
  const rowUpper = Float64Array.from([...city.children.map(() => 1), ...city.volunteers.map((v) => v.freeCapacity)]);
  const { x, lpValue, solveMs } = highs.withModel(
    {
      numCols: n, numRows: rowUpper.length, sense: highs.constants.objectiveSense.maximize,
      colCost: cost, colLower: new Float64Array(n), colUpper: new Float64Array(n).fill(1),
      rowLower: new Float64Array(rowUpper.length), rowUpper,
      matrix: { format: 'csc', numRows: rowUpper.length, numCols: n, starts, indices, values: new Float64Array(2 * n).fill(1) },
    },
    (model) => {
      model.options.set({ output_flag: false });
      const t0 = performance.now();
      model.run();
      const solveMs = performance.now() - t0;
      if (model.getModelStatus() !== highs.constants.modelStatus.optimal) throw new Error('HiGHS: not optimal');
      return { x: model.getSolution().colValue, lpValue: model.getObjectiveValue(), solveMs };
    },
  );
  const objective = { highRiskCovered: 0, covered: 0, totalScore: 0 };
  let weighted = 0;
  let integral = true;
  pairs.forEach((pr, j) => {
    if (Math.min(Math.abs(x[j]), Math.abs(1 - x[j])) > 1e-6) integral = false;
    if (x[j] < 0.5) return; // the assignment polytope is integral: a vertex is 0/1
    objective.covered++;
    if (pr.high) objective.highRiskCovered++;
    objective.totalScore += pr.score;
    weighted += cost[j];
  });
  return { objective, weighted, lpValue, solveMs, integral };
}

/** One weight set for the whole instance (the engine picks its own per component; same optimum). */
function weightsFor(city: City) {
  const totalCap = city.volunteers.reduce((a, v) => a + v.freeCapacity, 0);
  return lexWeights(Math.min(city.children.length, totalCap), MAX_SCORE);
}

export async function runMatchingBench(): Promise<string> {
  const lines: string[] = [`== 结对建议引擎 (matching) == node ${process.version}, ${os.cpus().length} CPUs`];
  const city = syntheticCity(10000, 5000, 20240601);
  suggestPairings(city.children.slice(0, 500), city.volunteers.slice(0, 250), city.rules); // warm the JIT
  lines.push(cityRun(city, city.rules, 'city 10,000 children × 5,000 volunteers, same_district'));
  lines.push(cityRun(city, { ...city.rules, areaRule: 'by_leader_level' }, 'same city, by_leader_level (龙岗)'));
  lines.push(cityRun(city, { ...city.rules, areaRule: 'any' }, 'same city, any area (one component)'));
  lines.push(`peak RSS of this process so far ${mb(process.resourceUsage().maxRSS * 1024)}`);

  const highs = await loadHighs();
  const cases: [number, number, MatchRules['areaRule']][] = [
    [200, 100, 'any'], [300, 150, 'any'], [300, 300, 'any'], [400, 200, 'same_district'], [500, 250, 'any'],
  ];
  let allEqual = true;
  for (const [nc, nv, areaRule] of cases) {
    const small = syntheticCity(nc, nv, nc * 7 + nv, 2, 3, 3);
    const rules = { ...small.rules, areaRule };
    const t0 = performance.now();
    const res = suggestPairings(small.children, small.volunteers, rules);
    const engineMs = performance.now() - t0;
    const W = weightsFor(small);
    const engineWeighted = res.objective.highRiskCovered * W.A + res.objective.covered * W.B + res.objective.totalScore;
    const lp = highsSolve(highs, small, rules);
    const equal = engineWeighted === lp.weighted && Math.round(lp.lpValue) === engineWeighted && lp.integral;
    allEqual &&= equal;
    lines.push(
      `${nc} children × ${nv} volunteers (${areaRule}): engine ${engineMs.toFixed(1)} ms, ${engineWeighted} (${fmt(res.objective)}) | ` +
        `HiGHS LP ${lp.solveMs.toFixed(0)} ms, ${lp.lpValue} (${fmt(lp.objective)})${lp.integral ? '' : ' NOT INTEGRAL'} | ${equal ? 'equal' : 'DIFFERENT'}`,
    );
  }
  lines.push(allEqual ? 'engine and HiGHS objectives equal on every instance' : 'MISMATCH between engine and HiGHS');
  return lines.join('\n');
}
