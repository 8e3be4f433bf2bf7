import { startTestCloud, as, ADMIN, snapshot, fireTimer } from '../helpers/cloud';
import { makeStaff } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { ORGS, setupWorld, WHO } from '../domain/child/world';
import { approvedVolunteer, db } from '../domain/pairing/world';
import { setClock } from '../../src/server/time';

/**
 * pairing (遂宁): the whole life of a pairing through the function, every transition allowed and
 * refused, scope, the races on places, the lapse timer with a moved clock, the care card that
 * opens and closes with the pairing, and bad input that changes nothing.
 */
let cloud: LocalCloud;
const kids: string[] = [];
const V = { one: '', many: '', other: '', b: '', four: '' };
const P = ['sn', ORGS.countyA, ORGS.streetA];
const A1 = { code: ORGS.communityA1, name: '测试社区甲一', path: [...P, ORGS.communityA1] };
const A2 = { code: ORGS.communityA2, name: '测试社区甲二', path: [...P, ORGS.communityA2] };
const B1 = { code: ORGS.communityB1, name: '测试社区乙一', path: ['sn', ORGS.countyB, ORGS.streetB, ORGS.communityB1] };
const STAFF2 = 'staff-county-a2';
const MANY = 'vol-many';
const VB = 'vol-b';

const staff = (who = WHO.countyA) => as(cloud, who);
const err = (res: unknown) => (res as { ok: boolean; error?: { code: string; message: string } }).error;

beforeAll(async () => {
  cloud = await startTestCloud();
  await setupWorld(cloud);
  await makeStaff(cloud, STAFF2, ORGS.countyA, ['pairing.manage', 'child.read']);
  for (let i = 0; i < 9; i++) kids.push((await staff().ok('child', 'create', childInput(30 + i, i % 2 ? A2.code : A1.code))).id);
  kids.push((await staff(WHO.countyB).ok('child', 'create', childInput(50, B1.code))).id);
  V.one = await approvedVolunteer(cloud, WHO.volunteer, A1, { name: '测试妈妈一' });
  V.other = await approvedVolunteer(cloud, WHO.otherVolunteer, A2, { name: '测试妈妈二', skills: '心理咨询师' });
  V.many = await approvedVolunteer(cloud, MANY, A1, { name: '测试妈妈多', pairingForms: ['one_to_many'] });
  V.b = await approvedVolunteer(cloud, VB, B1, { name: '测试妈妈乙' });
  V.four = await approvedVolunteer(cloud, 'vol-four', A2, { name: '测试妈妈四' });
});
afterAll(() => {
  setClock(null);
  return cloud.close();
});

const careCard = (who: string, childId: string) => as(cloud, who).raw('child', 'careCard', { childId });
const held = async (userId: string) => ((await db().collection('pairing_volunteers').doc(userId).get()).data?.[0] as { held: number } | undefined)?.held ?? 0;
const paired = async (childId: string) => ((await db().collection('children').doc(childId).get()).data?.[0] as { paired: boolean }).paired;
/** Every test starts from its own state: the open pairings (proposed, consented, active) of these
 * children and volunteers, whatever an earlier test left, are cancelled or ended through the
 * function, so the places a test counts on are free whichever test ran before it. */
