import { startTestCloud, as, ADMIN } from '../helpers/cloud';
import { addOrg, makeStaff, setupProgramme } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import http from 'http';
import { childInput, readXlsx, testPhone } from '../domain/child/fixtures';
import { approvedVolunteer } from '../domain/pairing/world';
import { forgetProgramme } from '../../src/server/programme';

/** The programmes' pairing rules through the function: 龙岗 by leader level, 岳阳 local + remote, 厦门 allocations. */
const err = (res: unknown) => (res as { error?: { code: string; message: string } }).error;

describe('龙岗: one child per volunteer, by leader level', () => {
  let cloud: LocalCloud;
  const kid: Record<string, string> = {};
  const v: Record<string, string> = {};
  beforeAll(async () => {
    forgetProgramme();
    cloud = await startTestCloud();
    await setupProgramme(cloud, 'longgang-2019');
    await addOrg(cloud, 'lg-bantian', 'lg-bt-1', '测试社区一', 'community');
    await addOrg(cloud, 'lg-bantian', 'lg-bt-2', '测试社区二', 'community');
    await addOrg(cloud, 'lg-buji', 'lg-bj-1', '测试社区三', 'community');
    const poor = { category: 'poor' as const, poorReasons: ['subsistence_allowance' as const] };
    for (const [k, org, n] of [['bt1', 'lg-bt-1', 1], ['bt1b', 'lg-bt-1', 4], ['bt2', 'lg-bt-2', 2], ['bj1', 'lg-bj-1', 3]] as const) {
      kid[k] = (await as(cloud, ADMIN).ok('child', 'create', childInput(60 + n, org, poor))).id;
    }
    v.district = await approvedVolunteer(cloud, 'lg-leader-d', { code: 'lg', name: '龙岗区', path: ['lg'] }, { pairingForms: ['one_to_many'] });
    v.street = await approvedVolunteer(cloud, 'lg-leader-s', { code: 'lg-bantian', name: '坂田街道', path: ['lg', 'lg-bantian'] });
    v.community = await approvedVolunteer(cloud, 'lg-leader-c', { code: 'lg-bt-1', name: '测试社区一', path: ['lg', 'lg-bantian', 'lg-bt-1'] });
  });
  afterAll(() => cloud.close());
  /** No open pairing in this world, whatever an earlier test proposed: each test takes its own places. */
  const freeAll = async () => {
    for (const r of (await as(cloud, ADMIN).ok('pairing', 'list', { pageSize: 100 })).items) {
      if (r.status === 'proposed' || r.status === 'consented') await as(cloud, ADMIN).ok('pairing', 'cancel', { id: r.id, version: r.version, reason: '测试复位' });
    }
  };

  test('a community leader only within her community, a street leader within her street', async () => {
    await freeAll();
    expect(err(await as(cloud, ADMIN).raw('pairing', 'propose', { childId: kid.bt2, volunteerId: v.community }))?.code).toBe('INVALID_INPUT');
    expect(err(await as(cloud, ADMIN).raw('pairing', 'propose', { childId: kid.bj1, volunteerId: v.street }))?.code).toBe('INVALID_INPUT');
    expect((await as(cloud, ADMIN).ok('pairing', 'propose', { childId: kid.bt2, volunteerId: v.street })).status).toBe('proposed');
    expect((await as(cloud, ADMIN).ok('pairing', 'propose', { childId: kid.bt1, volunteerId: v.community })).status).toBe('proposed');
  });

  test('a district leader with any child of the district, but one child only', async () => {
    await freeAll();
    expect((await as(cloud, ADMIN).ok('pairing', 'propose', { childId: kid.bj1, volunteerId: v.district })).status).toBe('proposed');
    expect(err(await as(cloud, ADMIN).raw('pairing', 'propose', { childId: kid.bt1b, volunteerId: v.district }))).toMatchObject({ code: 'CONFLICT', message: '该爱心妈妈的结对名额已满' });
  });

  test('附件3 结对情况登记表: exact headers; only active pairings are listed', async () => {
    const res = await as(cloud, ADMIN).ok('pairing', 'exportSheet', { layout: 'lg-3' });
    expect(res.count).toBe(0);
    expect(res.fileName).toMatch(/^“妇联妈妈”结对情况登记表_/);
  });

  test('suggestions respect the levels too', async () => {
    // every leader's one place taken, as the two tests above take them
    await freeAll();
    for (const [childId, volunteerId] of [[kid.bt2, v.street], [kid.bt1, v.community], [kid.bj1, v.district]]) {
      await as(cloud, ADMIN).ok('pairing', 'propose', { childId, volunteerId });
    }
    const res = await as(cloud, ADMIN).ok('pairing', 'suggest', {});
    expect(res.suggestions).toEqual([]);
    expect(res.unmatched.map((u) => u.childId)).toEqual([kid.bt1b]);
  });
});

