import { randomBytes } from 'crypto';
import { AppError } from '../../contract';
import { CONSENT_METHOD_LABELS } from '../../domain/pairing/state';
import { alias, type ChildDoc } from '../../domain/child';
import { PAIRING_STATUS_LABELS, next, placesPerChild, type PairingEvent, type PairingStatus } from '../../domain/pairing';
import type { Programme } from '../../programmes';
import type { Caller } from '../../server/caller';
import type { OrgDoc } from '../../server/orgs';
import { requireProgramme } from '../../server/programme';

export { requireProgramme };
import type { Db } from '../../server/runtime';
import { assertInScope } from '../../server/scope';
import { isoNow, now } from '../../server/time';
import { APPS, appIdFor, type AppDoc } from '../volunteer/store';

/**
 * Documents of the pairing function and the race-safe steps every handler shares.
 *
 * Places are counted in two small documents, each changed only by one conditional update, so of
 * two staff confirming at once exactly one gets the last place and the other a CONFLICT:
 * - pairing_volunteers/{volunteerUserId}: { capacity, held } — held counts proposed, consented
 *   and active pairings; taken by `where({ _id, held: _.lt(capacity) }).update({ held: _.inc(1) })`;
 * - pairing_children/{childId}: { held, local, remote, holders } — the same against the programme's
 *   volunteers per child (岳阳: one local and one remote), and `holders.{volunteerUserId}`, the
 *   pairing holding it: one pairing per child and volunteer (the pair's lock).
 * How each action stays whole when its process dies between two writes: docs/architecture.md,
 * "Writes that span documents".
 */
export const PAIRINGS = 'pairings';
export const VOLS = 'pairing_volunteers';
export const KIDS = 'pairing_children';

export interface Consent {
  guardianName: string;
  relation: string;
  method: keyof typeof CONSENT_METHOD_LABELS;
  at: string;
  recordedAt: string;
  recordedBy: string;
}

export interface PairingDoc {
  _id: string;
  programmeId: string;
  status: PairingStatus;
  version: number;
  childId: string;
  childName: string;
  childCategory: string;
  childOrgCode: string;
  childOrgName: string;
  /** The child's path: the pairing belongs to the child's node for scope. */
  orgPath: string[];
  volunteerUserId: string;
  volunteerName: string;
  volunteerOrgName: string;
  volunteerOrgPath: string[];
  role: 'local' | 'remote' | null;
  reasons: string[];
  consent: Consent | null;
  deadline: string | null;
  message: string;
  proposedAt: string;
  proposedBy: string;
  acceptedAt: string | null;
  closedAt: string | null;
  closedBy: string | null;
  closeReason: string | null;
  transferredFrom: string | null;
  transferredTo: string | null;
  events: { at: string; by: string; event: string; note: string | null }[];
}

export const newPairingId = (): string => `pr${randomBytes(10).toString('hex')}`;

export async function getPairing(db: Db, id: string): Promise<PairingDoc | null> {
  return ((await db.collection(PAIRINGS).doc(id).get()).data?.[0] as PairingDoc | undefined) ?? null;
}

export async function requirePairing(db: Db, id: string): Promise<PairingDoc> {
  const doc = await getPairing(db, id);
  if (!doc) throw new AppError('NOT_FOUND', '没有找到该结对记录');
  return doc;
}

/** A pairing staff may act on: inside their subtree. */
export async function loadForStaff(db: Db, caller: Caller, id: string): Promise<PairingDoc> {
  const doc = await requirePairing(db, id);
  assertInScope(caller, doc.orgPath);
  return doc;
}

export async function loadChildDoc(db: Db, id: string): Promise<ChildDoc> {
  const doc = (await db.collection('children').doc(id).get()).data?.[0] as ChildDoc | undefined;
  if (!doc) throw new AppError('NOT_FOUND', '没有找到该儿童档案');
  return doc;
}

/** An approved volunteer, by her user id. */
export async function loadVolunteer(db: Db, userId: string): Promise<AppDoc> {
  const doc = (await db.collection(APPS).doc(appIdFor(userId)).get()).data?.[0] as AppDoc | undefined;
  if (!doc || doc.status !== 'approved') throw new AppError('NOT_FOUND', '没有找到该爱心妈妈（须已通过审核）');
  return doc;
}

