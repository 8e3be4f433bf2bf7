import { periodByKey } from '../../../src/domain/report/calendar';
import { jinjiang2024 } from '../../../src/programmes/presets/jinjiang2024';

/** Cases written for mutants that survived `npm run mutate` (docs/testing.md "Mutation testing"). */
const JJ = jinjiang2024.reportCalendar!;

test('period keys are read for the years 2000 to 2100 only', () => {
  expect(periodByKey(JJ, '2100-12')?.key).toBe('2100-12');
  expect(periodByKey(JJ, '2101-01')).toBeNull();
  expect(periodByKey(JJ, '2000-01')?.key).toBe('2000-01');
  expect(periodByKey(JJ, '1999-12')).toBeNull();
});
