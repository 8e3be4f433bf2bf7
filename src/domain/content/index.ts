/**
 * Content security (内容安全), pure: what WeChat's verdicts mean for texts and photos that people
 * other than their author will see. Sources: msgSecCheck v2 and mediaCheckAsync v2
 * (developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/sec-center/sec-check/msgSecCheck.html and
 * …/mediaCheckAsync.html): `result.suggest` is 'pass', 'review' or 'risky'. WeChat's advice is to
 * refuse 'risky' and have a person look at 'review'.
 */

export type Suggest = 'pass' | 'review' | 'risky';

/** msgSecCheck v2 scenes: 1 资料 (profile), 2 评论 (comment), 3 论坛 (forum), 4 社交日志 (social log). */
export const SCENE = { profile: 1, comment: 2, forum: 3, socialLog: 4 } as const;

/**
 * Texts: 'risky' and 'review' are both refused. Nobody reviews texts by hand here, and the author is
 * at her screen and can rephrase at once; holding a display name or a thank-you note for a human
 * would leave it unseen for days.
 */
export const REFUSED_TEXT: readonly Suggest[] = ['risky', 'review'];
export const textAllowed = (suggest: Suggest): boolean => !REFUSED_TEXT.includes(suggest);

/**
 * A photo's check: 'pending' until WeChat's push arrives; then its verdict. 'unchecked' when the
 * check could not be asked (the file has no download URL, WeChat refused the call): like 'review',
 * only a staff member can let it be shown. 'risky' is final: nothing shows it to others again.
 */
export type PhotoCheck = 'pending' | 'pass' | 'review' | 'risky' | 'unchecked';

/** A verdict from the push; anything WeChat might add later is treated as needing a person. */
export const photoCheckOf = (suggest: unknown): PhotoCheck => (suggest === 'pass' || suggest === 'risky' ? suggest : 'review');

/**
 * The check after a verdict arrives. The first verdict decides; WeChat may push the same trace
 * again, and a later 'risky' still hides the photo for good (never the other way round).
 */
export function nextPhotoCheck(current: PhotoCheck, verdict: PhotoCheck): PhotoCheck {
  if (current === 'risky' || verdict === 'risky') return 'risky';
  if (current === 'pending' || current === 'unchecked') return verdict;
  return current;
}

export interface PhotoState {
  check: PhotoCheck;
  /** a staff member with the review permission looked at it and approved it */
  staffApproved: boolean;
  /** the uploader said the child's face is in it: then staff must approve it whatever WeChat says */
  showsFace: boolean;
}

/** Whether people other than its author and staff may see the photo. */
export function photoPublic(p: PhotoState): boolean {
  if (p.check === 'risky') return false;
  if (p.showsFace && !p.staffApproved) return false;
  return p.check === 'pass' || p.staffApproved;
}

export type PhotoViewer = 'author' | 'staff' | 'other';

/** The author and staff see a photo while it waits (and staff a refused one, to know what happened). */
export const photoVisibleTo = (p: PhotoState, viewer: PhotoViewer): boolean => viewer !== 'other' || photoPublic(p);

/** Staff may approve a photo that is not shown yet, unless WeChat found it risky. */
export const staffMayApprove = (p: PhotoState): boolean => p.check !== 'risky' && !p.staffApproved && !photoPublic(p);

/** What the author and staff read about a photo's state. */
export function photoStatusLabel(p: PhotoState): string {
  if (p.check === 'risky') return '照片未通过内容安全审核，不会展示';
  if (photoPublic(p)) return '照片已通过审核';
  if (p.check === 'pending') return '照片审核中';
  return '照片待工作人员审核';
}
