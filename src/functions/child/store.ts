import { createHash } from 'crypto';
import { AppError } from '../../contract';
import {
  applyPatch, emptyFields, mapSensitive, SENSITIVE_PATHS, type Candidate, type ChildDoc, type MatchKeys, type ChildPatch, type FieldChange, type SealedValue, type StoredFields,
} from '../../domain/child';
import type { Caller } from '../../server/caller';
import { hashValue, seal } from '../../server/crypto';
import { assertOpenOrg, requireOrg, type OrgDoc } from '../../server/orgs';
import { requireProgramme } from '../../server/programme';

export { requireProgramme };
import type { Db } from '../../server/runtime';
import { assertInScope } from '../../server/scope';
import { isoNow, now } from '../../server/time';

/** Data access shared by the child function's handlers: loading in scope, sealing, history. */

export const today = (): string => now().format('YYYY-MM-DD');

/** Loads a child the caller may act on; another subtree's child is FORBIDDEN, as for any record. */
export async function loadChild(db: Db, caller: Caller, id: string): Promise<ChildDoc> {
  const doc = (await db.collection('children').doc(id).get()).data?.[0] as ChildDoc | undefined;
  if (!doc) throw new AppError('NOT_FOUND', '没有找到该儿童档案');
  assertInScope(caller, doc.orgPath);
  return doc;
}

/** A child is filed at an open 村/社区 node, or at a node with nothing below it where the tree stops higher. */
export async function requireHoldingOrg(db: Db, caller: Caller, code: string): Promise<OrgDoc> {
  const org = await requireOrg(db, code);
  assertInScope(caller, org.path);
  assertOpenOrg(org);
  if (org.level === 'unit') throw new AppError('INVALID_INPUT', '儿童须登记在村（社区）一级，不能登记在机关或单位妇委会');
  if (org.level !== 'community') {
    const below = await db.collection('orgs').where({ parentCode: code }).count();
    if ((below.total ?? 0) > 0) throw new AppError('INVALID_INPUT', '请选择村（社区）一级的组织');
  }
  return org;
}

export async function orgNames(db: Db, codes: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  if (!unique.length) return new Map();
  const _ = db.command;
  const res = await db.collection('orgs').where({ _id: _.in(unique) }).limit(1000).get();
  return new Map((res.data as OrgDoc[]).map((o) => [o.code, o.name]));
}

/** Seals every sensitive value a patch carries (null stays null: the field is cleared). */
export const sealPatch = (patch: ChildPatch): object => mapSensitive<string, SealedValue>(patch, (v) => seal(v));

export function emptyStored(): Omit<StoredFields, 'name' | 'birthDate' | 'category'> {
  return emptyFields() as unknown as Omit<StoredFields, 'name' | 'birthDate' | 'category'>;
}

/** Duplicate lookup keys (src/domain/child/match.ts): ID number, name + birth + guardian phone, name + birth. */
export function keysOf(fields: StoredFields): { idHash: string | null; matchKey: string; nameKey: string } {
  return {
    idHash: fields.idNumber?.hash ?? null,
    matchKey: hashValue(`${fields.name}|${fields.birthDate}|${fields.guardian.phone?.hash ?? ''}`),
    nameKey: hashValue(`${fields.name}|${fields.birthDate}`),
  };
}

/** The same keys for a sheet row, which may lack the name or the birth date of a known child. */
export function rowKeys(p: ChildPatch): MatchKeys {
  const phoneHash = p.guardian?.phone ? hashValue(p.guardian.phone) : null;
  const known = !!(p.name && p.birthDate);
  return {
    idHash: p.idNumber ? hashValue(p.idNumber) : null,
    matchKey: known ? hashValue(`${p.name}|${p.birthDate}|${phoneHash ?? ''}`) : null,
    nameKey: known ? hashValue(`${p.name}|${p.birthDate}`) : null,
    hasGuardianPhone: !!phoneHash,
  };
}

export const candidateOf = (doc: ChildDoc): ChildDoc & Candidate => ({ ...doc, hasGuardianPhone: !!doc.guardian?.phone });

/** Derived ids: two taps of "save" (or two staff) creating the same child collide on insert. */
export const childIdFor = (programmeId: string, key: string): string =>
  'c' + createHash('sha256').update(`${programmeId}:${key}`).digest('hex').slice(0, 24);

export function newChildDoc(programmeId: string, org: OrgDoc, sealed: object, actorId: string): ChildDoc {
  const fields = applyPatch(emptyStored(), sealed) as StoredFields;
  const keys = keysOf(fields);
  const at = isoNow();
  return {
    ...fields,
    _id: childIdFor(programmeId, keys.idHash ?? keys.matchKey),
    programmeId,
    orgCode: org.code,
    orgPath: org.path,
    paired: false,
    ...keys,
    version: 1,
    createdAt: at,
    createdBy: actorId,
    updatedAt: at,
    updatedBy: actorId,
  };
}

export interface HistoryDoc {
  childId: string;
  orgPath: string[];
  version: number;
  at: string;
  actorId: string;
  actorName: string;
  action: 'create' | 'update' | 'import';
  changes: FieldChange[];
  reason: string | null;
}

export function historyDoc(doc: Pick<ChildDoc, '_id' | 'orgPath' | 'version'>, caller: Caller, action: HistoryDoc['action'], changes: FieldChange[], reason: string | null): HistoryDoc {
  return { childId: doc._id, orgPath: doc.orgPath, version: doc.version, at: isoNow(), actorId: caller.userId, actorName: caller.user?.name ?? '', action, changes, reason };
}

/**
 * The update that turns `before` into `after`: top-level fields replaced whole (a nested person or
 * a sealed value is set with `_.set`, so no stale sub-field survives), guarded by the version.
 */
export async function writeVersioned(db: Db, before: ChildDoc, after: ChildDoc, keys: string[]): Promise<boolean> {
  const _ = db.command;
  const data: Record<string, unknown> = {};
  for (const k of keys) {
    const v = (after as unknown as Record<string, unknown>)[k];
    data[k] = v && typeof v === 'object' && !Array.isArray(v) ? _.set(v) : v;
  }
  const res = await db.collection('children').where({ _id: before._id, version: before.version }).update(data);
  return (res.updated ?? 0) === 1;
}

/** Top-level keys whose value differs (the nested people and sealed values compared as wholes). */
export function changedKeys(before: object, after: object): string[] {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  return Object.keys(b).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

/** Keeps the stored seal where the value did not change, so an unchanged number is not rewritten. */
export function keepSeals(before: StoredFields, after: StoredFields): StoredFields {
  const out = JSON.parse(JSON.stringify(after)) as Record<string, Record<string, unknown>>;
  for (const path of SENSITIVE_PATHS) {
    const [head, tail] = path.split('.');
    const get = (o: object) => (tail ? (o as Record<string, Record<string, unknown>>)[head]?.[tail] : (o as Record<string, unknown>)[head]) as SealedValue | null;
    const a = get(before);
    const b = get(out);
    if (a && b && a.hash === b.hash) {
      if (tail) out[head] = { ...out[head], [tail]: a };
      else (out as Record<string, unknown>)[head] = a;
    }
  }
  return out as unknown as StoredFields;
}
