/**
 * Exact values of the matching engine's small internal modules (weights, classes, groups, flow),
 * for mutation testing (issue 19): the other matching tests check properties (optimality against
 * brute force and HiGHS, bounds that never underestimate), which many changed constants or
 * comparisons still satisfy. Every expected value here is worked out by hand from the formulas in
 * the sources' comments, never produced by the function under test.
 */
import { lexWeights, pairWeight } from '../../../src/domain/matching/weights';
import { Classes } from '../../../src/domain/matching/classes';
import { groupComponent } from '../../../src/domain/matching/groups';
import { FlowSolver, solveFlow } from '../../../src/domain/matching/flow';
import type { PChild, Prepared, PVolunteer } from '../../../src/domain/matching/prepare';
import type { MatchChild, MatchVolunteer } from '../../../src/domain/matching';

/** A volunteer as prepare() would give her: local, one place, no skills, no preferences. */
function vol(over: Partial<PVolunteer> = {}): PVolunteer {
  return {
    idx: 0, src: {} as MatchVolunteer, anc: Int32Array.of(0, 1), role: 1, cap: 1, cover: 0, coverSkill: ['', '', '', ''],
    scopeDepth: 0, scopeId: 0, prefSex: null, hasAgePref: false, prefMin: -Infinity, prefMax: Infinity,
    prefCodes: new Int32Array(0), codes: Int32Array.of(0), areaDepth: Infinity, hasCoords: false, lat: 0, lng: 0,
    ...over,
  };
}

/** An age-range preference as prepare() reads childMinAge/childMaxAge. */
const ages = (min: number, max: number): Partial<PVolunteer> => ({ hasAgePref: true, prefMin: min, prefMax: max });

/** A child as prepare() would give her: a boy of 1, no needs, any role, no coordinates. */
function kid(over: Partial<PChild> = {}): PChild {
  return {
    idx: 0, src: {} as MatchChild, anc: Int32Array.of(0, 1), codes: Int32Array.of(0), high: false, needMask: 0, sex: 'M', age: 1,
    role: 0, hasCoords: false, lat: 0, lng: 0, past: null, blocked: null, targetFail: null,
    ...over,
  };
}

describe('lexWeights', () => {
  it('B = m·S + 1, A = m·(B + S) + 1, M = A + B + S', () => {
    // m = 2, S = 95: B = 191, A = 2·286 + 1 = 573, M = 573 + 191 + 95 = 859
    expect(lexWeights(2, 95)).toEqual({ A: 573, B: 191, M: 859 });
    // m = 3, S = 0: B = 1, A = 3·1 + 1 = 4, M = 5
    expect(lexWeights(3, 0)).toEqual({ A: 4, B: 1, M: 5 });
    // m = 10, S = 7: B = 71, A = 10·78 + 1 = 781, M = 781 + 71 + 7 = 859
    expect(lexWeights(10, 7)).toEqual({ A: 781, B: 71, M: 859 });
    // a province: m = 57,000, S = 95: B = 5,415,001, A = 57,000·5,415,096 + 1, M = A + B + 95
    expect(lexWeights(57000, 95)).toEqual({ A: 308660472001, B: 5415001, M: 308665887097 });
  });

  it('takes m = 1 when there can be no pair (maxPairs 0 or less)', () => {
    // m = 1, S = 10: B = 11, A = 1·21 + 1 = 22, M = 22 + 11 + 10 = 43
    const one = { A: 22, B: 11, M: 43 };
    expect(lexWeights(1, 10)).toEqual(one);
    expect(lexWeights(0, 10)).toEqual(one);
    expect(lexWeights(-4, 10)).toEqual(one);
    // m = 2 is not clamped: B = 21, A = 2·31 + 1 = 63, M = 94
    expect(lexWeights(2, 10)).toEqual({ A: 63, B: 21, M: 94 });
  });

  it('accepts m while 8·M stays a safe integer and refuses the next m', () => {
    // S = 0: B = 1, A = m + 1, M = m + 2. 8·M ≤ 2^53 − 1 ⇔ M ≤ 2^50 − 1 ⇔ m ≤ 2^50 − 3.
    const last0 = 2 ** 50 - 3;
    expect(lexWeights(last0, 0)).toEqual({ A: 2 ** 50 - 2, B: 1, M: 2 ** 50 - 1 });
    expect(() => lexWeights(last0 + 1, 0)).toThrow(RangeError);
    expect(() => lexWeights(last0 + 1, 0)).toThrow('结对规模过大，权重超出精确整数范围');

    // S = 95: M(m) = 95m² + 191m + 97; the largest m with M ≤ 2^50 − 1, found in exact integers.
    const M = (m: bigint) => 95n * m * m + 191n * m + 97n;
    const limit = 2n ** 50n - 1n;
    const last = 3442611;
    expect(M(BigInt(last)) <= limit).toBe(true);
    expect(M(BigInt(last + 1)) > limit).toBe(true);
    const B = last * 95 + 1;
    const A = last * (B + 95) + 1;
    expect(lexWeights(last, 95)).toEqual({ A, B, M: Number(M(BigInt(last))) });
    expect(A + B + 95).toBe(1125899854784293);
    expect(() => lexWeights(last + 1, 95)).toThrow(new RangeError('结对规模过大，权重超出精确整数范围'));
  });
});

