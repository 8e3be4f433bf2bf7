/** Shared by tests/functions/report-annex*.test.ts: volunteers as the volunteer function leaves them, and reading exports back. */
import http from 'http';
import ExcelJS from 'exceljs';
import { as } from '../../helpers/cloud';
import type { LocalCloud } from '../../../localcloud/server';
import { userIdFor } from '../../../src/server/ids';
import { appIdFor } from '../../../src/functions/volunteer/store';
import { seal } from '../../../src/server/crypto';
import { syntheticIdNumber, sheet } from '../../../src/domain/child';
import { db } from '../child/world';

export { db };

/** An application with every field the sign-up forms ask (synthetic values), at a node. */
export async function volunteerApp(
  cloud: LocalCloud,
  openid: string,
  org: { code: string; name: string; path: string[] },
  i: number,
  over: Record<string, unknown> = {},
): Promise<string> {
  await as(cloud, openid).ok('account', 'login', {});
  const userId = userIdFor(openid);
  const status = (over.status as string) ?? 'approved';
  if (status === 'approved') await db().collection('users').doc(userId).update({ roles: ['donor', 'volunteer'], volunteerStatus: 'approved' });
  const birthDate = `198${i % 10}-0${(i % 9) + 1}-15`;
  await db().collection('volunteer_applications').add({
    _id: appIdFor(userId), userId, openid, status, version: 3, round: 1, applicantKind: 'individual', groupName: null, groupSize: null,
    name: `测试妈妈${'甲乙丙丁戊己'[i % 6]}`,
    form: {
      employerAndPost: `测试单位${i} 会计`, homeAddress: `测试路${i}号`, wechatOrQq: `wx_test${i}`, email: `t${i}@example.com`,
      pairingForms: ['one_to_one', 'group_activity'], serviceModes: ['phone'], serviceTimes: ['weekends'], skills: '讲故事',
      suggestions: '多组织活动', remarks: '', education: 'bachelor', politicalStatus: 'masses', preferredChild: '小学年龄',
    },
    idNumber: seal(syntheticIdNumber(birthDate, 300 + i, 'female')), phone: seal(`1380000${String(7000 + i)}`), phoneVerified: true,
    birthDate, age: 40, declarations: [], orgCode: org.code, orgName: org.name, orgPath: org.path,
    preferredAreaCode: org.code, preferredAreaName: org.name, steps: [], stepIndex: 0, actorCode: null,
    decisions: [], history: [], rejectReason: null, submittedAt: '2026-01-10T02:00:00.000Z', decidedAt: null, updatedAt: '2026-01-10T02:00:00.000Z',
    volunteerNumber: null, approvedAt: '2026-01-12T02:00:00.000Z', term: null, commitments: [], teamId: null, teamName: null, teamKind: null, notifyAllowance: 0,
    ...over,
  });
  return userId;
}
export const volunteerPhone = (i: number): string => `1380000${String(7000 + i)}`;

export const download = (url: string): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    http.get(url, (res) => {
      const c: Buffer[] = [];
      res.on('data', (d) => c.push(d));
      res.on('end', () => resolve(Buffer.concat(c)));
    }).on('error', reject);
  });

/** Every worksheet: its name and its rows as text (1-based rows at index n-1). */
export async function readBook(content: Buffer): Promise<{ name: string; rows: string[][] }[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(content as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      rows[n - 1] = Array.from((row.values as unknown[]).slice(1), (v) => (v === undefined || v === null ? '' : sheet.cellText(v)));
    });
    for (let k = 0; k < rows.length; k++) rows[k] = rows[k] ?? [];
    return { name: ws.name, rows };
  });
}

/** A form sheet's label / value pairs (column A → column B), first occurrence of each label. */
export function formValues(rows: string[][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rows) if (r[0] && !(r[0] in out)) out[r[0]] = r[1] ?? '';
  return out;
}