const release = async (childIds: string[], volunteerIds: string[] = []) => {
  const { items } = await as(cloud, ADMIN).ok('pairing', 'list', { pageSize: 100 });
  for (const r of items) {
    if (!childIds.includes(r.childId) && !volunteerIds.includes(r.volunteerId)) continue;
    if (r.status === 'active') await as(cloud, ADMIN).ok('pairing', 'end', { id: r.id, version: r.version, reason: '测试复位' });
    else if (r.status === 'proposed' || r.status === 'consented') await as(cloud, ADMIN).ok('pairing', 'cancel', { id: r.id, version: r.version, reason: '测试复位' });
  }
};
/** kids[0] with 测试妈妈一, freed first and then brought to `stage` by the calls the life tests make. */
const pairingAt = async (stage: 'proposed' | 'consented' | 'active') => {
  await release([kids[0]], [V.one]);
  const { id } = await staff().ok('pairing', 'propose', { childId: kids[0], volunteerId: V.one });
  if (stage === 'proposed') return id;
  await staff().ok('pairing', 'recordConsent', { id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-01-02' });
  if (stage === 'consented') return id;
  await as(cloud, WHO.volunteer).ok('pairing', 'respond', { id, accept: true, message: '孩子，有事随时找我' });
  return id;
};
const mineNow = async () => (await as(cloud, WHO.volunteer).ok('pairing', 'mine', {})).items.map((r) => [r.id, r.status]);

describe('suggestions for the caller\'s subtree', () => {
  test('county A gets its own children and volunteers, each with Chinese reasons', async () => {
    await release(kids.slice(0, 9));
    const res = await staff().ok('pairing', 'suggest', {});
    const childIds = [...res.suggestions.map((s) => s.childId), ...res.unmatched.map((u) => u.childId)];
    expect(childIds.sort()).toEqual(kids.slice(0, 9).sort());
    // places: one + three (一对多) + one + one = six children covered
    expect(res.objective.covered).toBe(6);
    expect(res.suggestions.every((s) => [V.one, V.many, V.other, V.four].includes(s.volunteerId))).toBe(true);
    expect(res.suggestions.every((s) => s.reasons.length > 0 && /[\u4e00-\u9fa5]/.test(s.reasons.join('')))).toBe(true);
    expect(res.unmatched.every((u) => /[\u4e00-\u9fa5]/.test(u.reason))).toBe(true);
  });

  test('county B sees only its own', async () => {
    const res = await staff(WHO.countyB).ok('pairing', 'suggest', {});
    expect(res.suggestions).toEqual([expect.objectContaining({ childId: kids[9], volunteerId: V.b })]);
  });

  test('a new volunteer or a new child gets hers without re-solving the subtree', async () => {
    await release([kids[0]], [V.many]);
    const mine = await staff().ok('pairing', 'suggest', { volunteerId: V.many });
    expect(mine.suggestions).toHaveLength(3);
    expect(mine.suggestions.every((s) => s.volunteerId === V.many && s.reasons.length > 0)).toBe(true);
    const one = await staff().ok('pairing', 'suggest', { childId: kids[0] });
    expect(one.suggestions).toHaveLength(1);
    expect(one.suggestions[0].childId).toBe(kids[0]);
    expect(err(await staff().raw('pairing', 'suggest', { volunteerId: V.b }))?.code).toBe('NOT_FOUND');
  });

  test('candidates for pairing by hand: eligible volunteers with a place, best first, in scope only', async () => {
    await release([kids[0]], [V.one, V.many, V.other, V.four]);
    const res = await staff().ok('pairing', 'candidates', { childId: kids[0] });
    expect(res.items.map((c) => c.volunteerId).sort()).toEqual([V.one, V.many, V.other, V.four].sort());
    expect(res.items.map((c) => c.score)).toEqual([...res.items.map((c) => c.score)].sort((a, b) => b - a));
    expect(err(await staff(WHO.countyB).raw('pairing', 'candidates', { childId: kids[0] }))?.code).toBe('FORBIDDEN');
  });

  test('without pairing.manage, or as a volunteer: FORBIDDEN', async () => {
    expect(err(await as(cloud, WHO.reader).raw('pairing', 'suggest', {}))?.code).toBe('FORBIDDEN');
    expect(err(await as(cloud, WHO.volunteer).raw('pairing', 'propose', { childId: kids[0], volunteerId: V.one }))?.code).toBe('FORBIDDEN');
  });
});

describe('the life of a pairing', () => {
  test('proposed: held places, invisible to the volunteer, no care card', async () => {
    await release([kids[0]], [V.one]);
    const before = await mineNow(); // her earlier pairings, closed ones included
    const row = await staff().ok('pairing', 'propose', { childId: kids[0], volunteerId: V.one });
    const id = row.id;
    expect(row).toMatchObject({ status: 'proposed', statusLabel: '待监护人同意', consent: null, deadline: null });
    expect(await held(V.one)).toBe(1);
    expect(await mineNow()).toEqual(before);
    expect(err(await careCard(WHO.volunteer, kids[0]))?.code).toBe('NOT_FOUND');
    // she cannot answer what the guardian has not agreed to
    expect(err(await as(cloud, WHO.volunteer).raw('pairing', 'respond', { id, accept: true }))?.code).toBe('NOT_FOUND');
    expect(err(await staff().raw('pairing', 'end', { id, version: 1, reason: '测试' }))?.code).toBe('CONFLICT');
  });

  test('consent recorded (who, how, when): the offer reaches her with a three-day deadline', async () => {
    const id = await pairingAt('proposed');
    const before = await mineNow();
    const row = await staff().ok('pairing', 'recordConsent', { id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-01-02' });
    expect(row.status).toBe('consented');
    expect(row.consent).toMatchObject({ guardianName: '测试祖母', relation: '祖母', methodLabel: '书面签字', at: '2026-01-02' });
    expect(Date.parse(row.deadline!) - Date.now()).toBeGreaterThan(2.9 * 86400_000);
    expect(Date.parse(row.deadline!) - Date.now()).toBeLessThan(3.1 * 86400_000);
    expect(err(await staff().raw('pairing', 'recordConsent', { id, version: 2, guardianName: '测试', relation: '祖母', method: 'phone', at: '2026-01-02' }))?.code).toBe('CONFLICT');
    const mine = await as(cloud, WHO.volunteer).ok('pairing', 'mine', {});
    expect(mine.items.map((r) => [r.id, r.status])).toEqual([[id, 'consented'], ...before]);
    expect(mine.items[0].childName).toMatch(/同学$/); // an alias until she accepts
    expect(err(await as(cloud, WHO.otherVolunteer).raw('pairing', 'respond', { id, accept: true }))?.code).toBe('NOT_FOUND');
  });

  test('accepted: active, the care card opens, the child is paired, the card shows both sides', async () => {
    const id = await pairingAt('consented');
    const row = await as(cloud, WHO.volunteer).ok('pairing', 'respond', { id, accept: true, message: '孩子，有事随时找我' });
    expect(row.status).toBe('active');
    expect(await careCard(WHO.volunteer, kids[0])).toMatchObject({ ok: true });
    expect(await paired(kids[0])).toBe(true);
    await as(cloud, WHO.volunteer).ok('pairing', 'setMessage', { id, message: '愿你健康快乐' });
    const card = await staff().ok('pairing', 'card', { id });
    expect(card).toMatchObject({ title: '结对帮扶卡', message: '愿你健康快乐', volunteer: { name: '测试妈妈一' }, status: 'active' });
    const hers = await as(cloud, WHO.volunteer).ok('pairing', 'card', { id });
    expect(hers.child.name).not.toEqual(card.child.name); // given name only for her
    expect([card.exportLayout, hers.exportLayout]).toEqual(['sn-3', null]);
    const exported = await staff().ok('pairing', 'exportCard', { id, layout: 'sn-3' });
    expect(exported).toMatchObject({ count: 1, fileName: expect.stringMatching(/^遂宁市“爱心妈妈”与留守女童结对帮扶卡_/) });
    expect(err(await as(cloud, WHO.otherVolunteer).raw('pairing', 'card', { id }))?.code).toBe('NOT_FOUND');
    expect(err(await staff(WHO.countyB).raw('pairing', 'card', { id }))?.code).toBe('FORBIDDEN');
    expect(err(await as(cloud, WHO.volunteer).raw('pairing', 'respond', { id, accept: false, reason: '再想想' }))?.code).toBe('CONFLICT');
    expect(err(await staff().raw('pairing', 'cancel', { id, version: 3, reason: '测试' }))?.code).toBe('CONFLICT');
  });

  test('ended with a reason: the care card closes at once and both places are freed', async () => {
    const id = await pairingAt('active');
    const version = (await staff().ok('pairing', 'list', { childId: kids[0] })).items.find((r) => r.id === id)!.version;
    expect(err(await staff().raw('pairing', 'end', { id, version: version - 1, reason: '测试' }))?.code).toBe('CONFLICT');
    const row = await staff().ok('pairing', 'end', { id, version, reason: '儿童随父母迁居外地' });
    expect(row).toMatchObject({ status: 'ended', closeReason: '儿童随父母迁居外地' });
    expect(err(await careCard(WHO.volunteer, kids[0]))?.code).toBe('NOT_FOUND');
    expect((await as(cloud, WHO.volunteer).ok('child', 'careList', {})).items).toEqual([]);
    expect(await paired(kids[0])).toBe(false);
    expect(await held(V.one)).toBe(0);
    expect(err(await as(cloud, WHO.volunteer).raw('pairing', 'card', { id }))?.code).toBe('NOT_FOUND');
    for (const action of ['end', 'transfer'] as const) {
      const data = action === 'end' ? { id, version: row.version, reason: '再次' } : { id, version: row.version, volunteerId: V.other, reason: '再次' };
      expect(err(await staff().raw('pairing', action, data))?.code).toBe('CONFLICT');
    }
  });

  test('declined with a reason frees both places; a decline needs a reason', async () => {
    await release([kids[0]], [V.one]);
    const p = await staff().ok('pairing', 'propose', { childId: kids[0], volunteerId: V.one });
    await staff().ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'phone', at: '2026-01-03' });
    expect(err(await as(cloud, WHO.volunteer).raw('pairing', 'respond', { id: p.id, accept: false }))?.code).toBe('INVALID_INPUT');
    const row = await as(cloud, WHO.volunteer).ok('pairing', 'respond', { id: p.id, accept: false, reason: '近期工作调动' });
    expect(row).toMatchObject({ status: 'declined', closeReason: '近期工作调动' });
    expect(await held(V.one)).toBe(0);
    expect(err(await as(cloud, WHO.volunteer).raw('pairing', 'respond', { id: p.id, accept: true }))?.code).toBe('CONFLICT');
  });

  test('cancelled before it is active (the guardian refused)', async () => {
    await release([kids[0]], [V.one]);
    const p = await staff().ok('pairing', 'propose', { childId: kids[0], volunteerId: V.one });
    const row = await staff().ok('pairing', 'cancel', { id: p.id, version: 1, reason: '监护人不同意' });
    expect(row.status).toBe('cancelled');
    expect(err(await staff().raw('pairing', 'recordConsent', { id: p.id, version: 2, guardianName: '测试', relation: '祖母', method: 'phone', at: '2026-01-02' }))?.code).toBe('CONFLICT');
    expect(await held(V.one)).toBe(0);
  });

  test('transferred: the old volunteer loses the card, the new one gets an offer', async () => {
    await release([kids[2]], [V.one, V.many]);
    const p = await staff().ok('pairing', 'propose', { childId: kids[2], volunteerId: V.one });
    await staff().ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'in_person', at: '2026-01-03' });
    await as(cloud, WHO.volunteer).ok('pairing', 'respond', { id: p.id, accept: true });
    expect(await careCard(WHO.volunteer, kids[2])).toMatchObject({ ok: true });
    const { from, to } = await staff().ok('pairing', 'transfer', { id: p.id, version: 3, volunteerId: V.many, reason: '原爱心妈妈工作调动' });
    expect(from.status).toBe('transferred');
    expect(to).toMatchObject({ status: 'proposed', volunteerId: V.many, childId: kids[2] });
    expect(err(await careCard(WHO.volunteer, kids[2]))?.code).toBe('NOT_FOUND');
    expect(await held(V.one)).toBe(0);
    expect(await held(V.many)).toBe(1);
    expect(await paired(kids[2])).toBe(false);
    // the child still holds one place: nobody else can be proposed for her
    expect(err(await staff().raw('pairing', 'propose', { childId: kids[2], volunteerId: V.other }))?.code).toBe('CONFLICT');
    await staff().ok('pairing', 'cancel', { id: to.id, version: 1, reason: '测试结束' });
  });
});