describe('pairWeight', () => {
  const w = { A: 573, B: 191, M: 859 };
  it('is A + B + score for a high-risk child and B + score otherwise', () => {
    expect(pairWeight(w, true, 37)).toBe(573 + 191 + 37);
    expect(pairWeight(w, false, 37)).toBe(191 + 37);
    expect(pairWeight(w, true, 0)).toBe(764);
    expect(pairWeight(w, false, 0)).toBe(191);
  });
});

// Volunteer class layout (classes.ts): vc = (((roleIdx·2 + area)·ages + age)·3 + sex)·16 + cover,
// ages = R + 2 (0 no preference, 1..R a kept range, R + 1 any other range); areaBit = 48·ages.
describe('Classes: age ranges kept', () => {
  it('keeps distinct ranges in first-seen order, each once, skipping volunteers without one', () => {
    const c = new Classes([
      vol(),
      vol(ages(3, 8)),
      vol(ages(5, 10)),
      vol(ages(3, 8)),
      vol(ages(-Infinity, 12)),
      vol({ prefSex: 'F' }),
      vol(ages(5, 10)),
    ]);
    expect(c.ranges).toEqual([[3, 8], [5, 10], [-Infinity, 12]]);
  });

  it('keeps no range when nobody has one', () => {
    expect(new Classes([]).ranges).toEqual([]);
    expect(new Classes([vol(), vol({ prefSex: 'M' })]).ranges).toEqual([]);
  });

  it('keeps at most 8 ranges; a later range goes to the overflow class R + 1', () => {
    const vols = Array.from({ length: 10 }, (_, k) => vol(ages(k + 1, k + 2))); // [1,2] .. [10,11]
    vols.push(vol(ages(1, 2))); // a kept range seen again
    const c = new Classes(vols);
    expect(c.ranges).toEqual([[1, 2], [2, 3], [3, 4], [4, 5], [5, 6], [6, 7], [7, 8], [8, 9]]);
    // R = 8, ages = 10; role 1, no sex, no cover: vc = age·3·16 = 48·age
    expect(Array.from(c.volClass)).toEqual([48, 96, 144, 192, 240, 288, 336, 384, 432, 432, 48]);
  });
});

describe('Classes: volunteer classes', () => {
  // R = 2 ([3,8], [5,10]), ages = 4, areaBit = 192
  const vols = [
    vol(), // role 1, age 0, sex 0, cover 0
    vol({ ...ages(3, 8), prefSex: 'F', cover: 3, areaDepth: 3 }),
    vol({ ...ages(5, 10), role: 2, prefSex: 'M', cover: 15 }),
    vol({ ...ages(3, 8), role: 2, cover: 5 }),
    vol({ prefSex: 'M', cover: 8 }),
  ];
  // built in each test, not here, so Stryker's per-test coverage sees which tests reach Classes
  const build = () => new Classes(vols);

  it('packs role, age range, preferred sex and cover', () => {
    const c = build();
    expect(c.ranges).toEqual([[3, 8], [5, 10]]);
    expect(Array.from(c.volClass)).toEqual([
      0,
      ((0 * 4 + 1) * 3 + 1) * 16 + 3, // 67
      ((2 * 4 + 2) * 3 + 2) * 16 + 15, // 527
      ((2 * 4 + 1) * 3 + 0) * 16 + 5, // 437
      ((0 * 4 + 0) * 3 + 2) * 16 + 8, // 40
    ]);
    expect(Array.from(c.volClass)).toEqual([0, 67, 527, 437, 40]);
    expect(c.anyCoords).toBe(false);
  });

  it('adds the area flag from her areaDepth on, not above it', () => {
    const c = build();
    expect(c.classAt(vols[1], 1, 0)).toBe(67);
    expect(c.classAt(vols[1], 1, 2)).toBe(67);
    expect(c.classAt(vols[1], 1, 3)).toBe(67 + 192);
    expect(c.classAt(vols[1], 1, 4)).toBe(67 + 192);
    // areaDepth Infinity: never
    expect(c.classAt(vols[2], 2, 4)).toBe(527);
    expect(c.classAt(vols[0], 0, 0)).toBe(0);
  });

  it('knows whether any volunteer has coordinates', () => {
    expect(new Classes([vol(), vol({ hasCoords: true })]).anyCoords).toBe(true);
    expect(new Classes([vol({ hasCoords: true }), vol()]).anyCoords).toBe(true);
    expect(new Classes([]).anyCoords).toBe(false);
  });
});

