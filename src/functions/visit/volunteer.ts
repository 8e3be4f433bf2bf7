import { AppError, VISIT_CORRECTION_DAYS } from '../../contract';
import { applicableRules } from '../../domain/visits';
import { givenName } from '../../domain/child/views';
import { CONTACT_KIND_LABELS, type ContactKind, type RiskLevel } from '../../programmes/enums';
import type { Programme } from '../../programmes';
import type { Caller } from '../../server/caller';
import type { Handler } from '../../server/handler';
import type { ParsedInput } from '../../contract';
import { inputHash } from '../../server/fingerprint';
import type { Db } from '../../server/runtime';
import { photoLinks, type PhotoLinks } from '../../server/files';
import { hasPermission, inScope } from '../../server/scope';
import { isoNow, nowMs } from '../../server/time';
import { loadChildDoc, requireProgramme, type PairingDoc } from '../pairing/store';
import { reminderTemplateId } from './timers';
import {
  activePairingWithRisk, CHECKINS, checkInIdFor, childrenByIds, countersFor, dueOf, dueView, findCheckIn, FLAGS, hoursOf, keysOf, roundLocation, serviceMinutes, VOLS,
  type CheckInBody, type CheckInDoc, type FlagDoc,
} from './store';

const FUTURE_SLACK_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Checks a check-in's body against the programme and the pairing; returns it normalised. */
function bodyOf(programme: Programme, pairing: PairingDoc, riskLevel: RiskLevel | null | undefined, input: CheckInBody): CheckInBody {
  if (!programme.contactKinds.includes(input.kind)) throw new AppError('INVALID_INPUT', '本项目不记录这一走访方式');
  const at = Date.parse(input.at);
  if (at > nowMs() + FUTURE_SLACK_MS) throw new AppError('INVALID_INPUT', '走访时间不能晚于现在');
  const rules = applicableRules(programme, { volunteerRole: pairing.role ?? 'local', riskLevel: riskLevel ?? 'low' });
  const allowed = new Set(rules.filter((r) => r.checklistKinds.includes(input.kind)).flatMap((r) => r.checklist.map((c) => c.key)));
  const unknown = input.checklist.filter((k) => !allowed.has(k));
  if (unknown.length) throw new AppError('INVALID_INPUT', '检查清单中有本次走访不适用的项目');
  return {
    kind: input.kind,
    at: new Date(at).toISOString(),
    durationMinutes: input.durationMinutes,
    withWhom: input.withWhom,
    problems: input.problems,
    measures: input.measures,
    childState: input.childState,
    checklist: [...new Set(input.checklist)],
    photos: input.photos,
    location: roundLocation(input.location),
  };
}

/** What a replay must repeat to be the same submission: the whole input but the tap's subscribe, with its time normalised. */
export const checkInHash = ({ subscribe: _subscribe, ...input }: ParsedInput<'visit', 'checkIn'>): string =>
  inputHash({ ...input, at: new Date(Date.parse(input.at)).toISOString() });

export const CHANGED_REPLAY = '这条走访记录已经提交过，内容与之前不同，本次修改未保存；如需修改，请在走访记录中更正';

/**
 * A check-in is one insert: the document carries its counter keys and minutes, and every count is
 * taken from the check-ins when read (store.ts), so nothing shared is written and concurrent
 * check-ins never conflict. Round trips (besides the caller's user row, read by the handler): her
 * pairing with the child's risk level (one aggregate), then the insert alongside the sum of her
 * other check-ins' minutes — 4 in all; a flag or a reminder subscription adds one write each.
 * The programme comes from the warm instance's cache (one more read when cold).
 */
