import { startTestCloud } from '../helpers/cloud';
import { setupProgramme } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { expectNoChange, recorded, type SubmitInput } from '../domain/volunteer/fixtures';
import { idNumberFor, nameFor, phoneFor } from '../domain/volunteer/synthetic';

/**
 * 厦门 附件3: "个人、团队或单位形式参与"; the form asks 结对形式, 服务方式, 服务时间 and no ID
 * number, so duplicates are found by phone alone.
 */
let cloud: LocalCloud;

const form = (n: number, over: Partial<SubmitInput> = {}): SubmitInput => ({
  name: nameFor(n),
  sex: 'female',
  birthDate: '1978-04-02',
  employerAndPost: '测试公司 工会主席',
  homeAddress: '测试路',
  phone: phoneFor(n),
  pairingForms: ['one_to_one', 'group_activity'],
  pairingOther: '',
  serviceModes: ['phone', 'holiday'],
  serviceTimes: ['weekends'],
  skills: '绘画',
  orgCode: 'xm-siming',
  declarations: ['privacy_consent'],
  ...over,
});

/** Every test has its own cloud with 厦门 set up and no sign-up yet. */
beforeEach(async () => {
  cloud = await startTestCloud();
  await setupProgramme(cloud, 'xiamen-2017');
});
afterEach(() => cloud.close());

test('the form of 附件3: service times are required', async () => {
  const res = await expectNoChange(cloud, () => recorded(cloud, 'mum-1').raw('submit', form(1, { serviceTimes: [] })));
  expect(res).toMatchObject({ error: { message: '请至少选择一项服务时间' } });
});

test('a team signs up under its name; a unit without one is asked for it', async () => {
  await expectNoChange(cloud, () => recorded(cloud, 'unit-1').raw('submit', form(2, { applicantKind: 'unit' })));
  const { application } = await recorded(cloud, 'team-1').ok('submit', form(3, { applicantKind: 'team', groupName: '测试读书会', groupSize: 12 }));
  expect(application).toMatchObject({ applicantKind: 'team', groupName: '测试读书会', groupSize: 12, form: { serviceTimes: ['weekends'], skills: '绘画' } });
});

test('a field the programme does not ask for is not kept', async () => {
  const { application } = await recorded(cloud, 'mum-4').ok('submit', form(4, { idNumber: idNumberFor('1978-04-02', 4), education: 'bachelor' }));
  expect(application.idNumberMasked).toBeNull();
  expect(application.form.education).toBeUndefined();
});

test('without ID numbers, the phone alone finds a duplicate', async () => {
  await recorded(cloud, 'mum-4').ok('submit', form(4));
  await expectNoChange(cloud, () => recorded(cloud, 'mum-5').raw('submit', form(5, { phone: phoneFor(4) })), 'CONFLICT');
});
