import { randomBytes } from 'crypto';
import { AppError } from '../../contract';
import type { Handler } from '../../server/handler';
import type { Programme } from '../../programmes';
import { assertOpenOrg, requireOrg, type OrgDoc } from '../../server/orgs';
import type { Db } from '../../server/runtime';
import { assertInScope, scopeFilter } from '../../server/scope';
import { isoNow } from '../../server/time';
import { volunteerAppIdFor, volunteerUserIdOf } from '../../server/caller';
import { defaultTeamDoc, TEAMS, type TeamDoc } from '../../server/teams';
import { defaultTeamOf } from '../../domain/volunteer';
import { APPS, replacing, requireAppDoc, requireProgramme, type AppDoc } from './store';
import { detailView } from './views';

export { TEAMS, type TeamDoc };

async function getTeam(db: Db, id: string): Promise<TeamDoc> {
  const team = (await db.collection(TEAMS).doc(id).get()).data?.[0] as TeamDoc | undefined;
  if (!team) throw new AppError('NOT_FOUND', '没有找到该服务队');
  return team;
}

/**
 * The team an approved volunteer joins by default: her node's own. Nodes get it when they are
 * created (account.setupProgramme, account.createOrg); created here on first use only for nodes from
 * before that, or whose creation stopped before it (fixed id: race-safe). `found`: already read.
 */
export async function defaultTeam(db: Db, p: Programme, org: OrgDoc, found?: TeamDoc | null): Promise<TeamDoc> {
  const { id } = defaultTeamOf(p, org);
  const team = found !== undefined ? found : ((await db.collection(TEAMS).doc(id).get()).data?.[0] as TeamDoc | undefined);
  if (team) return team;
  const fresh = defaultTeamDoc(p, org);
  return db.collection(TEAMS).add(fresh).then(() => fresh, () => getTeam(db, id));
}

/** A team chosen by a reviewer or staff member must lie inside their own subtree. `found`: already read. */
export async function teamInScope(db: Db, caller: Parameters<typeof assertInScope>[0], id: string, found?: TeamDoc | null): Promise<TeamDoc> {
  const team = found ?? (await getTeam(db, id));
  assertInScope(caller, team.orgPath);
  return team;
}

/**
 * A team's leader is named by her user id, like every other list (issue 17: one id for a
 * volunteer). Teams saved before held her application id: read as her user id (resolve on read).
 */
const leaderUserId = (t: Pick<TeamDoc, 'leaderId'>): string | null => (t.leaderId ? volunteerUserIdOf(t.leaderId) : null);

async function teamRow(db: Db, t: TeamDoc) {
  const members = await db.collection(APPS).where({ teamId: t._id, status: 'approved' }).count();
  const { _id, orgPath: _p, createdAt: _c, ...rest } = t;
  return { id: _id, ...rest, leaderId: leaderUserId(t), speciality: t.speciality as never, memberCount: members.total ?? 0 };
}

export const listTeams: Handler<'volunteer', 'listTeams'> = async ({ areaCode, page, pageSize }, { db, caller }) => {
  let where: Record<string, unknown> = scopeFilter(caller);
  if (areaCode) {
    const org = await requireOrg(db, areaCode);
    assertInScope(caller, org.path);
    where = { orgPath: areaCode };
  }
  const teams = db.collection(TEAMS);
  const [rows, count] = await Promise.all([
    teams.where(where).orderBy('orgCode', 'asc').skip((page - 1) * pageSize).limit(pageSize).get(),
    teams.where(where).count(),
  ]);
  const items = await Promise.all((rows.data as TeamDoc[]).map((t) => teamRow(db, t)));
  return { items, total: count.total ?? 0, page, pageSize };
};

export const saveTeam: Handler<'volunteer', 'saveTeam'> = async (input, { db, caller, auditTarget }) => {
  const p = await requireProgramme(db);
  const org = await requireOrg(db, input.orgCode);
  assertInScope(caller, org.path);
  if (!p.teams.kinds.includes(input.kind)) throw new AppError('INVALID_INPUT', '本项目不设此类服务队');
  const professional = input.kind === 'professional';
  if (professional && (!input.speciality || !p.teams.specialities.includes(input.speciality))) throw new AppError('INVALID_INPUT', '请选择专业方向');
  const current = input.id ? await teamInScope(db, caller, input.id) : null;
  // a new team, or one moved to another node, only at an open node (a closed node's team may still be renamed)
  if (current?.orgCode !== org.code) assertOpenOrg(org);
  const id = current?._id ?? `team-${randomBytes(6).toString('hex')}`;
  let leaderName: string | null = current?.leaderName ?? null;
  // either of her ids (the roster's volunteerId or an application id); stored as her user id
  const leaderId = input.leaderId ? volunteerUserIdOf(input.leaderId) : current ? leaderUserId(current) : null;
  if (input.leaderId) {
    const leader = await requireAppDoc(db, /^u[0-9a-f]{31}$/.test(leaderId!) ? volunteerAppIdFor(leaderId!) : input.leaderId);
    if (leader.status !== 'approved' || leader.teamId !== id) throw new AppError('INVALID_INPUT', '队长须为本队已通过审核的志愿者');
    leaderName = leader.name;
  }
  const team: TeamDoc = {
    _id: id, name: input.name, kind: input.kind, speciality: professional ? input.speciality! : null,
    orgCode: org.code, orgName: org.name, orgPath: org.path,
    leaderId, leaderName, createdAt: current?.createdAt ?? isoNow(),
  };
  if (current) {
    const { _id, ...fields } = team;
    await db.collection(TEAMS).doc(id).set(fields);
    if (current.name !== team.name) await db.collection(APPS).where({ teamId: id }).update({ teamName: team.name });
  } else await db.collection(TEAMS).add(team);
  auditTarget({ kind: 'volunteer_team', ids: [id] });
  return { team: await teamRow(db, team) };
};

export const assignTeam: Handler<'volunteer', 'assignTeam'> = async ({ id, version, teamId }, { db, caller, now, auditTarget }) => {
  const p = await requireProgramme(db);
  const doc = await requireAppDoc(db, id);
  assertInScope(caller, doc.orgPath);
  if (doc.status !== 'approved') throw new AppError('CONFLICT', '只有已通过审核的志愿者才能加入服务队');
  if (doc.version !== version) throw new AppError('CONFLICT', '该志愿者信息已有变化，请刷新后再试');
  const team = await teamInScope(db, caller, teamId);
  const at = isoNow();
  const entry = { at, round: doc.round, kind: 'team' as const, stepLabel: null, orgName: team.name, actorId: caller.userId, actorName: caller.user?.name ?? null, opinion: null };
  const fields: Partial<AppDoc> = { teamId: team._id, teamName: team.name, teamKind: team.kind, version: doc.version + 1, updatedAt: at, history: [...doc.history, entry] };
  const res = await db.collection(APPS).where({ _id: id, version }).update(replacing(db, fields));
  if (res.updated !== 1) throw new AppError('CONFLICT', '该志愿者信息已有变化，请刷新后再试');
  // a leader who leaves her team is no longer its leader (named by her user id, or by her application id in a team saved before)
  if (doc.teamId && doc.teamId !== team._id) {
    await db.collection(TEAMS).where({ _id: doc.teamId, leaderId: db.command.in([volunteerUserIdOf(id), id]) }).update({ leaderId: null, leaderName: null });
  }
  auditTarget({ kind: 'volunteer_application', ids: [id], fields: ['teamId'] });
  return { application: await detailView({ ...doc, ...fields }, p, now().format('YYYY-MM-DD'), caller) };
};
