import { RECONCILE_LIST_MAX } from '../../contract/reconcile';
import { differenceView } from '../../domain/recount/report';
import type { Handler } from '../../server/handler';
import { batchAfter } from '../../server/recount';
import { isoNow, nowMs } from '../../server/time';
import { requireProgramme } from '../pairing/store';
import { AREAS, AREAS_RUN } from './store';
import { backfillKeys, scanActive, writeAreas, type AreaTally } from './timers';

type AreaDoc = AreaTally & { _id: string; at?: string };
type Change = { id: string; from: AreaTally; to: AreaTally };
interface RunDoc { at?: string; pairings?: number; nodes?: number; changed?: Change[]; changedCount?: number; changedAt?: string | null }

const tallyOf = (a: Partial<AreaTally> | undefined): AreaTally => ({ overdue: a?.overdue ?? 0, dueSoon: a?.dueSoon ?? 0, onTrack: a?.onTrack ?? 0 });
const same = (a: AreaTally, b: AreaTally) => a.overdue === b.overdue && a.dueSoon === b.dueSoon && a.onTrack === b.onTrack;

/** Every node's tallies as stored, a page of 1,000 at a time. */
async function storedTallies(db: Parameters<Handler<'visit', 'reconcile'>>[1]['db']): Promise<Map<string, AreaTally>> {
  const out = new Map<string, AreaTally>();
  for (let cursor = ''; ;) {
    const page = await batchAfter<AreaDoc>(db, AREAS, cursor);
    for (const d of page.rows) out.set(d._id, tallyOf(d));
    if (!page.next) return out;
    cursor = page.next;
  }
}

/**
 * 数据核对 for visits: the area board's tallies are the only stored numbers (counts of check-ins and
 * service hours are read from the check-ins), and they are a whole rebuild, not a running count, so
 * rebuilding them now is the repair; nothing needs watching. The nodes whose tallies moved since the
 * last build are kept on `~run`, so the page can show them later (run: false).
 */
export const reconcile: Handler<'visit', 'reconcile'> = async ({ run }, { db }) => {
  let doc: RunDoc | undefined;
  let fixedNow = 0;
  if (run) {
    const programme = await requireProgramme(db);
    await backfillKeys(db, programme);
    const at = isoNow();
    const [before, scan] = await Promise.all([storedTallies(db), scanActive(db, programme, nowMs())]);
    const changed: Change[] = [];
    for (const code of new Set([...before.keys(), ...scan.areas.keys()])) {
      const from = tallyOf(before.get(code));
      const to = tallyOf(scan.areas.get(code));
      if (!same(from, to)) changed.push({ id: code, from, to });
    }
    changed.sort((a, b) => a.id.localeCompare(b.id));
    fixedNow = changed.length;
    const prev = ((await db.collection(AREAS).doc(AREAS_RUN).get()).data?.[0] as RunDoc | undefined);
    doc = {
      at, pairings: scan.pairingsSeen, nodes: scan.areas.size,
      changed: changed.length ? changed.slice(0, RECONCILE_LIST_MAX) : prev?.changed ?? [],
      changedCount: changed.length ? changed.length : prev?.changedCount ?? 0,
      changedAt: changed.length ? at : prev?.changedAt ?? null,
    };
    await writeAreas(db, scan.areas, at, doc as Record<string, unknown>);
  } else {
    doc = (await db.collection(AREAS).doc(AREAS_RUN).get()).data?.[0] as RunDoc | undefined;
  }
  const fixed = (doc?.changed ?? []).map((c) => differenceView({ kind: 'area', ...c }));
  return {
    ran: run,
    at: doc?.at ?? null,
    checked: [{ label: '进行中的结对', count: doc?.pairings ?? 0 }, { label: '有结对的地区', count: doc?.nodes ?? 0 }],
    complete: true,
    fixedNow,
    fixedAt: doc?.changedAt ?? null,
    fixedTotal: Math.max(doc?.changedCount ?? 0, fixed.length),
    fixed,
    watchingTotal: 0,
    watching: [],
    schedule: '每天早上8点自动重算（走访提醒同时发送）',
  };
};
