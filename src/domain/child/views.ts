import { ageInYears } from '../../programmes/helpers';
import { CARE_NEED_LABELS } from '../../programmes/enums';
import { SENSITIVE_PATHS, mapSensitive, type ChildDoc, type SealedValue, type StoredFields } from './record';

/**
 * What each role may see of a child, as pure projections of the stored record. The server picks
 * the projection by role; the contract's output schemas then drop anything undeclared.
 */

const COMPOUND_SURNAMES = [
  '欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '令狐', '端木', '独孤', '南宫', '西门', '轩辕', '呼延', '澹台', '申屠',
];

export function splitName(fullName: string): { surname: string; given: string } {
  const name = fullName.trim();
  if (name.length <= 1) return { surname: name, given: name };
  const two = name.slice(0, 2);
  const surname = COMPOUND_SURNAMES.includes(two) && name.length > 2 ? two : name[0];
  return { surname, given: name.slice(surname.length) };
}

/** How a child is named where donors may see her: surname + 同学 ('王同学'). */
/** The one alias for a child wherever her name must not appear: her given name's first character + 同学 (issue 6). */
export const alias = (fullName: string): string => {
  const { given } = splitName(fullName);
  return `${(given || fullName.trim()).slice(0, 1)}同学`;
};

export const givenName = (fullName: string): string => splitName(fullName).given;

/** Whole years in Asia/Shanghai civil dates; `today` is YYYY-MM-DD from src/server/time.ts. */
export const ageOf = (birthDate: string, today: string): number => ageInYears(birthDate, today);

/** The file with every sensitive value masked: what staff with child.read see. */
export function maskedFields(doc: StoredFields): Record<string, unknown> {
  return mapSensitive<SealedValue, string>(doc, (s) => s.masked) as Record<string, unknown>;
}

/**
 * The care view, for a volunteer with an active pairing: only what she needs to care for the child
 * (given name, age, sex, school and class, the class teacher's and guardian's contact, needs,
 * interests). Never the ID number, surname, address or family details. Contact numbers are given in
 * full: she is expected to call the guardian and the teacher. `reveal` unseals one value.
 */
export function careView(doc: ChildDoc, today: string, reveal: (s: SealedValue) => string) {
  const open = (s: SealedValue | null) => (s ? reveal(s) : '');
  return {
    id: doc._id,
    givenName: givenName(doc.name),
    age: ageOf(doc.birthDate, today),
    sex: doc.sex,
    school: doc.school,
    className: doc.className,
    classTeacher: doc.classTeacher,
    classTeacherPhone: open(doc.classTeacherPhone),
    guardianName: doc.guardian.name,
    guardianRelation: doc.guardian.relation,
    guardianPhone: open(doc.guardian.phone),
    needs: doc.needs,
    /** the needs in words, for the volunteer's card (codes mean nothing to her) */
    needsLabel: doc.needs.map((n) => CARE_NEED_LABELS[n as keyof typeof CARE_NEED_LABELS] ?? n).join('、'),
    needsNote: doc.needsNote,
    interests: doc.interests,
  };
}
export type CareView = ReturnType<typeof careView>;

/** The fields a care view carries: the audit names them, and tests check nothing else leaves. */
export const CARE_FIELDS = [
  'name', 'birthDate', 'sex', 'school', 'className', 'classTeacher', 'classTeacherPhone',
  'guardian.name', 'guardian.relation', 'guardian.phone', 'needs', 'needsNote', 'interests',
] as const;

export const isSensitivePath = (p: string): boolean => (SENSITIVE_PATHS as readonly string[]).includes(p);
