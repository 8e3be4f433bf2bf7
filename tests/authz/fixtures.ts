/**
 * One matrix fixture per action in the contract (tests/authz/matrix.test.ts checks the list):
 * the target record(s) each action is called on and the expected outcome per identity kind.
 * Cells the contract alone decides (no identity → UNAUTHENTICATED, a missing role → the role
 * gate, the staff without the action's permission → the permission gate) are derived from the
 * contract in cells.ts and need no entry here; every other identity must have one.
 *
 * State-changing actions: a cell that expects success gets a fresh target made for it
 * (`cell.fresh`), so the shared target stays as the refusal cells need it. Where success would
 * change who an identity is (submitting a sign-up, redeeming a staff invite) the cell is skipped
 * with the reason.
 */
import ExcelJS from 'exceljs';
import { as, post } from '../helpers/cloud';
import { ALL_PERMISSIONS } from '../helpers/fixtures';
import { childInput } from '../domain/child/fixtures';
import { db } from '../domain/pairing/world';
import { userIdFor } from '../../src/server/ids';
import { wishInput } from '../domain/wish/world';
import { suiningForm } from '../domain/volunteer/fixtures';
import { defaultReviewYear } from '../../src/domain/report/commendation';
import { getProgramme } from '../../src/programmes';
import { appIdFor } from '../../src/functions/volunteer/store';
import { SETUP_REFUSALS } from '../../src/server/setup-code';
import { OK, PERM, refused, ROLE, SCOPE, skip, type Cell, type Fixture } from './cells';
import { approvedVolunteer, type World } from './world';

/** 15 March 2026, 12:00 in Shanghai. */
export const MAIN_CLOCK = Date.parse('2026-03-15T04:00:00.000Z');
/** 20 March 2026: 晋江's February report is open (overdue), March's not yet. */
export const CALENDAR_CLOCK = Date.parse('2026-03-20T02:00:00.000Z');
const ORG_A1 = 'cm-a1';
const YEAR = defaultReviewYear(getProgramme('suining-2019')!.commendation!, MAIN_CLOCK);

const doc = async <T = Record<string, unknown>>(collection: string, id: string): Promise<T> =>
  (await db().collection(collection).doc(id).get()).data?.[0] as T;
const version = async (collection: string, id: string): Promise<number> => (await doc<{ version: number }>(collection, id)).version;
const admin = (w: World) => as(w.cloud, w.openid.admin);

