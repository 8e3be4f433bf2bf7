import * as programmes from '../../src/programmes';
import { as, ADMIN, startTestCloud } from '../helpers/cloud';
import { makeStaff, setupProgramme } from '../helpers/fixtures';
import { forgetProgramme } from '../../src/server/programme';
import { setClock } from '../../src/server/time';
import type { LocalCloud } from '../../localcloud/server';
import { expectNoChange, presetForm, recorded } from '../domain/volunteer/fixtures';

/**
 * Recruitment windows per team kind (issue 17 part 5), for 岳阳. Its notice dates every team's
 * recruitment alike ("8月份集结成队"), so the preset has none of its own: a 市直 unit's sign-up (her
 * default team is 异地) follows the programme's window until staff extend the 异地 teams' window
 * alone, or a programme gives the kind its own dates (here by a programme with teams.signupWindows).
 */
const real = programmes.getProgramme;
let cloud: LocalCloud | undefined;
afterEach(async () => {
  jest.restoreAllMocks();
  setClock(null);
  forgetProgramme();
  await cloud?.close();
  cloud = undefined;
});
const at = (iso: string) => setClock(() => Date.parse(iso));
async function switchedOn(when: string): Promise<LocalCloud> {
  forgetProgramme();
  cloud = await startTestCloud();
  at(when);
  await setupProgramme(cloud, 'yueyang-2024');
  await makeStaff(cloud, 'city-staff', 'yy');
  await makeStaff(cloud, 'county-staff', 'yy-junshan');
  return cloud;
}
/** A village mother (local team) and a 市直机关 one (her unit's default team is 异地). */
const local = (n: number) => presetForm('yueyang-2024', n, 'female');
const unit = (n: number) => presetForm('yueyang-2024', n, 'female', { orgCode: 'yy-szjg', preferredAreaCode: 'yy-junshan' });
const CLOSED = '报名已于2024年8月31日截止（报名时间：即日起至2024年8月31日），如有疑问请联系当地妇联';

test('the preset: one window for every team, as the notice says', () => {
  expect(real('yueyang-2024')!.teams.signupWindows).toEqual([]);
});

test('staff extend the 异地 teams\' window: a unit\'s sign-up goes through, a village\'s is still refused, and the new date holds', async () => {
  const c = await switchedOn('2024-07-15T09:00:00+08:00');
  at('2024-09-02T10:00:00+08:00');
  expect(await expectNoChange(c, () => recorded(c, 'unit-mum').raw('submit', unit(1)), 'FORBIDDEN')).toMatchObject({ error: { message: CLOSED } });
  // only the top node's staff; an unknown kind and an earlier date refused; nothing changes
  expect(await expectNoChange(c, () => as(c, 'county-staff').raw('volunteer', 'extendSignup', { closes: '2024-09-30', teamKind: 'remote' }), 'FORBIDDEN')).toBeTruthy();
  expect(await expectNoChange(c, () => as(c, 'city-staff').raw('volunteer', 'extendSignup', { closes: '2024-08-20', teamKind: 'remote' })))
    .toMatchObject({ error: { message: '异地爱心妈妈志愿服务队：新的截止日期须晚于当前截止日期2024年8月31日' } });

  const res = await as(c, 'city-staff').ok('volunteer', 'extendSignup', { closes: '2024-09-30', teamKind: 'remote' });
  expect(res.signupWindow).toMatchObject({ closes: '2024-08-31', state: 'after' });
  expect(res.teamWindows).toEqual([{ kind: 'remote', label: '异地爱心妈妈志愿服务队', appliesTo: 'unit', opens: null, closes: '2024-09-30', text: '即日起至2024年9月30日', state: 'open', notice: null }]);
  const form = await recorded(c, 'unit-mum').ok('getSignupForm', {});
  expect(form.signupWindow.state).toBe('after');
  expect(form.teamWindows.map((w: { label: string; text: string; state: string }) => [w.label, w.text, w.state])).toEqual([['异地爱心妈妈志愿服务队', '即日起至2024年9月30日', 'open']]);

  const { application } = await recorded(c, 'unit-mum').ok('submit', unit(1));
  expect(application.status).toBe('pending');
  expect(await expectNoChange(c, () => recorded(c, 'village-mum').raw('submit', local(2)), 'FORBIDDEN')).toMatchObject({ error: { message: CLOSED } });

  // the whole programme extended later leaves the 异地 window alone
  await as(c, 'city-staff').ok('volunteer', 'extendSignup', { closes: '2024-09-10' });
  await recorded(c, 'village-mum').ok('submit', local(2));
  at('2024-10-01T00:30:00+08:00');
  expect(await expectNoChange(c, () => recorded(c, 'unit-mum2').raw('submit', unit(3)), 'FORBIDDEN'))
    .toMatchObject({ error: { message: '异地爱心妈妈志愿服务队：报名已于2024年9月30日截止（报名时间：即日起至2024年9月30日），如有疑问请联系当地妇联' } });
});

