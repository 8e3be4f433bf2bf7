import ExcelJS from 'exceljs';
import { startTestCloud, as, ADMIN, fireTimer, snapshot } from '../helpers/cloud';
import { checkpoint } from '../helpers/checkpoint';
import { crashAt, startCrashProxy, writesOf, type CrashMode, type CrashProxy } from '../helpers/crash';
import type { LocalCloud } from '../../localcloud/server';
import { setClock } from '../../src/server/time';
import { forgetProgramme } from '../../src/server/programme';
import { userIdFor } from '../../src/server/ids';
import { PATH_FIELDS } from '../../src/functions/account/org-move';
import { buildMainWorld, type World } from '../authz/world';
import { MAIN_CLOCK } from '../authz/fixtures';
import { db } from '../domain/pairing/world';

/**
 * The org tree changed from the phone (issue 17 part 3), in the authorization matrix's 遂宁 world:
 *   sn ─ sn-chuanshan (district A) ─ st-a ─ cm-a1, cm-a2   (children, volunteers, pairings, wishes,
 *      └ sn-anju (district B) ───── st-b ─ cm-b1             check-ins, flags, a team, staff …)
 * Street A moves to district B: every stored path below it follows, and scope with it (district B's
 * staff now see street A's records, district A's no longer do, street A's own staff still do). A
 * move that dies at any of its writes is finished by the retry; closing is refused while anything
 * lives below; a sheet imports a tree, all rows checked first, idempotently.
 */
let cloud: LocalCloud;
let w: World;
let proxy: CrashProxy;
let restore: () => void;

const raw = (c: string) => cloud.store.rawDocuments(c) as Record<string, any>[];
const get = (obj: Record<string, any>, field: string) => field.split('.').reduce<any>((o, k) => o?.[k], obj);
const A = 'sn-chuanshan';
const B = 'sn-anju';
const ST = 'st-a';

beforeAll(async () => {
  setClock(() => MAIN_CLOCK);
  forgetProgramme();
  cloud = await startTestCloud();
  w = await buildMainWorld(cloud, []);
  // records of the collections the world does not fill through the functions
  const path = w.orgs.a1.path;
  await db().collection('reports').add({ _id: `${w.orgs.sA.code}_2026-02`, orgCode: w.orgs.sA.code, orgPath: w.orgs.sA.path, periodKey: '2026-02', status: 'draft' });
  await db().collection('commendation_nominations').add({ _id: 'cm-test-move', year: 2025, orgCode: w.orgs.sA.code, orgPath: w.orgs.sA.path, volunteerOrgPath: path, status: 'nominated' });
  await db().collection('visit_team_groups').add({ _id: 'az-team-a', teamId: 'az-team-a', orgPath: path, groupHash: 'x' });
  await db().collection('report_dashboards').add({ _id: w.orgs.sA.code, code: w.orgs.sA.code, path: w.orgs.sA.path, parentCode: A, parentName: '船山区', root: false });
  proxy = await startCrashProxy(cloud);
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  restore = checkpoint(cloud);
}, 120_000);
// each test starts from the world above (street A under district A, the applicant's review
// pending, no node closed): what one moves, closes or imports no other reads
afterEach(() => restore());
afterAll(async () => {
  jest.restoreAllMocks();
  await proxy.close();
  await cloud.close();
  setClock(null);
});

/** Everything whose stored path disagrees with the tree, or a mark left (empty when whole). */
function broken(): string[] {
  const out: string[] = [];
  const orgs = new Map(raw('orgs').map((o) => [o._id as string, o]));
  for (const o of orgs.values()) {
    if (o.moving) out.push(`orgs/${o._id} still moving`);
    const parent = o.parentCode ? orgs.get(o.parentCode) : null;
    const want = parent ? [...parent.path, o._id] : [o._id];
    if (JSON.stringify(o.path) !== JSON.stringify(want)) out.push(`orgs/${o._id}: ${o.path.join('/')} != ${want.join('/')}`);
  }
  for (const f of PATH_FIELDS) {
    for (const d of raw(f.collection)) {
      const p = get(d, f.field) as string[] | undefined;
      if (!Array.isArray(p) || !p.length) continue;
      const node = orgs.get(p[p.length - 1]!);
      if (node && JSON.stringify(node.path) !== JSON.stringify(p)) out.push(`${f.collection}/${d._id} ${f.field}: ${p.join('/')} != ${node.path.join('/')}`);
    }
  }
  return out;
}

