import { startTestCloud, as } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { ORGS, setupWorld, WHO } from '../domain/child/world';
import { approvedVolunteer } from '../domain/pairing/world';
import { setClock } from '../../src/server/time';

/**
 * Concurrent check-ins are all counted by the time their answers arrive (issue 15 item 4). They used
 * to be counted in a transaction over shared counter documents: of 20 at once by one volunteer only
 * 5–7 were counted (the rest answered ok and waited for the morning repair). A check-in now writes
 * only itself and counts are read from the check-ins, so nothing is shared to conflict over.
 */
const A1 = { code: ORGS.communityA1, name: '测试社区甲一', path: ['sn', ORGS.countyA, ORGS.streetA, ORGS.communityA1] };
const T0 = Date.parse('2026-03-28T02:00:00.000Z'); // 28 March 2026 in Shanghai: March's requirements are due soon

interface World { cloud: LocalCloud; kids: string[] }

/** A fresh cloud with `volunteers` approved volunteers (the first is WHO.volunteer), each actively paired with `perVolunteer` children of 甲一 since 5 January. */
async function world(volunteers: number, perVolunteer: number): Promise<World & { openids: string[] }> {
  setClock(() => T0);
  const cloud = await startTestCloud();
  await setupWorld(cloud);
  const openids = [WHO.volunteer, ...Array.from({ length: volunteers - 1 }, (_v, i) => `conc-vol-${i}`)];
  const kids: string[] = [];
  const children = [];
  const pairings = [];
  for (const [v, openid] of openids.entries()) {
    const userId = await approvedVolunteer(cloud, openid, A1, { name: `测试妈妈${v}` });
    for (let c = 0; c < perVolunteer; c++) {
      const childId = `conc-ch${v}-${c}`;
      kids.push(childId);
      children.push({ _id: childId, programmeId: 'suining-2019', name: `测试儿童${v}${c}`, category: 'left_behind', riskLevel: 'low', orgCode: A1.code, orgPath: A1.path, status: 'active' });
      pairings.push({
        _id: `conc-pr${v}-${c}`, programmeId: 'suining-2019', status: 'active', version: 1, childId, childName: `测试儿童${v}${c}`, childCategory: 'left_behind',
        childOrgCode: A1.code, childOrgName: A1.name, orgPath: A1.path, volunteerUserId: userId, volunteerName: `测试妈妈${v}`, volunteerOrgName: A1.name,
        volunteerOrgPath: A1.path, role: 'local', reasons: [], consent: null, deadline: null, message: '', proposedAt: '2026-01-05T02:00:00.000Z', proposedBy: 'test',
        acceptedAt: '2026-01-05T02:00:00.000Z', closedAt: null, closedBy: null, events: [],
      });
    }
  }
  cloud.store.insertMany('children', children);
  cloud.store.insertMany('pairings', pairings);
  return { cloud, kids, openids };
}

let seq = 0;
const body = (childId: string, over: Record<string, unknown> = {}) => ({
  clientId: `conc-client-${seq++}`, childId, kind: 'call' as const, at: new Date(T0 - 3600_000).toISOString(), durationMinutes: 30, withWhom: '孩子', problems: '', measures: '', ...over,
});
/** What `mine` says is done for one requirement of March for one child. */
const marchDone = (mine: { children: { childId: string; items: { label: string; periodLabel: string; done: number }[] }[] }, childId: string, label: string) =>
  mine.children.find((c) => c.childId === childId)!.items.find((i) => i.label.includes(label) && i.periodLabel === '2026年3月')!.done;

afterEach(() => setClock(null));

test('20 check-ins at once by one volunteer are all counted when their answers arrive: service hours, her due list and the board agree', async () => {
  const w = await world(1, 1);
  try {
    const vol = as(w.cloud, WHO.volunteer);
    const child = w.kids[0];
    const board = async () => (await as(w.cloud, WHO.countyA).ok('visit', 'board', {})).items.find((r) => r.key === child)!;
    // before: March's contact with the child is due soon on the board
    expect((await board()).items.some((i) => i.label.includes('与孩子联系') && i.periodLabel === '2026年3月' && i.status === 'due_soon')).toBe(true);
    const answers = await Promise.all(Array.from({ length: 20 }, () => vol.ok('visit', 'checkIn', body(child))));
    expect(answers.every((a) => !a.duplicate)).toBe(true);
    expect(new Set(answers.map((a) => a.id)).size).toBe(20);
    // each answer counts itself and the others stored by the time it summed hers
    expect(answers.every((a) => a.serviceHours >= 0.5 && a.serviceHours <= 10)).toBe(true);
    const mine = await vol.ok('visit', 'mine', {});
    expect(mine.serviceHours).toBe(10); // 20 × 30 minutes
    expect(marchDone(mine, child, '与孩子联系')).toBe(20);
    const row = await board();
    expect(row.items.some((i) => i.label.includes('与孩子联系') && i.periodLabel === '2026年3月')).toBe(false); // done: no longer open
  } finally {
    await w.cloud.close();
  }
}, 60_000);

test('300 check-ins from 50 concurrent clients (5 volunteers, 10 children) are all counted', async () => {
  const w = await world(5, 2);
  try {
    const jobs = Array.from({ length: 300 }, (_j, i) => ({ openid: w.openids[i % 5], childId: w.kids[(i % 5) * 2 + (Math.floor(i / 5) % 2)], minutes: 10 + (i % 7) }));
    let next = 0;
    const client = async () => {
      while (next < jobs.length) {
        const j = jobs[next++];
        await as(w.cloud, j.openid).ok('visit', 'checkIn', body(j.childId, { durationMinutes: j.minutes }));
      }
    };
    await Promise.all(Array.from({ length: 50 }, client));
    expect(w.cloud.store.rawDocuments('visit_checkins')).toHaveLength(300);
    for (const [v, openid] of w.openids.entries()) {
      const mine = await as(w.cloud, openid).ok('visit', 'mine', {});
      const own = jobs.filter((j) => j.openid === openid);
      expect(mine.serviceHours).toBe(Math.round((own.reduce((s, j) => s + j.minutes, 0) / 60) * 10) / 10);
      for (const childId of [w.kids[v * 2], w.kids[v * 2 + 1]]) {
        expect(marchDone(mine, childId, '与孩子联系')).toBe(own.filter((j) => j.childId === childId).length);
      }
    }
    const total = (await as(w.cloud, WHO.countyA).ok('visit', 'board', { pageSize: 20 })).items;
    expect(total).toHaveLength(10);
    expect(total.every((r) => !r.items.some((i) => i.label.includes('与孩子联系') && i.periodLabel === '2026年3月'))).toBe(true);
  } finally {
    await w.cloud.close();
  }
}, 120_000);
