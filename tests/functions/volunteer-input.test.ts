import { startTestCloud, as, ADMIN, snapshot } from '../helpers/cloud';
import { addOrg, makeStaff, setupProgramme } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { contract } from '../../src/contract';
import { recorded, responses, suiningForm } from '../domain/volunteer/fixtures';
import { idNumberFor, phoneFor } from '../domain/volunteer/synthetic';

/**
 * Bad input on every action of `volunteer` is refused with a Chinese sentence and writes nothing
 * (the audit log included); no response outside revealContact carries an ID number or phone in
 * clear; a donor reaches none of the staff actions.
 */
let cloud: LocalCloud;
let appId: string;

beforeAll(async () => {
  cloud = await startTestCloud();
  await setupProgramme(cloud, 'suining-2019');
  await addOrg(cloud, 'sn-anju', 'an-st1', '测试街道一', 'street');
  await makeStaff(cloud, 'staff-anju', 'sn-anju', ['volunteer.review', 'volunteer.read']);
  await makeStaff(cloud, 'staff-city', 'sn', ['volunteer.review', 'volunteer.read']);
  appId = (await recorded(cloud, 'mum-1').ok('submit', suiningForm(1))).application.id;
  await recorded(cloud, 'mum-2').ok('submit', suiningForm(2));
  await recorded(cloud, 'staff-anju').ok('review', { id: appId, version: 1, decision: 'approve', opinion: '同意' });
  await recorded(cloud, 'staff-city').ok('review', { id: appId, version: 2, decision: 'approve', opinion: '同意' });
});
afterAll(() => cloud.close());

const valid = suiningForm(5);
const BAD: [string, string, unknown][] = [
  ['mum-5', 'getSignupForm', { extra: 1 }],
  ['mum-5', 'verifyPhone', { code: '' }],
  ['mum-5', 'verifyPhone', { code: 'x'.repeat(129) }],
  ['mum-5', 'submit', { ...valid, idNumber: '110101198505010020' }],
  ['mum-5', 'submit', { ...valid, name: '测'.repeat(21) }],
  ['mum-5', 'submit', { ...valid, name: '   ' }],
  ['mum-5', 'submit', { ...valid, phone: '12345678901' }],
  ['mum-5', 'submit', { ...valid, email: 'not-an-email' }],
  ['mum-5', 'submit', { ...valid, birthDate: '1985-02-30' }],
  ['mum-5', 'submit', { ...valid, orgCode: '安居区' }],
  ['mum-5', 'submit', { ...valid, declarations: ['always_happy'] }],
  ['mum-5', 'submit', { ...valid, pairingForms: ['one_to_all'] }],
  ['mum-5', 'submit', { ...valid, photoFileId: 'http://example.invalid/a.jpg' }],
  ['mum-5', 'submit', { ...valid, education: 'phd' }],
  ['mum-5', 'submit', { ...valid, homeAddress: '路'.repeat(101) }],
  ['mum-5', 'submit', { ...valid, openid: 'someone-else' }],
  ['mum-5', 'submit', { ...valid, groupSize: 1.5 }],
  ['mum-5', 'submit', 'not an object'],
  ['mum-1', 'mine', { all: true }],
  ['mum-2', 'withdraw', { version: -1 }],
  ['mum-2', 'withdraw', {}],
  ['mum-2', 'subscribe', { accepted: false }],
  ['mum-1', 'acceptCommitment', { accepted: false }],
  ['staff-anju', 'listApplications', { status: 'lost' }],
  ['staff-anju', 'listApplications', { pageSize: 1000 }],
  ['staff-anju', 'reviewCounts', { todo: 1 }],
  ['staff-anju', 'getApplication', { id: '' }],
  ['staff-anju', 'revealContact', { id: 'x'.repeat(65) }],
  ['staff-anju', 'review', { id: 'va0000', version: 1, decision: 'maybe' }],
  ['staff-anju', 'review', { id: 'va0000', version: 1, decision: 'reject', opinion: '否'.repeat(201) }],
  ['staff-anju', 'listRoster', { keyword: '名'.repeat(31) }],
  ['staff-anju', 'quotaProgress', { all: true }],
  ['staff-anju', 'listTeams', { areaCode: 'an st1' }],
  ['staff-anju', 'saveTeam', { name: '', kind: 'local', orgCode: 'an-st1' }],
  ['staff-anju', 'saveTeam', { name: '某队', kind: 'virtual', orgCode: 'an-st1' }],
  ['staff-anju', 'assignTeam', { id: 'x', version: 1, teamId: '' }],
  ['staff-anju', 'extendSignup', { closes: '2026-02-30' }],
  ['staff-anju', 'extendSignup', { closes: '2026-12-31', opens: '2026-01-01' }],
];

