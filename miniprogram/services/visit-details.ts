/**
 * The check-in's optional details that both 走访打卡 and 修改走访记录 offer: the rule's checklist
 * (岳阳's 一看二联三问四帮) and photos.
 */

/** A check-in holds at most this many photos (the contract's limit). */
export const MAX_PHOTOS = 9;

export interface ChecklistItem { key: string; group: string; label: string }
/** A child as visit.mine answers it: the checklist where her rule has one, and the kinds it applies to. */
export interface ChecklistRule { checklist: ChecklistItem[]; checklistKinds: string[] }

/** The checklist to show for a check-in of `kind`, each item ticked or not; none where her rule has none for that kind. */
export function checklistFor(child: ChecklistRule | undefined, kind: string, ticked: string[]): (ChecklistItem & { on: boolean })[] {
  if (!child || !child.checklistKinds.includes(kind)) return [];
  return child.checklist.map((c) => ({ ...c, on: ticked.includes(c.key) }));
}

/** `ticked` with `key` ticked, or unticked if it was. */
export const toggle = (ticked: string[], key: string): string[] => (ticked.includes(key) ? ticked.filter((k) => k !== key) : [...ticked, key]);

export interface ChosenPhoto { tempFilePath: string; size: number }

type ChooseMedia = (o: WechatMiniprogram.ChooseMediaOption) => void;

/**
 * Lets her choose up to `room` photos from the album or camera; answers none when she cancels.
 * The page passes `wx.chooseMedia` itself: a privacy API is called from the page that carries the
 * privacy popup (tests/miniprogram/platform-declarations.test.ts).
 */
export function choosePhotos(room: number, chooseMedia: ChooseMedia | undefined): Promise<ChosenPhoto[]> {
  return new Promise((resolve) => {
    if (room <= 0 || !chooseMedia) return resolve([]);
    chooseMedia({
      count: room,
      mediaType: ['image'],
      sizeType: ['compressed'],
      success: (r: { tempFiles: ChosenPhoto[] }) => resolve(r.tempFiles ?? []),
      fail: () => resolve([]),
    });
  });
}
