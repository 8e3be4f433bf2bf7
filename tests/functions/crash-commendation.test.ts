import { startTestCloud, as, fireTimer } from '../helpers/cloud';
import { crashAt, startCrashProxy, writesOf, type CrashMode, type CrashProxy } from '../helpers/crash';
import { makeStaff } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { ORGS, setupWorld, WHO } from '../domain/child/world';
import { approvedVolunteer } from '../domain/pairing/world';
import { setClock } from '../../src/server/time';

/**
 * Crash injection (issue 15 item 1) for report.decide approve: the nomination's move (the commit
 * point, which records that a notice is owed), the notice (fixed id), the acceptance spent and the
 * debt cleared. Each write fails in turn, as a dying process (`dead`) and as one refused request
 * (`once`); then the approval is completed either by the approver's retry (the same request: her
 * own decision answers ok) or by the report's hourly timer, then by the other. Afterwards the
 * nomination is approved once, its notice exists exactly once, nothing is owed, and the WeChat
 * message went out exactly once, with exactly one acceptance spent for it. (A process dying
 * between spending and sending would lose the message; that window holds no database write, so no
 * k reaches it: the design sends at most once, and these crash points all send it.)
 */
const T0 = Date.parse('2026-06-10T02:00:00Z'); // 遂宁's review month
const TEMPLATE = 'local-commendation-result';
const STREET = 'staff-street-crash';
const CITY = 'staff-city-crash';
const A1 = { code: ORGS.communityA1, name: '测试社区甲一', path: ['sn', ORGS.countyA, ORGS.streetA, ORGS.communityA1] };
const MODES: CrashMode[] = ['dead', 'once'];
let cloud: LocalCloud;
let proxy: CrashProxy;
let n = 0;

beforeEach(async () => {
  setClock(() => T0);
  cloud = await startTestCloud();
  await setupWorld(cloud);
  await makeStaff(cloud, STREET, ORGS.streetA, ['commendation.manage']);
  proxy = await startCrashProxy(cloud);
  // a dying call logs INTERNAL, an unfinished approval logs what it left: both expected here
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(async () => {
  jest.restoreAllMocks();
  setClock(null);
  await proxy.close();
  await cloud.close();
});

const raw = (c: string) => cloud.store.rawDocuments(c) as Record<string, any>[];
type Subject = { id: string; openid: string; userId: string };

/** A volunteer of her own who accepted the message twice (so a second send would go out), nominated by her street (version 1). */
async function nominated(): Promise<Subject> {
  const openid = `crash-mum-${++n}`;
  const userId = await approvedVolunteer(cloud, openid, A1, { name: `测试妈妈${n}` });
  for (let i = 0; i < 2; i++) {
    cloud.wechat.acceptSubscribe(openid, [TEMPLATE]);
    await as(cloud, openid).ok('report', 'subscribe', {});
  }
  const view = await as(cloud, STREET).ok('report', 'nominate', { year: 2026, volunteerId: userId, reason: '坚持走访' });
  return { id: view.id, openid, userId };
}

const approve = (s: Subject) => as(cloud, WHO.countyA).raw('report', 'decide', { id: s.id, version: 1, decision: 'approve', reason: '事迹突出' });
const retry = async (s: Subject) => expect(await approve(s)).toMatchObject({ ok: true, data: { status: 'approved', version: 2 } });
const timer = async () => expect(await fireTimer(cloud, 'report', 'hourly')).toMatchObject({ ok: true, data: { commendations: { finished: expect.any(Number) } } });

function state(s: Subject) {
  const nom = raw('commendation_nominations').find((d) => d._id === s.id)!;
  const sub = raw('commendation_subscribers').find((d) => d._id === s.userId)!;
  return {
    status: nom.status,
    approvals: nom.history.filter((h: { event: string }) => h.event === 'approve').length,
    owed: !!nom.noticeOwed,
    notices: raw('commendation_notifications').filter((d) => d.nominationId === s.id).map((d) => [d._id, d.text]),
    sent: cloud.wechat.sent.filter((m) => m.touser === s.openid && m.templateId === TEMPLATE).length,
    credits: sub.credits,
    spentOn: sub.messaged?.y2026 ?? null,
  };
}

const done = (s: Subject, sent: number) => ({
  status: 'approved', approvals: 1, owed: false, notices: [[`${s.id}-approved`, '恭喜您被船山区评为2026年度优秀爱心妈妈']],
  sent, credits: 1, spentOn: s.id,
});

test('without a crash: four writes and the audit row, the notice and the message once; a repeat answers ok and adds nothing', async () => {
  const s = await nominated();
  expect(await writesOf(proxy, () => retry(s))).toEqual([
    'database.modifyDocument', // the move, owing the notice
    'database.insertDocument', // the notice
    'database.modifyDocument', // one acceptance spent for it
    'database.modifyDocument', // nothing owed
    'database.insertDocument', // the audit row (the gateway's, after the action)
  ]);
  expect(state(s)).toEqual(done(s, 1));
  await retry(s);
  await timer();
  expect(state(s)).toEqual(done(s, 1));
  // only her own decision repeats: another approver's, or another decision, from that version is refused
  await makeStaff(cloud, CITY, 'sn', ['commendation.manage']);
  const from1 = (who: string, decision: string) => as(cloud, who).raw('report', 'decide', { id: s.id, version: 1, decision, reason: '再议' });
  expect(await from1(CITY, 'approve')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  expect(await from1(WHO.countyA, 'return')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  expect(await as(cloud, STREET).raw('report', 'withdraw', { id: s.id, version: 1 })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  expect(state(s)).toEqual(done(s, 1));
});

describe.each([
  ['the approver\'s retry, then the timer', [retry, () => timer()]],
  ['the hourly timer, then the retry', [() => timer(), retry]],
] as const)('completed by %s', (_name, [first, second]) => {
  test('every write failing in turn leaves an approval that completes once', async () => {
    const dry = await nominated();
    const writes = await writesOf(proxy, () => approve(dry));
    expect(writes).toHaveLength(5);
    let unfinished = 0;
    for (const mode of MODES) {
      for (let k = 1; k <= writes.length; k++) {
        const s = await nominated();
        const { fired } = await crashAt(proxy, k, mode, () => approve(s));
        expect(fired).toBe(true);
        const moved = state(s).status === 'approved';
        if (moved && (state(s).notices.length === 0 || state(s).owed)) unfinished++;
        await (first as (s: Subject) => Promise<void>)(s);
        // either completer alone finishes an approval that landed
        if (moved) expect({ mode, k, after: 'first', ...state(s) }).toEqual({ mode, k, after: 'first', ...done(s, 1) });
        await (second as (s: Subject) => Promise<void>)(s);
        expect({ mode, k, ...state(s) }).toEqual({ mode, k, ...done(s, 1) });
      }
    }
    // the injection reaches approvals left unfinished (the test could fail without the follow-ups)
    expect(unfinished).toBeGreaterThan(0);
  });
});
