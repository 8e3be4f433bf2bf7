import { AppError } from '../../contract';
import type { ChildDoc } from '../../domain/child';
import type { Handler } from '../../server/handler';
import { unseal, type Sealed } from '../../server/crypto';
import { requireOrg } from '../../server/orgs';
import { storeExport } from '../../server/files';
import { assertInScope, hasPermission, scopeFilter } from '../../server/scope';
import { APPS, type AppDoc } from '../volunteer/store';
import { listAll, loadChildDoc, loadForStaff, PAIRINGS, requireProgramme, today, type PairingDoc } from './store';
import { SEX_LABELS } from '../../domain/child';
import { appIdFor } from '../volunteer/store';
import { colName, writeXlsx } from './xlsx';

/**
 * The summary annexes of active pairings (厦门 附件6, 龙岗 附件3): the annex's exact title, its
 * header line, grouped headers and columns, one row per pairing. Phones are full only for staff
 * holding child.reveal, masked otherwise.
 */
export const exportSheet: Handler<'pairing', 'exportSheet'> = async ({ layout, orgCode }, { db, caller, auditTarget }) => {
  const programme = await requireProgramme(db);
  const annex = programme.annexTables.find((a) => a.key === layout);
  if (!annex || annex.kind !== 'table') throw new AppError('INVALID_INPUT', '本项目没有该附件表格');
  let where = scopeFilter(caller);
  let top = caller.staff?.orgName ?? programme.city;
  if (orgCode) {
    const org = await requireOrg(db, orgCode);
    assertInScope(caller, org.path);
    where = { orgPath: orgCode };
    top = org.name;
  }
  const pairings = await listAll<PairingDoc>(db, PAIRINGS, { ...where, status: 'active' });
  const _ = db.command;
  const kids = new Map<string, ChildDoc>();
  const apps = new Map<string, AppDoc>();
  for (let i = 0; i < pairings.length; i += 500) {
    const chunk = pairings.slice(i, i + 500);
    for (const c of (await db.collection('children').where({ _id: _.in(chunk.map((p) => p.childId)) }).limit(1000).get()).data as ChildDoc[]) kids.set(c._id, c);
    for (const a of (await listAll<AppDoc>(db, APPS, { userId: _.in(chunk.map((p) => p.volunteerUserId)) }))) apps.set(a.userId, a);
  }
  const full = hasPermission(caller, 'child.reveal');
  const phone = (s: Pick<Sealed, 'enc'> & { masked: string } | null | undefined) => (s ? (full ? unseal(s) : s.masked) : '');
  const post = (a?: AppDoc) => (typeof a?.form?.employerAndPost === 'string' ? (a.form.employerAndPost as string) : a?.orgName ?? '');
  const rows = pairings.map((p, i) => {
    const c = kids.get(p.childId);
    const a = apps.get(p.volunteerUserId);
    const school = [c?.school ?? '', c?.className ?? ''].filter(Boolean).join(' ');
    const guardianPhone = phone(c?.guardian?.phone as never);
    if (layout === 'xm-6') return [i + 1, p.volunteerName, post(a), phone(a?.phone), p.childName, school, guardianPhone];
    return [p.volunteerName, post(a), phone(a?.phone), p.childName, p.childOrgName, `${c?.guardian?.name ?? ''} ${guardianPhone}`.trim(), ''];
  });
  const width = annex.columns.length;
  const t = today();
  const [y, m, d] = t.split('-').map(Number);
  const values: Record<string, string> = { 填报单位: top, 街道妇联: top, 填报时间: `${y}年${m}月${d}日`, 日期: `${y}年${m}月${d}日` };
  const sheetRows: (string | number)[][] = [[annex.title], [annex.headerFields.map((h) => `${h}：${values[h] ?? ''}`).join('　　')]];
  const merges = [`A1:${colName(width)}1`, `A2:${colName(width)}2`];
  if (annex.groups.length) {
    const g: string[] = new Array(width).fill('');
    for (const grp of annex.groups) {
      g[grp.start] = grp.label;
      merges.push(`${colName(grp.start + 1)}3:${colName(grp.start + grp.span)}3`);
    }
    sheetRows.push(g);
  }
  sheetRows.push([...annex.columns]);
  const bold = sheetRows.map((_r, i) => i + 1);
  sheetRows.push(...rows);
  const buffer = await writeXlsx({ rows: sheetRows, merges, boldRows: bold });
  const stored = await storeExport(db, caller, 'pairing', buffer);
  auditTarget({ kind: 'child', ids: pairings.map((p) => p.childId).slice(0, 1000), fields: [...annex.columns], files: [stored.exportId] });
  return { ...stored, fileName: `${annex.title}_${top}_${t.replace(/-/g, '')}.xlsx`, count: rows.length, fullNumbers: full };
};