test('a programme with the 异地 teams\' own dates: refused before, accepted inside, refused after; other teams follow the programme', async () => {
  jest.spyOn(programmes, 'getProgramme').mockImplementation((id) => {
    const p = real(id);
    return p && id === 'yueyang-2024' ? { ...p, teams: { ...p.teams, signupWindows: [{ kind: 'remote', opens: '2024-09-01', closes: '2024-09-30' }] } } : p;
  });
  const c = await switchedOn('2024-07-15T09:00:00+08:00');
  at('2024-08-31T23:59:00+08:00');
  expect(await expectNoChange(c, () => recorded(c, 'unit-mum').raw('submit', unit(1)), 'FORBIDDEN'))
    .toMatchObject({ error: { message: '异地爱心妈妈志愿服务队：报名尚未开始，报名时间为2024年9月1日至2024年9月30日，请届时再来报名' } });
  await recorded(c, 'village-mum').ok('submit', local(2));
  at('2024-09-01T00:00:00+08:00');
  await recorded(c, 'unit-mum').ok('submit', unit(1));
  expect(await expectNoChange(c, () => recorded(c, 'village-mum2').raw('submit', local(3)), 'FORBIDDEN')).toMatchObject({ error: { message: CLOSED } });
  at('2024-10-01T00:30:00+08:00');
  expect(await expectNoChange(c, () => recorded(c, 'unit-mum2').raw('submit', unit(4)), 'FORBIDDEN'))
    .toMatchObject({ error: { message: '异地爱心妈妈志愿服务队：报名已于2024年9月30日截止（报名时间：2024年9月1日至2024年9月30日），如有疑问请联系当地妇联' } });
  // extended from its own dates
  const res = await as(c, ADMIN).ok('volunteer', 'extendSignup', { closes: '2024-10-15', teamKind: 'remote' });
  expect(res.teamWindows[0]).toMatchObject({ opens: '2024-09-01', closes: '2024-10-15', state: 'open' });
  await recorded(c, 'unit-mum2').ok('submit', unit(4));
});

test('switched on after a team\'s window has ended: that team recruits without a limit, like the programme', async () => {
  jest.spyOn(programmes, 'getProgramme').mockImplementation((id) => {
    const p = real(id);
    return p && id === 'yueyang-2024'
      ? { ...p, teams: { ...p.teams, signupWindows: [{ kind: 'remote', opens: '2024-09-01', closes: '2024-09-30' }, { kind: 'local', opens: null, closes: '2026-12-31' }] } }
      : p;
  });
  const c = await switchedOn('2026-03-01T09:00:00+08:00');
  const settings = c.store.rawDocuments('settings').find((d) => (d as { _id: string })._id === 'programme') as { teamSignupWindows: unknown };
  expect(settings.teamSignupWindows).toEqual({ remote: { opens: null, closes: null }, local: { opens: null, closes: '2026-12-31' } });
  await recorded(c, 'unit-mum').ok('submit', unit(1));
});
