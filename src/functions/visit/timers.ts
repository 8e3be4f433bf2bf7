import type { TimerJob } from '../../server/handler';
import { isoNow, nowMs } from '../../server/time';
import { counterId } from '../../domain/visits';
import { requireProgramme, type PairingDoc } from '../pairing/store';
import type { Db } from '../../server/runtime';
import { sendSubscribe } from '../../server/subscribe';
import { subscribeTemplate, templateIdOf } from '../../server/templates';
import { chinaInstant } from '../../server/time';
import { AREAS, AREAS_RUN, CHECKINS, childrenByIds, countersFor, countOnce, dueOf, REMINDERS, VOLS } from './store';

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
 * First it counts check-ins whose counting failed (repairCounts).
 * It also writes the area board's tallies (visit_area_status/{orgCode}: active pairings of the
 * node's subtree by worst status), so the board by area reads two documents' worth of queries.
 */
export const reminderTemplateId = (): string | null => templateIdOf('VISIT_REMINDER');

/** Spends one credit and sends (VISIT_REMINDER in src/server/templates.ts: id and keyword keys are configuration). */
async function remindInWeChat(db: Db, userId: string, first: { what: string; dueDate: string }, count: number): Promise<boolean> {
  const template = subscribeTemplate('VISIT_REMINDER');
  if (!template) return false;
  const spent = await db.collection(VOLS).where({ _id: userId, reminderCredits: db.command.gt(0) }).update({ reminderCredits: db.command.inc(-1) });
  if ((spent as { updated?: number }).updated !== 1) return false;
  const v = (await db.collection(VOLS).doc(userId).get()).data?.[0] as { openid?: string } | undefined;
  if (!v?.openid) return false;
  return sendSubscribe({
    toUserId: userId,
    openid: v.openid,
    templateId: template.id,
    page: 'packages/volunteer/pages/checkin/index',
    // due on that day: the template's time keyword shows its last minute
    data: template.data({ child: first.what, due: chinaInstant(first.dueDate, '23:59'), hint: count > 1 ? `共${count}项走访待办，请及时完成` : '走访待办，请及时完成' }),
  });
}

/** A check-in still uncounted this long after it was made is taken as failed (not in flight) and counted. */
export const REPAIR_AFTER_MS = 10 * 60 * 1000;
const REPAIR_BATCH = 500;

/**
 * Counts check-ins whose counting failed (`counted: false`, older than REPAIR_AFTER_MS) with
 * countOnce, so each is counted exactly once however often the timer runs. Returns how many.
 */
export async function repairCounts(db: Db, programme: Parameters<typeof countOnce>[1]): Promise<number> {
  const cutoff = new Date(nowMs() - REPAIR_AFTER_MS).toISOString();
  const rows = (await db.collection(CHECKINS).where({ counted: false, createdAt: db.command.lt(cutoff) }).field({ _id: true }).limit(REPAIR_BATCH).get()).data as { _id: string }[];
  let repaired = 0;
  for (const r of rows) {
    try {
      if (await countOnce(db, programme, r._id)) repaired++;
    } catch (err) {
      console.error('[visit timer] could not count', r._id, err); // left for the next run
    }
  }
  return repaired;
}

export const reminders: TimerJob = async ({ db }) => {
  const programme = await requireProgramme(db);
  const repaired = await repairCounts(db, programme); // before reading counters, so today's board includes them
  const t = nowMs();
  const at = isoNow();
  const perVolunteer = new Map<string, Set<string>>();
  const firstItem = new Map<string, { what: string; dueDate: string }>();
  let pairingsSeen = 0;
  let sent = 0;
  const areas = new Map<string, { overdue: number; dueSoon: number; onTrack: number }>();
  for (let skip = 0; ; skip += 500) {
    const pairings = (await db.collection('pairings').where({ status: 'active' }).orderBy('_id', 'asc').skip(skip).limit(500).get()).data as PairingDoc[];
    pairingsSeen += pairings.length;
    const kids = await childrenByIds(db, pairings.map((p) => p.childId));
    const counters = await countersFor(db, programme, pairings.map((p) => p._id), t);
    for (const p of pairings) {
      const items = dueOf(programme, p, kids.get(p.childId), counters.get(p._id)!, t);
      // the area board's tallies: each pairing counts once, by its worst status, on every node of its path
      const worst = items.some((i) => i.status === 'overdue') ? 'overdue' : items.some((i) => i.status === 'due_soon') ? 'dueSoon' : 'onTrack';
      for (const code of p.orgPath) {
        const a = areas.get(code) ?? { overdue: 0, dueSoon: 0, onTrack: 0 };
        a[worst]++;
        areas.set(code, a);
      }
      for (const item of items) {
        if (item.status !== 'due_soon' && item.status !== 'overdue') continue;
        const key = `${p._id}_${counterId(item.ruleKey, item.requirement, item.period.key)}_${item.status}`;
        try {
          await db.collection(REMINDERS).add({ _id: key, pairingId: p._id, volunteerUserId: p.volunteerUserId, at });
        } catch {
          continue; // reminded before
        }
        const names = perVolunteer.get(p.volunteerUserId) ?? new Set<string>();
        names.add(`${p.childName.slice(1)}：${item.label}（${item.statusLabel}，截止${item.dueDate}）`);
        perVolunteer.set(p.volunteerUserId, names);
        if (!firstItem.has(p.volunteerUserId)) firstItem.set(p.volunteerUserId, { what: `${p.childName.slice(1)}：${item.label}`, dueDate: item.dueDate });
      }
    }
    if (pairings.length < 500) break;
  }
  for (const [code, a] of areas) await db.collection(AREAS).doc(code).set({ code, ...a, at });
  // when the tallies were last made: a node without one then has no active pairing, rather than none counted yet
  await db.collection(AREAS).doc(AREAS_RUN).set({ code: AREAS_RUN, overdue: 0, dueSoon: 0, onTrack: 0, at });
  await db.collection(AREAS).where({ at: db.command.neq(at) }).remove(); // nodes with no active pairing left
  for (const [userId, lines] of perVolunteer) {
    await db.collection(NOTES).add({
      userId, kind: 'visit_due', text: `走访提醒：${[...lines].join('；')}`, at, read: false,
    });
    if (await remindInWeChat(db, userId, firstItem.get(userId)!, lines.size)) sent++;
  }
  return { pairings: pairingsSeen, reminded: perVolunteer.size, sent, repaired };
};
