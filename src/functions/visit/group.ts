import { AppError } from '../../contract';
import { volunteerUserIdOf, type Caller } from '../../server/caller';
import { hashValue } from '../../server/crypto';
import type { Handler } from '../../server/handler';
import type { Db } from '../../server/runtime';
import { getOpenData } from '../../server/openapi';
import { hasPermission, inScope } from '../../server/scope';
import { isoNow } from '../../server/time';
import { APPS, appIdFor, type AppDoc } from '../volunteer/store';
import { findCheckIn } from './store';

/**
 * A volunteer team's WeChat group (服务队工作群). A card opened inside a group carries proof of
 * that group: the page gets a cloudID from wx.getGroupEnterInfo and sends it as `groupTicket`;
 * only the server turns it into the group's openGId, through WeChat's open API
 * `cloudbase.getOpenData` (src/server/openapi.ts; cloudfunctions/visit/config.json lists it under
 * permissions.openapi), asked with the caller's OPENID since the cloudID came from her phone.
 * The link keeps a keyed hash of the openGId (FIELD_HASH_KEY), never the id itself. The local
 * cloud's WeChat issues and resolves cloudIDs the same way (localcloud/openapi.ts).
 *
 * visit_team_groups/{teamId}: { teamId, teamName, orgPath, groupHash, linkedAt, linkedBy, linkedByName }.
 * Kept apart from volunteer_teams because the volunteer function rewrites a team document whole
 * when staff edit the team (saveTeam), which would drop the link.
 */
export const TEAM_GROUPS = 'visit_team_groups';
const TEAMS = 'volunteer_teams';
const UNREADABLE = '未能识别所在的微信群，请在服务队群里重新打开这张卡片';

interface TeamRow {
  _id: string;
  name: string;
  orgPath: string[];
  leaderId: string | null;
}

export interface TeamGroupDoc {
  _id: string;
  teamId: string;
  teamName: string;
  orgPath: string[];
  groupHash: string;
  linkedAt: string;
  linkedBy: string;
  linkedByName: string | null;
}

/** The keyed hash kept for a group. Hex first: hashValue upper-cases its input, openGIds are case-sensitive. */
export const groupHashOf = (openGId: string): string => hashValue(`wxgroup:${Buffer.from(openGId, 'utf8').toString('hex')}`);

async function openGIdFromWeChat(cloudID: string, openid: string): Promise<string | null> {
  try {
    const item = (await getOpenData([cloudID], openid)).find((d) => d.cloudId === cloudID);
    // a cloudID that does not resolve (forged, expired, another user's) carries errCode instead of data
    const data = item?.json?.data as { openGId?: unknown; opengid?: unknown } | undefined;
    // wx.getShareInfo's data says openGId, wx.getGroupEnterInfo's says opengid
    const id = data?.openGId ?? data?.opengid;
    return typeof id === 'string' && id.length > 0 && id.length <= 128 ? id : null;
  } catch (err) {
    console.error('[visit group ticket]', err);
    return null;
  }
}

/** The hash of the group a ticket proves, or a refusal in Chinese; nothing is written. */
export async function groupHashFromTicket(ticket: { cloudID: string }, openid: string): Promise<string> {
  const id = await openGIdFromWeChat(ticket.cloudID, openid);
  if (!id) throw new AppError('INVALID_INPUT', UNREADABLE);
  return groupHashOf(id);
}

/** Like groupHashFromTicket, but a ticket that does not resolve is just no group. */
export const groupHashOrNull = (ticket: { cloudID: string } | undefined, openid: string): Promise<string | null> =>
  ticket ? groupHashFromTicket(ticket, openid).catch(() => null) : Promise.resolve(null);

export async function findTeam(db: Db, teamId: string): Promise<TeamRow | null> {
  return ((await db.collection(TEAMS).doc(teamId).get()).data?.[0] as TeamRow | undefined) ?? null;
}

