import { startTestCloud, as, ADMIN } from '../helpers/cloud';
import { addOrg, setupProgramme } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { approvedVolunteer } from '../domain/pairing/world';
import { forgetProgramme } from '../../src/server/programme';
import { setClock } from '../../src/server/time';

/** Each programme's counters at period edges, through the function (the engine has its own tests). */
const err = (res: unknown) => (res as { error?: { code: string; message: string } }).error;
let clock = Date.parse('2025-09-01T02:00:00.000Z');
let seq = 0;
const checkIn = (cloud: LocalCloud, openid: string, childId: string, kind: string, at: string, over: Record<string, unknown> = {}) =>
  as(cloud, openid).raw('visit', 'checkIn', { clientId: `prog-client-${seq++}`, childId, kind, at, durationMinutes: 30, ...over });
/** Per-period counts as `${pairingId}|${counterId}`: check-ins carry the counter keys they count toward. */
const counters = (cloud: LocalCloud) => {
  const out = new Map<string, number>();
  for (const d of cloud.store.rawDocuments('visit_checkins') as { pairingId: string; keys: string[] }[]) for (const k of d.keys) out.set(`${d.pairingId}|${k}`, (out.get(`${d.pairingId}|${k}`) ?? 0) + 1);
  return out;
};

async function activate(cloud: LocalCloud, childId: string, volunteerId: string, openid: string): Promise<string> {
  const p = await as(cloud, ADMIN).ok('pairing', 'propose', { childId, volunteerId });
  await as(cloud, ADMIN).ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2025-09-01' });
  await as(cloud, openid).ok('pairing', 'respond', { id: p.id, accept: true });
  return p.id;
}
/** Each test has its own cloud and clock (both put back after it). */
afterEach(() => setClock(null));

describe('厦门 五个一 per school term', () => {
  let cloud: LocalCloud;
  let child = '';
  let pairing = '';
  beforeEach(async () => {
    forgetProgramme();
    clock = Date.parse('2025-09-01T02:00:00.000Z');
    setClock(() => clock);
    cloud = await startTestCloud();
    await setupProgramme(cloud, 'xiamen-2017');
    await addOrg(cloud, 'xm-haicang', 'xm-hc-st', '测试街道', 'street');
    await addOrg(cloud, 'xm-hc-st', 'xm-hc-c1', '测试社区', 'community');
    child = (await as(cloud, ADMIN).ok('child', 'create', childInput(81, 'xm-hc-c1'))).id;
    const v = await approvedVolunteer(cloud, 'xm-vol', { code: 'xm-hc-c1', name: '测试社区', path: ['xm', 'xm-haicang', 'xm-hc-st', 'xm-hc-c1'] });
    pairing = await activate(cloud, child, v, 'xm-vol');
  });
  afterEach(() => cloud.close());

  test('31 January closes the autumn term, 1 February opens the spring term (Shanghai time)', async () => {
    clock = Date.parse('2026-02-02T02:00:00.000Z');
    expect(err(await checkIn(cloud, 'xm-vol', child, 'home_visit', '2026-01-31T15:59:00.000Z'))).toBeUndefined(); // 23:59 on 31 Jan
    expect(err(await checkIn(cloud, 'xm-vol', child, 'home_visit', '2026-01-31T16:01:00.000Z'))).toBeUndefined(); // 00:01 on 1 Feb
    const c = counters(cloud);
    expect(c.get(`${pairing}|five_ones.0:2025-autumn`)).toBe(1);
    expect(c.get(`${pairing}|five_ones.0:2026-spring`)).toBe(1);
    const mine = await as(cloud, 'xm-vol').ok('visit', 'mine', {});
    const items = mine.children[0].items;
    // the autumn term's other four were missed; its home visit is done and not reported
    expect(items.filter((i) => i.status === 'overdue').map((i) => i.label)).toEqual(['谈心一次', '与班主任联系一次', '与监护人沟通一次', '给儿童写信一封']);
    expect(items.find((i) => i.label === '到儿童家中走访一次')).toMatchObject({ periodLabel: '2026年春季学期', status: 'done' });
    expect(err(await checkIn(cloud, 'xm-vol', child, 'insurance', '2026-02-01T02:00:00.000Z'))?.message).toBe('本项目不记录这一走访方式');
  });
});

