import type { Handler } from '../../server/handler';
import { AppError } from '../../contract';
import { assertInScope } from '../../server/scope';
import { assertOpen, requireOrg, toOrgNode, type OrgMove } from '../../server/orgs';
import { finishMove, finishPendingMoves } from '../../server/org-move';
import { isoNow } from '../../server/time';
import { IN_REVIEW } from '../../domain/volunteer/state';
import { levelFits } from './orgs';

export { finishMove, finishPendingMoves, movedPath, PATH_FIELDS } from '../../server/org-move';

/**
 * Moving an org node (account.moveOrg, issue 17). The rewriting of every stored path is in
 * src/server/org-move.ts (PATH_FIELDS, finishMove), shared with the report function's hourly timer.
 *
 * Crash-safe sequence: the move is recorded on the moved node first (`moving`: the intent, with
 * the new path), then the subtree's org documents, then each collection's paths (one update per
 * distinct stored path, conditional on that old path), then the mark is cleared. A process that
 * dies anywhere leaves the mark; the same move retried, any later moveOrg (which first finishes
 * every unfinished move), or the report function's hourly timer (within the hour) completes it.
 */

export const moveOrg: Handler<'account', 'moveOrg'> = async ({ code, parentCode }, { db, caller, auditTarget }) => {
  const _ = db.command;
  // both ends in her scope, checked on every read (one place: a finished earlier move changes paths)
  const read = async () => {
    const both = await Promise.all([requireOrg(db, code), requireOrg(db, parentCode)]);
    assertInScope(caller, both[0].path);
    assertInScope(caller, both[1].path);
    return both;
  };
  let [org, parent] = await read();
  auditTarget({ kind: 'org', ids: [code, parentCode], fields: ['parentCode', 'path'] });
  // a retry of this very move: finish it
  if (org.moving && org.moving.toParent === parentCode) {
    const nodesMoved = await finishMove(db, code, org.moving);
    return { node: toOrgNode(await requireOrg(db, code)), nodesMoved };
  }
  // any move left half done first (its paths are what this one starts from), then look again
  if (await finishPendingMoves(db)) [org, parent] = await read();

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
