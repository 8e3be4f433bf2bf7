import { startTestCloud, as, ADMIN, snapshot } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { childInput, testPhone } from '../domain/child/fixtures';
import { audits, db, ORGS, pair, setupWorld, WHO } from '../domain/child/world';
import { syntheticIdNumber } from '../../src/domain/child';

/** child: scope and field-level visibility per role, history, concurrency, encryption, audit, bad input. */
let cloud: LocalCloud;
let a1: string; // a child in county A
let b1: string; // a child in county B
const inA = childInput(1, ORGS.communityA1);

beforeAll(async () => {
  cloud = await startTestCloud();
  await setupWorld(cloud);
  a1 = (await as(cloud, WHO.countyA).ok('child', 'create', inA)).id;
  await as(cloud, WHO.writer).ok('child', 'create', childInput(2, ORGS.communityA2));
  b1 = (await as(cloud, WHO.countyB).ok('child', 'create', childInput(3, ORGS.communityB1))).id;
});
afterAll(() => cloud.close());

const clearValues = [inA.idNumber, inA.guardian.phone, inA.father.phone, inA.father.idNumber, inA.classTeacherPhone];

describe('staff see and change their own subtree only', () => {
  test('lists hold the caller\'s subtree; the admin sees every child', async () => {
    const names = async (who: string) => (await as(cloud, who).ok('child', 'list', {})).items.map((r) => r.name).sort();
    // other tests of this file register children too: each list is exactly the stored children of its subtree
    const stored = (org: string) => cloud.store.rawDocuments('children').filter((d) => (d.orgPath as string[]).includes(org)).map((d) => String(d.name)).sort();
    expect(stored(ORGS.countyA)).toEqual(expect.arrayContaining([inA.name, childInput(2, '').name]));
    expect(stored(ORGS.countyB)).toEqual(expect.arrayContaining([childInput(3, '').name]));
    expect(await names(WHO.countyA)).toEqual(stored(ORGS.countyA));
    expect(await names(WHO.reader)).toHaveLength(stored(ORGS.countyA).length);
    expect(await names(WHO.countyB)).toEqual(stored(ORGS.countyB));
    expect(await names(ADMIN)).toHaveLength(cloud.store.rawDocuments('children').length);
  });

  test('another county\'s child, node or record is FORBIDDEN', async () => {
    for (const [action, data] of [
      ['get', { id: b1 }],
      ['history', { id: b1 }],
      ['update', { id: b1, version: 1, patch: { interests: '越界' } }],
      ['list', { orgCode: ORGS.countyB }],
      ['create', childInput(9, ORGS.communityB1)],
    ] as const) {
      const res = await as(cloud, WHO.countyA).raw('child', action, data);
      expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  test('a child is filed at a village or community, not at a street or a unit', async () => {
    const street = await as(cloud, WHO.countyA).raw('child', 'create', childInput(10, ORGS.streetA));
    expect(street).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '请选择村（社区）一级的组织' } });
    const unit = await as(cloud, ADMIN).raw('child', 'create', childInput(10, 'sn-szjg'));
    expect(unit).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  test('permissions: a reader cannot write, reveal or export', async () => {
    expect(await as(cloud, WHO.reader).raw('child', 'create', childInput(11, ORGS.communityA1))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await as(cloud, WHO.reader).raw('child', 'reveal', { id: a1, field: 'idNumber' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await as(cloud, WHO.writer).raw('child', 'exportSheet', { layout: 'xm-2' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('ID numbers and phones', () => {
  test('lists and files show them masked only', async () => {
    const list = await as(cloud, WHO.countyA).ok('child', 'list', {});
    const row = list.items.find((r) => r.id === a1)!;
    expect(row.idNumber).toBe(`${inA.idNumber.slice(0, 4)}**********${inA.idNumber.slice(-4)}`);
    expect(row.guardianPhone).toBe(`139****${inA.guardian.phone.slice(-4)}`);
    const file = await as(cloud, WHO.countyA).ok('child', 'get', { id: a1 });
    const text = JSON.stringify([list, file]);
    for (const v of clearValues) expect(text).not.toContain(v);
    expect(file.fields.father.phone).toMatch(/^139\*+\d{4}$/);
  });

  test('the full value only through reveal, by staff holding child.reveal in scope', async () => {
    const res = await as(cloud, WHO.countyA).ok('child', 'reveal', { id: a1, field: 'guardian.phone' });
    expect(res).toEqual({ field: 'guardian.phone', label: '监护人联系电话', value: inA.guardian.phone });
    expect(await as(cloud, WHO.countyB).raw('child', 'reveal', { id: a1, field: 'idNumber' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  test('encrypted at rest: a raw read of the collections shows no number in clear', () => {
    const raw = JSON.stringify(['children', 'child_history', 'audit_logs'].map((c) => cloud.store.rawDocuments(c)));
    for (const v of clearValues) expect(raw).not.toContain(v);
    const doc = cloud.store.rawDocuments('children').find((d) => d._id === a1) as Record<string, { enc?: string }>;
    expect(doc.idNumber.enc).toMatch(/^k0\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+$/); // key id, iv, tag, body
  });
});

describe('audit: every full-file view, reveal (also refused) and care view', () => {
  test('get, reveal and refused reveal are logged with who, which child and which fields', async () => {
    const mark = audits(cloud).length; // what other tests logged before this one is not its evidence
    await as(cloud, WHO.countyA).ok('child', 'get', { id: a1 });
    await as(cloud, WHO.countyA).ok('child', 'reveal', { id: a1, field: 'idNumber' });
    await as(cloud, WHO.countyB).raw('child', 'reveal', { id: a1, field: 'father.phone' });
    const logs = audits(cloud).slice(mark).filter((l) => l.fn === 'child');
    expect(logs.find((l) => l.action === 'get' && l.ok)).toMatchObject({ targetIds: [a1], fields: expect.arrayContaining(['idNumber', 'guardian.phone', 'riskLevel']) });
    expect(logs.find((l) => l.action === 'reveal' && l.ok && l.fields[0] === 'idNumber')).toMatchObject({ targetIds: [a1] });
    expect(logs.some((l) => l.action === 'reveal' && !l.ok)).toBe(true);
  });
});

describe('volunteers see the care view of their active pairings only; donors see nothing', () => {
  test('no pairing, no card; an ended pairing, no card', async () => {
    expect(await as(cloud, WHO.volunteer).raw('child', 'careCard', { childId: a1 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await pair(a1, WHO.otherVolunteer, 'ended');
    expect(await as(cloud, WHO.otherVolunteer).raw('child', 'careCard', { childId: a1 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  test('an active pairing gives the care view, nothing more, and is audited', async () => {
    const pairing = await pair(a1, WHO.volunteer);
    try {
      const card = await as(cloud, WHO.volunteer).ok('child', 'careCard', { childId: a1 });
      expect(card).toMatchObject({ id: a1, givenName: inA.name.slice(1), sex: 'female', school: inA.school, guardianPhone: inA.guardian.phone, classTeacherPhone: inA.classTeacherPhone, interests: '画画', needs: ['study', 'emotional'] });
      const text = JSON.stringify(card);
      for (const v of [inA.idNumber, inA.name, inA.address, inA.father.name, inA.father.phone]) expect(text).not.toContain(v);
      const list = await as(cloud, WHO.volunteer).ok('child', 'careList', {});
      expect(list.items.map((c) => c.id)).toEqual([a1]);
      expect(audits(cloud).some((l) => l.action === 'careCard' && l.ok && l.targetIds[0] === a1)).toBe(true);
    } finally {
      // the test above checks that she has no card without a pairing: this one goes again
      await db().collection('pairings').doc(pairing).remove();
    }
  });

  test.each([WHO.volunteer, WHO.donor])('%s cannot use the staff registry', async (who) => {
    for (const action of ['list', 'get', 'options', 'exportSheet', 'reveal'] as const) {
      const res = await as(cloud, who).raw('child', action, { id: a1, layout: 'xm-2', field: 'idNumber' });
      expect(res.ok).toBe(false);
    }
    expect(await as(cloud, who).raw('child', 'list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  test('a donor has no care view either', async () => {
    expect(await as(cloud, WHO.donor).raw('child', 'careCard', { childId: a1 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await as(cloud, WHO.donor).raw('child', 'careList', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('history and concurrent edits', () => {
  test('every change is kept: who, when, field, from, to; risk changes need a reason', async () => {
    const id = (await as(cloud, WHO.writer).ok('child', 'create', childInput(20, ORGS.communityA1))).id;
    const refused = await as(cloud, WHO.writer).raw('child', 'update', { id, version: 1, patch: { riskLevel: 'high' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '修改家庭监护风险等级时，请填写修改原因' } });
    const u = await as(cloud, WHO.writer).ok('child', 'update', { id, version: 1, patch: { riskLevel: 'high', guardian: { phone: testPhone(77) } }, reason: '监护人长期外出' });
    expect(u.version).toBe(2);
    await as(cloud, WHO.writer).ok('child', 'update', { id, version: 2, orgCode: ORGS.communityA2, patch: { interests: '唱歌' } });
    const h = await as(cloud, WHO.countyA).ok('child', 'history', { id });
    expect(h.items.map((e) => e.action)).toEqual(['update', 'update', 'create']);
    expect(h.items[0].changes).toEqual([
      { field: 'orgCode', label: '所属组织', from: '测试社区甲一', to: '测试社区甲二' },
      { field: 'interests', label: '兴趣爱好', from: '画画', to: '唱歌' },
    ]);
    expect(h.items[1]).toMatchObject({ actorName: expect.stringContaining('测试'), reason: '监护人长期外出' });
    expect(h.items[1].changes).toEqual([
      { field: 'guardian.phone', label: '监护人联系电话', from: '139****0020', to: '139****0077' },
      { field: 'riskLevel', label: '家庭监护风险等级', from: '低风险', to: '高风险' },
    ]);
    expect(h.items[2].changes.length).toBeGreaterThan(10);
  });

  test('two staff saving the same version: exactly one wins, the other is told to refresh', async () => {
    const id = (await as(cloud, WHO.writer).ok('child', 'create', childInput(21, ORGS.communityA1))).id;
    const results = await Promise.all(
      ['甲', '乙', '丙', '丁', '戊'].map((x) => as(cloud, WHO.writer).raw('child', 'update', { id, version: 1, patch: { interests: `兴趣${x}` } })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results.filter((x) => !x.ok)) expect(r).toMatchObject({ error: { code: 'CONFLICT', message: expect.stringContaining('刷新') } });
    const h = await as(cloud, WHO.writer).ok('child', 'history', { id });
    expect(h.total).toBe(2);
  });

  test('the same child twice is refused, also on a double tap', async () => {
    const input = childInput(22, ORGS.communityA1);
    const results = await Promise.all(Array.from({ length: 5 }, () => as(cloud, WHO.writer).raw('child', 'create', input)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const again = await as(cloud, WHO.countyB).raw('child', 'create', { ...childInput(22, ORGS.communityB1), name: '测试改名' });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '该儿童已在其他地区建档，请联系上级妇联核实' } });
    const sameNameBirth = await as(cloud, WHO.writer).raw('child', 'create', { ...input, idNumber: null, guardian: { name: '测试', phone: testPhone(22) } });
    expect(sameNameBirth).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const rows = cloud.store.rawDocuments('children').filter((d) => d.name === input.name);
    expect(rows).toHaveLength(1);
  });
});

describe('bad input changes nothing and is explained in Chinese', () => {
  test.each([
    ['create', { ...childInput(30, ORGS.communityA1), idNumber: '990000201605030020' }, '身份证号码不正确'],
    ['create', { ...childInput(30, ORGS.communityA1), birthDate: '2016-02-30' }, '出生日期'],
    ['create', { ...childInput(30, ORGS.communityA1), idNumber: syntheticIdNumber('2010-01-01', 30) }, '身份证号码与出生日期不一致'],
    ['create', { ...childInput(30, ORGS.communityA1), name: '测'.repeat(21) }, '姓名不能超过20个字'],
    ['create', { ...childInput(30, ORGS.communityA1), needs: ['游泳'] }, '关爱服务需求'],
    ['create', { ...childInput(30, ORGS.communityA1), secret: 1 }, '无法识别的字段'],
    ['update', { id: 'x', version: 1, patch: { guardian: { phone: '12345' } } }, '监护人联系电话不正确'],
    ['update', { id: 'x', version: 1, patch: { category: '孤儿' } }, '儿童类别'],
  ] as const)('%s %#', async (action, data, message) => {
    const before = snapshot(cloud);
    const res = await as(cloud, WHO.countyA).raw('child', action, data);
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining(message) } });
    expect(snapshot(cloud)).toBe(before);
  });

  test('a refused risk change and a stale version write nothing', async () => {
    const before = snapshot(cloud);
    expect((await as(cloud, WHO.countyA).raw('child', 'update', { id: a1, version: 1, patch: { riskLevel: 'high' } })).ok).toBe(false);
    expect((await as(cloud, WHO.countyA).raw('child', 'update', { id: a1, version: 99, patch: { interests: 'x' } })).ok).toBe(false);
    expect(snapshot(cloud)).toBe(before);
  });
});

test('eligibility is computed from the file for the programme (遂宁: girls under 12)', async () => {
  const id = (await as(cloud, WHO.writer).ok('child', 'create', { ...childInput(40, ORGS.communityA1), sex: 'male', idNumber: syntheticIdNumber('2015-05-01', 40, 'male'), birthDate: '2015-05-01' })).id;
  const file = await as(cloud, WHO.writer).ok('child', 'get', { id });
  expect(file.eligibility).toEqual({ eligible: false, reasons: ['本项目只面向女童'] });
  expect((await as(cloud, WHO.writer).ok('child', 'get', { id: a1 })).eligibility?.eligible).toBe(true);
});