describe('岳阳: a local and a remote volunteer for one child', () => {
  let cloud: LocalCloud;
  let child = '';
  const v: Record<string, string> = {};
  beforeAll(async () => {
    forgetProgramme();
    cloud = await startTestCloud();
    await setupProgramme(cloud, 'yueyang-2024');
    await addOrg(cloud, 'yy-junshan', 'yy-js-st', '测试镇', 'street');
    await addOrg(cloud, 'yy-js-st', 'yy-js-c1', '测试村一', 'community');
    await addOrg(cloud, 'yy-js-st', 'yy-js-c2', '测试村二', 'community');
    child = (await as(cloud, ADMIN).ok('child', 'create', childInput(70, 'yy-js-c1'))).id;
    const c1 = { code: 'yy-js-c1', name: '测试村一', path: ['yy', 'yy-junshan', 'yy-js-st', 'yy-js-c1'] };
    const c2 = { code: 'yy-js-c2', name: '测试村二', path: ['yy', 'yy-junshan', 'yy-js-st', 'yy-js-c2'] };
    v.local = await approvedVolunteer(cloud, 'yy-local', c1, { teamKind: 'local' });
    v.local2 = await approvedVolunteer(cloud, 'yy-local2', c1, { teamKind: 'local' });
    v.far = await approvedVolunteer(cloud, 'yy-local-far', c2, { teamKind: 'local' });
    v.remote = await approvedVolunteer(cloud, 'yy-remote', { code: 'yy-szjg', name: '市直机关妇委会', path: ['yy', 'yy-szjg'] }, { teamKind: 'remote' });
  });
  afterAll(() => cloud.close());

  test('a local volunteer must come from the child\'s own village', async () => {
    expect(err(await as(cloud, ADMIN).raw('pairing', 'propose', { childId: child, volunteerId: v.far }))?.code).toBe('INVALID_INPUT');
  });

  test('one local and one remote together; a second local is a CONFLICT', async () => {
    expect((await as(cloud, ADMIN).ok('pairing', 'propose', { childId: child, volunteerId: v.local })).role).toBe('local');
    expect((await as(cloud, ADMIN).ok('pairing', 'propose', { childId: child, volunteerId: v.remote })).role).toBe('remote');
    expect(err(await as(cloud, ADMIN).raw('pairing', 'propose', { childId: child, volunteerId: v.local2 }))).toMatchObject({ code: 'CONFLICT', message: '该儿童已有本地爱心妈妈结对' });
  });
});

