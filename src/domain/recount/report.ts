import { CONFIRM_AFTER_MS, type CounterFix, type Suspect } from './index';

/**
 * What 数据核对 shows of a recount's state: the numbers it repaired and those it watches, in words
 * (pure; the functions' reconcile actions answer it). A watched difference is stored as its
 * signature (kind, id, from, to as JSON), so it is read back from there.
 */
export interface RecountView {
  at: string | null;
  checked: Record<string, number>;
  cursors: Record<string, string>;
  lastFixed: CounterFix<unknown>[];
  fixedCount?: number;
  fixedAt: string | null;
  suspects: Record<string, Suspect>;
}

const KIND_LABELS: Record<string, string> = {
  volunteer: '爱心妈妈的名额',
  child: '儿童的名额与结对锁',
  paired: '儿童的已结对标记',
  donor: '爱心人士进行中的认领',
  area: '地区走访统计',
};

type Value = Record<string, unknown>;
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

/** One side of a difference in words. */
export function describeCounter(kind: string, v: Value): string {
  switch (kind) {
    case 'volunteer':
      return `已占${num(v.held)}个名额`;
    case 'child': {
      const locks = Object.keys((v.holders as Record<string, string> | undefined) ?? {}).length;
      return `已占${num(v.held)}个名额（本地${num(v.local)}，异地${num(v.remote)}），结对锁${locks}个`;
    }
    case 'paired':
      return v.paired ? '已结对' : '未结对';
    case 'donor':
      return `进行中的认领${num(v.openClaims)}个`;
    case 'area':
      return `逾期${num(v.overdue)}，即将到期${num(v.dueSoon)}，按时${num(v.onTrack)}`;
    default:
      return JSON.stringify(v);
  }
}

export function differenceView(f: CounterFix<unknown>) {
  return { kind: f.kind, kindLabel: KIND_LABELS[f.kind] ?? f.kind, id: f.id, from: describeCounter(f.kind, f.from as Value), to: describeCounter(f.kind, f.to as Value) };
}

export function reconcileView(
  state: RecountView | null,
  opts: { ran: boolean; fixedNow: number; labels: Record<string, string>; schedule: string; max: number; confirmAfterMs?: number },
) {
  const after = opts.confirmAfterMs ?? CONFIRM_AFTER_MS;
  const watching = Object.values(state?.suspects ?? {}).flatMap((s) => {
    try {
      const [kind, id, from, to] = JSON.parse(s.sig) as [string, string, Value, Value];
      return [{ ...differenceView({ kind, id, from, to }), since: new Date(s.at).toISOString(), repairAfter: new Date(s.at + after).toISOString() }];
    } catch {
      return []; // a signature from another version: nothing to show
    }
  }).sort((a, b) => a.since.localeCompare(b.since) || a.id.localeCompare(b.id));
  const fixed = (state?.lastFixed ?? []).map(differenceView);
  return {
    ran: opts.ran,
    at: state?.at ?? null,
    checked: Object.entries(opts.labels).map(([kind, label]) => ({ label, count: state?.checked[kind] ?? 0 })),
    complete: Object.keys(opts.labels).every((kind) => !state?.cursors[kind]),
    fixedNow: opts.fixedNow,
    fixedAt: state?.fixedAt ?? null,
    fixedTotal: Math.max(state?.fixedCount ?? 0, fixed.length),
    fixed: fixed.slice(0, opts.max),
    watchingTotal: watching.length,
    watching: watching.slice(0, opts.max),
    schedule: opts.schedule,
  };
}