export async function orgMap(db: Db, codes: readonly string[]): Promise<Map<string, OrgDoc>> {
  const unique = [...new Set(codes)];
  const out = new Map<string, OrgDoc>();
  const _ = db.command;
  for (let i = 0; i < unique.length; i += 500) {
    const res = await db.collection('orgs').where({ _id: _.in(unique.slice(i, i + 500)) }).limit(1000).get();
    for (const o of res.data as OrgDoc[]) out.set(o.code, o);
  }
  return out;
}

/** Every document matching `where`, paging past the 1000-per-query limit. */
export async function listAll<T>(db: Db, collection: string, where: Record<string, unknown>, cap = 20000): Promise<T[]> {
  const out: T[] = [];
  for (let skip = 0; skip < cap; skip += 1000) {
    const res = await db.collection(collection).where(where).orderBy('_id', 'asc').skip(skip).limit(1000).get();
    const rows = (res.data ?? []) as T[];
    out.push(...rows);
    if (rows.length < 1000) break;
  }
  return out;
}

// ---- places: taken and released by conditional updates only

/** pairing_volunteers/{volunteerUserId}: her places. */
export interface VolunteerPlacesDoc { _id: string; capacity: number; held: number }
/**
 * pairing_children/{childId}: the child's places, and by volunteer the one pairing holding each
 * (`holders.{volunteerUserId}` = pairing id): that entry is the pair's lock, and it names the
 * pairing a place was taken for, so giving it back is conditional on it (idempotent) and the
 * recount can tell a place held by no pairing.
 */
export interface ChildPlacesDoc { _id: string; held: number; local: number; remote: number; holders?: Record<string, string> }

const isDuplicate = (err: unknown): boolean => (err as { code?: string } | null)?.code === 'DATABASE_DUPLICATE_WRITE';

/**
 * One of her places, by one write: the first pairing creates her document holding it (a
 * duplicate means another call created it at the same moment: take it on that one), later ones
 * take it by `where({ _id, held: _.lt(capacity) })`. The capacity follows the programme and is
 * written with it; the condition is what guards it.
 */
export async function takeVolunteerPlace(db: Db, userId: string, capacity: number, seen: VolunteerPlacesDoc | null): Promise<void> {
  const _ = db.command;
  if (!seen) {
    try {
      await db.collection(VOLS).add({ _id: userId, capacity, held: 1 });
      return;
    } catch (err) {
      if (!isDuplicate(err)) throw err;
    }
  }
  const res = await db.collection(VOLS).where({ _id: userId, held: _.lt(capacity) }).update({ held: _.inc(1), capacity });
  if (res.updated !== 1) throw new AppError('CONFLICT', '该爱心妈妈的结对名额已满');
}

export async function releaseVolunteerPlace(db: Db, userId: string): Promise<void> {
  const _ = db.command;
  await db.collection(VOLS).where({ _id: userId, held: _.gt(0) }).update({ held: _.inc(-1) });
}

const holderKey = (userId: string) => `holders.${userId}`;

/**
 * One of the child's places in `role`'s slot and the pair's lock, for pairing `pairingId`, by one
 * write (created with the first pairing as for the volunteer's).
 */
export async function takeChildPlace(
  db: Db, programme: Programme, childId: string, role: 'local' | 'remote', userId: string, pairingId: string, seen: ChildPlacesDoc | null,
): Promise<void> {
  const _ = db.command;
  const places = placesPerChild(programme.pairing);
  const full = () => new AppError('CONFLICT', programme.pairing.localRemote ? `该儿童已有${role === 'local' ? '本地' : '异地'}爱心妈妈结对` : '该儿童已经结对，不能重复结对');
  const paired = () => new AppError('CONFLICT', '这名儿童已与该爱心妈妈结对');
  if (seen?.holders?.[userId]) throw paired();
  if (places.total < 1 || places[role] < 1) throw full();
  if (!seen) {
    try {
      await db.collection(KIDS).add({ _id: childId, held: 1, local: role === 'local' ? 1 : 0, remote: role === 'remote' ? 1 : 0, holders: { [userId]: pairingId } });
      return;
    } catch (err) {
      if (!isDuplicate(err)) throw err;
    }
  }
  const res = await db
    .collection(KIDS)
    .where({ _id: childId, held: _.lt(places.total), [role]: _.lt(places[role]), [holderKey(userId)]: _.exists(false) })
    .update({ held: _.inc(1), [role]: _.inc(1), [holderKey(userId)]: pairingId });
  if (res.updated === 1) return;
  // refused: say why, from the document as it is now (only on this rare path)
  const now = ((await db.collection(KIDS).doc(childId).get()).data?.[0] as ChildPlacesDoc | undefined) ?? null;
  throw now?.holders?.[userId] ? paired() : full();
}

