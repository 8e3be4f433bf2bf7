import { AppError } from '../../contract';
import type { Handler } from '../../server/handler';
import { freshUser, type Caller } from '../../server/caller';
import type { Db } from '../../server/runtime';
import { seal, unseal, type Sealed } from '../../server/crypto';
import { isoNow } from '../../server/time';
import { assertOpenOrg } from '../../server/orgs';
import { ACTIVE, checkEligibility, keepProgrammeFields, missingRequired, stepsForPath, transition } from '../../domain/volunteer';
import { loadSignupWindow, loadTeamSignupWindows } from '../../server/programme';
import { windowForOrg } from './window';
import { acquireLocks, lockKeys, releaseLocks } from './locks';
import { APPS, appIdFor, getAppDoc, replacing, requireProgramme, type AppDoc, type HistoryDoc } from './store';
import { readForSubmit } from './submit-read';
import { applicationView } from './views';

const TAKEN = { idNumber: '该身份证号码已有报名记录，如有疑问请联系当地妇联', phone: '该手机号码已有报名记录，如有疑问请联系当地妇联' } as const;
const invalid = (message: string) => new AppError('INVALID_INPUT', message);

/**
 * Submit or resubmit. Order matters: everything that can refuse (state, required fields,
 * eligibility, duplicates) runs before the application is written, so a refusal changes nothing.
 * ID number and phone left out on a resubmit keep their stored (sealed) values.
 * Five requests (issue 16): her user row (the handler's), one read of all the rest, the locks, the
 * application, her user row.
 */
