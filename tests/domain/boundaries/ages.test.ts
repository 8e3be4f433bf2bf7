import { eligibility as childEligibility, type EligibilityFacts } from '../../../src/domain/child';
import { listEligiblePairs, type MatchChild, type MatchVolunteer } from '../../../src/domain/matching';
import { matchRules } from '../../../src/domain/pairing';
import { checkEligibility, type EligibilityInput } from '../../../src/domain/volunteer/eligibility';
import { DECLARATIONS, allPresets } from '../../../src/programmes';
import { addDays, addMonths, addYears, preset, PRESET_IDS } from './probe';

/**
 * Age limits probed just below, at and just above the limit, for every preset, with dates a day
 * either side of the birthday that crosses it. Limits are read from the preset; the outcomes are
 * literals. The preset values themselves are pinned first, against the notices (or the product
 * default where a notice is silent).
 */

test('the boundary tables cover exactly the shipped presets', () => {
  expect(allPresets().map((p) => p.id)).toEqual([...PRESET_IDS]);
});

describe('volunteer age: inclusive bounds in whole years (遂宁 "20-60岁", 岳阳 "18周岁以上70周岁以下")', () => {
  test.each([
    ['xiamen-2017', 18, 65], // seed silent: product default
    ['suining-2019', 20, 60],
    ['jinjiang-2024', 18, 65], // seed silent
    ['yueyang-2024', 18, 70],
    ['longgang-2019', 18, 65], // seed silent
  ])('%s sets %i–%i', (id, min, max) => {
    expect([preset(id).eligibility.minAge, preset(id).eligibility.maxAge]).toEqual([min, max]);
  });

  const born = '1990-07-15';
  const apply = (id: string, today: string, birth = born) => {
    const input: EligibilityInput = { applicantKind: 'individual', birthDate: birth, declarations: [...DECLARATIONS], regionKnown: true };
    return checkEligibility(preset(id).eligibility, input, today);
  };

  // offset in days from the birthday on which she reaches the limit
  const lower: [string, number, boolean][] = [
    ['the day before she turns minAge', -1, false],
    ['the day she turns minAge', 0, true],
    ['the day after she turns minAge', 1, true],
  ];
  // maxAge is inclusive: she is still maxAge until the day before her (maxAge + 1)th birthday
  const upper: [string, number, boolean][] = [
    ['the day before she turns maxAge + 1', -1, true],
    ['the day she turns maxAge + 1', 0, false],
    ['the day after she turns maxAge + 1', 1, false],
  ];

  describe.each([...PRESET_IDS])('%s', (id) => {
    const { minAge, maxAge } = preset(id).eligibility;
    test.each(lower)('minimum: %s', (_w, offset, ok) => {
      const r = apply(id, addDays(addYears(born, minAge), offset));
      expect(r.ok).toBe(ok);
      if (!r.ok) expect(r).toMatchObject({ rule: 'age', message: `不符合报名条件：年龄须在${minAge}至${maxAge}周岁之间（您现年${minAge - 1}周岁）` });
      else expect(r).toMatchObject({ age: offset < 0 ? minAge - 1 : minAge });
    });
    test.each(upper)('maximum: %s', (_w, offset, ok) => {
      const r = apply(id, addDays(addYears(born, maxAge + 1), offset));
      expect(r.ok).toBe(ok);
      if (!r.ok) expect(r).toMatchObject({ rule: 'age', message: `不符合报名条件：年龄须在${minAge}至${maxAge}周岁之间（您现年${maxAge + 1}周岁）` });
      else expect(r).toMatchObject({ age: maxAge });
    });
    test('on her maxAge birthday she is still accepted', () => {
      expect(apply(id, addYears(born, maxAge)).ok).toBe(true);
    });
    test('born on 29 February, she reaches minAge on 1 March of a common year', () => {
      // 2000 is a leap year; minAge ≥ 16 keeps 2000 + minAge within 2016..2100, leap or not is checked below
      const birth = '2000-02-29';
      const y = 2000 + minAge;
      const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
      expect(apply(id, `${y}-02-28`, birth).ok).toBe(false);
      expect(apply(id, `${y}-${leap ? '02-29' : '03-01'}`, birth).ok).toBe(true);
    });
  });
});

