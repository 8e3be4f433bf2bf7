import { AppError } from '../../contract';
import type { ChildDoc } from '../../domain/child';
import { ageOf } from '../../domain/child';
import { suggestForOne, type MatchChild, type MatchVolunteer } from '../../domain/matching';
import { capacityOf, deadlineFrom, initialStatus, leaderLevelOf, matchRules, roleOf } from '../../domain/pairing';
import type { Programme } from '../../programmes';
import type { Caller } from '../../server/caller';
import type { OrgDoc } from '../../server/orgs';
import type { Db } from '../../server/runtime';
import { assertInScope } from '../../server/scope';
import { isoNow, nowMs } from '../../server/time';
import type { AppDoc } from '../volunteer/store';
import {
  loadChildDoc, loadVolunteer, newPairingId, orgMap, PAIRINGS, releaseChildPlace, releasePairLock, releaseVolunteerPlace, takeChildPlace, takePairLock,
  takeVolunteerPlace, today, type PairingDoc,
} from './store';

/** The engine's view of a child and of a volunteer (the pairing function feeds the pure engine). */
export function matchChild(doc: ChildDoc, t: string, needsRole: MatchChild['needsRole'] = 'any'): MatchChild {
  return {
    id: doc._id,
    orgPath: doc.orgPath,
    sex: doc.sex === 'male' ? 'M' : 'F',
    age: ageOf(doc.birthDate, t),
    category: doc.category,
    riskLevel: (doc.riskLevel as MatchChild['riskLevel']) ?? 'low',
    needs: (doc.needs ?? []) as MatchChild['needs'],
    needsRole,
  };
}

export function matchVolunteer(app: AppDoc, programme: Programme, orgs: Map<string, OrgDoc>, freeCapacity: number): MatchVolunteer {
  const skills = typeof app.form?.skills === 'string' ? (app.form.skills as string).split(/[、，,；;\s]+/).filter(Boolean) : [];
  const level = orgs.get(app.orgCode)?.level ?? '';
  const leaderLevel = leaderLevelOf(programme.pairing.levelRule, level);
  return {
    id: app.userId,
    orgPath: app.orgPath,
    role: roleOf(app.teamKind),
    freeCapacity,
    skills,
    ...(app.preferredAreaCode ? { preferences: { areaCodes: [app.preferredAreaCode] } } : {}),
    ...(leaderLevel ? { leaderLevel } : {}),
  };
}

export const volunteerCapacity = (app: AppDoc, programme: Programme): number =>
  capacityOf(programme.pairing, Array.isArray(app.form?.pairingForms) ? (app.form.pairingForms as string[]) : []);

/**
 * The one path every pairing is made by (a confirmed suggestion, a hand pairing, a transfer):
 * scope, the programme's hard rules through the engine, then the child's place, the volunteer's
 * place and the pair's lock, each by a conditional update, undone in reverse if a later one fails.
 */
export async function proposePair(
  db: Db,
  caller: Caller,
  programme: Programme,
  input: { childId: string; volunteerId: string; reasons?: string[]; transferredFrom?: PairingDoc; keepChildPlace?: boolean },
): Promise<PairingDoc> {
  const child = await loadChildDoc(db, input.childId);
  assertInScope(caller, child.orgPath);
  const app = await loadVolunteer(db, input.volunteerId);
  assertInScope(caller, app.orgPath);
  const orgs = await orgMap(db, [app.orgCode, child.orgCode]);
  const role = roleOf(app.teamKind);
  if (input.transferredFrom && programme.pairing.localRemote && (input.transferredFrom.role ?? 'local') !== role) {
    throw new AppError('INVALID_INPUT', `请转交给同为${role === 'local' ? '异地' : '本地'}的爱心妈妈`);
  }
  // the engine's hard constraints (target, area, 龙岗 level, 岳阳 local from the same community)
  const check = suggestForOne(matchChild(child, today(), programme.pairing.localRemote ? role : 'any'), [matchVolunteer(app, programme, orgs, 1)], matchRules(programme), 0);
  if (!check.suggestion) throw new AppError('INVALID_INPUT', `不能结对：${check.reason ?? '不符合本项目的结对规则'}`);

  const slot = programme.pairing.localRemote ? role : 'local';
  const id = newPairingId();
  const capacity = volunteerCapacity(app, programme);
  const undo: (() => Promise<void>)[] = [];
  try {
    if (!input.keepChildPlace) {
      await takeChildPlace(db, programme, child._id, slot);
      undo.push(() => releaseChildPlace(db, child._id, slot));
    }
    await takeVolunteerPlace(db, app.userId, capacity);
    undo.push(() => releaseVolunteerPlace(db, app.userId));
    await takePairLock(db, child._id, app.userId, id);
    undo.push(() => releasePairLock(db, child._id, app.userId, id));
    const at = isoNow();
    const status = initialStatus(programme.pairing.consentRequired);
    const doc: PairingDoc = {
      _id: id,
      programmeId: programme.id,
      status,
      version: 1,
      childId: child._id,
      childName: child.name,
      childCategory: child.category,
      childOrgCode: child.orgCode,
      childOrgName: orgs.get(child.orgCode)?.name ?? '',
      orgPath: child.orgPath,
      volunteerUserId: app.userId,
      volunteerName: app.name,
      volunteerOrgName: app.orgName,
      volunteerOrgPath: app.orgPath,
      role: programme.pairing.localRemote ? role : null,
      reasons: input.reasons?.length ? input.reasons : check.suggestion.reasons,
      consent: null,
      deadline: status === 'consented' ? deadlineFrom(nowMs(), programme.pairing.acceptanceDays) : null,
      message: '',
      proposedAt: at,
      proposedBy: caller.userId,
      acceptedAt: null,
      closedAt: null,
      closedBy: null,
      closeReason: null,
      transferredFrom: input.transferredFrom?._id ?? null,
      transferredTo: null,
      events: [{ at, by: caller.userId, event: input.transferredFrom ? 'transfer_in' : 'propose', note: null }],
    };
    await db.collection(PAIRINGS).add(doc);
    return doc;
  } catch (err) {
    for (const u of undo.reverse()) await u().catch(() => undefined);
    throw err;
  }
}
