import type { Handler } from '../../server/handler';
import { AppError } from '../../contract';
import { ORG_IMPORT_DIR } from '../../contract/account';
import type { OrgNode } from '../../contract/common';
import { inScope } from '../../server/scope';
import type { OrgDoc } from '../../server/orgs';
import type { Db } from '../../server/runtime';
import { loadProgramme } from '../../server/programme';
import { createDefaultTeams, TEAMS } from '../../server/teams';
import { defaultTeamOf } from '../../domain/volunteer/teams';
import { ORG_LEVEL_LABELS, type OrgLevel } from '../../programmes/enums';
import { cellText } from '../../domain/child/sheet/cells';
import { downloadSheet, removeFile } from '../child/files';
import { levelFits } from './orgs';
import { finishPendingMoves } from './org-move';

/**
 * 导入组织架构 (account.importOrgs, issue 17): an .xlsx with the columns 编码, 名称, 层级, 上级编码.
 * All rows are checked before anything is written; one problem and nothing is created. Rows naming
 * a node that is already there with the same name, level and parent are skipped, so a re-import of
 * the same sheet (or of one that died halfway) creates only what is missing. Nodes go in parents
 * first under their codes as `_id` (a node inserted twice is refused by the database), then the
 * default teams any of the sheet's nodes lacks (createOrg's, src/server/teams.ts).
 */

export const HEADERS = ['编码', '名称', '层级', '上级编码'] as const;
/** A tree is a few thousand nodes at most; a sheet larger than this is a mistake. */
export const MAX_ROWS = 3000;
const HEADER_SEARCH_ROWS = 10;
const CHUNK = 200;
const CODE = /^[A-Za-z0-9_-]{1,40}$/;

/** Where a caller uploads a sheet for this import: her own folder. */
export const orgImportPrefix = (userId: string): string => `${ORG_IMPORT_DIR}/${userId}/`;

/** 层级 as written in a sheet: the labels of ORG_LEVEL_LABELS, their parts, and the usual words. */
const LEVEL_WORDS: Record<string, OrgLevel> = (() => {
  const out: Record<string, OrgLevel> = {};
  for (const [code, label] of Object.entries(ORG_LEVEL_LABELS) as [OrgLevel, string][]) {
    out[code] = code;
    out[label] = code;
    for (const part of label.split('/')) out[part] = code;
  }
  Object.assign(out, {
    城市: 'city', 市级: 'city', 区县: 'district', 县区: 'district', 区县园区: 'district', 县: 'district', 区: 'district',
    乡镇街道: 'street', 街道乡镇: 'street', 乡: 'street', 镇: 'street', 村社区: 'community', 社区村: 'community', 村: 'community',
    '村（社区）': 'community', 单位: 'unit', 妇委会: 'unit', 单位妇委会: 'unit',
  });
  return out;
})();

export function parseLevel(text: string): OrgLevel | null {
  const s = text.replace(/\s/g, '');
  return LEVEL_WORDS[s] ?? LEVEL_WORDS[s.toLowerCase()] ?? null;
}

export interface SheetRow {
  row: number;
  code: string;
  name: string;
  level: string;
  parentCode: string;
}

export interface Problem {
  row: number;
  message: string;
}

/** The rows of the first worksheet below its header row (编码 名称 层级 上级编码, in any order). */
export async function readOrgSheet(content: Buffer): Promise<SheetRow[]> {
  const ExcelJS = await import('exceljs'); // loaded here, not at the top: scripts/build.ts keeps exceljs out of the function's cold start
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw new AppError('INVALID_INPUT', '无法读取该表格，请上传 Excel（.xlsx）文件');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError('INVALID_INPUT', '表格是空的');
  let columns: number[] | null = null;
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (r, n) => {
    const cells = (r.values as unknown[]).slice(1).map(cellText);
    if (!columns) {
      if (n > HEADER_SEARCH_ROWS) return;
      const at = HEADERS.map((h) => cells.findIndex((c) => c.replace(/\s/g, '') === h));
      if (at.every((i) => i >= 0)) columns = at;
      return;
    }
    const [code, name, level, parentCode] = columns.map((i) => (cells[i] ?? '').trim());
    if (!code && !name && !level && !parentCode) return;
    rows.push({ row: n, code: code!, name: name!, level: level!, parentCode: parentCode! });
  });
  if (!columns) throw new AppError('INVALID_INPUT', `没有找到表头，表格第一行应为：${HEADERS.join('、')}`);
  if (!rows.length) throw new AppError('INVALID_INPUT', '表格中没有组织数据');
  if (rows.length > MAX_ROWS) throw new AppError('INVALID_INPUT', `一次最多导入${MAX_ROWS}个组织，请分批导入`);
  return rows;
}

