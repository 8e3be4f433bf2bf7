import { startTestCloud, as, snapshot } from '../helpers/cloud';
import { addOrg, setupProgramme } from '../helpers/fixtures';
import { nowMs, setClock } from '../../src/server/time';
import { userIdFor } from '../../src/server/ids';
import type { LocalCloud } from '../../localcloud/server';
import { expectNoChange, recorded, responses, suiningForm } from '../domain/volunteer/fixtures';
import { idNumberFor, phoneFor } from '../domain/volunteer/synthetic';

/**
 * Signing up (遂宁: 20–60, ID number required, county then city): the form, eligibility edges,
 * one active application per person (also under parallel submits), the phone button, and that
 * nothing sensitive is stored or answered in clear.
 */
let cloud: LocalCloud;
const apps = () => cloud.store.rawDocuments('volunteer_applications') as { _id: string; userId: string; status: string; phoneVerified: boolean }[];

beforeAll(async () => {
  cloud = await startTestCloud();
  await setupProgramme(cloud, 'suining-2019');
  await addOrg(cloud, 'sn-anju', 'an-st1', '测试街道一', 'street');
});
afterEach(() => setClock(null));
afterAll(async () => {
  setClock(null);
  await cloud.close();
});

test('the form is the programme\'s', async () => {
  const form = await recorded(cloud, 'mum-form').ok('getSignupForm', {});
  expect(form.fields).toContainEqual({ field: 'homeAddress', label: '家庭住址（常住地）', required: true });
  expect(form.fields).toContainEqual({ field: 'idNumber', label: '身份证号码', required: true });
  expect(form).toMatchObject({ minAge: 20, maxAge: 60, femaleOnly: true, subscribeTemplateIds: ['local-volunteer-result'] });
  expect(form.applicantKinds).toEqual([{ value: 'individual', label: '个人' }]);
  expect(form.declarations.map((d: { label: string }) => d.label)).toContain('身体健康');
});

describe('submit', () => {
  test('a complete sign-up is pending at the county, with sealed ID number and phone', async () => {
    const { application } = await recorded(cloud, 'mum-1').ok('submit', suiningForm(1));
    expect(application).toMatchObject({ status: 'pending', round: 1, currentStepLabel: '县区（园区）妇联意见', idNumberMasked: '1101**********' + idNumberFor('1985-05-01', 1).slice(-4), phoneMasked: '138****0001' });
    expect(application.steps.map((s: { orgName: string }) => s.orgName)).toEqual(['安居区', '遂宁市']);
    const dump = JSON.stringify(cloud.store.rawDocuments('volunteer_applications'));
    expect(dump).not.toContain(idNumberFor('1985-05-01', 1));
    expect(dump).not.toContain(phoneFor(1));
    const me = await as(cloud, 'mum-1').ok('account', 'login', {});
    expect(me.me.volunteerStatus).toBe('pending');
  });

  test('submitting again while in review is a CONFLICT and changes nothing', async () => {
    // an applicant of its own, in review (the one above may not have run)
    expect((await recorded(cloud, 'mum-5').ok('submit', suiningForm(5))).application.status).toBe('pending');
    const res = await expectNoChange(cloud, () => recorded(cloud, 'mum-5').raw('submit', suiningForm(5)), 'CONFLICT');
    expect(res).toMatchObject({ error: { message: '您的报名正在审核中，请勿重复提交' } });
  });

  test('a required field of the programme, by its own label', async () => {
    const { homeAddress: _h, ...form } = suiningForm(2);
    const res = await expectNoChange(cloud, () => recorded(cloud, 'mum-2').raw('submit', form));
    expect(res).toMatchObject({ error: { message: '请填写家庭住址（常住地）' } });
  });

  test('a man\'s ID number is refused by the sex rule', async () => {
    const res = await expectNoChange(cloud, () => recorded(cloud, 'mum-2').raw('submit', suiningForm(2, { idNumber: idNumberFor('1985-05-01', 2, 'male') })));
    expect(res).toMatchObject({ error: { message: '不符合报名条件：本项目面向女性志愿者' } });
  });
});

describe('age bounds on the day, in China\'s time zone', () => {
  const young = (n: number) => suiningForm(n, { birthDate: '2000-07-15', idNumber: idNumberFor('2000-07-15', n) });

  test('the day before her 20th birthday she is refused', async () => {
    setClock(() => Date.parse('2020-07-14T23:30:00+08:00'));
    // someone of her own: the test below signs mum-young up
    const res = await expectNoChange(cloud, () => recorded(cloud, 'mum-younger').raw('submit', young(32)));
    expect(res).toMatchObject({ error: { message: '不符合报名条件：年龄须在20至60周岁之间（您现年19周岁）' } });
  });

  test('on her birthday she is accepted, though UTC still says the day before', async () => {
    setClock(() => Date.parse('2020-07-15T01:00:00+08:00'));
    const { application } = await recorded(cloud, 'mum-young').ok('submit', young(30));
    expect(application.age).toBe(20);
    setClock(null);
  });

  test('the day after her 61st birthday … and the day before it', async () => {
    const old = (n: number) => suiningForm(n, { birthDate: '1960-03-01', idNumber: idNumberFor('1960-03-01', n) });
    setClock(() => Date.parse('2021-03-01T08:00:00+08:00'));
    await expectNoChange(cloud, () => recorded(cloud, 'mum-old').raw('submit', old(31)));
    setClock(() => Date.parse('2021-02-28T22:00:00+08:00'));
    expect((await recorded(cloud, 'mum-old').ok('submit', old(31))).application.age).toBe(60);
    setClock(null);
  });
});

