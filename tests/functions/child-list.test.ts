import { startTestCloud, as, ADMIN } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { newChildDoc, sealPatch } from '../../src/functions/child/store';
import type { OrgDoc } from '../../src/server/orgs';
import { benchChild } from '../../bench/children';
import { startCountingProxy } from '../../localcloud/counting-proxy';
import { db, ORGS, setupWorld, WHO } from '../domain/child/world';

/** child.list: filters, paging, and a constant number of database round trips however many children. */
let cloud: LocalCloud;
let loaded = 0;

async function load(count: number): Promise<string[]> {
  const orgs = (cloud.store.rawDocuments('orgs') as unknown as OrgDoc[]).filter((o) => [ORGS.communityA1, ORGS.communityA2, ORGS.communityB1].includes(o.code));
  const docs = [];
  for (let i = loaded; i < loaded + count; i++) docs.push(newChildDoc('suining-2019', orgs[(i % 5) % 3], sealPatch(benchChild(i)), 'test'));
  const ids = cloud.store.insertMany('children', docs);
  loaded += count;
  return ids;
}

beforeAll(async () => {
  cloud = await startTestCloud();
  await setupWorld(cloud);
  await load(60);
});
afterAll(() => cloud.close());

const list = (data: Record<string, unknown>, who = WHO.countyA) => as(cloud, who).ok('child', 'list', data as never);

test('pages cover the subtree exactly once, newest changes first', async () => {
  const inA = cloud.store.rawDocuments('children').filter((d) => (d.orgPath as string[]).includes(ORGS.countyA)).length;
  const seen: string[] = [];
  for (let page = 1; ; page++) {
    const res = await list({ page, pageSize: 7 });
    expect(res.total).toBe(inA);
    seen.push(...res.items.map((r) => r.id));
    if (res.items.length < 7) break;
  }
  expect(new Set(seen).size).toBe(inA);
  expect(seen).toHaveLength(inA);
});

test('filters: category, risk, needs, org node, name, ID number, paired', async () => {
  const all = (await list({ pageSize: 100 })).items;
  const difficult = await list({ category: 'difficult', pageSize: 100 });
  expect(difficult.total).toBe(all.filter((r) => r.category === 'difficult').length);
  expect(difficult.items.every((r) => r.categoryLabel === '困境儿童')).toBe(true);
  const high = await list({ riskLevel: 'high', needs: ['study'], pageSize: 100 });
  expect(high.items.length).toBeGreaterThan(0);
  expect(high.items.every((r) => r.riskLabel === '高风险' && r.needsLabel.includes('学习辅导'))).toBe(true);
  const community = await list({ orgCode: ORGS.communityA2, pageSize: 100 });
  expect(community.items.every((r) => r.orgName === '测试社区甲二')).toBe(true);
  expect((await list({ name: '测试儿童1' })).items.every((r) => r.name.startsWith('测试儿童1'))).toBe(true);
  const target = benchChild(4);
  const byId = await list({ idNumber: target.idNumber });
  expect(byId.items.map((r) => r.name)).toEqual([target.name]);
  await db().collection('children').where({ name: target.name }).update({ paired: true });
  expect((await list({ paired: true })).items.map((r) => r.name)).toEqual([target.name]);
  expect((await list({ paired: false })).total).toBe((await list({})).total - 1);
});

test('a list page costs the same number of round trips with 60 or 3,000 children', async () => {
  const proxy = await startCountingProxy(cloud);
  let added: string[] = [];
  const cost = async () => {
    const out: number[] = [];
    for (const input of [{}, { page: 2, pageSize: 5, riskLevel: 'low' }, { orgCode: ORGS.communityA1, needs: ['emotional'] }]) {
      await list(input); // warm the programme cache
      proxy.reset();
      await list(input);
      out.push(proxy.count());
    }
    return out;
  };
  try {
    const small = await cost();
    added = await load(3000);
    const large = await cost();
    expect(large).toEqual(small);
    expect(Math.max(...large)).toBeLessThanOrEqual(5);
  } finally {
    await proxy.close();
    // the other tests read whole lists of the 60 (pages of 100): the 3,000 go again
    cloud.store.commit(added.map((key) => ({ coll: 'children', key, doc: null })));
  }
});

test('the admin lists every area; staff of one county never see the other', async () => {
  const adminTotal = (await list({}, ADMIN)).total;
  const a = (await list({})).total;
  const b = (await list({}, WHO.countyB)).total;
  expect(a + b).toBe(adminTotal);
  expect((await list({ pageSize: 100 }, WHO.countyB)).items.every((r) => r.orgCode === ORGS.communityB1)).toBe(true);
});
