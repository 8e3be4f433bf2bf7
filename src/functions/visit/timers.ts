import type { TimerJob } from '../../server/handler';
import { isoNow, nowMs } from '../../server/time';
import { counterId } from '../../domain/visits';
import { requireProgramme, type PairingDoc } from '../pairing/store';
import { childrenByIds, countersFor, dueOf, REMINDERS } from './store';

export const NOTES = 'visit_notifications';

/**
 * The morning timer (08:00 Asia/Shanghai, cloudfunctions/visit/config.json): for each active pairing,
 * what is due soon or overdue. Each (pairing, requirement, period, status) is reminded once: its
 * key is inserted into visit_reminders and only a fresh insert counts, so a second run (or two at
 * once) sends nothing new. A volunteer gets at most one message per run, listing her children.
 * The message goes to the outbox `visit_notifications` (the subscribe-message sender reads the
 * template id from VISIT_REMINDER_TEMPLATE_ID).
 */
export const reminders: TimerJob = async ({ db }) => {
  const programme = await requireProgramme(db);
  const t = nowMs();
  const at = isoNow();
  const perVolunteer = new Map<string, Set<string>>();
  let pairingsSeen = 0;
  for (let skip = 0; ; skip += 500) {
    const pairings = (await db.collection('pairings').where({ status: 'active' }).orderBy('_id', 'asc').skip(skip).limit(500).get()).data as PairingDoc[];
    pairingsSeen += pairings.length;
    const kids = await childrenByIds(db, pairings.map((p) => p.childId));
    const counters = await countersFor(db, programme, pairings.map((p) => p._id), t);
    for (const p of pairings) {
      for (const item of dueOf(programme, p, kids.get(p.childId), counters.get(p._id)!, t)) {
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
      }
    }
    if (pairings.length < 500) break;
  }
  for (const [userId, lines] of perVolunteer) {
    await db.collection(NOTES).add({
      userId, kind: 'visit_due', templateId: process.env.VISIT_REMINDER_TEMPLATE_ID ?? '', text: `走访提醒：${[...lines].join('；')}`, at, read: false,
    });
  }
  return { pairings: pairingsSeen, reminded: perVolunteer.size };
};
