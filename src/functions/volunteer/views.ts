import type { z } from 'zod';
import type { ApplicationView, DetailView } from '../../contract/volunteer';
import { ageInYears, DECLARATION_LABELS, type Declaration, type Programme } from '../../programmes';
import { commitmentState, IN_REVIEW } from '../../domain/volunteer';
import type { Caller } from '../../server/caller';
import { hasPermission } from '../../server/scope';
import { photoLinks } from '../../server/files';
import type { AppDoc } from './store';

/**
 * What leaves the server about an application. ID number and phone only ever as their masked
 * forms; the applicant's view carries no reviewer names. Output schemas strip anything else.
 */
type View = z.input<typeof ApplicationView>;
type Detail = z.input<typeof DetailView>;

function stepsOf(doc: AppDoc) {
  return doc.steps.map((s) => {
    const d = doc.decisions.find((x) => x.round === doc.round && x.stepKey === s.key);
    return { key: s.key, label: s.label, orgName: s.orgName, decision: d?.decision ?? null, opinion: d?.opinion ?? null, at: d?.at ?? null, reviewerName: d?.reviewerName ?? null };
  });
}

export function applicationView(doc: AppDoc, programme: Programme, today: string): View {
  const commitment = commitmentState(programme.term, doc.status === 'approved' ? doc.term : null, doc.commitments, today);
  return {
    id: doc._id,
    version: doc.version,
    status: doc.status,
    round: doc.round,
    applicantKind: doc.applicantKind,
    groupName: doc.groupName,
    groupSize: doc.groupSize,
    name: doc.name,
    form: doc.form,
    idNumberMasked: doc.idNumber?.masked ?? null,
    phoneMasked: doc.phone.masked,
    phoneVerified: doc.phoneVerified,
    age: ageInYears(doc.birthDate, today),
    orgCode: doc.orgCode,
    orgName: doc.orgName,
    preferredAreaCode: doc.preferredAreaCode,
    preferredAreaName: doc.preferredAreaName,
    declarations: doc.declarations.map((d) => ({ ...d, label: DECLARATION_LABELS[d.key as Declaration] ?? d.key })),
    steps: stepsOf(doc).map(({ reviewerName: _hidden, ...s }) => s),
    currentStepLabel: IN_REVIEW.includes(doc.status) ? doc.steps[doc.stepIndex]?.label ?? null : null,
    rejectReason: doc.status === 'rejected' ? doc.rejectReason : null,
    submittedAt: doc.submittedAt,
    decidedAt: doc.decidedAt,
    volunteerNumber: doc.volunteerNumber,
    term: doc.status === 'approved' ? doc.term : null,
    commitment: { ...commitment, title: commitment.required ? programme.term?.commitmentTitle ?? '承诺书' : null },
    team: doc.teamId && doc.teamName && doc.teamKind ? { id: doc.teamId, name: doc.teamName, kind: doc.teamKind } : null,
  };
}

export function canAct(doc: AppDoc, caller: Caller): boolean {
  if (!IN_REVIEW.includes(doc.status) || doc.userId === caller.userId || !hasPermission(caller, 'volunteer.review')) return false;
  return caller.isAdmin || (!!caller.staff && doc.actorCode === caller.staff.orgCode);
}

/** Staff in scope only (the callers check it): the sign-up photo comes with a link for them. */
export async function detailView(doc: AppDoc, programme: Programme, today: string, caller: Caller): Promise<Detail> {
  const photo = typeof doc.form.photoFileId === 'string' ? doc.form.photoFileId : null;
  return {
    ...applicationView(doc, programme, today),
    volunteerId: doc.userId,
    steps: stepsOf(doc),
    history: doc.history.map(({ actorId: _id, ...h }) => h),
    photoUrl: photo ? (await photoLinks([photo]))(photo) || null : null,
    canAct: canAct(doc, caller),
  };
}

export const queueRow = (doc: AppDoc, caller: Caller, today: string) => ({
  id: doc._id,
  version: doc.version,
  name: doc.name,
  age: ageInYears(doc.birthDate, today),
  phoneMasked: doc.phone.masked,
  orgName: doc.orgName,
  status: doc.status,
  stepLabel: IN_REVIEW.includes(doc.status) ? doc.steps[doc.stepIndex]?.label ?? null : null,
  submittedAt: doc.submittedAt,
  canAct: canAct(doc, caller),
  applicantKind: doc.applicantKind,
  groupName: doc.groupName,
});

export const rosterRow = (doc: AppDoc, programme: Programme, today: string) => ({
  id: doc._id,
  volunteerId: doc.userId,
  version: doc.version,
  volunteerNumber: doc.volunteerNumber,
  name: doc.name,
  age: ageInYears(doc.birthDate, today),
  phoneMasked: doc.phone.masked,
  orgName: doc.orgName,
  teamName: doc.teamName,
  termEnd: doc.term?.end ?? null,
  commitmentDue: commitmentState(programme.term, doc.term, doc.commitments, today).due,
  approvedAt: doc.approvedAt,
});