export async function findLink(db: Db, teamId: string): Promise<TeamGroupDoc | null> {
  return ((await db.collection(TEAM_GROUPS).doc(teamId).get()).data?.[0] as TeamGroupDoc | undefined) ?? null;
}

/**
 * Who may link a team to its group: staff looking after it (visit.read or volunteer.read, the
 * team's org in their scope; admins) and its leader while she is an approved member. `mine` is the
 * caller's application when already read.
 */
export async function mayLink(db: Db, caller: Caller, team: TeamRow, mine?: AppDoc | null): Promise<boolean> {
  if ((hasPermission(caller, 'visit.read') || hasPermission(caller, 'volunteer.read')) && inScope(caller, team.orgPath)) return true;
  // her user id (teams saved before issue 17 hold her application id: either is read as her)
  if (!team.leaderId || volunteerUserIdOf(team.leaderId) !== caller.userId) return false;
  const me = mine !== undefined ? mine : ((await db.collection(APPS).doc(appIdFor(caller.userId)).get()).data?.[0] as AppDoc | undefined) ?? null;
  return me?.status === 'approved' && me.teamId === team._id;
}

/** The team a card belongs to: the team of the volunteer who made the check-in, or the one named. */
async function teamOf(db: Db, ref: { id?: string; teamId?: string }): Promise<TeamRow> {
  if (!ref.id === !ref.teamId) throw new AppError('INVALID_INPUT', '请从服务队群里的动态卡片打开后再操作');
  let teamId = ref.teamId;
  if (ref.id) {
    const c = await findCheckIn(db, ref.id);
    if (!c) throw new AppError('NOT_FOUND', '这条动态已不存在');
    const her = (await db.collection(APPS).doc(appIdFor(c.volunteerUserId)).get()).data?.[0] as AppDoc | undefined;
    teamId = her?.teamId ?? undefined;
    if (!teamId) throw new AppError('NOT_FOUND', '这位爱心妈妈还没有加入服务队');
  }
  const team = await findTeam(db, teamId!);
  if (!team) throw new AppError('NOT_FOUND', '没有找到该服务队');
  return team;
}

const FORBIDDEN_LINK = '只有服务队队长或负责该地区的工作人员可以绑定服务队群';

export const linkTeamGroup: Handler<'visit', 'linkTeamGroup'> = async ({ groupTicket, ...ref }, { db, caller, auditTarget }) => {
  const team = await teamOf(db, ref);
  auditTarget({ kind: 'volunteer_team', ids: [team._id], fields: ['groupHash'] });
  if (!(await mayLink(db, caller, team))) throw new AppError('FORBIDDEN', FORBIDDEN_LINK);
  const groupHash = await groupHashFromTicket(groupTicket, caller.openid);
  const before = await findLink(db, team._id);
  const doc: Omit<TeamGroupDoc, '_id'> = {
    teamId: team._id, teamName: team.name, orgPath: team.orgPath, groupHash, linkedAt: isoNow(), linkedBy: caller.userId, linkedByName: caller.user?.name ?? null,
  };
  await db.collection(TEAM_GROUPS).doc(team._id).set(doc); // one link per team: relinking replaces it
  return { teamId: team._id, teamName: team.name, replaced: !!before && before.groupHash !== groupHash };
};

export const unlinkTeamGroup: Handler<'visit', 'unlinkTeamGroup'> = async (ref, { db, caller, auditTarget }) => {
  const team = await teamOf(db, ref);
  auditTarget({ kind: 'volunteer_team', ids: [team._id], fields: ['groupHash'] });
  if (!(await mayLink(db, caller, team))) throw new AppError('FORBIDDEN', FORBIDDEN_LINK);
  const res = await db.collection(TEAM_GROUPS).doc(team._id).remove();
  return { teamId: team._id, removed: ((res as { deleted?: number }).deleted ?? 0) > 0 };
};
