import { alias } from '../child/views';
import { WISH_CATEGORY_LABELS, WISH_OCCASION_LABELS, type WishCategory, type WishOccasion } from '../../programmes/enums';
import { WISH_STATUS_LABELS, type WishStatus } from './machine';

/**
 * What the public and donors may know of a child behind a wish: the first character of her given
 * name + 同学, her age, sex and district. Never the full name, photo, school, address or a contact.
 */
export const wishAlias = alias;

/** The snapshot a wish keeps of its child, taken when it is collected. */
export interface ChildSnapshot {
  alias: string;
  age: number;
  sex: 'male' | 'female' | null;
  districtCode: string;
  districtName: string;
}

export interface WishCore {
  _id: string;
  child: ChildSnapshot;
  title: string;
  category: WishCategory;
  priceYuan: number;
  occasion: WishOccasion;
  neededBy: string;
  status: WishStatus;
  publishedAt: string | null;
}

const SEX_LABELS = { male: '男', female: '女' } as const;

/** The anonymised card: the list, the detail, the share card and every donor-facing view use it. */
export function publicCard(w: WishCore) {
  return {
    id: w._id,
    alias: w.child.alias,
    age: w.child.age,
    sex: w.child.sex ? SEX_LABELS[w.child.sex] : '',
    district: w.child.districtName,
    title: w.title,
    category: w.category,
    categoryLabel: WISH_CATEGORY_LABELS[w.category],
    priceYuan: w.priceYuan,
    occasion: w.occasion,
    occasionLabel: WISH_OCCASION_LABELS[w.occasion],
    neededBy: w.neededBy,
    status: w.status,
    statusLabel: WISH_STATUS_LABELS[w.status],
  };
}
export type PublicCard = ReturnType<typeof publicCard>;

/** The text shared to a WeChat group or friend: the same anonymised facts. */
export const shareTitle = (c: Pick<PublicCard, 'alias' | 'age' | 'title'>): string => `${c.alias}（${c.age}岁）的微心愿：${c.title}`;

/** The district a child's node lies in: the second node of its path (the root when there is none). */
export const districtOf = (orgPath: readonly string[]): string => orgPath[1] ?? orgPath[0];

/** A donor on the 爱心榜: the organisation or name given, or anonymous. */
export const donorLabel = (d: { displayName: string | null; anonymous: boolean }): string =>
  d.anonymous || !d.displayName ? '爱心人士' : d.displayName;
