/**
 * The authorization matrix's shared worlds (tests/authz/matrix.test.ts). Built once per world in
 * beforeAll through the real functions where that is cheap, and straight into the store where the
 * flow is tested elsewhere (approved volunteers, a team). Synthetic names only.
 *
 * Main world (遂宁, two branches wide, four levels):
 *   sn ─ sn-chuanshan ─ st-a ─ cm-a1 (child A ↔ volunteer A, team A, wish A claimed by the donor)
 *      │                    └ cm-a2 (child A2 ↔ volunteer B, wish A2)
 *      └ sn-anju ───── st-b ─ cm-b1 (child B ↔ volunteer C, wish B)
 * Calendar world (晋江, the report calendar 遂宁 does not have; streets report):
 *   jj ─ jj-qingyang ─ jj-qy-c1, jj-qy-c2
 *      └ jj-meiling ── jj-ml-c1
 */
import type { LocalCloud } from '../../localcloud/server';
import { as, ADMIN } from '../helpers/cloud';
import { addOrg, ALL_PERMISSIONS, makeStaff, setupProgramme } from '../helpers/fixtures';
import type { Permission } from '../../src/contract';
import { childInput } from '../domain/child/fixtures';
import { ORGS } from '../domain/child/world';
import { db } from '../domain/pairing/world';
import { volunteerApp } from '../domain/report/annex-world';
import { wishInput } from '../domain/wish/world';
import { suiningForm } from '../domain/volunteer/fixtures';
import { nameFor } from '../domain/volunteer/synthetic';
import { appIdFor } from '../../src/functions/volunteer/store';
import { userIdFor } from '../../src/server/ids';

export { ADMIN };

/** Who calls. Each world maps the kinds it has to an openid ('' = no identity). */
export type Who =
  | 'anon' | 'unknown' | 'applicant' | 'donor' | 'donor2' | 'volunteer' | 'volunteer2'
  | 'city' | 'district' | 'street' | 'community' | 'sibling' | 'otherDistrict' | 'lacking' | 'admin';

export const WHO_ORDER: Who[] = ['anon', 'unknown', 'applicant', 'donor', 'donor2', 'volunteer', 'volunteer2', 'city', 'district', 'street', 'community', 'sibling', 'otherDistrict', 'lacking', 'admin'];

export const WHO_LABEL: Record<Who, string> = {
  anon: 'anonymous (no openid)',
  unknown: 'unknown WeChat user (never logged in)',
  applicant: 'applicant (submitted, not approved)',
  donor: 'donor (on her own claim)',
  donor2: 'donor (on another donor\'s claim)',
  volunteer: 'approved volunteer (on her own record)',
  volunteer2: 'approved volunteer (on another volunteer\'s record)',
  city: 'staff, city level (inside)',
  district: 'staff, district level (inside)',
  street: 'staff, street level (inside)',
  community: 'staff, community level (the record\'s own node)',
  sibling: 'staff, sibling community (outside)',
  otherDistrict: 'staff, the other district / street branch (outside)',
  lacking: 'staff, district level (inside) without the action\'s permission',
  admin: 'admin',
};

/** A record the leak scan looks for in every successful answer: its ids and distinctive text. */
export interface Marker {
  label: string;
  needles: string[];
  orgPath: string[];
  /** identities that own it (a volunteer's own pairing, a donor's own claim) */
  owners: Who[];
}

export interface Org {
  code: string;
  name: string;
  path: string[];
}

export interface World {
  cloud: LocalCloud;
  name: 'main' | 'calendar' | 'longgang';
  openid: Record<Exclude<Who, 'lacking'>, string>;
  /** the staff's node per staff kind */
  staffOrg: Partial<Record<Who, string>>;
  /** the lacking staff's openid per permission (all permissions but that one) */
  lacking: (perms: readonly Permission[]) => string;
  markers: Marker[];
  /** ids and versions the fixtures use */
  ids: Record<string, string>;
  orgs: Record<string, Org>;
  /** a unique suffix for records made per cell */
  seq: () => number;
}

const P = (...codes: string[]) => codes;
const SN_ORGS: Record<string, Org> = {
  root: { code: 'sn', name: '遂宁市', path: P('sn') },
  A: { code: ORGS.countyA, name: '船山区', path: P('sn', ORGS.countyA) },
  sA: { code: ORGS.streetA, name: '测试街道甲', path: P('sn', ORGS.countyA, ORGS.streetA) },
  a1: { code: ORGS.communityA1, name: '测试社区甲一', path: P('sn', ORGS.countyA, ORGS.streetA, ORGS.communityA1) },
  a2: { code: ORGS.communityA2, name: '测试社区甲二', path: P('sn', ORGS.countyA, ORGS.streetA, ORGS.communityA2) },
  B: { code: ORGS.countyB, name: '安居区', path: P('sn', ORGS.countyB) },
  sB: { code: ORGS.streetB, name: '测试街道乙', path: P('sn', ORGS.countyB, ORGS.streetB) },
  b1: { code: ORGS.communityB1, name: '测试社区乙一', path: P('sn', ORGS.countyB, ORGS.streetB, ORGS.communityB1) },
};

