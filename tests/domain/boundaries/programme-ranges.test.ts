import { PRESET_INPUTS, ProgrammeSchema } from '../../../src/programmes';

/**
 * The ranges an admin may set when editing a programme (src/programmes/schema.ts), each probed at
 * min − 1, min, max and max + 1 on a copy of a preset that sets the field. Only the range's own
 * message is looked at: a value inside the range may still break a cross-field rule, which
 * capacities.test.ts probes.
 */

type Obj = Record<string, unknown>;
function withValue(id: string, path: (string | number)[], value: number): unknown {
  const d = structuredClone(PRESET_INPUTS.find((p) => p.id === id)!) as unknown as Obj;
  let cur = d;
  for (const k of path.slice(0, -1)) {
    if (cur[k] === undefined) cur[k] = {};
    cur = cur[k] as Obj;
  }
  cur[path[path.length - 1]] = value;
  return d;
}
const messages = (p: unknown): string[] => {
  const r = ProgrammeSchema.safeParse(p);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

const RANGES: [string, string, (string | number)[], number, number][] = [
  // label (as the admin reads it), preset, path, min, max
  ['年份', 'suining-2019', ['year'], 2000, 2100],
  ['最低年龄', 'suining-2019', ['eligibility', 'minAge'], 16, 100],
  ['最高年龄', 'yueyang-2024', ['eligibility', 'maxAge'], 16, 100],
  ['儿童年龄上限', 'suining-2019', ['targetChildren', 'ageUnder'], 1, 18],
  ['父母外出月数', 'suining-2019', ['targetChildren', 'minParentsAwayMonths'], 1, 120],
  ['默认结对儿童数', 'xiamen-2017', ['pairing', 'defaultCapacity'], 1, 50],
  ['每位志愿者最多结对儿童数', 'xiamen-2017', ['pairing', 'maxCapacity'], 1, 50],
  ['每名儿童最多结对志愿者数', 'xiamen-2017', ['pairing', 'maxVolunteersPerChild'], 1, 10],
  ['本地志愿者数', 'yueyang-2024', ['pairing', 'localRemote', 'local'], 0, 5],
  ['异地志愿者数', 'yueyang-2024', ['pairing', 'localRemote', 'remote'], 0, 5],
  ['志愿者确认结对期限（天）', 'longgang-2019', ['pairing', 'acceptanceDays'], 1, 30],
  ['次数', 'yueyang-2024', ['visitRules', 0, 'requirements', 1, 'count'], 1, 100],
  ['微心愿金额上限（元）', 'jinjiang-2024', ['wishRules', 'priceCapYuan'], 1, 10000],
  ['认领有效期（天）', 'jinjiang-2024', ['wishRules', 'claimDays'], 1, 60],
  ['每人同时认领上限', 'jinjiang-2024', ['wishRules', 'maxOpenClaimsPerDonor'], 1, 50],
  ['到期前提醒天数', 'jinjiang-2024', ['wishRules', 'reminderDaysBeforeLapse'], 0, 30],
  ['招募名额', 'suining-2019', ['quotas', 'items', 0, 'atLeast'], 1, 100000],
  ['招募总数', 'suining-2019', ['quotas', 'total'], 1, 1000000],
  ['名额', 'xiamen-2017', ['allocations', 'items', 0, 'counts', 'difficult'], 0, 100000],
  ['名额总数', 'longgang-2019', ['allocations', 'total'], 1, 1000000],
  ['结对覆盖率目标（%）', 'jinjiang-2024', ['coverageGoal', 'percent'], 1, 100],
  ['报送截止日', 'longgang-2019', ['reportCalendar', 'dueDay'], 1, 28],
  ['服务年限', 'yueyang-2024', ['term', 'years'], 1, 10],
  ['评优月份', 'suining-2019', ['commendation', 'month'], 1, 12],
  ['权重', 'suining-2019', ['commendation', 'weights', 'visit_compliance'], 0, 100],
];

describe.each(RANGES)('%s (%s)', (label, id, path, min, max) => {
  test.each([
    ['min − 1', min - 1, `${label}不能小于${min}`, true],
    ['min', min, `${label}不能小于${min}`, false],
    ['max', max, `${label}不能大于${max}`, false],
    ['max + 1', max + 1, `${label}不能大于${max}`, true],
  ])('%s (%i): "%s" %s', (_w, value, message, said) => {
    expect(messages(withValue(id, path, value)).includes(message)).toBe(said);
  });
  test('a fraction is refused', () => {
    expect(messages(withValue(id, path, min + 0.5))).toContain(`${label}必须是整数`);
  });
});

test.each([
  // the report period must divide the year
  [1, true], [2, true], [3, true], [4, false], [5, false], [6, true], [12, true], [0, false], [13, false],
])('报送周期 of %i months accepted %s', (n, ok) => {
  expect(messages(withValue('longgang-2019', ['reportCalendar', 'everyMonths'], n)).includes('报送周期只能是1、2、3、6或12个月')).toBe(!ok);
});
