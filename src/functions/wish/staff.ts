import { AppError } from '../../contract';
import { ageOf } from '../../domain/child/views';
import type { ChildDoc } from '../../domain/child/record';
import { decide, districtOf, RULES, wishAlias, type Actor } from '../../domain/wish';
import { photoPublic, photoStatusLabel, SCENE, staffMayApprove, type PhotoState, type PhotoViewer } from '../../domain/content';
import { askPhotoCheck, recordPhotoCheck } from '../../server/media-check';
import { assertTextAllowed } from '../../server/text-check';
import type { Caller } from '../../server/caller';
import type { Handler } from '../../server/handler';
import type { Db } from '../../server/runtime';
import { hasPermission, scopeFilter } from '../../server/scope';
import { isoNow } from '../../server/time';
import {
  actorsFor, assertStaffSide, CLAIM_CLEARED, DONORS, isCollector, moveClaim, notify, recordTransition, releaseSlot, requireWish, thanksPhoto, today, trailEntry, transit, WISHES, wishRules, type WishDoc,
} from './store';
import { staffThanksPhoto, staffView } from './views';
import { revokeNoticeId } from './finish';
import { photoLinks } from '../../server/files';

/** The collecting and reviewing side: the child's active volunteer and staff in scope. */

interface WishFields { title: string; category: WishDoc['category']; priceYuan: number; occasion: WishDoc['occasion']; neededBy: string; childWords: string; officeAddress: string; volunteerAddress: string }

async function checkFields(db: Db, f: WishFields): Promise<string> {
  const rules = await wishRules(db);
  if (!rules.enabled) throw new AppError('FORBIDDEN', '本项目未开展微心愿活动');
  if (f.priceYuan > rules.priceCapYuan) throw new AppError('INVALID_INPUT', `预估价格不能超过${rules.priceCapYuan}元`);
  if (!rules.categories.includes(f.category)) throw new AppError('INVALID_INPUT', '本项目不接受这一类心愿');
  if (!rules.occasions.includes(f.occasion)) throw new AppError('INVALID_INPUT', '本项目不设这一心愿时机');
  if (f.neededBy <= today()) throw new AppError('INVALID_INPUT', '希望送达日期应晚于今天');
  return rules.programmeId;
}

/** What donors will read of a wish (the card's title, the handover addresses), checked as a forum post by its collector. */
const assertWishTextAllowed = (caller: Caller, f: Pick<WishFields, 'title' | 'officeAddress' | 'volunteerAddress'>) =>
  assertTextAllowed(caller.openid, SCENE.forum, { title: f.title, content: [f.officeAddress, f.volunteerAddress] });

async function loadChild(db: Db, id: string): Promise<ChildDoc> {
  const doc = (await db.collection('children').doc(id).get()).data?.[0] as ChildDoc | undefined;
  if (!doc) throw new AppError('NOT_FOUND', '没有找到这名儿童');
  return doc;
}

export const collect: Handler<'wish', 'collect'> = async (input, { db, caller }) => {
  const child = await loadChild(db, input.childId);
  if (!(await isCollector(db, caller, child._id, child.orgPath))) throw new AppError('FORBIDDEN', RULES.resubmit.wrongPerson.replace('修改', '采集'));
  const programmeId = await checkFields(db, input);
  await assertWishTextAllowed(caller, input);
  const districtCode = districtOf(child.orgPath);
  const district = (await db.collection('orgs').doc(districtCode).get()).data?.[0] as { name: string } | undefined;
  const at = isoNow();
  const { childId, ...fields } = input;
  const doc: Omit<WishDoc, '_id'> = {
    programmeId, childId, orgCode: child.orgCode, orgPath: child.orgPath, districtCode,
    child: { alias: wishAlias(child.name), age: ageOf(child.birthDate, today()), sex: child.sex, districtCode, districtName: district?.name ?? '' },
    ...fields,
    status: 'pending', publishedAt: null, collectedBy: caller.userId, reviewReason: null,
    ...CLAIM_CLEARED, thanks: null, version: 1, createdAt: at, updatedAt: at,
  };
  const res = (await db.collection(WISHES).add(doc)) as { id: string };
  await db.collection('wish_events').add({ wishId: res.id, event: 'collect', from: null, to: 'pending', actorId: caller.userId, actorKind: 'collector', at, reason: null });
  return { id: res.id, status: 'pending' };
};