test('the table covers every action', () => {
  expect(new Set(BAD.map(([, a]) => a))).toEqual(new Set(Object.keys(contract.volunteer)));
});

test.each(BAD)('%s: %s with bad input changes nothing', async (who, action, data) => {
  const before = snapshot(cloud);
  const res = (await as(cloud, who).raw('volunteer', action as never, data)) as { ok: boolean; error?: { code: string; message: string } };
  expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(res.error!.message).toMatch(/[\u4e00-\u9fa5]/);
  expect(snapshot(cloud)).toBe(before);
});

test('messages name the field', async () => {
  const msg = async (data: unknown) => ((await as(cloud, 'mum-5').raw('volunteer', 'submit', data)) as { error: { message: string } }).error.message;
  expect(await msg({ ...valid, idNumber: '110101198505010020' })).toBe('身份证号码不正确，请检查后重新填写');
  expect(await msg({ ...valid, name: '测'.repeat(21) })).toBe('姓名不能超过20个字');
  expect(await msg({ ...valid, phone: '12345678901' })).toBe('手机号码不正确，请填写11位手机号');
  expect(await msg({ ...valid, openid: 'x' })).toBe('包含无法识别的字段：openid');
});

test('a donor reaches no staff action', async () => {
  for (const action of ['listApplications', 'reviewCounts', 'getApplication', 'revealContact', 'review', 'listRoster', 'quotaProgress', 'listTeams', 'saveTeam', 'assignTeam']) {
    const data = { id: appId, version: 3, decision: 'approve', name: '队', kind: 'local', orgCode: 'an-st1', teamId: 't', accepted: true };
    const strict = Object.fromEntries(Object.entries(data).filter(([k]) => k in (contract.volunteer as any)[action].input.shape));
    const res = await recorded(cloud, 'donor-x').raw(action, strict);
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  }
  expect(await recorded(cloud, 'donor-x').raw('acceptCommitment', { accepted: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect(await recorded(cloud, 'donor-x').ok('mine', {})).toEqual({ application: null });
});

test('only revealContact ever answers an ID number or phone in clear', async () => {
  const staffReads: [string, string, unknown][] = [
    ['staff-anju', 'listApplications', { todo: false }],
    ['staff-anju', 'getApplication', { id: appId }],
    ['staff-city', 'listRoster', {}],
    ['staff-city', 'listRoster', { keyword: phoneFor(1) }],
    ['staff-city', 'listTeams', {}],
    ['staff-city', 'quotaProgress', {}],
    ['mum-1', 'mine', {}],
  ];
  for (const [who, action, data] of staffReads) await recorded(cloud, who).ok(action, data);
  const clear = [1, 2].flatMap((n) => [idNumberFor('1985-05-01', n), phoneFor(n)]);
  for (const [who, got] of responses) {
    const text = JSON.stringify(got);
    for (const value of clear) expect(`${who}: ${text.includes(value) ? value : ''}`).toBe(`${who}: `);
  }
  const reveal = await as(cloud, ADMIN).ok('volunteer', 'revealContact', { id: appId });
  expect(reveal.phone).toBe(phoneFor(1));
});