export const checkIn: Handler<'visit', 'checkIn'> = async (input, { db, caller }) => {
  const id = checkInIdFor(caller.userId, input.clientId);
  const hash = checkInHash(input);
  // a replay answers the first record, even after the pairing has ended; a different body under the
  // same clientId is not a replay: it is refused, so the phone can tell her it was not saved
  const replay = async (doc: CheckInDoc, othersMinutes?: number) => {
    if (doc.inputHash && doc.inputHash !== hash) throw new AppError('CONFLICT', CHANGED_REPLAY, await storedVersion(doc, caller));
    // the first call may have stopped between the check-in and its flag: the flag's id is fixed, so this adds it at most once
    if (doc.flagged && input.flag) await addFlag(db, doc, input.flag).catch(() => undefined);
    const minutes = (othersMinutes ?? (await serviceMinutes(db, caller.userId, doc._id))) + doc.durationMinutes;
    return { id: doc._id, duplicate: true, at: doc.at, serviceHours: hoursOf(minutes) };
  };
  const [programme, found] = await Promise.all([requireProgramme(db), activePairingWithRisk(db, caller.userId, input.childId)]);
  if (!found) {
    const first = await findCheckIn(db, id);
    if (first) return replay(first);
    throw new AppError('FORBIDDEN', NOT_PAIRED);
  }
  const { pairing, riskLevel } = found;
  const body = bodyOf(programme, pairing, riskLevel, input);
  const at = isoNow();
  const doc: CheckInDoc = {
    _id: id, clientId: input.clientId, inputHash: hash, pairingId: pairing._id, childId: pairing.childId, childName: pairing.childName, orgPath: pairing.orgPath,
    volunteerUserId: caller.userId, volunteerName: pairing.volunteerName, ...body, flagged: !!input.flag, keys: keysOf(programme, body), createdAt: at,
    revisions: [], correction: null, decisions: [], version: 1,
  };
  // her other check-ins' minutes are summed while the insert runs: this one's are added below
  const [inserted, others] = await Promise.allSettled([db.collection(CHECKINS).add(doc), serviceMinutes(db, caller.userId, id)]);
  if (inserted.status === 'rejected') {
    // the same clientId arrived before (or twice at once): the first insert won
    const winner = await findCheckIn(db, id);
    if (winner) return replay(winner, others.status === 'fulfilled' ? others.value : undefined);
    throw new AppError('CONFLICT', '提交冲突，请稍后重试');
  }
  // stored and so counted; should the sum fail the phone is told and resends, which is a replay
  if (others.status === 'rejected') throw others.reason;
  const writes: Promise<unknown>[] = [];
  // she accepted the reminder template on this tap: that allows exactly one message (a repeat adds none)
  if (input.subscribe) writes.push(addReminderCredit(db, caller.userId, caller.openid));
  if (input.flag) writes.push(addFlag(db, doc, input.flag));
  await Promise.all(writes);
  return { id, duplicate: false, at: doc.at, serviceHours: hoursOf(others.value + doc.durationMinutes) };
};

/** The needs-attention item of a flagged check-in; its id follows the check-in's. */
function addFlag(db: Db, doc: CheckInDoc, reason: string): Promise<unknown> {
  const flag: FlagDoc = {
    _id: `fl${doc._id.slice(2)}`, checkInId: doc._id, childId: doc.childId, childName: doc.childName, orgPath: doc.orgPath, volunteerUserId: doc.volunteerUserId,
    volunteerName: doc.volunteerName, reason, status: 'open', createdAt: doc.createdAt, closedAt: null, closedBy: null, action: null,
  };
  return db.collection(FLAGS).add(flag);
}

/** One more accepted reminder, kept with her OPENID; her first ever creates the document (two at once: the loser increments). */
async function addReminderCredit(db: Db, userId: string, openid: string): Promise<void> {
  const add = () => db.collection(VOLS).where({ _id: userId }).update({ reminderCredits: db.command.inc(1), openid });
  if ((await add() as { updated?: number }).updated === 1) return;
  try {
    await db.collection(VOLS).add({ _id: userId, reminderCredits: 1, openid });
  } catch {
    await add();
  }
}

const NOT_PAIRED = '您不是这名孩子当前结对的爱心妈妈';

export const mine: Handler<'visit', 'mine'> = async (_input, { db, caller }) => {
  const programme = await requireProgramme(db);
  const t = nowMs();
  const pairings = (await db.collection('pairings').where({ volunteerUserId: caller.userId, status: 'active' }).limit(100).get()).data as PairingDoc[];
  const [kids, counters, minutes] = await Promise.all([
    childrenByIds(db, pairings.map((p) => p.childId)),
    countersFor(db, programme, pairings.map((p) => p._id), t),
    serviceMinutes(db, caller.userId),
  ]);
  return {
    children: pairings.map((p) => {
      const child = kids.get(p.childId);
      const rules = applicableRules(programme, { volunteerRole: p.role ?? 'local', riskLevel: child?.riskLevel ?? 'low' });
      const withList = rules.filter((r) => r.checklist.length > 0);
      return {
        childId: p.childId,
        givenName: givenName(child?.name ?? p.childName),
        role: p.role ?? 'local',
        items: dueOf(programme, p, child, counters.get(p._id)!, t).map(dueView),
        checklist: withList.flatMap((r) => r.checklist),
        checklistKinds: [...new Set(withList.flatMap((r) => r.checklistKinds))],
        // a counted checklist (岳阳's 一看二联三问四帮) counts only with every item ticked: the page says so
        checklistCounted: withList.some((r) => (r.checklistCount ?? 0) > 0),
      };
    }),
    kinds: programme.contactKinds.map((k) => ({ code: k, label: CONTACT_KIND_LABELS[k] })),
    serviceHours: hoursOf(minutes),
    reminderTemplateId: reminderTemplateId(),
  };
};

/** `link`: the answer's photo links (photoLinks over every photo it shows). */
export function view(doc: CheckInDoc, caller: Caller, link: PhotoLinks) {
  return {
    id: doc._id, childId: doc.childId, kind: doc.kind, kindLabel: CONTACT_KIND_LABELS[doc.kind as ContactKind] ?? doc.kind, at: doc.at,
    durationMinutes: doc.durationMinutes, withWhom: doc.withWhom, problems: doc.problems, measures: doc.measures, childState: doc.childState,
    checklist: doc.checklist, photos: doc.photos, photoUrls: doc.photos.map(link), location: doc.location, flagged: doc.flagged, volunteerName: doc.volunteerName,
    mine: doc.volunteerUserId === caller.userId, editable: doc.volunteerUserId === caller.userId && withinWindow(doc), corrected: doc.revisions.length > 0, pendingCorrection: !!doc.correction,
    version: doc.version,
  };
}

