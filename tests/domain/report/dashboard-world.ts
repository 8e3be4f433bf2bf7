/**
 * The dashboard tests' fixed world (遂宁, tests/domain/child/world.ts's org tree): records written
 * straight into the store, so every tile's number can be computed by hand in the test.
 *   sn ─ sn-chuanshan ─ st-a ─ cm-a1, cm-a2
 *      └ sn-anju ───── st-b ─ cm-b1
 */
import type { LocalCloud } from '../../../localcloud/server';
import { ORGS } from '../child/world';

export const A1 = ['sn', ORGS.countyA, ORGS.streetA, ORGS.communityA1];
export const A2 = ['sn', ORGS.countyA, ORGS.streetA, ORGS.communityA2];
export const B1 = ['sn', ORGS.countyB, ORGS.streetB, ORGS.communityB1];
/** The fixed clock: 15 March 2026, 12:00 in Shanghai. */
export const NOW = Date.parse('2026-03-15T04:00:00.000Z');

const at = (p: string[]) => ({ orgPath: p, orgCode: p[p.length - 1] });
const NAMES = ['王小雨', '李小花', '张小月', '刘小云', '陈小星', '杨小雪', '赵小梅', '黄小兰', '周小竹', '吴小菊'];

/** [path, category, risk, paired, createdAt] — see the hand counts in tests/functions/report-dashboard.test.ts. */
export const CHILDREN: [string[], string, string | null, boolean, string][] = [
  [A1, 'left_behind', 'high', false, '2026-01-01T00:00:00.000Z'], // c1
  [A1, 'left_behind', 'high', true, '2025-10-01T00:00:00.000Z'], // c2
  [A1, 'left_behind', 'medium', false, '2025-12-01T00:00:00.000Z'], // c3
  [A1, 'difficult', 'low', true, '2025-10-01T00:00:00.000Z'], // c4
  [A1, 'difficult', null, false, '2025-10-01T00:00:00.000Z'], // c5
  [A2, 'left_behind', 'high', false, '2025-11-01T00:00:00.000Z'], // c6
  [A2, 'left_behind', 'low', true, '2025-10-01T00:00:00.000Z'], // c7
  [B1, 'left_behind', 'high', false, '2026-02-01T00:00:00.000Z'], // c8
  [B1, 'difficult', 'medium', true, '2025-10-01T00:00:00.000Z'], // c9
  [B1, 'left_behind', null, false, '2025-10-01T00:00:00.000Z'], // c10
];

export function childDocs(prefix = 'c', extra = 0) {
  const rows = [...CHILDREN];
  // bulk: unpaired medium-risk children in cm-a2, for the round-trip comparison
  for (let i = 0; i < extra; i++) rows.push([A2, 'left_behind', 'medium', false, '2025-09-01T00:00:00.000Z']);
  return rows.map(([path, category, riskLevel, paired, createdAt], i) => ({
    _id: `${prefix}${i + 1}`, programmeId: 'suining-2019', name: NAMES[i % NAMES.length], sex: 'female', birthDate: '2016-05-01', category, riskLevel, paired,
    ...at(path), idNumber: { enc: 'x', hash: `h${prefix}${i}`, masked: '5109**********0021' }, guardian: { kind: 'grandparent', name: '测试祖母', phone: { enc: 'x', hash: 'y', masked: '138****0000' }, relation: '祖母' },
    needs: [], version: 1, createdAt, createdBy: 'seed', updatedAt: createdAt, updatedBy: 'seed',
  }));
}

/** [childIndex (1-based), status, volunteer] */
const PAIRINGS: [number, string, string][] = [
  [2, 'active', 'v1'], [4, 'active', 'v2'], [7, 'active', 'v3'], [9, 'active', 'v5'],
  [1, 'proposed', 'v1'], [3, 'consented', 'v2'], [8, 'ended', 'v5'], [2, 'proposed', 'v2'],
];

/** [path, status, teamId, teamName] */
const VOLUNTEERS: [string[], string, string | null, string | null][] = [
  [A1, 'approved', 'team-1', '测试甲队'], [A1, 'approved', 'team-1', '测试甲队'], [A2, 'approved', null, null], [A2, 'pending', null, null],
  [B1, 'approved', 'team-2', '测试乙队'], [B1, 'district_approved', null, null], [B1, 'rejected', null, null], [A1, 'withdrawn', null, null],
];

/** [path, kind, at] */
const CHECKINS: [string[], string, string][] = [
  [A1, 'call', '2026-03-02T02:00:00.000Z'], [A1, 'home_visit', '2026-03-10T02:00:00.000Z'], [A2, 'guardian_contact', '2026-03-11T02:00:00.000Z'],
  [B1, 'call', '2026-03-12T02:00:00.000Z'], [A1, 'call', '2026-02-20T02:00:00.000Z'], [B1, 'holiday', '2026-01-20T02:00:00.000Z'],
  [A1, 'call', '2025-12-20T02:00:00.000Z'],
];

