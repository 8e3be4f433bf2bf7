import { startTestCloud, as, ADMIN, fireTimer } from '../helpers/cloud';
import { makeStaff, setupProgramme } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { approvedVolunteer } from '../domain/pairing/world';
import { forgetProgramme } from '../../src/server/programme';
import { setClock } from '../../src/server/time';

/**
 * Programme rules as versions through the functions (issue 17): an admin edits 晋江's rules and
 * saves them as a new version from a chosen day. The days before it, the periods already under
 * way, the check-ins counted and the reports submitted keep the rules they had.
 */
let cloud: LocalCloud;
let clock = 0;
const at = (iso: string) => { clock = Date.parse(iso); };
const err = (res: unknown) => (res as { error?: { code: string; message: string } }).error;
const STREET = 'jj-qingyang';
const COMMUNITY = { code: 'jj-qy-v1', name: '测试社区', path: ['jj', STREET, 'jj-qy-v1'] };
let child = '';
let seq = 0;

beforeEach(async () => {
  forgetProgramme();
  at('2026-03-05T02:00:00.000Z');
  setClock(() => clock);
  cloud = await startTestCloud();
  await setupProgramme(cloud, 'jinjiang-2024');
  await as(cloud, ADMIN).ok('account', 'createOrg', { code: COMMUNITY.code, name: COMMUNITY.name, level: 'community', parentCode: STREET });
  await makeStaff(cloud, 'pv-street', STREET, ['report.read', 'report.submit', 'visit.read']);
  child = (await as(cloud, ADMIN).ok('child', 'create', childInput(70, COMMUNITY.code, { riskLevel: 'low' }))).id;
  const volunteerId = await approvedVolunteer(cloud, 'pv-vol', COMMUNITY);
  const p = await as(cloud, ADMIN).ok('pairing', 'propose', { childId: child, volunteerId });
  await as(cloud, ADMIN).ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-03-04' });
  await as(cloud, 'pv-vol').ok('pairing', 'respond', { id: p.id, accept: true });
});
afterEach(() => {
  setClock(null);
  forgetProgramme();
  return cloud.close();
});

/** Checked in from her phone an hour after the visit (the clock moves there). */
const checkIn = (kind: 'call' | 'home_visit', when: string) => {
  at(new Date(Date.parse(when) + 3_600_000).toISOString());
  return as(cloud, 'pv-vol').ok('visit', 'checkIn', { clientId: `pv-client-${seq++}`, childId: child, kind, at: when, durationMinutes: 30 });
};
const monthly = async () =>
  (await as(cloud, 'pv-vol').ok('visit', 'mine', {})).children[0].items
    .filter((i) => i.label === '联系一次')
    .map((i) => `${i.periodLabel} ${i.status} ${i.done}/${i.required}`);

/** The latest version as a draft, with the monthly contact of a low-risk child raised to `count`. */
async function draftWithMonthlyContacts(count: number) {
  const { draft } = await as(cloud, ADMIN).ok('account', 'reviewProgramme', {});
  const rules = draft.visitRules as { key: string; requirements: { count: number }[] }[];
  rules.find((r) => r.key === 'low_risk_contact')!.requirements[0].count = count;
  return draft;
}

test('a rule change applies from its first day; March keeps its rule, its check-in and its answer', async () => {
  await checkIn('call', '2026-03-10T02:00:00.000Z');
  at('2026-03-12T02:00:00.000Z');
  const draft = await draftWithMonthlyContacts(2);
  const review = await as(cloud, ADMIN).ok('account', 'reviewProgramme', { draft });
  expect(review.problems).toEqual([]);
  expect(review.changes).toEqual(['联系与走访要求']);
  expect(review.sections.find((s) => s.key === 'visits')!.lines[0]).toBe('低风险：每月至少联系一次：低风险儿童，每月电话/微信、谈心、联系监护人、入户走访 2 次');
  expect(review).toMatchObject({ inEffect: 1, earliestDay: '2026-03-12', suggestedDay: '2026-04-01' });

  const saved = await as(cloud, ADMIN).ok('account', 'saveProgramme', { draft, effectiveFrom: '2026-04-01', reason: '市妇联要求低风险儿童每月联系两次' });
  expect(saved.version).toMatchObject({ version: 2, effectiveFrom: '2026-04-01', state: 'scheduled', stateLabel: '待生效', changes: ['联系与走访要求'], reason: '市妇联要求低风险儿童每月联系两次' });
  const history = await as(cloud, ADMIN).ok('account', 'programmeVersions', {});
  expect(history.versions.map((v) => `${v.version} ${v.state} ${v.effectiveFrom}`)).toEqual(['2 scheduled 2026-04-01', '1 in_effect null']);

  // still March: version 1 rules, her one call did it
  at('2026-03-20T02:00:00.000Z');
  expect(await monthly()).toEqual(['2026年3月 done 1/1']);
  // April: version 2 rules for April; March is over and was met under its own rule (not overdue 1/2)
  at('2026-04-05T02:00:00.000Z');
  expect(await monthly()).toEqual(['2026年4月 on_track 0/2']);
  expect((await as(cloud, ADMIN).ok('account', 'programmeVersions', {})).versions.map((v) => v.state)).toEqual(['in_effect', 'past']);
  await checkIn('call', '2026-04-06T02:00:00.000Z');
  at('2026-04-07T02:00:00.000Z');
  expect(await monthly()).toEqual(['2026年4月 on_track 1/2']);
});