const under = (parent: string) => raw('orgs').find((o) => o._id === ST)!.parentCode === parent;
/** The world's applicant withdraws, so district A holds no review street A's moves must wait for. */
const withdrawApplicant = () => db().collection('volunteer_applications').doc(w.ids.applicant).update({ status: 'withdrawn' });

describe('moveOrg', () => {
  test('refused while an application waits for a review by the district it leaves', async () => {
    // the world's applicant signed up at community A1: her district step is 船山区's
    const app = raw('volunteer_applications').find((a) => a._id === w.ids.applicant)!;
    expect(app.steps.map((s: { orgCode: string }) => s.orgCode)).toContain(A);
    const res = await as(cloud, ADMIN).raw('account', 'moveOrg', { code: ST, parentCode: B });
    expect(res).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '该组织下有1份报名正在等待原上级组织审核，请审核完成后再调整' } });
    expect(under(A)).toBe(true);
  });

  test('street A moves to district B: every collection\'s paths follow, and scope with them', async () => {
    await withdrawApplicant();
    const dist = as(cloud, w.openid.district);
    const other = as(cloud, w.openid.otherDistrict);
    expect((await dist.raw('child', 'get', { id: w.ids.childA })).ok).toBe(true);
    expect(await other.raw('child', 'get', { id: w.ids.childA })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const res = await as(cloud, ADMIN).ok('account', 'moveOrg', { code: ST, parentCode: B });
    expect(res).toEqual({ node: { code: ST, name: '测试街道甲', level: 'street', parentCode: B, path: ['sn', B, ST] }, nodesMoved: 3 });
    expect(broken()).toEqual([]);
    // every kind of record below street A now carries district B's path
    const newA1 = ['sn', B, ST, w.orgs.a1.code];
    for (const f of PATH_FIELDS) {
      const mine = raw(f.collection).filter((d) => (get(d, f.field) as string[] | undefined)?.includes(ST));
      expect([f.collection, f.field, mine.length > 0]).toEqual([f.collection, f.field, true]);
      for (const d of mine) expect(get(d, f.field)).toEqual(expect.arrayContaining(['sn', B, ST]));
    }
    expect(raw('children').find((c) => c._id === w.ids.childA)!.orgPath).toEqual(newA1);
    expect(raw('pairings').find((p) => p._id === w.ids.pairA)).toMatchObject({ orgPath: newA1, volunteerOrgPath: newA1 });
    expect(raw('wishes').find((x) => x._id === w.ids.wishA)).toMatchObject({ orgPath: newA1, districtCode: B, child: { districtCode: B, districtName: '安居区' } });
    expect(raw('report_dashboards').find((d) => d._id === ST)).toMatchObject({ path: ['sn', B, ST], parentCode: B, parentName: '安居区' });
    expect(raw('users').find((u) => u._id === userIdFor(w.openid.street))!.staff.orgPath).toEqual(['sn', B, ST]);

    // district B's staff now see and act on street A's records; district A's no longer do
    expect((await other.raw('child', 'get', { id: w.ids.childA })).ok).toBe(true);
    const listB = await other.ok('child', 'list', {});
    expect(listB.items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([w.ids.childA, w.ids.childA2, w.ids.childB]));
    expect(await dist.raw('child', 'get', { id: w.ids.childA })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '该记录不在您的管辖范围内' } });
    expect((await dist.ok('child', 'list', {})).items).toEqual([]);
    expect((await other.ok('account', 'renameOrg', { code: w.orgs.a1.code, name: w.orgs.a1.name })).node.path).toEqual(newA1);
    expect(await dist.raw('account', 'renameOrg', { code: w.orgs.a1.code, name: '越界' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // street A's own staff still see hers, and her own path says where she now is
    const me = (await as(cloud, w.openid.street).ok('account', 'login', {})).me;
    expect(me.staff!.orgPath).toEqual(['sn', B, ST]);
    expect((await as(cloud, w.openid.street).raw('child', 'get', { id: w.ids.childA })).ok).toBe(true);
    // district B's staff list street A's staff now
    const staffB = await other.ok('account', 'listStaff', {});
    expect(staffB.items.map((s: { userId: string }) => s.userId)).toContain(userIdFor(w.openid.street));
    // audited
    const audit = raw('audit_logs').filter((a) => a.action === 'moveOrg' && a.ok);
    expect(audit.at(-1)).toMatchObject({ fn: 'account', targetIds: [ST, B] });

    // moving it to where it is changes nothing
    const orgsBefore = JSON.stringify(raw('orgs'));
    expect(await as(cloud, ADMIN).ok('account', 'moveOrg', { code: ST, parentCode: B })).toMatchObject({ nodesMoved: 0 });
    expect(JSON.stringify(raw('orgs'))).toBe(orgsBefore);
    // and back
    await as(cloud, ADMIN).ok('account', 'moveOrg', { code: ST, parentCode: A });
    expect(broken()).toEqual([]);
    expect(raw('wishes').find((x) => x._id === w.ids.wishA)).toMatchObject({ districtCode: A, child: { districtCode: A, districtName: '船山区' } });
  });

  test.each([
    ['district A\'s staff: the new parent is outside her subtree', () => w.openid.district, () => ({ code: ST, parentCode: B }), 'FORBIDDEN', '该记录不在您的管辖范围内'],
    ['district B\'s staff: the node is outside her subtree', () => w.openid.otherDistrict, () => ({ code: ST, parentCode: B }), 'FORBIDDEN', '该记录不在您的管辖范围内'],
    ['a street\'s staff cannot move her own node', () => w.openid.street, () => ({ code: ST, parentCode: w.orgs.a1.code }), 'INVALID_INPUT', '不能调整到它自己或它的下级组织下面'],
    ['under itself', () => ADMIN, () => ({ code: ST, parentCode: ST }), 'INVALID_INPUT', '不能调整到它自己或它的下级组织下面'],
    ['under its descendant', () => ADMIN, () => ({ code: ST, parentCode: w.orgs.a1.code }), 'INVALID_INPUT', '不能调整到它自己或它的下级组织下面'],
    ['the root', () => ADMIN, () => ({ code: 'sn', parentCode: B }), 'INVALID_INPUT', '最上级组织不能调整'],
    ['a street under a street', () => ADMIN, () => ({ code: ST, parentCode: w.orgs.sB.code }), 'INVALID_INPUT', '组织层级与新的上级组织不匹配'],
    ['a community under a district', () => ADMIN, () => ({ code: w.orgs.a1.code, parentCode: B }), 'INVALID_INPUT', '组织层级与新的上级组织不匹配'],
    ['an unknown parent', () => ADMIN, () => ({ code: ST, parentCode: 'nowhere' }), 'NOT_FOUND', '没有找到该组织'],
  ])('refused: %s, nothing changes', async (_name, who, input, code, message) => {
    const orgsBefore = JSON.stringify(raw('orgs'));
    expect(await as(cloud, who()).raw('account', 'moveOrg', input() as never)).toMatchObject({ ok: false, error: { code, message } });
    expect(JSON.stringify(raw('orgs'))).toBe(orgsBefore);
    expect(broken()).toEqual([]);
  });

});