describe('Classes: child classes', () => {
  const vols = [vol(ages(3, 8)), vol(ages(5, 10))]; // R = 2, ages = 4

  it('numbers classes in first-seen order; equal children share one', () => {
    const c = new Classes(vols);
    expect(c.childClass(kid())).toBe(0);
    expect(c.childClass(kid())).toBe(0);
    expect(c.childClass(kid({ age: 2 }))).toBe(0); // in no range either
    expect(c.childClass(kid({ hasCoords: true }))).toBe(0); // no volunteer has coordinates
    expect(c.childClass(kid({ high: true, idx: 7 }))).toBe(0); // risk and index are not read
    expect(c.childClass(kid({ age: 3 }))).toBe(1);
    expect(c.childClass(kid({ sex: 'F' }))).toBe(2);
    expect(c.childClass(kid({ needMask: 1 }))).toBe(3);
    expect(c.childClass(kid({ role: 1 }))).toBe(4);
    expect(c.childClass(kid({ role: 2 }))).toBe(5);
    expect(c.childClass(kid({ needMask: 2 }))).toBe(6);
    expect(c.childClass(kid({ age: 4 }))).toBe(1); // same ranges as 3
    expect(c.childClass(kid({ sex: 'F' }))).toBe(2);
  });

  it('tells ages apart by the ranges holding them, edges included', () => {
    const c = new Classes(vols);
    const id = (age: number) => c.childClass(kid({ age }));
    // masks: 2 → 0, 3 → 01, 5 → 11, 8 → 11, 9 → 10, 10 → 10, 11 → 0
    expect([2, 3, 5, 8, 9, 10, 11].map(id)).toEqual([0, 1, 2, 2, 3, 3, 0]);
  });

  it('tells coordinates apart only when some volunteer has them', () => {
    const c = new Classes([vol(), vol({ hasCoords: true })]);
    expect(c.childClass(kid())).toBe(0);
    expect(c.childClass(kid({ hasCoords: true }))).toBe(1);
    expect(c.childClass(kid())).toBe(0);
  });

  it('sets an age bit exactly when lo ≤ age ≤ hi (read through restBound)', () => {
    const c = new Classes(vols);
    // role 1, no sex, no cover: vc = age index · 48
    const inRange0 = (age: number) => c.restBound(c.childClass(kid({ age })), 48);
    const inRange1 = (age: number) => c.restBound(c.childClass(kid({ age })), 96);
    expect([2, 3, 4, 8, 9].map(inRange0)).toEqual([0, 5, 5, 5, 0]);
    expect([4, 5, 6, 10, 11].map(inRange1)).toEqual([0, 5, 5, 5, 0]);
    // the overflow class (age index 3) is counted in range whatever the age; no range (0) never
    expect([0, 3, 11].map((age) => c.restBound(c.childClass(kid({ age })), 144))).toEqual([5, 5, 5]);
    expect([0, 3, 11].map((age) => c.restBound(c.childClass(kid({ age })), 0))).toEqual([0, 0, 0]);
  });

  it('keeps eight range bits (the last kept range is bit 7)', () => {
    const c = new Classes(Array.from(Array(8), (_, k) => vol(ages(2 * k, 2 * k + 1)))); // [0,1],[2,3],..,[14,15]
    // ages = 10; role 1, no sex, no cover, age index 8 (range [14,15]): vc = 8·48 = 384
    expect(c.restBound(c.childClass(kid({ age: 15 })), 384)).toBe(5);
    expect(c.restBound(c.childClass(kid({ age: 13 })), 384)).toBe(0);
    expect(c.restBound(c.childClass(kid({ age: 13 })), 7 * 48)).toBe(5); // [12,13]
    expect(c.restBound(c.childClass(kid({ age: 16 })), 9 * 48)).toBe(5); // overflow
  });
});

describe('Classes: roleFits', () => {
  // ages = 4: role 1 classes are 0..383 (area flag at +192), role 2 classes 384..767
  const build = () => new Classes([vol(ages(3, 8)), vol(ages(5, 10))]);
  it.each([
    [0, true, true, false],
    [191, true, true, false],
    [192, true, true, false],
    [383, true, true, false],
    [384, true, false, true],
    [576, true, false, true],
    [767, true, false, true],
  ])('volunteer class %i: any %s, local %s, remote %s', (vc, a, l, r) => {
    const c = build();
    const any = c.childClass(kid());
    const local = c.childClass(kid({ role: 1 }));
    const remote = c.childClass(kid({ role: 2 }));
    expect(c.roleFits(any, vc)).toBe(a);
    expect(c.roleFits(local, vc)).toBe(l);
    expect(c.roleFits(remote, vc)).toBe(r);
  });

  it('reads the role from real volunteers, with and without the area flag', () => {
    const vols = [vol({ role: 1, areaDepth: 1 }), vol({ role: 2, areaDepth: 1, cover: 15, prefSex: 'M' })];
    const k = new Classes(vols); // ages = 2
    const lc = k.childClass(kid({ role: 1 }));
    const rc = k.childClass(kid({ role: 2 }));
    for (const depth of [0, 1]) {
      expect(k.roleFits(lc, k.classAt(vols[0], 0, depth))).toBe(true);
      expect(k.roleFits(rc, k.classAt(vols[0], 0, depth))).toBe(false);
      expect(k.roleFits(lc, k.classAt(vols[1], 1, depth))).toBe(false);
      expect(k.roleFits(rc, k.classAt(vols[1], 1, depth))).toBe(true);
    }
  });
});

