import { AppError } from '../../contract';
import { decide, RULES, type Actor, type WishCore, type WishEvent, type WishStatus, type WishTransition } from '../../domain/wish';
import type { PhotoCheck, PhotoState } from '../../domain/content';
import type { Caller } from '../../server/caller';
import { loadProgramme } from '../../server/programme';
import type { Db } from '../../server/runtime';
import { hasPermission, inScope } from '../../server/scope';
import { isoNow, now } from '../../server/time';
import { WishRulesSchema, type WishRules } from '../../programmes/schema';

/** Data access shared by the wish function's handlers. */
export const WISHES = 'wishes';
export const EVENTS = 'wish_events';
export const DONORS = 'wish_donors';
export const NOTES = 'wish_notifications';

/** A `wishes` document. Claim fields sit at the top level so the timer's queries are plain and indexed. */
export interface WishDoc extends WishCore {
  programmeId: string;
  childId: string;
  orgCode: string;
  orgPath: string[];
  districtCode: string;
  childWords: string;
  officeAddress: string;
  volunteerAddress: string;
  collectedBy: string;
  reviewReason: string | null;
  claimantId: string | null;
  claimedAt: string | null;
  expiresAt: string | null;
  remindAt: string | null;
  reminded: boolean;
  handoverMode: 'office' | 'volunteer' | null;
  handoverNote: string;
  sentAt: string | null;
  /**
   * photoApproved: a staff member approved the photo (before content security it also meant "shown");
   * photoCheck: WeChat's image check (absent on thanks written before it existed); showsFace: as the uploader said
   */
  thanks: { text: string; photoFileID: string | null; photoApproved: boolean; showsFace?: boolean; photoCheck?: PhotoCheck; at: string; by: string } | null;
  version: number;
  /**
   * The claim cycle's transitions (claim, cancel, send, lapse, revoke), written by the same update
   * that moves the wish, so a move and its record cannot part; other events are in wish_events.
   */
  trail?: TrailEntry[];
  /** The donor whose slot a cancel, send, lapse or revoke gives back (the follow-up a timer finishes). */
  releasedFrom?: string | null;
  createdAt: string;
  updatedAt: string;
}

export type TrailEntry = Omit<WishTransition, 'wishId'>;

export interface DonorDoc {
  _id: string;
  openClaims: number;
  /** The wishes whose slot she holds (wish id → when taken); openClaims is its size, written with it. */
  holding?: Record<string, string>;
  fulfilled: number;
  displayName: string | null;
  anonymous: boolean;
  updatedAt: string;
}

export const today = (): string => now().format('YYYY-MM-DD');

export async function wishRules(db: Db): Promise<WishRules & { programmeId: string }> {
  const programme = await loadProgramme(db);
  if (!programme) throw new AppError('NOT_FOUND', '本环境尚未启用项目，请联系管理员');
  return { ...programme.wishRules, programmeId: programme.id };
}
/** The product defaults, for reads that must not fail before a programme is set up. */
export async function wishRulesOrDefault(db: Db): Promise<WishRules> {
  const programme = await loadProgramme(db);
  return programme?.wishRules ?? WishRulesSchema.parse({});
}

export async function findWish(db: Db, id: string): Promise<WishDoc | null> {
  return ((await db.collection(WISHES).doc(id).get()).data?.[0] as WishDoc | undefined) ?? null;
}
export async function requireWish(db: Db, id: string): Promise<WishDoc> {
  const w = await findWish(db, id);
  if (!w) throw new AppError('NOT_FOUND', '没有找到这个心愿');
  return w;
}

export async function isActiveVolunteerOf(db: Db, caller: Caller, childId: string): Promise<boolean> {
  if (!caller.roles.includes('volunteer')) return false;
  const res = await db.collection('pairings').where({ childId, volunteerUserId: caller.userId, status: 'active' }).limit(1).get();
  return !!res.data?.length;
}

