import { AppError } from '../../contract';
import { alias } from '../../domain/child/views';
import { CONTACT_KIND_LABELS, type ContactKind } from '../../programmes/enums';
import type { Handler } from '../../server/handler';
import { chinaDate, now } from '../../server/time';
import { APPS, appIdFor, type AppDoc } from '../volunteer/store';
import { findLink, findTeam, groupHashOrNull, mayLink } from './group';
import { CHECKINS, findCheckIn, type CheckInDoc } from './store';

const RECENT = 20;

/**
 * 团队动态: what the team leader used to collect by hand from the WeChat group. Members see each
 * other's recent check-ins with the child's alias only (never the name, school or photos) and who
 * has not checked in this month. Reads: the caller's application, the members, two check-in queries.
 */
export const team: Handler<'visit', 'team'> = async (_input, { db, caller }) => {
  const me = (await db.collection(APPS).doc(appIdFor(caller.userId)).get()).data?.[0] as AppDoc | undefined;
  if (!me?.teamId) throw new AppError('NOT_FOUND', '您还没有加入爱心妈妈服务队');
  const members = (await db.collection(APPS).where({ teamId: me.teamId, status: 'approved' }).limit(500).get()).data as AppDoc[];
  const ids = members.map((m) => m.userId);
  const _ = db.command;
  const recent = (await db.collection(CHECKINS).where({ volunteerUserId: _.in(ids) }).orderBy('at', 'desc').limit(RECENT).get()).data as CheckInDoc[];
  const monthStart = now().startOf('month').toISOString();
  const active = (await db.collection(CHECKINS).where({ volunteerUserId: _.in(ids), at: _.gte(monthStart) }).field({ volunteerUserId: true }).limit(1000).get()).data as { volunteerUserId: string }[];
  const seen = new Set(active.map((a) => a.volunteerUserId));
  return {
    teamName: me.teamName ?? '',
    recent: recent.map((c) => ({
      volunteerName: c.volunteerName, childAlias: alias(c.childName), kindLabel: CONTACT_KIND_LABELS[c.kind as ContactKind] ?? c.kind,
      date: chinaDate(c.at),
    })),
    inactive: members.filter((m) => !seen.has(m.userId)).map((m) => m.name ?? ''),
    members: members.length,
  };
};

/**
 * The card shared to the team's WeChat group shows the activity, her name and the child's alias
 * (never the name, school, notes or photos). Admitted: members of the volunteer's team; anyone
 * opening it inside the team's linked group (the ticket resolves to the linked group's hash); and
 * those who may link the team's group (its leader, staff looking after it), who also get `link`.
 * Anyone else is refused politely. Reads: the check-in, two applications, the team and its link.
 */
export const sharedEntry: Handler<'visit', 'sharedEntry'> = async ({ id, groupTicket }, { db, caller }) => {
  const c = await findCheckIn(db, id);
  if (!c) throw new AppError('NOT_FOUND', '这条动态已不存在');
  const refuse = () => new AppError('FORBIDDEN', '这条动态仅对所在爱心妈妈服务队的成员开放，感谢您的关心');
  const [meRes, herRes] = await Promise.all([
    db.collection(APPS).doc(appIdFor(caller.userId)).get(),
    db.collection(APPS).doc(appIdFor(c.volunteerUserId)).get(),
  ]);
  const me = (meRes.data?.[0] as AppDoc | undefined) ?? null;
  const teamId = (herRes.data?.[0] as AppDoc | undefined)?.teamId ?? null;
  const member = !!teamId && me?.status === 'approved' && me.teamId === teamId;
  let link = null as { teamId: string; teamName: string; linked: boolean; here: boolean | null } | null;
  let inGroup = false;
  if (teamId && (groupTicket || !member)) {
    const [team, linked, hash] = await Promise.all([findTeam(db, teamId), findLink(db, teamId), groupHashOrNull(groupTicket, caller.openid)]);
    inGroup = !!linked && !!hash && hash === linked.groupHash;
    if (team && (await mayLink(db, caller, team, me))) {
      link = { teamId, teamName: team.name, linked: !!linked, here: groupTicket ? inGroup : null };
    }
  }
  if (!member && !inGroup && !link) throw refuse();
  return {
    volunteerName: c.volunteerName, childAlias: alias(c.childName), kindLabel: CONTACT_KIND_LABELS[c.kind as ContactKind] ?? c.kind,
    date: chinaDate(c.at), link,
  };
};
