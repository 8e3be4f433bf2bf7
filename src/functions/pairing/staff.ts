import { AppError } from '../../contract';
import { CHILD_CATEGORY_LABELS, RISK_LEVEL_LABELS, type ChildCategory, type RiskLevel } from '../../programmes/enums';
import type { ChildDoc } from '../../domain/child';
import { suggestForOne, suggestForVolunteer, suggestPairings, type MatchChild, type MatchResult } from '../../domain/matching';
import { allocationRows, deadlineFrom, HOLDING, matchRules, placesPerChild, roleOf } from '../../domain/pairing';
import type { Handler } from '../../server/handler';
import type { Db } from '../../server/runtime';
import { assertInScope, scopeFilter, subtreeFilter } from '../../server/scope';
import { isoNow, nowMs } from '../../server/time';
import { volunteerUserIdOf, type Caller } from '../../server/caller';
import type { OrgDoc } from '../../server/orgs';
import { APPS, type AppDoc } from '../volunteer/store';
import { matchChild, matchVolunteer, proposePair, volunteerCapacity } from './propose';
import {
  loadChildDoc, listAll, loadForStaff, orgMap, PAIRINGS, passChildPlace, releaseAll, releaseVolunteerPlace, requireProgramme, rowOf, syncPaired, today, transition, type PairingDoc,
} from './store';

/** Staff side of 结对: suggestions, confirming, consent, ending, transferring, lists. */

/** One suggestion as staff see it: both sides' names and areas, the score and its reasons. */
function suggestionRow(c: ChildDoc, a: AppDoc, orgs: Map<string, { name: string }>, s: { score: number; reasons: string[] }) {
  return {
    childId: c._id,
    childName: c.name,
    childOrgName: orgs.get(c.orgCode)?.name ?? '',
    riskLabel: c.riskLevel ? RISK_LEVEL_LABELS[c.riskLevel as RiskLevel] : '未评估',
    volunteerId: a.userId,
    volunteerName: a.name,
    volunteerOrgName: a.orgName,
    role: roleOf(a.teamKind) === 'remote' ? '异地' : '本地',
    score: s.score,
    reasons: s.reasons,
  };
}

/**
 * The most children and volunteers one suggestion solves: each side is one aggregate whose answer
 * its `$limit` bounds, so a call costs the same round trips with 100 records or 100,000 (children
 * in `_id` order, those with a free place only; staff confirm at most 100 at once, and the next
 * call reaches the next children). The engine solves this size in about a second
 * (docs/benchmarks.md, matching).
 */
export const SUGGEST_MAX = 5000;

/** A pair not suggested: one holding now, or an offer she declined or let lapse. */
const NOT_AGAIN: readonly string[] = [...HOLDING, 'declined', 'lapsed'];

type SuggestChild = ChildDoc & { past: { _id: string; volunteerUserId: string; status: string; role: 'local' | 'remote' | null }[]; org: { name: string }[] };
type SuggestApp = AppDoc & { held: number; org: OrgDoc[] };