export const resubmit: Handler<'wish', 'resubmit'> = async ({ id, version, ...fields }, { db, caller }) => {
  const w = await requireWish(db, id);
  const actors = await actorsFor(db, caller, w);
  if (w.version !== version) throw new AppError('CONFLICT', '心愿已被修改，请刷新后再试');
  if (actors.includes('collector') && w.status === 'returned') {
    await checkFields(db, fields);
    await assertWishTextAllowed(caller, fields);
  }
  const status = await transit(db, w, 'resubmit', actors, caller.userId, { ...fields, reviewReason: null });
  return { id, status };
};

export const review: Handler<'wish', 'review'> = async ({ id, decision, reason }, { db, caller }) => {
  const w = await requireWish(db, id);
  const actors = await actorsFor(db, caller, w);
  if (decision !== 'approve' && !reason) throw new AppError('INVALID_INPUT', decision === 'return' ? '请填写退回修改的原因' : '请填写不通过的原因');
  const fields = decision === 'approve' ? { publishedAt: isoNow(), reviewReason: null } : { reviewReason: reason };
  const status = await transit(db, w, decision, actors, caller.userId, fields, reason || null);
  return { id, status };
};

/** The wish first (naming the donor whose slot goes back), then her slot and her notice: finishClaims completes a stopped revoke. */
export const revoke: Handler<'wish', 'revoke'> = async ({ id, reason }, { db, caller }) => {
  const w = await requireWish(db, id);
  const actors = await actorsFor(db, caller, w);
  const status = decide(w.status, 'revoke', actors);
  const entry = trailEntry('revoke', w.status, status, caller.userId, 'reviewer', reason);
  const moved = await moveClaim(db, id, { status: w.status, version: w.version }, entry, { ...CLAIM_CLEARED, releasedFrom: w.claimantId });
  if (!moved) throw new AppError('CONFLICT', '心愿状态刚刚有变化，请刷新后再试');
  if (w.claimantId) {
    await releaseSlot(db, w.claimantId, id);
    await notify(db, w.claimantId, id, 'revoked', `您认领的心愿“${w.title}”已由工作人员撤销认领：${reason}`, revokeNoticeId(id, entry.at));
  }
  return { id, status };
};

export const receive: Handler<'wish', 'receive'> = async ({ id }, { db, caller }) => {
  const w = await requireWish(db, id);
  const actors = await actorsFor(db, caller, w);
  const status = await transit(db, w, 'receive', actors, caller.userId);
  if (w.claimantId) await db.collection(DONORS).doc(w.claimantId).update({ fulfilled: db.command.inc(1) });
  return { id, status };
};

export const thank: Handler<'wish', 'thank'> = async ({ id, text, photoFileID, showsFace }, { db, caller }) => {
  const w = await requireWish(db, id);
  const actors = await actorsFor(db, caller, w);
  // content security only for a thank the state machine will take (a refusal answers as before)
  const allowed = actors.includes('collector') && w.status === 'received';
  if (allowed) await assertTextAllowed(caller.openid, SCENE.comment, { content: [text] });
  // the photo waits for WeChat's image check; a reviewer's own upload counts as staff-approved,
  // and a photo showing the child's face needs that approval whatever WeChat says
  const traceId = photoFileID && allowed ? await askPhotoCheck(photoFileID, caller.openid, SCENE.comment) : null;
  const photo: PhotoState = { check: traceId ? 'pending' : 'unchecked', staffApproved: !!photoFileID && actors.includes('reviewer'), showsFace };
  const thanks = { text, photoFileID: photoFileID ?? null, photoApproved: photo.staffApproved, showsFace, photoCheck: photo.check, at: isoNow(), by: caller.userId };
  const status = await transit(db, w, 'thank', actors, caller.userId, { thanks });
  if (traceId && photoFileID) {
    await recordPhotoCheck(db, traceId, {
      fileID: photoFileID, openid: caller.openid, scene: SCENE.comment,
      target: { collection: WISHES, docId: id, fileField: 'thanks.photoFileID', checkField: 'thanks.photoCheck' },
    });
  }
  if (w.claimantId) await notify(db, w.claimantId, id, 'thanks', `孩子收到了您的心意，给您回了感谢：${text}`);
  return { id, status, photoApproved: !!photoFileID && photoPublic(photo), photoStatus: photoFileID ? photoStatusLabel(photo) : '' };
};

