import { AppError } from '../../contract';
import { CARE_NEED_LABELS, CHILD_CATEGORY_LABELS, RISK_LEVEL_LABELS } from '../../programmes/enums';
import type { TargetChildren } from '../../programmes/schema';
import {
  ageOf, display, eligibility, FIELD_LABELS, FIELD_SPECS, getPath, maskedFields, sheet, type ChildDoc, type SealedValue,
} from '../../domain/child';
import type { Handler } from '../../server/handler';
import { hashValue, unseal } from '../../server/crypto';
import { listSubtree, requireOrg } from '../../server/orgs';
import { loadProgramme } from '../../server/programme';
import type { Db } from '../../server/runtime';
import { assertInScope, hasPermission, scopeFilter } from '../../server/scope';
import type { Caller } from '../../server/caller';
import { loadChild, orgNames, today, type HistoryDoc } from './store';
import { importPrefix } from './files';
import { owedBy, payHistory } from './import-history';

export const options: Handler<'child', 'options'> = async (_input, { db, caller }) => {
  const enums: Record<string, { code: string; label: string }[]> = {};
  for (const spec of FIELD_SPECS) {
    if (spec.kind.type === 'enum' || spec.kind.type === 'multi') {
      enums[spec.path] = Object.entries(spec.kind.labels).map(([code, label]) => ({ code, label }));
    }
  }
  const nodes = await listSubtree(db, caller.isAdmin ? undefined : caller.staff!.orgCode);
  const parents = new Set(nodes.map((n) => n.parentCode));
  return {
    enums,
    orgs: nodes.map((n) => ({ code: n.code, name: n.name, level: n.level, path: n.path, canHoldChildren: n.level === 'community' || (n.level !== 'unit' && !parents.has(n.code)) })),
    layouts: sheet.LAYOUTS.map((l) => ({ code: l.key, label: l.annex.title })),
    canWrite: hasPermission(caller, 'child.write'),
    canReveal: hasPermission(caller, 'child.reveal'),
    canExport: hasPermission(caller, 'child.export'),
    uploadPrefix: importPrefix(caller.userId),
  };
};

type Filters = { orgCode?: string; category?: string; riskLevel?: string; paired?: boolean; needs?: string[] };

/** The query for the caller's subtree (or a node of it) and the filters: one indexed condition each. */
export async function filterWhere(db: Db, caller: Caller, f: Filters & { name?: string; idNumber?: string }): Promise<Record<string, unknown>> {
  let where: Record<string, unknown> = scopeFilter(caller);
  if (f.orgCode) {
    const org = await requireOrg(db, f.orgCode);
    assertInScope(caller, org.path);
    where = { orgPath: org.code }; // inside the caller's subtree, so it narrows the scope
  }
  const _ = db.command;
  if (f.category) where.category = f.category;
  if (f.riskLevel) where.riskLevel = f.riskLevel === 'none' ? null : f.riskLevel;
  if (f.paired !== undefined) where.paired = f.paired;
  if (f.needs?.length) where.needs = _.in(f.needs);
  if (f.name) where.name = db.RegExp({ regexp: `^${f.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` });
  if (f.idNumber) where.idHash = hashValue(f.idNumber);
  return where;
}

const LIST_FIELDS = [
  'name', 'sex', 'birthDate', 'category', 'difficultSubtypes', 'poorReasons', 'riskLevel', 'needs', 'orgCode', 'paired', 'parentsAway',
  'parentsAwaySince', 'hukouType', 'idNumber.masked', 'guardian.name', 'guardian.phone.masked', 'version', 'updatedAt',
];

function rowOf(doc: ChildDoc, orgName: string, todayStr: string, target: TargetChildren | null) {
  return {
    id: doc._id,
    name: doc.name,
    sex: doc.sex,
    age: ageOf(doc.birthDate, todayStr),
    birthDate: doc.birthDate,
    category: doc.category,
    categoryLabel: CHILD_CATEGORY_LABELS[doc.category],
    riskLevel: doc.riskLevel,
    riskLabel: doc.riskLevel ? RISK_LEVEL_LABELS[doc.riskLevel] : '未评估',
    needsLabel: (doc.needs ?? []).map((n) => CARE_NEED_LABELS[n]).join('、'),
    orgCode: doc.orgCode,
    orgName,
    paired: !!doc.paired,
    eligible: target ? eligibility(doc, target, todayStr).eligible : null,
    idNumber: doc.idNumber?.masked ?? null,
    guardianName: doc.guardian?.name ?? '',
    guardianPhone: doc.guardian?.phone?.masked ?? null,
    version: doc.version,
    updatedAt: doc.updatedAt,
  };
}

