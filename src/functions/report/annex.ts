import { AppError, PERMISSIONS, type Permission } from '../../contract';
import type { annexContract } from '../../contract/report/annex';
import { ANNEX_PURPOSE_LABELS } from '../../programmes/enums';
import type { AnnexTable, Programme } from '../../programmes/schema';
import { routeOf } from '../../domain/report/annex-catalog';
import type { Caller } from '../../server/caller';
import type { Ctx, Handler, Handlers } from '../../server/handler';
import { requireProgramme } from '../../server/programme';
import type { Db } from '../../server/runtime';
import { requireOrg } from '../../server/orgs';
import { assertInScope, hasPermission, scopeFilter } from '../../server/scope';
import { now } from '../../server/time';
import { exportChildForms } from './annex-child';
import { exportVolunteerForms, exportVolunteerTable } from './annex-volunteer';
import { exportAllocation } from './annex-allocation';
import { AUDIT_IDS_MAX } from './annex-xlsx';
import { exportIdOf, exportLinkFor, type ExportLink } from '../../server/files';

/** What every annex export gets: the annex, the caller's scope, whether numbers may be full. */
export interface AnnexJob {
  db: Db;
  caller: Caller;
  programme: Programme;
  input: { key: string; orgCode?: string; childId?: string; volunteerId?: string };
  /** The caller's subtree, or the node she chose inside it. */
  where: Record<string, unknown>;
  /** The name the file and the 填报单位 lines carry. */
  top: string;
  today: string;
  full: boolean;
}

export interface AnnexResult {
  stored: ExportLink;
  /** The file name's middle part (the org, the child, the volunteer). */
  label: string;
  kind: string;
  ids: string[];
}

const missing = (caller: Caller, permissions: readonly Permission[]) => permissions.filter((p) => !hasPermission(caller, p));
const reasonFor = (lacking: Permission[]) => `需要“${lacking.map((p) => PERMISSIONS[p]).join('”“')}”权限，请联系管理员开通`;

export const annexes: Handler<'report', 'annexes'> = async (_input, { db, caller }) => {
  const programme = await requireProgramme(db);
  const items = programme.annexTables.map((annex) => {
    const route = routeOf(annex);
    const lacking = route ? missing(caller, route.permissions) : [];
    return {
      key: annex.key,
      number: annex.number,
      title: annex.title,
      kind: annex.kind,
      purpose: annex.purpose,
      purposeLabel: ANNEX_PURPOSE_LABELS[annex.purpose],
      export: route ? { fn: route.fn, action: route.action, input: route.input } : null,
      record: route?.record ?? null,
      recordRequired: route?.recordRequired ?? false,
      permissions: route?.permissions ?? [],
      allowed: !!route && !lacking.length,
      reason: !route ? '暂不支持导出该附件' : lacking.length ? reasonFor(lacking) : null,
      place: route?.place ?? null,
    };
  });
  return { programmeName: programme.name, items };
};

const EXPORTERS: Partial<Record<AnnexTable['purpose'], (annex: AnnexTable, job: AnnexJob) => Promise<AnnexResult & { count: number }>>> = {
  child_info: exportChildForms,
  volunteer_signup: exportVolunteerForms,
  volunteer_summary: exportVolunteerTable,
  allocation: exportAllocation,
};

/**
 * Refusals come before anything is read: another programme's annex, one exported elsewhere (the
 * message says where), a missing data permission, a record id the annex does not take.
 */
export const exportAnnex: Handler<'report', 'exportAnnex'> = async (input, { db, caller, auditTarget }: Ctx) => {
  const programme = await requireProgramme(db);
  const annex = programme.annexTables.find((a) => a.key === input.key);
  if (!annex) throw new AppError('INVALID_INPUT', `本项目（${programme.name}）没有该附件，请从附件列表中选择`);
  const route = routeOf(annex);
  const name = `${annex.number ?? ''}「${annex.title}」`;
  if (!route) throw new AppError('INVALID_INPUT', `${name}暂不支持导出`);
  if (route.fn !== 'report') throw new AppError('INVALID_INPUT', `${name}${route.place ?? ''}`);
  const lacking = missing(caller, route.permissions);
  if (lacking.length) throw new AppError('FORBIDDEN', `导出${name}${reasonFor(lacking)}`);
  if (input.childId && route.record !== 'child') throw new AppError('INVALID_INPUT', `${name}不按儿童导出，请不要选择儿童`);
  if (input.volunteerId && route.record !== 'volunteer') throw new AppError('INVALID_INPUT', `${name}不按爱心妈妈导出，请不要选择爱心妈妈`);

  let where = scopeFilter(caller);
  let top = caller.staff?.orgName ?? programme.city;
  if (input.orgCode) {
    const org = await requireOrg(db, input.orgCode);
    assertInScope(caller, org.path);
    where = { orgPath: org.code };
    top = org.name;
  }
  const job: AnnexJob = { db, caller, programme, input, where, top, today: now().format('YYYY-MM-DD'), full: hasPermission(caller, 'child.reveal') };
  const result = await EXPORTERS[annex.purpose]!(annex, job);
  // the annex first, then the records (by id, or by the query when there are too many to list)
  const ids = result.ids.length <= AUDIT_IDS_MAX ? result.ids : [`query:${JSON.stringify({ scope: caller.staff?.orgCode ?? 'all', ...input })}`];
  auditTarget({ kind: result.kind, ids: [`annex:${annex.key}`, ...ids], fields: annexFields(annex), files: [result.stored.exportId] });
  return { ...result.stored, fileName: `${annex.title}_${result.label}_${job.today.replace(/-/g, '')}.xlsx`, count: result.count, fullNumbers: job.full && annex.purpose !== 'allocation' };
};

/** The columns or form fields an export wrote, for the audit entry. */
export function annexFields(annex: AnnexTable): string[] {
  return annex.kind === 'table' ? [...annex.columns] : annex.sections.flatMap((s) => s.fields);
}

/** Handlers of src/contract/report/annex.ts. */
/** Re-issues an export's link to its maker (src/server/files.ts); the attempt is audited either way. */
export const exportLink: Handler<'report', 'exportLink'> = async ({ fileID }, { db, caller, auditTarget }) => {
  const exportId = exportIdOf(fileID);
  auditTarget({ kind: 'export_file', ids: exportId ? [exportId] : [], files: exportId ? [exportId] : [] });
  const link = await exportLinkFor(db, caller, fileID);
  return { fileID: link.fileID, url: link.url, expiresAt: link.expiresAt };
};

export const annexHandlers: Pick<Handlers<'report'>, keyof typeof annexContract> = { annexes, exportAnnex, exportLink };
