import type { Handler } from '../../server/handler';
import { APPLICANT_KIND_LABELS, DECLARATION_LABELS, PAIRING_FORM_LABELS, SERVICE_MODE_LABELS, SERVICE_TIMES, SERVICE_TIME_LABELS, SERVICE_MODES, SEXES, SEX_LABELS } from '../../programmes';
import { EDUCATION, EDUCATION_LABELS, FIELD_KEYS, labelOf, POLITICAL_STATUS, POLITICAL_STATUS_LABELS } from '../../domain/volunteer';
import { seal, type Sealed } from '../../server/crypto';
import type { Db } from '../../server/runtime';
import { isoNow } from '../../server/time';
import { exchangePhoneCode } from './phone';
import { resultTemplateId } from './notify';
import { requireProgramme } from './store';
import { loadSignupWindow, loadTeamSignupWindows } from '../../server/programme';
import { teamWindowsView, windowView } from './window';

const choicesOf = <T extends string>(values: readonly T[], labels: Record<T, string>) => values.map((value) => ({ value, label: labels[value] }));

/** The form is the programme's (which fields, which are required, its own labels). */
export const getSignupForm: Handler<'volunteer', 'getSignupForm'> = async (_input, { db, now }) => {
  const p = await requireProgramme(db);
  const today = now().format('YYYY-MM-DD');
  const [programmeWindow, stored] = await Promise.all([loadSignupWindow(db), loadTeamSignupWindows(db)]);
  const signupWindow = windowView(programmeWindow, today);
  const templateId = resultTemplateId();
  return {
    brandName: p.brandName,
    fields: p.signupFields.map((s) => ({ field: FIELD_KEYS[s.field], label: labelOf(s), required: s.required })),
    applicantKinds: choicesOf(p.eligibility.allowedApplicantKinds, APPLICANT_KIND_LABELS),
    sex: choicesOf(SEXES, SEX_LABELS),
    pairingForms: choicesOf(p.pairing.forms, PAIRING_FORM_LABELS),
    serviceModes: choicesOf(SERVICE_MODES, SERVICE_MODE_LABELS),
    serviceTimes: choicesOf(SERVICE_TIMES, SERVICE_TIME_LABELS),
    education: choicesOf(EDUCATION, EDUCATION_LABELS),
    politicalStatus: choicesOf(POLITICAL_STATUS, POLITICAL_STATUS_LABELS),
    declarations: choicesOf(p.eligibility.requiredDeclarations, DECLARATION_LABELS),
    minAge: p.eligibility.minAge,
    maxAge: p.eligibility.maxAge,
    femaleOnly: p.eligibility.applicantSex === 'female',
    signupWindow,
    teamWindows: teamWindowsView(p, stored, today),
    subscribeTemplateIds: templateId ? [templateId] : [],
  };
};

export const PHONES = 'volunteer_phones';

/** The phone verified with WeChat is kept (sealed) for her next submit: the code lives 5 minutes. */
export const verifyPhone: Handler<'volunteer', 'verifyPhone'> = async ({ code }, { db, caller }) => {
  const phone = seal(await exchangePhoneCode(code));
  await db.collection(PHONES).doc(caller.userId).set({ phone, verifiedAt: isoNow() });
  return { phoneMasked: phone.masked };
};

export async function verifiedPhone(db: Db, userId: string): Promise<Sealed | null> {
  const res = await db.collection(PHONES).doc(userId).get();
  return (res.data?.[0] as { phone?: Sealed } | undefined)?.phone ?? null;
}