/** A child that meets every other rule of the preset's target. */
function childFor(id: string, birthDate: string): EligibilityFacts {
  const t = preset(id).targetChildren;
  return {
    category: t.categories[0],
    difficultSubtypes: t.difficultSubtypes.slice(0, 1),
    poorReasons: t.poorReasons.slice(0, 1),
    sex: 'female',
    birthDate,
    parentsAway: 'both',
    parentsAwaySince: '2000-01',
    hukouType: 'rural',
  };
}

describe('child age: the age must be below ageUnder (遂宁 "12周岁以下女童" read as under 12)', () => {
  test.each([
    ['xiamen-2017', 18], // seed silent: minors
    ['suining-2019', 12],
    ['jinjiang-2024', 18],
    ['yueyang-2024', 18],
    ['longgang-2019', 18],
  ])('%s sets ageUnder %i', (id, n) => {
    expect(preset(id).targetChildren.ageUnder).toBe(n);
  });

  const born = '2014-09-10';
  const probes: [string, number, boolean][] = [
    ['the day before her ageUnder-th birthday', -1, true],
    ['her ageUnder-th birthday', 0, false],
    ['the day after it', 1, false],
  ];
  describe.each([...PRESET_IDS])('%s', (id) => {
    const n = preset(id).targetChildren.ageUnder;
    test.each(probes)('registry: %s', (_w, offset, eligible) => {
      const r = childEligibility(childFor(id, born), preset(id).targetChildren, addDays(addYears(born, n), offset));
      expect(r.eligible).toBe(eligible);
      expect(r.reasons).toEqual(eligible ? [] : [`须未满${n}周岁（现${n}岁）`]);
    });

    // The pairing engine takes whole years: ageUnder − 1 is the oldest it pairs.
    const pairable = (age: number) => {
      const p = preset(id);
      const child: MatchChild = { id: 'c', orgPath: ['r', 'd'], sex: 'F', age, category: p.targetChildren.categories[0], riskLevel: 'low', needs: [] };
      const vol: MatchVolunteer = { id: 'v', orgPath: ['r', 'd'], role: 'local', freeCapacity: 1, skills: [] };
      return listEligiblePairs([child], [vol], matchRules(p)).length === 1;
    };
    test.each([
      ['ageUnder − 1', -1, true],
      ['ageUnder', 0, false],
      ['ageUnder + 1', 1, false],
    ])('pairing engine: a child aged %s', (_w, delta, ok) => {
      expect(pairable(n + delta)).toBe(ok);
    });
  });
});

describe('遂宁: parents away for at least minParentsAwayMonths ("半年以上", whole calendar months)', () => {
  test('only 遂宁 sets it, to 6', () => {
    expect(PRESET_IDS.map((id) => preset(id).targetChildren.minParentsAwayMonths)).toEqual([undefined, 6, undefined, undefined, undefined]);
  });
  const sn = preset('suining-2019');
  const months = sn.targetChildren.minParentsAwayMonths!;
  test.each([
    ['one month short', -1, false],
    ['exactly', 0, true],
    ['one month more', 1, true],
  ])('%s', (_w, delta, ok) => {
    // away since March 2023; checked on the 1st and the last day of the month the limit is reached in
    const since = '2023-03';
    const month = addMonths(since, months + delta);
    for (const today of [`${month}-01`, addDays(`${addMonths(month, 1)}-01`, -1)]) {
      const r = childEligibility({ ...childFor('suining-2019', '2018-01-01'), parentsAwaySince: since }, sn.targetChildren, today);
      expect(r.reasons).toEqual(ok ? [] : [`父母外出须满${months}个月`]);
    }
  });
});