describe('a move that dies at any write is finished by the retry', () => {
  beforeEach(withdrawApplicant);
  const MODES: CrashMode[] = ['dead', 'once'];
  test('every write, both modes; the retry, or the next move of another node, completes it', async () => {
    const to = () => (under(A) ? B : A);
    const writes = await writesOf(proxy, () => as(cloud, ADMIN).ok('account', 'moveOrg', { code: ST, parentCode: to() }));
    expect(broken()).toEqual([]);
    expect(writes.length).toBeGreaterThan(15);
    let runs = 0;
    for (const mode of MODES) {
      for (let k = 1; k <= writes.length; k++) {
        const target = to();
        const { fired } = await crashAt(proxy, k, mode, () => as(cloud, ADMIN).raw('account', 'moveOrg', { code: ST, parentCode: target }));
        expect(fired).toBe(true);
        if (k % 2) {
          // the same move again
          expect(await as(cloud, ADMIN).raw('account', 'moveOrg', { code: ST, parentCode: target })).toMatchObject({ ok: true, data: { node: { parentCode: target } } });
        } else {
          // another move (community A2 to where it is): it finishes the left one first
          await as(cloud, ADMIN).ok('account', 'moveOrg', { code: w.orgs.a2.code, parentCode: ST });
        }
        expect([mode, k, broken()]).toEqual([mode, k, []]);
        expect(under(target)).toBe(true);
        runs++;
      }
    }
    expect(runs).toBe(writes.length * 2);
    // back where the world has it
    if (!under(A)) await as(cloud, ADMIN).ok('account', 'moveOrg', { code: ST, parentCode: A });
    expect(broken()).toEqual([]);
  }, 300_000);
});

