import { AppError } from '../../contract';
import type { Handler } from '../../server/handler';
import { TEAM_KIND_LABELS, type Programme, type SignupWindow, type TeamKind } from '../../programmes';
import { defaultTeamOf, extensionRefusal, windowRefusal, windowState, windowText } from '../../domain/volunteer';
import { forgetProgramme, loadSignupWindow, loadTeamSignupWindows, PROGRAMME_DOC, requireProgramme, SETTINGS } from '../../server/programme';

type TeamWindows = Partial<Record<TeamKind, SignupWindow>>;

/** The running window as the sign-up and staff pages show it. */
export function windowView(w: SignupWindow, today: string) {
  return { opens: w.opens, closes: w.closes, text: windowText(w), state: windowState(w, today), notice: windowRefusal(w, today) };
}

/** 异地爱心妈妈志愿服务队 */
export const teamLabel = (p: Pick<Programme, 'brandName'>, kind: TeamKind): string => `${TEAM_KIND_LABELS[kind]}${p.brandName}志愿服务队`;

/**
 * A team kind's own running window: the settings document's (a staff extension), else the
 * programme's teams.signupWindows entry; null = the kind signs up in the programme's window.
 */
export function teamWindowOf(p: Pick<Programme, 'teams'>, stored: TeamWindows, kind: TeamKind): SignupWindow | null {
  const own = stored[kind] ?? p.teams.signupWindows.find((w) => w.kind === kind);
  return own ? { opens: own.opens, closes: own.closes } : null;
}

/**
 * The window a sign-up at `org` is held to: she joins her node's default team (a unit committee's
 * is 异地 where the programme has remote teams, defaultTeamOf), so that kind's window where it has
 * one, else the programme's. The refusal names the team.
 */
export function windowForOrg(p: Programme, programmeWindow: SignupWindow, stored: TeamWindows, org: { code: string; name: string; level: string } | null, today: string): string | null {
  const kind = org ? defaultTeamOf(p, org).kind : null;
  const own = kind ? teamWindowOf(p, stored, kind) : null;
  if (!own) return windowRefusal(programmeWindow, today);
  const refused = windowRefusal(own, today);
  return refused && `${teamLabel(p, kind!)}：${refused}`;
}

/** Which sign-ups a kind's window holds: nodes whose default team is of that kind (none for a kind no node defaults to, e.g. 专业). */
function appliesTo(p: Programme, kind: TeamKind): 'all' | 'unit' | 'other' | 'none' {
  const unit = defaultTeamOf(p, { code: 'x', name: '', level: 'unit' }).kind === kind;
  const other = defaultTeamOf(p, { code: 'x', name: '', level: 'community' }).kind === kind;
  return unit && other ? 'all' : unit ? 'unit' : other ? 'other' : 'none';
}

/** Every team kind with a window of its own, for the sign-up page and staff. */
export function teamWindowsView(p: Programme, stored: TeamWindows, today: string) {
  return p.teams.kinds.flatMap((kind) => {
    const w = teamWindowOf(p, stored, kind);
    return w ? [{ kind, label: teamLabel(p, kind), appliesTo: appliesTo(p, kind), ...windowView(w, today) }] : [];
  });
}

/**
 * A later closing date for the whole programme, or with `teamKind` for that kind of team only (its
 * own window, or from the programme's when it had none: the kind then recruits longer than the
 * rest). The window is the city's decision, so staff act only from the programme's top node (a
 * street's staff would change every district's sign-up).
 */
export const extendSignup: Handler<'volunteer', 'extendSignup'> = async ({ closes, teamKind }, { db, caller, now, auditTarget }) => {
  const p = await requireProgramme(db);
  if (!caller.isAdmin && caller.staff?.orgPath.length !== 1) throw new AppError('FORBIDDEN', '报名时间由市级妇联调整，请联系市妇联');
  if (teamKind && !p.teams.kinds.includes(teamKind)) throw new AppError('INVALID_INPUT', '本项目没有这一类型的服务队');
  const today = now().format('YYYY-MM-DD');
  forgetProgramme(); // decide on the stored windows, not cached ones
  const [programmeWindow, stored] = await Promise.all([loadSignupWindow(db), loadTeamSignupWindows(db)]);
  const current = teamKind ? teamWindowOf(p, stored, teamKind) ?? programmeWindow : programmeWindow;
  const refused = extensionRefusal(current, closes, today);
  if (refused) throw new AppError('INVALID_INPUT', teamKind ? `${teamLabel(p, teamKind)}：${refused}` : refused);
  const next: SignupWindow = { opens: current.opens, closes };
  const teams: TeamWindows = teamKind ? { ...stored, [teamKind]: next } : stored;
  await db.collection(SETTINGS).doc(PROGRAMME_DOC).update(teamKind ? { teamSignupWindows: db.command.set(teams) } : { signupWindow: next });
  forgetProgramme();
  auditTarget({ kind: 'programme', ids: [p.id] });
  return { signupWindow: windowView(teamKind ? programmeWindow : next, today), teamWindows: teamWindowsView(p, teams, today) };
};
