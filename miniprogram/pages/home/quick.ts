import type { Output } from '../../../src/contract';
import { newClientId, send, type PendingCheckIn } from '../../services/visit-outbox';

type Mine = Output<'visit', 'mine'>;
type Item = Mine['children'][number]['items'][number];

/** The quick check-in's durations (minutes): the chip she taps most often is 30. */
export const QUICK_DURATIONS = [15, 30, 60, 120];
// late_start (the programme's late-start grace): listed last, with why instead of a deadline
const URGENCY: Record<string, number> = { overdue: 0, due_soon: 1, on_track: 2, late_start: 3 };

export interface DueLine {
  key: string;
  text: string;
  status: string;
}

/**
 * What is really due for her children: requirements not yet met, most urgent first, one line each
 * with the child's name. Met ones are left out, so a volunteer whose month is done sees no list at
 * all (rather than a "nothing due" line taking the top of her screen).
 */
export function dueLines(children: Mine['children']): DueLine[] {
  const lines = children.flatMap((c) =>
    c.items
      .filter((i: Item) => i.status !== 'done')
      .map((i: Item, n: number) => ({
        key: `${c.childId}-${n}`,
        rank: URGENCY[i.status] ?? 3,
        dueDate: i.dueDate,
        text: i.status === 'late_start'
          ? `${c.givenName}：${i.label}（${i.statusLabel}）`
          : `${c.givenName}：${i.label}（${i.done}/${i.required}，${i.statusLabel}，${i.dueDate.slice(5).replace('-', '月')}日前）`,
        status: i.status,
      })),
  );
  lines.sort((a, b) => a.rank - b.rank || a.dueDate.localeCompare(b.dueDate));
  return lines.map(({ key, text, status }) => ({ key, text, status }));
}

export interface QuickChoice {
  childId: string;
  kind: string;
  durationMinutes: number;
  subscribe: boolean;
}

/**
 * Sends a check-in with only the three choices (now as its time): the outbox keeps it on the phone
 * when there is no network and sends it once later. Details are added afterwards on 修改走访记录.
 */
export async function sendQuick(choice: QuickChoice): Promise<{ state: 'sent' | 'kept'; id: string | null; entry: PendingCheckIn }> {
  const entry: PendingCheckIn = {
    clientId: newClientId(),
    childId: choice.childId,
    kind: choice.kind as PendingCheckIn['kind'],
    at: new Date().toISOString(),
    durationMinutes: choice.durationMinutes,
    subscribe: choice.subscribe,
  };
  const res = await send(entry);
  return { state: res.state, id: res.id, entry };
}

/** What 修改走访记录 reads from storage (as 走访记录 hands it over) for a check-in just sent. */
export function correctionEntry(id: string, entry: PendingCheckIn, kindLabel: string) {
  return {
    id, childId: entry.childId, kind: entry.kind, kindLabel, at: entry.at, durationMinutes: entry.durationMinutes, withWhom: '', problems: '', measures: '',
    childState: { health: '', study: '', mood: '' }, checklist: [] as string[], photos: [] as string[], photoUrls: [] as string[], location: null,
    flagged: false, volunteerName: '', mine: true, editable: true, corrected: false, pendingCorrection: false, version: 1, when: '刚刚',
  };
}