/** Staff accounts lacking exactly one set of permissions, made on first use. */
function lackingStaff(cloud: LocalCloud, orgCode: string, prefix: string, made: Map<string, string>) {
  return async (sets: Permission[][]): Promise<void> => {
    for (const set of sets) {
      const key = [...set].sort().join('+');
      if (made.has(key)) continue;
      const openid = `${prefix}-lack-${made.size}`;
      await makeStaff(cloud, openid, orgCode, ALL_PERMISSIONS.filter((p) => !set.includes(p)));
      made.set(key, openid);
    }
  };
}

/** An approved volunteer with a full application (as the volunteer function leaves one), 一对多. */
export async function approvedVolunteer(cloud: LocalCloud, openid: string, org: Org, i: number, name: string): Promise<string> {
  return volunteerApp(cloud, openid, org, i, {
    name,
    form: { employerAndPost: `测试单位${i} 会计`, homeAddress: `测试路${i}号`, pairingForms: ['one_to_many'], serviceModes: ['phone'], serviceTimes: ['weekends'], skills: '讲故事', education: 'bachelor', politicalStatus: 'masses' },
  });
}

export const MAIN_OPENID = {
  anon: '', unknown: 'az-nobody', applicant: 'az-applicant', donor: 'az-donor', donor2: 'az-donor2', volunteer: 'az-vol-a', volunteer2: 'az-vol-b',
  city: 'az-city', district: 'az-dist-a', street: 'az-street-a', community: 'az-comm-a1', sibling: 'az-comm-a2', otherDistrict: 'az-dist-b', admin: ADMIN,
} as const;

/**
 * The main world. `needLacking` lists the permission sets the fixtures take away from the
 * district-level "lacking" staff (one account per set).
 */
