import type { TimerJob } from '../../server/handler';
import { isoNow, nowMs } from '../../server/time';
import { counterId, type ComplianceItem } from '../../domain/visits';
import type { Programme } from '../../programmes';
import { requireProgramme, type PairingDoc } from '../pairing/store';
import type { Db } from '../../server/runtime';
import { sendSubscribe } from '../../server/subscribe';
import { subscribeTemplate, templateIdOf } from '../../server/templates';
import { chinaInstant } from '../../server/time';
import { AREAS, AREAS_RUN, CHECKINS, childrenByIds, COUNT_RANGE, countersFor, dueOf, keysOf, REMINDERS, VOLS, type CheckInDoc } from './store';

export const NOTES = 'visit_notifications';

/**
 * The morning timer (08:00 Asia/Shanghai, cloudfunctions/visit/config.json): for each active pairing,
 * what is due soon or overdue. Each (pairing, requirement, period, status) is reminded once: its
 * key is inserted into visit_reminders and only a fresh insert counts, so a second run (or two at
 * once) sends nothing new. A volunteer gets at most one message per run, listing her children.
 * The message is kept in `visit_notifications` (in-app) and sent as a WeChat subscribe message
 * (VISIT_REMINDER_TEMPLATE_ID) when she has an acceptance credit left: she accepts the one-time
 * template on the check-in tap (checkIn `subscribe: true` adds one credit, with her OPENID); the
 * timer spends one with a conditional update, so at most one message per acceptance.
 * First it gives check-ins from before counter keys existed their keys (backfillKeys).
 * It also writes the area board's tallies (visit_area_status/{orgCode}: active pairings of the
 * node's subtree by worst status), so the board by area reads two documents' worth of queries.
 */
export const reminderTemplateId = (): string | null => templateIdOf('VISIT_REMINDER');

/** A page of active pairings, of `_.in` lists and of batch inserts: CloudBase answers at most 1,000 documents a query. */
const PAGE = 1000;
/** Independent writes in flight at once: round trips stay what they are, their waiting is shared. */
const PARALLEL = 16;

/** Runs `fn` over `items`, at most `limit` at a time. */
export async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

export interface Due { key: string; p: PairingDoc; item: ComplianceItem }

/**
 * Inserts the reminder keys not yet in visit_reminders and returns those this run inserted: one read
 * of the existing keys and one batch insert per 1,000. A batch refused because another run inserted
 * some of them meanwhile is read back: a key is this run's when its document carries `run`; the keys
 * still absent are inserted again (a few times, then one by one).
 */
export async function claimReminders(db: Db, due: readonly Due[], run: string, at: string): Promise<Due[]> {
  const _ = db.command;
  const mine: Due[] = [];
  const docOf = (d: Due) => ({ _id: d.key, pairingId: d.p._id, volunteerUserId: d.p.volunteerUserId, at, run });
  const runs = async (keys: string[]) => {
    const rows = (await db.collection(REMINDERS).where({ _id: _.in(keys) }).field({ _id: true, run: true }).limit(PAGE).get()).data as { _id: string; run?: string }[];
    return new Map(rows.map((r) => [r._id, r.run]));
  };
  await inParallel(chunks(due, PAGE), PARALLEL, async (chunk) => {
    const old = await runs(chunk.map((d) => d.key));
    let pending = chunk.filter((d) => !old.has(d.key));
    for (let attempt = 0; pending.length && attempt < 3; attempt++) {
      try {
        await db.collection(REMINDERS).add(pending.map(docOf));
        mine.push(...pending);
        return;
      } catch {
        // another run inserted some of them meanwhile
      }
      const now = await runs(pending.map((d) => d.key));
      mine.push(...pending.filter((d) => now.get(d.key) === run)); // a partly applied batch of this run's
      pending = pending.filter((d) => !now.has(d.key));
    }
    await inParallel(pending, PARALLEL, async (d) => {
      try {
        await db.collection(REMINDERS).add(docOf(d));
        mine.push(d);
      } catch {
        // reminded by the other run
      }
    });
  });
  return mine;
}

