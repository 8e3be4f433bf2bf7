/**
 * @jest-environment jsdom
 */
import { installWx, loadPage, waitFor, renderAs, textOf, connect, typeInto } from '../helpers/page';
import { startTestCloud, as } from '../helpers/cloud';
import { makeStaff } from '../helpers/fixtures';
import type { LocalCloud } from '../../localcloud/server';
import { childInput } from '../domain/child/fixtures';
import { ORGS, setupWorld, WHO } from '../domain/child/world';
import { approvedVolunteer } from '../domain/pairing/world';

/** 结对 pages: the staff board (suggest, confirm all), the staff detail (consent), the volunteer's offers (decline needs a reason, accept) and her card. */
const wx = installWx() as Record<string, any>;
let cloud: LocalCloud;
let pages: Record<string, string>;
const kids: string[] = [];
const STAFF = 'pg-pairing-staff';
const text = textOf;
const settle = () => new Promise((r) => setTimeout(r, 30));
const A1 = { code: ORGS.communityA1, name: '测试社区甲一', path: ['sn', ORGS.countyA, ORGS.streetA, ORGS.communityA1] };

let volunteerId: string;

beforeAll(() => {
  pages = {
    board: loadPage('packages/staff/pages/pairing-board/index'),
    detail: loadPage('packages/staff/pages/pairing-detail/index'),
    mine: loadPage('packages/volunteer/pages/pairings/index'),
    card: loadPage('packages/volunteer/pages/pairing-card/index'),
  };
});
// each test starts from the same world (two children, one approved volunteer, no pairing) and
// brings it to the stage it needs itself
beforeEach(async () => {
  cloud = await startTestCloud();
  connect(cloud);
  await setupWorld(cloud);
  await makeStaff(cloud, STAFF, ORGS.countyA, ['pairing.manage', 'child.read']);
  kids.length = 0;
  for (let i = 0; i < 2; i++) kids.push((await as(cloud, WHO.countyA).ok('child', 'create', childInput(90 + i, A1.code))).id);
  volunteerId = await approvedVolunteer(cloud, WHO.volunteer, A1, { name: '测试妈妈页', pairingForms: ['one_to_many'] });
});
afterEach(async () => {
  jest.clearAllMocks();
  await cloud.close();
});

/** Both children proposed to the volunteer; with `consented`, the guardian's consent recorded too; with `accepted`, she has accepted. */
async function pairBoth(stage: 'proposed' | 'consented' | 'accepted') {
  const ids: string[] = [];
  for (const childId of kids) {
    const p = await as(cloud, STAFF).ok('pairing', 'propose', { childId, volunteerId });
    if (stage !== 'proposed') await as(cloud, STAFF).ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-01-02' });
    if (stage === 'accepted') await as(cloud, WHO.volunteer).ok('pairing', 'respond', { id: p.id, accept: true });
    ids.push(p.id);
  }
  return ids;
}

function render(name: string, openid: string, props: Record<string, unknown> = {}) {
  const page = renderAs(pages[name], openid, props);
  return page;
}

test('staff: suggestions with reasons, confirm all, the pairings listed', async () => {
  const page = render('board', STAFF);
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false);
  expect(text(page, '#empty')).toContain('暂无结对记录');
  page.querySelector('#suggest').dispatchEvent('tap');
  await waitFor(() => page.data.suggested === true);
  expect(page.data.suggestions).toHaveLength(2);
  expect(text(page, '#covered')).toContain('可结对2名儿童');
  expect(text(page, `#sugg-${kids[0]}`)).toContain('测试妈妈页');
  page.querySelector('#confirm-all').dispatchEvent('tap');
  await waitFor(() => page.data.message !== '' && page.data.items.length === 2);
  expect(page.data.message).toBe('已确认2对');
  expect(page.data.items.every((r: { statusLabel: string }) => r.statusLabel === '待监护人同意')).toBe(true);
  const id = page.data.items[0].id;
  page.querySelector(`#row-${id}`).dispatchEvent('tap'); // t-cell's root catches the tap and triggers click
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: `/packages/staff/pages/pairing-detail/index?id=${id}` });
});

test('staff: recording the guardian\'s consent on the detail page', async () => {
  await pairBoth('proposed');
  const list = await as(cloud, STAFF).ok('pairing', 'list', {});
  for (const row of list.items) {
    const page = render('detail', STAFF);
    page.instance.onLoad({ id: row.id });
    await waitFor(() => page.data.loading === false);
    expect(page.data.error).toBe('');
    expect(text(page, '#status')).toContain('待监护人同意');
    page.querySelector('#consent-submit').dispatchEvent('tap');
    await settle();
    expect(page.data.message).toBe('请填写监护人姓名和与儿童关系');
    typeInto(page, '#guardian', '测试祖母');
    typeInto(page, '#relation', '祖母');
    page.querySelector('#consent-submit').dispatchEvent('tap');
    await waitFor(() => page.data.card?.status === 'consented');
    expect(text(page, '#consent')).toContain('书面签字');
  }
});

