import type { Handler } from '../../server/handler';
import { AppError } from '../../contract';
import { assertInScope } from '../../server/scope';
import { assertOpen, getOrg, listSubtree, requireOrg, toOrgNode, type OrgDoc } from '../../server/orgs';
import { loadProgramme } from '../../server/programme';
import { createDefaultTeams } from '../../server/teams';

const LEVEL_ORDER = ['city', 'district', 'street', 'community'] as const;

/**
 * A node as listOrgs answers it. Closed nodes are shown only to staff and admins who ask
 * (includeClosed: the org page, which marks them 已撤销); sign-up's area picker and every other
 * picker never see them.
 */
export function toListNode(o: OrgDoc) {
  return { ...toOrgNode(o), ...(o.closed ? { closed: true, closedAt: o.closedAt ?? undefined } : {}), ...(o.moving ? { movingTo: o.moving.toParent } : {}) };
}

export const listOrgs: Handler<'account', 'listOrgs'> = async ({ rootCode, includeClosed }, { db, caller }) => {
  if (rootCode) await requireOrg(db, rootCode);
  const nodes = await listSubtree(db, rootCode);
  const withClosed = !!includeClosed && (caller.isAdmin || !!caller.staff);
  return { nodes: nodes.filter((n) => withClosed || !n.closed).map((n) => (withClosed ? toListNode(n) : toOrgNode(n))) };
};

/** A child node sits one level below its parent; unit committees may hang anywhere. */
export function levelFits(parentLevel: string, level: string): boolean {
  if (level === 'unit') return true;
  const p = LEVEL_ORDER.indexOf(parentLevel as (typeof LEVEL_ORDER)[number]);
  const c = LEVEL_ORDER.indexOf(level as (typeof LEVEL_ORDER)[number]);
  return p >= 0 && c === p + 1;
}

export const createOrg: Handler<'account', 'createOrg'> = async (input, { db, caller, auditTarget }) => {
  // the programme names the node's default team; read alongside (cached per warm instance anyway)
  const [parent, programme] = await Promise.all([requireOrg(db, input.parentCode), loadProgramme(db)]);
  assertInScope(caller, parent.path);
  assertOpen(parent, '上级组织');
  if (!levelFits(parent.level, input.level)) throw new AppError('INVALID_INPUT', '组织层级与上级组织不匹配');
  if (await getOrg(db, input.code)) throw new AppError('CONFLICT', '该组织编码已存在');
  const node = { code: input.code, name: input.name, level: input.level, parentCode: parent.code, path: [...parent.path, input.code] };
  try {
    await db.collection('orgs').add({ _id: input.code, ...node });
  } catch {
    throw new AppError('CONFLICT', '该组织编码已存在');
  }
  // its default team now, so no approval has to create it; the node stands if this fails (the first
  // approval there creates the team then, src/functions/volunteer/teams.ts defaultTeam)
  if (programme) await createDefaultTeams(db, programme, [node]).catch((err) => console.error('[createOrg default team]', input.code, err));
  auditTarget({ kind: 'org', ids: [input.code] });
  return { node };
};

export const renameOrg: Handler<'account', 'renameOrg'> = async ({ code, name }, { db, caller, auditTarget }) => {
  const org = await requireOrg(db, code);
  assertInScope(caller, org.path);
  await db.collection('orgs').doc(code).update({ name });
  auditTarget({ kind: 'org', ids: [code], fields: ['name'] });
  return { node: toOrgNode({ ...org, name }) };
};
