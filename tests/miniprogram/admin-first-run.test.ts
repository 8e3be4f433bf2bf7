/**
 * @jest-environment jsdom
 */
import { installWx, loadPage, waitFor, textOf, connect, renderAs, tap, typeInto, tapOption, pick } from '../helpers/page';
import { startTestCloud } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { FUNCTIONS } from '../../src/functions';
import { newSetupCode, setupCodeEvent } from '../../src/deploy/setup';
import { currentDraft } from '../../miniprogram/packages/admin/programme-draft';

/**
 * Issue 17's first run, all from pages: a fresh environment (no ADMIN_OPENIDS); the IT person
 * claims the setup code and switches 遂宁 on; she adds a street under 安居区 and a community under
 * it; invites a street manager (who may bring in staff) and, through her, a community's staff
 * member; both join from the shared cards. The preset is reviewed in plain Chinese and adjusted
 * before it is switched on (version 1), and once staff are in, one rule is changed as version 2
 * from the first of next month.
 */
const wx = installWx();
let cloud: LocalCloud;
const savedAdmins = process.env.ADMIN_OPENIDS;
const ids: Record<string, string> = {};

beforeEach(async () => {
  delete process.env.ADMIN_OPENIDS;
  cloud = await startTestCloud();
  connect(cloud);
  for (const p of ['setup', 'orgs', 'staff', 'join', 'programme', 'programme-edit', 'programme-save']) ids[p] = loadPage(`packages/admin/pages/${p}/index`);
});
afterEach(async () => {
  await cloud.close();
  if (savedAdmins === undefined) delete process.env.ADMIN_OPENIDS;
  else process.env.ADMIN_OPENIDS = savedAdmins;
});