test('a report submitted before the change stays as it was frozen', async () => {
  await checkIn('call', '2026-03-10T02:00:00.000Z');
  at('2026-03-31T16:05:00.000Z');
  await fireTimer(cloud, 'report', 'hourly');
  at('2026-04-02T02:00:00.000Z');
  const draftReport = await as(cloud, 'pv-street').ok('report', 'draft', { orgCode: STREET, periodKey: '2026-03' });
  const { version } = await as(cloud, 'pv-street').ok('report', 'save', { orgCode: STREET, periodKey: '2026-03', version: draftReport.version, narrative: { problems: '无', results: '一名儿童已结对' } });
  await as(cloud, 'pv-street').ok('report', 'submit', { orgCode: STREET, periodKey: '2026-03', version });
  const before = await as(cloud, 'pv-street').ok('report', 'get', { orgCode: STREET, periodKey: '2026-03' });
  expect(before.figures).not.toBeNull();
  await as(cloud, ADMIN).ok('account', 'saveProgramme', { draft: await draftWithMonthlyContacts(3), effectiveFrom: '2026-04-02', reason: '提高联系频次' });
  at('2026-04-20T02:00:00.000Z');
  await fireTimer(cloud, 'report', 'hourly');
  const after = await as(cloud, 'pv-street').ok('report', 'get', { orgCode: STREET, periodKey: '2026-03' });
  expect(after.figures).toEqual(before.figures);
  expect(after).toMatchObject({ status: 'submitted', submittedAt: before.submittedAt });
});

test('bad versions are refused in Chinese and change nothing', async () => {
  at('2026-03-12T02:00:00.000Z');
  const draft = await draftWithMonthlyContacts(2);
  const refusal = async (input: Record<string, unknown>) => err(await as(cloud, ADMIN).raw('account', 'saveProgramme', { draft, reason: '测试', ...input } as never))?.message;
  expect(await refusal({})).toBe('请选择新规则的生效日期');
  expect(await refusal({ effectiveFrom: '2026-03-11' })).toBe('生效日期不能早于今天：已经开始的日子按原规则计算');
  expect(await refusal({ draft: { ...draft, id: 'another-city' }, effectiveFrom: '2026-04-01' })).toBe('项目编号不能修改');
  expect(await refusal({ draft: { ...draft, eligibility: { ...(draft.eligibility as object), minAge: 70 } }, effectiveFrom: '2026-04-01' })).toBe('方案有1处需要修改：最低年龄必须小于最高年龄');
  const unchanged = (await as(cloud, ADMIN).ok('account', 'reviewProgramme', {})).draft;
  expect(await refusal({ draft: unchanged, effectiveFrom: '2026-04-01' })).toBe('方案与最新版本相同，没有需要保存的修改');
  expect((await as(cloud, ADMIN).ok('account', 'programmeVersions', {})).versions).toHaveLength(1);

  // a version scheduled for May: another may not start before it; one on the same day replaces it
  await as(cloud, ADMIN).ok('account', 'saveProgramme', { draft, effectiveFrom: '2026-05-01', reason: '五月起' });
  expect(await refusal({ draft: await draftWithMonthlyContacts(3), effectiveFrom: '2026-04-01' })).toBe('已有自2026-05-01起生效的版本，生效日期不能早于该日');
  await as(cloud, ADMIN).ok('account', 'saveProgramme', { draft: await draftWithMonthlyContacts(3), effectiveFrom: '2026-05-01', reason: '改为三次' });
  expect((await as(cloud, ADMIN).ok('account', 'programmeVersions', {})).versions.map((v) => `${v.version} ${v.state}`)).toEqual(['3 scheduled', '2 replaced', '1 in_effect']);
  // staff cannot read or change the rules
  expect(err(await as(cloud, 'pv-street').raw('account', 'saveProgramme', { draft, effectiveFrom: '2026-06-01', reason: '测试' }))?.code).toBe('FORBIDDEN');
});

test('two admins saving at once: one version is saved, the other is told to refresh', async () => {
  at('2026-03-12T02:00:00.000Z');
  const [a, b] = [await draftWithMonthlyContacts(2), await draftWithMonthlyContacts(3)];
  const results = await Promise.all([
    as(cloud, ADMIN).raw('account', 'saveProgramme', { draft: a, effectiveFrom: '2026-04-01', reason: '甲' }),
    as(cloud, ADMIN).raw('account', 'saveProgramme', { draft: b, effectiveFrom: '2026-04-01', reason: '乙' }),
  ]);
  expect(results.filter((r) => r.ok)).toHaveLength(1);
  expect(results.map(err).filter(Boolean).map((e) => e!.message)).toEqual(['另一位管理员刚刚保存了新版本，请刷新后再修改']);
  expect((await as(cloud, ADMIN).ok('account', 'programmeVersions', {})).versions).toHaveLength(2);
});

test('a version may start today (the earliest day): it is in effect at once, and the rules read now are its', async () => {
  at('2026-03-12T15:59:00.000Z'); // 23:59 on 12 March in China
  const saved = await as(cloud, ADMIN).ok('account', 'saveProgramme', { draft: await draftWithMonthlyContacts(2), effectiveFrom: '2026-03-12', reason: '即日起' });
  expect(saved.version).toMatchObject({ version: 2, state: 'in_effect' });
  expect(await monthly()).toEqual(['2026年3月 on_track 0/1']); // March began under version 1
  at('2026-03-31T16:00:00.000Z'); // midnight, 1 April
  expect(await monthly()).toEqual(['2026年3月 overdue 0/1', '2026年4月 on_track 0/2']);
});