describe('scope', () => {
  test('another county\'s child or volunteer is FORBIDDEN and nothing is written', async () => {
    await release([kids[9]], [V.b]); // county B has no pairing; county A at least this one
    const mine = await pairingAt('proposed');
    const before = snapshot(cloud);
    expect(err(await staff(WHO.countyB).raw('pairing', 'propose', { childId: kids[1], volunteerId: V.b }))?.code).toBe('FORBIDDEN');
    expect(err(await staff().raw('pairing', 'propose', { childId: kids[1], volunteerId: V.b }))?.code).toBe('FORBIDDEN');
    expect(err(await staff(WHO.countyB).raw('pairing', 'list', { orgCode: ORGS.countyA }))?.code).toBe('FORBIDDEN');
    expect(snapshot(cloud)).toBe(before);
    expect((await staff(WHO.countyB).ok('pairing', 'list', {})).total).toBe(0);
    expect((await staff().ok('pairing', 'list', {})).total).toBeGreaterThan(0);
    expect((await as(cloud, ADMIN).ok('pairing', 'list', {})).total).toBe((await staff().ok('pairing', 'list', {})).total);
    await staff().ok('pairing', 'cancel', { id: mine, version: 1, reason: '测试结束' });
  });
});

describe('races', () => {
  test('two staff confirming beyond a volunteer\'s capacity: exactly one wins', async () => {
    await release([kids[3], kids[5]], [V.other]);
    const res = await Promise.all([
      staff().raw('pairing', 'propose', { childId: kids[3], volunteerId: V.other }),
      staff(STAFF2).raw('pairing', 'propose', { childId: kids[5], volunteerId: V.other }),
    ]);
    expect(res.filter((r) => r.ok)).toHaveLength(1);
    expect(res.filter((r) => !r.ok).map((r) => err(r)?.code)).toEqual(['CONFLICT']);
    expect(await held(V.other)).toBe(1);
    expect((await staff().ok('pairing', 'list', { status: 'proposed' })).items.filter((r) => r.volunteerId === V.other)).toHaveLength(1);
  });

  test('many confirms at once for a volunteer of three places: exactly three win', async () => {
    const before = await held(V.many);
    const res = await Promise.all([kids[4], kids[6], kids[7], kids[8]].map((c, i) => staff(i % 2 ? STAFF2 : WHO.countyA).raw('pairing', 'propose', { childId: c, volunteerId: V.many })));
    expect(res.filter((r) => r.ok)).toHaveLength(3 - before);
    expect(await held(V.many)).toBe(3);
  });

  test('one child paired twice at once: exactly one wins', async () => {
    await release([kids[1]], [V.one, V.four]);
    const res = await Promise.all([
      staff().raw('pairing', 'propose', { childId: kids[1], volunteerId: V.one }),
      staff(STAFF2).raw('pairing', 'propose', { childId: kids[1], volunteerId: V.four }),
    ]);
    // both volunteers have a free place: only the child's place is contested
    expect(err(res.find((r) => !r.ok))?.message).toBe('该儿童已经结对，不能重复结对');
    const ok = res.filter((r) => r.ok);
    expect(ok).toHaveLength(1);
    expect(err(res.find((r) => !r.ok))?.code).toBe('CONFLICT');
    const rows = (await staff().ok('pairing', 'list', { childId: kids[1] })).items.filter((r) => ['proposed', 'consented', 'active'].includes(r.status));
    expect(rows).toHaveLength(1);
  });

  test('confirmMany answers each item on its own', async () => {
    await release([kids[0]], [V.one]);
    const { results } = await staff().ok('pairing', 'confirmMany', { items: [{ childId: kids[0], volunteerId: V.one }, { childId: kids[1], volunteerId: V.one }] });
    expect(results.map((r) => [r.ok, r.code])).toEqual([[true, null], [false, 'CONFLICT']]);
  });
});