describe('a move left half done is finished by the report function\'s hourly timer', () => {
  beforeEach(withdrawApplicant);
  test('the process dies after the mark, mid-way and before clearing it: the next hourly run finishes the move', async () => {
    const to = () => (under(A) ? B : A);
    const writes = await writesOf(proxy, () => as(cloud, ADMIN).ok('account', 'moveOrg', { code: ST, parentCode: to() }));
    // 1: the mark; the last: clearing it
    for (const k of [2, Math.floor(writes.length / 2), writes.length]) {
      const target = to();
      const { fired } = await crashAt(proxy, k, 'dead', () => as(cloud, ADMIN).raw('account', 'moveOrg', { code: ST, parentCode: target }));
      expect(fired).toBe(true);
      expect(raw('orgs').find((o) => o._id === ST)!.moving).toMatchObject({ toParent: target });
      expect(broken()).not.toEqual([]);
      expect(await fireTimer(cloud, 'report', 'hourly')).toMatchObject({ ok: true, data: { orgMoves: { finished: 1 } } });
      expect([k, broken()]).toEqual([k, []]);
      expect(under(target)).toBe(true);
      // nothing left for the next run
      expect(await fireTimer(cloud, 'report', 'hourly')).toMatchObject({ ok: true, data: { orgMoves: { finished: 0 } } });
    }
    if (!under(A)) await as(cloud, ADMIN).ok('account', 'moveOrg', { code: ST, parentCode: A });
    expect(broken()).toEqual([]);
  }, 120_000);
});

