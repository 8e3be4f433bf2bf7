import type { Handler } from '../../server/handler';
import { AppError } from '../../contract';
import { assertInScope } from '../../server/scope';
import { assertOpen, listSubtree, requireOrg, toOrgNode, type OrgDoc, type OrgMove } from '../../server/orgs';
import type { Db } from '../../server/runtime';
import { isoNow } from '../../server/time';
import { IN_REVIEW } from '../../domain/volunteer/state';
import { districtOf } from '../../domain/wish';
import { levelFits } from './orgs';

/**
 * Moving an org node (account.moveOrg, issue 17). Every record that belongs to a node stores the
 * node's path (src/server/scope.ts), so a move rewrites, for each node of the moved subtree, the
 * stored path of every record whose path is that node's old one. The new path of any stored path
 * holding the moved code is the new parent's path followed by the part of the old one from the
 * moved code on: computed from the path alone, so a rewrite done twice is done once.
 *
 * Crash-safe sequence: the move is recorded on the moved node first (`moving`: the intent, with
 * the new path), then the subtree's org documents, then each collection's paths (one update per
 * distinct stored path, conditional on that old path), then the mark is cleared. A process that
 * dies anywhere leaves the mark; the same move retried, or any later moveOrg (which first finishes
 * every unfinished move), completes it.
 */

/** A stored path field, and what else a document holds that is derived from it. */
interface PathField {
  collection: string;
  field: string;
  /** fields computed from the new path, written with it */
  extra?: (to: string[], names: Map<string, string>) => Record<string, unknown>;
}

/** Every stored org path (grep `orgPath` in src/: a new one goes here, see docs/data-model.md). */
export const PATH_FIELDS: readonly PathField[] = [
  // staff scope: caller.staff.orgPath comes from here (src/server/caller.ts)
  { collection: 'users', field: 'staff.orgPath' },
  { collection: 'volunteer_applications', field: 'orgPath' },
  { collection: 'volunteer_teams', field: 'orgPath' },
  { collection: 'visit_team_groups', field: 'orgPath' },
  { collection: 'children', field: 'orgPath' },
  { collection: 'child_history', field: 'orgPath' },
  { collection: 'pairings', field: 'orgPath' },
  { collection: 'pairings', field: 'volunteerOrgPath' },
  {
    collection: 'wishes',
    field: 'orgPath',
    // the public list filters and shows the wish's district (src/domain/wish/anonymise.ts)
    extra: (to, names) => {
      const d = districtOf(to);
      return { districtCode: d, 'child.districtCode': d, ...(names.has(d) ? { 'child.districtName': names.get(d) } : {}) };
    },
  },
  { collection: 'visit_checkins', field: 'orgPath' },
  { collection: 'visit_flags', field: 'orgPath' },
  { collection: 'reports', field: 'orgPath' },
  { collection: 'commendation_nominations', field: 'orgPath' },
  { collection: 'commendation_nominations', field: 'volunteerOrgPath' },
  {
    // the hourly snapshots (src/functions/report/dashboard-snapshot.ts): scope is read from `path`
    collection: 'report_dashboards',
    field: 'path',
    extra: (to, names) => {
      const parent = to.length > 1 ? to[to.length - 2]! : null;
      return { parentCode: parent, ...(parent && names.has(parent) ? { parentName: names.get(parent) } : {}) };
    },
  },
];

/** How many path rewrites run at once. */
const PARALLEL = 8;

async function inBatches<T>(items: T[], run: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += PARALLEL) await Promise.all(items.slice(i, i + PARALLEL).map(run));
}