export const suggest: Handler<'pairing', 'suggest'> = async ({ orgCode, childId, volunteerId: given }, { db, caller }) => {
  const volunteerId = given && volunteerUserIdOf(given);
  const programme = await requireProgramme(db);
  const _ = db.command;
  const $ = _.aggregate;
  const places = placesPerChild(programme.pairing);
  const where = await subtreeFilter(db, caller, orgCode);
  // the children of the subtree with a free place, each with her pairings (holding ones fill her
  // places; declined and lapsed ones are not suggested again) and her node's name
  let childQuery = db.collection('children').aggregate().match(childId ? { ...where, _id: childId } : where).sort({ _id: 1 })
    .lookup({ from: PAIRINGS, localField: '_id', foreignField: 'childId', as: 'past' })
    .project(Object.fromEntries(['name', 'category', 'orgCode', 'orgPath', 'sex', 'birthDate', 'riskLevel', 'needs', 'past.volunteerUserId', 'past.status', 'past.role'].map((f) => [f, 1])))
    .addFields({ holding: $.size($.filter({ input: '$past', as: 'p', cond: $.in(['$$p.status', [...HOLDING]]) })) });
  if (!childId) childQuery = childQuery.match({ holding: _.lt(places.total) });
  // approved volunteers of the caller's scope with a place left anywhere, with their node (level, for 龙岗)
  const maxCapacity = programme.pairing.maxCapacity;
  let appQuery = db.collection(APPS).aggregate().match({ ...scopeFilter(caller), status: 'approved', ...(volunteerId ? { userId: volunteerId } : {}) })
    .lookup({ from: 'pairing_volunteers', localField: 'userId', foreignField: '_id', as: 'places' })
    .project(Object.fromEntries(['userId', 'name', 'orgCode', 'orgName', 'orgPath', 'teamKind', 'preferredAreaCode', 'form.skills', 'form.pairingForms', 'places.held'].map((f) => [f, 1])))
    .addFields({ held: $.sum('$places.held') });
  if (!volunteerId) appQuery = appQuery.match({ held: _.lt(maxCapacity) });
  const [childRes, appRes] = await Promise.all([
    childQuery.limit(SUGGEST_MAX).lookup({ from: 'orgs', localField: 'orgCode', foreignField: '_id', as: 'org' }).end(),
    appQuery.limit(SUGGEST_MAX).lookup({ from: 'orgs', localField: 'orgCode', foreignField: '_id', as: 'org' }).end(),
  ]);
  let children = ((childRes as { data?: SuggestChild[] }).data ?? []);
  const apps = ((appRes as { data?: SuggestApp[] }).data ?? []);
  if (childId && !children.length) throw new AppError('NOT_FOUND', '没有找到该儿童档案');
  if (volunteerId && !apps.length) throw new AppError('NOT_FOUND', '没有找到该爱心妈妈（须已通过审核且在您的管辖范围内）');
  const t = today();
  const mchildren: MatchChild[] = [];
  for (const c of children) {
    const h = { n: 0, local: 0, remote: 0 };
    for (const p of c.past) if ((HOLDING as readonly string[]).includes(p.status)) { h.n++; h[p.role ?? 'local']++; }
    if (h.n >= places.total) continue;
    let needsRole: MatchChild['needsRole'] = 'any';
    if (programme.pairing.localRemote) {
      const localFree = h.local < places.local;
      const remoteFree = h.remote < places.remote;
      needsRole = localFree && remoteFree ? 'any' : localFree ? 'local' : 'remote';
    }
    mchildren.push(matchChild(c, t, needsRole));
  }
  const allChildren = new Map(children.map((c) => [c._id, c.name]));
  children = children.filter((c) => mchildren.some((m) => m.id === c._id));
  const orgs = new Map<string, OrgDoc>();
  for (const o of [...children, ...apps].flatMap((r) => r.org as OrgDoc[])) orgs.set(o.code, o);
  // volunteers' places: capacity minus what they hold anywhere (not only in this subtree)
  const mvols = apps
    .map((a) => matchVolunteer(a, programme, orgs, Math.max(0, volunteerCapacity(a, programme) - (a.held ?? 0))))
    .filter((v) => v.freeCapacity > 0);
  // an offer she declined or let lapse is not suggested again: the next suggestion comes instead
  const rules = { ...matchRules(programme), forbiddenPairs: children.flatMap((c) => c.past.filter((p) => NOT_AGAIN.includes(p.status)).map((p) => ({ childId: c._id, volunteerId: p.volunteerUserId }))) };
  let result: Pick<MatchResult, 'suggestions' | 'unmatched' | 'objective'>;
  if (volunteerId) {
    // a new volunteer: her best children against the current places, without re-solving the subtree
    const v = mvols.find((m) => m.id === volunteerId);
    const one = v ? suggestForVolunteer(v, mchildren, rules) : { suggestions: [], objective: { highRiskCovered: 0, covered: 0, totalScore: 0 } };
    result = { suggestions: one.suggestions, unmatched: [], objective: one.objective };
  } else if (childId) {
    // a new child: the best volunteer for her (the alternatives come when she declines or lapses)
    const c = mchildren[0];
    const one = c ? suggestForOne(c, mvols, rules) : { suggestion: null, alternatives: [], reason: '该儿童的结对名额已满' };
    result = {
      suggestions: one.suggestion ? [one.suggestion] : [],
      unmatched: one.suggestion ? [] : [{ childId, reason: one.reason ?? '暂无合适的爱心妈妈' }],
      objective: { highRiskCovered: 0, covered: one.suggestion ? 1 : 0, totalScore: one.suggestion?.score ?? 0 },
    };
  } else {
    result = suggestPairings(mchildren, mvols, rules);
  }
  const childBy = new Map(children.map((c) => [c._id, c]));
  const appBy = new Map(apps.map((a) => [a.userId, a]));
  return {
    suggestions: result.suggestions.map((s) => {
      return suggestionRow(childBy.get(s.childId)!, appBy.get(s.volunteerId)!, orgs, s);
    }),
    unmatched: result.unmatched.map((u) => ({ childId: u.childId, childName: childBy.get(u.childId)?.name ?? allChildren.get(u.childId) ?? '', reason: u.reason })),
    objective: result.objective,
  };
};