/** Spends one credit and sends (VISIT_REMINDER in src/server/templates.ts: id and keyword keys are configuration). */
async function remindInWeChat(db: Db, v: { _id: string; openid?: string }, first: { what: string; dueDate: string }, count: number): Promise<boolean> {
  const template = subscribeTemplate('VISIT_REMINDER');
  if (!template || !v.openid) return false;
  const spent = await db.collection(VOLS).where({ _id: v._id, reminderCredits: db.command.gt(0) }).update({ reminderCredits: db.command.inc(-1) });
  if ((spent as { updated?: number }).updated !== 1) return false;
  return sendSubscribe({
    toUserId: v._id,
    openid: v.openid,
    templateId: template.id,
    page: 'packages/volunteer/pages/checkin/index',
    // due on that day: the template's time keyword shows its last minute
    data: template.data({ child: first.what, due: chinaInstant(first.dueDate, '23:59'), hint: count > 1 ? `共${count}项走访待办，请及时完成` : '走访待办，请及时完成' }),
  });
}

/** Sends the WeChat messages: volunteers with a credit left are read 1,000 at a time, then spent and sent in parallel. */
async function sendAll(db: Db, perVolunteer: Map<string, Set<string>>, firstItem: Map<string, { what: string; dueDate: string }>): Promise<number> {
  if (!subscribeTemplate('VISIT_REMINDER') || perVolunteer.size === 0) return 0;
  const _ = db.command;
  const withCredit: { _id: string; openid?: string }[] = [];
  await inParallel(chunks([...perVolunteer.keys()], PAGE), PARALLEL, async (ids) => {
    const res = await db.collection(VOLS).where({ _id: _.in(ids), reminderCredits: _.gt(0) }).field({ _id: true, openid: true }).limit(PAGE).get();
    withCredit.push(...(res.data as { _id: string; openid?: string }[]));
  });
  let sent = 0;
  await inParallel(withCredit, PARALLEL, async (v) => {
    if (await remindInWeChat(db, v, firstItem.get(v._id)!, perVolunteer.get(v._id)!.size)) sent++;
  });
  return sent;
}

/** Check-ins written before check-ins carried their counter keys, given keys at most this many a run. */
const BACKFILL_BATCH = 500;

/**
 * Gives check-ins from before `keys` existed (they still carry the old `counted` flag, which the
 * index on it finds) their counter keys, so the counts read from check-ins include them. Returns how many.
 */
export async function backfillKeys(db: Db, programme: Programme): Promise<number> {
  const _ = db.command;
  const rows = (await db.collection(CHECKINS).where({ counted: _.in([true, false]) }).field({ _id: true, kind: true, at: true, checklist: true }).limit(BACKFILL_BATCH).get()).data as Pick<CheckInDoc, '_id' | 'kind' | 'at' | 'checklist'>[];
  let done = 0;
  await inParallel(rows, PARALLEL, async (r) => {
    await db.collection(CHECKINS).doc(r._id).update({ keys: keysOf(programme, r), counted: _.remove() });
    done++;
  });
  return done;
}

export type AreaTally = { overdue: number; dueSoon: number; onTrack: number };

/**
 * Every active pairing's due items, read 1,000 at a time after a cursor, and the area board's
 * tallies made from them (each pairing once, by its worst status, on every node of its path).
 */
