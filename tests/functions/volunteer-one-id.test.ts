import { startTestCloud, as } from '../helpers/cloud';
import { makeStaff } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { ORGS, setupWorld, WHO } from '../domain/child/world';
import { suiningForm } from '../domain/volunteer/fixtures';
import { userIdFor } from '../../src/server/ids';
import { volunteerUserIdOf } from '../../src/server/caller';
import { setClock } from '../../src/server/time';

/**
 * One id for a volunteer (issue 17): the roster and the staff detail carry her user id
 * (volunteerId) beside the application's id, and the actions about her — pairing.propose,
 * suggest, transfer, report.nominate — take either, so an id pasted from the roster works.
 */
let cloud: LocalCloud;
const MUM = 'one-id-mum';
const CITY = 'one-id-city';
const STREET = 'one-id-street';
beforeEach(async () => {
  setClock(() => Date.parse('2026-01-05T10:00:00+08:00'));
  cloud = await startTestCloud();
  await setupWorld(cloud);
  await makeStaff(cloud, CITY, 'sn');
  await makeStaff(cloud, STREET, ORGS.streetA, ['commendation.manage', 'pairing.manage', 'volunteer.read']);
  const { application } = await as(cloud, MUM).ok('volunteer', 'submit', suiningForm(31, { orgCode: ORGS.communityA1, pairingForms: ['one_to_many'] }) as never);
  await as(cloud, WHO.countyA).ok('volunteer', 'review', { id: application.id, version: 1, decision: 'approve' });
  await as(cloud, CITY).ok('volunteer', 'review', { id: application.id, version: 2, decision: 'approve' });
});
afterEach(async () => {
  setClock(null);
  await cloud.close();
});

const child = async (n: number) => (await as(cloud, WHO.countyA).ok('child', 'create', childInput(n, ORGS.communityA1))).id;

test('the roster row and the detail carry her user id beside the application id', async () => {
  const [row] = (await as(cloud, WHO.countyA).ok('volunteer', 'listRoster', {})).items;
  expect(row.volunteerId).toBe(userIdFor(MUM));
  expect(row.id).toMatch(/^va/);
  const detail = (await as(cloud, WHO.countyA).ok('volunteer', 'getApplication', { id: row.id })).application;
  expect(detail.volunteerId).toBe(userIdFor(MUM));
});

test('the id the roster shows works in propose, and so does the application id pasted by mistake', async () => {
  const [row] = (await as(cloud, WHO.countyA).ok('volunteer', 'listRoster', {})).items;
  const kid = await child(51);
  // suggestions for her alone, asked with the application id
  const { suggestions } = await as(cloud, WHO.countyA).ok('pairing', 'suggest', { volunteerId: row.id });
  expect(suggestions.map((x) => [x.childId, x.volunteerId])).toEqual([[kid, userIdFor(MUM)]]);
  const first = await as(cloud, WHO.countyA).ok('pairing', 'propose', { childId: kid, volunteerId: row.volunteerId });
  expect(first.volunteerId).toBe(userIdFor(MUM));
  // her one place is free again, for the application id's turn
  await as(cloud, WHO.countyA).ok('pairing', 'cancel', { id: first.id, version: first.version, reason: '换一位儿童' });
  const second = await as(cloud, WHO.countyA).ok('pairing', 'propose', { childId: await child(52), volunteerId: row.id });
  expect(second.volunteerId).toBe(userIdFor(MUM));
});

test('a nomination takes either id and names her by her user id', async () => {
  const [row] = (await as(cloud, STREET).ok('volunteer', 'listRoster', {})).items;
  setClock(() => Date.parse('2026-05-20T10:00:00+08:00'));
  const n = await as(cloud, STREET).ok('report', 'nominate', { year: 2026, volunteerId: row.id, reason: '坚持走访' });
  expect(n.volunteerId).toBe(userIdFor(MUM));
  // the same volunteer by her user id is the same nomination (one per volunteer and year)
  const again = await as(cloud, STREET).raw('report', 'nominate', { year: 2026, volunteerId: row.volunteerId, reason: '坚持走访' });
  expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
});

test('only a well-formed application id is read as hers', () => {
  const u = userIdFor(MUM);
  expect(volunteerUserIdOf(`va${u.slice(1)}`)).toBe(u);
  expect(volunteerUserIdOf(u)).toBe(u);
  expect(volunteerUserIdOf('va123')).toBe('va123'); // not an application id: left for the action's own refusal
});
