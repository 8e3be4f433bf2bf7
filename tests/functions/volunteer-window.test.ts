import { as, ADMIN, startTestCloud } from '../helpers/cloud';
import { makeStaff, setupProgramme } from '../helpers/fixtures';
import { getProgramme, PRESET_IDS } from '../../src/programmes';
import { forgetProgramme } from '../../src/server/programme';
import { setClock } from '../../src/server/time';
import { appIdFor } from '../../src/functions/volunteer/store';
import { userIdFor } from '../../src/server/ids';
import type { LocalCloud } from '../../localcloud/server';
import { expectNoChange, presetForm, recorded } from '../domain/volunteer/fixtures';

/**
 * Issue 17: each preset's sign-up window is its notice's, enforced by volunteer.submit in China's
 * civil time (a sign-up at 00:30 in Beijing on the day after closing is late, though it is still
 * the closing day in UTC), shown by getSignupForm; staff at the top node extend it.
 */
let cloud: LocalCloud | undefined;
afterEach(async () => {
  setClock(null);
  await cloud?.close();
  cloud = undefined;
});
const at = (iso: string) => setClock(() => Date.parse(iso));
async function switchedOn(id: string, when: string): Promise<LocalCloud> {
  forgetProgramme();
  cloud = await startTestCloud();
  at(when);
  await setupProgramme(cloud, id);
  return cloud;
}

interface Row {
  id: string;
  switchOn: string;
  text: string;
  /** a moment before it opens, with the refusal */
  before?: [string, string];
  /** moments inside (its first and last minutes where it has them) */
  inside: string[];
  /** the first moment after it closes, with the refusal */
  after?: [string, string];
}
const TABLE: Row[] = [
  {
    id: 'suining-2019',
    switchOn: '2019-06-20T09:00:00+08:00',
    text: '2019年7月1日至2019年7月31日',
    before: ['2019-06-30T23:59:00+08:00', '报名尚未开始，报名时间为2019年7月1日至2019年7月31日，请届时再来报名'],
    inside: ['2019-07-01T00:00:00+08:00', '2019-07-31T23:59:00+08:00'],
    after: ['2019-08-01T00:30:00+08:00', '报名已于2019年7月31日截止（报名时间：2019年7月1日至2019年7月31日），如有疑问请联系当地妇联'],
  },
  {
    id: 'xiamen-2017',
    switchOn: '2017-03-23T09:00:00+08:00',
    text: '即日起至2017年4月30日',
    inside: ['2017-03-23T09:30:00+08:00', '2017-04-30T23:59:00+08:00'],
    after: ['2017-05-01T00:30:00+08:00', '报名已于2017年4月30日截止（报名时间：即日起至2017年4月30日），如有疑问请联系当地妇联'],
  },
  {
    id: 'longgang-2019',
    switchOn: '2019-05-08T09:00:00+08:00',
    text: '即日起至2019年5月20日',
    inside: ['2019-05-20T23:59:00+08:00'],
    after: ['2019-05-21T00:30:00+08:00', '报名已于2019年5月20日截止（报名时间：即日起至2019年5月20日），如有疑问请联系当地妇联'],
  },
  {
    id: 'yueyang-2024',
    switchOn: '2024-07-15T09:00:00+08:00',
    text: '即日起至2024年8月31日',
    inside: ['2024-08-31T23:59:00+08:00'],
    after: ['2024-09-01T00:30:00+08:00', '报名已于2024年8月31日截止（报名时间：即日起至2024年8月31日），如有疑问请联系当地妇联'],
  },
  // its notice recruits no volunteers and gives no dates: years later sign-up is still open
  { id: 'jinjiang-2024', switchOn: '2024-06-01T09:00:00+08:00', text: '常年开放', inside: ['2024-06-01T09:30:00+08:00', '2031-12-31T23:59:00+08:00'] },
];

test('the table covers the five presets', () => {
  expect(TABLE.map((r) => r.id).sort()).toEqual([...PRESET_IDS].sort());
});

describe.each(TABLE)('$id', (row) => {
  test('a sign-up before, inside and after the notice\'s window', async () => {
    const cloud = await switchedOn(row.id, row.switchOn);
    let n = 0;
    if (row.before) {
      at(row.before[0]);
      const form = await recorded(cloud, 'early').ok('getSignupForm', {});
      expect(form.signupWindow).toMatchObject({ text: row.text, state: 'before', notice: row.before[1] });
      const res = await expectNoChange(cloud, () => recorded(cloud, 'early').raw('submit', presetForm(row.id, ++n, 'female')), 'FORBIDDEN');
      expect(res).toMatchObject({ error: { message: row.before[1] } });
    }
    for (const moment of row.inside) {
      at(moment);
      const form = await recorded(cloud, `in-${n}`).ok('getSignupForm', {});
      expect(form.signupWindow).toMatchObject({ text: row.text, state: 'open', notice: null });
      const { application } = await recorded(cloud, `in-${n}`).ok('submit', presetForm(row.id, ++n, 'female'));
      expect(application.status).toBe('pending');
    }
    if (row.after) {
      at(row.after[0]);
      const form = await recorded(cloud, 'late').ok('getSignupForm', {});
      expect(form.signupWindow).toMatchObject({ text: row.text, state: 'after', notice: row.after[1] });
      const res = await expectNoChange(cloud, () => recorded(cloud, 'late').raw('submit', presetForm(row.id, ++n, 'female')), 'FORBIDDEN');
      expect(res).toMatchObject({ error: { message: row.after[1] } });
    }
  });
});

