import { startTestCloud, as, snapshot } from '../helpers/cloud';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { ORGS, setupWorld, WHO } from '../domain/child/world';
import { approvedVolunteer } from '../domain/pairing/world';
import type { z } from 'zod';
import { contract } from '../../src/contract';
import { setClock } from '../../src/server/time';

/**
 * CONFLICT with the current values (issue 15): a correction from a stale version and a changed
 * replay of a check-in answer what is stored (error.details.current, the check-in as its volunteer
 * sees it), through the action's declared `conflict` schema, so the page can show both; applying
 * hers on top is a new correction with that version. An action without a declared payload answers none.
 */
let cloud: LocalCloud;
let childId = '';
const A1 = { code: ORGS.communityA1, name: '测试社区甲一', path: ['sn', ORGS.countyA, ORGS.streetA, ORGS.communityA1] };
const T0 = Date.parse('2026-03-10T02:00:00.000Z');
const vol = () => as(cloud, WHO.volunteer);
type Err = { code: string; message: string; details?: { current: Record<string, unknown> } };
const err = (res: unknown) => (res as { error?: Err }).error;
const body = (over: Record<string, unknown> = {}) => ({ kind: 'call' as const, at: new Date(T0 - 3600_000).toISOString(), durationMinutes: 30, withWhom: '孩子', problems: '', measures: '', ...over });

beforeEach(async () => {
  setClock(() => Date.parse('2026-01-05T02:00:00.000Z'));
  cloud = await startTestCloud();
  await setupWorld(cloud);
  childId = (await as(cloud, WHO.countyA).ok('child', 'create', childInput(80, A1.code))).id;
  const v = await approvedVolunteer(cloud, WHO.volunteer, A1, { name: '测试妈妈一' });
  const p = await as(cloud, WHO.countyA).ok('pairing', 'propose', { childId, volunteerId: v });
  await as(cloud, WHO.countyA).ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-01-02' });
  await vol().ok('pairing', 'respond', { id: p.id, accept: true });
  setClock(() => T0);
});
afterEach(async () => {
  setClock(null);
  await cloud.close();
});

/** The fields CheckInView declares: nothing stored beside them (hash, keys, revisions, org path) leaves. */
const VIEW_KEYS = Object.keys((contract.visit.timeline.output as unknown as z.ZodObject<{ items: z.ZodArray<z.ZodObject<z.ZodRawShape>> }>).shape.items.element.shape).sort();

test('a stale correction answers the record as it stands; hers applied on top with that version goes through', async () => {
  const { id } = await vol().ok('visit', 'checkIn', { clientId: 'conflict-c1', childId, ...body() });
  // another page corrected it meanwhile
  await vol().ok('visit', 'correct', { id, version: 1, ...body({ durationMinutes: 40, problems: '作业多' }), reason: '时长记错了' });
  const before = snapshot(cloud);
  const stale = err(await vol().raw('visit', 'correct', { id, version: 1, ...body({ measures: '陪她写作业' }), reason: '补充措施' }))!;
  expect(stale).toMatchObject({ code: 'CONFLICT', message: '记录已被修改，请刷新后再改' });
  expect(stale.details!.current).toMatchObject({ id, version: 2, durationMinutes: 40, problems: '作业多', measures: '', mine: true, editable: true, corrected: true, kindLabel: '电话/微信' });
  expect(Object.keys(stale.details!.current).sort()).toEqual(VIEW_KEYS);
  expect(snapshot(cloud)).toBe(before);
  // her edit on top of what is stored, with the version it answered
  const cur = stale.details!.current as ReturnType<typeof body> & { version: number };
  expect(await vol().ok('visit', 'correct', { id, version: cur.version, ...body({ durationMinutes: cur.durationMinutes, problems: cur.problems, measures: '陪她写作业' }), reason: '补充措施' })).toMatchObject({ applied: true });
  expect(cloud.store.rawDocuments('visit_checkins')[0]).toMatchObject({ version: 3, durationMinutes: 40, problems: '作业多', measures: '陪她写作业' });
});

test('a changed replay under a known clientId answers the record already stored and saves nothing', async () => {
  const first = await vol().ok('visit', 'checkIn', { clientId: 'conflict-c2', childId, ...body({ problems: '作业没写完' }) });
  const before = snapshot(cloud);
  const changed = err(await vol().raw('visit', 'checkIn', { clientId: 'conflict-c2', childId, ...body({ problems: '作业已补完', durationMinutes: 45 }) }))!;
  expect(changed).toMatchObject({ code: 'CONFLICT', message: '这条走访记录已经提交过，内容与之前不同，本次修改未保存；如需修改，请在走访记录中更正' });
  expect(changed.details!.current).toMatchObject({ id: first.id, version: 1, problems: '作业没写完', durationMinutes: 30, mine: true });
  expect(Object.keys(changed.details!.current).sort()).toEqual(VIEW_KEYS);
  expect(snapshot(cloud)).toBe(before);
});
