import { startTestCloud, as, ADMIN } from '../helpers/cloud';
import { checkpoint } from '../helpers/checkpoint';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { ORGS, setupWorld, WHO } from '../domain/child/world';
import { isServed, UNINDEXED_SCAN_THRESHOLD } from '../../localcloud/db/indexes';
import { INDEXES } from '../../src/server/indexes';
import { userIdFor } from '../../src/server/ids';
import { AUDIT_ACTIONS } from '../../src/contract/audit';
import type { Output } from '../../src/contract';

/**
 * account.listAudit, the admins' audit log: each filter keeps exactly the entries it names (the
 * answer is compared with the stored entries filtered in JS), filters combine, paging is stable
 * (ties in time, entries written meanwhile), rows read in Chinese with the actor's name and no
 * child's name, and only admins may read it. The log holds more entries than the local cloud's
 * scan threshold, so every query here must be served by a declared index (or the call fails).
 */
type Page = Output<'account', 'listAudit'>;
interface Stored { _id: string; at: string; actorId: string; fn: string; action: string; ok: boolean; targetIds: string[] }

let cloud: LocalCloud;
let childId: string;
let childName: string;
let restore: () => void;
const staffA = () => userIdFor(WHO.countyA);

/** Synthetic entries: four actors, six actions, both outcomes, a few records, spread over March 2024 (China time). */
function synthetic(n: number): object[] {
  const actors = [userIdFor(WHO.countyA), userIdFor(WHO.countyB), userIdFor(WHO.reader), userIdFor(ADMIN)];
  const actions = [['child', 'get'], ['child', 'reveal'], ['pairing', 'card'], ['report', 'submit'], ['visit', 'closeFlag'], ['account', 'createOrg']];
  return Array.from({ length: n }, (_v, i) => {
    const [fn, action] = actions[i % actions.length]!;
    return {
      at: new Date(Date.parse('2024-03-01T00:00:00+08:00') + (i % 31) * 86_400_000 + (i % 7) * 3_600_000).toISOString(),
      actorId: actors[i % actors.length], actorRoles: ['staff'], actorOrg: null,
      fn, action, ok: i % 5 !== 0,
      targetKind: 'child', targetIds: [`rec-${i % 13}`, `rec-${(i + 1) % 13}`], fields: [],
    };
  });
}

