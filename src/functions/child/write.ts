import { AppError } from '../../contract';
import {
  applyPatch, crossFieldProblems, diffRecords, matchExisting, riskReasonProblem, type ChildDoc, type ChildPatch, type FieldChange, type StoredFields,
} from '../../domain/child';
import type { Handler } from '../../server/handler';
import { unseal } from '../../server/crypto';
import type { Db } from '../../server/runtime';
import { inScope } from '../../server/scope';
import { isoNow } from '../../server/time';
import type { Caller } from '../../server/caller';
import {
  candidateOf, changedKeys, emptyStored, historyDoc, keepSeals, keysOf, loadChild, newChildDoc, orgNames, requireHoldingOrg, requireProgramme,
  sealPatch, today, writeVersioned,
} from './store';

/** An existing file of the same child (src/domain/child/match.ts); 'ambiguous' when several could be. */
export async function findDuplicate(db: Db, doc: ChildDoc, exceptId?: string): Promise<ChildDoc | 'ambiguous' | null> {
  const _ = db.command;
  const clauses: object[] = [{ matchKey: doc.matchKey }, { nameKey: doc.nameKey }];
  if (doc.idHash) clauses.push({ idHash: doc.idHash });
  const rows = ((await db.collection('children').where(_.or(clauses)).limit(50).get()).data ?? []) as ChildDoc[];
  const keys = { idHash: doc.idHash, matchKey: doc.matchKey, nameKey: doc.nameKey, hasGuardianPhone: !!doc.guardian.phone };
  const found = matchExisting(keys, rows.map(candidateOf), exceptId);
  return found.kind === 'match' ? found.candidate : found.kind === 'ambiguous' ? 'ambiguous' : null;
}

export function duplicateError(caller: Caller, dup: ChildDoc | 'ambiguous'): AppError {
  if (dup === 'ambiguous') return new AppError('CONFLICT', '已有同名且出生日期相同的儿童档案，请补充身份证号码或监护人电话后再保存');
  // another subtree's record is not described: its existence is all the caller learns
  return inScope(caller, dup.orgPath)
    ? new AppError('CONFLICT', `该儿童已建档（${dup.name}，${dup.birthDate}），请在台账中修改原档案`)
    : new AppError('CONFLICT', '该儿童已在其他地区建档，请联系上级妇联核实');
}

export const create: Handler<'child', 'create'> = async (input, { db, caller }) => {
  const { orgCode, ...fields } = input;
  const problems = crossFieldProblems(fields, today());
  if (problems.length) throw new AppError('INVALID_INPUT', problems.join('；'));
  const programme = await requireProgramme(db);
  const org = await requireHoldingOrg(db, caller, orgCode);
  const doc = newChildDoc(programme.id, org, sealPatch(fields), caller.userId);
  const dup = await findDuplicate(db, doc);
  if (dup) throw duplicateError(caller, dup);
  try {
    await db.collection('children').add(doc);
  } catch {
    // the derived id is taken: a concurrent save of the same child, or (rarely) an ID number since corrected
    const again = await findDuplicate(db, doc);
    if (again) throw duplicateError(caller, again);
    doc._id = `${doc._id}${Date.now().toString(36)}`;
    await db.collection('children').add(doc);
  }
  const changes = diffRecords(emptyStored(), doc);
  await db.collection('child_history').add(historyDoc(doc, caller, 'create', changes, null));
  return { id: doc._id, version: doc.version };
};

/** Clear values the cross-field rules need, from the patch or else the stored file. */
function factsFor(before: ChildDoc, patch: ChildPatch): ChildPatch {
  const idNumber = patch.idNumber !== undefined ? patch.idNumber : before.idNumber ? unseal(before.idNumber) : null;
  return { birthDate: patch.birthDate ?? before.birthDate, sex: patch.sex !== undefined ? patch.sex : before.sex, idNumber, parentsAwaySince: patch.parentsAwaySince };
}

/**
 * The new state of a file after a patch (and maybe a move), with the list of changes; shared by
 * `update` and the import. Throws INVALID_INPUT for a bad combination.
 */
export function planChange(before: ChildDoc, patch: ChildPatch, reason: string | undefined, todayStr: string): { after: ChildDoc; changes: FieldChange[] } {
  const problems = crossFieldProblems(factsFor(before, patch), todayStr);
  const risk = riskReasonProblem(before.riskLevel, patch.riskLevel === undefined ? before.riskLevel : patch.riskLevel, reason);
  if (risk) problems.push(risk);
  if (problems.length) throw new AppError('INVALID_INPUT', problems.join('；'));
  const fields = keepSeals(before, applyPatch(before as StoredFields, sealPatch(patch)) as StoredFields);
  const after = { ...(fields as ChildDoc), ...keysOf(fields) };
  return { after, changes: diffRecords(before, after) };
}

export const update: Handler<'child', 'update'> = async (input, { db, caller }) => {
  const before = await loadChild(db, caller, input.id);
  if (before.version !== input.version) throw new AppError('CONFLICT', '该档案已被他人修改，请刷新后再改');
  const { after, changes } = planChange(before, input.patch, input.reason, today());
  if (input.orgCode && input.orgCode !== before.orgCode) {
    const org = await requireHoldingOrg(db, caller, input.orgCode);
    const names = await orgNames(db, [before.orgCode]);
    Object.assign(after, { orgCode: org.code, orgPath: org.path });
    changes.unshift({ field: 'orgCode', label: '所属组织', from: names.get(before.orgCode) ?? before.orgCode, to: org.name });
  }
  if (!changes.length) return { id: before._id, version: before.version, changes };
  if (after.idHash !== before.idHash || after.matchKey !== before.matchKey || after.nameKey !== before.nameKey) {
    const dup = await findDuplicate(db, after, before._id);
    if (dup) throw duplicateError(caller, dup);
  }
  Object.assign(after, { version: before.version + 1, updatedAt: isoNow(), updatedBy: caller.userId });
  if (!(await writeVersioned(db, before, after, changedKeys(before, after)))) {
    throw new AppError('CONFLICT', '该档案已被他人修改，请刷新后再改');
  }
  await db.collection('child_history').add(historyDoc(after, caller, 'update', changes, input.reason?.trim() || null));
  return { id: after._id, version: after.version, changes };
};