export const candidates: Handler<'pairing', 'candidates'> = async ({ childId }, { db, caller }) => {
  const programme = await requireProgramme(db);
  const _ = db.command;
  const child = await loadChildDoc(db, childId);
  assertInScope(caller, child.orgPath);
  const apps = await listAll<AppDoc>(db, APPS, { ...scopeFilter(caller), status: 'approved' });
  const volHeld = new Map<string, number>();
  for (let i = 0; i < apps.length; i += 500) {
    const res = await db.collection('pairing_volunteers').where({ _id: _.in(apps.slice(i, i + 500).map((a) => a.userId)) }).limit(1000).get();
    for (const d of res.data as { _id: string; held: number }[]) volHeld.set(d._id, d.held);
  }
  const orgs = await orgMap(db, [...apps.map((a) => a.orgCode), child.orgCode]);
  const mvols = apps
    .map((a) => matchVolunteer(a, programme, orgs, Math.max(0, volunteerCapacity(a, programme) - (volHeld.get(a.userId) ?? 0))))
    .filter((v) => v.freeCapacity > 0);
  const mine = (await db.collection(PAIRINGS).where({ childId, status: _.in([...HOLDING]) }).limit(100).get()).data as PairingDoc[];
  const rules = { ...matchRules(programme), forbiddenPairs: mine.map((p) => ({ childId, volunteerId: p.volunteerUserId })) };
  const one = suggestForOne(matchChild(child, today()), mvols, rules, 10);
  const appBy = new Map(apps.map((a) => [a.userId, a]));
  const items = [one.suggestion, ...one.alternatives].filter((x): x is NonNullable<typeof x> => !!x).map((s) => {
    return suggestionRow(child, appBy.get(s.volunteerId)!, orgs, s);
  });
  return { items, reason: items.length ? null : one.reason ?? '暂无合适的爱心妈妈' };
};

export const propose: Handler<'pairing', 'propose'> = async (input, { db, caller }) => {
  const programme = await requireProgramme(db);
  return rowOf(await proposePair(db, caller, programme, input), 'staff');
};

export const confirmMany: Handler<'pairing', 'confirmMany'> = async ({ items }, { db, caller }) => {
  const programme = await requireProgramme(db);
  const results = [];
  for (const item of items) {
    try {
      const doc = await proposePair(db, caller, programme, item);
      results.push({ childId: item.childId, volunteerId: item.volunteerId, ok: true, pairingId: doc._id, code: null, message: null });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results.push({ childId: item.childId, volunteerId: item.volunteerId, ok: false, pairingId: null, code: err.code, message: err.message });
    }
  }
  return { results };
};

const checkVersion = (doc: PairingDoc, version: number) => {
  if (doc.version !== version) throw new AppError('CONFLICT', '该结对已有变化，请刷新后再试');
};

export const recordConsent: Handler<'pairing', 'recordConsent'> = async ({ id, version, guardianName, relation, method, at }, { db, caller }) => {
  const programme = await requireProgramme(db);
  const doc = await loadForStaff(db, caller, id);
  checkVersion(doc, version);
  if (at > today()) throw new AppError('INVALID_INPUT', '同意日期不能晚于今天');
  const consent = { guardianName, relation, method, at, recordedAt: isoNow(), recordedBy: caller.userId };
  const moved = await transition(db, doc, 'consent', caller.userId, { consent: db.command.set(consent), deadline: deadlineFrom(nowMs(), programme.pairing.acceptanceDays) });
  return rowOf({ ...moved, consent, deadline: deadlineFrom(nowMs(), programme.pairing.acceptanceDays) }, 'staff');
};

async function close(db: Db, caller: Caller, id: string, version: number, event: 'cancel' | 'end', reason: string) {
  const doc = await loadForStaff(db, caller, id);
  checkVersion(doc, version);
  const fields = { closedAt: isoNow(), closedBy: caller.userId, closeReason: reason };
  const moved = await transition(db, doc, event, caller.userId, fields, reason);
  await releaseAll(db, doc);
  if (doc.status === 'active') await syncPaired(db, doc.childId);
  return rowOf(moved, 'staff');
}