export interface Plan {
  problems: Problem[];
  /** nodes to create, parents first */
  create: OrgNode[];
  /** rows naming a node already there, identical */
  existing: OrgNode[];
}

/**
 * Checks every row against the others and the stored nodes (`stored`: the nodes the sheet's codes
 * and parent codes name), within the caller's scope (`visible`). Pure: no I/O.
 */
export function planImport(rows: SheetRow[], stored: Map<string, OrgDoc>, visible: (path: string[]) => boolean): Plan {
  const problems: Problem[] = [];
  const say = (row: number, message: string) => problems.push({ row, message });
  const byCode = new Map<string, SheetRow>();
  const valid = new Map<string, SheetRow & { level: OrgLevel }>();
  for (const r of rows) {
    const before = problems.length;
    if (!r.code) say(r.row, '编码不能为空');
    else if (!CODE.test(r.code)) say(r.row, `编码「${r.code}」只能由字母、数字、- 和 _ 组成，最长40个字符`);
    if (!r.name) say(r.row, '名称不能为空');
    else if (r.name.length > 40) say(r.row, '名称最长40个字');
    const level = parseLevel(r.level);
    if (!r.level) say(r.row, '层级不能为空');
    else if (!level) say(r.row, `层级「${r.level}」无法识别，请填写：城市、区县、街道、社区或单位`);
    if (!r.parentCode) say(r.row, '上级编码不能为空（最上级组织在开通项目时已建好）');
    else if (r.parentCode === r.code) say(r.row, '上级编码不能是它自己');
    if (r.code) {
      const first = byCode.get(r.code);
      if (first) say(r.row, `编码「${r.code}」与第${first.row}行重复`);
      else byCode.set(r.code, r);
    }
    if (problems.length === before && level && byCode.get(r.code) === r) valid.set(r.code, { ...r, level });
  }

  // each valid row's path, resolved through the sheet's rows up to a stored node
  const paths = new Map<string, string[] | null>();
  const resolving = new Set<string>();
  const pathOf = (code: string): string[] | null => {
    if (paths.has(code)) return paths.get(code)!;
    const r = valid.get(code)!;
    const at = stored.get(code);
    let path: string[] | null = null;
    if (resolving.has(code)) {
      say(r.row, `上级编码形成循环（${code}）`);
    } else {
      resolving.add(code);
      path = resolve(r, at);
      resolving.delete(code);
    }
    paths.set(code, path);
    return path;
  };
  const resolve = (r: SheetRow & { level: OrgLevel }, at: OrgDoc | undefined): string[] | null => {
    const parentStored = stored.get(r.parentCode);
    const parentRow = valid.get(r.parentCode);
    let parentLevel: string;
    let parentPath: string[] | null;
    if (parentRow) {
      parentPath = pathOf(r.parentCode);
      if (!parentPath) {
        if (!problems.some((p) => p.row === r.row)) say(r.row, `上级（第${parentRow.row}行）有误，请先改正该行`);
        return null;
      }
      if (parentStored?.closed) { say(r.row, `上级组织「${parentStored.name}」已撤销`); return null; }
      parentLevel = parentRow.level;
    } else if (parentStored) {
      if (!visible(parentStored.path)) { say(r.row, `上级组织「${parentStored.name}」不在您的管辖范围内`); return null; }
      if (parentStored.closed) { say(r.row, `上级组织「${parentStored.name}」已撤销`); return null; }
      parentPath = parentStored.path;
      parentLevel = parentStored.level;
    } else if (byCode.has(r.parentCode)) {
      say(r.row, `上级（第${byCode.get(r.parentCode)!.row}行）有误，请先改正该行`);
      return null;
    } else {
      say(r.row, `上级编码「${r.parentCode}」不存在，请先导入或添加上级组织`);
      return null;
    }
    if (!levelFits(parentLevel, r.level)) {
      say(r.row, `「${ORG_LEVEL_LABELS[parentLevel as OrgLevel] ?? parentLevel}」级组织下不能设「${ORG_LEVEL_LABELS[r.level]}」级组织`);
      return null;
    }
    if (at) {
      const diff = [at.name !== r.name && `名称为「${at.name}」`, at.level !== r.level && `层级为${ORG_LEVEL_LABELS[at.level]}`, at.parentCode !== r.parentCode && `上级编码为「${at.parentCode ?? ''}」`].filter(Boolean);
      if (diff.length) { say(r.row, `编码「${r.code}」已被使用（已有组织${diff.join('、')}），请换一个编码或改正该行`); return null; }
      if (!visible(at.path)) { say(r.row, `组织「${at.name}」不在您的管辖范围内`); return null; }
      return at.path;
    }
    return [...parentPath, r.code];
  };

  const create: OrgNode[] = [];
  const existing: OrgNode[] = [];
  for (const [code, r] of valid) {
    const path = pathOf(code);
    if (!path) continue;
    const node: OrgNode = { code, name: r.name, level: r.level, parentCode: r.parentCode, path };
    (stored.has(code) ? existing : create).push(node);
  }
  problems.sort((a, b) => a.row - b.row);
  create.sort((a, b) => a.path.length - b.path.length);
  return { problems, create, existing };
}

