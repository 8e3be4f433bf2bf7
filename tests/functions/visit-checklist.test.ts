import { startTestCloud, as, ADMIN } from '../helpers/cloud';
import { addOrg, setupProgramme } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { approvedVolunteer } from '../domain/pairing/world';
import { getProgramme } from '../../src/programmes';
import { forgetProgramme } from '../../src/server/programme';
import { setClock } from '../../src/server/time';

/**
 * 岳阳's 本地 rule counts “一看二联三问四帮” once a year (checklistCount 1): a home visit with every
 * item ticked counts, one with some ticked is logged and not counted, the year ends at China midnight.
 * Through the local cloud: the stored counter keys, the volunteer's 本期待办 (visit.mine), the staff
 * board and the dashboard's requirement row.
 */
const err = (res: unknown) => (res as { error?: { code: string; message: string } }).error;
const ALL = getProgramme('yueyang-2024')!.visitRules.find((r) => r.key === 'local_checklist')!.checklist.map((c) => c.key);
const SOME = ALL.filter((k) => k !== 'help_meal');
const LABEL = '“一看二联三问四帮”检查 1 次';
let clock = Date.parse('2025-09-01T02:00:00.000Z');
let seq = 0;
const checkIn = (cloud: LocalCloud, openid: string, childId: string, kind: string, at: string, checklist: string[]) =>
  as(cloud, openid).raw('visit', 'checkIn', { clientId: `cl-client-${seq++}`, childId, kind, at, durationMinutes: 30, checklist });
const keysOf = (cloud: LocalCloud, id: string) => (cloud.store.rawDocuments('visit_checkins') as { _id: string; keys: string[] }[]).find((d) => d._id === id)!.keys;

afterEach(() => setClock(null));