export const cancel: Handler<'pairing', 'cancel'> = async ({ id, version, reason }, { db, caller }) => close(db, caller, id, version, 'cancel', reason);
export const end: Handler<'pairing', 'end'> = async ({ id, version, reason }, { db, caller }) => close(db, caller, id, version, 'end', reason);

export const transfer: Handler<'pairing', 'transfer'> = async ({ id, version, volunteerId: given, reason }, { db, caller }) => {
  const volunteerId = volunteerUserIdOf(given);
  const programme = await requireProgramme(db);
  const doc = await loadForStaff(db, caller, id);
  checkVersion(doc, version);
  if (doc.status !== 'active') throw new AppError('CONFLICT', '只有结对中的关系才能转交');
  if (doc.volunteerUserId === volunteerId) throw new AppError('INVALID_INPUT', '请选择另一位爱心妈妈');
  // the new pairing first (the child's place passes to it), then the old one moves; undone if that loses a race
  const to = await proposePair(db, caller, programme, { childId: doc.childId, volunteerId, transferredFrom: doc, reasons: [`由${doc.volunteerName}转交：${reason}`] });
  let from: PairingDoc;
  try {
    from = await transition(db, doc, 'transfer', caller.userId, { closedAt: isoNow(), closedBy: caller.userId, closeReason: reason, transferredTo: to._id }, reason);
  } catch (err) {
    await db.collection(PAIRINGS).doc(to._id).remove();
    await passChildPlace(db, doc.childId, { userId: volunteerId, pairingId: to._id }, { userId: doc.volunteerUserId, pairingId: doc._id });
    await releaseVolunteerPlace(db, volunteerId);
    throw err;
  }
  // the old volunteer's place is freed (the child's place and lock already passed to the new pairing)
  await releaseVolunteerPlace(db, doc.volunteerUserId);
  await syncPaired(db, doc.childId);
  return { from: rowOf(from, 'staff'), to: rowOf(to, 'staff') };
};

export const list: Handler<'pairing', 'list'> = async ({ status, orgCode, childId, page, pageSize }, { db, caller }) => {
  const where: Record<string, unknown> = await subtreeFilter(db, caller, orgCode);
  if (status) where.status = status;
  if (childId) where.childId = childId;
  const col = db.collection(PAIRINGS);
  const total = (await col.where(where).count()).total ?? 0;
  const res = await col.where(where).orderBy('proposedAt', 'desc').skip((page - 1) * pageSize).limit(pageSize).get();
  return { items: (res.data as PairingDoc[]).map((d) => rowOf(d, 'staff')), total, page, pageSize };
};

export const allocation: Handler<'pairing', 'allocation'> = async (_input, { db, caller }) => {
  const programme = await requireProgramme(db);
  const exports = programme.annexTables.filter((a) => a.key === 'xm-6' || a.key === 'lg-3').map((a) => ({ layout: a.key, title: `${a.number} ${a.title}` }));
  if (!programme.allocations) return { total: null, rows: [], exports };
  const _ = db.command;
  const pairings = await listAll<PairingDoc>(db, PAIRINGS, { ...scopeFilter(caller), status: _.in([...HOLDING]) });
  const counted = pairings.map((p) => ({ orgPath: p.orgPath, category: p.childCategory, status: p.status }));
  // one child counts once even with two volunteers (多对一): keep her most advanced pairing
  const byChild = new Map<string, (typeof counted)[number]>();
  pairings.forEach((p, i) => {
    const prev = byChild.get(p.childId);
    if (!prev || (prev.status !== 'active' && p.status === 'active')) byChild.set(p.childId, counted[i]);
  });
  const items = programme.allocations.items;
  const orgs = await orgMap(db, items.map((i) => i.orgCode));
  const rows = allocationRows(programme.allocations, [...byChild.values()])
    .filter((r) => {
      const org = orgs.get(r.orgCode);
      return caller.isAdmin || (!!org && (org.path.includes(caller.staff?.orgCode ?? '') || (caller.staff ? org.code === caller.staff.orgCode : false)));
    })
    .map((r) => ({ ...r, orgName: orgs.get(r.orgCode)?.name ?? r.orgCode, categoryLabel: CHILD_CATEGORY_LABELS[r.category as ChildCategory] ?? r.category }));
  return { total: programme.allocations.total, rows, exports };
};