/** May the caller collect (and confirm, thank) for a child at this node? */
export async function isCollector(db: Db, caller: Caller, childId: string, orgPath: readonly string[]): Promise<boolean> {
  if (inScope(caller, orgPath) && (hasPermission(caller, 'wish.review') || hasPermission(caller, 'child.write'))) return true;
  return isActiveVolunteerOf(db, caller, childId);
}

/** Who the caller is for this wish. */
export async function actorsFor(db: Db, caller: Caller, w: WishDoc): Promise<Actor[]> {
  const out: Actor[] = ['donor'];
  if (w.claimantId && w.claimantId === caller.userId) out.push('claimant');
  if (inScope(caller, w.orgPath) && hasPermission(caller, 'wish.review')) out.push('reviewer');
  if (await isCollector(db, caller, w.childId, w.orgPath)) out.push('collector');
  return out;
}

/** Refuses staff-side reads of a wish the caller has no part in, without disclosing more. */
export function assertStaffSide(actors: Actor[]): void {
  if (!actors.includes('reviewer') && !actors.includes('collector')) throw new AppError('FORBIDDEN', '该心愿不在您的管辖范围内');
}

export const CLAIM_CLEARED = {
  claimantId: null, claimedAt: null, expiresAt: null, remindAt: null, reminded: false, handoverMode: null, handoverNote: '', sentAt: null,
} as const;

/**
 * Moves a wish by one event: the state machine decides (wrong person FORBIDDEN, wrong state
 * CONFLICT), then one conditional update on the status and version it was read at, so two moves
 * at once cannot both succeed; then the transition is recorded.
 */
export async function transit(
  db: Db,
  w: WishDoc,
  event: WishEvent,
  actors: readonly Actor[],
  actorId: string,
  fields: Record<string, unknown> = {},
  reason: string | null = null,
  raced = '心愿状态刚刚有变化，请刷新后再试',
): Promise<WishStatus> {
  const to = decide(w.status, event, actors);
  const at = isoNow();
  const set: Record<string, unknown> = {};
  for (const [k, v] of Object.entries({ ...fields, status: to, version: w.version + 1, updatedAt: at })) {
    set[k] = v !== null && typeof v === 'object' ? db.command.set(v) : v;
  }
  const res = await db.collection(WISHES).where({ _id: w._id, status: w.status, version: w.version }).update(set);
  if (res.updated !== 1) throw new AppError('CONFLICT', raced);
  await recordTransition(db, w._id, event, w.status, to, actorId, actors, reason, at);
  return to;
}

export async function recordTransition(db: Db, wishId: string, event: WishEvent, from: WishStatus | null, to: WishStatus, actorId: string, actors: readonly Actor[], reason: string | null, at = isoNow()): Promise<void> {
  const kind = RULES[event]?.by.find((a) => actors.includes(a)) ?? actors[0] ?? 'system';
  await db.collection(EVENTS).add({ wishId, event, from, to, actorId, actorKind: kind, at, reason });
}

/**
 * A donor's open-claim slots are a map of the wishes she holds (`holding`, wish id → time) with its
 * size in `openClaims`, both written by one conditional update: taking a wish's slot twice or giving
 * back one she does not hold matches nothing, so every step may be retried and the timer may finish
 * an interrupted claim, cancel, send, lapse or revoke without counting anything twice.
 */
const holdKey = (wishId: string) => `holding.${wishId}`;

/**
 * Takes the slot of `wishId` for the donor: one conditional update on her document (below the
 * maximum, not held yet), or her first document. 'full' when she already holds the maximum.
 */
export async function takeSlot(db: Db, userId: string, wishId: string, max: number, exists: boolean, profile: Record<string, unknown> = {}, credits = 0): Promise<'taken' | 'full'> {
  const _ = db.command;
  const at = isoNow();
  if (!exists) {
    const fresh = { _id: userId, openClaims: 1, fulfilled: 0, displayName: null, anonymous: true, holding: { [wishId]: at }, updatedAt: at, ...profile, ...(credits ? { reminderCredits: credits } : {}) };
    if (await db.collection(DONORS).add(fresh).then(() => true, () => false)) return 'taken';
    // her first claim raced another of hers: the document exists now
  }
  const res = await db.collection(DONORS)
    .where({ _id: userId, openClaims: _.lt(max), [holdKey(wishId)]: _.exists(false) })
    .update({ openClaims: _.inc(1), [holdKey(wishId)]: at, updatedAt: at, ...profile, ...(credits ? { reminderCredits: _.inc(credits) } : {}) });
  return res.updated === 1 ? 'taken' : 'full';
}

