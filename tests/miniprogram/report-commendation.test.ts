/**
 * @jest-environment jsdom
 */
import { installWx, loadPage, waitFor, renderAs, textOf, connect, tap, subscribeAnswers, subscribeFails, typeInto } from '../helpers/page';
import { startTestCloud, as } from '../helpers/cloud';
import { makeStaff } from '../helpers/fixtures';
import { entriesFor } from '../../miniprogram/services/entries';
import type { LocalCloud } from '../../localcloud/server';
import { ORGS, setupWorld, WHO } from '../domain/child/world';
import { approvedVolunteer } from '../domain/pairing/world';
import { userIdFor } from '../../src/server/ids';
import { setClock } from '../../src/server/time';
import { drawCertificate } from '../../miniprogram/packages/report/pages/honours/certificate';

/** 评优表扬 (staff: shortlist, nominate, 待我审批) and 我的荣誉 (the volunteer's certificate card, share, subscribe). */
const wx = installWx() as Record<string, any>;
let cloud: LocalCloud;
let staffPage: string;
let honoursPage: string;
const STREET = 'staff-street-page';
const text = textOf;
const v1 = userIdFor(WHO.volunteer);

beforeAll(() => {
  staffPage = loadPage('packages/report/pages/commendation/index');
  honoursPage = loadPage('packages/report/pages/honours/index');
});
// each test has its own cloud on 10 June 2026 with two approved volunteers and no nomination
beforeEach(async () => {
  setClock(() => Date.parse('2026-06-10T02:00:00.000Z'));
  cloud = await startTestCloud();
  connect(cloud);
  await setupWorld(cloud);
  await makeStaff(cloud, STREET, ORGS.streetA, ['commendation.manage']);
  const A1 = { code: ORGS.communityA1, name: '测试社区甲一', path: ['sn', ORGS.countyA, ORGS.streetA, ORGS.communityA1] };
  await approvedVolunteer(cloud, WHO.volunteer, A1, { name: '测试妈妈一' });
  await approvedVolunteer(cloud, WHO.otherVolunteer, A1, { name: '测试妈妈二' });
});
afterEach(async () => {
  setClock(null);
  jest.clearAllMocks();
  await cloud.close();
});

/** The street nominates 测试妈妈一 (as on its page). */
const nominated = () => as(cloud, STREET).ok('report', 'nominate', { year: 2026, volunteerId: v1, reason: '热心参与结对关爱' });
/** Nominated and approved by the county: she is commended. */
async function commended() {
  await nominated();
  const nom = (await as(cloud, WHO.countyA).ok('report', 'nominations', { year: 2026, view: 'toApprove' })).items[0];
  await as(cloud, WHO.countyA).ok('report', 'decide', { id: nom.id, version: nom.version, decision: 'approve' });
}

test('home tiles: 评优表扬 for staff holding commendation.manage, 我的荣誉 for volunteers', () => {
  const keys = (v: Parameters<typeof entriesFor>[0]) => entriesFor(v).map((e) => e.key);
  expect(keys({ roles: ['staff'], permissions: ['commendation.manage'], isAdmin: false, isApplicant: false })).toContain('report-commendation');
  expect(keys({ roles: ['staff'], permissions: ['report.read'], isAdmin: false, isApplicant: false })).not.toContain('report-commendation');
  expect(keys({ roles: ['volunteer'], permissions: [], isAdmin: false, isApplicant: false })).toContain('report-honours');
});

test('the street sees its ranked shortlist with the evidence and nominates with a reason', async () => {
  const page = renderAs(staffPage, STREET);
  page.instance.onLoad({});
  await waitFor(() => page.data.loading === false && page.data.rows.length === 2);
  expect(text(page, '#head')).toContain('2026年度优秀爱心妈妈评选');
  expect(text(page, '#head')).toContain('统计期：2025年6月1日—2026年5月31日');
  expect(text(page, `#row-${v1}`)).toContain('测试妈妈一');
  expect(text(page, `#row-${v1}`)).toContain('走访联系完成率：无应完成项，打卡0次');
  page.querySelector(`#nominate-${v1}`).dispatchEvent('tap');
  await waitFor(() => page.data.message === '请填写推荐理由');
  typeInto(page, `#reason-${v1}`, '热心参与结对关爱');
  page.querySelector(`#nominate-${v1}`).dispatchEvent('tap');
  await waitFor(() => page.data.message === '已推荐，等待上级妇联审批' && page.data.loading === false);
  await waitFor(() => text(page, `#state-${v1}`) !== '');
  expect(text(page, `#state-${v1}`)).toBe('测试街道甲已推荐 · 待审批');
  expect(page.querySelector(`#nominate-${v1}`)).toBeFalsy();
});

test('the county approves in 待我审批: an opinion is needed to return', async () => {
  await nominated();
  const page = renderAs(staffPage, WHO.countyA);
  page.instance.onLoad({});
  await waitFor(() => page.data.loading === false && page.data.toApprove === 1);
  expect(text(page, '#tab-toApprove')).toBe('待我审批（1）');
  page.querySelector('#tab-toApprove').dispatchEvent('tap');
  await waitFor(() => page.data.loading === false && page.data.noms.length === 1);
  const id = page.data.noms[0].id;
  expect(text(page, `#nom-${id}`)).toContain('推荐理由：热心参与结对关爱');
  page.querySelector(`#return-${id}`).dispatchEvent('tap');
  await waitFor(() => page.data.message === '退回时请填写审批意见');
  page.querySelector(`#approve-${id}`).dispatchEvent('tap');
  await waitFor(() => page.data.message === '已通过，将通知爱心妈妈' && page.data.loading === false);
  await waitFor(() => page.data.noms.length === 0);
  expect(text(page, '#empty')).toBe('没有待审批的推荐');
  expect(text(page, '#tab-toApprove')).toBe('待我审批');
});