export const approvePhoto: Handler<'wish', 'approvePhoto'> = async ({ id }, { db, caller }) => {
  const w = await requireWish(db, id);
  const actors = await actorsFor(db, caller, w);
  if (!actors.includes('reviewer')) throw new AppError('FORBIDDEN', '只有本级妇联有审核权限的工作人员可以审核照片');
  if (!w.thanks?.photoFileID) throw new AppError('CONFLICT', '没有待审核的感谢照片');
  const photo = thanksPhoto(w.thanks);
  if (photo.check === 'risky') throw new AppError('CONFLICT', '这张照片未通过内容安全审核，不能展示');
  if (!staffMayApprove(photo)) throw new AppError('CONFLICT', '没有待审核的感谢照片');
  const res = await db.collection(WISHES).where({ _id: id, version: w.version }).update({ 'thanks.photoApproved': true, version: w.version + 1, updatedAt: isoNow() });
  if (res.updated !== 1) throw new AppError('CONFLICT', '心愿状态刚刚有变化，请刷新后再试');
  await recordTransition(db, id, 'thank', w.status, w.status, caller.userId, actors, '感谢照片审核通过');
  return { id, photoApproved: true };
};

async function childNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = (await db.collection('children').where({ _id: db.command.in(unique) }).limit(100).get()).data as ChildDoc[];
  return new Map(rows.map((c) => [c._id, c.name]));
}

function can(actors: readonly Actor[], w: WishDoc, caller: Caller) {
  const reviewer = actors.includes('reviewer');
  const collector = actors.includes('collector');
  return {
    review: reviewer && w.status === 'pending',
    revoke: reviewer && w.status === 'claimed',
    receive: collector && w.status === 'sent',
    thank: collector && w.status === 'received',
    resubmit: collector && w.status === 'returned',
    approvePhoto: reviewer && hasPermission(caller, 'wish.review') && !!w.thanks?.photoFileID && staffMayApprove(thanksPhoto(w.thanks)),
  };
}

/** Who is looking at a thanks photo: its author, staff on this wish, or someone else (another collector). */
function photoViewer(actors: readonly Actor[], w: WishDoc, caller: Caller): PhotoViewer {
  if (w.thanks?.by === caller.userId) return 'author';
  return actors.includes('reviewer') || ((caller.isAdmin || !!caller.staff) && actors.includes('collector')) ? 'staff' : 'other';
}

export const queue: Handler<'wish', 'queue'> = async ({ status, page, pageSize }, { db, caller }) => {
  const where: Record<string, unknown> = { status };
  const staffSide = caller.isAdmin || (!!caller.staff && (['wish.review', 'child.write', 'child.read'] as const).some((p) => hasPermission(caller, p)));
  if (staffSide) Object.assign(where, scopeFilter(caller));
  else where.collectedBy = caller.userId; // a volunteer (or staff without a children's permission): the wishes she collected
  const [rows, count] = await Promise.all([
    db.collection(WISHES).where(where).orderBy('createdAt', 'asc').skip((page - 1) * pageSize).limit(pageSize).get(),
    db.collection(WISHES).where(where).count(),
  ]);
  const wishes = rows.data as WishDoc[];
  const names = await childNames(db, wishes.map((w) => w.childId));
  const seen = [];
  for (const w of wishes) {
    const actors = await actorsFor(db, caller, w);
    seen.push({ w, actors, viewer: photoViewer(actors, w, caller) });
  }
  // one link call for the page, for the photos each viewer may see
  const link = await photoLinks(seen.map(({ w, viewer }) => staffThanksPhoto(w, viewer)));
  const items = [];
  for (const { w, actors, viewer } of seen) items.push(await staffView(db, w, names.get(w.childId) ?? '', can(actors, w, caller), false, viewer, link));
  return { items, total: count.total ?? 0, page, pageSize };
};

export const staffGet: Handler<'wish', 'staffGet'> = async ({ id }, { db, caller, auditTarget }) => {
  const w = await requireWish(db, id);
  auditTarget({ kind: 'wish', ids: [id], fields: ['childName'] });
  const actors = await actorsFor(db, caller, w);
  if (!actors.includes('reviewer') && !actors.includes('collector') && w.collectedBy !== caller.userId) assertStaffSide(actors);
  const names = await childNames(db, [w.childId]);
  const viewer = photoViewer(actors, w, caller);
  return staffView(db, w, names.get(w.childId) ?? '', can(actors, w, caller), true, viewer, await photoLinks([staffThanksPhoto(w, viewer)]));
};