describe('one person, one active application', () => {
  test('the same ID number or phone in another active application is a CONFLICT that names no one', async () => {
    expect((await recorded(cloud, 'mum-6').ok('submit', suiningForm(6))).application.status).toBe('pending'); // the active one
    const sameId = await expectNoChange(cloud, () => recorded(cloud, 'mum-3').raw('submit', suiningForm(3, { idNumber: idNumberFor('1985-05-01', 6) })), 'CONFLICT');
    expect(sameId).toMatchObject({ error: { message: '该身份证号码已有报名记录，如有疑问请联系当地妇联' } });
    const samePhone = await expectNoChange(cloud, () => recorded(cloud, 'mum-3').raw('submit', suiningForm(3, { phone: phoneFor(6) })), 'CONFLICT');
    expect(samePhone).toMatchObject({ error: { message: '该手机号码已有报名记录，如有疑问请联系当地妇联' } });
    expect(JSON.stringify([sameId, samePhone])).not.toContain('测试');
  });

  test('eight people submitting one ID number at once: exactly one wins', async () => {
    const id = idNumberFor('1982-02-02', 40);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => recorded(cloud, `racer-id-${i}`).raw('submit', suiningForm(40 + i, { birthDate: '1982-02-02', idNumber: id }))));
    expect(results.filter((r: any) => r.ok)).toHaveLength(1);
    expect(results.filter((r: any) => r.error?.code === 'CONFLICT')).toHaveLength(7);
    const racers = new Set(Array.from({ length: 8 }, (_, i) => userIdFor(`racer-id-${i}`)));
    expect(apps().filter((a) => racers.has(a.userId))).toHaveLength(1);
  });

  test('eight people submitting one phone at once: exactly one wins, and the losers hold no lock', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => recorded(cloud, `racer-ph-${i}`).raw('submit', suiningForm(60 + i, { phone: phoneFor(60) }))));
    expect(results.filter((r: any) => r.ok)).toHaveLength(1);
    // a loser's ID number lock was given back: she can sign up with another phone
    const loser = results.findIndex((r: any) => !r.ok);
    expect((await recorded(cloud, `racer-ph-${loser}`).ok('submit', suiningForm(60 + loser, { phone: phoneFor(90 + loser) }))).application.status).toBe('pending');
  });

  test('a double tap: six submits by one person at once make one application', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => recorded(cloud, 'double-tap').raw('submit', suiningForm(70))));
    expect(results.filter((r: any) => r.ok)).toHaveLength(1);
    expect(results.filter((r: any) => r.error?.code === 'CONFLICT')).toHaveLength(5);
    const mine = apps().filter((a) => a.status === 'pending' && a._id === (results.find((r: any) => r.ok) as any).data.application.id);
    expect(mine).toHaveLength(1);
    const locks = cloud.store.rawDocuments('volunteer_locks') as { holder: string | null }[];
    expect(locks.filter((l) => l.holder === mine[0]._id)).toHaveLength(2);
  });

  test('after a withdrawal the ID number is free; then its first owner cannot take it back', async () => {
    const first = await recorded(cloud, 'mum-w').ok('submit', suiningForm(80));
    await recorded(cloud, 'mum-w').ok('withdraw', { version: first.application.version });
    expect((await recorded(cloud, 'mum-w2').ok('submit', suiningForm(81, { idNumber: idNumberFor('1985-05-01', 80) }))).application.status).toBe('pending');
    await expectNoChange(cloud, () => recorded(cloud, 'mum-w').raw('submit', suiningForm(80)), 'CONFLICT');
  });
});

