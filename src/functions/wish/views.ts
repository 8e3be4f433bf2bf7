import { daysLeft, donorLabel, publicCard, RULES, WISH_EVENTS, type WishEvent } from '../../domain/wish';
import { photoPublic, photoStatusLabel, photoVisibleTo, type PhotoViewer } from '../../domain/content';
import type { Db } from '../../server/runtime';
import type { PhotoLinks } from '../../server/files';
import { nowMs } from '../../server/time';
import { DONORS, EVENTS, thanksPhoto, type DonorDoc, type WishDoc } from './store';

/** The thanks photo the donor and the public wall may see: only once content security and staff allow it. */
export const publicThanksPhoto = (w: WishDoc): string | null => (w.thanks?.photoFileID && photoPublic(thanksPhoto(w.thanks)) ? w.thanks.photoFileID : null);

/** The thanks photo the staff side sees: one not yet shown only to its author and staff (PhotoViewer). */
export const staffThanksPhoto = (w: WishDoc, viewer: PhotoViewer): string | null =>
  (w.thanks?.photoFileID && photoVisibleTo(thanksPhoto(w.thanks), viewer) ? w.thanks.photoFileID : null);

/**
 * The donor's view of her claim: the anonymised card, timing, handover points (never the child's), thanks.
 * `link`: photoLinks over publicThanksPhoto of the answer's wishes.
 */
export function donorClaimView(w: WishDoc, link: PhotoLinks) {
  const handover: { mode: 'office' | 'volunteer'; label: string; address: string }[] = [{ mode: 'office', label: '交到妇联（由工作人员转交）', address: w.officeAddress }];
  if (w.volunteerAddress) handover.push({ mode: 'volunteer' as const, label: '交给结对爱心妈妈（由她转交）', address: w.volunteerAddress });
  const open = w.status === 'claimed' && w.expiresAt;
  return {
    id: w._id,
    card: publicCard(w),
    claimedAt: w.claimedAt ?? '',
    expiresAt: open ? w.expiresAt : null,
    daysLeft: open ? daysLeft(w.expiresAt!, nowMs()) : null,
    handover,
    handoverMode: w.handoverMode,
    sentAt: w.sentAt,
    // the donor and the public wall see a photo only once content security and staff allow it
    thanks: w.thanks ? { text: w.thanks.text, photoFileID: publicThanksPhoto(w), photoUrl: link(publicThanksPhoto(w)) || null, at: w.thanks.at } : null,
  };
}

const eventLabel = (e: string) => ((WISH_EVENTS as readonly string[]).includes(e) ? RULES[e as WishEvent].label : e === 'collect' ? '采集心愿' : e);

/** The thanks as the staff side sees it: a photo not yet shown only to its author and staff. */
function staffThanks(w: WishDoc & { thanks: NonNullable<WishDoc['thanks']> }, viewer: PhotoViewer, link: PhotoLinks) {
  const t = w.thanks;
  const photo = thanksPhoto(t);
  const shown = staffThanksPhoto(w, viewer);
  return {
    text: t.text,
    photoFileID: shown,
    photoUrl: link(shown) || null,
    at: t.at,
    photoApproved: !!t.photoFileID && photoPublic(photo),
    photoStatus: t.photoFileID ? photoStatusLabel(photo) : '',
  };
}

/** `link`: photoLinks over staffThanksPhoto of the answer's wishes, each with its own viewer. */
export async function staffView(db: Db, w: WishDoc, childName: string, can: { review: boolean; revoke: boolean; receive: boolean; thank: boolean; resubmit: boolean; approvePhoto: boolean }, withHistory: boolean, viewer: PhotoViewer, link: PhotoLinks) {
  let history: { event: string; label: string; from: string | null; to: string; actorId: string; at: string; reason: string | null }[] = [];
  if (withHistory) {
    const rows = (await db.collection(EVENTS).where({ wishId: w._id }).orderBy('at', 'asc').limit(200).get()).data as { event: string; from: string | null; to: string; actorId: string; at: string; reason: string | null }[];
    // the claim cycle's moves live on the wish itself (its trail); the others in wish_events
    history = [...rows, ...(w.trail ?? [])]
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
      .map((r) => ({ event: r.event, label: eventLabel(r.event), from: r.from, to: r.to, actorId: r.actorId, at: r.at, reason: r.reason }));
  }
  let claim = null;
  if (w.claimantId && w.claimedAt) {
    const donor = (await db.collection(DONORS).doc(w.claimantId).get()).data?.[0] as DonorDoc | undefined;
    claim = { donorLabel: donor ? donorLabel(donor) : '爱心人士', claimedAt: w.claimedAt, expiresAt: w.expiresAt ?? '', handoverMode: w.handoverMode, sentAt: w.sentAt };
  }
  return {
    id: w._id,
    card: publicCard(w),
    childId: w.childId,
    childName,
    orgCode: w.orgCode,
    childWords: w.childWords,
    officeAddress: w.officeAddress,
    volunteerAddress: w.volunteerAddress,
    reviewReason: w.reviewReason,
    claim,
    thanks: w.thanks ? staffThanks({ ...w, thanks: w.thanks }, viewer, link) : null,
    version: w.version,
    createdAt: w.createdAt,
    history,
    can,
  };
}