describe('Classes: proxBound', () => {
  it('is the level table without coordinates: 0, 10, 20, 30, 40, and 40 below a community', () => {
    const c = new Classes([vol()]);
    const ct = c.childClass(kid({ hasCoords: true })); // she has them, no volunteer does
    expect([0, 1, 2, 3, 4, 5, 6].map((d) => c.proxBound(ct, d))).toEqual([0, 10, 20, 30, 40, 40, 40]);
  });

  it('is 40 at every depth when both sides may have coordinates', () => {
    const c = new Classes([vol({ hasCoords: true })]);
    const withC = c.childClass(kid({ hasCoords: true }));
    const without = c.childClass(kid());
    expect([0, 1, 2, 3, 4, 5].map((d) => c.proxBound(withC, d))).toEqual([40, 40, 40, 40, 40, 40]);
    expect([0, 1, 2, 3, 4, 5].map((d) => c.proxBound(without, d))).toEqual([0, 10, 20, 30, 40, 40]);
  });
});

describe('Classes: restBound, anyBound, classBound', () => {
  // R = 2 ([3,8], [5,10]), ages = 4
  const build = () => new Classes([vol(ages(3, 8)), vol(ages(5, 10))]);
  const vc = (roleIdx: number, area: number, age: number, sex: number, cover: number) =>
    (((roleIdx * 2 + area) * 4 + age) * 3 + sex) * 16 + cover;
  const bits = (x: number) => (x & 1) + ((x >> 1) & 1) + ((x >> 2) & 1) + ((x >> 3) & 1);

  it('spot values', () => {
    const c = build();
    const girl = c.childClass(kid({ needMask: 5, sex: 'F', age: 5 })); // in both ranges
    expect(c.restBound(girl, vc(0, 0, 0, 0, 0))).toBe(0);
    expect(c.restBound(girl, vc(0, 0, 0, 0, 1))).toBe(10);
    expect(c.restBound(girl, vc(0, 0, 0, 0, 2))).toBe(0); // she does not need it
    expect(c.restBound(girl, vc(0, 0, 0, 0, 5))).toBe(20);
    expect(c.restBound(girl, vc(0, 0, 0, 0, 15))).toBe(20);
    expect(c.restBound(girl, vc(0, 0, 0, 1, 0))).toBe(5); // prefers girls
    expect(c.restBound(girl, vc(0, 0, 0, 2, 0))).toBe(0); // prefers boys
    expect(c.restBound(girl, vc(0, 0, 1, 0, 0))).toBe(5);
    expect(c.restBound(girl, vc(0, 0, 2, 0, 0))).toBe(5);
    expect(c.restBound(girl, vc(0, 0, 3, 0, 0))).toBe(5); // another range: may hold her
    expect(c.restBound(girl, vc(0, 1, 0, 0, 0))).toBe(5); // preferred area
    expect(c.restBound(girl, vc(1, 0, 0, 0, 0))).toBe(0); // role is no score
    expect(c.restBound(girl, vc(1, 1, 2, 1, 15))).toBe(20 + 5 + 5 + 5);
    expect(c.restBound(girl, vc(1, 1, 2, 2, 10))).toBe(0 + 0 + 5 + 5);
    const boy = c.childClass(kid({ needMask: 15, sex: 'M', age: 9 })); // in [5,10] only
    expect(c.restBound(boy, vc(0, 0, 0, 2, 0))).toBe(5);
    expect(c.restBound(boy, vc(0, 0, 0, 1, 0))).toBe(0);
    expect(c.restBound(boy, vc(0, 0, 1, 0, 0))).toBe(0);
    expect(c.restBound(boy, vc(0, 0, 2, 0, 0))).toBe(5);
    expect(c.restBound(boy, vc(0, 0, 0, 0, 7))).toBe(30);
    expect(c.restBound(boy, vc(0, 0, 0, 0, 15))).toBe(40);
    expect(c.restBound(boy, vc(1, 1, 3, 2, 15))).toBe(40 + 5 + 5 + 5);
    expect(c.restBound(boy, vc(1, 0, 1, 1, 8))).toBe(10);
  });

  it('every combination of cover, preferred sex, age range and area flag', () => {
    const c = build();
    const cases = [
      { needMask: 0b0101, sex: 'F' as const, age: 5, mask: 0b11 },
      { needMask: 0b1010, sex: 'M' as const, age: 3, mask: 0b01 },
      { needMask: 0, sex: 'M' as const, age: 10, mask: 0b10 },
      { needMask: 0b1111, sex: 'F' as const, age: 12, mask: 0 },
    ];
    for (const k of cases) {
      const ct = c.childClass(kid(k));
      const table = c.restTable(ct);
      expect(table.length).toBe(2 * 2 * 4 * 3 * 16);
      expect(c.restTable(ct)).toBe(table); // filled once
      const wrong: number[][] = []; // [vc, restBound, table entry, expected]
      for (let roleIdx = 0; roleIdx < 2; roleIdx++)
        for (let area = 0; area < 2; area++)
          for (let age = 0; age < 4; age++)
            for (let sex = 0; sex < 3; sex++)
              for (let cover = 0; cover < 16; cover++) {
                const sexOk = (sex === 1 && k.sex === 'F') || (sex === 2 && k.sex === 'M');
                const ageOk = age === 3 || (age >= 1 && ((k.mask >> (age - 1)) & 1) === 1);
                const expected = 10 * bits(k.needMask & cover) + (sexOk ? 5 : 0) + (ageOk ? 5 : 0) + (area ? 5 : 0);
                const v = vc(roleIdx, area, age, sex, cover);
                if (c.restBound(ct, v) !== expected || table[v] !== expected) wrong.push([v, c.restBound(ct, v), table[v], expected]);
              }
      expect(wrong).toEqual([]);
    }
  });

  it('anyBound = 40 + 10·needs + 15', () => {
    const c = build();
    expect(c.anyBound(c.childClass(kid({ needMask: 0 })))).toBe(55);
    expect(c.anyBound(c.childClass(kid({ needMask: 4 })))).toBe(65);
    expect(c.anyBound(c.childClass(kid({ needMask: 5 })))).toBe(75);
    expect(c.anyBound(c.childClass(kid({ needMask: 11 })))).toBe(85);
    expect(c.anyBound(c.childClass(kid({ needMask: 15 })))).toBe(95);
  });

  it('classBound = proxBound + restBound', () => {
    const c = build();
    const girl = c.childClass(kid({ needMask: 5, sex: 'F', age: 5 }));
    const v = vc(0, 1, 1, 1, 15); // 20 + 5 + 5 + 5 = 35
    expect([0, 1, 2, 3, 4, 5].map((d) => c.classBound(girl, v, d))).toEqual([35, 45, 55, 65, 75, 75]);
    expect(c.classBound(girl, 0, 3)).toBe(30);
    const cc = new Classes([vol({ hasCoords: true })]);
    const withC = cc.childClass(kid({ hasCoords: true, needMask: 1 }));
    expect(cc.classBound(withC, 1, 0)).toBe(40 + 10);
    expect(cc.classBound(withC, 1 + 96, 2)).toBe(40 + 10 + 5); // ages = 2: area flag at 96
  });
});

