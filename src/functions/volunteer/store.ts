import { AppError } from '../../contract';
import type { Sealed } from '../../server/crypto';
import type { OrgDoc } from '../../server/orgs';
import { volunteerAppIdFor } from '../../server/caller';
import { requireProgramme } from '../../server/programme';

export { requireProgramme };
import type { Db } from '../../server/runtime';
import type { AppStatus, AppStep, PathNode, TermDates } from '../../domain/volunteer';

/** Documents of the volunteer function and the small reads every handler shares. */
export const APPS = 'volunteer_applications';

export interface Decision {
  round: number;
  stepKey: string;
  decision: 'approve' | 'reject';
  opinion: string | null;
  at: string;
  reviewerId: string;
  reviewerName: string | null;
}

export interface HistoryDoc {
  at: string;
  round: number;
  kind: 'submitted' | 'withdrawn' | 'approve' | 'reject' | 'team';
  stepLabel: string | null;
  orgName: string | null;
  actorId: string;
  actorName: string | null;
  opinion: string | null;
}

export interface AppDoc {
  _id: string;
  userId: string;
  openid: string;
  status: AppStatus;
  version: number;
  round: number;
  applicantKind: 'individual' | 'team' | 'unit';
  groupName: string | null;
  groupSize: number | null;
  name: string;
  /** The programme's non-sensitive form fields. */
  form: Record<string, unknown>;
  idNumber: Sealed | null;
  phone: Sealed;
  phoneVerified: boolean;
  birthDate: string;
  age: number;
  declarations: { key: string; acceptedAt: string }[];
  orgCode: string;
  orgName: string;
  orgPath: string[];
  preferredAreaCode: string | null;
  preferredAreaName: string | null;
  steps: AppStep[];
  stepIndex: number;
  /** The org node that acts at the current step (null when none): the review queue's index. */
  actorCode: string | null;
  decisions: Decision[];
  history: HistoryDoc[];
  rejectReason: string | null;
  submittedAt: string;
  decidedAt: string | null;
  updatedAt: string;
  volunteerNumber: string | null;
  approvedAt: string | null;
  term: TermDates | null;
  commitments: { serviceYear: number; acceptedAt: string }[];
  teamId: string | null;
  teamName: string | null;
  teamKind: 'local' | 'remote' | 'professional' | null;
  /** Subscribe-message acceptances not yet used (one-time templates: one message each). */
  notifyAllowance: number;
}

/** One application per person (per WeChat user): resubmitting reuses it and keeps its history. */
export const appIdFor = volunteerAppIdFor;

export async function getAppDoc(db: Db, id: string): Promise<AppDoc | null> {
  const res = await db.collection(APPS).doc(id).get();
  return (res.data?.[0] as AppDoc | undefined) ?? null;
}

export async function requireAppDoc(db: Db, id: string): Promise<AppDoc> {
  const doc = await getAppDoc(db, id);
  if (!doc) throw new AppError('NOT_FOUND', '没有找到该报名');
  return doc;
}

/** Root → node, from the path's nodes as read (in any order; nodes added after setup included). */
export function pathNodes(org: OrgDoc, nodes: readonly (OrgDoc | null)[]): PathNode[] {
  const byCode = new Map(nodes.filter((o): o is OrgDoc => !!o).map((o) => [o.code, o]));
  return org.path.map((c) => byCode.get(c)).filter((o): o is OrgDoc => !!o).map(({ code, name, level }) => ({ code, name, level }));
}

/**
 * Whole-value writes for a conditional update: a plain object would be merged field by field
 * (CLOUDBASE-NOTES), so objects and arrays are wrapped in command.set to replace them.
 */
export function replacing(db: Db, fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = v !== null && typeof v === 'object' ? db.command.set(v) : v;
  return out;
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
