import type { Handler } from '../../server/handler';
import { AppError } from '../../contract';
import { getProgramme } from '../../programmes';
import { forgetProgramme, loadProgramme, PROGRAMME_DOC, SETTINGS, summarise } from '../../server/programme';
import { windowAtSwitchOn } from '../../domain/volunteer/window';
import { ensureUser, type Caller } from '../../server/caller';
import { createDefaultTeams } from '../../server/teams';
import type { OrgNode } from '../../contract/common';

export function meOf(caller: Caller) {
  return {
    userId: caller.userId,
    name: caller.user?.name ?? null,
    roles: caller.roles,
    staff: caller.staff,
    volunteerStatus: caller.user?.volunteerStatus ?? null,
  };
}

export const login: Handler<'account', 'login'> = async (_input, { db, caller }) => {
  const [me, programme] = await Promise.all([ensureUser(db, caller), loadProgramme(db)]);
  return { me: meOf(me), programme: programme ? summarise(programme) : null };
};

/** Idempotent: nodes already present are left alone, so re-running after a partial failure is safe. */
export const setupProgramme: Handler<'account', 'setupProgramme'> = async ({ presetId }, { db, auditTarget, now }) => {
  const preset = getProgramme(presetId);
  if (!preset) throw new AppError('NOT_FOUND', '没有找到该项目模板');
  forgetProgramme(); // whether it is switched on decides what is written: read it, not a cached answer
  const current = await loadProgramme(db);
  if (current && current.id !== preset.id) throw new AppError('CONFLICT', `本环境已启用「${current.name}」，不能再切换为其他项目`);

  const byCode = new Map(preset.orgTree.map((n) => [n.code, n]));
  const pathOf = (code: string): string[] => {
    const node = byCode.get(code)!;
    return node.parentCode ? [...pathOf(node.parentCode), code] : [code];
  };
  const orgs = db.collection('orgs');
  let created = 0;
  const tree: OrgNode[] = [];
  for (const node of preset.orgTree) {
    const stored = (await orgs.doc(node.code).get()).data?.[0] as OrgNode | undefined;
    if (stored) {
      tree.push(stored);
      continue;
    }
    const fresh: OrgNode = { code: node.code, name: node.name, level: node.level, parentCode: node.parentCode ?? null, path: pathOf(node.code) };
    await orgs.add({ _id: node.code, ...fresh });
    tree.push(fresh);
    created++;
  }
  // every node's default team, so no approval has to create it (a re-run adds only missing ones)
  await createDefaultTeams(db, preset, tree);
  // switched on once: a re-run must not undo a window staff have extended since
  if (!current) await db.collection(SETTINGS).doc(PROGRAMME_DOC).set({ presetId: preset.id, signupWindow: windowAtSwitchOn(preset.signupWindow, now().format('YYYY-MM-DD')) });
  forgetProgramme();
  auditTarget({ kind: 'programme', ids: [preset.id] });
  return { programme: summarise(preset), orgsCreated: created };
};
