import { startTestCloud, as, ADMIN } from '../helpers/cloud';
import { makeStaff, setupProgramme } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { approvedVolunteer } from '../domain/pairing/world';
import * as programmes from '../../src/programmes';
import { forgetProgramme } from '../../src/server/programme';
import { setClock } from '../../src/server/time';

/**
 * The late-start grace through the functions (issue 17): a 晋江 low-risk pairing made on 10
 * December, in the last third of the fourth quarter. No preset grants the grace, so it owes that
 * quarter's visit; a programme that grants it shows the visit as 本期结对较晚，下期起计 to her
 * (visit.mine: 本期待办, 走访打卡) and to staff (the board), rather than showing nothing.
 * Programmes are presets until rules are data, so the granting one is 晋江's with the grace on.
 */
const real = programmes.getProgramme;
let cloud: LocalCloud;
afterEach(async () => {
  jest.restoreAllMocks();
  setClock(null);
  forgetProgramme();
  await cloud.close();
});

async function decemberPairing(grace: 'none' | 'last_third'): Promise<void> {
  jest.spyOn(programmes, 'getProgramme').mockImplementation((id) => {
    const p = real(id);
    return p && id === 'jinjiang-2024' ? { ...p, lateStartGrace: grace } : p;
  });
  forgetProgramme();
  setClock(() => Date.parse('2026-12-10T10:00:00+08:00'));
  cloud = await startTestCloud();
  await setupProgramme(cloud, 'jinjiang-2024');
  await makeStaff(cloud, 'jj-staff', 'jj-qingyang');
  const child = (await as(cloud, ADMIN).ok('child', 'create', { ...childInput(41, 'jj-qingyang'), riskLevel: 'low' } as never)).id;
  const v = await approvedVolunteer(cloud, 'jj-vol', { code: 'jj-qingyang', name: '青阳街道', path: ['jj', 'jj-qingyang'] });
  const p = await as(cloud, ADMIN).ok('pairing', 'propose', { childId: child, volunteerId: v });
  await as(cloud, ADMIN).ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-12-09' });
  await as(cloud, 'jj-vol').ok('pairing', 'respond', { id: p.id, accept: true });
}
const summary = (items: { label: string; periodLabel: string; status: string; statusLabel: string; remaining: number }[]) =>
  items.map((i) => `${i.periodLabel} ${i.label} ${i.status} ${i.statusLabel} ${i.remaining}`);

test('without the grace (every preset) a December pairing owes the fourth quarter\'s visit', async () => {
  await decemberPairing('none');
  const mine = await as(cloud, 'jj-vol').ok('visit', 'mine', {});
  expect(summary(mine.children[0].items)).toEqual(['2026年12月 联系一次 on_track 进行中 1', '2026年第四季度 走访一次 on_track 进行中 1']);
});

test('under the grace, the quarter\'s visit says 本期结对较晚，下期起计 to her and to staff', async () => {
  await decemberPairing('last_third');
  const mine = await as(cloud, 'jj-vol').ok('visit', 'mine', {});
  expect(summary(mine.children[0].items)).toEqual(['2026年12月 联系一次 on_track 进行中 1', '2026年第四季度 走访一次 late_start 本期结对较晚，下期起计 0']);
  const board = await as(cloud, 'jj-staff').ok('visit', 'board', { view: 'child' });
  expect(board.items[0]).toMatchObject({ worst: 'on_track', overdue: 0, dueSoon: 0, onTrack: 1 });
  expect(summary(board.items[0].items)).toEqual(['2026年第四季度 走访一次 late_start 本期结对较晚，下期起计 0']);
  // in January the new quarter is owed, and the waived one was not missed
  setClock(() => Date.parse('2027-01-05T10:00:00+08:00'));
  const january = await as(cloud, 'jj-vol').ok('visit', 'mine', {});
  expect(summary(january.children[0].items)).toEqual(['2026年12月 联系一次 overdue 已逾期 1', '2027年1月 联系一次 on_track 进行中 1', '2027年第一季度 走访一次 on_track 进行中 1']);
});
