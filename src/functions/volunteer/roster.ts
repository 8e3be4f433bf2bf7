import type { Handler } from '../../server/handler';
import { hashValue } from '../../server/crypto';
import { getOrg } from '../../server/orgs';
import type { Db } from '../../server/runtime';
import { inScope } from '../../server/scope';
import { IN_REVIEW, isValidIdNumber } from '../../domain/volunteer';
import { APPS, requireProgramme, type AppDoc } from './store';
import { nameLike } from './review';
import { subtreeFilter } from '../../server/scope';
import { rosterRow } from './views';

/** Search by what staff have at hand: a name, a volunteer number, or a phone / ID number (by keyed hash). */
function keywordFilter(db: Db, keyword: string): Record<string, unknown> {
  const k = keyword.replace(/\s+/g, '');
  if (/^1[3-9]\d{9}$/.test(k)) return { 'phone.hash': hashValue(k) };
  if (isValidIdNumber(k)) return { 'idNumber.hash': hashValue(k) };
  if (/^[A-Za-z]{1,4}\d{9}$/.test(k)) return { volunteerNumber: k.toUpperCase() };
  return nameLike(db, keyword);
}

export const listRoster: Handler<'volunteer', 'listRoster'> = async ({ areaCode, teamId, keyword, page, pageSize }, { db, caller, now }) => {
  const where: Record<string, unknown> = { ...(await subtreeFilter(db, caller, areaCode)), status: 'approved' };
  if (teamId) where.teamId = teamId;
  if (keyword) Object.assign(where, keywordFilter(db, keyword));
  const p = await requireProgramme(db);
  const apps = db.collection(APPS);
  const [rows, count] = await Promise.all([
    apps.where(where).orderBy('volunteerNumber', 'asc').skip((page - 1) * pageSize).limit(pageSize).get(),
    apps.where(where).count(),
  ]);
  const today = now().format('YYYY-MM-DD');
  return { items: (rows.data as AppDoc[]).map((d) => rosterRow(d, p, today)), total: count.total ?? 0, page, pageSize };
};

async function progress(db: Db, orgCode: string | null) {
  const apps = db.collection(APPS);
  const scope = orgCode ? { orgPath: orgCode } : {};
  const [approved, inReview] = await Promise.all([
    apps.where({ ...scope, status: 'approved' }).count(),
    apps.where({ ...scope, status: db.command.in([...IN_REVIEW]) }).count(),
  ]);
  return { approved: approved.total ?? 0, inReview: inReview.total ?? 0 };
}

/** 遂宁: 1000 in all; 市直 ≥220, each county ≥120, each park ≥60 — those inside the caller's subtree. */
export const quotaProgress: Handler<'volunteer', 'quotaProgress'> = async (_input, { db, caller }) => {
  const p = await requireProgramme(db);
  if (!p.quotas) return { total: null, items: [] };
  const items = [];
  for (const q of p.quotas.items) {
    const org = await getOrg(db, q.orgCode);
    if (!org || !inScope(caller, org.path)) continue;
    items.push({ orgCode: q.orgCode, orgName: org.name, atLeast: q.atLeast, ...(await progress(db, q.orgCode)) });
  }
  const rootCode = p.orgTree.find((n) => n.parentCode === null)!.code;
  const atRoot = caller.isAdmin || caller.staff?.orgCode === rootCode;
  const root = await getOrg(db, rootCode);
  const total = atRoot && p.quotas.total !== null && root ? { orgCode: rootCode, orgName: root.name, atLeast: p.quotas.total, ...(await progress(db, null)) } : null;
  return { total, items };
};