/**
 * Undoes a claim whose slot could not be taken: the wish goes back to the list as if it had never
 * been claimed (its claim entry is taken off the trail), only if it is still that claim.
 */
export async function rollbackClaim(db: Db, w: Pick<WishDoc, '_id' | 'claimantId' | 'version'>): Promise<boolean> {
  const _ = db.command;
  const res = await db.collection(WISHES)
    .where({ _id: w._id, status: 'claimed', claimantId: w.claimantId, version: w.version })
    .update({ ...CLAIM_CLEARED, status: 'published', releasedFrom: null, version: _.inc(1), trail: _.pop(), updatedAt: isoNow() });
  return res.updated === 1;
}

/** Gives back the slot of `wishId` if she holds it (idempotent). */
export async function releaseSlot(db: Db, userId: string, wishId: string): Promise<boolean> {
  const _ = db.command;
  const res = await db.collection(DONORS)
    .where({ _id: userId, [holdKey(wishId)]: _.exists(true) })
    .update({ openClaims: _.inc(-1), [holdKey(wishId)]: _.remove(), updatedAt: isoNow() });
  return res.updated === 1;
}

/**
 * Moves a wish of the claim cycle by one conditional update that also records the transition in
 * its trail; `where` pins the state the move needs (status, claimant). Null when nothing matched
 * (the caller reads the wish to say why).
 */
export async function moveClaim(
  db: Db,
  id: string,
  where: Record<string, unknown>,
  entry: TrailEntry,
  fields: Record<string, unknown>,
): Promise<WishDoc | null> {
  const _ = db.command;
  const set: Record<string, unknown> = {};
  for (const [k, v] of Object.entries({ ...fields, status: entry.to, updatedAt: entry.at })) set[k] = v !== null && typeof v === 'object' ? _.set(v) : v;
  const res = await db.collection(WISHES).where({ _id: id, ...where }).updateAndReturn({ ...set, version: _.inc(1), trail: _.push([entry]) });
  return res.updated === 1 && res.doc ? (res.doc as WishDoc) : null;
}

export const trailEntry = (event: WishEvent, from: WishStatus, to: WishStatus, actorId: string, actorKind: Actor, reason: string | null = null, at = isoNow()): TrailEntry =>
  ({ event, from, to, actorId, actorKind, at, reason });

export async function notify(db: Db, userId: string, wishId: string, kind: 'reminder' | 'lapsed' | 'revoked' | 'thanks', text: string, id?: string): Promise<void> {
  const note = { userId, wishId, kind, text, at: isoNow(), read: false };
  // a fixed id (the move it tells of) makes a notice that a timer may write again appear once
  if (id) await db.collection(NOTES).add({ _id: id, ...note }).catch(ignoreDuplicate);
  else await db.collection(NOTES).add(note);
}

/**
 * A thanks photo's state for src/domain/content. Thanks from before content security kept only
 * photoApproved, which then meant "shown": such a photo stays as it was.
 */
/** An insert of a fixed id that exists already: done before. Anything else still fails. */
export function ignoreDuplicate(err: unknown): void {
  if ((err as { code?: string })?.code !== 'DATABASE_DUPLICATE_WRITE') throw err;
}

export function thanksPhoto(t: NonNullable<WishDoc['thanks']>): PhotoState {
  if (t.photoCheck === undefined) return { check: 'unchecked', staffApproved: t.photoApproved, showsFace: false };
  return { check: t.photoCheck, staffApproved: t.photoApproved, showsFace: !!t.showsFace };
}