const ym = (date: string | null | undefined) => (date ? `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月` : '');

/**
 * One pairing's card in its annex layout (厦门 附件5, 遂宁 附件3): the title, 填报时间, then each
 * section (爱心妈妈, then the child) as label / value lines in the annex's order. 照片 stays blank.
 */
export const exportCard: Handler<'pairing', 'exportCard'> = async ({ id, layout }, { db, caller, auditTarget }) => {
  const programme = await requireProgramme(db);
  const annex = programme.annexTables.find((a) => a.key === layout);
  if (!annex || annex.kind !== 'form') throw new AppError('INVALID_INPUT', '本项目没有该附件表格');
  const p = await loadForStaff(db, caller, id);
  if (p.status !== 'active') throw new AppError('INVALID_INPUT', '只有结对中的关系才能导出结对卡');
  const c = await loadChildDoc(db, p.childId);
  const a = ((await db.collection(APPS).doc(appIdFor(p.volunteerUserId)).get()).data?.[0] as AppDoc | undefined) ?? null;
  const full = hasPermission(caller, 'child.reveal');
  const phone = (s: (Pick<Sealed, 'enc'> & { masked: string }) | null | undefined) => (s ? (full ? unseal(s) : s.masked) : '');
  const f = (k: string) => (typeof a?.form?.[k] === 'string' ? (a.form[k] as string) : '');
  const guardianPhone = phone(c.guardian?.phone as never);
  const teacherPhone = phone(c.classTeacherPhone as never);
  const school = [c.school ?? '', c.className ?? ''].filter(Boolean).join(' ');
  const mum: Record<string, string> = {
    爱心妈妈姓名: p.volunteerName, 所在单位及职业: f('employerAndPost') || p.volunteerOrgName, 工作单位及职务: f('employerAndPost') || p.volunteerOrgName,
    年龄: a?.age ? String(a.age) : '', 出生年月: ym(a?.birthDate), '微信、QQ': f('wechatOrQq'), 通信地址: f('homeAddress'), 家庭住址: f('homeAddress'),
    联系电话: phone(a?.phone), 邮箱: f('email'), 关爱寄语: p.message,
  };
  const kid: Record<string, string> = {
    结对儿童姓名: c.name, 留守女童姓名: c.name, 出生年月: ym(c.birthDate), 性别: c.sex ? SEX_LABELS[c.sex as keyof typeof SEX_LABELS] ?? '' : '',
    就读学校及班级: school, 班主任姓名及联系电话: `${c.classTeacher ?? ''} ${teacherPhone}`.trim(), 家庭详细住址: c.address ?? '', 家庭住址: c.address ?? '',
    监护人情况: c.guardian?.name ? `${c.guardian.name}（${c.guardian.relation ?? ''}）` : '', 联系电话: guardianPhone, 监护人联系电话: guardianPhone, '兴趣爱好（愿望）': c.interests ?? '',
  };
  const t = today();
  const [y, m, d] = t.split('-').map(Number);
  const rows: string[][] = [[annex.title, ''], [`填报时间：${y}年${m}月${d}日`, '']];
  const merges = ['A1:B1', 'A2:B2'];
  const bold = [1];
  annex.sections.forEach((section, i) => {
    const values = i === 0 ? mum : kid;
    if (section.title) {
      rows.push([section.title, '']);
      merges.push(`A${rows.length}:B${rows.length}`);
      bold.push(rows.length);
    }
    for (const field of section.fields) rows.push([field, values[field] ?? '']);
  });
  const buffer = await writeXlsx({ rows, merges, boldRows: bold });
  const stored = await storeExport(db, caller, 'pairing', buffer);
  auditTarget({ kind: 'child', ids: [p.childId], fields: annex.sections.flatMap((s) => s.fields), files: [stored.exportId] });
  return { ...stored, fileName: `${annex.title}_${p.childName}_${t.replace(/-/g, '')}.xlsx`, count: 1, fullNumbers: full };
};