export async function buildMainWorld(cloud: LocalCloud, needLacking: Permission[][]): Promise<World> {
  const O = SN_ORGS;
  const W = MAIN_OPENID;
  await setupProgramme(cloud, 'suining-2019');
  await addOrg(cloud, O.A.code, O.sA.code, O.sA.name, 'street');
  await addOrg(cloud, O.sA.code, O.a1.code, O.a1.name, 'community');
  await addOrg(cloud, O.sA.code, O.a2.code, O.a2.name, 'community');
  await addOrg(cloud, O.B.code, O.sB.code, O.sB.name, 'street');
  await addOrg(cloud, O.sB.code, O.b1.code, O.b1.name, 'community');
  const staffOrg: Partial<Record<Who, string>> = { city: O.root.code, district: O.A.code, street: O.sA.code, community: O.a1.code, sibling: O.a2.code, otherDistrict: O.B.code, lacking: O.A.code };
  for (const k of ['city', 'district', 'street', 'community', 'sibling', 'otherDistrict'] as const) await makeStaff(cloud, W[k], staffOrg[k]!);
  const made = new Map<string, string>();
  await lackingStaff(cloud, O.A.code, 'az', made)(needLacking);

  // children: A (cm-a1), A2 (cm-a2), B (cm-b1)
  const admin = as(cloud, ADMIN);
  const childA = (await admin.ok('child', 'create', childInput(1, O.a1.code, { name: '标记儿童甲' }))).id;
  const childA2 = (await admin.ok('child', 'create', childInput(2, O.a2.code, { name: '标记儿童乙' }))).id;
  const childB = (await admin.ok('child', 'create', childInput(3, O.b1.code, { name: '标记儿童丙' }))).id;
  // volunteers: A (cm-a1, the "own" one), B (cm-a2, "another"), C (cm-b1, the other branch)
  // volunteer A takes up to three children (一对多), so offers to her can be answered per cell
  const volA = await approvedVolunteer(cloud, W.volunteer, O.a1, 1, '测试妈妈甲');
  const volB = await approvedVolunteer(cloud, W.volunteer2, O.a2, 2, '测试妈妈乙');
  const volC = await approvedVolunteer(cloud, 'az-vol-c', O.b1, 3, '测试妈妈丙');
  const spare = await approvedVolunteer(cloud, 'az-vol-spare', O.a1, 4, '测试妈妈丁');
  const spare2 = await approvedVolunteer(cloud, 'az-vol-spare2', O.a2, 5, '测试妈妈戊');
  const activate = async (childId: string, volunteerId: string, openid: string) => {
    const p = await admin.ok('pairing', 'propose', { childId, volunteerId });
    await admin.ok('pairing', 'recordConsent', { id: p.id, version: 1, guardianName: '测试祖母', relation: '祖母', method: 'signed', at: '2026-03-01' });
    await as(cloud, openid).ok('pairing', 'respond', { id: p.id, accept: true });
    return p.id;
  };
  const pairA = await activate(childA, volA, W.volunteer);
  const pairA2 = await activate(childA2, volB, W.volunteer2);
  const pairB = await activate(childB, volC, 'az-vol-c');
  // team A in cm-a1: volunteer A leads it
  await db().collection('volunteer_applications').doc(appIdFor(volA)).update({ teamId: 'az-team-a', teamName: '测试甲一服务队' });
  await db().collection('volunteer_teams').add({
    _id: 'az-team-a', name: '测试甲一服务队', kind: 'local', speciality: null, orgCode: O.a1.code, orgName: O.a1.name, orgPath: O.a1.path,
    leaderId: appIdFor(volA), leaderName: '测试妈妈甲', createdAt: '2026-01-01T00:00:00.000Z',
  });
  // the applicant: submitted in cm-a1, not yet approved
  await as(cloud, W.applicant).ok('account', 'login', {});
  const applicant = (await as(cloud, W.applicant).ok('volunteer', 'submit', suiningForm(7, { orgCode: O.a1.code }))).application.id;
  for (const who of [W.donor, W.donor2]) await as(cloud, who).ok('account', 'login', {});
  // wishes: A (child A) published and claimed by the donor, A2 and B published
  const publish = async (childId: string, staff: string, title: string) => {
    const { id } = await as(cloud, staff).ok('wish', 'collect', wishInput(childId, { title }));
    await as(cloud, staff).ok('wish', 'review', { id, decision: 'approve' });
    return id;
  };
  const wishA = await publish(childA, W.district, '一个新书包');
  const wishA2 = await publish(childA2, W.district, '一套绘本');
  const wishB = await publish(childB, W.otherDistrict, '一双跑鞋');
  await as(cloud, W.donor).ok('wish', 'claim', { id: wishA });
  // check-ins: volunteer A on child A, one with a flag; volunteer C on child B
  const checkIn = (openid: string, childId: string, clientId: string, over: Record<string, unknown> = {}) =>
    as(cloud, openid).ok('visit', 'checkIn', { clientId, childId, kind: 'call', at: '2026-03-14T02:00:00.000Z', durationMinutes: 30, ...over });
  const visitA = (await checkIn(W.volunteer, childA, 'az-checkin-a')).id;
  const flagVisitA = (await checkIn(W.volunteer, childA, 'az-checkin-a-flag', { kind: 'home_visit', flag: '监护人长期外出' })).id;
  const visitB = (await checkIn('az-vol-c', childB, 'az-checkin-b')).id;
  const flags = cloud.store.rawDocuments('visit_flags') as { _id: string; checkInId?: string }[];
  const flagA = flags[0]._id;

  const markers: Marker[] = [
    { label: 'child A', needles: [childA, '标记儿童甲'], orgPath: O.a1.path, owners: ['volunteer'] },
    { label: 'child A2', needles: [childA2, '标记儿童乙'], orgPath: O.a2.path, owners: ['volunteer2'] },
    { label: 'child B', needles: [childB, '标记儿童丙'], orgPath: O.b1.path, owners: [] },
    { label: 'volunteer A', needles: [appIdFor(volA), '测试妈妈甲'], orgPath: O.a1.path, owners: ['volunteer'] },
    { label: 'volunteer B', needles: [appIdFor(volB), '测试妈妈乙'], orgPath: O.a2.path, owners: ['volunteer2'] },
    { label: 'volunteer C', needles: [appIdFor(volC), '测试妈妈丙'], orgPath: O.b1.path, owners: [] },
    { label: 'pairing A', needles: [pairA], orgPath: O.a1.path, owners: ['volunteer'] },
    { label: 'pairing A2', needles: [pairA2], orgPath: O.a2.path, owners: ['volunteer2'] },
    { label: 'pairing B', needles: [pairB], orgPath: O.b1.path, owners: [] },
    { label: 'check-in B', needles: [visitB], orgPath: O.b1.path, owners: [] },
    { label: 'the applicant', needles: [applicant, nameFor(7)], orgPath: O.a1.path, owners: ['applicant'] },
    { label: 'staff of community A2', needles: [`测试${W.sibling.slice(0, 10)}`], orgPath: O.a2.path, owners: ['sibling'] },
    { label: 'staff of district B', needles: [`测试${W.otherDistrict.slice(0, 10)}`], orgPath: O.B.path, owners: ['otherDistrict'] },
  ];
  let n = 0;
  return {
    cloud, name: 'main', openid: W, staffOrg, markers, orgs: O, seq: () => ++n,
    lacking: (perms) => {
      const id = made.get([...perms].sort().join('+'));
      if (!id) throw new Error(`no staff lacking ${perms.join('+')}: list the set in the fixture's lacking`);
      return id;
    },
    ids: {
      childA, childA2, childB, volA, volB, volC, spare, spare2, appA: appIdFor(volA), appB: appIdFor(volB), appC: appIdFor(volC), applicant,
      pairA, pairA2, pairB, wishA, wishA2, wishB, visitA, flagVisitA, visitB, flagA, teamA: 'az-team-a',
      userCommunity: userIdFor(W.community), userCity: userIdFor(W.city), userDistrict: userIdFor(W.district), userSibling: userIdFor(W.sibling), userOther: userIdFor(W.otherDistrict),
    },
  };
}

