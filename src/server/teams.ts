import { defaultTeamOf } from '../domain/volunteer/teams';
import type { Programme, TeamKind } from '../programmes';
import type { OrgNode } from '../contract/common';
import type { Db } from './runtime';
import { isoNow } from './time';

/** 志愿服务队 (src/functions/volunteer/teams.ts): local (村/社区 …), remote (机关/企事业 units), professional (岳阳). */
export const TEAMS = 'volunteer_teams';

export interface TeamDoc {
  _id: string;
  name: string;
  kind: TeamKind;
  speciality: string | null;
  orgCode: string;
  orgName: string;
  orgPath: string[];
  leaderId: string | null;
  leaderName: string | null;
  createdAt: string;
}

type Node = Pick<OrgNode, 'code' | 'name' | 'level' | 'path'>;

/** A node's default team as first created (src/domain/volunteer/teams.ts has the rule). */
export function defaultTeamDoc(p: Programme, org: Node, at = isoNow()): TeamDoc {
  const { id, kind, name } = defaultTeamOf(p, org);
  return { _id: id, name, kind, speciality: null, orgCode: org.code, orgName: org.name, orgPath: org.path, leaderId: null, leaderName: null, createdAt: at };
}

const isDuplicate = (err: unknown): boolean => (err as { code?: string } | null)?.code === 'DATABASE_DUPLICATE_WRITE';

/**
 * Creates the default teams of nodes being created, so that no approval has to (issue 16). One
 * request: all inserted at once. When one exists already (a re-run of setupProgramme, or a node
 * whose first approval created it), the batch is refused as a duplicate, and the teams go in one by
 * one, an existing one left as it is (staff may have renamed it or given it a leader).
 */
export async function createDefaultTeams(db: Db, p: Programme, orgs: Node[]): Promise<void> {
  if (!orgs.length) return;
  const at = isoNow();
  const docs = orgs.map((o) => defaultTeamDoc(p, o, at));
  const teams = db.collection(TEAMS);
  const ignoreDuplicate = (err: unknown) => {
    if (!isDuplicate(err)) throw err;
  };
  try {
    await teams.add(docs);
  } catch (err) {
    ignoreDuplicate(err);
    if (docs.length > 1) for (const doc of docs) await teams.add(doc).catch(ignoreDuplicate);
  }
}