describe('her node and her locks, read and taken in one request each', () => {
  test('an unknown node is refused; while she is in review, that is what she is told first', async () => {
    const res = await expectNoChange(cloud, () => recorded(cloud, 'mum-nowhere').raw('submit', suiningForm(87, { orgCode: 'no-such-node' })));
    expect(res).toMatchObject({ error: { message: '不符合报名条件：所选地区不在本项目范围内' } });
    await recorded(cloud, 'mum-nowhere').ok('submit', suiningForm(87));
    await expectNoChange(cloud, () => recorded(cloud, 'mum-nowhere').raw('submit', suiningForm(87, { orgCode: 'no-such-node' })), 'CONFLICT');
    // another node as her preferred area: read with the rest
    const area = (await recorded(cloud, 'mum-area').ok('submit', suiningForm(88, { orgCode: 'an-st1', preferredAreaCode: 'sn-anju' }))).application;
    expect(area).toMatchObject({ orgName: '测试街道一', preferredAreaName: '安居区', steps: [{ orgName: '安居区' }, { orgName: '遂宁市' }] });
    await expectNoChange(cloud, () => recorded(cloud, 'mum-area2').raw('submit', suiningForm(89, { preferredAreaCode: 'no-such-node' })));
  });

  test('a resubmit refused for its phone gives back the ID number lock it took', async () => {
    const first = await recorded(cloud, 'mum-x').ok('submit', suiningForm(84));
    await recorded(cloud, 'mum-x').ok('withdraw', { version: first.application.version });
    await recorded(cloud, 'mum-y').ok('submit', suiningForm(85, { phone: phoneFor(84) }));
    const res = await expectNoChange(cloud, () => recorded(cloud, 'mum-x').raw('submit', suiningForm(84)), 'CONFLICT');
    expect(res).toMatchObject({ error: { message: '该手机号码已有报名记录，如有疑问请联系当地妇联' } });
    // with another phone she gets in: her ID number was free again
    expect((await recorded(cloud, 'mum-x').ok('submit', suiningForm(84, { phone: phoneFor(86) }))).application.status).toBe('pending');
  });
});

describe('the phone-number button', () => {
  /**
   * The code is what <button open-type="getPhoneNumber"> gives her phone; the local cloud's WeChat
   * issues it and exchanges it through cloud.openapi.phonenumber.getPhoneNumber as WeChat does
   * (OpenApiDoc/user-info/phone-number/getPhoneNumber: "每个 code 只能使用一次，code 的有效期为
   * 5min"; a code that is unknown, used or expired answers errcode 40029 invalid code).
   */
  const phoneButton = (openid: string, phone: string) => cloud.wechat.issuePhoneCode(openid, phone);
  const USED = '这次手机号授权已失效，请重新点击获取手机号，或手动填写';

  test('the verified phone is used when none is typed', async () => {
    expect(await recorded(cloud, 'mum-p').ok('verifyPhone', { code: phoneButton('mum-p', phoneFor(100)) })).toEqual({ phoneMasked: '138****0100' });
    const { phone: _p, ...form } = suiningForm(100);
    const { application } = await recorded(cloud, 'mum-p').ok('submit', form);
    expect(application).toMatchObject({ phoneMasked: '138****0100', phoneVerified: true });
  });

  test('a code works once: reused, unknown (the old local: stand-in too) or older than five minutes it is refused (40029) and nothing changes', async () => {
    const code = phoneButton('mum-p2', phoneFor(101));
    expect(await recorded(cloud, 'mum-p2').ok('verifyPhone', { code })).toEqual({ phoneMasked: '138****0101' });
    for (const again of [code, 'e31968a7f94cc5ee25fafc2aef2773f0bb8c3937b22520eb8ee345274d00c144', `local:${phoneFor(101)}`, 'local:12345']) {
      expect(await expectNoChange(cloud, () => recorded(cloud, 'mum-p2').raw('verifyPhone', { code: again }))).toMatchObject({ error: { message: USED } });
    }
    const late = phoneButton('mum-p2', phoneFor(104));
    const t0 = nowMs();
    setClock(() => t0 + 5 * 60_000 + 1000);
    try {
      expect(await expectNoChange(cloud, () => recorded(cloud, 'mum-p2').raw('verifyPhone', { code: late }))).toMatchObject({ error: { message: USED } });
    } finally {
      setClock(null);
    }
  });

  test('a number that is not a mainland mobile is refused with the general sentence', async () => {
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const res = await expectNoChange(cloud, () => recorded(cloud, 'mum-p2').raw('verifyPhone', { code: phoneButton('mum-p2', '12345678901') }));
      expect(res).toMatchObject({ error: { message: '手机号获取失败，请重试或手动填写' } });
    } finally {
      quiet.mockRestore();
    }
  });

  test('without a verified or typed phone the form asks for one', async () => {
    const { phone: _p, ...form } = suiningForm(102);
    expect(await expectNoChange(cloud, () => recorded(cloud, 'mum-p3').raw('submit', form))).toMatchObject({ error: { message: '请填写联系电话' } });
  });
});

test('no applicant ever received an ID number or phone in clear, her own included', async () => {
  // sign-ups of its own, so that it has answers to read when it runs alone (with the others' when not)
  for (let n = 10; n <= 20; n++) {
    await recorded(cloud, `mum-sweep-${n}`).ok('getSignupForm', {});
    await recorded(cloud, `mum-sweep-${n}`).ok('submit', suiningForm(n));
  }
  const clear = Array.from({ length: 110 }, (_, n) => [idNumberFor('1985-05-01', n), phoneFor(n)]).flat();
  clear.push(idNumberFor('2000-07-15', 30), idNumberFor('2000-07-15', 32), idNumberFor('1960-03-01', 31), idNumberFor('1982-02-02', 40));
  expect(responses.size).toBeGreaterThan(10);
  for (const [who, got] of responses) {
    const text = JSON.stringify(got);
    for (const value of clear) if (text.includes(value)) throw new Error(`${who} received ${value}`);
  }
  expect(snapshot(cloud)).toContain('volunteer_locks');
});