describe('岳阳: “一看二联三问四帮” counted once a year for local volunteers', () => {
  let cloud: LocalCloud;
  let child = '';
  beforeEach(async () => {
    forgetProgramme();
    clock = Date.parse('2025-09-01T02:00:00.000Z');
    setClock(() => clock);
    cloud = await startTestCloud();
    await setupProgramme(cloud, 'yueyang-2024');
    await addOrg(cloud, 'yy-junshan', 'yy-js-st', '测试镇', 'street');
    await addOrg(cloud, 'yy-js-st', 'yy-js-c1', '测试村一', 'community');
    child = (await as(cloud, ADMIN).ok('child', 'create', childInput(72, 'yy-js-c1'))).id;
    const local = await approvedVolunteer(cloud, 'yy-local', { code: 'yy-js-c1', name: '测试村一', path: ['yy', 'yy-junshan', 'yy-js-st', 'yy-js-c1'] }, { teamKind: 'local' });
    const p = await as(cloud, ADMIN).ok('pairing', 'propose', { childId: child, volunteerId: local });
    await as(cloud, ADMIN).ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2025-09-01' });
    await as(cloud, 'yy-local').ok('pairing', 'respond', { id: p.id, accept: true });
  });
  afterEach(() => cloud.close());

  const due = async () => (await as(cloud, 'yy-local').ok('visit', 'mine', {})).children[0].items;

  test('a home visit with the checklist filled counts; a partly ticked one and a call do not', async () => {
    clock = Date.parse('2025-10-10T02:00:00.000Z');
    expect(await due()).toMatchObject([{ label: LABEL, periodLabel: '2025年', required: 1, done: 0, remaining: 1, status: 'on_track', dueDate: '2025-12-31' }]);
    // her check-in page is told the checklist counts only when every item is ticked
    expect((await as(cloud, 'yy-local').ok('visit', 'mine', {})).children[0].checklistCounted).toBe(true);
    const partial = (await as(cloud, 'yy-local').ok('visit', 'checkIn', { clientId: 'cl-partial-01', childId: child, kind: 'home_visit', at: '2025-10-09T02:00:00.000Z', durationMinutes: 40, checklist: SOME })).id;
    expect(keysOf(cloud, partial)).toEqual(['remote_six_ones.0:2025']); // the remote rule's counter, read by no local pairing
    expect((await due())[0]).toMatchObject({ done: 0, remaining: 1 });
    // the staff board counts it as owed (on track: listed by name only once due soon or overdue)
    const row = async () => (await as(cloud, ADMIN).ok('visit', 'board', {})).items.find((r) => r.key === child)!;
    expect(await row()).toMatchObject({ worst: 'on_track', onTrack: 1, overdue: 0 });

    const full = (await as(cloud, 'yy-local').ok('visit', 'checkIn', { clientId: 'cl-full-0001', childId: child, kind: 'home_visit', at: '2025-10-10T01:00:00.000Z', durationMinutes: 40, checklist: ALL })).id;
    expect(keysOf(cloud, full)).toEqual(['remote_six_ones.0:2025', `local_checklist.0:2025`]);
    expect((await due())[0]).toMatchObject({ label: LABEL, done: 1, remaining: 0, status: 'done' });
    expect(await row()).toMatchObject({ worst: 'done', onTrack: 0, items: [] });

    // the dashboard counts it where the requirements are: one local pairing owes 1, 1 done
    const dash = await as(cloud, ADMIN).ok('report', 'dashboard', {});
    expect(dash.figures.visits.requirements.find((r) => r.label === LABEL)).toMatchObject({ pairings: 1, required: 1, done: 1 });
  });

  test('a correction that ticks the rest makes the visit count, and unticking takes it back', async () => {
    clock = Date.parse('2025-10-10T02:00:00.000Z');
    const id = (await as(cloud, 'yy-local').ok('visit', 'checkIn', { clientId: 'cl-fix-0001', childId: child, kind: 'home_visit', at: '2025-10-10T01:00:00.000Z', durationMinutes: 40, checklist: SOME })).id;
    expect((await due())[0].done).toBe(0);
    const body = { kind: 'home_visit' as const, at: '2025-10-10T01:00:00.000Z', durationMinutes: 40 };
    await as(cloud, 'yy-local').ok('visit', 'correct', { id, version: 1, ...body, checklist: ALL, reason: '补充检查项' });
    expect(keysOf(cloud, id)).toContain('local_checklist.0:2025');
    expect((await due())[0].done).toBe(1);
    await as(cloud, 'yy-local').ok('visit', 'correct', { id, version: 2, ...body, checklist: [], reason: '勾选有误' });
    expect((await due())[0].done).toBe(0);
  });

  test('the year ends at China midnight: a full visit at 23:59 on 31 December is last year\'s', async () => {
    clock = Date.parse('2026-01-02T02:00:00.000Z');
    expect(err(await checkIn(cloud, 'yy-local', child, 'home_visit', '2025-12-31T15:59:00.000Z', ALL))).toBeUndefined(); // 23:59 on 31 Dec
    let items = await due();
    // 2025 is done (not reported), 2026 still owed
    expect(items.map((i) => [i.periodLabel, i.status, i.done])).toEqual([['2026年', 'on_track', 0]]);
    expect(err(await checkIn(cloud, 'yy-local', child, 'home_visit', '2025-12-31T16:00:00.000Z', ALL))).toBeUndefined(); // 00:00 on 1 Jan
    items = await due();
    expect(items.map((i) => [i.periodLabel, i.status, i.done])).toEqual([['2026年', 'done', 1]]);
  });

  test('a year without a full visit is overdue after it ends', async () => {
    clock = Date.parse('2026-01-02T02:00:00.000Z');
    expect(err(await checkIn(cloud, 'yy-local', child, 'home_visit', '2025-12-30T02:00:00.000Z', SOME))).toBeUndefined();
    expect((await due()).map((i) => [i.periodLabel, i.status, i.done])).toEqual([['2025年', 'overdue', 0], ['2026年', 'on_track', 0]]);
    const board = await as(cloud, ADMIN).ok('visit', 'board', {});
    expect(board.items.find((r) => r.key === child)).toMatchObject({ worst: 'overdue', overdue: 1, items: [{ label: LABEL, periodLabel: '2025年', status: 'overdue', done: 0, required: 1 }] });
  });
});
