import { AppError } from '../../contract';
import { ageOf, CARE_FIELDS, givenName, SEX_LABELS } from '../../domain/child';
import { isLapsed, PAIRING_STATUS_LABELS } from '../../domain/pairing';
import { CARE_NEED_LABELS, CHILD_CATEGORY_LABELS, type CareNeed, type ChildCategory } from '../../programmes/enums';
import type { Handler } from '../../server/handler';
import { hasPermission, inScope } from '../../server/scope';
import { isoNow, nowMs } from '../../server/time';
import { SCENE } from '../../domain/content';
import { assertTextAllowed } from '../../server/text-check';
import { loadVolunteer } from './store';
import { loadChildDoc, PAIRINGS, releaseAll, requirePairing, requireProgramme, roleLabel, rowOf, today, transition, type PairingDoc } from './store';
import { recountPlaces } from './recount';

/** The volunteer's side: her offers and pairings, accept or decline, her 关爱寄语, and the pairing card. */

/** Her own pairing; another volunteer's answers NOT_FOUND so its existence is not disclosed. */
async function loadMine(db: Parameters<Handler<'pairing', 'mine'>>[1]['db'], userId: string, id: string): Promise<PairingDoc> {
  const doc = await requirePairing(db, id).catch(() => null);
  if (!doc || doc.volunteerUserId !== userId || doc.status === 'proposed') throw new AppError('NOT_FOUND', '没有找到该结对邀请');
  return doc;
}

export const mine: Handler<'pairing', 'mine'> = async (_input, { db, caller }) => {
  const _ = db.command;
  // proposed ones wait for the guardian: she is asked only once consent is recorded
  const res = await db.collection(PAIRINGS).where({ volunteerUserId: caller.userId, status: _.neq('proposed') }).orderBy('proposedAt', 'desc').limit(100).get();
  return { items: (res.data as PairingDoc[]).map((d) => rowOf(d, 'volunteer')) };
};

export const respond: Handler<'pairing', 'respond'> = async ({ id, accept, reason, message }, { db, caller }) => {
  const doc = await loadMine(db, caller.userId, id);
  if (doc.status === 'consented' && isLapsed(doc.deadline, nowMs())) throw new AppError('CONFLICT', '该结对邀请已过确认期限');
  if (accept) {
    // the 关爱寄语 is printed on the pairing card the family receives: WeChat's content security first
    if (message) await assertTextAllowed(caller.openid, SCENE.comment, { content: [message] });
    const moved = await transition(db, doc, 'accept', caller.userId, { acceptedAt: isoNow(), ...(message ? { message } : {}) });
    // she now has an active pairing: no count needed; a process stopped before this line leaves
    // the flag for the recount on the lapse timer to set
    await db.collection('children').doc(doc.childId).update({ paired: true });
    return rowOf(moved, 'volunteer');
  }
  if (!reason) throw new AppError('INVALID_INPUT', '请填写婉拒原因');
  const moved = await transition(db, doc, 'decline', caller.userId, { closedAt: isoNow(), closedBy: caller.userId, closeReason: reason }, reason);
  await releaseAll(db, doc);
  return rowOf(moved, 'volunteer');
};

export const setMessage: Handler<'pairing', 'setMessage'> = async ({ id, message }, { db, caller }) => {
  const doc = await loadMine(db, caller.userId, id);
  if (doc.status !== 'active') throw new AppError('CONFLICT', '只有结对中的关系才能填写关爱寄语');
  await assertTextAllowed(caller.openid, SCENE.comment, { content: [message] });
  const res = await db.collection(PAIRINGS).where({ _id: id, status: 'active', volunteerUserId: caller.userId }).update({ message });
  if (res.updated !== 1) throw new AppError('CONFLICT', '该结对已有变化，请刷新后再试');
  return rowOf({ ...doc, message }, 'volunteer');
};

export const card: Handler<'pairing', 'card'> = async ({ id }, { db, caller, auditTarget }) => {
  const doc = await requirePairing(db, id);
  const isStaff = !!caller.staff || caller.isAdmin;
  const staffMay = isStaff && hasPermission(caller, 'pairing.manage') && inScope(caller, doc.orgPath);
  const hers = doc.volunteerUserId === caller.userId && doc.status === 'active';
  if (!staffMay && !hers) {
    if (isStaff) throw new AppError('FORBIDDEN', '该记录不在您的管辖范围内');
    throw new AppError('NOT_FOUND', '没有找到该结对卡');
  }
  const programme = await requireProgramme(db);
  const child = await loadChildDoc(db, doc.childId);
  const app = await loadVolunteer(db, doc.volunteerUserId).catch(() => null);
  auditTarget({ kind: 'child', ids: [doc.childId], fields: [...CARE_FIELDS] });
  const row = rowOf(doc, staffMay ? 'staff' : 'volunteer');
  return {
    id: doc._id,
    title: programme.city.includes('遂宁') ? '结对帮扶卡' : '结对卡',
    status: doc.status,
    statusLabel: PAIRING_STATUS_LABELS[doc.status],
    child: {
      name: staffMay ? child.name : givenName(child.name),
      sex: child.sex ? SEX_LABELS[child.sex as keyof typeof SEX_LABELS] ?? '' : '',
      age: ageOf(child.birthDate, today()),
      category: CHILD_CATEGORY_LABELS[child.category as ChildCategory] ?? child.category,
      school: child.school ?? '',
      orgName: doc.childOrgName,
      needs: (child.needs ?? []).map((n) => CARE_NEED_LABELS[n as CareNeed] ?? n),
    },
    volunteer: { name: doc.volunteerName, orgName: doc.volunteerOrgName, role: roleLabel(doc.role), skills: typeof app?.form?.skills === 'string' ? (app.form.skills as string) : '' },
    consent: row.consent,
    message: doc.message,
    startedAt: doc.acceptedAt,
    exportLayout: staffMay ? programme.annexTables.find((a) => a.key === 'xm-5' || a.key === 'sn-3')?.key ?? null : null,
  };
};

/** Timer: offers not answered within the programme's acceptanceDays lapse and free both places. */
export async function lapseOffers({ db }: { db: Parameters<Handler<'pairing', 'mine'>>[1]['db'] }): Promise<Record<string, unknown>> {
  const _ = db.command;
  const due = await db.collection(PAIRINGS).where({ status: 'consented', deadline: _.lte(isoNow()) }).limit(1000).get();
  let lapsed = 0;
  for (const doc of due.data as PairingDoc[]) {
    try {
      await transition(db, doc, 'lapse', 'system', { closedAt: isoNow(), closedBy: 'system', closeReason: '志愿者逾期未确认' }, '逾期未确认');
      await releaseAll(db, doc);
      lapsed++;
    } catch (err) {
      if (!(err instanceof AppError)) throw err; // answered at the same moment: leave it
    }
  }
  // CloudBase allows one trigger per function: the counters' recount rides on this one
  return { lapsed, countersFixed: await recountOrLog(db) };
}

async function recountOrLog(db: Parameters<typeof recountPlaces>[0]): Promise<number> {
  try {
    return (await recountPlaces(db)).fixed;
  } catch (err) {
    console.error('[pairing recount]', err); // the lapses above stand; the next hour tries again
    return 0;
  }
}