test('volunteer: a decline needs a reason; accepting opens the pairing card and the care card', async () => {
  await pairBoth('consented');
  const page = render('mine', WHO.volunteer);
  page.instance.onLoad();
  await waitFor(() => page.data.loading === false);
  expect(page.data.offers).toHaveLength(2);
  const [first, second] = page.data.offers as { id: string; childId: string }[];
  expect(text(page, `#offer-${first.id}`)).toContain('前确认');
  page.querySelector(`#decline-${second.id}`).dispatchEvent('tap');
  await settle();
  page.querySelector(`#decline-${second.id}`).dispatchEvent('tap');
  await settle();
  expect(page.data.message).toBe('请填写婉拒原因');
  typeInto(page, '#reason', '时间冲突');
  page.querySelector(`#decline-${second.id}`).dispatchEvent('tap');
  await waitFor(() => page.data.past.length === 1);
  typeInto(page, `#care-${first.id}`, '孩子你好');
  page.querySelector(`#accept-${first.id}`).dispatchEvent('tap');
  await waitFor(() => page.data.active.length === 1);
  expect(page.data.message).toBe('已接受结对，感谢您的爱心');
  page.querySelector(`#active-${first.id}`).dispatchEvent('tap');
  await settle();
  expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: `/packages/volunteer/pages/pairing-card/index?id=${first.id}&childId=${first.childId}` });

  const card = render('card', WHO.volunteer);
  card.instance.onLoad({ id: first.id, childId: first.childId });
  await waitFor(() => card.data.loading === false);
  expect(card.data.error).toBe('');
  expect(text(card, '#title')).toContain('结对帮扶卡');
  expect(text(card, '#care-message')).toContain('孩子你好');
  expect(text(card, '#guardian')).toContain('测试祖母');
  expect(text(card, '#care-needs')).toBe('关爱需求学习辅导、精神关爱'); // words, not codes
  typeInto(card, '#message-input', '好好学习');
  card.querySelector('#save').dispatchEvent('tap');
  await waitFor(() => card.data.message !== '');
  expect(card.data.message).toBe('关爱寄语已保存');
});

test('volunteer: after the pairing ends, the card is gone', async () => {
  await pairBoth('accepted');
  const row = (await as(cloud, STAFF).ok('pairing', 'list', { status: 'active' })).items[0];
  await as(cloud, STAFF).ok('pairing', 'end', { id: row.id, version: row.version, reason: '测试结束' });
  const card = render('card', WHO.volunteer);
  card.instance.onLoad({ id: row.id, childId: row.childId });
  await waitFor(() => card.data.loading === false);
  expect(text(card, '#error')).toContain('没有找到');
});

test('staff: pairing by hand from the candidates, and transferring from the detail page', async () => {
  const other = await approvedVolunteer(cloud, WHO.otherVolunteer, A1, { name: '测试妈妈接手' });
  const kid = (await as(cloud, WHO.countyA).ok('child', 'create', childInput(95, A1.code))).id;
  const board = render('board', STAFF);
  board.instance.onLoad();
  await waitFor(() => board.data.loading === false);
  board.setData({ suggested: true, unmatched: [{ childId: kid, childName: '测试儿童', reason: '测试' }] });
  board.querySelector(`#pick-${kid}`).dispatchEvent('tap');
  await waitFor(() => board.data.candidates.length > 0);
  const index = board.data.candidates.findIndex((c: { volunteerId: string }) => c.volunteerId !== other);
  board.querySelector(`#cand-${index}`).dispatchEvent('tap');
  await waitFor(() => board.data.message !== '');
  expect(board.data.message).toContain('待监护人同意');

  const row = (await as(cloud, STAFF).ok('pairing', 'list', { childId: kid })).items[0];
  expect(row.volunteerId).not.toBe(other);
  await as(cloud, STAFF).ok('pairing', 'recordConsent', { id: row.id, version: row.version, guardianName: '测试祖母', relation: '祖母', method: 'phone', at: '2026-01-05' });
  await as(cloud, WHO.volunteer).ok('pairing', 'respond', { id: row.id, accept: true });
  const detail = render('detail', STAFF);
  detail.instance.onLoad({ id: row.id });
  await waitFor(() => detail.data.loading === false);
  const to = detail.data.candidates.findIndex((c: { volunteerId: string }) => c.volunteerId === other);
  expect(to).toBeGreaterThanOrEqual(0);
  detail.querySelector(`#transfer-${to}`).dispatchEvent('tap');
  await settle();
  expect(detail.data.message).toBe('请填写转交原因');
  typeInto(detail, '#reason', '原爱心妈妈外出学习');
  detail.querySelector(`#transfer-${to}`).dispatchEvent('tap');
  await waitFor(() => detail.data.card?.status === 'transferred');
  expect(detail.data.message).toBe('已转交给测试妈妈接手，待监护人同意');
  expect((await as(cloud, WHO.countyA).ok('pairing', 'list', { childId: kid, status: 'proposed' })).items[0].volunteerId).toBe(other);
});
