import { AppError } from '../../contract';
import { CARE_FIELDS, careView, type ChildDoc } from '../../domain/child';
import type { Handler } from '../../server/handler';
import { unseal } from '../../server/crypto';
import { today } from './store';

/**
 * The volunteer's side: the care view of children she is actively paired with, nothing else.
 * Pairings are written by the pairing function: { childId, volunteerUserId, status: 'active' }.
 * A child she is not paired with answers NOT_FOUND, so its existence is not disclosed either.
 */
export const careCard: Handler<'child', 'careCard'> = async ({ childId }, { db, caller, auditTarget }) => {
  const pairing = await db.collection('pairings').where({ childId, volunteerUserId: caller.userId, status: 'active' }).limit(1).get();
  if (!pairing.data?.length) throw new AppError('NOT_FOUND', '没有找到您结对的这名儿童');
  const doc = (await db.collection('children').doc(childId).get()).data?.[0] as ChildDoc | undefined;
  if (!doc) throw new AppError('NOT_FOUND', '没有找到您结对的这名儿童');
  auditTarget({ kind: 'child', ids: [childId], fields: [...CARE_FIELDS] });
  return careView(doc, today(), unseal);
};

export const careList: Handler<'child', 'careList'> = async (_input, { db, caller }) => {
  const pairings = await db.collection('pairings').where({ volunteerUserId: caller.userId, status: 'active' }).limit(100).get();
  const ids = [...new Set(((pairings.data ?? []) as { childId: string }[]).map((p) => p.childId))];
  if (!ids.length) return { items: [] };
  const _ = db.command;
  const rows = await db.collection('children').where({ _id: _.in(ids) }).limit(100).get();
  const t = today();
  return { items: ((rows.data ?? []) as ChildDoc[]).map((d) => careView(d, t, unseal)) };
};