test('the volunteer sees her certificate, shares it and subscribes', async () => {
  await commended();
  const page = renderAs(honoursPage, WHO.volunteer);
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false && page.data.items.length === 1);
  const cert = text(page, '#certificate');
  expect(cert).toContain('荣誉证书');
  expect(cert).toContain('测试妈妈一同志：');
  expect(text(page, '#cert-title')).toBe('“2026年度优秀爱心妈妈”');
  expect(cert).toContain('船山区');
  expect(cert).toContain('2026年6月10日');
  expect(text(page, '#notice-0')).toBe('恭喜您被船山区评为2026年度优秀爱心妈妈');
  const share = page.instance.onShareAppMessage();
  const path = `/packages/report/pages/honours/index?id=${encodeURIComponent(page.data.items[0].id)}`;
  expect(share).toMatchObject({ title: '测试妈妈一荣获“2026年度优秀爱心妈妈”', path });
  // no canvas under test: the card falls back to the title without an image
  await expect(share.promise).resolves.toEqual({ title: '测试妈妈一荣获“2026年度优秀爱心妈妈”', path });
  expect(text(page, '#share')).toBe('分享给亲友');
  page.querySelector('#save').dispatchEvent('tap'); // no canvas under test: she is told how else to keep it
  await waitFor(() => page.data.message !== '');
  expect(page.data.message).toBe('暂时无法保存图片，可以截屏保存证书');
  page.querySelector('#subscribe').dispatchEvent('tap');
  await waitFor(() => page.data.message === '已订阅，获得表扬时将通过微信通知您');
  expect(wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['local-commendation-result'] }));
  expect(cloud.store.rawDocuments('commendation_subscribers')).toEqual([expect.objectContaining({ _id: v1, credits: 1 })]);
});

test('family opening the shared card see that certificate only; a made-up or unapproved id shows nothing', async () => {
  await commended();
  const mine = await as(cloud, WHO.volunteer).ok('report', 'mine', {});
  const id = mine.items[0].id;
  const page = renderAs(honoursPage, 'family-member-of-v1'); // any WeChat user
  page.instance.onLoad({ id: encodeURIComponent(id) });
  await waitFor(() => page.data.loading === false && !!page.data.cert);
  expect(text(page, '#certificate')).toContain('测试妈妈一同志：');
  expect(text(page, '#cert-title')).toBe('“2026年度优秀爱心妈妈”');
  expect(page.querySelector('#subscribe')).toBeFalsy();
  expect(page.querySelector('#notice-0')).toBeFalsy();
  const res = await as(cloud, 'family-member-of-v1').ok('report', 'certificate', { id });
  expect(Object.keys(res).sort()).toEqual(['date', 'id', 'name', 'orgName', 'title', 'year']);
  const other = renderAs(honoursPage, 'family-member-of-v1');
  other.instance.onLoad({ id: 'cm-2026-unknown' });
  await waitFor(() => other.data.loading === false && other.data.error !== '');
  expect(text(other, '#error')).toBe('没有找到这张荣誉证书');
  expect(other.querySelector('#certificate')).toBeFalsy();
});

test('a volunteer without a commendation is encouraged, not shown a card', async () => {
  const page = renderAs(honoursPage, WHO.otherVolunteer);
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false && text(page, '#empty') !== '');
  expect(text(page, '#empty')).toContain('还没有获得表扬');
  expect(page.querySelector('#certificate')).toBeFalsy();
});

test('the certificate image carries the same lines as the card', async () => {
  const texts: string[] = [];
  const ctx = new Proxy({ fillText: (t: string) => void texts.push(t) } as Record<string, unknown>, {
    get: (target, key) => (key in target ? target[key as string] : () => undefined),
    set: () => true,
  });
  const canvas = { width: 0, height: 0, getContext: () => ctx as unknown as CanvasRenderingContext2D };
  const honour = { id: 'x', year: 2026, title: '2026年度优秀爱心妈妈', name: '测试妈妈一', orgName: '船山区', date: '2026-06-10' };
  const path = await drawCertificate(canvas, honour, async () => 'tmp://cert.png');
  expect(path).toBe('tmp://cert.png');
  expect([canvas.width, canvas.height]).toEqual([600, 800]);
  expect(texts).toEqual(expect.arrayContaining(['荣誉证书', '测试妈妈一同志：', '“2026年度优秀爱心妈妈”', '特发此证，以资鼓励。', '船山区', '2026年6月10日']));
  expect(texts.join('')).toContain('被评为');
});

for (const [how, answer] of [
  ['declined on the prompt', () => subscribeAnswers(wx, 'reject')],
  ['the prompt fails (errCode 20004, subscriptions switched off)', () => subscribeFails(wx)],
] as const) {
  test(`subscribing ${how}: she is told she is not subscribed, and nothing is recorded`, async () => {
    await commended();
    const page = renderAs(honoursPage, WHO.volunteer);
    page.instance.onLoad();
    await waitFor(() => page.data.loading === false && page.data.items.length === 1);
    answer();
    tap(page, '#subscribe');
    await waitFor(() => page.data.message !== '');
    expect(wx.requestSubscribeMessage).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['local-commendation-result'] }));
    expect(text(page, '#message')).toBe('未订阅，获得表扬时仍可在这里查看');
    expect(cloud.store.rawDocuments('commendation_subscribers')).toEqual([]);
  });
}