beforeAll(async () => {
  cloud = await startTestCloud();
  await setupWorld(cloud);
  // a real child and a real audited read of her file
  const input = childInput(7, ORGS.communityA1);
  childName = input.name;
  childId = (await as(cloud, WHO.countyA).ok('child', 'create', input)).id;
  await as(cloud, WHO.countyA).ok('child', 'get', { id: childId });
  await as(cloud, ADMIN).ok('child', 'get', { id: childId });
  // a refused attempt: a reader without child.reveal (a FORBIDDEN attempt is audited)
  expect(await as(cloud, WHO.reader).raw('child', 'reveal', { id: childId, field: 'idNumber' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  cloud.store.insertMany('audit_logs', synthetic(UNINDEXED_SCAN_THRESHOLD + 200));
  restore = checkpoint(cloud);
}, 120_000);
// tests write entries (ties, an export, her reads after page 1): each starts from the log above
afterEach(() => restore());
afterAll(() => cloud.close());

const list = (input: Record<string, unknown> = {}) => as(cloud, ADMIN).ok('account', 'listAudit', input as never) as Promise<Page>;

/** Every page of a filter, pageSize 100, read as of one instant. */
async function all(filter: Record<string, unknown>): Promise<Page['items']> {
  const first = await list({ ...filter, pageSize: 100 });
  const items = [...first.items];
  for (let p = 2; (p - 1) * 100 < first.total; p++) items.push(...(await list({ ...filter, pageSize: 100, page: p, asOf: first.asOf })).items);
  expect(items).toHaveLength(first.total);
  return items;
}

const stored = () => cloud.store.rawDocuments('audit_logs') as unknown as Stored[];
const byTimeThenId = (a: Stored, b: Stored) => (a.at === b.at ? (a._id < b._id ? 1 : -1) : a.at < b.at ? 1 : -1);
const expectIds = (items: Page['items'], keep: (d: Stored) => boolean) =>
  expect(items.map((i) => i.id)).toEqual(stored().filter(keep).sort(byTimeThenId).map((d) => d._id));

const china = (day: string) => Date.parse(`${day}T00:00:00+08:00`);

describe('each filter keeps exactly the entries it names', () => {
  test('操作人: by user id, by the name on her account, a name no one has', async () => {
    expectIds(await all({ actorId: staffA() }), (d) => d.actorId === staffA());
    const reader = userIdFor(WHO.reader);
    expectIds(await all({ actorName: '测试staff-read' }), (d) => d.actorId === reader);
    // every account of the name: both county staff are 测试staff-coun (makeStaff names by the OPENID's first ten letters)
    const namesakes = [staffA(), userIdFor(WHO.countyB)];
    expectIds(await all({ actorName: '测试staff-coun' }), (d) => namesakes.includes(d.actorId));
    expect((await list({ actorName: '没有这个人' })).total).toBe(0);
    // both: the id must carry the name
    expectIds(await all({ actorName: '测试staff-coun', actorId: userIdFor(WHO.countyB) }), (d) => d.actorId === userIdFor(WHO.countyB));
    expect((await list({ actorName: '测试staff-read', actorId: staffA() })).total).toBe(0);
  });

  test('操作类型: the function and action; a module alone; a module that contradicts the action', async () => {
    expectIds(await all({ action: 'child.reveal' }), (d) => d.fn === 'child' && d.action === 'reveal');
    expectIds(await all({ fn: 'report' }), (d) => d.fn === 'report');
    expect((await list({ action: 'child.reveal', fn: 'report' })).total).toBe(0);
  });

  test('日期范围: China days, both ends inclusive', async () => {
    const inRange = (from: string, to: string) => (d: Stored) => Date.parse(d.at) >= china(from) && Date.parse(d.at) < china(to) + 86_400_000;
    expectIds(await all({ from: '2024-03-05', to: '2024-03-06' }), inRange('2024-03-05', '2024-03-06'));
    expectIds(await all({ from: '2024-03-30' }), (d) => Date.parse(d.at) >= china('2024-03-30'));
    expectIds(await all({ to: '2024-03-01' }), (d) => Date.parse(d.at) < china('2024-03-02'));
    // 00:00 China on 2 March is 16:00 UTC on 1 March: it belongs to the 2nd
    const first = await all({ from: '2024-03-01', to: '2024-03-01' });
    expect(first.length).toBeGreaterThan(0);
    for (const r of first) expect(r.when.startsWith('2024-03-01 ')).toBe(true);
  });

  test('记录编号: entries naming the record among their targets', async () => {
    expectIds(await all({ recordId: 'rec-4' }), (d) => d.targetIds.includes('rec-4'));
    const real = await all({ recordId: childId });
    expectIds(real, (d) => d.targetIds.includes(childId));
    expect(real.map((r) => r.actorId)).toEqual([userIdFor(ADMIN), staffA()]); // her read, then the admin's

  });

  test('结果: successful and refused attempts', async () => {
    expectIds(await all({ outcome: 'refused' }), (d) => !d.ok);
    expect((await list({ outcome: 'success' })).total).toBe(stored().filter((d) => d.ok).length);
  });

  test('filters combine', async () => {
    const keep = (d: Stored) => d.actorId === staffA() && d.fn === 'child' && d.action === 'get' && d.ok && d.targetIds.includes('rec-0')
      && Date.parse(d.at) >= china('2024-03-01') && Date.parse(d.at) < china('2024-03-20');
    const items = await all({ actorId: staffA(), action: 'child.get', outcome: 'success', recordId: 'rec-0', from: '2024-03-01', to: '2024-03-19' });
    expect(items.length).toBeGreaterThan(0);
    expectIds(items, keep);
  });
});

test('rows read in Chinese: her name, the action, the record kind, China time, the outcome; never a child\'s name', async () => {
  const page = await list({ recordId: childId, actorId: staffA() });
  const read = page.items[0]!;
  expect(read).toMatchObject({
    actorId: staffA(), actorName: '测试staff-coun', fn: 'child', action: 'get', actionLabel: '查看儿童档案',
    outcome: 'success', targetKind: 'child', targetLabel: '儿童档案', targetIds: [childId],
  });
  expect(read.when).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  const [refused] = (await list({ actorId: userIdFor(WHO.reader), action: 'child.reveal', outcome: 'refused' })).items;
  expect(refused).toMatchObject({ actorName: '测试staff-read', ok: false, outcome: 'refused', actionLabel: '查看儿童完整证件号或电话', targetIds: [] });
  expect(JSON.stringify(await all({}))).not.toContain(childName);
  // the 操作类型 picker's choices: every audited action, in Chinese
  expect(page.actions.map((a) => a.value)).toEqual(AUDIT_ACTIONS);
  expect(page.actions.find((a) => a.value === 'child.reveal')?.label).toBe('查看儿童完整证件号或电话');
});

test('a large export names its query, shown as words', async () => {
  cloud.store.insertMany('audit_logs', [{ at: new Date().toISOString(), actorId: staffA(), actorRoles: ['staff'], actorOrg: ORGS.countyA, fn: 'child', action: 'exportSheet', ok: true, targetKind: 'child', targetIds: ['query:{"scope":"sn-chuanshan"}'], fields: ['姓名'] }]);
  const [row] = (await list({ action: 'child.exportSheet' })).items;
  expect(row).toMatchObject({ actionLabel: '导出儿童台账', targetIds: ['按筛选条件导出'] });
});

test('each filter has its own index, also without the time bound every query carries (which the local cloud alone would accept)', () => {
  const audit = INDEXES.filter((i) => i.collection === 'audit_logs');
  const sort = { at: -1, _id: -1 };
  for (const filter of [{}, { actorId: 'u1' }, { actorId: { $in: ['u1', 'u2'] } }, { fn: 'child' }, { fn: 'child', action: 'get' }, { targetIds: 'c1' }, { ok: false }]) {
    expect([filter, isServed(audit, filter, sort)]).toEqual([filter, true]);
  }
  expect(isServed(audit, { fields: 'name' }, sort)).toBe(false); // the check can say no
  expect(isServed(INDEXES.filter((i) => i.collection === 'users'), { name: '某人' })).toBe(true);
});

describe('paging', () => {
  test('pages join into the whole list with no entry twice, also where many entries share one instant', async () => {
    const at = '2023-06-01T02:00:00.000Z';
    cloud.store.insertMany('audit_logs', Array.from({ length: 25 }, () => ({ at, actorId: 'u-tie', actorRoles: [], actorOrg: null, fn: 'wish', action: 'staffGet', ok: true, targetKind: 'wish', targetIds: ['tie'], fields: [] })));
    const first = await list({ recordId: 'tie', pageSize: 10 });
    const pages = [first, await list({ recordId: 'tie', pageSize: 10, page: 2, asOf: first.asOf }), await list({ recordId: 'tie', pageSize: 10, page: 3, asOf: first.asOf })];
    const ids = pages.flatMap((p) => p.items.map((i) => i.id));
    expect(ids).toHaveLength(25);
    expect(new Set(ids).size).toBe(25);
    // the same pages again give the same rows
    expect((await list({ recordId: 'tie', pageSize: 10, page: 2, asOf: first.asOf })).items.map((i) => i.id)).toEqual(pages[1]!.items.map((i) => i.id));
  });

  test('entries written after page 1 do not shift the next pages (asOf)', async () => {
    const first = await list({ actorId: staffA(), pageSize: 5 });
    const second = await list({ actorId: staffA(), pageSize: 5, page: 2, asOf: first.asOf });
    // she reads the child again twice: two new entries, newest first
    await new Promise((r) => setTimeout(r, 5));
    await as(cloud, WHO.countyA).ok('child', 'get', { id: childId });
    await as(cloud, WHO.countyA).ok('child', 'get', { id: childId });
    const again = await list({ actorId: staffA(), pageSize: 5, page: 2, asOf: first.asOf });
    expect(again.items.map((i) => i.id)).toEqual(second.items.map((i) => i.id));
    expect(again.total).toBe(first.total);
    // a fresh page 1 sees them
    const fresh = await list({ actorId: staffA(), pageSize: 5 });
    expect(fresh.total).toBe(first.total + 2);
    expect(fresh.items[0]).toMatchObject({ action: 'get', targetIds: [childId] });
  });
});

describe('refusals', () => {
  test('only admins: staff with every permission, a volunteer and a donor are refused by the role gate', async () => {
    for (const who of [WHO.countyA, WHO.volunteer, WHO.donor]) {
      expect(await as(cloud, who).raw('account', 'listAudit', {})).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '您没有权限进行此操作' } });
      expect(await as(cloud, who).raw('account', 'listAudit', { actorId: staffA(), outcome: 'refused' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  test('bad filters get a Chinese message', async () => {
    const bad = async (input: Record<string, unknown>, message: RegExp) => {
      const res = await as(cloud, ADMIN).raw('account', 'listAudit', input as never);
      expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect((res as { error: { message: string } }).error.message).toMatch(message);
    };
    await bad({ from: '2024-02-30' }, /开始日期格式应为 YYYY-MM-DD/);
    await bad({ to: '2024/03/01' }, /结束日期格式应为 YYYY-MM-DD/);
    await bad({ from: '2024-03-02', to: '2024-03-01' }, /开始日期不能晚于结束日期/);
    await bad({ action: 'child.delete' }, /操作类型/);
    await bad({ outcome: 'maybe' }, /结果/);
  });
});