async function storedNodes(db: Db, codes: string[]): Promise<Map<string, OrgDoc>> {
  const _ = db.command;
  const unique = [...new Set(codes.filter((c) => CODE.test(c)))];
  const out = new Map<string, OrgDoc>();
  for (let i = 0; i < unique.length; i += 300) {
    const res = await db.collection('orgs').where({ _id: _.in(unique.slice(i, i + 300)) }).limit(1000).get();
    for (const o of (res.data ?? []) as OrgDoc[]) out.set(o.code, o);
  }
  return out;
}

const isDuplicate = (err: unknown): boolean => (err as { code?: string } | null)?.code === 'DATABASE_DUPLICATE_WRITE';

export const importOrgs: Handler<'account', 'importOrgs'> = async ({ fileID, dryRun }, { db, caller, auditTarget }) => {
  if (!fileID.includes(`/${orgImportPrefix(caller.userId)}`)) throw new AppError('FORBIDDEN', '只能导入您本人上传的表格，请重新上传');
  const rows = await readOrgSheet(await downloadSheet(fileID));
  await finishPendingMoves(db); // paths read below must be the settled ones
  const stored = await storedNodes(db, rows.flatMap((r) => [r.code, r.parentCode]));
  const plan = planImport(rows, stored, (path) => inScope(caller, path));
  const answer = { total: rows.length, created: plan.problems.length ? 0 : plan.create.length, existing: plan.existing.length, problems: plan.problems };
  if (plan.problems.length || dryRun) return answer;

  const orgs = db.collection('orgs');
  for (let i = 0; i < plan.create.length; i += CHUNK) {
    const docs = plan.create.slice(i, i + CHUNK).map((n) => ({ _id: n.code, ...n }));
    try {
      await orgs.add(docs);
    } catch (err) {
      if (!isDuplicate(err)) throw err;
      // some went in before (a retry of an import that died): the rest one by one
      for (const d of docs) await orgs.add(d).catch((e) => { if (!isDuplicate(e)) throw e; });
    }
  }
  auditTarget({ kind: 'org', ids: plan.create.map((n) => n.code) });

  // the default team of every node of the sheet that lacks one (a died import's nodes too)
  const programme = await loadProgramme(db);
  if (programme) {
    const nodes = [...plan.create, ...plan.existing];
    const _ = db.command;
    const have = new Set<string>();
    const ids = nodes.map((n) => defaultTeamOf(programme, n).id);
    for (let i = 0; i < ids.length; i += 300) {
      const res = await db.collection(TEAMS).where({ _id: _.in(ids.slice(i, i + 300)) }).field({ _id: true }).limit(1000).get();
      for (const t of (res.data ?? []) as { _id: string }[]) have.add(t._id);
    }
    await createDefaultTeams(db, programme, nodes.filter((_n, i) => !have.has(ids[i]!)));
  }
  await removeFile(fileID);
  return answer;
};