describe('岳阳: the local checklist and the remote 六个一 per year', () => {
  let cloud: LocalCloud;
  let child = '';
  let remote = '';
  beforeEach(async () => {
    forgetProgramme();
    clock = Date.parse('2025-09-01T02:00:00.000Z');
    setClock(() => clock);
    cloud = await startTestCloud();
    await setupProgramme(cloud, 'yueyang-2024');
    await addOrg(cloud, 'yy-junshan', 'yy-js-st', '测试镇', 'street');
    await addOrg(cloud, 'yy-js-st', 'yy-js-c1', '测试村一', 'community');
    child = (await as(cloud, ADMIN).ok('child', 'create', childInput(71, 'yy-js-c1'))).id;
    const c1 = { code: 'yy-js-c1', name: '测试村一', path: ['yy', 'yy-junshan', 'yy-js-st', 'yy-js-c1'] };
    const local = await approvedVolunteer(cloud, 'yy-local', c1, { teamKind: 'local' });
    const far = await approvedVolunteer(cloud, 'yy-remote', { code: 'yy-szjg', name: '市直机关妇委会', path: ['yy', 'yy-szjg'] }, { teamKind: 'remote' });
    await activate(cloud, child, local, 'yy-local');
    remote = await activate(cloud, child, far, 'yy-remote');
  });
  afterEach(() => cloud.close());

  test('a local home visit takes the 一看二联三问四帮 checklist; a call does not; a remote volunteer has none', async () => {
    clock = Date.parse('2025-12-20T02:00:00.000Z');
    const mine = await as(cloud, 'yy-local').ok('visit', 'mine', {});
    expect(mine.children[0].checklist.map((c) => c.group)).toContain('一看');
    expect(mine.children[0].checklistKinds).toEqual(['home_visit']);
    expect(err(await checkIn(cloud, 'yy-local', child, 'home_visit', '2025-12-19T02:00:00.000Z', { checklist: ['see_home', 'ask_health'] }))).toBeUndefined();
    expect(err(await checkIn(cloud, 'yy-local', child, 'call', '2025-12-19T03:00:00.000Z', { checklist: ['see_home'] }))?.code).toBe('INVALID_INPUT');
    expect(err(await checkIn(cloud, 'yy-remote', child, 'home_visit', '2025-12-19T04:00:00.000Z', { checklist: ['see_home'] }))?.code).toBe('INVALID_INPUT');
    expect((await as(cloud, 'yy-remote').ok('visit', 'mine', {})).children[0].checklist).toEqual([]);
  });

  test('the remote 六个一 counts calls by the Shanghai year: new year\'s eve vs new year\'s day', async () => {
    clock = Date.parse('2026-01-02T02:00:00.000Z');
    expect(err(await checkIn(cloud, 'yy-remote', child, 'call', '2025-12-31T15:30:00.000Z'))).toBeUndefined(); // 23:30 on 31 Dec
    expect(err(await checkIn(cloud, 'yy-remote', child, 'call', '2025-12-31T16:30:00.000Z'))).toBeUndefined(); // 00:30 on 1 Jan
    const c = counters(cloud);
    expect(c.get(`${remote}|remote_six_ones.1:2025`)).toBe(1);
    expect(c.get(`${remote}|remote_six_ones.1:2026`)).toBe(1);
    const items = (await as(cloud, 'yy-remote').ok('visit', 'mine', {})).children[0].items;
    expect(items.find((i) => i.label === '定期电话（或微信）联系' && i.periodLabel === '2026年')).toMatchObject({ done: 1, remaining: 3 });
    // the local volunteer owes only the yearly “一看二联三问四帮” (missed in 2025, owed in 2026; tests/functions/visit-checklist.test.ts)
    expect((await as(cloud, 'yy-local').ok('visit', 'mine', {})).children[0].items.map((i) => `${i.periodLabel} ${i.label} ${i.status}`))
      .toEqual(['2025年 “一看二联三问四帮”检查 1 次 overdue', '2026年 “一看二联三问四帮”检查 1 次 on_track']);
  });
});