/** A constant number of round trips per page: the page and the count at once, then the org names. */
export const list: Handler<'child', 'list'> = async (input, { db, caller }) => {
  const where = await filterWhere(db, caller, input);
  const children = db.collection('children');
  const projection = Object.fromEntries(LIST_FIELDS.map((f) => [f, true]));
  const [rows, count, programme] = await Promise.all([
    children.where(where).orderBy('updatedAt', 'desc').orderBy('_id', 'asc').skip((input.page - 1) * input.pageSize).limit(input.pageSize).field(projection).get(),
    children.where(where).count(),
    loadProgramme(db),
  ]);
  const docs = (rows.data ?? []) as ChildDoc[];
  const names = await orgNames(db, docs.map((d) => d.orgCode));
  const t = today();
  const target = programme?.targetChildren ?? null;
  return { items: docs.map((d) => rowOf(d, names.get(d.orgCode) ?? '', t, target)), total: count.total ?? 0, page: input.page, pageSize: input.pageSize };
};

async function historyPage(db: Db, doc: ChildDoc, page: number, pageSize: number) {
  const childId = doc._id;
  // an import that died before its entry went in left it on the file: paid here, before anyone reads
  const owed = owedBy([doc]);
  if (owed.length) await payHistory(db, owed).catch((err) => console.error('[child history] entry still owed', childId, err));
  const coll = db.collection('child_history');
  const [rows, count] = await Promise.all([
    coll.where({ childId }).orderBy('version', 'desc').orderBy('at', 'desc').skip((page - 1) * pageSize).limit(pageSize).get(),
    coll.where({ childId }).count(),
  ]);
  return { items: (rows.data ?? []) as HistoryDoc[], total: count.total ?? 0 };
}

export const get: Handler<'child', 'get'> = async ({ id }, { db, caller, auditTarget }) => {
  const doc = await loadChild(db, caller, id);
  const [names, programme, history] = await Promise.all([orgNames(db, [doc.orgCode]), loadProgramme(db), historyPage(db, doc, 1, 10)]);
  const t = today();
  auditTarget({ kind: 'child', ids: [id], fields: FIELD_SPECS.map((f) => f.path) });
  return {
    id: doc._id,
    version: doc.version,
    orgCode: doc.orgCode,
    orgName: names.get(doc.orgCode) ?? '',
    age: ageOf(doc.birthDate, t),
    paired: !!doc.paired,
    eligibility: programme ? eligibility(doc, programme.targetChildren, t) : null,
    fields: maskedFields(doc) as never,
    lines: FIELD_SPECS.map((spec) => ({ key: spec.path, label: spec.label, value: display(spec, getPath(doc, spec.path)), sensitive: spec.kind.type === 'sensitive' })),
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    canEdit: hasPermission(caller, 'child.write'),
    canReveal: hasPermission(caller, 'child.reveal'),
    history: history.items,
    historyTotal: history.total,
  };
};

export const history: Handler<'child', 'history'> = async ({ id, page, pageSize }, { db, caller }) => {
  const doc = await loadChild(db, caller, id);
  const { items, total } = await historyPage(db, doc, page, pageSize);
  return { items, total, page, pageSize };
};

export const reveal: Handler<'child', 'reveal'> = async ({ id, field }, { db, caller, auditTarget }) => {
  const doc = await loadChild(db, caller, id);
  auditTarget({ kind: 'child', ids: [id], fields: [field] });
  const sealed = getPath(doc, field) as SealedValue | null | undefined;
  if (!sealed) throw new AppError('NOT_FOUND', '该项未填写');
  return { field, label: FIELD_LABELS[field], value: unseal(sealed) };
};