async function open(page: string, openid: string, query?: Record<string, string>) {
  const p = renderAs(ids[page], openid);
  p.instance.onLoad(query);
  await waitFor(() => p.data.loading === false);
  return p;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function addChild(orgs: any, parentCode: string, name: string, level?: string) {
  tap(orgs, `#org-${parentCode}`);
  await waitFor(() => orgs.data.selected === parentCode);
  if (level) tapOption(orgs, '#child-level', level);
  typeInto(orgs, '#child-name', name);
  await waitFor(() => orgs.data.newName === name && (!level || orgs.data.newLevel === level));
  tap(orgs, '#child-add');
  await waitFor(() => orgs.data.message.includes(name) || orgs.data.error !== '');
  expect(orgs.data.error).toBe('');
  return (cloud.store.rawDocuments('orgs') as { _id: string; name: string }[]).find((o) => o.name === name)!._id;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function inviteFrom(staff: any, orgName: string, permissions: string[]) {
  pick(staff, '#org', staff.data.orgLabels.findIndex((l: string) => l.trim() === orgName));
  for (const [i, p] of permissions.entries()) {
    tapOption(staff, '#invite-perms', p);
    await waitFor(() => staff.data.invitePerms.length === i + 1);
  }
  tap(staff, '#invite-create');
  await waitFor(() => staff.data.invite !== null || staff.data.error !== '');
  expect(staff.data.error).toBe('');
  const card = staff.instance.onShareAppMessage() as { path: string };
  return Object.fromEntries(card.path.split('?')[1].split('&').map((kv) => kv.split('=')));
}
async function join(openid: string, query: Record<string, string>, name: string, by = '') {
  const page = await open('join', openid, query);
  if (by) expect(textOf(page, '#by-hint')).toBe(`邀请人：${by}`);
  else expect(page.querySelector('#by-hint')).toBeUndefined();
  typeInto(page, '#name', name);
  await waitFor(() => page.data.name === name);
  tap(page, '#join');
  await waitFor(() => page.data.step === 'done' || page.data.error !== '');
  return textOf(page, '#done') || textOf(page, '#error');
}

test('from the setup code to a four-level tree and staff at a street and a community, all from pages', async () => {
  const code = newSetupCode();
  await FUNCTIONS.account(setupCodeEvent(code, new Date(), false), {});
  const setup = await open('setup', 'it-person');
  typeInto(setup, '#code', code);
  await waitFor(() => setup.data.code === code);
  tap(setup, '#claim');
  await waitFor(() => setup.data.step === 'preset');
  tapOption(setup, '#presets', 'suining-2019');
  tap(setup, '#review');
  await waitFor(() => lastUrl() === '/packages/admin/pages/programme/index?presetId=suining-2019');
  const review = await open('programme', 'it-person', { presetId: 'suining-2019' });
  expect(textOf(review, '#section-approval')).toContain('第1步');
  tap(review, '#adjust');
  await waitFor(() => currentDraft()?.mode === 'setup');
  // 遂宁 adjusted before it starts: applicants up to 60
  const eligibility = await open('programme-edit', 'it-person', { path: 'eligibility' });
  typeInto(eligibility, '#field-maxAge', '60');
  await waitFor(() => (currentDraft()!.draft.eligibility as { maxAge: number }).maxAge === 60);
  const switchOn = await open('programme-save', 'it-person');
  expect(textOf(switchOn, '#section-who')).toContain('年龄 ');
  tap(switchOn, '#save');
  await waitFor(() => switchOn.data.done !== '' || switchOn.data.error !== '');
  expect(textOf(switchOn, '#done')).toMatch(/^项目已启用，新建组织 \d+ 个。$/);

  const orgs = await open('orgs', 'it-person');
  const street = await addChild(orgs, 'sn-anju', '测试街道', 'street');
  const community = await addChild(orgs, street, '测试社区');
  const path = (cloud.store.rawDocuments('orgs') as { _id: string; path: string[] }[]).find((o) => o._id === community)!.path;
  expect(path).toEqual(['sn', 'sn-anju', street, community]);

  const adminStaff = await open('staff', 'it-person');
  const streetCard = await inviteFrom(adminStaff, '测试街道', ['staff.manage', 'child.read', 'visit.read']);
  expect(await join('street-mum', streetCard, '街道负责人')).toBe('您已成为「测试街道」的工作人员，获得3项权限。');

  // the street manager brings in the community's staff member herself
  const streetStaff = await open('staff', 'street-mum');
  expect(streetStaff.data.orgLabels.map((l: string) => l.trim())).toEqual(['测试街道', '测试社区']);
  const communityCard = await inviteFrom(streetStaff, '测试社区', ['child.read']);
  expect(streetStaff.instance.onShareAppMessage().title).toBe('街道负责人邀请您成为「测试社区」的工作人员');
  expect(await join('community-mum', communityCard, '社区儿童主任', '街道负责人')).toBe('您已成为「测试社区」的工作人员，获得1项权限。');

  const users = cloud.store.rawDocuments('users') as { openid: string; name: string; staff: { orgPath: string[]; permissions: string[] } | null }[];
  expect(users.find((u) => u.openid === 'street-mum')!.staff).toMatchObject({ orgPath: ['sn', 'sn-anju', street], permissions: ['staff.manage', 'child.read', 'visit.read'] });
  expect(users.find((u) => u.openid === 'community-mum')!.staff).toMatchObject({ orgPath: path, permissions: ['child.read'] });

  const adminList = await open('staff', 'it-person');
  expect(textOf(adminList, '#count')).toBe('本辖区工作人员（2人）');
  expect(textOf(adminList, '#list')).toContain('街道负责人');
  expect(textOf(adminList, '#list')).toContain('社区儿童主任');
  // the community's staff member may not manage staff
  const refused = await open('staff', 'community-mum');
  expect(textOf(refused, '#refused')).toBe('您没有管理工作人员的权限，请联系上级管理员开通。');

  // one rule changed from the phone: a volunteer may care for up to two children, from next month
  const rules = await open('programme', 'it-person');
  expect(textOf(rules, '#section-who')).toContain('–60 周岁');
  tap(rules, '#edit');
  await waitFor(() => currentDraft()?.mode === 'version');
  const pairing = await open('programme-edit', 'it-person', { path: 'pairing' });
  typeInto(pairing, '#field-maxCapacity', '2');
  await waitFor(() => (currentDraft()!.draft.pairing as { maxCapacity: number }).maxCapacity === 2);
  const save = await open('programme-save', 'it-person');
  expect(save.data.changes).toEqual(['结对与服务队']);
  typeInto(save, '#reason', '每位爱心妈妈最多结对两名儿童');
  await waitFor(() => save.data.reason !== '启用本地区项目' && save.data.reason.length > 0);
  tap(save, '#save');
  await waitFor(() => save.data.done !== '' || save.data.error !== '');
  expect(textOf(save, '#done')).toBe(`已保存为第 2 版，自 ${save.data.effectiveFrom} 起生效。`);
  const history = await open('programme', 'it-person');
  expect(history.data.versions.map((v: { version: number; state: string; reason: string }) => `${v.version} ${v.state} ${v.reason}`)).toEqual([
    '2 scheduled 每位爱心妈妈最多结对两名儿童',
    '1 in_effect 启用本地区项目',
  ]);
});
const lastUrl = () => (wx.navigateTo as jest.Mock).mock.calls.at(-1)?.[0]?.url as string;
