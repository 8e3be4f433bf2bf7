import { startTestCloud, as } from '../helpers/cloud';
import { addOrg, makeStaff, setupProgramme } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { suiningForm } from '../domain/volunteer/fixtures';

/**
 * Subscribe-message keys as configuration, end to end: the volunteer function sends the review
 * result through the local cloud's WeChat, which knows each template's keys and types and answers
 * 47003 on a key it does not have, as WeChat does. A federation whose template has other keys sets
 * VOLUNTEER_RESULT_TEMPLATE_FIELDS; a mapping of the wrong keyword type sends nothing and says why.
 */
let cloud: LocalCloud;
const VARS = ['VOLUNTEER_RESULT_TEMPLATE_ID', 'VOLUNTEER_RESULT_TEMPLATE_FIELDS'] as const;
const saved = Object.fromEntries(VARS.map((v) => [v, process.env[v]]));
// a template as the WeChat console might offer it: the same kinds of keyword at other places
const REMAPPED = 'tpl-remapped-result';

beforeAll(async () => {
  cloud = await startTestCloud();
  cloud.wechat.templates.set(REMAPPED, { title: '审核结果通知', fields: { thing5: 'thing', phrase8: 'phrase', thing2: 'thing', time11: 'time' } });
  await setupProgramme(cloud, 'suining-2019');
  await addOrg(cloud, 'sn-anju', 'an-st1', '测试街道一', 'street');
  await makeStaff(cloud, 'tpl-reviewer', 'sn-anju', ['volunteer.review', 'volunteer.read']);
  process.env.VOLUNTEER_RESULT_TEMPLATE_ID = REMAPPED;
});
afterEach(() => jest.restoreAllMocks());
afterAll(async () => {
  for (const v of VARS) {
    if (saved[v] === undefined) delete process.env[v];
    else process.env[v] = saved[v];
  }
  await cloud.close();
});

/** She opens the form, accepts what it offers (wx.requestSubscribeMessage), submits; the county approves. */
async function applyAndApprove(openid: string, n: number): Promise<string[]> {
  const form = await as(cloud, openid).ok('volunteer', 'getSignupForm', {});
  if (form.subscribeTemplateIds.length) cloud.wechat.acceptSubscribe(openid, form.subscribeTemplateIds);
  const { application } = await as(cloud, openid).ok('volunteer', 'submit', suiningForm(n, { subscribed: form.subscribeTemplateIds.length > 0 }));
  await as(cloud, 'tpl-reviewer').ok('volunteer', 'review', { id: application.id, version: 1, decision: 'approve', opinion: '同意' });
  return form.subscribeTemplateIds;
}

test('keys mapped to the template\'s own: the message goes out under them and WeChat takes it', async () => {
  process.env.VOLUNTEER_RESULT_TEMPLATE_FIELDS = 'subject=thing5,result=phrase8,note=thing2,at=time11';
  const error = jest.spyOn(console, 'error');
  const warn = jest.spyOn(console, 'warn');
  expect(await applyAndApprove('tpl-mum-1', 11)).toEqual([REMAPPED]);
  const sent = cloud.wechat.sent.filter((m) => m.touser === 'tpl-mum-1');
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatchObject({ templateId: REMAPPED, page: 'pages/volunteer-status/index' });
  expect(Object.keys(sent[0]!.data).sort()).toEqual(['phrase8', 'thing2', 'thing5', 'time11']);
  expect(sent[0]!.data).toMatchObject({ thing5: { value: '爱心妈妈报名审核' }, phrase8: { value: '审核中' }, thing2: { value: '县区（园区）妇联意见已通过' } });
  expect(sent[0]!.data.time11!.value).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
  expect(cloud.wechat.acceptancesOf('tpl-mum-1', REMAPPED)).toBe(0);
  expect(error).not.toHaveBeenCalled();
  expect(warn).not.toHaveBeenCalled(); // no 47003 from WeChat
});

test('the default keys against this template are what WeChat refuses (47003): the mapping is what makes it work', async () => {
  delete process.env.VOLUNTEER_RESULT_TEMPLATE_FIELDS;
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  await applyAndApprove('tpl-mum-2', 12);
  expect(cloud.wechat.sent.filter((m) => m.touser === 'tpl-mum-2')).toEqual([]);
  expect(warn).toHaveBeenCalledWith('[subscribe]', 'data rejected', REMAPPED, expect.any(String), 'argument invalid! data.thing1 is not in the template');
  expect(cloud.wechat.acceptancesOf('tpl-mum-2', REMAPPED)).toBe(1);
});

test('a key of the wrong keyword type: the review goes through, nothing is sent or offered, one error says why', async () => {
  process.env.VOLUNTEER_RESULT_TEMPLATE_FIELDS = 'subject=thing5,result=thing8,note=thing2,at=time11';
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  cloud.wechat.acceptSubscribe('tpl-mum-3', [REMAPPED]); // an acceptance from before the mapping went wrong
  expect(await applyAndApprove('tpl-mum-3', 13)).toEqual([]);
  expect((await as(cloud, 'tpl-mum-3').ok('volunteer', 'mine', {})).application).toMatchObject({ status: 'district_approved' });
  expect(cloud.wechat.sent.filter((m) => m.touser === 'tpl-mum-3')).toEqual([]);
  expect(cloud.wechat.acceptancesOf('tpl-mum-3', REMAPPED)).toBe(1);
  expect(error.mock.calls).toEqual([[
    '[subscribe]', 'VOLUNTEER_RESULT is not sent until its configuration is fixed:',
    'VOLUNTEER_RESULT_TEMPLATE_FIELDS: result=thing8 needs a phrase keyword (e.g. phrase2), not thing',
  ]]);
});
