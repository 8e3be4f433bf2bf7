import { startTestCloud, as } from '../helpers/cloud';
import { crashAt, startCrashProxy, writesOf, type CrashMode, type CrashProxy } from '../helpers/crash';
import type { LocalCloud } from '../../localcloud/server';
import { addOrg, makeStaff, setupProgramme } from '../helpers/fixtures';
import { suiningForm } from '../domain/volunteer/fixtures';
import { userIdFor } from '../../src/server/ids';

/**
 * Crash injection (issue 15 item 3) for the final approval: each of its writes failing in turn
 * (the number's reservation, the application, the audit entry; her user row is not written by the
 * review but by her next call), as a dying process and as one refused request; then the reviewer
 * retries and she opens her status. Numbers are never handed out twice, never skipped by a retry,
 * and she ends up a volunteer with the role.
 */
let cloud: LocalCloud;
let proxy: CrashProxy;
let n = 0;
const MODES: CrashMode[] = ['dead', 'once'];

beforeEach(async () => {
  cloud = await startTestCloud();
  await setupProgramme(cloud, 'suining-2019');
  await addOrg(cloud, 'sn-anju', 'an-st1', '测试街道一', 'street');
  await makeStaff(cloud, 'cr-county', 'sn-anju', ['volunteer.review', 'volunteer.read']);
  await makeStaff(cloud, 'cr-city', 'sn', ['volunteer.review', 'volunteer.read']);
  proxy = await startCrashProxy(cloud);
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(async () => {
  jest.restoreAllMocks();
  await proxy.close();
  await cloud.close();
});

/** An applicant past her county's step: the city's approval is next. */
async function atFinalStep(): Promise<{ who: string; id: string }> {
  const who = `cr-mum-${n}`;
  const { id } = (await as(cloud, who).ok('volunteer', 'submit', suiningForm(40 + n++, { orgCode: 'an-st1' }))).application;
  await as(cloud, 'cr-county').ok('volunteer', 'review', { id, version: 1, decision: 'approve', opinion: '同意' });
  return { who, id };
}
const approve = (id: string) => as(cloud, 'cr-city').raw('volunteer', 'review', { id, version: 2, decision: 'approve', opinion: '欢迎' });
const apps = () => cloud.store.rawDocuments('volunteer_applications') as { _id: string; userId: string; status: string; volunteerNumber: string | null }[];

test('a final approval stopped at any write is finished by a retry: unique numbers, none skipped, the role given', async () => {
  // the first approval also creates this year's counter: measure a later one
  expect(await approve((await atFinalStep()).id)).toMatchObject({ ok: true });
  const dry = await atFinalStep();
  const writes = await writesOf(proxy, () => approve(dry.id));
  expect(writes.length).toBeGreaterThanOrEqual(3);
  let approvals = 2;
  for (const mode of MODES) {
    for (let k = 1; k <= writes.length; k++) {
      const { who, id } = await atFinalStep();
      const { fired } = await crashAt(proxy, k, mode, () => approve(id));
      expect(fired).toBe(true);
      // the reviewer retries while the application still waits for her step
      if (apps().find((a) => a._id === id)!.status !== 'approved') expect(await approve(id)).toMatchObject({ ok: true });
      approvals++;
      // she opens her status: her user row is brought level if the stop came before it
      expect((await as(cloud, who).ok('volunteer', 'mine', {})).application?.status).toBe('approved');
      const user = cloud.store.rawDocuments('users').find((u) => u._id === userIdFor(who)) as { roles: string[]; volunteerStatus: string };
      expect({ mode, k, roles: user.roles.includes('volunteer'), status: user.volunteerStatus }).toEqual({ mode, k, roles: true, status: 'approved' });
      const numbers = apps().filter((a) => a.volunteerNumber).map((a) => Number(a.volunteerNumber!.slice(-5))).sort((a, b) => a - b);
      // one number per approval, none twice, none skipped
      expect({ mode, k, numbers }).toEqual({ mode, k, numbers: Array.from({ length: approvals }, (_, i) => i + 1) });
    }
  }
});