describe('厦门: allocations against pairings, shown to staff', () => {
  let cloud: LocalCloud;
  let pairingId = '';
  beforeAll(async () => {
    forgetProgramme();
    cloud = await startTestCloud();
    await setupProgramme(cloud, 'xiamen-2017');
    await addOrg(cloud, 'xm-haicang', 'xm-hc-st', '测试街道', 'street');
    await addOrg(cloud, 'xm-hc-st', 'xm-hc-c1', '测试社区', 'community');
    await makeStaff(cloud, 'xm-staff-hc', 'xm-haicang', ['pairing.manage', 'child.read']);
    const kid = (await as(cloud, ADMIN).ok('child', 'create', childInput(80, 'xm-hc-c1'))).id;
    const vol = await approvedVolunteer(cloud, 'xm-mum', { code: 'xm-hc-c1', name: '测试社区', path: ['xm', 'xm-haicang', 'xm-hc-st', 'xm-hc-c1'] }, { name: '测试妈妈厦', phone: '13800009901', post: '测试公司 会计' });
    const p = await as(cloud, 'xm-staff-hc').ok('pairing', 'propose', { childId: kid, volunteerId: vol });
    await as(cloud, 'xm-staff-hc').ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试监护人', relation: '母亲', method: 'signed', at: '2026-01-05' });
    await as(cloud, 'xm-mum').ok('pairing', 'respond', { id: p.id, accept: true, message: '愿你快乐成长' });
    pairingId = p.id;
  });
  afterAll(() => cloud.close());

  test('the city sees every district\'s allocation and what is paired', async () => {
    const res = await as(cloud, ADMIN).ok('pairing', 'allocation', {});
    expect(res.total).toBe(160);
    expect(res.exports).toEqual([{ layout: 'xm-6', title: '附件6 厦门市爱心妈妈与留守流动等困境儿童结对汇总表' }]);
    expect(res.rows).toHaveLength(9);
    expect(res.rows.find((r) => r.orgCode === 'xm-haicang' && r.category === 'left_behind')).toMatchObject({ orgName: '海沧区', categoryLabel: '农村留守儿童', allocated: 5, paired: 1, pending: 0 });
  });

  test('a district sees its own rows only', async () => {
    const res = await as(cloud, 'xm-staff-hc').ok('pairing', 'allocation', {});
    expect(res.rows.map((r) => [r.orgCode, r.category, r.allocated, r.paired])).toEqual([['xm-haicang', 'left_behind', 5, 1], ['xm-haicang', 'difficult', 15, 0]]);
  });

  const download = (url: string) =>
    new Promise<Buffer>((resolve, reject) => http.get(url, (res) => { const c: Buffer[] = []; res.on('data', (d) => c.push(d)); res.on('end', () => resolve(Buffer.concat(c))); }).on('error', reject));

  test('附件6 结对汇总表: exact title and headers, one row per active pairing, full numbers for reveal holders only', async () => {
    const res = await as(cloud, ADMIN).ok('pairing', 'exportSheet', { layout: 'xm-6' });
    expect(res).toMatchObject({ count: 1, fullNumbers: true });
    const rows = await readXlsx(await download(res.url));
    expect(rows[0][0]).toBe('厦门市爱心妈妈与留守流动等困境儿童结对汇总表');
    expect(rows[1][0]).toMatch(/^填报单位：.*填报时间：\d{4}年/);
    expect([...new Set(rows[2].filter(Boolean))]).toEqual(['爱心妈妈情况', '结对儿童情况']); // merged over their columns
    expect(rows[3]).toEqual(['序号', '姓名', '单位职务', '联系电话', '姓名', '就读学校及班级', '联系电话']);
    expect(rows[4].map(String)).toEqual(['1', '测试妈妈厦', '测试公司 会计', '13800009901', childInput(80, '').name, '测试实验小学 三年级2班', testPhone(80)]);
    const masked = await as(cloud, 'xm-staff-hc').ok('pairing', 'exportSheet', { layout: 'xm-6' });
    expect(masked.fullNumbers).toBe(false);
    const text = JSON.stringify(await readXlsx(await download(masked.url)));
    expect(text).not.toContain('13800009901');
    expect(text).not.toContain(testPhone(80));
    expect(text).toContain('138****9901');
    const log = (cloud.store.rawDocuments('audit_logs') as { action: string; fn: string; ok: boolean }[]).filter((l) => l.fn === 'pairing' && l.action === 'exportSheet');
    expect(log).toHaveLength(2);
  });

  test('附件5 结对表: one pairing\'s card, both sides in the annex\'s order', async () => {
    const res = await as(cloud, ADMIN).ok('pairing', 'exportCard', { id: pairingId, layout: 'xm-5' });
    const rows = await readXlsx(await download(res.url));
    expect(rows[0][0]).toBe('厦门市爱心妈妈与留守流动等困境儿童结对表');
    const pairs = Object.fromEntries(rows.slice(2).filter((r) => r[0] !== r[1]).map((r) => [r[0], r[1] ?? '']));
    expect(rows.slice(2).map((r) => r[0])).toContain('结对儿童');
    expect(pairs).toMatchObject({ 爱心妈妈姓名: '测试妈妈厦', 所在单位及职业: '测试公司 会计', 结对儿童姓名: childInput(80, '').name, 就读学校及班级: '测试实验小学 三年级2班' });
    // 联系电话 appears in both halves: hers, then the guardian's
    expect(rows.filter((r) => r[0] === '联系电话').map((r) => r[1])).toEqual(['13800009901', testPhone(80)]);
    expect(err(await as(cloud, ADMIN).raw('pairing', 'exportCard', { id: pairingId, layout: 'sn-3' }))?.code).toBe('INVALID_INPUT');
    expect(err(await as(cloud, 'xm-mum').raw('pairing', 'exportCard', { id: pairingId, layout: 'xm-5' }))?.code).toBe('FORBIDDEN');
  });

  test('an annex of another programme is refused', async () => {
    expect(err(await as(cloud, ADMIN).raw('pairing', 'exportSheet', { layout: 'lg-3' }))?.code).toBe('INVALID_INPUT');
  });
});