describe('groupComponent', () => {
  const prepared = (children: PChild[], volunteers: PVolunteer[]): Prepared => ({
    children: children.map((c, idx) => ({ ...c, idx })),
    volunteers: volunteers.map((v, idx) => ({ ...v, idx })),
    volsByScope: new Map(),
  });
  const shape = (g: ReturnType<typeof groupComponent>) => ({
    kidMembers: g.kidMembers, volMembers: g.volMembers, supply: Array.from(g.supply), cap: Array.from(g.cap),
    kids: g.kids.map((c) => c.idx), vols: g.vols.map((v) => v.idx),
  });

  it('is empty for an empty component', () => {
    const g = groupComponent(prepared([kid()], [vol()]), { children: [], volunteers: [] });
    expect(shape(g)).toEqual({ kidMembers: [], volMembers: [], supply: [], cap: [], kids: [], vols: [] });
    expect(g.supply).toBeInstanceOf(Int32Array);
    expect(g.cap).toBeInstanceOf(Int32Array);
  });

  it('one child and one volunteer make one group each', () => {
    const g = groupComponent(prepared([kid()], [vol({ cap: 3 })]), { children: [0], volunteers: [0] });
    expect(shape(g)).toEqual({ kidMembers: [[0]], volMembers: [[0]], supply: [1], cap: [3], kids: [0], vols: [0] });
  });

  it('merges interchangeable children in component order; anything read apart splits them', () => {
    const kids = [
      kid(), // 0
      kid({ anc: Int32Array.of(0, 2) }), // 1: another node
      kid(), // 2: as 0
      kid({ needMask: 1 }), // 3
      kid({ sex: 'F' }), // 4
      kid({ role: 1 }), // 5
      kid({ high: true }), // 6
      kid({ age: 15 }), // 7: no volunteer has an age range: as 0
      kid({ hasCoords: true }), // 8: alone
      kid({ hasCoords: true }), // 9: alone
      kid({ past: new Set([1]) }), // 10: alone
      kid({ blocked: new Set([0]) }), // 11: alone
      kid({ anc: Int32Array.of(5, 1) }), // 12: same own node as 0 (only the last id is read)
    ];
    const p = prepared(kids, [vol(), vol()]);
    const g = groupComponent(p, { children: [2, 0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], volunteers: [] });
    expect(g.kidMembers).toEqual([[2, 0, 7, 12], [1], [3], [4], [5], [6], [8], [9], [10], [11]]);
    expect(Array.from(g.supply)).toEqual([4, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(g.kids.map((c) => c.idx)).toEqual([2, 1, 3, 4, 5, 6, 8, 9, 10, 11]);
  });

  it('merges ages that lie in the same volunteers’ ranges, edges included', () => {
    // ranges [3,8], [5,10], [7,12] (given out of order); a volunteer without a range adds none
    const vols = [vol(ages(7, 12)), vol(), vol(ages(3, 8)), vol(ages(5, 10))];
    const kids = Array.from({ length: 14 }, (_, i) => kid({ age: i + 1 }));
    const g = groupComponent(prepared(kids, vols), { children: kids.map((_, i) => i), volunteers: [0, 1, 2, 3] });
    // (lows ≤ age, highs < age): 1–2 (0,0), 3–4 (1,0), 5–6 (2,0), 7–8 (3,0), 9–10 (3,1), 11–12 (3,2), 13–14 (3,3)
    expect(g.kidMembers).toEqual([[0, 1], [2, 3], [4, 5], [6, 7], [8, 9], [10, 11], [12, 13]]);
    expect(Array.from(g.supply)).toEqual([2, 2, 2, 2, 2, 2, 2]);
  });

  it('tells ages apart by one range only where that range starts or ends', () => {
    const vols = [vol(ages(4, 4))];
    const kids = [3, 4, 5, 4, 3, 5].map((age) => kid({ age }));
    const g = groupComponent(prepared(kids, vols), { children: [0, 1, 2, 3, 4, 5], volunteers: [0] });
    expect(g.kidMembers).toEqual([[0, 4], [1, 3], [2, 5]]);
    // two equal ranges: [2,6] twice
    const two = groupComponent(prepared([1, 2, 6, 7, 4].map((age) => kid({ age })), [vol(ages(2, 6)), vol(ages(2, 6))]), {
      children: [0, 1, 2, 3, 4], volunteers: [0, 1],
    });
    expect(two.kidMembers).toEqual([[0], [1, 2, 4], [3]]);
  });

  it('merges interchangeable volunteers, summing their places; anything read apart splits them', () => {
    const vols = [
      vol({ cap: 2 }), // 0
      vol({ cap: 3 }), // 1: as 0
      vol({ anc: Int32Array.of(0, 2) }), // 2
      vol({ scopeDepth: 1 }), // 3
      vol({ role: 2 }), // 4
      vol({ cover: 1 }), // 5
      vol({ prefSex: 'F' }), // 6
      vol(ages(3, 8)), // 7
      vol({ prefCodes: Int32Array.of(4, 2) }), // 8
      vol({ prefCodes: Int32Array.of(2, 4), cap: 4 }), // 9: as 8 (codes in any order)
      vol({ hasCoords: true }), // 10: alone
      vol(), // 11: named in a child's past: alone
      vol(), // 12: named in a child's active pairings: alone
      vol({ cap: 0 }), // 13: as 0
      vol(ages(3, 8)), // 14: as 7
      vol(ages(3, 9)), // 15
      vol({ prefSex: 'M' }), // 16
    ];
    const kids = [kid({ past: new Set([11]) }), kid({ blocked: new Set([12]) })];
    const p = prepared(kids, vols);
    const g = groupComponent(p, { children: [0, 1], volunteers: vols.map((_, i) => i) });
    expect(g.volMembers).toEqual([[0, 1, 13], [2], [3], [4], [5], [6], [7, 14], [8, 9], [10], [11], [12], [15], [16]]);
    expect(Array.from(g.cap)).toEqual([5, 1, 1, 1, 1, 1, 2, 5, 1, 1, 1, 1, 1]);
    expect(g.vols.map((v) => v.idx)).toEqual([0, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 15, 16]);
  });

  it('only children of the component name volunteers', () => {
    const kids = [kid(), kid({ past: new Set([0]) })];
    const vols = [vol(), vol()];
    const g = groupComponent(prepared(kids, vols), { children: [0], volunteers: [0, 1] });
    expect(g.volMembers).toEqual([[0, 1]]);
    expect(Array.from(g.cap)).toEqual([2]);
  });

  it('keeps alone volunteers apart even when equal', () => {
    const vols = [vol({ hasCoords: true }), vol({ hasCoords: true }), vol()];
    const g = groupComponent(prepared([], vols), { children: [], volunteers: [2, 1, 0] });
    expect(g.volMembers).toEqual([[2], [1], [0]]);
  });
});

describe('solveFlow on handmade graphs (M = 51)', () => {
  const csr = (rows: [number, number][][]) => {
    const start = [0];
    const adjV: number[] = [];
    const adjW: number[] = [];
    for (const row of rows) {
      for (const [v, w] of row) { adjV.push(v); adjW.push(w); }
      start.push(adjV.length);
    }
    return { start: Int32Array.from(start), adjV: Int32Array.from(adjV), adjW: Float64Array.from(adjW) };
  };
  const solve = (rows: [number, number][][], cap: number[], order: number[], supply?: number[], M = 51) => {
    const s = solveFlow({
      nC: rows.length, nV: cap.length, cap: Int32Array.from(cap), ...csr(rows), order, M,
      ...(supply ? { supply: Int32Array.from(supply) } : {}),
    });
    return { flow: Array.from(s.flow), unmatched: Array.from(s.unmatched), y: Array.from(s.y), z: Array.from(s.z) };
  };

  it('one arc: the child takes the place; y = w, z = 0', () => {
    // cost 51 − 30 = 21 < 51 unmatched: h(c) = −21, y = 51 − 21 = 30
    expect(solve([[[0, 30]]], [1], [0])).toEqual({ flow: [1], unmatched: [0], y: [30], z: [0] });
  });

  it('an arc to a volunteer without places: unmatched, y = 0, z = w', () => {
    // v settled at 21, sink at 51: h(c) = −51, h(v) = 21 − 51 = −30
    expect(solve([[[0, 30]]], [0], [0])).toEqual({ flow: [0], unmatched: [1], y: [0], z: [30] });
  });

  it('no arcs at all: every child unmatched, y = 0', () => {
    expect(solve([[], []], [], [0, 1])).toEqual({ flow: [], unmatched: [1, 1], y: [0, 0], z: [] });
  });

  it('a group of 3 children, 2 places: 2 sent, 1 unmatched', () => {
    // second path: v full, sink through "unmatched" at 51 − 21 = 30: h(c) = −51, h(v) = −30
    expect(solve([[[0, 30]]], [2], [0], [3])).toEqual({ flow: [2], unmatched: [1], y: [0], z: [30] });
    // supply ≤ places: all sent on one path
    expect(solve([[[0, 30]]], [5], [0], [3])).toEqual({ flow: [3], unmatched: [0], y: [30], z: [0] });
  });

  it('two children, one place: the higher weight wins whatever the order', () => {
    // order 0, 1: c1 pushes c0 out along c1 → v → c0 → unmatched (31 < 51)
    expect(solve([[[0, 20]], [[0, 40]]], [1], [0, 1])).toEqual({ flow: [0, 1], unmatched: [1, 0], y: [0, 20], z: [20] });
    expect(solve([[[0, 20]], [[0, 40]]], [1], [1, 0])).toEqual({ flow: [0, 1], unmatched: [1, 0], y: [0, 20], z: [20] });
    expect(solve([[[0, 40]], [[0, 20]]], [1], [0, 1])).toEqual({ flow: [1, 0], unmatched: [0, 1], y: [20, 0], z: [20] });
  });

  it('two children, one place, equal weights: the first in order keeps it', () => {
    // the second finds unmatched at 51 both ways and keeps the first path found (strict <)
    expect(solve([[[0, 30]], [[0, 30]]], [1], [0, 1])).toEqual({ flow: [1, 0], unmatched: [0, 1], y: [0, 0], z: [30] });
    expect(solve([[[0, 30]], [[0, 30]]], [1], [1, 0])).toEqual({ flow: [0, 1], unmatched: [1, 0], y: [0, 0], z: [30] });
  });

  it('reroutes an earlier child along an augmenting path', () => {
    // c0: v0 10, v1 9; c1: v0 10. Greedy c0 → v0 is undone: c0 → v1, c1 → v0 (19).
    // Potentials after c1: h(c0) = h(c1) = −42, h(v0) = −1, h(v1) = 0.
    expect(solve([[[0, 10], [1, 9]], [[0, 10]]], [1, 1], [0, 1])).toEqual({ flow: [0, 1, 1], unmatched: [0, 0], y: [9, 9], z: [1, 0] });
  });

  it('sends along a path through a backward arc no more than that arc carries', () => {
    // c0 (1 child): v0 20, v1 19; c1 (3 children): v0 30; v0 has 1 place, v1 has 5.
    // c1's first path c1 → v0 → c0 → v1 may move only c0's one child; the other two stay unmatched.
    // h after: c0 −32, c1 −51, v0 −30, v1 0.
    expect(solve([[[0, 20], [1, 19]], [[0, 30]]], [1, 5], [0, 1], [1, 3])).toEqual({
      flow: [0, 1, 1], unmatched: [0, 2], y: [19, 0], z: [30, 0],
    });
  });

  it('a child with more arcs than the heap first holds takes the best three places', () => {
    // 1100 volunteers, w(v) = 1 + (7v mod 1100): 1100 at v = 157, 1099 at 314, 1098 at 471
    const row: [number, number][] = Array.from({ length: 1100 }, (_, v) => [v, 1 + ((7 * v) % 1100)]);
    const s = solve([row], new Array(1100).fill(1), [0], [3], 1200);
    expect(s.unmatched).toEqual([0]);
    expect(s.flow.flatMap((f, a) => (f > 0 ? [[a, f]] : []))).toEqual([[157, 1], [314, 1], [471, 1]]);
    // h(c) = −100, −101, −102 after each path: y = 1098; z = 2, 1, 0 on the three, 0 elsewhere
    expect(s.y).toEqual([1098]);
    expect(s.z.flatMap((z, v) => (z !== 0 ? [[v, z]] : []))).toEqual([[157, 2], [314, 1]]);
    // the best places pushed last, past the heap's first 1024 entries: w(v) = v + 1
    const up: [number, number][] = Array.from({ length: 1100 }, (_, v) => [v, v + 1]);
    const last = solve([up], new Array(1100).fill(1), [0], [3], 1200);
    expect(last.flow.flatMap((f, a) => (f > 0 ? [[a, f]] : []))).toEqual([[1097, 1], [1098, 1], [1099, 1]]);
    expect(last.y).toEqual([1098]);
    expect(last.z.flatMap((z, v) => (z !== 0 ? [[v, z]] : []))).toEqual([[1098, 1], [1099, 2]]);
    // every place full but the worst: all 1100 volunteers are settled, h(v) = (M − w) − best
    const full = new Array(1100).fill(0);
    full[0] = 1;
    const worst = solve([up], full, [0], undefined, 2000);
    expect([worst.flow.flatMap((f, a) => (f > 0 ? [[a, f]] : [])), worst.unmatched, worst.y]).toEqual([[[0, 1]], [0], [1]]);
    // best = 2000 − 1 = 1999: y = 2000 − 1999 = 1, z(v) = 1999 − (2000 − (v + 1)) = v
    expect(worst.z).toEqual(Array.from({ length: 1100 }, (_, v) => v));
    // one at a time
    const one = solve([row], new Array(1100).fill(1), [0], [1], 1200);
    expect(one.flow.flatMap((f, a) => (f > 0 ? [a] : []))).toEqual([157]);
    expect(one.y).toEqual([1100]);
  });

  it('warm start: a group that gains an arc is rerouted, and so is one whose volunteer gets room', () => {
    // Solve 1: c0 → v0 (10), c1 → v0 (20), v0 has 1 place: c1 takes it, h(v0) = −10, h(c0) = −51.
    const solver = new FlowSolver(2, 2, undefined, Int32Array.of(1, 1), [0, 1], 51);
    const first = csr([[[0, 10]], [[0, 20]]]);
    const s1 = solver.solve(first.start, first.adjV, first.adjW);
    expect(Array.from(s1.flow)).toEqual([0, 1]);
    expect(Array.from(s1.unmatched)).toEqual([1, 0]);
    expect(Array.from(s1.y)).toEqual([0, 10]);
    expect(Array.from(s1.z)).toEqual([10, 0]);
    // Solve 2: c1 also gets v1 (15). Taking c1 out frees v0 (h < 0), so c0 is taken out too.
    // Rerouted from scratch: c0 → v0, c1 → v1 (25); h(c0) = −46, h(c1) = −36, h(v0) = −5.
    const second = csr([[[0, 10]], [[0, 20], [1, 15]]]);
    const s2 = solver.solve(second.start, second.adjV, second.adjW);
    expect(Array.from(s2.flow)).toEqual([1, 0, 1]);
    expect(Array.from(s2.unmatched)).toEqual([0, 0]);
    expect(Array.from(s2.y)).toEqual([5, 15]);
    expect(Array.from(s2.z)).toEqual([5, 0]);
    // each solution is a snapshot: the second solve left the first one's numbers alone
    expect([Array.from(s1.flow), Array.from(s1.unmatched)]).toEqual([[0, 1], [1, 0]]);
    // work, by hand: solve 1 routes c0 (one path settling c0, v0), then c1 (c1, v0 — full —, c0);
    // solve 2 reroutes c0 (c0, v0), then c1 (c1, v0, c0, v1)
    expect([s1.paths, s1.settled, s2.paths, s2.settled]).toEqual([2, 5, 2, 6]);
  });

  it('warm start: a group that gains an arc and had none is routed again', () => {
    const solver = new FlowSolver(1, 1, undefined, Int32Array.of(1), [0], 51);
    const s1 = solver.solve(Int32Array.of(0, 0), new Int32Array(0), new Float64Array(0));
    expect([Array.from(s1.unmatched), Array.from(s1.y)]).toEqual([[1], [0]]);
    const s2 = solver.solve(Int32Array.of(0, 1), Int32Array.of(0), Float64Array.of(30));
    expect({ flow: Array.from(s2.flow), unmatched: Array.from(s2.unmatched), y: Array.from(s2.y), z: Array.from(s2.z) })
      .toEqual({ flow: [1], unmatched: [0], y: [30], z: [0] });
    // nothing new: the same solution again
    const s3 = solver.solve(Int32Array.of(0, 1), Int32Array.of(0), Float64Array.of(30));
    expect({ flow: Array.from(s3.flow), unmatched: Array.from(s3.unmatched), y: Array.from(s3.y), z: Array.from(s3.z) })
      .toEqual({ flow: [1], unmatched: [0], y: [30], z: [0] });
    // c0 alone, then c0 and v0; nothing to reroute the third time: no search at all
    expect([s1.paths, s1.settled, s2.paths, s2.settled, s3.paths, s3.settled]).toEqual([1, 1, 1, 2, 0, 0]);
  });
});
