import { startTestCloud } from '../helpers/cloud';
import { addOrg, makeStaff, setupProgramme } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { expectNoChange, recorded, type SubmitInput } from '../domain/volunteer/fixtures';
import { nameFor, phoneFor } from '../domain/volunteer/synthetic';

/**
 * 龙岗: the street federation, then the district. A community applicant is vetted by her street;
 * the street next door sees nothing of her; the district waits for the street.
 */
let cloud: LocalCloud;
let id: string;
const form = (n: number, orgCode: string): SubmitInput => ({ name: nameFor(n), sex: 'female', birthDate: '1990-10-10', employerAndPost: '测试社区 妇联主席', phone: phoneFor(n), orgCode, declarations: ['privacy_consent'] });

beforeAll(async () => {
  cloud = await startTestCloud();
  await setupProgramme(cloud, 'longgang-2019');
  await addOrg(cloud, 'lg-buji', 'bj-c1', '测试社区一', 'community');
  await makeStaff(cloud, 'st-buji', 'lg-buji', ['volunteer.review', 'volunteer.read']);
  await makeStaff(cloud, 'st-bantian', 'lg-bantian', ['volunteer.review', 'volunteer.read']);
  await makeStaff(cloud, 'district', 'lg', ['volunteer.review', 'volunteer.read']);
  id = (await recorded(cloud, 'mum-1').ok('submit', form(1, 'bj-c1'))).application.id;
});
afterAll(() => cloud.close());

test('the street next door neither sees nor decides', async () => {
  expect((await recorded(cloud, 'st-bantian').ok('listApplications', { todo: false })).total).toBe(0);
  await expectNoChange(cloud, () => recorded(cloud, 'st-bantian').raw('getApplication', { id }), 'FORBIDDEN');
  await expectNoChange(cloud, () => recorded(cloud, 'st-bantian').raw('review', { id, version: 1, decision: 'approve' }), 'FORBIDDEN');
});

test('the district waits for the street, then decides', async () => {
  await expectNoChange(cloud, () => recorded(cloud, 'district').raw('review', { id, version: 1, decision: 'approve' }), 'FORBIDDEN');
  const street = await recorded(cloud, 'st-buji').ok('review', { id, version: 1, decision: 'approve', opinion: '情况属实' });
  expect(street.application).toMatchObject({ status: 'district_approved', currentStepLabel: '区妇联审核意见' });
  const done = await recorded(cloud, 'district').ok('review', { id, version: 2, decision: 'approve' });
  expect(done.application.volunteerNumber).toMatch(/^LG\d{4}00001$/);
  expect(done.application.steps.map((s: { orgName: string; decision: string }) => `${s.orgName}:${s.decision}`)).toEqual(['布吉街道:approve', '龙岗区:approve']);
});

test('the district rejects at its own step', async () => {
  const other = (await recorded(cloud, 'mum-2').ok('submit', form(2, 'lg-buji'))).application.id;
  await recorded(cloud, 'st-buji').ok('review', { id: other, version: 1, decision: 'approve' });
  const res = await recorded(cloud, 'district').ok('review', { id: other, version: 2, decision: 'reject', opinion: '名额已满' });
  expect(res.application).toMatchObject({ status: 'rejected', rejectReason: '名额已满' });
  expect((await recorded(cloud, 'mum-2').ok('mine', {})).application.rejectReason).toBe('名额已满');
});
