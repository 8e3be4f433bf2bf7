import type { ChildFields, ChildPatch, ParentFields } from './schema';

/**
 * The stored record. Sensitive values are kept sealed (src/server/crypto.ts): ciphertext, a keyed
 * hash for equality and duplicate lookups, and the masked form shown in lists. This module only
 * moves them around; it never sees a key.
 */
export interface SealedValue {
  enc: string;
  hash: string;
  masked: string;
}

/** Where the sensitive values sit, as paths into the record. */
export const SENSITIVE_PATHS = [
  'idNumber',
  'classTeacherPhone',
  'father.idNumber',
  'father.phone',
  'mother.idNumber',
  'mother.phone',
  'guardian.phone',
  'childDirector.phone',
] as const;
export type SensitivePath = (typeof SENSITIVE_PATHS)[number];

type Sealed<T, K extends keyof T> = Omit<T, K> & { [P in K]: SealedValue | null };
export type StoredParent = Sealed<ParentFields, 'idNumber' | 'phone'>;
export type StoredFields = Omit<Sealed<ChildFields, 'idNumber' | 'classTeacherPhone'>, 'father' | 'mother' | 'guardian' | 'childDirector'> & {
  father: StoredParent;
  mother: StoredParent;
  guardian: Sealed<ChildFields['guardian'], 'phone'>;
  childDirector: Sealed<ChildFields['childDirector'], 'phone'>;
};

/** A `children` document. */
export interface ChildDoc extends StoredFields {
  _id: string;
  programmeId: string;
  orgCode: string;
  orgPath: string[];
  /** Kept by the pairing function: true while the child has an active pairing. */
  paired: boolean;
  /** Duplicate lookups: the ID number's keyed hash, then name + birth date + guardian phone. */
  idHash: string | null;
  matchKey: string;
  /** Name + birth date alone, for sheets that carry no guardian phone (厦门 附件2). */
  nameKey: string;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

const emptyParent = (): ParentFields => ({
  name: '', idNumber: null, phone: null, address: '', health: null, healthNote: '', situations: [], workPlace: '', job: '',
});

/** A blank file; a new record is this with the entered fields laid over it. */
export function emptyFields(): Omit<ChildFields, 'name' | 'birthDate' | 'category'> {
  return {
    sex: null, ethnicity: '', idNumber: null, address: '', hukouType: null, hukouPlace: '',
    difficultSubtypes: [], poorReasons: [], singleParent: null, schooling: null, school: '', className: '', boarding: null,
    classTeacher: '', classTeacherPhone: null, guardianship: null, guardianshipNote: '', health: null, healthNote: '',
    psychology: '', relief: [], reliefNote: '', educationAid: '', medicalAid: '', otherAid: '', parentsAway: null,
    parentsAwaySince: null, returnFrequency: null, poorHousehold: null, incomePerCapita: null, familySubsidies: [],
    socialSupport: '', entrustReason: null, riskLevel: null, interests: '', needs: [], needsNote: '', familySituation: '',
    remarks: '', father: emptyParent(), mother: emptyParent(),
    guardian: { kind: null, name: '', phone: null, relation: '' },
    childDirector: { name: '', phone: null },
  };
}

const NESTED = ['father', 'mother', 'guardian', 'childDirector'] as const;
const isNested = (k: string): k is (typeof NESTED)[number] => (NESTED as readonly string[]).includes(k);

/**
 * Lays a patch over a base record, nested people field by field; keys the patch leaves out (or
 * sets to undefined) keep the base value. Works on clear and on sealed records alike.
 */
export function applyPatch<T extends object>(base: T, patch: object): T {
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    if (isNested(k) && v && typeof v === 'object') out[k] = applyPatch((out[k] ?? {}) as object, v as object);
    else out[k] = v;
  }
  return out as T;
}

export function getPath(record: object, path: string): unknown {
  let cur: unknown = record;
  for (const key of path.split('.')) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[key] : undefined;
  return cur;
}

/** Returns a copy with each sensitive value present in `record` replaced by `fn(value)`. */
export function mapSensitive<A, B>(record: object, fn: (value: A) => B): object {
  const out = { ...record } as Record<string, unknown>;
  for (const path of SENSITIVE_PATHS) {
    const [head, tail] = path.split('.') as [string, string | undefined];
    if (!tail) {
      if (out[head] !== undefined && out[head] !== null) out[head] = fn(out[head] as A);
      continue;
    }
    const inner = out[head] as Record<string, unknown> | undefined;
    if (inner && inner[tail] !== undefined && inner[tail] !== null) out[head] = { ...inner, [tail]: fn(inner[tail] as A) };
  }
  return out;
}

/** Drops sensitive values that are masked (contain '*'): an exported sheet edited and re-imported keeps them. */
export function dropMasked(patch: ChildPatch): ChildPatch {
  const out = { ...patch } as Record<string, unknown>;
  for (const path of SENSITIVE_PATHS) {
    const [head, tail] = path.split('.') as [string, string | undefined];
    if (!tail) {
      if (typeof out[head] === 'string' && (out[head] as string).includes('*')) delete out[head];
      continue;
    }
    const inner = out[head] as Record<string, unknown> | undefined;
    if (inner && typeof inner[tail] === 'string' && (inner[tail] as string).includes('*')) {
      const copy = { ...inner };
      delete copy[tail];
      out[head] = copy;
    }
  }
  return out as ChildPatch;
}
