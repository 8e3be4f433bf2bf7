import { reminderTemplateId } from './remind';
import { AppError } from '../../contract';
import { donorLabel, publicCard, shareTitle } from '../../domain/wish';
import { WISH_CATEGORY_LABELS, WISH_OCCASION_LABELS } from '../../programmes/enums';
import type { Handler } from '../../server/handler';
import { DONORS, findWish, today, WISHES, wishRulesOrDefault, type DonorDoc, type WishDoc } from './store';
import { donorClaimView, publicThanksPhoto } from './views';
import { photoLinks } from '../../server/files';

/** What anyone may see: the list, a card, the thanks wall and the 爱心榜, all anonymised. */
const options = (labels: Record<string, string>, allowed: readonly string[]) => allowed.map((code) => ({ code, label: labels[code] }));

export const list: Handler<'wish', 'list'> = async (input, { db, caller }) => {
  const _ = db.command;
  const where: Record<string, unknown> = { status: 'published', neededBy: _.gte(today()) };
  if (input.district) where.districtCode = input.district;
  if (input.category) where.category = input.category;
  if (input.occasion) where.occasion = input.occasion;
  let q = db.collection(WISHES).where(where);
  q = input.sort === 'newest' ? q.orderBy('publishedAt', 'desc') : q.orderBy('neededBy', 'asc').orderBy('publishedAt', 'desc');
  const [rows, count, rules, donor] = await Promise.all([
    q.skip((input.page - 1) * input.pageSize).limit(input.pageSize).get(),
    db.collection(WISHES).where(where).count(),
    wishRulesOrDefault(db),
    db.collection(DONORS).doc(caller.userId).get(),
  ]);
  let filters = null;
  if (input.page === 1) {
    const districts = (await db.collection('orgs').where({ level: 'district' }).orderBy('_id', 'asc').limit(100).get()).data as { code: string; name: string }[];
    filters = {
      districts: districts.map((d) => ({ code: d.code, label: d.name })),
      categories: options(WISH_CATEGORY_LABELS, rules.categories),
      // 无 is what a wish without an occasion records, never a choice to filter by (its wishes are under 全部)
      occasions: options(WISH_OCCASION_LABELS, rules.occasions.filter((o) => o !== 'none')),
    };
  }
  return {
    items: (rows.data as WishDoc[]).map(publicCard),
    total: count.total ?? 0,
    page: input.page,
    pageSize: input.pageSize,
    filters,
    myOpenClaims: (donor.data?.[0] as DonorDoc | undefined)?.openClaims ?? 0,
    maxOpenClaims: rules.maxOpenClaimsPerDonor,
  };
};

export const get: Handler<'wish', 'get'> = async ({ id }, { db, caller }) => {
  const w = await findWish(db, id);
  const mine = !!w && w.claimantId === caller.userId;
  // before publication, and once someone else holds it, a wish is not shown to the public
  if (!w || !(w.status === 'published' || mine)) throw new AppError('NOT_FOUND', '这个心愿已被认领或暂未公开');
  const card = publicCard(w);
  const rules = await wishRulesOrDefault(db);
  return { card, shareTitle: shareTitle(card), mine, canClaim: w.status === 'published', claimDays: rules.claimDays, reminderTemplateId: reminderTemplateId() };
};

export const thanksWall: Handler<'wish', 'thanksWall'> = async ({ page, pageSize }, { db }) => {
  const where = { status: 'thanked' };
  const [rows, count] = await Promise.all([
    db.collection(WISHES).where(where).orderBy('updatedAt', 'desc').skip((page - 1) * pageSize).limit(pageSize).get(),
    db.collection(WISHES).where(where).count(),
  ]);
  const wishes = rows.data as WishDoc[];
  const donorIds = [...new Set(wishes.map((w) => w.claimantId).filter((x): x is string => !!x))];
  const donors = donorIds.length ? ((await db.collection(DONORS).where({ _id: db.command.in(donorIds) }).limit(100).get()).data as DonorDoc[]) : [];
  const byId = new Map(donors.map((d) => [d._id, d]));
  // links only for photos the public may see (publicThanksPhoto), in one call for the page
  const link = await photoLinks(wishes.map(publicThanksPhoto));
  return {
    items: wishes.map((w) => {
      const v = donorClaimView(w, link);
      const d = w.claimantId ? byId.get(w.claimantId) : undefined;
      return { card: v.card, text: v.thanks?.text ?? '', photoFileID: v.thanks?.photoFileID ?? null, photoUrl: v.thanks?.photoUrl ?? null, donor: d ? donorLabel(d) : '爱心人士', at: v.thanks?.at ?? '' };
    }),
    total: count.total ?? 0,
    page,
    pageSize,
  };
};

export const donorBoard: Handler<'wish', 'donorBoard'> = async (_input, { db }) => {
  const rows = (await db.collection(DONORS).where({ fulfilled: db.command.gt(0) }).orderBy('fulfilled', 'desc').limit(50).get()).data as DonorDoc[];
  return { items: rows.map((d) => ({ label: donorLabel(d), fulfilled: d.fulfilled })) };
};