test('a preset switched on after its notice\'s window ended starts unlimited (the dates were that campaign\'s)', async () => {
  const cloud = await switchedOn('suining-2019', '2026-03-15T09:00:00+08:00');
  expect(getProgramme('suining-2019')!.signupWindow).toEqual({ opens: '2019-07-01', closes: '2019-07-31' });
  const form = await recorded(cloud, 'mum').ok('getSignupForm', {});
  expect(form.signupWindow).toEqual({ opens: null, closes: null, text: '常年开放', state: 'open', notice: null });
  await recorded(cloud, 'mum').ok('submit', presetForm('suining-2019', 1, 'female'));
});

describe('staff extend the closing date', () => {
  const late = async (cloud: LocalCloud) => {
    await makeStaff(cloud, 'city-staff', 'sn');
    await makeStaff(cloud, 'district-staff', 'sn-anju');
    at('2019-08-02T10:00:00+08:00');
  };

  test('the top node\'s staff set a later date: the page shows it and a late sign-up goes through', async () => {
    const cloud = await switchedOn('suining-2019', '2019-06-20T09:00:00+08:00');
    await late(cloud);
    await expectNoChange(cloud, () => recorded(cloud, 'mum').raw('submit', presetForm('suining-2019', 1, 'female')), 'FORBIDDEN');
    const res = await as(cloud, 'city-staff').ok('volunteer', 'extendSignup', { closes: '2019-08-15' });
    expect(res.signupWindow).toEqual({ opens: '2019-07-01', closes: '2019-08-15', text: '2019年7月1日至2019年8月15日', state: 'open', notice: null });
    expect((await recorded(cloud, 'mum').ok('getSignupForm', {})).signupWindow.text).toBe('2019年7月1日至2019年8月15日');
    await recorded(cloud, 'mum').ok('submit', presetForm('suining-2019', 1, 'female'));
    // switching the same preset on again leaves the extension alone
    await as(cloud, ADMIN).ok('account', 'setupProgramme', { presetId: 'suining-2019' });
    expect((await recorded(cloud, 'mum2').ok('getSignupForm', {})).signupWindow.closes).toBe('2019-08-15');
    at('2019-08-16T00:30:00+08:00');
    const refused = await expectNoChange(cloud, () => recorded(cloud, 'mum2').raw('submit', presetForm('suining-2019', 2, 'female')), 'FORBIDDEN');
    expect(refused).toMatchObject({ error: { message: '报名已于2019年8月15日截止（报名时间：2019年7月1日至2019年8月15日），如有疑问请联系当地妇联' } });
  });

  test.each([
    ['an earlier date', 'city-staff', '2019-07-20', 'INVALID_INPUT', '新的截止日期须晚于当前截止日期2019年7月31日'],
    ['a later date already past', 'city-staff', '2019-08-01', 'INVALID_INPUT', '新的截止日期不能早于今天'],
    ['a date that does not exist', 'city-staff', '2019-09-31', 'INVALID_INPUT', '报名截止日期格式应为 YYYY-MM-DD 且是有效日期'],
    ['a district\'s staff', 'district-staff', '2019-08-15', 'FORBIDDEN', '报名时间由市级妇联调整，请联系市妇联'],
  ])('refused: %s, and nothing changes', async (_what, who, closes, code, message) => {
    const cloud = await switchedOn('suining-2019', '2019-06-20T09:00:00+08:00');
    await late(cloud);
    const res = await expectNoChange(cloud, () => as(cloud, who).raw('volunteer', 'extendSignup', { closes }), code);
    expect(res).toMatchObject({ error: { message } });
  });

  test('an unlimited window has nothing to extend', async () => {
    const cloud = await switchedOn('jinjiang-2024', '2024-06-01T09:00:00+08:00');
    const res = await expectNoChange(cloud, () => as(cloud, ADMIN).raw('volunteer', 'extendSignup', { closes: '2024-12-31' }));
    expect(res).toMatchObject({ error: { message: '当前报名没有截止日期，无需延长' } });
  });
});

test('answering a rejection after the window closed is not a new sign-up: it goes through', async () => {
  const cloud = await switchedOn('suining-2019', '2019-06-20T09:00:00+08:00');
  at('2019-07-20T10:00:00+08:00');
  await makeStaff(cloud, 'county', 'sn-anju');
  await recorded(cloud, 'mum').ok('submit', presetForm('suining-2019', 1, 'female'));
  await recorded(cloud, 'county').ok('review', { id: appIdFor(userIdFor('mum')), version: 1, decision: 'reject', opinion: '家庭住址请填写详细' });
  at('2019-08-05T10:00:00+08:00');
  const { application } = await recorded(cloud, 'mum').ok('submit', presetForm('suining-2019', 1, 'female'));
  expect(application.status).toBe('pending');
  // a withdrawn sign-up sent again after closing is a new one
  await recorded(cloud, 'mum').ok('withdraw', { version: application.version });
  await expectNoChange(cloud, () => recorded(cloud, 'mum').raw('submit', presetForm('suining-2019', 1, 'female')), 'FORBIDDEN');
});
