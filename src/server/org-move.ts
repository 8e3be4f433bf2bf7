import { listSubtree, requireOrg, type OrgDoc, type OrgMove } from './orgs';
import type { Db } from './runtime';
import { districtOf } from '../domain/wish';

/**
 * The org move's engine (account.moveOrg, src/functions/account/org-move.ts, issue 17), here in
 * server code so that the report function's hourly timer (src/functions/report/timers.ts) finishes
 * a move a dead process left half done without building the account function into its bundle.
 *
 * Every record that belongs to a node stores the node's path (src/server/scope.ts), so a move
 * rewrites, for each node of the moved subtree, the stored path of every record whose path is that
 * node's old one. The new path of any stored path holding the moved code is the new parent's path
 * followed by the part of the old one from the moved code on: computed from the path alone, so a
 * rewrite done twice is done once. Each (collection, field) below has an index led by the field
 * (src/server/indexes.ts): a move reads the distinct stored paths holding the code and updates by
 * the whole old path.
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
  // a range on the mark's time: served by the orgs index on moving.at (a $ne would scan the tree)
  const res = await db.collection('orgs').where({ 'moving.at': _.gt('') }).limit(100).get();
  const pending = ((res.data ?? []) as OrgDoc[]).filter((o) => o.moving);
  for (const o of pending) await finishMove(db, o.code, o.moving!);
  return pending.length;
}