describe('the offer lapses after the programme\'s acceptanceDays (timer)', () => {
  test('not before the deadline; after it, lapsed and the places freed', async () => {
    const p = { id: await pairingAt('proposed'), version: 1 };
    await staff().ok('pairing', 'recordConsent', { id: p.id, version: p.version, guardianName: '测试祖母', relation: '祖母', method: 'wechat', at: '2026-01-04' });
    const start = Date.now();
    setClock(() => start + 2 * 86400_000);
    expect(await fireTimer(cloud, 'pairing', 'lapse')).toEqual({ ok: true, data: { lapsed: 0, countersFixed: 0 } });
    setClock(() => start + 3 * 86400_000 + 60_000);
    expect(err(await as(cloud, WHO.volunteer).raw('pairing', 'respond', { id: p.id, accept: true }))?.code).toBe('CONFLICT');
    expect(await fireTimer(cloud, 'pairing', 'lapse')).toEqual({ ok: true, data: { lapsed: 1, countersFixed: 0 } });
    setClock(null);
    const row = (await staff().ok('pairing', 'list', { childId: kids[0] })).items.find((r) => r.id === p.id)!;
    expect(row).toMatchObject({ status: 'lapsed', closeReason: '志愿者逾期未确认' });
    expect(await held(V.one)).toBe(0);
    // the child gets the next suggestion: not the volunteer who let it lapse
    const next = await staff().ok('pairing', 'suggest', { childId: kids[0] });
    expect(next.suggestions.map((s) => s.childId)).toEqual([kids[0]]);
    expect(next.suggestions[0].volunteerId).not.toBe(V.one);
  });

  test('a user cannot fire the timer', async () => {
    const res = await as(cloud, WHO.countyA).raw('pairing', 'lapse' as never, {});
    expect(res.ok).toBe(false);
  });
});