export async function scanActive(db: Db, programme: Programme, t: number): Promise<{ due: Due[]; areas: Map<string, AreaTally>; pairingsSeen: number }> {
  const _ = db.command;
  const due: Due[] = [];
  let pairingsSeen = 0;
  const areas = new Map<string, AreaTally>();
  const tally = async (pairings: PairingDoc[]) => {
    const [kids, counters] = await Promise.all([
      childrenByIds(db, pairings.map((p) => p.childId)),
      countersFor(db, programme, pairings.map((p) => p._id), t, true),
    ]);
    for (const p of pairings) {
      const items = dueOf(programme, p, kids.get(p.childId), counters.get(p._id)!, t);
      const worst = items.some((i) => i.status === 'overdue') ? 'overdue' : items.some((i) => i.status === 'due_soon') ? 'dueSoon' : 'onTrack';
      for (const code of p.orgPath) {
        const a = areas.get(code) ?? { overdue: 0, dueSoon: 0, onTrack: 0 };
        a[worst]++;
        areas.set(code, a);
      }
      for (const item of items) {
        if (item.status !== 'due_soon' && item.status !== 'overdue') continue;
        due.push({ key: `${p._id}_${counterId(item.ruleKey, item.requirement, item.period.key)}_${item.status}`, p, item });
      }
    }
  };
  // pages of 1,000 in _id order; their children and counts for COUNT_RANGE pairings at a time
  let batch: PairingDoc[] = [];
  for (let after = ''; ;) {
    const where = after ? { status: 'active', _id: _.gt(after) } : { status: 'active' };
    const pairings = (await db.collection('pairings').where(where).orderBy('_id', 'asc').limit(PAGE).get()).data as PairingDoc[];
    pairingsSeen += pairings.length;
    batch.push(...pairings);
    const last = pairings.length < PAGE;
    if (batch.length && (last || batch.length >= COUNT_RANGE)) {
      await tally(batch);
      batch = [];
    }
    if (last) break;
    after = pairings[pairings.length - 1]._id;
  }
  return { due, areas, pairingsSeen };
}

/**
 * Writes the area board's tallies (PARALLEL at a time), then `~run` (when they were made: a node
 * without one then has no active pairing, rather than none counted yet, plus what `run` adds), then
 * removes the nodes this build did not write. Older than this build only: a build that started
 * later and already wrote keeps its tallies.
 */
export async function writeAreas(db: Db, areas: Map<string, AreaTally>, at: string, run: Record<string, unknown> = {}): Promise<void> {
  await inParallel([...areas], PARALLEL, ([code, a]) => db.collection(AREAS).doc(code).set({ code, ...a, at }));
  await db.collection(AREAS).doc(AREAS_RUN).set({ code: AREAS_RUN, overdue: 0, dueSoon: 0, onTrack: 0, at, ...run });
  await db.collection(AREAS).where({ at: db.command.lt(at) }).remove(); // nodes with no active pairing left
}

/**
 * Round trips do not grow one by one with pairings: pairings are read 1,000 at a time after a
 * cursor, their children 1,000 at a time and their counts with one aggregate per COUNT_RANGE; reminder keys are checked and inserted
 * 1,000 at a time; notes are inserted in batches; the area tallies, the credit spends and the
 * messages are written in parallel, PARALLEL at a time.
 */
export const reminders: TimerJob = async ({ db }) => {
  const programme = await requireProgramme(db);
  const backfilled = await backfillKeys(db, programme); // before reading counts, so today's board includes them
  const t = nowMs();
  const at = isoNow();
  const run = `${at}-${Math.random().toString(36).slice(2, 10)}`;
  const { due, areas, pairingsSeen } = await scanActive(db, programme, t);
  const perVolunteer = new Map<string, Set<string>>();
  const firstItem = new Map<string, { what: string; dueDate: string }>();
  // in the order found, so each volunteer's first item is the same whichever run inserted it
  const claimed = new Set((await claimReminders(db, due, run, at)).map((d) => d.key));
  for (const { key, p, item } of due) {
    if (!claimed.has(key)) continue; // reminded before
    const names = perVolunteer.get(p.volunteerUserId) ?? new Set<string>();
    names.add(`${p.childName.slice(1)}：${item.label}（${item.statusLabel}，截止${item.dueDate}）`);
    perVolunteer.set(p.volunteerUserId, names);
    if (!firstItem.has(p.volunteerUserId)) firstItem.set(p.volunteerUserId, { what: `${p.childName.slice(1)}：${item.label}`, dueDate: item.dueDate });
  }
  await writeAreas(db, areas, at, { pairings: pairingsSeen, nodes: areas.size });
  const notes = [...perVolunteer].map(([userId, lines]) => ({ userId, kind: 'visit_due', text: `走访提醒：${[...lines].join('；')}`, at, read: false }));
  await inParallel(chunks(notes, 500), PARALLEL, (batch) => db.collection(NOTES).add(batch));
  const sent = await sendAll(db, perVolunteer, firstItem);
  return { pairings: pairingsSeen, reminded: perVolunteer.size, sent, backfilled };
};
