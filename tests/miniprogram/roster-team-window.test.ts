/**
 * @jest-environment jsdom
 */
import { installWx, loadPage, waitFor, renderAs, textOf, connect, pick } from '../helpers/page';
import { startTestCloud } from '../helpers/cloud';
import { makeStaff, setupProgramme } from '../helpers/fixtures';
import * as programmes from '../../src/programmes';
import { forgetProgramme } from '../../src/server/programme';
import { setClock } from '../../src/server/time';
import type { LocalCloud } from '../../localcloud/server';

/**
 * 名册 lists the team kinds that recruit apart (issue 17 part 5: 岳阳-style per-team windows) under
 * the programme's 报名时间, and the top node's staff extend one team's window there.
 */
installWx();
const real = programmes.getProgramme;
let cloud: LocalCloud;
let rosterId: string;

beforeAll(() => {
  rosterId = loadPage('packages/staff/pages/volunteer-roster/index');
});
beforeEach(async () => {
  jest.spyOn(programmes, 'getProgramme').mockImplementation((id) => {
    const p = real(id);
    return p && id === 'yueyang-2024' ? { ...p, teams: { ...p.teams, signupWindows: [{ kind: 'remote', opens: '2024-07-01', closes: '2024-09-30' }] } } : p;
  });
  forgetProgramme();
  setClock(() => Date.parse('2024-07-15T09:00:00+08:00'));
  cloud = await startTestCloud();
  connect(cloud);
  await setupProgramme(cloud, 'yueyang-2024');
  await makeStaff(cloud, 'yy-city', 'yy');
});
afterEach(async () => {
  jest.restoreAllMocks();
  setClock(null);
  forgetProgramme();
  await cloud.close();
});

test('the 异地 teams\' window is shown with its own extension; extending it leaves the programme\'s alone', async () => {
  const page = renderAs(rosterId, 'yy-city');
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false && page.data.signupWindow !== null);
  expect(textOf(page, '#team-window-remote')).toContain('异地爱心妈妈志愿服务队：2024年7月1日至2024年9月30日');
  pick(page, '#extend-remote', '2024-10-31');
  await waitFor(() => page.data.teamWindows[0].closes === '2024-10-31' || page.data.windowError !== '');
  expect(page.data.windowError).toBe('');
  expect(textOf(page, '#team-window-remote')).toContain('2024年7月1日至2024年10月31日');
  expect(page.data.signupWindow.closes).toBe('2024-08-31');
});
