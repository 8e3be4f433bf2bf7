import { AppError } from '../../contract';
import { diffRecords, matchExisting, sheet, type Candidate, type ChildDoc, type ChildPatch, type MatchKeys } from '../../domain/child';
import type { Handler } from '../../server/handler';
import { closedOrgMessage, listSubtree, type OrgDoc } from '../../server/orgs';
import type { Db } from '../../server/runtime';
import { inScope } from '../../server/scope';
import { isoNow } from '../../server/time';
import type { Caller } from '../../server/caller';
import { assertOwnUpload, downloadSheet, removeFile } from './files';
import { readSheet } from './sheet-read';
import {
  candidateOf, emptyStored, historyDoc, newChildDoc, requireHoldingOrg, requireProgramme, rowKeys, sealPatch, today,
  writeVersioned, changedKeys, type HistoryDoc,
} from './store';
import { planChange } from './write';
import { newRun, owedBy, payHistory, type Marked, type PendingHistory } from './import-history';

/** The report lists rejected rows up to this many (a call's answer must stay small); the total is exact. */
const REJECTED_SHOWN = 500;
const LOOKUP_CHUNK = 300;

interface Valid {
  row: number;
  patch: ChildPatch;
  org: OrgDoc | null;
  keys: MatchKeys;
}

type Existing = ChildDoc & Candidate;

/** Files whose `field` is one of `values`: one `in` query per chunk. */
async function lookup(db: Db, field: 'idHash' | 'matchKey' | 'nameKey', values: (string | null)[]): Promise<Existing[]> {
  const _ = db.command;
  const unique = [...new Set(values.filter((v): v is string => !!v))];
  const out: Existing[] = [];
  for (let i = 0; i < unique.length; i += LOOKUP_CHUNK) {
    const res = await db.collection('children').where({ [field]: _.in(unique.slice(i, i + LOOKUP_CHUNK)) }).limit(1000).get();
    out.push(...((res.data ?? []) as ChildDoc[]).map(candidateOf));
  }
  return out;
}

/**
 * Every file any row could match, in few round trips: ID numbers first (they decide), then names
 * and phones only for the rows no ID number found.
 */
async function loadCandidates(db: Db, keys: MatchKeys[]): Promise<Existing[]> {
  const byId = await lookup(db, 'idHash', keys.map((k) => k.idHash));
  const known = new Set(byId.map((c) => c.idHash));
  const rest = keys.filter((k) => !k.idHash || !known.has(k.idHash));
  const byName = [...(await lookup(db, 'matchKey', rest.map((k) => k.matchKey))), ...(await lookup(db, 'nameKey', rest.map((k) => k.nameKey)))];
  return [...new Map([...byId, ...byName].map((c) => [c._id, c])).values()];
}

function indexCandidates(all: Existing[]) {
  const index = new Map<string, Existing[]>();
  const put = (k: string | null, c: Existing) => k && index.set(k, [...(index.get(k) ?? []), c]);
  for (const c of all) [c.idHash, c.matchKey, c.nameKey].forEach((k) => put(k, c));
  return (keys: MatchKeys) => [...new Set([keys.idHash, keys.matchKey, keys.nameKey].flatMap((k) => (k ? index.get(k) ?? [] : [])))];
}

/** Org nodes by name, for layouts that name the community (龙岗 所在社区). */
async function orgResolver(db: Db, caller: Caller) {
  const nodes = await listSubtree(db, caller.isAdmin ? undefined : caller.staff!.orgCode);
  const parents = new Set(nodes.map((n) => n.parentCode));
  const holding = nodes.filter((n) => n.level === 'community' || (n.level !== 'unit' && !parents.has(n.code)));
  const names = new Map(nodes.map((n) => [n.code, n.name]));
  return {
    nameOf: (code: string) => names.get(code) ?? code,
    resolve(name: string): OrgDoc | string {
      // an open node of the name; a closed one (撤销) only to say so
      const named = holding.filter((n) => n.name === name);
      const hits = named.filter((n) => !n.closed);
      if (!hits.length && named.length) return closedOrgMessage(named[0]!);
      if (hits.length === 1) return hits[0];
      return hits.length ? `所在社区「${name}」有重名，请分开导入` : `所在社区「${name}」不在您的管辖范围内或不存在`;
    },
  };
}