/** Gives back what pairing `pairingId` held of the child: only while its entry still names it, so a second call does nothing. */
export async function releaseChildPlace(db: Db, childId: string, role: 'local' | 'remote', userId: string, pairingId: string): Promise<void> {
  const _ = db.command;
  await db
    .collection(KIDS)
    .where({ _id: childId, [holderKey(userId)]: pairingId, held: _.gt(0), [role]: _.gt(0) })
    .update({ held: _.inc(-1), [role]: _.inc(-1), [holderKey(userId)]: _.remove() });
}

/** A transfer: the child's place and lock pass from one pairing to another, in one conditional write. */
export async function passChildPlace(db: Db, childId: string, from: { userId: string; pairingId: string }, to: { userId: string; pairingId: string }): Promise<boolean> {
  const _ = db.command;
  const res = await db
    .collection(KIDS)
    .where({ _id: childId, [holderKey(from.userId)]: from.pairingId, [holderKey(to.userId)]: _.exists(false) })
    .update({ [holderKey(from.userId)]: _.remove(), [holderKey(to.userId)]: to.pairingId });
  return res.updated === 1;
}

/**
 * Frees what a closed pairing held (after its status left proposed/consented/active): its child
 * place and lock first (idempotent), then her place. A process stopped between leaves places the
 * recount gives back.
 */
export async function releaseAll(db: Db, doc: PairingDoc): Promise<void> {
  await releaseChildPlace(db, doc.childId, doc.role ?? 'local', doc.volunteerUserId, doc._id);
  await releaseVolunteerPlace(db, doc.volunteerUserId);
}

/**
 * Moves a pairing by one event: checked against the state machine, then one conditional update
 * on (status, version), so of two racing moves one wins and the other is a CONFLICT.
 */
export async function transition(
  db: Db,
  doc: PairingDoc,
  event: PairingEvent,
  by: string,
  fields: Record<string, unknown> = {},
  note: string | null = null,
): Promise<PairingDoc> {
  const step = next(doc.status, event);
  if (!step.ok) throw new AppError('CONFLICT', step.message);
  const _ = db.command;
  const at = isoNow();
  const res = await db
    .collection(PAIRINGS)
    .where({ _id: doc._id, status: doc.status, version: doc.version })
    .update({ ...fields, status: step.to, version: _.inc(1), events: _.push({ at, by, event, note }) });
  if (res.updated !== 1) throw new AppError('CONFLICT', '该结对已有变化，请刷新后再试');
  return { ...doc, ...(fields as Partial<PairingDoc>), status: step.to, version: doc.version + 1 };
}

/** Keeps the child's `paired` flag (read by the registry) true while any pairing of hers is active. */
export async function syncPaired(db: Db, childId: string): Promise<void> {
  const active = await db.collection(PAIRINGS).where({ childId, status: 'active' }).count();
  await db.collection('children').doc(childId).update({ paired: (active.total ?? 0) > 0 });
}

// ---- views

const ROLE_LABELS = { local: '本地', remote: '异地' } as const;
export const roleLabel = (r: string | null): string => (r === 'local' || r === 'remote' ? ROLE_LABELS[r] : '');

export function rowOf(doc: PairingDoc, viewer: 'staff' | 'volunteer') {
  return {
    id: doc._id,
    status: doc.status,
    statusLabel: PAIRING_STATUS_LABELS[doc.status],
    childId: doc.childId,
    childName: viewer === 'staff' ? doc.childName : alias(doc.childName),
    childOrgName: doc.childOrgName,
    volunteerId: doc.volunteerUserId,
    volunteerName: doc.volunteerName,
    volunteerOrgName: doc.volunteerOrgName,
    role: doc.role,
    reasons: doc.reasons,
    consent: doc.consent
      ? {
          // she learns the guardian's name from the care card once she has accepted
          guardianName: viewer === 'staff' ? doc.consent.guardianName : '监护人',
          relation: doc.consent.relation,
          method: doc.consent.method,
          methodLabel: CONSENT_METHOD_LABELS[doc.consent.method],
          at: doc.consent.at,
          recordedAt: doc.consent.recordedAt,
        }
      : null,
    deadline: doc.deadline,
    message: doc.message,
    proposedAt: doc.proposedAt,
    acceptedAt: doc.acceptedAt,
    closedAt: doc.closedAt,
    closeReason: doc.closeReason,
    version: doc.version,
  };
}

export const today = (): string => now().format('YYYY-MM-DD');