/** The path `stored` takes when `code` moves to `toPath`; `stored` unchanged when it does not hold `code`. */
export function movedPath(stored: readonly string[], code: string, toPath: readonly string[]): string[] {
  const at = stored.indexOf(code);
  if (at < 0) return [...stored];
  return [...toPath.slice(0, -1), ...stored.slice(at)];
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The distinct stored paths holding `code` in one field of one collection. */
async function storedPaths(db: Db, f: PathField, code: string): Promise<string[][]> {
  const out: string[][] = [];
  const LIMIT = 1000;
  for (let skip = 0; ; skip += LIMIT) {
    const res = await db.collection(f.collection).aggregate()
      .match({ [f.field]: code })
      .group({ _id: `$${f.field}` })
      .sort({ _id: 1 }).skip(skip).limit(LIMIT).end();
    const rows = ((res as { data?: { _id: unknown }[] }).data ?? []);
    for (const r of rows) if (Array.isArray(r._id)) out.push(r._id as string[]);
    if (rows.length < LIMIT) return out;
  }
}

/** Finishes the move recorded on `org` (every step idempotent), then clears its mark. */
export async function finishMove(db: Db, code: string, move: OrgMove): Promise<number> {
  const _ = db.command;
  // 1. the subtree's org documents (old and already rewritten ones alike hold the code)
  const subtree = await listSubtree(db, code);
  const names = new Map(subtree.map((o) => [o.code, o.name]));
  for (const c of move.toPath.slice(0, -1)) if (!names.has(c)) names.set(c, (await requireOrg(db, c).catch(() => null))?.name ?? c);
  await inBatches(subtree, async (o) => {
    const to = movedPath(o.path, code, move.toPath);
    const parentChange = o.code === code && o.parentCode !== move.toParent;
    if (same(to, o.path) && !parentChange) return;
    await db.collection('orgs').doc(o._id).update({ path: _.set(to), ...(o.code === code ? { parentCode: move.toParent } : {}) });
  });
  // 2. every record's stored path, one update per distinct old path
  for (const f of PATH_FIELDS) {
    const paths = (await storedPaths(db, f, code)).filter((p) => !same(movedPath(p, code, move.toPath), p));
    await inBatches(paths, (p) => {
      const to = movedPath(p, code, move.toPath);
      return db.collection(f.collection).where({ [f.field]: _.eq(p) }).update({ [f.field]: _.set(to), ...(f.extra?.(to, names) ?? {}) });
    });
  }
  // 3. done: the mark goes (only this move's: a later one recorded meanwhile stays)
  await db.collection('orgs').where({ _id: code, 'moving.at': move.at }).update({ moving: null });
  return subtree.length;
}

/** Finishes every move left unfinished (a process that died mid-move); answers how many. */
export async function finishPendingMoves(db: Db): Promise<number> {
  const _ = db.command;
  const res = await db.collection('orgs').where({ moving: _.neq(null) }).limit(100).get();
  const pending = ((res.data ?? []) as OrgDoc[]).filter((o) => o.moving);
  for (const o of pending) await finishMove(db, o.code, o.moving!);
  return pending.length;
}

export const moveOrg: Handler<'account', 'moveOrg'> = async ({ code, parentCode }, { db, caller, auditTarget }) => {
  const _ = db.command;
  const read = () => Promise.all([requireOrg(db, code), requireOrg(db, parentCode)]);
  let [org, parent] = await read();
  assertInScope(caller, org.path);
  assertInScope(caller, parent.path);
  auditTarget({ kind: 'org', ids: [code, parentCode], fields: ['parentCode', 'path'] });
  // a retry of this very move: finish it
  if (org.moving && org.moving.toParent === parentCode) {
    const nodesMoved = await finishMove(db, code, org.moving);
    return { node: toOrgNode(await requireOrg(db, code)), nodesMoved };
  }
  // any move left half done first (its paths are what this one starts from), then look again
  if (await finishPendingMoves(db)) {
    [org, parent] = await read();
    assertInScope(caller, org.path);
    assertInScope(caller, parent.path);
  }

  if (!org.parentCode) throw new AppError('INVALID_INPUT', '最上级组织不能调整');
  if (org.parentCode === parentCode) return { node: toOrgNode(org), nodesMoved: 0 };
  if (parent.path.includes(code)) throw new AppError('INVALID_INPUT', '不能调整到它自己或它的下级组织下面');
  assertOpen(org);
  assertOpen(parent, '新的上级组织');
  if (!levelFits(parent.level, org.level)) throw new AppError('INVALID_INPUT', '组织层级与新的上级组织不匹配');

  // an application waiting for an office the move takes it away from would wait for ever
  const lost = org.path.slice(0, -1).filter((c) => !parent.path.includes(c));
  if (lost.length) {
    const waiting = await db.collection('volunteer_applications')
      .where({ orgPath: code, status: _.in([...IN_REVIEW]), 'steps.orgCode': _.in(lost) }).count();
    if (waiting.total) throw new AppError('CONFLICT', `该组织下有${waiting.total}份报名正在等待原上级组织审核，请审核完成后再调整`);
  }

  const move: OrgMove = { fromParent: org.parentCode, toParent: parent.code, toPath: [...parent.path, code], at: isoNow(), by: caller.userId };
  // the intent first, conditional on no other move of this node being recorded meanwhile
  const marked = await db.collection('orgs').where({ _id: code, moving: _.eq(null) }).update({ moving: _.set(move) });
  if (!marked.updated) throw new AppError('CONFLICT', '该组织正在调整中，请稍后刷新再试');
  const nodesMoved = await finishMove(db, code, move);
  return { node: toOrgNode(await requireOrg(db, code)), nodesMoved };
};