/** [path, status, updatedAt] */
const WISHES: [string[], string, string][] = [
  [A1, 'pending', '2026-03-14T04:00:00.000Z'], [A1, 'published', '2026-03-01T04:00:00.000Z'], [A2, 'published', '2026-01-01T04:00:00.000Z'],
  [B1, 'claimed', '2025-11-01T04:00:00.000Z'], [B1, 'thanked', '2026-02-01T04:00:00.000Z'], [A1, 'rejected', '2026-03-10T04:00:00.000Z'],
];

export function buildWorld(cloud: LocalCloud, opts: { extraChildren?: number; extraCheckins?: number } = {}): void {
  const kids = childDocs('c', opts.extraChildren ?? 0);
  cloud.store.insertMany('children', kids);
  cloud.store.insertMany('pairings', PAIRINGS.map(([ci, status, v], i) => {
    const c = kids[ci - 1];
    return {
      _id: `pr${i + 1}`, programmeId: 'suining-2019', status, version: 1, childId: c._id, childName: c.name, childCategory: c.category, childOrgCode: c.orgCode,
      childOrgName: '', orgPath: c.orgPath, volunteerUserId: `u-${v}`, volunteerName: `测试妈妈${v}`, volunteerOrgName: '', volunteerOrgPath: c.orgPath, role: null,
      reasons: [], consent: null, deadline: null, message: '', proposedAt: '2026-01-02T00:00:00.000Z', proposedBy: 'seed',
      acceptedAt: status === 'active' ? '2026-01-03T00:00:00.000Z' : null, closedAt: null, closedBy: null, closeReason: null, transferredFrom: null, transferredTo: null, events: [],
    };
  }));
  cloud.store.insertMany('volunteer_applications', VOLUNTEERS.map(([path, status, teamId, teamName], i) => ({
    _id: `va-v${i + 1}`, userId: `u-v${i + 1}`, status, name: `测试妈妈v${i + 1}`, ...at(path), orgName: '', teamId, teamName, teamKind: teamId ? 'local' : null,
    phone: { enc: 'x', hash: `p${i}`, masked: '139****0001' }, volunteerNumber: status === 'approved' ? `SN2026${String(i + 1).padStart(5, '0')}` : null, submittedAt: '2026-01-01T00:00:00.000Z',
  })));
  const checkins = [...CHECKINS];
  for (let i = 0; i < (opts.extraCheckins ?? 0); i++) checkins.push([A2, 'call', '2025-06-01T02:00:00.000Z']);
  cloud.store.insertMany('visit_checkins', checkins.map(([path, kind, when], i) => ({
    _id: `ck${i + 1}`, pairingId: 'pr1', childId: 'c2', childName: '李小花', orgPath: path, volunteerUserId: 'u-v1', volunteerName: '测试妈妈v1', kind, at: when, durationMinutes: 30, counted: true,
  })));
  cloud.store.insertMany('visit_flags', [
    { _id: 'fl1', checkInId: 'ck1', childId: 'c2', childName: '李小花', orgPath: A1, volunteerUserId: 'u-v1', volunteerName: '测试妈妈v1', reason: '孩子情绪低落', status: 'open', createdAt: '2026-03-01T04:00:00.000Z', closedAt: null, closedBy: null, action: null },
    { _id: 'fl2', checkInId: 'ck4', childId: 'c9', childName: '周小竹', orgPath: B1, volunteerUserId: 'u-v5', volunteerName: '测试妈妈v5', reason: '家中漏雨', status: 'open', createdAt: '2026-03-14T04:00:00.000Z', closedAt: null, closedBy: null, action: null },
    { _id: 'fl3', checkInId: 'ck3', childId: 'c7', childName: '赵小梅', orgPath: A2, volunteerUserId: 'u-v3', volunteerName: '测试妈妈v3', reason: '已处理', status: 'closed', createdAt: '2026-02-01T04:00:00.000Z', closedAt: '2026-02-02T04:00:00.000Z', closedBy: 'x', action: '已联系' },
  ]);
  cloud.store.insertMany('wishes', WISHES.map(([path, status, updatedAt], i) => ({
    _id: `w${i + 1}`, programmeId: 'suining-2019', childId: 'c2', ...at(path), districtCode: path[1], child: { alias: '小同学', age: 9, sex: 'female', districtCode: path[1], districtName: '' },
    title: `测试心愿${i + 1}`, category: 'study', priceYuan: 50, occasion: 'birthday', neededBy: '2026-06-01', childWords: '', status, createdAt: '2025-10-01T00:00:00.000Z', updatedAt, version: 1,
  })));
  // the visit morning timer's tallies (written by src/functions/visit/timers.ts)
  const tally = (code: string, overdue: number, dueSoon: number, onTrack: number) => ({ _id: code, code, overdue, dueSoon, onTrack, at: '2026-03-15T00:00:00.000Z' });
  cloud.store.insertMany('visit_area_status', [
    tally('sn', 2, 1, 1), tally(ORGS.countyA, 2, 0, 1), tally(ORGS.streetA, 2, 0, 1), tally(ORGS.communityA1, 1, 0, 1), tally(ORGS.communityA2, 1, 0, 0),
    tally(ORGS.countyB, 0, 1, 0), tally(ORGS.streetB, 0, 1, 0), tally(ORGS.communityB1, 0, 1, 0),
  ]);
}
