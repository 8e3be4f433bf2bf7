/**
 * WeChat's privacy flow (小程序隐私保护指引, enforced since 2023-10-17): before the first call of a
 * privacy API or component — the phone-number button, wx.chooseMedia, wx.chooseMessageFile,
 * wx.getFuzzyLocation, wx.saveImageToPhotosAlbum — the user must have agreed to the mini-program's
 * 隐私保护指引. WeChat holds such a call pending and fires wx.onNeedPrivacyAuthorization; we show our
 * own popup (components/privacy-popup) on the page in front, and the user's answer goes back through
 * the `resolve` WeChat handed us: agree only after the tap on `<button open-type=
 * "agreePrivacyAuthorization">` (the base library checks that this button, by id, was tapped), or
 * disagree, which makes the pending call fail with "privacy permission is not authorized".
 *
 * The listener is one for the whole app ("覆盖式注册": a second registration replaces the first), so
 * it is registered here once, from app.ts, and the popups of the pages only subscribe to it.
 * Every page that calls a privacy API carries one `<privacy-popup/>`; a call made while no popup is
 * on screen waits until one attaches, and closing the page that asks counts as not agreeing.
 */

/** The `id` of the popup's agree button; WeChat checks that the button with this id was tapped. */
export const AGREE_BUTTON_ID = 'privacy-agree';

export type PrivacyAnswer = { event: 'agree'; buttonId: string } | { event: 'disagree' } | { event: 'exposureAuthorization' };
export type PrivacyResolve = (answer: PrivacyAnswer) => void;
/** What WeChat passes the listener; the typings (miniprogram-api-typings 5.2) declare it wrongly. */
type NeedPrivacyListener = (resolve: PrivacyResolve, eventInfo?: { referrer?: string }) => void;
type PrivacyWx = { onNeedPrivacyAuthorization?: (listener: NeedPrivacyListener) => void };

/** A popup on a page, as the service sees it. */
export interface PrivacyPopup {
  open(referrer: string): void;
  close(): void;
}

const waiting: PrivacyResolve[] = [];
/** Calls whose popup the platform was told about (resolve({event:'exposureAuthorization'}), once each). */
const exposed = new WeakSet<PrivacyResolve>();
let referrer = '';
/** Attached popups, the one of the page in front last. */
let popups: PrivacyPopup[] = [];
/** The popup asking now, if any. */
let asking: PrivacyPopup | undefined;
let listeningOn: unknown = null;

const front = (): PrivacyPopup | undefined => popups[popups.length - 1];

function showFront(): void {
  const popup = front();
  if (!popup || !waiting.length) return;
  for (const other of popups) if (other !== popup) other.close();
  asking = popup;
  popup.open(referrer);
  for (const resolve of waiting) {
    if (exposed.has(resolve)) continue;
    exposed.add(resolve);
    resolve({ event: 'exposureAuthorization' });
  }
}

/** Registers the one wx.onNeedPrivacyAuthorization listener (base library ≥ 2.32.3; a no-op before). */
export function listenForPrivacy(): void {
  const w = wx as unknown as PrivacyWx;
  if (typeof w.onNeedPrivacyAuthorization !== 'function' || listeningOn === wx) return;
  listeningOn = wx;
  w.onNeedPrivacyAuthorization((resolve, eventInfo) => {
    waiting.push(resolve);
    referrer = eventInfo?.referrer ?? '';
    showFront();
  });
}

/** A popup attached or its page came to the front: it is the one that asks from now on. */
export function popupInFront(popup: PrivacyPopup): void {
  popups = [...popups.filter((p) => p !== popup), popup];
  showFront();
}

/**
 * A popup's page was closed. If it was asking, she left without agreeing: the waiting calls are
 * answered 'disagree' (a registered listener must always resolve), not carried to another page.
 */
export function popupGone(popup: PrivacyPopup): void {
  popups = popups.filter((p) => p !== popup);
  if (asking === popup) answerPrivacy(false);
  else showFront();
}

/** The user's answer, for every call waiting on it; all popups close. */
export function answerPrivacy(agreed: boolean): void {
  const answer: PrivacyAnswer = agreed ? { event: 'agree', buttonId: AGREE_BUTTON_ID } : { event: 'disagree' };
  for (const resolve of waiting.splice(0)) resolve(answer);
  referrer = '';
  asking = undefined;
  for (const popup of popups) popup.close();
}