const CITY_ONLY = refused('FORBIDDEN', '报名时间由市级妇联调整，请联系市妇联', 'top node');
/** The world is switched on with sign-up unlimited: give it a closing date, then ask for the day after it. */
async function dayAfterClosing(): Promise<string> {
  const settings = await doc<{ signupWindow?: { opens: string | null; closes: string | null } }>('settings', 'programme');
  let closes = settings.signupWindow?.closes;
  if (!closes) {
    closes = '2026-04-30';
    await db().collection('settings').doc('programme').update({ signupWindow: { opens: null, closes } });
  }
  return new Date(Date.parse(`${closes}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

// ——— fresh targets (made for cells that expect success) ———
/** Children made here are numbered from 1000 on (names and ID numbers differ from the world's). */
let children = 1000;
const freshChild = async (w: World, org = 'a1'): Promise<string> =>
  (await admin(w).ok('child', 'create', childInput(children++, w.orgs[org].code))).id;
let volunteers = 0;
const freshVolunteerWho = async (w: World, org = 'a1'): Promise<{ userId: string; openid: string }> => {
  const openid = `az-fresh-vol-${++volunteers}`;
  return { openid, userId: await approvedVolunteer(w.cloud, openid, w.orgs[org], 100 + volunteers, `测试新妈妈${volunteers}`) };
};
const freshVolunteer = async (w: World, org = 'a1'): Promise<string> => (await freshVolunteerWho(w, org)).userId;
async function freshProposedWith(w: World): Promise<{ id: string; openid: string }> {
  const v = await freshVolunteerWho(w);
  return { id: (await admin(w).ok('pairing', 'propose', { childId: await freshChild(w), volunteerId: v.userId })).id, openid: v.openid };
}
const freshProposed = async (w: World): Promise<string> => (await freshProposedWith(w)).id;
async function freshActive(w: World): Promise<string> {
  const { id, openid } = await freshProposedWith(w);
  await admin(w).ok('pairing', 'recordConsent', { id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-03-02' });
  await as(w.cloud, openid).ok('pairing', 'respond', { id, accept: true });
  return id;
}
/** One export per world, made by the community staff of A1 (report.exportLink's target). */
const madeExports = new WeakMap<World, Promise<string>>();
const exportOf = (w: World): Promise<string> => {
  if (!madeExports.has(w)) madeExports.set(w, as(w.cloud, w.openid.community).ok('child', 'exportSheet', { layout: 'xm-2' }).then((r) => r.fileID));
  return madeExports.get(w)!;
};
/** 晋江 months not used yet, newest first (each report is one org × month). */
let months = 0;
const freshMonth = (): string => {
  const m = 23 - months++; // 2025-12, 2025-11, …
  return `${2024 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
};
const collected = async (w: World, childId: string): Promise<string> =>
  (await as(w.cloud, w.openid.district).ok('wish', 'collect', wishInput(childId, { title: `心愿${w.seq()}` }))).id;
/** Wishes for child A (paired with volunteer A), so her part in them is tested too. */
async function published(w: World): Promise<string> {
  const id = await collected(w, w.ids.childA);
  await as(w.cloud, w.openid.district).ok('wish', 'review', { id, decision: 'approve' });
  return id;
}
async function claimed(w: World): Promise<string> {
  const id = await published(w);
  await as(w.cloud, w.openid.donor).ok('wish', 'claim', { id });
  return id;
}
async function returned(w: World): Promise<string> {
  const id = await collected(w, w.ids.childA);
  await as(w.cloud, w.openid.district).ok('wish', 'review', { id, decision: 'return', reason: '请写清楚' });
  return id;
}
async function thankedWithPhoto(w: World): Promise<string> {
  const id = await sent(w);
  await admin(w).ok('wish', 'receive', { id });
  await as(w.cloud, w.openid.volunteer).ok('wish', 'thank', { id, text: '谢谢您', photoFileID: 'cloud://env/wish-thanks/az.jpg', showsFace: true });
  return id;
}
async function sent(w: World): Promise<string> {
  const id = await claimed(w);
  await as(w.cloud, w.openid.donor).ok('wish', 'send', { id, mode: 'office' });
  return id;
}
/** A check-in by volunteer A on child A, each at its own minute (the same moment would be the same check-in). */
const checkIn = async (w: World, over: Record<string, unknown> = {}): Promise<string> => {
  const n = w.seq();
  return (await as(w.cloud, w.openid.volunteer).ok('visit', 'checkIn', { clientId: `az-checkin-${n}`, childId: w.ids.childA, kind: 'call', at: new Date(Date.parse('2026-03-13T00:00:00.000Z') + n * 60_000).toISOString(), durationMinutes: 20, ...over })).id;
};
/** The check-in's version as her page would have shown it (visit.correct is conditional on it). */
const checkInVersion = async (id: string): Promise<number> => ((await db().collection('visit_checkins').doc(id).get()).data[0] as { version: number }).version;
/** A correction waiting for staff: asked after the check-in's own window (its createdAt moved back). */
async function pendingCorrection(w: World): Promise<string> {
  const id = await checkIn(w);
  await db().collection('visit_checkins').doc(id).update({ createdAt: new Date(MAIN_CLOCK - 5 * 86_400_000).toISOString() });
  await as(w.cloud, w.openid.volunteer).ok('visit', 'correct', { id, version: await checkInVersion(id), ...correction });
  return id;
}
const correction = { kind: 'call' as const, at: '2026-03-14T03:00:00.000Z', durationMinutes: 25, reason: '时长记错了' };
async function freshNomination(w: World): Promise<{ id: string; version: number }> {
  const v = await freshVolunteer(w);
  const n = await as(w.cloud, w.openid.district).ok('report', 'nominate', { year: YEAR, volunteerId: v, reason: '热心负责' });
  return { id: n.id, version: n.version };
}

/** A draft of street A's report with the sections 晋江 asks for filled in; answers its version. */
async function savedReport(w: World, periodKey: string): Promise<number> {
  const street = as(w.cloud, w.openid.street);
  const d = await street.ok('report', 'draft', { orgCode: w.orgs.sA.code, periodKey });
  const saved = await street.ok('report', 'save', { orgCode: w.orgs.sA.code, periodKey, version: d.version, narrative: { problems: '测试问题', results: '测试成效' } });
  return saved.version;
}
async function submittedReport(w: World, periodKey: string): Promise<string> {
  const version = await savedReport(w, periodKey);
  await as(w.cloud, w.openid.street).ok('report', 'submit', { orgCode: w.orgs.sA.code, periodKey, version });
  return periodKey;
}

/** The shared targets the refusal cells use, made once after the world. */
export const SHARED = {
  async main(w: World): Promise<void> {
    w.ids.pairProposed = await freshProposed(w);
    const offer = await admin(w).ok('pairing', 'propose', { childId: await freshChild(w), volunteerId: w.ids.volA });
    await admin(w).ok('pairing', 'recordConsent', { id: offer.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-03-10' });
    w.ids.pairOffer = offer.id;
    w.ids.wishPending = await collected(w, w.ids.childA);
    w.ids.wishReturned = await returned(w);
    w.ids.wishSent = await sent(w);
    w.ids.wishReceived = await sent(w);
    await admin(w).ok('wish', 'receive', { id: w.ids.wishReceived });
    w.ids.wishThanked = await thankedWithPhoto(w);
    w.ids.visitCorrected = await pendingCorrection(w);
    w.ids.nomination = (await freshNomination(w)).id;
    const cert = await freshNomination(w);
    await as(w.cloud, w.openid.city).ok('report', 'decide', { id: cert.id, version: cert.version, decision: 'approve' });
    w.ids.certificate = cert.id;
  },
  async calendar(w: World): Promise<void> {
    await submittedReport(w, '2026-01');
  },
  async longgang(): Promise<void> {},
};

/** What the phone's WeChat hands the page (a phone-number code, a group's cloudID), issued by the local cloud's WeChat emulation (POST /wechat/…, as the caller). */
async function fromPhone(w: World, openid: string, path: string, body: Record<string, string>, key: 'code' | 'cloudID'): Promise<string> {
  if (!openid) return 'no-wechat-user'; // no WeChat user, no code: the call is refused before any code is read
  const res = (await post(`${w.cloud.url}/wechat/${path}`, body, openid ? { 'x-openid': openid } : {})) as Record<string, unknown>;
  if (typeof res[key] !== 'string') throw new Error(`/wechat/${path} answered no ${key}`);
  return res[key] as string;
}
const phoneCode = (w: World, openid: string) => fromPhone(w, openid, 'getPhoneNumber', { phoneNumber: '13900000001' }, 'code');
const groupTicket = async (w: World, openid: string) => ({ cloudID: await fromPhone(w, openid, 'getGroupEnterInfo', { openGId: 'az-group-a' }, 'cloudID') });

/** The shared target unless the cell expects success. */
const target = (cell: Cell, shared: string, fresh: () => Promise<string>) => (cell.fresh ? fresh() : shared);

const NOT_STAFF_SIDE = refused('FORBIDDEN', '该心愿不在您的管辖范围内', 'wish staff side');
const MORE_THAN_HELD = refused('FORBIDDEN', '不能授予超出您自身的权限', 'no more than one holds');
const NO_SIGNUP = refused('NOT_FOUND', '您还没有报名', 'own sign-up');
const NOT_MY_STEP = refused('FORBIDDEN', '该报名当前环节不由您所在单位审核', 'chain step');
const NO_SETUP_CODE = refused('NOT_FOUND', SETUP_REFUSALS.none, 'setup code');
const NOT_OWN_UPLOAD = refused('FORBIDDEN', '只能导入您本人上传的表格，请重新上传', 'own upload');
/** An org sheet (account.importOrgs) of one row: a unit committee under community A1. */
async function orgSheet(w: World): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('组织架构');
  ws.addRow(['编码', '名称', '层级', '上级编码']);
  ws.addRow([`az-unit-im-${w.seq()}`, '测试导入妇委会', '单位', w.orgs.a1.code]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const NO_OFFER = refused('NOT_FOUND', '没有找到该结对邀请', 'own pairing');
const NOT_CLAIMANT_CANCEL = refused('FORBIDDEN', '只有认领人可以取消认领', 'claimant');
const NOT_CLAIMANT_SEND = refused('FORBIDDEN', '只有认领人可以标记礼物已寄出', 'claimant');
const NOT_COLLECTOR = (what: string) => refused('FORBIDDEN', `只有孩子的结对爱心妈妈或妇联工作人员可以${what}`, 'collector');
const NOT_REVIEWER = (what: string) => refused('FORBIDDEN', `只有本级妇联有审核权限的工作人员可以${what}`, 'reviewer');
const NOT_TEAM = refused('FORBIDDEN', '这条动态仅对所在爱心妈妈服务队的成员开放，感谢您的关心', 'team member');
const NOT_LINKER = refused('FORBIDDEN', '只有服务队队长或负责该地区的工作人员可以绑定服务队群', 'team leader or staff');
const NO_TIMELINE = refused('FORBIDDEN', '您无权查看这名孩子的走访记录', 'paired volunteer or visit.read in scope');
const NOT_PARENT = refused('FORBIDDEN', '只有推荐单位的上级妇联可以审批', 'parent node');
const NOT_NOMINATOR = refused('FORBIDDEN', '只有推荐单位可以撤回推荐', 'nominating node');

export const FIXTURES: Record<string, Fixture> = {
  // ——— account ———
  'account.login': { variants: [{ name: 'self', input: () => ({}), expect: { users: OK, volunteers: OK, staff: OK, admin: OK } }] },
  // no setup code is issued in the world (the code's own life is tests/functions/account-setup-code.test.ts)
  'account.claimAdmin': {
    variants: [{
      name: 'a code when none was printed',
      input: () => ({ code: 'ABCD-EFGH-JKMN' }),
      expect: { users: NO_SETUP_CODE, volunteers: NO_SETUP_CODE, staff: NO_SETUP_CODE, admin: NO_SETUP_CODE },
    }],
  },
  'account.presets': { variants: [{ name: 'the shipped presets', input: () => ({}), expect: { admin: OK } }] },
  'account.setupProgramme': { variants: [{ name: 'the running preset (idempotent)', input: () => ({ presetId: 'suining-2019' }), expect: { admin: OK } }] },
  'account.listOrgs': { variants: [{ name: 'whole tree (public names)', input: () => ({}), expect: { users: OK, volunteers: OK, staff: OK, admin: OK } }] },
  'account.createOrg': {
    variants: [{
      name: 'a community under street A',
      input: (w) => ({ code: `az-new-${w.seq()}`, name: '测试新社区', level: 'community', parentCode: w.orgs.sA.code }),
      expect: { inside: OK, community: SCOPE, outside: SCOPE, admin: OK },
    }],
  },
  'account.renameOrg': {
    variants: [{ name: 'community A1 (same name)', input: (w) => ({ code: w.orgs.a1.code, name: w.orgs.a1.name }), expect: { inside: OK, outside: SCOPE, admin: OK } }],
  },
  'account.moveOrg': {
    variants: [{
      name: 'a fresh unit committee under street A, moved under community A1',
      // made for every cell: a refused move leaves it where it is, a done one moves it once
      input: async (w) => {
        const code = `az-unit-mv-${w.seq()}`;
        await admin(w).ok('account', 'createOrg', { code, name: '测试调整妇委会', level: 'unit', parentCode: w.orgs.sA.code });
        return { code, parentCode: w.orgs.a1.code };
      },
      expect: { city: OK, district: OK, street: OK, community: SCOPE, outside: SCOPE, admin: OK },
    }],
  },
  'account.closeOrg': {
    variants: [{
      name: 'a fresh, empty unit committee under community A1',
      input: async (w) => {
        const code = `az-unit-cl-${w.seq()}`;
        await admin(w).ok('account', 'createOrg', { code, name: '测试撤销妇委会', level: 'unit', parentCode: w.orgs.a1.code });
        return { code };
      },
      expect: { inside: OK, outside: SCOPE, admin: OK },
    }],
  },
  'account.reopenOrg': {
    variants: [{
      name: 'a fresh, closed unit committee under community A1',
      input: async (w) => {
        const code = `az-unit-ro-${w.seq()}`;
        await admin(w).ok('account', 'createOrg', { code, name: '测试恢复妇委会', level: 'unit', parentCode: w.orgs.a1.code });
        await admin(w).ok('account', 'closeOrg', { code });
        return { code };
      },
      expect: { inside: OK, outside: SCOPE, admin: OK },
    }],
  },
  'account.importOrgs': {
    variants: [
      {
        name: 'another user\'s upload',
        input: (w) => ({ fileID: `cloud://env/org-imports/${w.ids.volA}/az.xlsx`, dryRun: true }),
        expect: { inside: NOT_OWN_UPLOAD, outside: NOT_OWN_UPLOAD, admin: NOT_OWN_UPLOAD },
      },
      {
        name: 'the caller\'s own sheet: a unit committee under community A1 (checked only)',
        input: async (w, cell) => ({ fileID: w.cloud.storage.write(`org-imports/${userIdFor(cell.openid)}/az-${w.seq()}.xlsx`, await orgSheet(w)), dryRun: true }),
        // outside the subtree the row is reported, not refused: the answer names the problem by row
        expect: { inside: OK, outside: OK, admin: OK },
        check: (data, _w, cell) => {
          const problems = (data as { problems: { row: number; message: string }[] }).problems;
          if (['sibling', 'otherDistrict'].includes(cell.who)) expect(problems).toEqual([{ row: 2, message: '上级组织「测试社区甲一」不在您的管辖范围内' }]);
          else expect(problems).toEqual([]);
        },
      },
    ],
  },
  'account.createStaffInvite': {
    variants: [
      { name: 'an invite at community A1', input: (w) => ({ orgCode: w.orgs.a1.code, permissions: ['child.read'] }), expect: { inside: OK, outside: SCOPE, admin: OK } },
      {
        name: 'an invite granting audit.read (which the lacking staff does not hold)',
        lacking: ['audit.read'],
        input: (w) => ({ orgCode: w.orgs.a1.code, permissions: ['audit.read'] }),
        expect: { inside: OK, outside: SCOPE, lacking: MORE_THAN_HELD, admin: OK },
      },
    ],
  },
  'account.redeemStaffInvite': {
    variants: [{
      name: 'an unknown code (success would make the caller staff)',
      input: () => ({ code: 'ZZZZ9999', name: '测试' }),
      expect: {
        unknown: refused('UNAUTHENTICATED', '请先登录后再使用邀请码', 'login first'),
        users: refused('NOT_FOUND', '邀请码无效或已过期'), volunteers: refused('NOT_FOUND', '邀请码无效或已过期'),
        staff: refused('NOT_FOUND', '邀请码无效或已过期'), admin: refused('NOT_FOUND', '邀请码无效或已过期'),
      },
    }],
  },
  'account.listStaff': {
    variants: [
      { name: 'own subtree', input: () => ({}), expect: { inside: OK, outside: OK, admin: OK } },
      { name: 'filtered to community A1', input: (w) => ({ orgCode: w.orgs.a1.code }), expect: { inside: OK, outside: SCOPE, admin: OK } },
    ],
  },
  'account.updateStaff': {
    variants: [{
      name: 'community A1\'s staff (no change)',
      input: (w) => ({ userId: w.ids.userCommunity, active: true }),
      expect: { city: OK, district: OK, street: OK, community: refused('FORBIDDEN', '不能修改自己的权限', 'not oneself'), outside: SCOPE, admin: OK },
    }, {
      name: 'community A1\'s staff given audit.read (which the lacking staff does not hold)',
      lacking: ['audit.read'],
      input: (w) => ({ userId: w.ids.userCommunity, permissions: [...ALL_PERMISSIONS] }),
      expect: { city: OK, district: OK, street: OK, community: refused('FORBIDDEN', '不能修改自己的权限', 'not oneself'), outside: SCOPE, lacking: MORE_THAN_HELD, admin: OK },
    }],
  },
  'account.listAudit': { variants: [{ name: 'the log', input: () => ({}), expect: { admin: OK } }] },
  'account.notices': { variants: [{ name: 'own inbox', input: () => ({}), expect: { users: OK, volunteers: OK, staff: OK, admin: OK } }] },
  'account.readNotices': { variants: [{ name: 'own inbox', input: () => ({}), expect: { users: OK, volunteers: OK, staff: OK, admin: OK } }] },
  // counts in the caller's own scope only (what each count may show is tests/functions/account-todo.test.ts)
  'account.todo': { variants: [{ name: 'own work queue', input: () => ({}), expect: { staff: OK, admin: OK } }] },
  // programme versions: admin only (every other identity meets the role gate, derived from the contract)
  'account.programmeVersions': { variants: [{ name: 'the history', input: () => ({}), expect: { admin: OK } }] },
  'account.reviewProgramme': { variants: [{ name: 'a shipped preset', input: () => ({ presetId: 'jinjiang-2024' }), expect: { admin: OK } }] },
  'account.saveProgramme': {
    variants: [{
      // scheduled far beyond the world's clock, so the rules every other cell runs under stay as they are
      name: 'a new version from 2030',
      input: async (w) => {
        const { draft } = await admin(w).ok('account', 'reviewProgramme', {});
        return { draft: { ...draft, wishRules: { ...(draft.wishRules as object), priceCapYuan: 300 + w.seq() } }, effectiveFrom: '2030-01-01', reason: '测试新版本' };
      },
      expect: { admin: OK },
    }],
  },

  // ——— volunteer ———
  'volunteer.getSignupForm': { variants: [{ name: 'the form', input: () => ({}), expect: { users: OK, volunteers: OK, staff: OK, admin: OK } }] },
  'volunteer.verifyPhone': { variants: [{ name: 'a phone code from the emulated button', input: async (w, cell) => ({ code: await phoneCode(w, cell.openid) }), expect: { users: OK, volunteers: OK, staff: OK, admin: OK } }] },
  'volunteer.submit': {
    variants: [{
      name: 'a sign-up of one\'s own',
      input: async (w, cell) => {
        // the applicant's sign-up is in review whatever ran before (volunteer.withdraw withdraws it)
        if (cell.who === 'applicant' && (await as(w.cloud, cell.openid).ok('volunteer', 'mine', {})).application?.status === 'withdrawn') {
          await as(w.cloud, cell.openid).ok('volunteer', 'submit', suiningForm(7, { orgCode: w.orgs.a1.code }));
        }
        return suiningForm(40 + w.seq(), { orgCode: w.orgs.a1.code });
      },
      expect: {
        unknown: OK,
        applicant: refused('CONFLICT', '您的报名正在审核中，请勿重复提交'), volunteers: refused('CONFLICT', '您已通过审核，无需再次报名'),
        donor: skip('success would make the donor an applicant'), donor2: skip('success would make the donor an applicant'),
        staff: skip('success would give a staff member a sign-up'), admin: skip('success would give the admin a sign-up'),
      },
    }],
  },
  'volunteer.mine': { variants: [{ name: 'own sign-up', input: () => ({}), expect: { users: OK, volunteers: OK, staff: OK, admin: OK } }] },
  'volunteer.withdraw': {
    variants: [{
      name: 'own pending sign-up',
      input: async (w, cell) => {
        if (cell.who !== 'applicant') return { version: 1 };
        const mine = await as(w.cloud, cell.openid).ok('volunteer', 'mine', {});
        if (mine.application?.status === 'withdrawn') {
          return { version: (await as(w.cloud, cell.openid).ok('volunteer', 'submit', suiningForm(7, { orgCode: w.orgs.a1.code }))).application.version };
        }
        return { version: mine.application!.version };
      },
      expect: { applicant: OK, users: NO_SIGNUP, volunteers: refused('CONFLICT', '报名状态已有变化，请刷新后再试'), staff: NO_SIGNUP, admin: NO_SIGNUP },
    }],
  },
  'volunteer.subscribe': { variants: [{ name: 'own sign-up', input: () => ({ accepted: true }), expect: { applicant: OK, volunteers: OK, users: NO_SIGNUP, staff: NO_SIGNUP, admin: NO_SIGNUP } }] },
  'volunteer.acceptCommitment': { variants: [{ name: 'own commitment', input: () => ({ accepted: true }), expect: { volunteers: refused('INVALID_INPUT', '本项目无需签订承诺书'), admin: refused('NOT_FOUND', '您还不是已通过审核的志愿者') } }] },
  'volunteer.listApplications': {
    variants: [
      { name: 'own subtree', input: () => ({ todo: false }), expect: { inside: OK, outside: OK, admin: OK } },
      { name: 'filtered to community A1', input: (w) => ({ todo: false, areaCode: w.orgs.a1.code }), expect: { inside: OK, outside: SCOPE, admin: OK } },
    ],
  },
  'volunteer.reviewCounts': { variants: [{ name: 'own queue', input: () => ({}), expect: { inside: OK, outside: OK, admin: OK } }] },
  'volunteer.getApplication': {
    lacking: ['volunteer.review', 'volunteer.read'],
    variants: [{ name: 'the applicant in A1', input: (w) => ({ id: w.ids.applicant }), expect: { inside: OK, outside: SCOPE, lacking: PERM, admin: OK } }],
  },
  'volunteer.revealContact': {
    variants: [{ name: 'the applicant in A1', input: (w) => ({ id: w.ids.applicant }), expect: { inside: OK, outside: SCOPE, admin: OK } }],
  },
  'volunteer.review': {
    variants: [{
      name: 'an applicant in A1 at the district step',
      input: async (w, cell) => {
        if (cell.gated) return { id: w.ids.applicant, version: 1, decision: 'reject', opinion: '测试' };
        const openid = `az-fresh-app-${w.seq()}`;
        await as(w.cloud, openid).ok('account', 'login', {});
        const { application } = await as(w.cloud, openid).ok('volunteer', 'submit', suiningForm(60 + w.seq(), { orgCode: w.orgs.a1.code }));
        return { id: application.id, version: application.version, decision: 'reject', opinion: '测试' };
      },
      expect: { district: OK, city: refused('FORBIDDEN', '请等待“县区（园区）妇联意见”完成后再审核', 'chain order'), street: NOT_MY_STEP, community: NOT_MY_STEP, outside: SCOPE, admin: OK },
    }],
  },
  'volunteer.listRoster': {
    variants: [
      { name: 'own subtree', input: () => ({}), expect: { inside: OK, outside: OK, admin: OK } },
      { name: 'filtered to community A1', input: (w) => ({ areaCode: w.orgs.a1.code }), expect: { inside: OK, outside: SCOPE, admin: OK } },
    ],
  },
  'volunteer.quotaProgress': { variants: [{ name: 'own subtree', input: () => ({}), expect: { inside: OK, outside: OK, admin: OK } }] },
  'volunteer.listTeams': {
    variants: [
      { name: 'own subtree', input: () => ({}), expect: { inside: OK, outside: OK, admin: OK } },
      { name: 'filtered to community A1', input: (w) => ({ areaCode: w.orgs.a1.code }), expect: { inside: OK, outside: SCOPE, admin: OK } },
    ],
  },
  'volunteer.saveTeam': {
    variants: [
      { name: 'a new team in community A1', input: (w) => ({ name: `测试新队${w.seq()}`, kind: 'local', orgCode: w.orgs.a1.code }), expect: { inside: OK, outside: SCOPE, admin: OK } },
      { name: 'team A (same name)', input: (w) => ({ id: w.ids.teamA, name: '测试甲一服务队', kind: 'local', orgCode: w.orgs.a1.code, leaderId: w.ids.appA }), expect: { inside: OK, outside: SCOPE, admin: OK } },
    ],
  },
  'volunteer.extendSignup': {
    variants: [
      {
        name: 'the programme\'s closing date, a day later',
        input: async () => ({ closes: await dayAfterClosing() }),
        // the window is the whole programme's: only the top node's staff (and admins) move it
        expect: { city: OK, admin: OK, district: CITY_ONLY, street: CITY_ONLY, community: CITY_ONLY, outside: CITY_ONLY },
        check: (data) => expect((data as { signupWindow: { state: string } }).signupWindow.state).toBe('open'),
      },
    ],
  },
  'volunteer.assignTeam': {
    variants: [
      {
        name: 'a volunteer in A1 into team A',
        input: async (w, cell) => {
          const id = cell.fresh ? appIdFor(await freshVolunteer(w)) : appIdFor(w.ids.spare);
          return { id, version: await version('volunteer_applications', id), teamId: w.ids.teamA };
        },
        expect: { inside: OK, outside: SCOPE, admin: OK },
      },
      {
        name: 'a volunteer in A2 into team A (A1)',
        input: async (w, cell) => {
          const id = cell.fresh ? appIdFor(await freshVolunteer(w, 'a2')) : appIdFor(w.ids.spare2);
          return { id, version: await version('volunteer_applications', id), teamId: w.ids.teamA };
        },
        expect: { city: OK, district: OK, street: OK, community: SCOPE, outside: SCOPE, admin: OK },
      },
    ],
  },

  // ——— child ———
  'child.options': { variants: [{ name: 'the programme\'s options', input: () => ({}), expect: { inside: OK, outside: OK, admin: OK } }] },
  'child.list': {
    variants: [
      { name: 'own subtree', input: () => ({}), expect: { inside: OK, outside: OK, admin: OK } },
      { name: 'filtered to community A1', input: (w) => ({ orgCode: w.orgs.a1.code }), expect: { inside: OK, outside: SCOPE, admin: OK } },
    ],
  },
  'child.get': { variants: [{ name: 'child A', input: (w) => ({ id: w.ids.childA }), expect: { inside: OK, outside: SCOPE, admin: OK } }] },
  'child.history': { variants: [{ name: 'child A', input: (w) => ({ id: w.ids.childA }), expect: { inside: OK, outside: SCOPE, admin: OK } }] },
  'child.create': {
    variants: [{ name: 'a child in community A1', input: () => childInput(children++, ORG_A1), expect: { inside: OK, outside: SCOPE, admin: OK } }],
  },
  'child.update': {
    variants: [{
      name: 'child A (an unchanged field)',
      input: async (w) => ({ id: w.ids.childA, version: await version('children', w.ids.childA), patch: { interests: '画画' } }),
      expect: { inside: OK, outside: SCOPE, admin: OK },
    }],
  },
  'child.reveal': { variants: [{ name: 'child A\'s guardian phone', input: (w) => ({ id: w.ids.childA, field: 'guardian.phone' }), expect: { inside: OK, outside: SCOPE, admin: OK } }] },
  'child.importSheet': {
    variants: [
      {
        name: 'another user\'s upload, into A1',
        input: (w) => ({ fileID: `cloud://env/child-imports/${w.ids.volA}/az.xlsx`, orgCode: w.orgs.a1.code, dryRun: true }),
        expect: { inside: NOT_OWN_UPLOAD, outside: NOT_OWN_UPLOAD, admin: NOT_OWN_UPLOAD },
      },
      {
        name: 'the caller\'s own (missing) upload, into A1',
        input: (w, cell) => ({ fileID: `cloud://env/child-imports/${userIdFor(cell.openid)}/az.xlsx`, orgCode: w.orgs.a1.code, dryRun: true }),
        expect: { inside: refused('NOT_FOUND', '没有找到上传的表格，请重新上传'), outside: SCOPE, admin: refused('NOT_FOUND', '没有找到上传的表格，请重新上传') },
      },
    ],
  },
  'child.exportSheet': {
    variants: [{ name: 'community A1', input: (w) => ({ layout: 'xm-2', orgCode: w.orgs.a1.code }), expect: { inside: OK, outside: SCOPE, admin: OK } }],
  },
  'child.careCard': {
    variants: [{ name: 'child A (paired with volunteer A)', input: (w) => ({ childId: w.ids.childA }), expect: { volunteer: OK, volunteer2: refused('NOT_FOUND', '没有找到您结对的这名儿童'), admin: refused('NOT_FOUND', '没有找到您结对的这名儿童') } }],
  },
  'child.careList': { variants: [{ name: 'own children', input: () => ({}), expect: { volunteers: OK, admin: OK } }] },

  // ——— pairing ———
  'pairing.suggest': { variants: [{ name: 'own subtree', input: () => ({}), expect: { inside: OK, outside: OK, admin: OK } }] },
  'pairing.candidates': { variants: [{ name: 'child A', input: (w) => ({ childId: w.ids.childA }), expect: { inside: OK, outside: SCOPE, admin: OK } }] },
  'pairing.propose': {
    variants: [
      {
        name: 'a child and a volunteer in A1',
        input: async (w, cell) => ({ childId: cell.fresh ? await freshChild(w) : w.ids.childA, volunteerId: cell.fresh ? await freshVolunteer(w) : w.ids.spare }),
        expect: { inside: OK, outside: SCOPE, admin: OK },
      },
      {
        name: 'a child in A1, a volunteer in A2',
        input: async (w, cell) => ({ childId: cell.fresh ? await freshChild(w) : w.ids.childA, volunteerId: cell.fresh ? await freshVolunteer(w, 'a2') : w.ids.spare2 }),
        expect: { city: OK, district: OK, street: OK, community: SCOPE, outside: SCOPE, admin: OK },
      },
    ],
  },
  'pairing.confirmMany': {
    variants: [{
      name: 'one suggestion in A1',
      // refusals come per item inside a successful answer: each item must carry the gate's answer
      leakOk: { labels: ['child A'], why: 'each result echoes the childId the caller sent' },
      input: async (w, cell) => {
        const inScope = cell.who === 'admin' || ['city', 'district', 'street', 'community'].includes(cell.who);
        return { items: [{ childId: inScope ? await freshChild(w) : w.ids.childA, volunteerId: inScope ? await freshVolunteer(w) : w.ids.spare }] };
      },
      expect: { inside: OK, outside: OK, admin: OK },
      check: (data, _w, cell) => {
        const [item] = (data as { results: { ok: boolean; code: string | null; message: string | null }[] }).results;
        const inScope = cell.who === 'admin' || ['city', 'district', 'street', 'community'].includes(cell.who);
        const want = inScope ? { ok: true, code: null, message: null } : { ok: false, code: 'FORBIDDEN', message: '该记录不在您的管辖范围内' };
        if (item.ok !== want.ok || item.code !== want.code || item.message !== want.message) throw new Error(`item answered ${JSON.stringify(item)}, expected ${JSON.stringify(want)}`);
      },
    }],
  },
  'pairing.recordConsent': {
    variants: [{
      name: 'a proposed pairing in A1',
      input: async (w, cell) => ({ id: await target(cell, w.ids.pairProposed, () => freshProposed(w)), version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-03-10' }),
      expect: { inside: OK, outside: SCOPE, admin: OK },
    }],
  },
  'pairing.cancel': {
    variants: [{
      name: 'a proposed pairing in A1',
      input: async (w, cell) => ({ id: await target(cell, w.ids.pairProposed, () => freshProposed(w)), version: 1, reason: '测试取消' }),
      expect: { inside: OK, outside: SCOPE, admin: OK },
    }],
  },
  'pairing.end': {
    variants: [{
      name: 'an active pairing in A1',
      input: async (w, cell) => {
        const id = await target(cell, w.ids.pairA, () => freshActive(w));
        return { id, version: await version('pairings', id), reason: '测试结束' };
      },
      expect: { inside: OK, outside: SCOPE, admin: OK },
    }],
  },
  'pairing.transfer': {
    variants: [{
      name: 'an active pairing in A1, to another volunteer in A1',
      input: async (w, cell) => {
        const id = await target(cell, w.ids.pairA, () => freshActive(w));
        return { id, version: await version('pairings', id), volunteerId: cell.fresh ? await freshVolunteer(w) : w.ids.spare, reason: '测试转交' };
      },
      expect: { inside: OK, outside: SCOPE, admin: OK },
    }],
  },
  'pairing.list': {
    variants: [
      { name: 'own subtree', input: () => ({}), expect: { inside: OK, outside: OK, admin: OK } },
      { name: 'filtered to community A1', input: (w) => ({ orgCode: w.orgs.a1.code }), expect: { inside: OK, outside: SCOPE, admin: OK } },
    ],
  },
  'pairing.allocation': { variants: [{ name: 'own subtree', input: () => ({}), expect: { inside: OK, outside: OK, admin: OK } }] },
  'pairing.exportSheet': {
    world: 'longgang', // 遂宁 has no pairing sheet
    variants: [{ name: 'community A1 (龙岗 annex 3)', input: (w) => ({ layout: 'lg-3', orgCode: w.orgs.a1.code }), expect: { inside: OK, outside: SCOPE, admin: OK } }],
  },
  'pairing.exportCard': {
    variants: [{ name: 'pairing A', input: (w) => ({ id: w.ids.pairA, layout: 'sn-3' }), expect: { inside: OK, outside: SCOPE, admin: OK } }],
  },
  'pairing.mine': { variants: [{ name: 'own pairings', input: () => ({}), expect: { volunteers: OK, admin: OK } }] },
  'pairing.respond': {
    variants: [{
      name: 'an offer to volunteer A',
      input: async (w, cell) => {
        if (!cell.fresh) return { id: w.ids.pairOffer, accept: true };
        const p = await admin(w).ok('pairing', 'propose', { childId: await freshChild(w), volunteerId: w.ids.volA });
        await admin(w).ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-03-10' });
        return { id: p.id, accept: true };
      },
      expect: { volunteer: OK, volunteer2: NO_OFFER, admin: NO_OFFER },
    }],
  },
  'pairing.setMessage': {
    variants: [{ name: 'pairing A', input: (w) => ({ id: w.ids.pairA, message: '一起加油' }), expect: { volunteer: OK, volunteer2: NO_OFFER, admin: NO_OFFER } }],
  },
  'pairing.card': {
    lacking: ['pairing.manage'],
    variants: [{ name: 'pairing A', input: (w) => ({ id: w.ids.pairA }), expect: { volunteer: OK, volunteer2: refused('NOT_FOUND', '没有找到该结对卡'), inside: OK, outside: SCOPE, lacking: refused('FORBIDDEN', '该记录不在您的管辖范围内', 'card: staff without pairing.manage'), admin: OK } }],
  },

  'pairing.reconcile': { variants: [{ name: 'the recount now', input: () => ({}), expect: { admin: OK } }, { name: 'the last run', input: () => ({ run: false }), expect: { admin: OK } }] },

  // ——— wish ———
  'wish.list': { variants: [{ name: 'the public board', input: () => ({}), expect: { users: OK, volunteers: OK, staff: OK, admin: OK } }] },
  'wish.get': { variants: [{ name: 'wish A2 (published)', input: (w) => ({ id: w.ids.wishA2 }), expect: { users: OK, volunteers: OK, staff: OK, admin: OK } }] },
  'wish.claim': {
    variants: [{
      name: 'a published wish',
      input: async (w, cell) => ({ id: cell.fresh ? await published(w) : w.ids.wishA2 }),
      expect: { users: OK, volunteers: OK, staff: OK, admin: OK },
    }],
  },
  'wish.cancel': {
    variants: [{
      name: 'wish A, claimed by the donor',
      input: async (w, cell) => ({ id: await target(cell, w.ids.wishA, () => claimed(w)) }),
      expect: { donor: OK, donor2: NOT_CLAIMANT_CANCEL, users: NOT_CLAIMANT_CANCEL, volunteers: NOT_CLAIMANT_CANCEL, staff: NOT_CLAIMANT_CANCEL, admin: NOT_CLAIMANT_CANCEL },
    }],
  },
  'wish.send': {
    variants: [{
      name: 'wish A, claimed by the donor',
      input: async (w, cell) => ({ id: await target(cell, w.ids.wishA, () => claimed(w)), mode: 'office' }),
      expect: { donor: OK, donor2: NOT_CLAIMANT_SEND, users: NOT_CLAIMANT_SEND, volunteers: NOT_CLAIMANT_SEND, staff: NOT_CLAIMANT_SEND, admin: NOT_CLAIMANT_SEND },
    }],
  },
  'wish.mine': { variants: [{ name: 'own claims', input: () => ({}), expect: { users: OK, volunteers: OK, staff: OK, admin: OK } }] },
  'wish.thanksWall': { variants: [{ name: 'the wall', input: () => ({}), expect: { users: OK, volunteers: OK, staff: OK, admin: OK } }] },
  'wish.donorBoard': { variants: [{ name: 'the board', input: () => ({}), expect: { users: OK, volunteers: OK, staff: OK, admin: OK } }] },
  'wish.collect': {
    lacking: ['wish.review', 'child.write'],
    variants: [{
      name: 'for child A',
      input: (w) => wishInput(w.ids.childA, { title: `心愿${w.seq()}` }),
      expect: { volunteer: OK, volunteer2: NOT_COLLECTOR('采集心愿'), inside: OK, outside: NOT_COLLECTOR('采集心愿'), lacking: NOT_COLLECTOR('采集心愿'), admin: OK },
    }],
  },
  'wish.resubmit': {
    variants: [{
      name: 'a returned wish for child A',
      input: async (w, cell) => {
        const id = await target(cell, w.ids.wishReturned, () => returned(w));
        const { childId: _child, ...fields } = wishInput(w.ids.childA);
        return { id, version: await version('wishes', id), ...fields };
      },
      expect: { volunteer: OK, volunteer2: NOT_COLLECTOR('修改心愿'), inside: OK, outside: NOT_COLLECTOR('修改心愿'), admin: OK },
    }],
  },
  'wish.queue': { variants: [{ name: 'own queue', input: () => ({}), expect: { volunteers: OK, inside: OK, outside: OK, admin: OK } }] },
  'wish.staffGet': {
    variants: [
      { name: 'wish A', input: (w) => ({ id: w.ids.wishA }), expect: { volunteer: OK, volunteer2: NOT_STAFF_SIDE, inside: OK, outside: NOT_STAFF_SIDE, admin: OK } },
      {
        name: 'a pending wish, by staff without wish.review (a collector, not a reviewer)',
        lacking: ['wish.review'],
        input: (w) => ({ id: w.ids.wishPending }),
        expect: { volunteer: OK, volunteer2: NOT_STAFF_SIDE, inside: OK, outside: NOT_STAFF_SIDE, lacking: OK, admin: OK },
        // only a reviewer (wish.review over the wish's node) is offered the review
        check: (data, _w, cell) => {
          const review = (data as { can: { review: boolean } }).can.review;
          const want = cell.who === 'admin' || ['city', 'district', 'street', 'community'].includes(cell.who);
          if (review !== want) throw new Error(`can.review is ${review}, expected ${want}`);
        },
      },
    ],
  },
  'wish.review': {
    variants: [{
      name: 'a pending wish for child A',
      input: async (w, cell) => ({ id: await target(cell, w.ids.wishPending, () => collected(w, w.ids.childA)), decision: 'approve' }),
      expect: { inside: OK, outside: NOT_REVIEWER('审核心愿'), admin: OK },
    }],
  },
  'wish.revoke': {
    variants: [{
      name: 'wish A, claimed by the donor',
      input: async (w, cell) => ({ id: await target(cell, w.ids.wishA, () => claimed(w)), reason: '测试撤回' }),
      expect: { inside: OK, outside: NOT_REVIEWER('撤销认领'), admin: OK },
    }],
  },
  'wish.receive': {
    variants: [{
      name: 'a sent wish for a child in A1',
      input: async (w, cell) => ({ id: await target(cell, w.ids.wishSent, () => sent(w)) }),
      expect: { volunteer: OK, volunteer2: NOT_COLLECTOR('确认收到'), inside: OK, outside: NOT_COLLECTOR('确认收到'), admin: OK },
    }],
  },
  'wish.thank': {
    variants: [{
      name: 'a received wish for a child in A1',
      input: async (w, cell) => {
        const id = await target(cell, w.ids.wishReceived, async () => {
          const s = await sent(w);
          await admin(w).ok('wish', 'receive', { id: s });
          return s;
        });
        return { id, text: '谢谢您' };
      },
      expect: { volunteer: OK, volunteer2: NOT_COLLECTOR('回赠感谢'), inside: OK, outside: NOT_COLLECTOR('回赠感谢'), admin: OK },
    }],
  },
  'wish.approvePhoto': {
    variants: [{
      name: 'volunteer A\'s thanks photo, waiting',
      input: async (w, cell) => ({ id: await target(cell, w.ids.wishThanked, () => thankedWithPhoto(w)) }),
      expect: { inside: OK, outside: NOT_REVIEWER('审核照片'), admin: OK },
    }],
  },

  'wish.reconcile': { variants: [{ name: 'the recount now', input: () => ({}), expect: { admin: OK } }, { name: 'the last run', input: () => ({ run: false }), expect: { admin: OK } }] },

  // ——— visit ———
  'visit.checkIn': {
    variants: [{
      name: 'for child A',
      input: (w) => ({ clientId: `az-checkin-${w.seq()}`, childId: w.ids.childA, kind: 'call', at: '2026-03-14T05:00:00.000Z', durationMinutes: 15 }),
      expect: { volunteer: OK, volunteer2: refused('FORBIDDEN', '您不是这名孩子当前结对的爱心妈妈'), admin: refused('FORBIDDEN', '您不是这名孩子当前结对的爱心妈妈') },
    }],
  },
  'visit.mine': { variants: [{ name: 'own visits', input: () => ({}), expect: { volunteers: OK, admin: OK } }] },
  'visit.board': { variants: [{ name: 'own subtree', input: () => ({}), expect: { inside: OK, outside: OK, admin: OK } }] },
  'visit.flags': { variants: [{ name: 'own subtree', input: () => ({}), expect: { inside: OK, outside: OK, admin: OK } }] },
  'visit.closeFlag': {
    variants: [{
      name: 'a flag on child A',
      input: async (w, cell) => {
        if (!cell.fresh) return { id: w.ids.flagA, action: '已电话联系监护人' };
        const checkInId = await checkIn(w, { kind: 'home_visit', flag: '孩子情绪低落' });
        const flag = (w.cloud.store.rawDocuments('visit_flags') as { _id: string; checkInId: string }[]).find((f) => f.checkInId === checkInId)!;
        return { id: flag._id, action: '已电话联系监护人' };
      },
      expect: { inside: OK, outside: SCOPE, admin: OK },
    }],
  },
  'visit.correct': {
    variants: [{
      name: 'volunteer A\'s check-in',
      input: async (w, cell) => {
        const id = await target(cell, w.ids.visitA, () => checkIn(w));
        return { id, version: await checkInVersion(id), ...correction };
      },
      expect: { volunteer: OK, volunteer2: refused('NOT_FOUND', '没有找到这条走访记录'), admin: refused('NOT_FOUND', '没有找到这条走访记录') },
    }],
  },
  'visit.corrections': { variants: [{ name: 'own subtree', input: () => ({}), expect: { inside: OK, outside: OK, admin: OK } }] },
  'visit.reviewCorrection': {
    variants: [{
      name: 'a pending correction on child A',
      input: async (w, cell) => {
        const id = await target(cell, w.ids.visitCorrected, () => pendingCorrection(w));
        return { id, version: await checkInVersion(id), approve: true };
      },
      expect: { inside: OK, outside: SCOPE, admin: OK },
    }],
  },
  'visit.team': { variants: [{ name: 'own team', input: () => ({}), expect: { volunteer: OK, volunteer2: refused('NOT_FOUND', '您还没有加入爱心妈妈服务队'), admin: refused('NOT_FOUND', '您还没有加入爱心妈妈服务队') } }] },
  'visit.sharedEntry': {
    variants: [{
      name: 'volunteer A\'s check-in',
      input: (w) => ({ id: w.ids.visitA }),
      expect: { volunteer: OK, volunteer2: NOT_TEAM, users: NOT_TEAM, inside: OK, outside: NOT_TEAM, admin: OK },
    }],
  },
  'visit.linkTeamGroup': {
    lacking: ['visit.read', 'volunteer.read'],
    variants: [{
      name: 'team A',
      input: async (w, cell) => ({ teamId: w.ids.teamA, groupTicket: await groupTicket(w, cell.openid) }),
      expect: { volunteer: OK, volunteer2: NOT_LINKER, inside: OK, outside: NOT_LINKER, lacking: NOT_LINKER, admin: OK },
    }],
  },
  'visit.unlinkTeamGroup': {
    lacking: ['visit.read', 'volunteer.read'],
    variants: [{
      name: 'team A',
      input: (w) => ({ teamId: w.ids.teamA }),
      expect: { volunteer: OK, volunteer2: NOT_LINKER, inside: OK, outside: NOT_LINKER, lacking: NOT_LINKER, admin: OK },
    }],
  },
  'visit.timeline': {
    lacking: ['visit.read'],
    variants: [{ name: 'child A', input: (w) => ({ childId: w.ids.childA }), expect: { volunteer: OK, volunteer2: NO_TIMELINE, inside: OK, outside: NO_TIMELINE, lacking: NO_TIMELINE, admin: OK } }],
  },
  'visit.reconcile': { variants: [{ name: 'the recount now', input: () => ({}), expect: { admin: OK } }, { name: 'the last run', input: () => ({ run: false }), expect: { admin: OK } }] },

  // ——— report: dashboard, annexes, commendation (main world) ———
  'report.dashboard': {
    variants: [
      { name: 'own node', input: () => ({}), expect: { inside: OK, outside: OK, admin: OK } },
      { name: 'community A1', input: (w) => ({ orgCode: w.orgs.a1.code }), expect: { inside: OK, outside: SCOPE, admin: OK } },
    ],
  },
  'report.drill': {
    variants: [
      { name: 'own subtree\'s children', input: () => ({ tile: 'children' }), expect: { inside: OK, outside: OK, admin: OK } },
      { name: 'community A1\'s children', input: (w) => ({ orgCode: w.orgs.a1.code, tile: 'children' }), expect: { inside: OK, outside: SCOPE, admin: OK } },
    ],
  },
  'report.annexes': { lacking: ['child.read'], variants: [{ name: 'the programme\'s annexes', input: () => ({}), expect: { inside: OK, outside: OK, lacking: OK, admin: OK } }] },
  'report.exportAnnex': {
    variants: [
      { name: 'child forms of community A1', input: (w) => ({ key: 'sn-1', orgCode: w.orgs.a1.code }), expect: { inside: OK, outside: SCOPE, admin: OK } },
      { name: 'volunteer A\'s sign-up form', input: (w) => ({ key: 'sn-2', volunteerId: w.ids.volA }), expect: { inside: OK, outside: SCOPE, admin: OK } },
      {
        name: 'child forms of community A1, by staff without child.export',
        lacking: ['child.export'],
        input: (w) => ({ key: 'sn-1', orgCode: w.orgs.a1.code }),
        expect: { inside: OK, outside: SCOPE, lacking: refused('FORBIDDEN', '导出附件1「遂宁市留守女童基本信息采集表」需要“导出儿童台账”权限，请联系管理员开通', 'annex data permission'), admin: OK },
      },
      {
        name: 'volunteer A\'s sign-up form, by staff without volunteer.read',
        lacking: ['volunteer.read'],
        input: (w) => ({ key: 'sn-2', volunteerId: w.ids.volA }),
        expect: { inside: OK, outside: SCOPE, lacking: refused('FORBIDDEN', '导出附件2「遂宁市“爱心妈妈”志愿申报表」需要“查看爱心妈妈名册”权限，请联系管理员开通', 'annex data permission'), admin: OK },
      },
    ],
  },
  'report.exportLink': {
    variants: [{
      name: 'an export the community staff of A1 made',
      input: async (w) => ({ fileID: await exportOf(w) }),
      // the maker alone; any other staff member or the admin gets the same refusal
      expect: { community: OK, staff: refused('FORBIDDEN', '只能下载您本人导出的文件'), admin: refused('FORBIDDEN', '只能下载您本人导出的文件') },
    }],
  },
  'report.shortlist': { variants: [{ name: 'own subtree', input: () => ({ year: YEAR }), expect: { inside: OK, outside: OK, admin: OK } }] },
  'report.nominate': {
    variants: [{
      name: 'a volunteer in A1',
      input: async (w, cell) => ({ year: YEAR, volunteerId: cell.fresh ? await freshVolunteer(w) : w.ids.volA, reason: '热心负责' }),
      expect: { inside: OK, outside: refused('FORBIDDEN', '该爱心妈妈不在您的管辖范围内'), admin: OK },
    }],
  },
  'report.decide': {
    variants: [{
      name: 'a nomination by district A',
      input: async (w, cell) => {
        const n = cell.fresh ? await freshNomination(w) : { id: w.ids.nomination, version: 1 };
        return { id: n.id, version: n.version, decision: 'approve' };
      },
      expect: { city: OK, district: NOT_PARENT, street: NOT_PARENT, community: NOT_PARENT, outside: NOT_PARENT, admin: OK },
    }],
  },
  'report.withdraw': {
    variants: [{
      name: 'a nomination by district A',
      input: async (w, cell) => (cell.fresh ? freshNomination(w) : { id: w.ids.nomination, version: 1 }),
      expect: { district: OK, city: NOT_NOMINATOR, street: NOT_NOMINATOR, community: NOT_NOMINATOR, outside: NOT_NOMINATOR, admin: NOT_NOMINATOR },
    }],
  },
  'report.nominations': { variants: [{ name: 'own node', input: () => ({ year: YEAR }), expect: { inside: OK, outside: OK, admin: OK } }] },
  'report.mine': { variants: [{ name: 'own honours', input: () => ({}), expect: { volunteers: OK, admin: OK } }] },
  'report.certificate': {
    variants: [{ name: 'an approved certificate (public card)', input: (w) => ({ id: w.ids.certificate }), expect: { users: OK, volunteers: OK, staff: OK, admin: OK } }],
  },
  'report.subscribe': { variants: [{ name: 'own acceptance', input: () => ({}), expect: { volunteers: OK, admin: OK } }] },

  // ——— report calendar (晋江 world) ———
  'report.periods': {
    world: 'calendar', lacking: ['report.read', 'report.submit'],
    variants: [
      { name: 'own node', input: () => ({}), expect: { inside: OK, outside: OK, lacking: PERM, admin: OK } },
      { name: 'street A', input: (w) => ({ orgCode: w.orgs.sA.code }), expect: { city: OK, district: OK, street: OK, community: SCOPE, outside: SCOPE, lacking: PERM, admin: OK } },
    ],
  },
  'report.draft': {
    world: 'calendar',
    variants: [{ name: 'street A, February', input: (w) => ({ orgCode: w.orgs.sA.code, periodKey: '2026-02' }), expect: { city: OK, district: OK, street: OK, community: SCOPE, outside: SCOPE, admin: OK } }],
  },
  'report.get': {
    world: 'calendar', lacking: ['report.read', 'report.submit'],
    variants: [{ name: 'street A, January (submitted)', input: (w) => ({ orgCode: w.orgs.sA.code, periodKey: '2026-01' }), expect: { city: OK, district: OK, street: OK, community: SCOPE, outside: SCOPE, lacking: PERM, admin: OK } }],
  },
  'report.save': {
    world: 'calendar',
    variants: [{
      name: 'street A, February',
      input: async (w) => ({ orgCode: w.orgs.sA.code, periodKey: '2026-02', version: (await doc<{ version: number } | undefined>('reports', `${w.orgs.sA.code}_2026-02`))?.version ?? 0, narrative: {} }),
      expect: { city: OK, district: OK, street: OK, community: SCOPE, outside: SCOPE, admin: OK },
    }],
  },
  'report.submit': {
    world: 'calendar',
    variants: [{
      name: 'street A, a fresh month',
      input: async (w, cell) => {
        const periodKey = cell.fresh ? freshMonth() : '2026-02';
        return { orgCode: w.orgs.sA.code, periodKey, version: await savedReport(w, periodKey) };
      },
      expect: { inside: OK, community: SCOPE, outside: SCOPE, admin: OK },
    }],
  },
  'report.reopen': {
    world: 'calendar',
    variants: [{
      name: 'street A\'s submitted report',
      input: async (w, cell) => {
        const periodKey = cell.fresh ? await submittedReport(w, freshMonth()) : '2026-01';
        return { orgCode: w.orgs.sA.code, periodKey, reason: '请补充' };
      },
      expect: { city: OK, district: refused('FORBIDDEN', '只有上级可以退回报告'), street: refused('FORBIDDEN', '只有上级可以退回报告'), community: SCOPE, outside: SCOPE, admin: OK },
    }],
  },
  'report.status': {
    world: 'calendar',
    variants: [{ name: 'street A', input: (w) => ({ orgCode: w.orgs.sA.code }), expect: { city: OK, district: OK, street: OK, community: SCOPE, outside: SCOPE, admin: OK } }],
  },
  'report.remindMe': { world: 'calendar', variants: [{ name: 'own reminders', input: () => ({}), expect: { inside: OK, outside: OK, admin: OK } }] },
};

export { ROLE };
