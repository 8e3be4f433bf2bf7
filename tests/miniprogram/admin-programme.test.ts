/**
 * @jest-environment jsdom
 */
import { installWx, loadPage, waitFor, textOf, connect, renderAs, tap, typeInto, tapOption, pick } from '../helpers/page';
import { startTestCloud, as, ADMIN } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { clearDraft, currentDraft } from '../../miniprogram/packages/admin/programme-draft';

/**
 * 项目规则 and its editor (issue 17): the rules in plain Chinese, a change made in the form derived
 * from the programme schema, checked on the server, saved as a version from a chosen day; problems
 * shown where they are fixed; lists edited item by item; a preset adjusted before switch-on.
 */
const wx = installWx();
let cloud: LocalCloud;
const ids: Record<string, string> = {};

beforeAll(() => {
  for (const p of ['programme', 'programme-edit', 'programme-save']) ids[p] = loadPage(`packages/admin/pages/${p}/index`);
});
beforeEach(async () => {
  clearDraft();
  // each test waits for its own navigation (lastUrl) and answers its own dialogs: none left from another
  for (const fn of ['navigateTo', 'redirectTo', 'navigateBack', 'showModal', 'showToast'] as const) (wx[fn] as jest.Mock).mockReset();
  cloud = await startTestCloud();
  connect(cloud);
});
afterEach(() => cloud.close());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function open(page: string, query: Record<string, string> = {}): Promise<any> {
  const p = renderAs(ids[page], ADMIN);
  p.instance.onLoad(query);
  await waitFor(() => p.data.loading === false);
  return p;
}
const lastUrl = (fn: 'navigateTo' | 'redirectTo') => (wx[fn] as jest.Mock).mock.calls.at(-1)?.[0]?.url as string;
const queryOf = (url: string) => Object.fromEntries(new URLSearchParams(url.split('?')[1] ?? '').entries());

async function switchedOn(presetId = 'suining-2019') {
  await as(cloud, ADMIN).ok('account', 'login', {});
  await as(cloud, ADMIN).ok('account', 'setupProgramme', { presetId });
}

test('the rules in effect in plain Chinese; 修改规则 → change the wish price cap → checked → saved from a chosen day', async () => {
  await switchedOn();
  const home = await open('programme');
  expect(textOf(home, '#title')).toBe('第 1 版 · 生效中');
  expect(textOf(home, '#section-who')).toContain('仅限女性');
  expect(textOf(home, '#section-wishes')).toContain('每个心愿不超过 200 元');
  tap(home, '#edit');
  await waitFor(() => lastUrl('navigateTo') === '/packages/admin/pages/programme-edit/index?path=');

  const root = await open('programme-edit', { path: '' });
  expect(root.data.rows.map((r: { label: string }) => r.label)).toEqual(expect.arrayContaining(['项目名称', '报名条件', '走访规则', '微心愿规则', '结对较晚的宽限']));
  expect(root.data.rows.map((r: { key: string }) => r.key)).not.toContain('orgTree');
  tap(root, '#open-wishRules');
  await waitFor(() => lastUrl('navigateTo') === '/packages/admin/pages/programme-edit/index?path=wishRules');

  const wishes = await open('programme-edit', queryOf(lastUrl('navigateTo')));
  expect(textOf(wishes, '#title')).toBe('微心愿规则');
  typeInto(wishes, '#field-priceCapYuan', '150');
  await waitFor(() => (currentDraft()!.draft.wishRules as { priceCapYuan: unknown }).priceCapYuan === 150);
  tap(wishes, '#check');
  await waitFor(() => lastUrl('navigateTo') === '/packages/admin/pages/programme-save/index');

  const save = await open('programme-save');
  expect(save.data.problems).toEqual([]);
  expect(textOf(save, '#changes')).toContain('微心愿');
  expect(textOf(save, '#section-wishes')).toContain('每个心愿不超过 150 元');
  const day = save.data.effectiveFrom as string;
  expect(day).toMatch(/^\d{4}-\d{2}-01$/); // the first of next month, suggested
  pick(save, '#day', day);
  typeInto(save, '#reason', '按市妇联新通知调整心愿金额');
  await waitFor(() => save.data.reason === '按市妇联新通知调整心愿金额');
  tap(save, '#save');
  await waitFor(() => save.data.done !== '' || save.data.error !== '');
  expect(textOf(save, '#done')).toBe(`已保存为第 2 版，自 ${day} 起生效。`);
  expect(currentDraft()).toBeNull();

  const after = await open('programme');
  expect(after.data.versions.map((v: { version: number; stateLabel: string }) => `${v.version} ${v.stateLabel}`)).toEqual(['2 待生效', '1 生效中']);
  expect(textOf(after, '#version-2')).toContain('按市妇联新通知调整心愿金额');
  expect(textOf(after, '#version-2')).toContain('修改：微心愿');
  // the rules in effect are still version 1's until that day
  expect(textOf(after, '#section-wishes')).toContain('每个心愿不超过 200 元');
  const v2 = await open('programme', { version: '2' });
  expect(textOf(v2, '#title')).toBe('第 2 版 · 待生效');
  expect(textOf(v2, '#section-wishes')).toContain('每个心愿不超过 150 元');
});

