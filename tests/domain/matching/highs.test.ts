/**
 * The engine against an independent exact solver: HiGHS on the assignment LP over every eligible
 * pair (bench/_matching-lp.ts). The lexicographic objective (high-risk covered, covered, total
 * score) must be equal on random small instances of the shapes that stress the engine.
 */
import fc from 'fast-check';
import loadHighs from 'highs';
import { suggestPairings, type MatchChild, type MatchVolunteer } from '../../../src/domain/matching';
import { highsSolve, type HighsApi } from '../../../bench/_matching-lp';
import { instanceArb, violations, type Instance } from './helpers';

const PLACE = ['C', 'D0', 'D0S0', 'D0S0K0'];

/** Many equal scores: one community, at most two needs and skills, no preferences or coordinates. */
const tiesArb: fc.Arbitrary<Instance> = fc
  .record({
    kids: fc.array(fc.record({ high: fc.boolean(), study: fc.boolean() }), { maxLength: 30 }),
    vols: fc.array(fc.record({ cap: fc.integer({ min: 0, max: 3 }), teacher: fc.boolean() }), { maxLength: 12 }),
  })
  .map(({ kids, vols }) => ({
    children: kids.map((k, i): MatchChild => ({
      id: `c${i}`, orgPath: PLACE, sex: 'F', age: 8, category: '困境', riskLevel: k.high ? 'high' : 'low', needs: k.study ? ['study'] : [],
    })),
    volunteers: vols.map((v, i): MatchVolunteer => ({
      id: `v${i}`, orgPath: PLACE, role: 'local', freeCapacity: v.cap, skills: v.teacher ? ['辅导功课'] : [],
    })),
    rules: { areaRule: 'any' },
  }));

const shapes: [string, fc.Arbitrary<Instance>][] = [
  ['mixed rules', instanceArb(24, 12, 3)],
  ['ties', tiesArb],
  ['one giant component', instanceArb(24, 12, 3).map((i) => ({ ...i, rules: { ...i.rules, areaRule: 'any' as const } }))],
  ['capacity-heavy', instanceArb(30, 5, 8, 2)],
  ['all high-risk', instanceArb(24, 12, 2).map((i) => ({ ...i, children: i.children.map((c) => ({ ...c, riskLevel: 'high' as const })) }))],
];

let highs: HighsApi;
beforeAll(async () => {
  highs = await loadHighs();
});

describe.each(shapes)('engine = HiGHS on %s', (_name, arb) => {
  it('reaches the LP optimum of the lexicographic objective', () => {
    fc.assert(
      fc.property(arb, (inst) => {
        const res = suggestPairings(inst.children, inst.volunteers, inst.rules);
        expect(violations(inst, res)).toEqual([]);
        const lp = highsSolve(highs, inst.children, inst.volunteers, inst.rules);
        expect(lp.integral).toBe(true);
        expect(res.objective).toEqual(lp.objective);
      }),
      { numRuns: 60 },
    );
  });
});
