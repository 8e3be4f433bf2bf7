import type { Handler } from '../../server/handler';
import { AppError } from '../../contract';
import { getProgramme, type Programme } from '../../programmes';
import { forgetProgramme, loadProgramme, PROGRAMME_DOC, SETTINGS, summarise, type ProgrammeDoc, type ProgrammeVersion } from '../../server/programme';
import { isoNow } from '../../server/time';
import type { Db } from '../../server/runtime';
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

/** Switches a preset on as shipped (admin setup page's 直接启用); see switchOn. */
export const setupProgramme: Handler<'account', 'setupProgramme'> = async ({ presetId }, { db, caller, auditTarget, now }) => {
  const preset = getProgramme(presetId);
  if (!preset) throw new AppError('NOT_FOUND', '没有找到该项目模板');
  const created = await switchOn(db, preset, { basedOn: preset.id, caller, reason: '启用项目模板', today: now().format('YYYY-MM-DD') });
  auditTarget({ kind: 'programme', ids: [preset.id] });
  return { programme: summarise(preset), orgsCreated: created };
};

/**
 * Switches `programme` on here as version 1 and creates its org tree and default teams.
 * Idempotent: nodes already present are left alone, so re-running after a partial failure is safe;
 * once a programme runs, only the same programme id may be re-run (its versions are not touched).
 */
export async function switchOn(db: Db, programme: Programme, o: { basedOn: string | null; caller: Caller; reason: string; today: string }): Promise<number> {
  forgetProgramme(); // whether it is switched on decides what is written: read it, not a cached answer
  const current = await loadProgramme(db);
  if (current && current.id !== programme.id) throw new AppError('CONFLICT', `本环境已启用「${current.name}」，不能再切换为其他项目`);

  const byCode = new Map(programme.orgTree.map((n) => [n.code, n]));
  const pathOf = (code: string): string[] => {
    const node = byCode.get(code)!;
    return node.parentCode ? [...pathOf(node.parentCode), code] : [code];
  };
  const orgs = db.collection('orgs');
  let created = 0;
  const tree: OrgNode[] = [];
  for (const node of programme.orgTree) {
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
  await createDefaultTeams(db, programme, tree);
  // switched on once: a re-run must not undo a window staff have extended since, nor the versions
  if (!current) {
    const first: ProgrammeVersion = {
      version: 1, effectiveFrom: null, programme, basedOn: o.basedOn, by: o.caller.userId, byName: o.caller.user?.name ?? null, at: isoNow(), reason: o.reason,
    };
    // a team's window that has already ended is dropped like the programme's (an old notice's campaign)
    const teamSignupWindows = Object.fromEntries(programme.teams.signupWindows.map((w) => [w.kind, windowAtSwitchOn(w, o.today)]));
    const doc: ProgrammeDoc = {
      ...(o.basedOn ? { presetId: o.basedOn } : {}),
      signupWindow: windowAtSwitchOn(programme.signupWindow, o.today),
      ...(programme.teams.signupWindows.length ? { teamSignupWindows } : {}),
      versions: [first],
      versionCount: 1,
    };
    await db.collection(SETTINGS).doc(PROGRAMME_DOC).set(doc);
  }
  forgetProgramme();
  return created;
}