export const withinWindow = (doc: Pick<CheckInDoc, 'createdAt'>): boolean => nowMs() - Date.parse(doc.createdAt) <= VISIT_CORRECTION_DAYS * DAY_MS;

/** Replaces a check-in's body, keeping the old one in `revisions`; its counter keys follow the new kind and time. */
export async function applyCorrection(db: Db, programme: Programme, doc: CheckInDoc, body: CheckInBody, by: string, reason: string, extra: Record<string, unknown> = {}): Promise<void> {
  const old: CheckInBody = {
    kind: doc.kind, at: doc.at, durationMinutes: doc.durationMinutes, withWhom: doc.withWhom, problems: doc.problems, measures: doc.measures,
    childState: doc.childState, checklist: doc.checklist, photos: doc.photos, location: doc.location,
  };
  const res = await db.collection(CHECKINS).where({ _id: doc._id, version: doc.version }).update({
    ...body, keys: keysOf(programme, body), version: doc.version + 1, revisions: [...doc.revisions, { ...old, replacedAt: isoNow(), by, reason }], ...extra,
  });
  if ((res as { updated?: number }).updated !== 1) throw new AppError('CONFLICT', STALE_EDIT, await storedVersion(await findCheckIn(db, doc._id), null));
}

/** A correction made from a view older than the record: refused rather than overwriting what she did not see. */
export const STALE_EDIT = '记录已被修改，请刷新后再改';

/**
 * A CONFLICT's details: the check-in as it stands, as its volunteer sees it (the contract's
 * `conflict` schema keeps only CheckInView's fields). `caller` null: the record's own volunteer.
 */
async function storedVersion(doc: CheckInDoc | null, caller: Caller | null): Promise<{ current: ReturnType<typeof view> } | undefined> {
  if (!doc) return undefined;
  const viewer = caller ?? ({ userId: doc.volunteerUserId } as Caller);
  return { current: view(doc, viewer, await photoLinks(doc.photos)) };
}

export const correct: Handler<'visit', 'correct'> = async ({ id, reason, version, ...input }, { db, caller }) => {
  const doc = await findCheckIn(db, id);
  if (!doc || doc.volunteerUserId !== caller.userId) throw new AppError('NOT_FOUND', '没有找到这条走访记录');
  if (doc.version !== version) throw new AppError('CONFLICT', STALE_EDIT, await storedVersion(doc, caller));
  const [programme, pairingRes, child] = await Promise.all([requireProgramme(db), db.collection('pairings').doc(doc.pairingId).get(), loadChildDoc(db, doc.childId)]);
  const pairing = pairingRes.data?.[0] as PairingDoc | undefined;
  if (!pairing) throw new AppError('NOT_FOUND', '没有找到该结对记录');
  const body = bodyOf(programme, pairing, (child as { riskLevel?: RiskLevel | null }).riskLevel, input);
  if (withinWindow(doc)) {
    await applyCorrection(db, programme, doc, body, caller.userId, reason);
    return { id, applied: true, requestPending: false };
  }
  if (doc.correction) throw new AppError('CONFLICT', '已有一条更正申请等待审核');
  const res = await db.collection(CHECKINS).where({ _id: id, version: doc.version }).update({ correction: { body, reason, requestedAt: isoNow(), status: 'pending' }, version: doc.version + 1 });
  if ((res as { updated?: number }).updated !== 1) throw new AppError('CONFLICT', '已有一条更正申请等待审核');
  return { id, applied: false, requestPending: true };
};

export const timeline: Handler<'visit', 'timeline'> = async ({ childId, page, pageSize }, { db, caller }) => {
  const child = await loadChildDoc(db, childId);
  const asStaff = hasPermission(caller, 'visit.read') && inScope(caller, child.orgPath);
  if (!asStaff) {
    const paired = caller.roles.includes('volunteer')
      && !!(await db.collection('pairings').where({ childId, volunteerUserId: caller.userId, status: 'active' }).limit(1).get()).data?.length;
    if (!paired) throw new AppError('FORBIDDEN', '您无权查看这名孩子的走访记录');
  }
  const where = { childId };
  const total = (await db.collection(CHECKINS).where(where).count()).total;
  const rows = (await db.collection(CHECKINS).where(where).orderBy('at', 'desc').skip((page - 1) * pageSize).limit(pageSize).get()).data as CheckInDoc[];
  // the caller may see this child's check-ins (above), so every photo on the page gets a link
  const link = await photoLinks(rows.flatMap((r) => r.photos));
  return { items: rows.map((r) => view(r, caller, link)), total, page, pageSize };
};