export const submit: Handler<'volunteer', 'submit'> = async (input, { db, caller, now }) => {
  const p = await requireProgramme(db);
  const today = now().format('YYYY-MM-DD');
  const appId = appIdFor(caller.userId);
  const read = await readForSubmit(db, caller.userId, appId, input.orgCode, input.preferredAreaCode || input.orgCode);
  const { existing, org, area } = read;
  const next = transition(existing ? { status: existing.status, stepIndex: existing.stepIndex, stepCount: existing.steps.length } : null, { kind: 'submit' });
  // a new sign-up only inside the window (read with the programme): her node's team kind's own where
  // it has one, else the programme's; answering a rejection is not one
  if (existing?.status !== 'rejected') {
    const [programmeWindow, teamWindows] = await Promise.all([loadSignupWindow(db), loadTeamSignupWindows(db)]);
    const closed = windowForOrg(p, programmeWindow, teamWindows, org, today);
    if (closed) throw new AppError('FORBIDDEN', closed);
  }
  // her node and her preferred area must not be closed (撤销) nodes
  for (const o of [org, area]) if (o) assertOpenOrg(o);

  const { subscribed, declarations, applicantKind, groupName, groupSize, orgCode, preferredAreaCode, name, ...rest } = input;
  const form = keepProgrammeFields(p.signupFields, rest);
  const { idNumber: idTyped, phone: phoneTyped, ...plain } = form;
  const asksId = p.signupFields.some((s) => s.field === 'idNumber');
  const idSealed: Sealed | null = idTyped ? seal(idTyped) : asksId ? existing?.idNumber ?? null : null;
  const verified = read.verified;
  let phone: Sealed | null = verified;
  let phoneVerified = !!verified;
  if (phoneTyped) {
    phone = seal(phoneTyped);
    phoneVerified = verified?.hash === phone.hash;
  } else if (!phone && existing) {
    phone = existing.phone;
    phoneVerified = existing.phoneVerified;
  }
  const missing = missingRequired(p.signupFields, { ...form, name, idNumber: idSealed ? 'y' : '', phone: phone ? 'y' : '', preferredAreaCode: preferredAreaCode ?? orgCode });
  if (missing) throw invalid(missing);
  if (applicantKind !== 'individual' && !groupName) throw invalid('请填写团队或单位名称');
  const unknownForm = (input.pairingForms ?? []).find((f) => !p.pairing.forms.includes(f));
  if (unknownForm && p.signupFields.some((s) => s.field === 'pairingForms')) throw invalid('结对形式不在本项目可选范围内');

  const elig = checkEligibility(
    p.eligibility,
    { applicantKind, birthDate: plain.birthDate, idNumber: idTyped ?? (idSealed ? unseal(idSealed) : undefined), sex: plain.sex, declarations, regionKnown: !!org && !!area },
    today,
  );
  if (!elig.ok) throw invalid(elig.message);
  const steps = stepsForPath(p.approvalChain, read.path);
  if (!steps.length) throw invalid('所选地区暂无审核单位，请选择所在的区县或街道');

  const keys = lockKeys(idSealed, phone!);
  const held = await acquireLocks(db, appId, keys, !!existing);
  if (held) throw new AppError('CONFLICT', TAKEN[held]);

  const at = isoNow();
  const round = (existing?.round ?? 0) + 1;
  const entry: HistoryDoc = { at, round, kind: 'submitted', stepLabel: null, orgName: org!.name, actorId: caller.userId, actorName: name, opinion: null };
  const doc: AppDoc = {
    _id: appId,
    userId: caller.userId,
    openid: caller.openid,
    status: next.status,
    version: (existing?.version ?? 0) + 1,
    round,
    applicantKind,
    groupName: applicantKind === 'individual' ? null : groupName ?? null,
    groupSize: applicantKind === 'individual' ? null : groupSize ?? null,
    name,
    form: plain,
    idNumber: idSealed,
    phone: phone!,
    phoneVerified,
    birthDate: elig.birthDate,
    age: elig.age,
    declarations: declarations.map((key) => ({ key, acceptedAt: at })),
    orgCode: org!.code,
    orgName: org!.name,
    orgPath: org!.path,
    preferredAreaCode: area!.code,
    preferredAreaName: area!.name,
    steps,
    stepIndex: next.stepIndex,
    actorCode: steps[next.stepIndex]!.orgCode,
    decisions: existing?.decisions ?? [],
    history: [...(existing?.history ?? []), entry],
    rejectReason: null,
    submittedAt: at,
    decidedAt: null,
    updatedAt: at,
    volunteerNumber: null,
    approvedAt: null,
    term: null,
    commitments: [],
    teamId: null,
    teamName: null,
    teamKind: null,
    notifyAllowance: (existing?.notifyAllowance ?? 0) + (subscribed ? 1 : 0),
  };
  const apps = db.collection(APPS);
  let written = false;
  if (!existing) {
    written = await apps.add(doc).then(() => true, () => false);
  } else {
    const { _id, ...fields } = doc;
    const res = await apps.where({ _id, version: existing.version, status: existing.status }).update(replacing(db, fields));
    written = res.updated === 1;
  }
  if (!written) {
    // a double tap: the other submit won; keep the locks if its application is now active
    const now2 = await getAppDoc(db, appId);
    if (!now2 || !ACTIVE.includes(now2.status)) await releaseLocks(db, appId, keys);
    throw new AppError('CONFLICT', '您的报名已提交，请勿重复提交');
  }
  await saveUserRow(db, caller, doc.status, name);
  return { application: applicationView(doc, p, today) };
};

/** Her user row in one write: her status and name, created here when she never logged in. */
async function saveUserRow(db: Db, caller: Caller, status: AppDoc['status'], name: string): Promise<void> {
  const users = db.collection('users');
  const at = isoNow();
  const fields = { volunteerStatus: status, name: caller.user?.name ?? name, lastLoginAt: at };
  if (caller.user) {
    await users.doc(caller.userId).update(fields);
    return;
  }
  // a first login at the same moment may have created it: then write the fields onto that row
  await users.add({ ...freshUser(caller, at), ...fields }).catch(() => users.doc(caller.userId).update(fields));
}