describe('closeOrg', () => {
  test('refused while anything lives below, saying what; allowed once all moved; then hidden from sign-up and refused as a parent', async () => {
    const before = snapshot(cloud);
    const res = await as(cloud, ADMIN).raw('account', 'closeOrg', { code: w.orgs.a2.code });
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const message = (res as { error: { message: string } }).error.message;
    expect(message).toMatch(/^「测试社区甲二」下还有/);
    expect(message).toContain('1名在岗工作人员');
    expect(message).toMatch(/\d名爱心妈妈（已通过或审核中）/);
    expect(message).toContain('1名儿童档案');
    expect(message).toContain('1对进行中的结对');
    expect(message).toContain('请先将它们调整到其他组织');
    expect(snapshot(cloud).replace(/"audit_logs".*/s, '')).toBe(before.replace(/"audit_logs".*/s, ''));
    // a node with sub-nodes: they are named first
    expect(await as(cloud, ADMIN).raw('account', 'closeOrg', { code: ST })).toMatchObject({ ok: false, error: { message: expect.stringContaining('个下级组织未撤销') } });
    // outside her subtree
    expect(await as(cloud, w.openid.otherDistrict).raw('account', 'closeOrg', { code: w.orgs.a2.code })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // an empty community closes at once
    await as(cloud, ADMIN).ok('account', 'createOrg', { code: 'cm-empty', name: '测试空社区', level: 'community', parentCode: ST });
    const closed = await as(cloud, w.openid.street).ok('account', 'closeOrg', { code: 'cm-empty' });
    expect(closed.node).toMatchObject({ code: 'cm-empty', closed: true });
    expect(raw('orgs').find((o) => o._id === 'cm-empty')).toMatchObject({ closed: true, closedBy: userIdFor(w.openid.street) });
    // sign-up's picker (public listOrgs) no longer offers it; the org page (includeClosed) marks it
    expect((await as(cloud, 'az-nobody').ok('account', 'listOrgs', {})).nodes.map((n) => n.code)).not.toContain('cm-empty');
    expect((await as(cloud, 'az-nobody').ok('account', 'listOrgs', { includeClosed: true })).nodes.map((n) => n.code)).not.toContain('cm-empty');
    expect((await as(cloud, ADMIN).ok('account', 'listOrgs', { includeClosed: true })).nodes.find((n) => n.code === 'cm-empty')).toMatchObject({ closed: true });
    // no new node or move under it (a community takes none anyway: a closed street instead)
    await as(cloud, ADMIN).ok('account', 'createOrg', { code: 'st-empty', name: '测试空街道', level: 'street', parentCode: A });
    await as(cloud, ADMIN).ok('account', 'closeOrg', { code: 'st-empty' });
    expect(await as(cloud, ADMIN).raw('account', 'createOrg', { code: 'cm-late', name: '测试', level: 'community', parentCode: 'st-empty' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '上级组织「测试空街道」已撤销，请先恢复' } });
    expect(await as(cloud, ADMIN).raw('account', 'moveOrg', { code: w.orgs.a1.code, parentCode: 'st-empty' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '新的上级组织「测试空街道」已撤销，请先恢复' } });
    // reopened: offered again
    expect((await as(cloud, ADMIN).ok('account', 'reopenOrg', { code: 'st-empty' })).node.closed).toBeUndefined();
    expect((await as(cloud, 'az-nobody').ok('account', 'listOrgs', {})).nodes.map((n) => n.code)).toContain('st-empty');
    // a closed community under a closed street cannot be reopened before the street
    await as(cloud, ADMIN).ok('account', 'createOrg', { code: 'cm-empty2', name: '测试空社区二', level: 'community', parentCode: 'st-empty' });
    await as(cloud, ADMIN).ok('account', 'closeOrg', { code: 'cm-empty2' });
    await as(cloud, ADMIN).ok('account', 'closeOrg', { code: 'st-empty' });
    expect(await as(cloud, ADMIN).raw('account', 'reopenOrg', { code: 'cm-empty2' })).toMatchObject({ ok: false, error: { message: '上级组织「测试空街道」已撤销，请先恢复上级组织' } });
  });

  test('community A2 closes once its people, children and pairings are moved to A1', async () => {
    const a1 = w.orgs.a1.code;
    const a2 = w.orgs.a2.code;
    // what the staff do first: the child's file, the volunteers, the pairing go to A1 (written
    // here as a move of each would leave them), and A2's staff member is switched off
    const a1Path = raw('orgs').find((o) => o._id === a1)!.path;
    await db().collection('children').where({ orgCode: a2 }).update({ orgCode: a1, orgPath: a1Path });
    await db().collection('pairings').where({ orgPath: a2 }).update({ orgPath: a1Path, volunteerOrgPath: a1Path });
    await db().collection('volunteer_applications').where({ orgPath: a2 }).update({ orgCode: a1, orgPath: a1Path });
    await as(cloud, ADMIN).ok('account', 'updateStaff', { userId: w.ids.userSibling, active: false });
    const res = await as(cloud, w.openid.street).ok('account', 'closeOrg', { code: a2 });
    expect(res.node).toMatchObject({ code: a2, closed: true });
    const audit = raw('audit_logs').filter((a) => a.action === 'closeOrg' && a.ok).at(-1);
    expect(audit).toMatchObject({ targetIds: [a2], fields: ['closed'] });
  });
});

// ——— import ———
let files = 0;
async function sheet(rows: (string | number)[][], header: string[] = ['编码', '名称', '层级', '上级编码']): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('组织架构');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const upload = (content: Buffer, who = ADMIN) => cloud.storage.write(`org-imports/${userIdFor(who)}/t${++files}.xlsx`, content);
const importAs = async (who: string, content: Buffer, dryRun = false) => as(cloud, who).raw('account', 'importOrgs', { fileID: upload(content, who), dryRun });

describe('importOrgs', () => {
  test('every wrong row is told by its number and nothing is created', async () => {
    const before = raw('orgs').length;
    const res = await importAs(ADMIN, await sheet([
      ['st-new', '测试新街道', '街道', A],
      ['cm-new1', '测试新社区一', '社区', 'st-new'],
      ['cm-new1', '测试重复社区', '社区', 'st-new'],
      ['bad code!', '测试', '社区', 'st-new'],
      ['cm-new2', '', '社区', 'st-new'],
      ['cm-new3', '测试新社区三', '乡村', 'st-new'],
      ['cm-new4', '测试新社区四', '社区', 'nowhere'],
      ['cm-new5', '测试新社区五', '社区', A],
      [w.orgs.a1.code, '改了名字', '社区', ST],
      ['cm-new6', '测试新社区六', '社区', ''],
    ]));
    expect(res).toMatchObject({ ok: true, data: { total: 10, created: 0 } });
    const problems = (res as { data: { problems: { row: number; message: string }[] } }).data.problems;
    expect(problems).toEqual([
      { row: 4, message: '编码「cm-new1」与第3行重复' },
      { row: 5, message: '编码「bad code!」只能由字母、数字、- 和 _ 组成，最长40个字符' },
      { row: 6, message: '名称不能为空' },
      { row: 7, message: '层级「乡村」无法识别，请填写：城市、区县、街道、社区或单位' },
      { row: 8, message: '上级编码「nowhere」不存在，请先导入或添加上级组织' },
      { row: 9, message: '「区/县/园区」级组织下不能设「村/社区」级组织' },
      { row: 10, message: `编码「${w.orgs.a1.code}」已被使用（已有组织名称为「测试社区甲一」），请换一个编码或改正该行` },
      { row: 11, message: '上级编码不能为空（最上级组织在开通项目时已建好）' },
    ]);
    expect(raw('orgs')).toHaveLength(before);
  });

  test('outside the caller\'s subtree, a closed parent, a cycle', async () => {
    // a closed street under district A
    await as(cloud, ADMIN).ok('account', 'createOrg', { code: 'st-empty', name: '测试空街道', level: 'street', parentCode: A });
    await as(cloud, ADMIN).ok('account', 'closeOrg', { code: 'st-empty' });
    const res = await importAs(w.openid.street, await sheet([
      ['cm-x1', '测试越界社区', '社区', w.orgs.sB.code],
      ['cm-x2', '测试撤销下社区', '社区', 'st-empty'],
      ['st-x3', '测试循环甲', '街道', 'st-x4'],
      ['st-x4', '测试循环乙', '街道', 'st-x3'],
    ]));
    expect((res as { data: { problems: unknown[] } }).data.problems).toEqual([
      { row: 2, message: '上级组织「测试街道乙」不在您的管辖范围内' },
      { row: 3, message: '上级组织「测试空街道」不在您的管辖范围内' },
      { row: 4, message: '上级编码形成循环（st-x3）' },
      { row: 5, message: '上级（第4行）有误，请先改正该行' },
    ]);
    const closed = await importAs(ADMIN, await sheet([['cm-x2', '测试撤销下社区', '社区', 'st-empty']]));
    expect((closed as { data: { problems: unknown[] } }).data.problems).toEqual([{ row: 2, message: '上级组织「测试空街道」已撤销' }]);
  });

  test('a right sheet creates the tree with default teams; a re-import creates nothing; a file of another is refused', async () => {
    const content = await sheet([
      ['cm-imp1', '测试导入社区一', '村/社区', 'st-imp'],
      ['st-imp', '测试导入街道', '街道/乡镇', A],
      ['cm-imp2', '测试导入社区二', '社区', 'st-imp'],
      ['un-imp', '测试导入单位妇委会', '单位', A],
      [w.orgs.a1.code, '测试社区甲一', '社区', ST],
    ]);
    const check = await importAs(w.openid.district, content, true);
    expect(check).toMatchObject({ ok: true, data: { total: 5, created: 4, existing: 1, problems: [] } });
    expect(raw('orgs').some((o) => o._id === 'st-imp')).toBe(false);

    const res = await importAs(w.openid.district, content);
    expect(res).toMatchObject({ ok: true, data: { total: 5, created: 4, existing: 1, problems: [] } });
    expect(raw('orgs').find((o) => o._id === 'cm-imp1')).toMatchObject({ name: '测试导入社区一', level: 'community', parentCode: 'st-imp', path: ['sn', A, 'st-imp', 'cm-imp1'] });
    expect(raw('orgs').find((o) => o._id === 'un-imp')).toMatchObject({ level: 'unit', path: ['sn', A, 'un-imp'] });
    const teams = raw('volunteer_teams').filter((t) => ['st-imp', 'cm-imp1', 'cm-imp2', 'un-imp'].includes(t.orgCode));
    expect(teams).toHaveLength(4);
    expect(broken()).toEqual([]);
    const audit = raw('audit_logs').filter((a) => a.action === 'importOrgs' && a.ok).at(-1);
    expect(audit).toMatchObject({ targetKind: 'org', targetIds: ['st-imp', 'un-imp', 'cm-imp1', 'cm-imp2'] });

    const orgs = raw('orgs').length;
    const again = await importAs(w.openid.district, content);
    expect(again).toMatchObject({ ok: true, data: { created: 0, existing: 5, problems: [] } });
    expect(raw('orgs')).toHaveLength(orgs);
    expect(raw('volunteer_teams').filter((t) => t.orgCode === 'cm-imp1')).toHaveLength(1);

    const theirs = cloud.storage.write(`org-imports/${userIdFor(w.openid.district)}/theirs.xlsx`, content);
    expect(await as(cloud, w.openid.otherDistrict).raw('account', 'importOrgs', { fileID: theirs, dryRun: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '只能导入您本人上传的表格，请重新上传' } });
    expect(await importAs(ADMIN, await sheet([['x', 'y']], ['甲', '乙']))).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '没有找到表头，表格第一行应为：编码、名称、层级、上级编码' } });
    expect(await importAs(ADMIN, Buffer.from('not a sheet'))).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '无法读取该表格，请上传 Excel（.xlsx）文件' } });
  });

  test('an import that died after its nodes went in: the re-import adds the missing teams only', async () => {
    const content = await sheet([['st-imp2', '测试导入街道二', '街道', A], ['cm-imp3', '测试导入社区三', '社区', 'st-imp2']]);
    // the orgs insert is the first write, the teams' the second: die before the teams
    const { fired } = await crashAt(proxy, 2, 'dead', () => importAs(ADMIN, content));
    expect(fired).toBe(true);
    expect(raw('orgs').filter((o) => ['st-imp2', 'cm-imp3'].includes(o._id))).toHaveLength(2);
    expect(raw('volunteer_teams').filter((t) => ['st-imp2', 'cm-imp3'].includes(t.orgCode))).toHaveLength(0);
    expect(await importAs(ADMIN, content)).toMatchObject({ ok: true, data: { created: 0, existing: 2, problems: [] } });
    expect(raw('volunteer_teams').filter((t) => ['st-imp2', 'cm-imp3'].includes(t.orgCode))).toHaveLength(2);
  });
});
