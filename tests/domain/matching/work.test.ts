/**
 * The engine's work on fixed instances, pinned exactly: pairs scored while pricing and the lists
 * they came from, flow solves, arcs added, shortest-path searches and the nodes they settled
 * (MatchStats).
 *
 * Why: the rest of tests/domain/matching proves the answer optimal (brute force, dual
 * certificates, properties). What they cannot see is a pruning rule that quietly stops pruning —
 * a class bound that no longer skips a class, a warm start that reroutes groups it could keep, a
 * Dijkstra that settles nodes past the sink — because the answer stays the same and only the
 * time grows (the mutation run, docs/testing.md, found dozens of such edits surviving). These
 * counts do not vary between machines or runs, so they can be asserted where time cannot.
 *
 * When you change the engine on purpose (a better bound, another routing order), check that the
 * property tests still pass and that the counts went down or stayed (bench/matching.ts shows them
 * at scale), then update the numbers here in the same commit and say why in its message.
 */
import { suggestPairings } from '../../../src/domain/matching';
import type { MatchChild, MatchRules, MatchVolunteer, Need } from '../../../src/domain/matching';
// seeded (mulberry32), so the instances never change with a library version
import { mulberry32 as rng } from '../../helpers/random';

const NEEDS: Need[] = ['study', 'psychological', 'emotional', 'other'];
const SKILLS = ['辅导功课', '小学教师', '心理咨询', '社工', '育儿经验', '陪伴', '护士', '会计'];

/** A city of 3 districts × 3 streets × 3 communities; some people at a street only, some with coordinates. */
function instance(seed: number, nc: number, nv: number, maxCap: number): { children: MatchChild[]; volunteers: MatchVolunteer[] } {
  const r = rng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const pick = <T,>(xs: readonly T[]) => xs[int(xs.length)];
  const some = <T,>(xs: readonly T[], p: number) => xs.filter(() => r() < p);
  const path = (streetOnly: boolean) => {
    const d = int(3), s = int(3), k = int(3);
    const full = ['C', `D${d}`, `D${d}S${s}`, `D${d}S${s}K${k}`];
    return streetOnly ? full.slice(0, 3) : full;
  };
  const coords = () => (r() < 0.2 ? { lat: 24.4 + r() * 0.2, lng: 118 + r() * 0.2 } : undefined);
  const volunteers: MatchVolunteer[] = Array.from({ length: nv }, (_, i) => ({
    id: `v${i}`,
    orgPath: path(r() < 0.2),
    role: r() < 0.7 ? 'local' : 'remote',
    freeCapacity: int(maxCap + 1),
    skills: some(SKILLS, 0.2),
    preferences: {
      ...(r() < 0.3 ? { areaCodes: some(['D0', 'D1', 'D0S0', 'D1S1K1', 'D2S2K2', 'D2S1'], 0.4) } : {}),
      ...(r() < 0.3 ? { childSex: pick(['F', 'M'] as const) } : {}),
      ...(r() < 0.3 ? { childMinAge: 1 + int(8), childMaxAge: 8 + int(10) } : {}),
    },
    leaderLevel: pick(['district', 'street', 'community', undefined] as const),
    coords: coords(),
  }));
  const children: MatchChild[] = Array.from({ length: nc }, (_, i) => ({
    id: `c${i}`,
    orgPath: path(false),
    sex: pick(['F', 'M'] as const),
    age: 1 + int(17),
    category: pick(['农村留守', '困境']),
    riskLevel: pick(['low', 'low', 'medium', 'high'] as const),
    needs: some(NEEDS, 0.35),
    coords: coords(),
    needsRole: pick(['any', 'any', 'local', 'remote', undefined] as const),
    ...(r() < 0.15 && nv > 0 ? { pastVolunteerIds: [`v${int(nv)}`] } : {}),
  }));
  return { children, volunteers };
}

function work(seed: number, nc: number, nv: number, maxCap: number, rules: MatchRules, candidatesPerRound?: number) {
  const { children, volunteers } = instance(seed, nc, nv, maxCap);
  const forbidden = children.slice(0, 5).map((c, i) => ({ childId: c.id, volunteerId: volunteers[(i * 7) % nv].id }));
  const res = suggestPairings(children, volunteers, { ...rules, forbiddenPairs: forbidden }, { candidatesPerRound });
  return { ...res.stats, ...res.objective };
}

const ANY: MatchRules = { areaRule: 'any' };
const DISTRICT: MatchRules = { areaRule: 'same_district', target: { categories: ['困境'], minAge: 3, maxAge: 16 } };
const LEADER: MatchRules = { areaRule: 'by_leader_level', requireSameCommunityForLocal: true, target: { sex: 'F' } };

describe('the engine’s work on fixed instances (exact counts)', () => {
  it('a few dozen people, any area', () => {
    expect(work(1, 40, 20, 2, ANY)).toEqual(PINNED.small);
  });

  it('a district’s worth, same district, two arcs a round (more rounds, warm starts)', () => {
    expect(work(2, 200, 80, 3, DISTRICT, 2)).toEqual(PINNED.district);
  });

  it('by leader level with local volunteers kept to their community', () => {
    expect(work(3, 150, 90, 2, LEADER)).toEqual(PINNED.leader);
  });

  it('a city: hundreds of volunteer classes at the root (sorted class views), one arc a round', () => {
    expect(work(4, 500, 400, 3, ANY, 1)).toEqual(PINNED.city);
  });

  it('few places for many children (most stay unmatched, rerouting is long)', () => {
    expect(work(5, 300, 60, 1, ANY, 3)).toEqual(PINNED.scarce);
  });
});

const PINNED = {
  small: { components: 1, candidateEdges: 267, pricingRounds: 2, pairsPriced: 429, listsWalked: 530, flowPaths: 71, nodesSettled: 318, highRiskCovered: 9, covered: 13, totalScore: 464 },
  district: { components: 3, candidateEdges: 180, pricingRounds: 3, pairsPriced: 567, listsWalked: 652, flowPaths: 107, nodesSettled: 405, highRiskCovered: 20, covered: 70, totalScore: 3216 },
  leader: { components: 3, candidateEdges: 327, pricingRounds: 1, pairsPriced: 341, listsWalked: 418, flowPaths: 81, nodesSettled: 324, highRiskCovered: 14, covered: 57, totalScore: 2661 },
  city: { components: 1, candidateEdges: 2188, pricingRounds: 13, pairsPriced: 174710, listsWalked: 56110, flowPaths: 5952, nodesSettled: 61487, highRiskCovered: 129, covered: 500, totalScore: 25292 },
  scarce: { components: 1, candidateEdges: 1055, pricingRounds: 3, pairsPriced: 4541, listsWalked: 4426, flowPaths: 897, nodesSettled: 2343, highRiskCovered: 36, covered: 36, totalScore: 1670 },
};
