/**
 * @jest-environment jsdom
 */
import { installWx, loadPage, waitFor, textOf, connect, renderAs, tap, typeInto, tapOption } from '../helpers/page';
import { startTestCloud } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { FUNCTIONS } from '../../src/functions';
import { newSetupCode, setupCodeEvent } from '../../src/deploy/setup';
import { SETUP_REFUSALS } from '../../src/server/setup-code';

/**
 * First run from the phone: an environment just deployed (no programme, no ADMIN_OPENIDS). Home
 * offers the setup entry; the IT person enters the code `npm run deploy` printed, becomes admin
 * and switches a preset on, then home shows the programme.
 */
const wx = installWx();
let cloud: LocalCloud;
let homeId: string;
let setupId: string;
const savedAdmins = process.env.ADMIN_OPENIDS;

beforeEach(async () => {
  delete process.env.ADMIN_OPENIDS;
  cloud = await startTestCloud();
  connect(cloud);
  homeId = loadPage('pages/home/index');
  setupId = loadPage('packages/admin/pages/setup/index');
});
afterEach(async () => {
  await cloud.close();
  if (savedAdmins === undefined) delete process.env.ADMIN_OPENIDS;
  else process.env.ADMIN_OPENIDS = savedAdmins;
});

/** What the deploy command does from the management side (no user identity). */
async function printedCode(): Promise<string> {
  const code = newSetupCode();
  await FUNCTIONS.account(setupCodeEvent(code, new Date(), false), {});
  return code;
}

test('home of a fresh environment offers the setup; the code makes her admin; a preset switches the programme on', async () => {
  const code = await printedCode();
  const home = renderAs(homeId, 'it-person');
  home.instance.onLoad();
  await waitFor(() => home.data.loading === false);
  expect(textOf(home, '#programme-name')).toBe('本地区尚未启用项目');
  expect(textOf(home, '#setup')).toContain('设置码');
  tap(home, '#setup-open');
  // t-button passes the tap on after the current task, as on a phone
  await waitFor(() => (wx.navigateTo as jest.Mock).mock.calls.length > 0);
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/admin/pages/setup/index' });

  const page = renderAs(setupId, 'it-person');
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false);
  expect(page.data.step).toBe('code');
  typeInto(page, '#code', code.toLowerCase());
  tap(page, '#claim');
  await waitFor(() => page.data.step === 'preset');
  expect(textOf(page, '#presets')).toContain('晋江');
  tapOption(page, '#presets', 'jinjiang-2024');
  tap(page, '#switch-on');
  await waitFor(() => page.data.step === 'done');
  expect(textOf(page, '#done')).toMatch(/^「.*」已启用，新建组织 \d+ 个。$/);
  expect(page.data.orgsCreated).toBeGreaterThan(0);

  const after = renderAs(homeId, 'it-person');
  after.instance.onLoad();
  await waitFor(() => after.data.loading === false);
  expect(textOf(after, '#programme-name')).not.toBe('本地区尚未启用项目');
  expect(after.querySelector('#setup')).toBeUndefined();
  expect(after.data.roles.map((r: { label: string }) => r.label)).toContain('管理员');
});

test('a wrong code is refused on the page in Chinese and she stays on the code step; an empty one is not sent', async () => {
  await printedCode();
  const page = renderAs(setupId, 'guesser');
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false);
  tap(page, '#claim');
  await waitFor(() => page.data.error !== '');
  expect(textOf(page, '#error')).toBe('请输入设置码');
  typeInto(page, '#code', 'AAAA-BBBB-CCCC');
  await waitFor(() => page.data.code === 'AAAA-BBBB-CCCC' && page.data.error === '');
  tap(page, '#claim');
  await waitFor(() => page.data.error !== '');
  expect(textOf(page, '#error')).toBe(SETUP_REFUSALS.wrong);
  expect(page.data.step).toBe('code');
});