describe('bad input changes nothing', () => {
  test.each([
    ['propose', { childId: '', volunteerId: 'x' }],
    ['propose', { childId: 'a', volunteerId: 'b', extra: 1 }],
    ['propose', { childId: 'x'.repeat(65), volunteerId: 'b' }],
    ['recordConsent', { id: 'p', version: 1, guardianName: '', relation: '祖母', method: 'signed', at: '2026-01-01' }],
    ['recordConsent', { id: 'p', version: 1, guardianName: '测试', relation: '祖母', method: 'fax', at: '2026-01-01' }],
    ['recordConsent', { id: 'p', version: 1, guardianName: '测试', relation: '祖母', method: 'signed', at: '2026/01/01' }],
    ['end', { id: 'p', version: 1, reason: '长'.repeat(201) }],
    ['confirmMany', { items: [] }],
  ] as const)('%s %j', async (action, data) => {
    const before = snapshot(cloud);
    const res = await staff().raw('pairing', action, data);
    expect(err(res)?.code).toBe('INVALID_INPUT');
    expect(err(res)?.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(snapshot(cloud)).toBe(before);
  });

  test('a volunteer or child that does not exist is NOT_FOUND and writes nothing', async () => {
    const before = snapshot(cloud);
    expect(err(await staff().raw('pairing', 'propose', { childId: kids[0], volunteerId: 'u-none' }))?.code).toBe('NOT_FOUND');
    expect(err(await staff().raw('pairing', 'propose', { childId: 'c-none', volunteerId: V.one }))?.code).toBe('NOT_FOUND');
    expect(snapshot(cloud)).toBe(before);
  });
});
