import { AppError } from '../../contract';
import type { ChildDoc } from '../../domain/child';
import { ageOf } from '../../domain/child';
import { suggestForOne, type MatchChild, type MatchVolunteer } from '../../domain/matching';
import { capacityOf, deadlineFrom, initialStatus, leaderLevelOf, matchRules, roleOf } from '../../domain/pairing';
import type { Programme } from '../../programmes';
import { volunteerUserIdOf, type Caller } from '../../server/caller';
import type { OrgDoc } from '../../server/orgs';
import type { Db } from '../../server/runtime';
import { assertInScope } from '../../server/scope';
import { isoNow, nowMs } from '../../server/time';
import type { AppDoc } from '../volunteer/store';
import { APPS, appIdFor } from '../volunteer/store';
import {
  KIDS, newPairingId, PAIRINGS, passChildPlace, releaseChildPlace, releaseVolunteerPlace, takeChildPlace, takeVolunteerPlace, today, VOLS,
  type ChildPlacesDoc, type PairingDoc, type VolunteerPlacesDoc,
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

/** What proposing reads, in one request: the child, the volunteer's application, both org nodes and both places documents. */
interface Proposal {
  child: ChildDoc;
  childOrg: OrgDoc | null;
  app: AppDoc | null;
  appOrg: OrgDoc | null;
  kidPlaces: ChildPlacesDoc | null;
  volPlaces: VolunteerPlacesDoc | null;
}

/**
 * One aggregate from the child's document joins everything a proposal needs by `_id` ($lookup on
 * each collection's primary key), and keeps only the fields used (no sealed field leaves the database).
 */
async function readProposal(db: Db, childId: string, volunteerId: string): Promise<Proposal> {
  const $ = db.command.aggregate;
  const keep = (prefix: string, fields: string[]) => Object.fromEntries(fields.map((f) => [`${prefix}${f}`, 1]));
  const res = await db
    .collection('children')
    .aggregate()
    .match({ _id: childId })
    .addFields({ appId: $.literal(appIdFor(volunteerId)), volunteerId: $.literal(volunteerId) })
    .lookup({ from: APPS, localField: 'appId', foreignField: '_id', as: 'app' })
    .lookup({ from: 'orgs', localField: 'orgCode', foreignField: '_id', as: 'childOrg' })
    .lookup({ from: 'orgs', localField: 'app.orgCode', foreignField: '_id', as: 'appOrg' })
    .lookup({ from: KIDS, localField: '_id', foreignField: '_id', as: 'kidPlaces' })
    .lookup({ from: VOLS, localField: 'volunteerId', foreignField: '_id', as: 'volPlaces' })
    .project({
      ...keep('', ['name', 'category', 'orgCode', 'orgPath', 'sex', 'birthDate', 'riskLevel', 'needs', 'kidPlaces', 'volPlaces']),
      ...keep('app.', ['userId', 'status', 'name', 'orgCode', 'orgName', 'orgPath', 'teamKind', 'preferredAreaCode', 'form.skills', 'form.pairingForms']),
      ...keep('childOrg.', ['code', 'name', 'level']),
      ...keep('appOrg.', ['code', 'name', 'level']),
    })
    .end();
  const row = (res as { data?: Record<string, unknown>[] }).data?.[0];
  if (!row) throw new AppError('NOT_FOUND', '没有找到该儿童档案');
  const one = <T>(k: string) => ((row[k] as T[] | undefined) ?? [])[0] ?? null;
  return { child: row as unknown as ChildDoc, childOrg: one('childOrg'), app: one('app'), appOrg: one('appOrg'), kidPlaces: one('kidPlaces'), volPlaces: one('volPlaces') };
}

/**
 * The one path every pairing is made by (a confirmed suggestion, a hand pairing, a transfer):
 * one read, scope, the programme's hard rules through the engine, then three writes in this
 * order — the child's place naming the new pairing (and the pair's lock), the volunteer's place,
 * the pairing itself (the commit point). A refusal undoes the earlier place at once; a process
 * dying between two writes leaves a place named for a pairing that does not exist, which the
 * recount on the lapse timer gives back (docs/architecture.md, "Writes that span documents").
 */
export async function proposePair(
  db: Db,
  caller: Caller,
  programme: Programme,
  input: { childId: string; volunteerId: string; reasons?: string[]; transferredFrom?: PairingDoc },
): Promise<PairingDoc> {
  input = { ...input, volunteerId: volunteerUserIdOf(input.volunteerId) };
  const { child, childOrg, app, appOrg, kidPlaces, volPlaces } = await readProposal(db, input.childId, input.volunteerId);
  assertInScope(caller, child.orgPath);
  if (!app || app.status !== 'approved') throw new AppError('NOT_FOUND', '没有找到该爱心妈妈（须已通过审核）');
  assertInScope(caller, app.orgPath);
  const orgs = new Map<string, OrgDoc>([childOrg, appOrg].filter((o): o is OrgDoc => !!o).map((o) => [o.code, o]));
  const role = roleOf(app.teamKind);
  const from = input.transferredFrom;
  if (from && programme.pairing.localRemote && (from.role ?? 'local') !== role) {
    throw new AppError('INVALID_INPUT', `请转交给同为${role === 'local' ? '异地' : '本地'}的爱心妈妈`);
  }
  // the engine's hard constraints (target, area, 龙岗 level, 岳阳 local from the same community)
  const check = suggestForOne(matchChild(child, today(), programme.pairing.localRemote ? role : 'any'), [matchVolunteer(app, programme, orgs, 1)], matchRules(programme), 0);
  if (!check.suggestion) throw new AppError('INVALID_INPUT', `不能结对：${check.reason ?? '不符合本项目的结对规则'}`);

  const slot = programme.pairing.localRemote ? role : 'local';
  const id = newPairingId();
  const capacity = volunteerCapacity(app, programme);
  if (volPlaces && volPlaces.held >= capacity) throw new AppError('CONFLICT', '该爱心妈妈的结对名额已满');
  const undo: (() => Promise<unknown>)[] = [];
  try {
    if (from) {
      // a transfer: the child's place passes from the old pairing (which stays active until it moves)
      if (kidPlaces?.holders?.[app.userId]) throw new AppError('CONFLICT', '这名儿童已与该爱心妈妈结对');
      if (!(await passChildPlace(db, child._id, { userId: from.volunteerUserId, pairingId: from._id }, { userId: app.userId, pairingId: id }))) {
        throw new AppError('CONFLICT', '该结对已有变化，请刷新后再试');
      }
      undo.push(() => passChildPlace(db, child._id, { userId: app.userId, pairingId: id }, { userId: from.volunteerUserId, pairingId: from._id }));
    } else {
      await takeChildPlace(db, programme, child._id, slot, app.userId, id, kidPlaces);
      undo.push(() => releaseChildPlace(db, child._id, slot, app.userId, id));
    }
    await takeVolunteerPlace(db, app.userId, capacity, volPlaces);
    undo.push(() => releaseVolunteerPlace(db, app.userId));
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
      childOrgName: childOrg?.name ?? '',
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
      transferredFrom: from?._id ?? null,
      transferredTo: null,
      events: [{ at, by: caller.userId, event: from ? 'transfer_in' : 'propose', note: null }],
    };
    await db.collection(PAIRINGS).add(doc);
    return doc;
  } catch (err) {
    for (const u of undo.reverse()) await u().catch(() => undefined);
    throw err;
  }
}