const two = (root: Org, a: [string, string], b: [string, string]): Record<string, Org> => ({
  root,
  sA: { code: a[0], name: a[1], path: [root.code, a[0]] },
  a1: { code: `${a[0]}-c1`, name: '测试社区甲一', path: [root.code, a[0], `${a[0]}-c1`] },
  a2: { code: `${a[0]}-c2`, name: '测试社区甲二', path: [root.code, a[0], `${a[0]}-c2`] },
  sB: { code: b[0], name: b[1], path: [root.code, b[0]] },
  b1: { code: `${b[0]}-c1`, name: '测试社区乙一', path: [root.code, b[0], `${b[0]}-c1`] },
});

/**
 * Two-level worlds for what 遂宁 does not have: 晋江's report calendar (streets report) and 龙岗's
 * pairing sheet (annex 3). Their trees have no district level, so "district" and "street" are the
 * same street staff, "city" is the root's staff and "otherDistrict" the other street's.
 */
export const TWO_LEVEL = {
  calendar: { preset: 'jinjiang-2024', prefix: 'jz', orgs: two({ code: 'jj', name: '晋江市', path: ['jj'] }, ['jj-qingyang', '青阳街道'], ['jj-meiling', '梅岭街道']) },
  longgang: { preset: 'longgang-2019', prefix: 'lz', orgs: two({ code: 'lg', name: '龙岗区', path: ['lg'] }, ['lg-bantian', '坂田街道'], ['lg-buji', '布吉街道']) },
} as const;

export async function buildTwoLevelWorld(name: keyof typeof TWO_LEVEL, cloud: LocalCloud, needLacking: Permission[][]): Promise<World> {
  const { preset, prefix, orgs: O } = TWO_LEVEL[name];
  const W = {
    anon: '', unknown: `${prefix}-nobody`, applicant: `${prefix}-applicant`, donor: `${prefix}-donor`, donor2: `${prefix}-donor2`, volunteer: `${prefix}-vol-a`, volunteer2: `${prefix}-vol-b`,
    city: `${prefix}-city`, district: `${prefix}-street-a`, street: `${prefix}-street-a`, community: `${prefix}-comm-a1`, sibling: `${prefix}-comm-a2`, otherDistrict: `${prefix}-street-b`, admin: ADMIN,
  };
  await setupProgramme(cloud, preset);
  for (const c of [O.a1, O.a2, O.b1]) await addOrg(cloud, c.path[1], c.code, c.name, 'community');
  const staffOrg: Partial<Record<Who, string>> = { city: O.root.code, district: O.sA.code, street: O.sA.code, community: O.a1.code, sibling: O.a2.code, otherDistrict: O.sB.code, lacking: O.sA.code };
  for (const k of ['city', 'street', 'community', 'sibling', 'otherDistrict'] as const) await makeStaff(cloud, W[k], staffOrg[k]!);
  const made = new Map<string, string>();
  await lackingStaff(cloud, O.sA.code, prefix, made)(needLacking);
  await volunteerApp(cloud, W.volunteer, O.a1, 1, { name: '测试妈妈甲' });
  await volunteerApp(cloud, W.volunteer2, O.a2, 2, { name: '测试妈妈乙' });
  for (const who of [W.applicant, W.donor, W.donor2]) await as(cloud, who).ok('account', 'login', {});
  let n = 0;
  return {
    cloud, name, openid: W, staffOrg, markers: [], orgs: O, seq: () => ++n,
    lacking: (perms) => {
      const id = made.get([...perms].sort().join('+'));
      if (!id) throw new Error(`no staff lacking ${perms.join('+')}: list the set in the fixture's lacking`);
      return id;
    },
    ids: {},
  };
}
