import type { Programme, TeamKind } from '../../programmes';

/**
 * Every org node has one default 志愿服务队, which an approved volunteer of that node joins unless
 * a reviewer picks another: a unit committee's is remote where the programme has remote teams,
 * otherwise local (or the programme's first kind). Its id is fixed by node and kind, so a node's
 * creation and a first approval racing to create it make one document.
 */
export interface DefaultTeam {
  id: string;
  kind: TeamKind;
  name: string;
}

/** The fixed id's parts, joined here and by the review's aggregate (a $concat of field paths). */
export const defaultTeamIdParts = (code: string, kind: string): string[] => ['team-', code, '-', kind];

export function defaultTeamOf(p: Pick<Programme, 'teams' | 'brandName'>, org: { code: string; name: string; level: string }): DefaultTeam {
  const kinds = p.teams.kinds;
  const kind: TeamKind = org.level === 'unit' && kinds.includes('remote') ? 'remote' : kinds.includes('local') ? 'local' : kinds[0]!;
  return { id: defaultTeamIdParts(org.code, kind).join(''), kind, name: `${org.name}${p.brandName}志愿服务队` };
}