export const importSheet: Handler<'child', 'importSheet'> = async (input, { db, caller }) => {
  assertOwnUpload(input.fileID, caller.userId);
  const programme = await requireProgramme(db);
  const defaultOrg = await requireHoldingOrg(db, caller, input.orgCode);
  const t = today();
  const { layout, rows } = await readSheet(await downloadSheet(input.fileID), t);
  const rejected: { row: number; name: string; reason: string }[] = [];
  const reject = (row: number, name: string, reason: string) => rejected.push({ row, name, reason });

  // 1. each row on its own: valid, not repeated in the sheet, in a known community
  const firstRowOf = new Map<string, number>();
  const resolveOrg = rows.some((r) => r.result.ok && r.result.orgName) ? await orgResolver(db, caller) : null;
  const valid: Valid[] = [];
  for (const { row, result } of rows) {
    if (!result.ok) { reject(row, result.name, result.reason); continue; }
    const key = sheet.sheetKey(result.patch);
    const earlier = firstRowOf.get(key);
    if (earlier) { reject(row, result.patch.name ?? '', `与第${earlier}行是同一名儿童`); continue; }
    firstRowOf.set(key, row);
    let org: OrgDoc | null = null;
    if (result.orgName && resolveOrg) {
      const found = resolveOrg.resolve(result.orgName);
      if (typeof found === 'string') { reject(row, result.patch.name ?? '', found); continue; }
      org = found;
    }
    valid.push({ row, patch: result.patch, org, keys: rowKeys(result.patch) });
  }

  // 2. against the registry: update the file it matches, or open a new one
  const candidatesFor = indexCandidates(await loadCandidates(db, valid.map((v) => v.keys)));
  const matchedBy = new Map<string, number>();
  const matched: Existing[] = [];
  const creates: { row: number; doc: ChildDoc }[] = [];
  const updates: { row: number; before: ChildDoc; after: ChildDoc; changes: HistoryDoc['changes'] }[] = [];
  let unchanged = 0;
  for (const v of valid) {
    const name = v.patch.name ?? '';
    const found = matchExisting(v.keys, candidatesFor(v.keys));
    if (found.kind === 'ambiguous') { reject(v.row, name, '有多份同名且出生日期相同的档案，请补充身份证号码或监护人电话'); continue; }
    if (found.kind === 'new') {
      const patch = { ...v.patch, category: v.patch.category ?? input.category ?? layout.defaultCategory ?? undefined };
      const missing = sheet.missingForCreate(patch);
      if (missing) { reject(v.row, name, patch.category ? missing : `${missing}（该表格没有儿童类别列，请在导入时选择儿童类别）`); continue; }
      creates.push({ row: v.row, doc: newChildDoc(programme.id, v.org ?? defaultOrg, sealPatch(patch), caller.userId) });
      continue;
    }
    const before = found.candidate;
    if (!inScope(caller, before.orgPath)) { reject(v.row, name, '该儿童已在其他地区建档，请联系上级妇联核实'); continue; }
    matched.push(before);
    const twice = matchedBy.get(before._id);
    if (twice) { reject(v.row, name, `与第${twice}行是同一名儿童`); continue; }
    matchedBy.set(before._id, v.row);
    try {
      const { after, changes } = planChange(before, v.patch, input.reason, t);
      if (v.org && v.org.code !== before.orgCode) {
        Object.assign(after, { orgCode: v.org.code, orgPath: v.org.path });
        changes.unshift({ field: 'orgCode', label: '所属组织', from: resolveOrg?.nameOf(before.orgCode) ?? before.orgCode, to: v.org.name });
      }
      if (!changes.length) { unchanged++; continue; }
      Object.assign(after, { version: before.version + 1, updatedAt: isoNow(), updatedBy: caller.userId });
      delete (after as Partial<Existing>).hasGuardianPhone;
      updates.push({ row: v.row, before, after, changes });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      reject(v.row, name, err.message);
    }
  }

  // 3. write, unless only checking: each file carries the history entry it owes (import-history.ts)
  const history: PendingHistory[] = [];
  const reason = input.reason?.trim() || null;
  let created = 0;
  let updated = 0;
  if (!input.dryRun) {
    // what an earlier import of these files left unpaid (a retry of a sheet whose import died) goes first
    await payHistory(db, owedBy(matched));
    const run = newRun();
    const owe = (doc: ChildDoc, changes: HistoryDoc['changes']) => {
      (doc as Marked).pendingHistory = { ...historyDoc(doc, caller, 'import', changes, reason), run };
    };
    for (const c of creates) owe(c.doc, diffRecords(emptyStored(), c.doc));
    const inserted = await insertCreates(db, creates, reject);
    created = inserted.length;
    for (const doc of inserted) history.push((doc as Marked).pendingHistory!);
    for (const u of updates) {
      const { hasGuardianPhone: _ignored, ...before } = u.before as Existing;
      owe(u.after, u.changes);
      if (await writeVersioned(db, u.before, u.after, changedKeys(before, u.after))) {
        updated++;
        history.push((u.after as Marked).pendingHistory!);
      } else reject(u.row, u.after.name, '该档案正被他人修改，请稍后重新导入');
    }
    await payHistory(db, history);
    await removeFile(input.fileID);
  } else {
    created = creates.length;
    updated = updates.length;
  }
  rejected.sort((a, b) => a.row - b.row);
  return {
    layout: layout.key,
    title: layout.annex.title,
    total: rows.length,
    created,
    updated,
    unchanged,
    rejectedTotal: rejected.length,
    rejected: rejected.slice(0, REJECTED_SHOWN),
  };
};

/** Inserts new files in chunks; a chunk refused (a concurrent import) is retried one by one. */
async function insertCreates(db: Db, creates: { row: number; doc: ChildDoc }[], reject: (row: number, name: string, reason: string) => void): Promise<ChildDoc[]> {
  const inserted: ChildDoc[] = [];
  for (let i = 0; i < creates.length; i += 200) {
    const chunk = creates.slice(i, i + 200);
    try {
      await db.collection('children').add(chunk.map((c) => c.doc));
      inserted.push(...chunk.map((c) => c.doc));
    } catch {
      for (const c of chunk) {
        try {
          await db.collection('children').add(c.doc);
          inserted.push(c.doc);
        } catch {
          reject(c.row, c.doc.name, '该儿童刚被他人建档，请重新导入');
        }
      }
    }
  }
  return inserted;
}