test('a problem is shown in Chinese, a tap away from its field, and nothing is saved until it is fixed', async () => {
  await switchedOn();
  tap(await open('programme'), '#edit');
  await waitFor(() => currentDraft() !== null);
  const eligibility = await open('programme-edit', { path: 'eligibility' });
  typeInto(eligibility, '#field-minAge', '70');
  await waitFor(() => (currentDraft()!.draft.eligibility as { minAge: unknown }).minAge === 70);

  const save = await open('programme-save');
  expect(save.data.problems.map((p: { message: string }) => p.message)).toEqual(['最低年龄必须小于最高年龄']);
  expect(save.querySelector('#save')).toBeUndefined();
  tap(save, '#problem-0');
  await waitFor(() => lastUrl('navigateTo') === '/packages/admin/pages/programme-edit/index?path=eligibility');
  // the field's own page marks it
  const marked = await open('programme-edit', { path: 'eligibility' });
  expect(textOf(marked, '#problem-minAge')).toBe('最低年龄必须小于最高年龄');
  typeInto(marked, '#field-minAge', '25');
  await waitFor(() => (currentDraft()!.draft.eligibility as { minAge: unknown }).minAge === 25);
  const again = await open('programme-save');
  expect(again.data.problems).toEqual([]);
  expect((await as(cloud, ADMIN).ok('account', 'programmeVersions', {})).versions).toHaveLength(1);
});

test('a list is edited item by item: a visit rule added, filled, and removed again', async () => {
  await switchedOn();
  tap(await open('programme'), '#edit');
  await waitFor(() => currentDraft() !== null);
  const rules = await open('programme-edit', { path: 'visitRules' });
  const before = rules.data.items.length;
  tap(rules, '#add');
  await waitFor(() => rules.data.items.length === before + 1);
  expect(lastUrl('navigateTo')).toBe(`/packages/admin/pages/programme-edit/index?path=visitRules.${before}`);

  const rule = await open('programme-edit', { path: `visitRules.${before}` });
  typeInto(rule, '#field-label', '测试规则');
  tapOption(rule, '#field-period', 'quarter');
  await waitFor(() => (currentDraft()!.draft.visitRules as { period: string }[])[before].period === 'quarter');
  const save = await open('programme-save');
  // a new rule starts empty: the server names what is missing
  expect(save.data.problems.map((p: { path: string }) => p.path)).toEqual(expect.arrayContaining([`visitRules.${before}.key`]));

  (wx.showModal as jest.Mock).mockImplementationOnce((o: { success: (r: { confirm: boolean }) => void }) => o.success({ confirm: true }));
  const again = await open('programme-edit', { path: `visitRules.${before}` });
  expect(textOf(again, '#title')).toBe('走访规则：测试规则');
  tap(again, '#remove');
  await waitFor(() => (currentDraft()!.draft.visitRules as unknown[]).length === before);
  expect(wx.navigateBack).toHaveBeenCalled();
});

test('a first run: a preset reviewed, adjusted and switched on as version 1', async () => {
  await as(cloud, ADMIN).ok('account', 'login', {});
  const review = await open('programme', { presetId: 'jinjiang-2024' });
  expect(textOf(review, '#title')).toContain('晋江');
  expect(textOf(review, '#section-visits')).toContain('低风险：每月至少联系一次');
  tap(review, '#adjust');
  await waitFor(() => currentDraft()?.mode === 'setup');
  const basics = await open('programme-edit', { path: '' });
  typeInto(basics, '#field-city', '测试市');
  await waitFor(() => currentDraft()!.draft.city === '测试市');
  // before switch-on the preset's org tree is part of the draft: a district renamed here is created so
  expect(basics.data.rows.map((r: { key: string }) => r.key)).toContain('orgTree');
  const district = await open('programme-edit', { path: 'orgTree.1' });
  const code = (currentDraft()!.draft.orgTree as { code: string }[])[1].code;
  typeInto(district, '#field-name', '测试区');
  await waitFor(() => (currentDraft()!.draft.orgTree as { name: string }[])[1].name === '测试区');
  const save = await open('programme-save');
  expect(save.querySelector('#day')).toBeUndefined(); // a first version applies from switch-on
  expect(textOf(save, '#save')).toBe('启用项目');
  tap(save, '#save');
  await waitFor(() => save.data.done !== '' || save.data.error !== '');
  expect(textOf(save, '#done')).toMatch(/^项目已启用，新建组织 \d+ 个。$/);
  const { versions } = await as(cloud, ADMIN).ok('account', 'programmeVersions', {});
  expect(versions).toEqual([expect.objectContaining({ version: 1, state: 'in_effect', basedOn: 'jinjiang-2024', reason: '启用本地区项目', effectiveFrom: null })]);
  expect((await as(cloud, ADMIN).ok('account', 'login', {})).programme).toMatchObject({ id: 'jinjiang-2024', city: '测试市' });
  expect((await as(cloud, ADMIN).ok('account', 'listOrgs', {})).nodes.find((n) => n.code === code)).toMatchObject({ name: '测试区' });
});
